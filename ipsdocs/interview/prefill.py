"""What an interview knows before its first question: the person's identity and dates from their
newest earlier record, suggestions from their other records (a service note offers the plan's
objectives), and a record id people can accept. Nothing is typed twice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsdocs.definitions.models import DocumentBase
from ipsdocs.errors import IpsdocsError
from ipsdocs.interview.loop import restore_answers
from ipsdocs.interview.questions import Kind, plain_value, question_for

if TYPE_CHECKING:
    from ipsdocs.interview.session import Session


def client_of(record: DocumentBase) -> str | None:
    """The client id of a record about a person; None for a program's records."""
    person = getattr(record, "person", None)
    return str(person.client_id) if person is not None else None


def suggested_record_id(record_type: str, client: str | None) -> str:
    """A default record id people can accept: type initials, client id, date."""
    initials = "".join(part[0] for part in record_type.split("_")).upper()
    stamp = datetime.now().strftime("%Y%m%d") if client else datetime.now().strftime("%Y%m%d-%H%M")
    return "-".join(p for p in (initials, client, stamp) if p)


def prefill(session: Session, records_dir: Path, client_id: str) -> None:
    """The person's identity (and same-named dates such as the admission date) from their newest
    record, so nothing is typed twice; the staff member is offered as a default."""
    from ipsdocs.interview.questions import AnswerError, parse_answer

    model = session.form.model
    if "person" not in model.model_fields:
        raise IpsdocsError.one("--client", f"a {session.form.title} is about a program, not a person served")
    question = next(q for q in question_for(model, "person").children() if q.name == "client_id")

    try:
        parse_answer(question, client_id)
    except AnswerError as problem:
        raise IpsdocsError.one("--client", str(problem)) from None
    records = person_records(records_dir, client_id)
    if not records:
        session.answers["person"] = {"client_id": client_id}
        session.done.add("person.client_id")
        session.notes.append(f"No earlier records of client {client_id} in {records_dir}; the person is asked below.")
        return
    newest = records[-1]
    session.answers["person"] = plain_value(newest.person)
    session.answers["staff"] = plain_value(newest.staff)
    session.done.add("person")
    for name in model.model_fields:
        if question_for(model, name).kind is Kind.DATE and any(name in type(r).model_fields for r in records):
            values = [getattr(r, name) for r in records if getattr(r, name, None) is not None]
            if values:
                session.answers[name] = values[-1]
    session.answers, _ = restore_answers(model, plain_value(session.answers))
    session.suggestions = suggestions_from(model, records)
    session.notes.append(
        f"The person served ({newest.person.name}, client {client_id}) comes from their earlier records; "
        "you can change it at the review."
    )


def suggestions_from(model: type, records: list[Any]) -> dict[str, tuple[str, ...]]:
    """For each field marked ``suggest_from: "type.list.field"``, the values in the person's newest such record
    (a service note offers the employment plan's objectives)."""
    found: dict[str, tuple[str, ...]] = {}
    for name, info in model.model_fields.items():
        source = (
            (info.json_schema_extra or {}).get("suggest_from") if isinstance(info.json_schema_extra, dict) else None
        )
        if not source:
            continue
        record_type, list_name, item_field = str(source).split(".")
        newest = next((r for r in reversed(records) if r.record_type == record_type), None)
        items = getattr(newest, list_name, None) or []
        values = [str(v) for item in items if (v := getattr(item, item_field, None))]
        if values:
            found[name] = tuple(dict.fromkeys(values))
    return found


def person_records(records_dir: Path, client_id: str) -> list[Any]:
    """Every readable record of one person in the records folder, oldest first (drafts and earlier
    versions are skipped: they live in hidden folders)."""
    from ipsdocs.definitions.records import load_record, record_files

    found: list[Any] = []
    for path in record_files(records_dir):
        try:
            record = load_record(path).record
        except IpsdocsError:
            continue
        if client_of(record) == client_id:
            found.append(record)
    found.sort(key=lambda r: r.document_date or date.min)
    return found
