"""Saving a record from the browser, its documents, the saved records, and addenda to signed ones.

Saving is the terminal's (``interview.session.write_record``: an earlier version of the file is
kept in ``.versions/``) and so is rendering (``render_record``). A signed record is locked: the
record page offers an addendum (dated, in its own words, signed on its own), never an edit.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ipsdocs.definitions.models import RecordBase
from ipsdocs.errors import IpsdocsError
from ipsdocs.interview.questions import AnswerError
from ipsdocs.web.context import redirect
from ipsdocs.web.steps import Quiet, Step

if TYPE_CHECKING:
    from ipsdocs.web.context import Web


def _offer(web: Web, path: Path) -> str:
    key = secrets.token_urlsafe(12)
    web.downloads[key] = path
    return key


def render_documents(web: Web, record: Any, form: Any) -> tuple[list[dict[str, str]], list[str]]:
    from ipsdocs.render.document import render_record

    ws = web.workspace
    result = render_record(record, form, ws.output_dir, ("docx", "pdf"), ws.agency, ws.templates, ws.jurisdiction)
    files = []
    for file in result.files:
        if file.path is not None:
            files.append({"format": file.format.upper(), "name": file.path.name, "key": _offer(web, file.path)})
    return files, [str(f) for f in result.missing]


def save_and_render(web: Web, request: Request, step: Step) -> Response:
    from ipsdocs.interview.session import write_record

    record, problems = step.interview.build()
    if record is None:
        return web.page(
            request,
            "message.html",
            422,
            title="Not saved",
            back=f"/i/{request.path_params['handle']}/review",
            text="The record cannot be saved yet:",
            items=[f"{w}: {m}" for w, m in problems],
        )
    source = Path(step.draft.source) if step.draft.source else None
    try:
        path = write_record(record, step.form, web.workspace.records_dir, source, Quiet())
        files, missing = render_documents(web, record, step.form)
    except IpsdocsError as error:
        return web.page(
            request,
            "message.html",
            500,
            title="Not saved",
            text="The record could not be saved:",
            items=[str(p) for p in error.problems],
            back="/",
        )
    web.drafts.remove(step.draft)
    return web.page(
        request,
        "saved.html",
        title="Saved",
        form_title=step.form.title,
        files=files,
        missing=missing,
        record_key=_record_key(web, path),
    )


# --- saved records -------------------------------------------------------------------------------


def _record_key(web: Web, path: Path) -> str:
    keys = web.record_keys
    for key, known in keys.items():
        if known == path:
            return key
    key = secrets.token_urlsafe(12)
    keys[key] = path
    return key


def record_rows(web: Web) -> list[dict[str, Any]]:
    """Every saved record of the workspace (drafts and earlier versions are in hidden folders)."""
    from ipsdocs.definitions.records import load_record, record_files
    from ipsdocs.definitions.signing import is_signed, signature_problems
    from ipsdocs.render.checks import data_findings

    folder = web.workspace.records_dir
    rows = []
    for path in record_files(folder):
        relative = path.relative_to(folder)
        try:
            record = load_record(path, web.workspace.jurisdiction).record
            findings = data_findings(record, web.workspace.form(record.record_type))
        except IpsdocsError:
            rows.append({"key": "", "title": str(relative), "status": "cannot be read (see ipsdocs check)"})
            continue
        person = getattr(record, "person", None)
        status = "complete" if not findings else f"{len(findings)} required answers missing"
        if is_signed(record):
            status += "; signed" + ("; A SIGNATURE NO LONGER MATCHES" if signature_problems(record) else "")
        rows.append(
            {
                "key": _record_key(web, path),
                "title": f"{web.workspace.form(record.record_type).title} {record.record_id}",
                "person": f"{person.name} ({person.client_id})" if person else "",
                "date": str(record.document_date or ""),
                "status": status,
            }
        )
    return rows


async def record_page(web: Web, request: Request) -> Response:
    from ipsdocs.definitions.records import load_record

    key = request.path_params["key"]
    path = web.record_keys.get(key)
    if path is None:
        return web.message(request, "Not found", "There is no such record.", 404, back="/records")
    try:
        record = load_record(path, web.workspace.jurisdiction).record
        form = web.workspace.form(record.record_type)
    except IpsdocsError as error:
        return web.message(request, "Cannot open", "; ".join(p.what for p in error.problems), 400, back="/records")
    error, files = "", []
    if request.method == "POST":
        posted = await request.form()
        action = str(posted.get("action") or "")
        try:
            outcome = _record_action(web, path, record, form, action, posted)
        except AnswerError as problem:
            error = str(problem)
        else:
            if isinstance(outcome, str):
                return redirect(outcome)
            files = outcome
    return _record_view(web, request, key, path, error, files)


def _record_action(web: Web, path: Path, record: Any, form: Any, action: str, posted: Any) -> Any:
    from ipsdocs.definitions.signing import is_signed, with_addendum
    from ipsdocs.interview.questions import parse_answer, question_for
    from ipsdocs.interview.signing import sign, signers

    if action == "documents":
        return render_documents(web, record, form)[0]
    if action == "update" and not is_signed(record):
        from ipsdocs.interview.session import Options, reopen_session

        session = reopen_session(web.workspace, web.drafts.store, Options(record=path))
        _keep_draft(web, session)
        return f"/i/{web.drafts.handle(session.draft)}/review"
    if action == "addendum" and is_signed(record):
        from ipsdocs.definitions.models._types import Addendum

        text = parse_answer(question_for(Addendum, "text"), str(posted.get("text") or ""))
        if not text:
            raise AnswerError("write what the addendum adds or corrects")
        _write(web, path, with_addendum(record, text), form)
        return f"/records/{_record_key(web, path)}#addenda"
    if action.startswith("sign-addendum-") and isinstance(record, RecordBase):
        index = int(action.rpartition("-")[2])
        people = {s.code: s for s in signers(record)}
        signer = people.get(str(posted.get("who") or ""))
        if signer is None or not 0 <= index < len(record.addenda):
            raise AnswerError("choose who is signing")
        signed = sign(
            record,
            signer,
            str(posted.get("name") or ""),
            str(posted.get("role") or ""),
            str(posted.get("credentials") or ""),
            addendum=index,
        )
        _write(web, path, signed, form)
        return f"/records/{_record_key(web, path)}#addenda"
    raise AnswerError("this record cannot be changed that way")


def _keep_draft(web: Web, session: Any) -> None:
    from ipsdocs.interview.questions import plain_value

    session.draft.note_sitting()
    session.draft.answers = plain_value(session.answers)
    session.draft.done = sorted(session.done)
    web.drafts.save(session.draft, None)


def _write(web: Web, path: Path, record: Any, form: Any) -> None:
    from ipsdocs.interview.session import write_record

    write_record(record, form, web.workspace.records_dir, path, Quiet())


def _record_view(web: Web, request: Request, key: str, path: Path, error: str, files: list[Any]) -> Response:
    from ipsdocs.definitions.records import load_record
    from ipsdocs.definitions.signing import ADDENDUM_STATEMENT, is_signed, signature_problems
    from ipsdocs.interview.signing import signers

    record = load_record(path, web.workspace.jurisdiction).record
    form = web.workspace.form(record.record_type)
    signatures = [
        {"who": f"{s.signer}, {s.role}", "on": str(s.signed_on or "not signed yet"), "electronic": s.electronic}
        for s in getattr(record, "signatures", [])
    ]
    addenda = [
        {
            "index": i,
            "number": i + 1,
            "on": str(a.added_on),
            "text": a.text,
            "signed": [f"{s.signer}, {s.role} on {s.signed_on}" for s in a.signatures],
        }
        for i, a in enumerate(getattr(record, "addenda", []))
    ]
    people = [{"code": s.code, "label": s.label} for s in signers(record)] if isinstance(record, RecordBase) else []
    return web.page(
        request,
        "record.html",
        422 if error else 200,
        title=f"{form.title} {record.record_id}",
        key=key,
        signed=is_signed(record),
        signatures=signatures,
        addenda=addenda,
        people=people,
        error=error,
        files=files,
        mismatches=[f"{w}: {m}" for w, m in signature_problems(record)] if isinstance(record, RecordBase) else [],
        statement=ADDENDUM_STATEMENT.format(title=form.title.lower()),
    )
