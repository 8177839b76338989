"""Each page's endpoint: what it reads from the draft, what it checks (through the interview), where it goes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ipsdocs.definitions.models import MODELS
from ipsdocs.errors import IpsdocsError
from ipsdocs.interview.questions import AnswerError, Kind, shown
from ipsdocs.web.context import (
    CHANGED,
    CHANGED_SHORT,
    child_widgets,
    open_step,
    posted,
    redirect,
    save_step,
    section_widgets,
)
from ipsdocs.web.steps import ChangedElsewhere, Step, version_of

if TYPE_CHECKING:
    from ipsdocs.web.context import Web


def home(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        drafts, problems = web.drafts.store.all()
        listed = []
        for draft in drafts:
            from ipsdocs.interview.session import describe_draft

            listed.append({"handle": web.drafts.handle(draft), "text": describe_draft(draft)})
        types = []
        for record_type in MODELS:
            try:
                types.append({"code": record_type, "title": web.workspace.form(record_type).title})
            except IpsdocsError:
                continue
        return web.page(
            request,
            "home.html",
            title="Records and interviews",
            drafts=listed,
            types=types,
            problems=[str(p) for p in problems],
        )

    return endpoint


def start(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.interview.open_once import Locks
        from ipsdocs.interview.session import Options, start_session
        from ipsdocs.web.steps import Quiet

        form = await request.form()
        record_type = str(form.get("record_type") or "")
        client = str(form.get("client") or "").strip() or None
        if record_type not in MODELS:
            return web.message(request, "Not started", "Choose which record to start.", 400)
        try:
            options = Options(record_type=record_type, client=client)
            # the server's DraftAccess guards its drafts (versions per page); no terminal lock is held
            session = start_session(web.workspace, web.drafts.store, options, Locks(Quiet(), drafts=False))
        except IpsdocsError as error:
            return web.message(request, "Not started", "; ".join(p.what for p in error.problems), 400)
        session.draft.answers = {}
        session.draft.note_sitting()
        from ipsdocs.interview.questions import plain_value

        session.draft.answers = plain_value(session.answers)
        session.draft.done = sorted(session.done)
        web.drafts.save(session.draft, None)
        return redirect(f"/i/{web.drafts.handle(session.draft)}/section/0")

    return endpoint


def _section_page(web: Web, request: Request, step: Step, number: int, status: int = 200, note: str = "") -> Response:
    sections = step.sections()
    current = next(((n, s, q) for n, s, q in sections if n == number), None)
    if current is None:
        return redirect(f"/i/{request.path_params['handle']}/review")
    position = [n for n, _, _ in sections].index(number)
    return web.page(
        request,
        "section.html",
        status,
        title=current[1].title,
        form_title=step.form.title,
        handle=request.path_params["handle"],
        number=number,
        position=position + 1,
        count=len(sections),
        rows=section_widgets(step, current[1]),
        errors=step.error_list(),
        version=version_of(step.draft.path),
        note=note,
        signed=step.signed,
        sections=[{"number": n, "title": s.title, "current": n == number} for n, s, _ in sections],
    )


def _next_section(step: Step, number: int) -> int | None:
    later = [n for n, _, _ in step.sections() if n > number]
    return later[0] if later else None


def section(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        number = request.path_params["number"]
        handle = request.path_params["handle"]
        if request.method == "GET":
            return _section_page(web, request, step, number)
        if step.signed:
            return web.message(
                request, "Signed", "This record is signed, so its answers are locked.", 409, back=f"/i/{handle}/review"
            )
        form = await request.form()
        sections = {n: s for n, s, _ in step.sections()}
        if number not in sections:
            return redirect(f"/i/{handle}/review")
        step.apply_section(sections[number], posted(form))
        try:
            save_step(web, step, str(form.get("version") or ""))
        except ChangedElsewhere:
            return web.message(request, "Changed elsewhere", CHANGED, 409, back=f"/i/{handle}/section/{number}")
        if step.errors:
            return _section_page(web, request, step, number, 422)
        if any(
            q.name not in step.interview.done for q in step.questions(sections[number]) if q.kind is not Kind.REPEAT
        ):
            return _section_page(web, request, step, number, note="More questions apply now; please answer them.")
        after = _next_section(step, number)
        return redirect(f"/i/{handle}/section/{after}" if after is not None else f"/i/{handle}/review")

    return endpoint


def field(web: Web) -> Any:
    """htmx: one field as it changes; the answer is checked and saved, and the field shown again."""

    async def endpoint(request: Request) -> Response:
        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        form = await request.form()
        only = str(form.get("only") or "")
        number = int(str(form.get("section") or "0"))
        sections = {n: s for n, s, _ in step.sections()}
        if number not in sections or step.signed:
            return HTMLResponse("", status_code=409)
        step.apply_section(sections[number], posted(form), only={only})
        version = str(form.get("version") or "")
        try:
            version = f"{version.rpartition(':')[0]}:{save_step(web, step, version)}"
        except ChangedElsewhere:
            step.errors[only] = "not saved: " + CHANGED_SHORT
            step.typed[only] = posted(form).get(only)
        rows = section_widgets(step, sections[number])
        found = [w for r in rows for w in ([r["w"]] if r["kind"] == "one" else r.get("children", [])) if w.name == only]
        return web.page(
            request,
            "field.html",
            200,
            w=found[0] if found else None,
            version=version,
            number=number,
            handle=request.path_params["handle"],
            saved=not step.errors,
        )

    return endpoint


def list_question(step: Step, name: str) -> tuple[int, Any] | None:
    """The repeating group ``name`` of the draft's form and the number of its section, or None."""
    return next(((n, q) for n, _, qs in step.sections() for q in qs if q.name == name and q.kind is Kind.REPEAT), None)


def item(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        handle, name, index = (request.path_params[k] for k in ("handle", "name", "index"))
        found = list_question(step, name)
        if found is None or step.signed:
            return web.message(request, "Not found", "There is no such list in this form.", 404)
        number, question = found
        items = step.answers.get(name) or []
        if index > len(items) or (question.max_items is not None and index >= question.max_items):
            return redirect(f"/i/{handle}/section/{number}")
        if request.method == "POST":
            form = await request.form()
            if step.apply_item(question, index, posted(form)):
                try:
                    save_step(web, step, str(form.get("version") or ""))
                except ChangedElsewhere:
                    return web.message(request, "Changed elsewhere", CHANGED, 409)
                return redirect(f"/i/{handle}/section/{number}#r-{name}")
        values = items[index] if index < len(items) else {}
        controls = child_widgets(step, question, f"{name}.{index}", values)
        noun = question.item_name
        return web.page(
            request,
            "item.html",
            422 if step.errors else 200,
            title=f"{noun.capitalize()} {index + 1}",
            form_title=step.form.title,
            handle=handle,
            controls=controls,
            errors=step.error_list(),
            back=f"/i/{handle}/section/{number}",
            version=version_of(step.draft.path),
            action=f"/i/{handle}/item/{name}/{index}",
        )

    return endpoint


def remove_item(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        handle, name, index = (request.path_params[k] for k in ("handle", "name", "index"))
        found = list_question(step, name)
        if found is None or step.signed:
            return web.message(request, "Not found", "There is no such list in this form.", 404)
        form = await request.form()
        step.remove_item(found[1], index)
        try:
            save_step(web, step, str(form.get("version") or ""))
        except ChangedElsewhere:
            return web.message(request, "Changed elsewhere", CHANGED, 409)
        return redirect(f"/i/{handle}/section/{found[0]}#r-{name}")

    return endpoint


def review_context(step: Step) -> dict[str, Any]:
    from ipsdocs.interview.signing import unsignable

    record, problems = step.interview.build()
    by_section = []
    for n, section, questions in step.sections():
        answers = []
        for question in questions:
            value = shown(question, step.answers.get(question.name))
            answers.append({"label": question.label, "value": value, "expected": question.expected})
        by_section.append({"number": n, "title": section.title, "required": section.required, "answers": answers})
    signatures = [s for s in getattr(record, "signatures", []) if s.electronic] if record is not None else []
    missing = unsignable(record, problems, step.form) if hasattr(record, "signatures") or record is None else []
    return {
        "sections": by_section,
        "problems": [f"{where}: {message}" for where, message in problems],
        "can_save": record is not None,
        "can_sign": record is not None and hasattr(record, "signatures") and not missing,
        "missing": missing,
        "signatures": [{"who": f"{s.signer}, {s.role}", "on": str(s.signed_on)} for s in signatures],
    }


def review(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        return web.page(
            request,
            "review.html",
            title=f"Review: {step.form.title}",
            form_title=step.form.title,
            handle=request.path_params["handle"],
            version=version_of(step.draft.path),
            signed=step.signed,
            **review_context(step),
        )

    return endpoint


def sign(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.interview.signing import signers, statement, unsignable

        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        handle = request.path_params["handle"]
        record, problems = step.interview.build()
        missing = (
            unsignable(record, problems, step.form)
            if record is None or hasattr(record, "signatures")
            else ["this record is about a program; it has no signatures"]
        )
        if missing:
            return web.page(
                request,
                "message.html",
                422,
                title="Not ready to sign",
                back=f"/i/{handle}/review",
                text="The record cannot be signed until it is valid and complete:",
                items=missing,
            )
        people = {s.code: s for s in signers(record)}
        error, typed = "", {}
        if request.method == "POST":
            form = await request.form()
            typed = {k: str(form.get(k) or "") for k in ("who", "name", "role", "credentials", "drawn")}
            try:
                step.interview.keep_signatures(_signed(record, people, typed))
                save_step(web, step, str(form.get("version") or ""))
            except AnswerError as problem:
                error = str(problem)
            except ChangedElsewhere:
                return web.message(request, "Changed elsewhere", CHANGED, 409)
            else:
                return redirect(f"/i/{handle}/review#signatures")
        return web.page(
            request,
            "sign.html",
            422 if error else 200,
            title=f"Sign: {step.form.title}",
            handle=handle,
            statement=statement(step.form),
            error=error,
            typed=typed,
            version=version_of(step.draft.path),
            people=[{"code": c, "label": s.label} for c, s in people.items()],
        )

    return endpoint


def _signed(record: Any, people: dict[str, Any], typed: dict[str, str]) -> Any:
    from ipsdocs.interview.signing import sign

    signer = people.get(typed["who"])
    if signer is None:
        raise AnswerError("choose who is signing")
    return sign(record, signer, typed["name"], typed["role"], typed["credentials"], typed["drawn"] or None)


def save(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.web.saving import save_and_render

        step = open_step(web, request)
        if isinstance(step, Response):
            return step
        form = await request.form()
        try:
            web.drafts.check(step.draft, str(form.get("version") or ""))
        except ChangedElsewhere:
            return web.message(request, "Changed elsewhere", CHANGED, 409)
        return save_and_render(web, request, step)

    return endpoint


def records(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.web.saving import record_rows

        return web.page(request, "records.html", title="Saved records", rows=record_rows(web))

    return endpoint


def due(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.web.due import due_page

        query = request.query_params
        context = due_page(web, query.get("specialist") or None, query.get("as_of") or None)
        return web.page(request, "due.html", title="What is due", **context)

    return endpoint


def record(web: Web) -> Any:
    async def endpoint(request: Request) -> Response:
        from ipsdocs.web.saving import record_page

        return await record_page(web, request)

    return endpoint
