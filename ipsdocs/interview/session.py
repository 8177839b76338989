"""What ``ipsdocs interview`` does: start, resume or reopen an interview, save the record, render it.

Kept apart from cli.py so that ``ipsdocs --help`` imports nothing heavy, and apart from the
interview loop so that the loop stays free of files and terminals.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace, find_workspace
from ipsdocs.console import say
from ipsdocs.definitions.forms import FormSpec
from ipsdocs.definitions.jurisdiction import validation_context
from ipsdocs.definitions.models import MODELS, DocumentBase
from ipsdocs.errors import EXIT_INTERRUPTED as EXIT_PAUSED
from ipsdocs.errors import EXIT_INVALID, EXIT_OK, IpsdocsError, RecordError
from ipsdocs.errors import EXIT_PROBLEMS as EXIT_INCOMPLETE
from ipsdocs.interview.drafts import Draft, DraftStore, record_path, record_yaml, save_record
from ipsdocs.interview.loop import Asker, Interview, answered_fields, record_answers, restore_answers
from ipsdocs.interview.open_once import Finished, Locks, show_answers
from ipsdocs.interview.prefill import client_of, person_records, prefill, suggested_record_id
from ipsdocs.interview.questions import Kind, plain_value, question_for
from ipsdocs.locks import current_holder, lock_path
from ipsdocs.store import ensure_private_dir


@dataclass
class Options:
    """The command line, as the interview needs it."""

    record_type: str | None = None
    client: str | None = None
    resume: bool = False
    list_drafts: bool = False
    answers: Path | None = None
    record: Path | None = None
    workspace: Path | None = None
    evidence: dict[str, dict[str, Any]] | None = None
    """A fidelity review's suggestions from the records (item id -> score, evidence), for the rater to decide."""
    evidence_source: str = ""


@dataclass
class Session:
    """An interview about to run: its form, its draft and what is already known."""

    form: FormSpec
    draft: Draft
    answers: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    suggestions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Short answers offered for text fields, from the person's earlier records (``suggest_from``)."""
    offered: dict[str, str] = field(default_factory=dict)
    """A field whose answer is offered from the records -> the line said before it is asked."""


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def interview_command(options: Options, make_asker: Callable[[], Asker] | None = None) -> int:
    """Run one interview to a saved record and its documents, or to a kept draft."""
    workspace = find_workspace(options.workspace)
    store = DraftStore(workspace.records_dir)
    if options.list_drafts:
        return list_drafts(store, _hint(options))
    scripted = None
    if options.answers is not None:
        from ipsdocs.interview.ask_scripted import ScriptedAsker, read_answer_file

        scripted = ScriptedAsker(read_answer_file(options.answers), where=str(options.answers))
        asker: Asker = scripted
    elif make_asker is not None:
        asker = make_asker()
    elif has_terminal():
        from ipsdocs.interview.ask_terminal import QuestionaryAsker

        asker = QuestionaryAsker()
    else:
        raise IpsdocsError.one(
            "interview",
            "there is no terminal to ask the questions in; run it in a terminal, or give the answers in a "
            "file with --answers FILE.yaml",
        )
    locks = Locks(asker, drafts=scripted is None)
    try:
        if options.record is not None and asker.interactive and not options.resume:
            addendum = _addendum_if_signed(options.record, workspace, asker, locks)
            if addendum is not None:
                return addendum
        if options.resume:
            session = resume_session(workspace, store, options, asker, locks)
        else:
            session = start_session(workspace, store, options, locks)
        if scripted is not None:
            _let_file_answer(session, scripted)
        return run_session(session, workspace, store, asker, options, keep_draft=scripted is None, locks=locks)
    except Finished as finished:
        return finished.code
    finally:
        locks.release()


def _addendum_if_signed(record_file: Path, workspace: Workspace, asker: Asker, locks: Locks) -> int | None:
    """A signed record is never edited: a change is a dated, signed addendum (None: not signed)."""
    from ipsdocs.interview.addendum import ask_addendum, signed_record

    if signed_record(record_file) is None:
        return None
    locks.take(record_file, f"the record {record_file}")
    signed = signed_record(record_file)  # read again under the lock: another interview may have saved
    if signed is None:
        return None
    updated = ask_addendum(signed, record_file, workspace, asker)
    form = workspace.form(updated.record_type)
    path = write_record(updated, form, workspace.records_dir, record_file, asker)
    return render_saved(updated, form, workspace, path, asker)


# --- starting, reopening, resuming ------------------------------------------------------------------


def start_session(workspace: Workspace, store: DraftStore, options: Options, locks: Locks) -> Session:
    if options.record is not None:
        return reopen_session(workspace, store, options, locks)
    if not options.record_type:
        known = ", ".join(MODELS)
        raise IpsdocsError.one("interview", f"say which record to start (one of: {known}), or use --resume")
    form = workspace.form(options.record_type)
    session = Session(form, store.new(form.record_type, options.client))
    locks.take_draft(store, session.draft)
    session.answers["record_id"] = suggested_record_id(form.record_type, options.client)
    if options.client:
        prefill(session, workspace.records_dir, options.client)
    if getattr(form.model, "DATE_DEFAULTS_TO_TODAY", False):
        session.answers[form.model.DATE_FIELD] = date.today()  # a note is written on the day (Enter accepts)
    if options.evidence is not None:
        from ipsdocs.interview.evidence import offer_evidence

        offer_evidence(session, options.evidence, options.evidence_source)
    return session


def reopen_session(workspace: Workspace, store: DraftStore, options: Options, locks: Locks) -> Session:
    """Update a saved record: what it answers is kept (and not asked again); the file's earlier
    version is kept when the record is saved. The record is locked while the interview runs."""
    from ipsdocs.definitions.records import load_record

    assert options.record is not None
    loaded = load_record(options.record, workspace.jurisdiction)

    def show() -> None:
        record = load_record(options.record, workspace.jurisdiction).record  # type: ignore[arg-type]
        form = workspace.form(record.record_type)
        answers, _ = restore_answers(form.model, record_answers(record))
        locks.asker.say(f"The record {options.record} as it is saved now:")
        show_answers(form, answers, answered_fields(answers, form), locks.asker)

    if locks.take(options.record, f"the record {options.record}", show):
        loaded = load_record(
            options.record, workspace.jurisdiction
        )  # the other interview may have saved a newer version
    record = loaded.record
    if options.record_type and options.record_type != record.record_type:
        raise RecordError.one(str(options.record), f"this is a {record.record_type} record, not {options.record_type}")
    from ipsdocs.definitions.signing import is_signed

    if is_signed(record):
        raise RecordError.one(
            str(options.record),
            "this record is signed, so it is locked: a change is a signed addendum, never an edit "
            "(run 'ipsdocs interview --record FILE' in a terminal, or open it in 'ipsdocs serve')",
        )
    form = workspace.form(record.record_type)
    answers, _ = restore_answers(form.model, record_answers(record))
    draft = store.new(record.record_type, client_of(record), source=options.record)
    locks.take_draft(store, draft)
    session = Session(form, draft, answers, answered_fields(answers, form))
    session.notes.append(f"Updating {options.record}; its current version will be kept when you save.")
    return session


def resume_session(workspace: Workspace, store: DraftStore, options: Options, asker: Asker, locks: Locks) -> Session:
    draft = _chosen_draft(store, options, asker)
    if draft.record_type not in MODELS:
        raise IpsdocsError.one(str(draft.path), f"this draft is for an unknown record type '{draft.record_type}'")
    form = workspace.form(draft.record_type)

    def show() -> None:
        current = store.load(draft.path)
        answers, dropped = restore_answers(form.model, current.answers)
        asker.say(f"The draft {current.id} as it was last saved ({current.updated.replace('T', ' ')[:16]}):")
        show_answers(form, answers, {d for d in current.done if d.split(".")[0] not in dropped}, asker)

    locks.take(draft.path, f"the draft {draft.id}", show)
    if not draft.path.exists():
        _say(asker, f"The draft {draft.id} was finished by the other interview (its record is saved); nothing is left.")
        raise Finished(EXIT_OK)
    draft = store.load(draft.path)  # as saved now, with the lock held: the freshest answers
    if draft.source:
        locks.take(Path(draft.source), f"the record {draft.source}")
    answers, dropped = restore_answers(form.model, draft.answers)
    done = {d for d in draft.done if d.split(".")[0] not in dropped}
    session = Session(form, draft, answers, done)
    sittings = ", ".join(draft.sittings)
    session.notes.append(f"Continuing the draft {draft.id} (worked on: {sittings}).")
    if dropped:
        session.notes.append(
            f"Some earlier answers no longer fit this form and will be asked again: {', '.join(dropped)}"
        )
    return session


def _chosen_draft(store: DraftStore, options: Options, asker: Asker) -> Draft:
    drafts, problems = store.find(options.record_type)
    for problem in problems:
        _warn(str(problem))
    if not drafts:
        what = f" matching '{options.record_type}'" if options.record_type else ""
        raise IpsdocsError.one(str(store.folder), f"there is no draft{what} to resume (list them with --drafts)")
    draft = drafts[0]
    if len(drafts) > 1 and not options.record_type:
        if not asker.interactive:
            ids = ", ".join(d.id for d in drafts)
            raise IpsdocsError.one(str(store.folder), f"several drafts could be resumed; name one of: {ids}")
        menu = [(d.id, describe_draft(d)) for d in drafts]
        chosen = asker.menu("drafts", "Which draft do you want to continue?", menu)
        draft = next(d for d in drafts if d.id == chosen)
    return draft


def _let_file_answer(session: Session, asker: Any) -> None:
    """Answers in a file replace what a draft or a reopened record holds, whole lists included."""
    provided = asker.provided
    record_type = asker.tree.get("record_type")
    if record_type is not None and record_type != session.form.record_type:
        raise RecordError.one(asker.where, f"this file answers a {record_type}, not a {session.form.record_type}")
    for name in provided:
        session.done = {d for d in session.done if d != name and not d.startswith(name + ".")}
        if name in session.form.model.model_fields and question_for(session.form.model, name).kind is Kind.REPEAT:
            session.answers[name] = []


# --- running, saving, rendering -------------------------------------------------------------------


def run_session(
    session: Session,
    workspace: Workspace,
    store: DraftStore,
    asker: Asker,
    options: Options,
    keep_draft: bool,
    locks: Locks | None = None,
) -> int:
    draft = session.draft
    draft.note_sitting()
    _introduce(session, asker, draft if keep_draft else None)

    def save(interview: Interview) -> None:
        draft.answers = plain_value(interview.answers)
        draft.done = sorted(interview.done)
        store.save(draft)

    interview = Interview(
        session.form,
        asker,
        session.answers,
        session.done,
        save if keep_draft else None,
        context=validation_context(workspace.jurisdiction),
    )
    interview.suggestions = session.suggestions
    interview.offered = session.offered
    try:
        record = interview.run()
        if not keep_draft:
            _refuse_unused(asker, session, interview)
    except (KeyboardInterrupt, EOFError):
        _paused(draft, options)
        return EXIT_PAUSED
    except Exception:
        if draft.path.exists():
            _warn(f"Your answers so far are kept in the draft {draft.path}.")
        raise
    if record is None:
        if keep_draft:
            store.save(draft)
            _say(
                asker,
                f"Kept as a draft:\n  {shown_path(draft.path)}\nTo continue, type:\n  {_resume_hint(draft, options)}",
            )
        return EXIT_OK
    assert isinstance(record, DocumentBase)
    target = Path(draft.source) if draft.source else None
    path = target or record_path(workspace.records_dir, record.record_type, client_of(record), record.record_id)
    if locks is not None:
        hint = _resume_hint(draft, options) if keep_draft else ""
        locks.take_for_saving(path, f"the draft {draft.path}" if keep_draft else "", hint)
    path = write_record(record, session.form, workspace.records_dir, path, asker)
    if draft.path.exists():
        store.remove(draft)
    return render_saved(record, session.form, workspace, path, asker)


def _refuse_unused(asker: Any, session: Session, interview: Interview) -> None:
    from ipsdocs.interview.ask_scripted import unused_problems

    problems = unused_problems(asker, session.form, interview.answers)
    if problems:
        raise RecordError(problems)


def _introduce(session: Session, asker: Asker, draft: Draft | None) -> None:
    form = session.form
    lines = [f"{form.title}"]
    if form.intro:
        lines.append(form.intro)
    lines += session.notes
    if asker.interactive:
        lines.append(
            "Questions marked * are needed for a complete record; you can leave them for a later session. "
            "Type ? for help where it is offered."
        )
    if draft is not None:
        lines.append(f"Every answer is saved as you go in {shown_path(draft.path)}; Ctrl-C pauses and keeps it.")
    asker.say("\n".join(lines))


def record_file_data(record: DocumentBase, form: FormSpec) -> dict[str, Any]:
    """The record as it is saved: answered fields only, in the form's order (dates stay dates)."""
    data = record.model_dump(mode="python", exclude_none=True)
    order = ["record_type", "schema_version", *(spec.field for _, spec in form.fields()), *data]
    return {name: yaml_ready(data[name]) for name in dict.fromkeys(order) if name in data and data[name] != []}


def yaml_ready(value: Any) -> Any:
    """Choices as their codes and amounts as text (as in the samples); dates are kept as dates."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")  # YAML has no time of day: "14:30" as text, as a service note writes it
    if isinstance(value, dict):
        return {k: yaml_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [yaml_ready(v) for v in value]
    return value


def write_record(record: DocumentBase, form: FormSpec, records_dir: Path, target: Path | None, asker: Asker) -> Path:
    """Save the record as YAML; an earlier version of the same file is kept, never overwritten."""
    path = target or record_path(records_dir, record.record_type, client_of(record), record.record_id)
    ensure_private_dir(records_dir)
    ensure_private_dir(path.parent)
    kept = save_record(path, record_yaml(record_file_data(record, form)))
    _say(asker, f"\nSaved the record: {shown_path(path)}")
    if kept:
        _say(asker, f"The earlier version is kept as {kept}")
    return path


def render_saved(record: DocumentBase, form: FormSpec, workspace: Workspace, path: Path, asker: Asker) -> int:
    """Render the saved record and say what is still missing, section by section."""
    from ipsdocs.render.document import render_record
    from ipsdocs.render.output import earlier_versions, person_dir, supersede

    folder = person_dir(workspace.output_dir, record)  # issue 12.4: a folder per person, superseded/ inside
    earlier = earlier_versions(folder, record)
    try:
        result = render_record(
            record,
            form,
            folder,
            ("docx", "pdf"),
            workspace.agency,
            workspace.templates,
            jurisdiction=workspace.jurisdiction,
        )
    except IpsdocsError as error:
        for problem in error.problems:
            _warn(f"Documents not written: {problem}")
        return EXIT_INCOMPLETE
    moved = supersede(folder, earlier, result)
    lines = ["Documents:"]
    for file in result.files:
        if file.path is None:
            lines.append(f"  {file.format.upper():4}  FAILED: " + "; ".join(p.what for p in file.problems))
            continue
        pages = f" ({file.pages} pages)" if file.pages else ""
        lines.append(f"  {file.format.upper():4}  {shown_path(file.path)}{pages}")
    if moved:
        lines.append(f"The earlier version's documents are moved to {shown_path(moved[0].parent)}")
    if result.missing:
        lines.append("Still missing for a complete record:")
        lines += [f"  - {finding}" for finding in result.missing]
        lines.append(f"To complete it later, type:\n  ipsdocs interview --record {shown_path(path)}")
    else:
        lines.append("Complete: every required section has an answer.")
    _say(asker, "\n".join(lines))
    return EXIT_OK if result.ok else EXIT_INCOMPLETE


# --- drafts listing and messages -------------------------------------------------------------------


def describe_draft(draft: Draft) -> str:
    from ipsdocs.definitions.forms import load_form

    try:
        form = load_form(draft.record_type)
        total = sum(1 for _ in form.fields())
        title = form.title
    except IpsdocsError:
        total, title = 0, draft.record_type
    answered = sum(1 for d in draft.done if "." not in d)
    client = f", client {draft.client_id}" if draft.client_id else ""
    saved = draft.updated.replace("T", " ")[:16]
    return f"{title}{client}: {answered} of {total} questions answered, last saved {saved}"


def list_drafts(store: DraftStore, hint: str) -> int:
    drafts, problems = store.all()
    for problem in problems:
        _warn(str(problem))
    if not drafts:
        say(f"No drafts in {store.folder}.")
        return EXIT_INVALID if problems else EXIT_OK
    say(f"Drafts in {store.folder} (newest first):")
    for draft in drafts:
        holder = current_holder(lock_path(draft.path))
        open_now = f"\n      open now in an interview ({holder.describe()})" if holder else ""
        say(f"  {draft.id}\n      {describe_draft(draft)}{open_now}")
    say(f"To continue one, type:\n  ipsdocs interview --resume DRAFT_ID{hint}")
    return EXIT_INVALID if problems else EXIT_OK


def shown_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it: shorter in an 80-column terminal."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _hint(options: Options) -> str:
    return f" --workspace {options.workspace}" if options.workspace else ""


def _resume_hint(draft: Draft, options: Options) -> str:
    return f"ipsdocs interview --resume {draft.id}{_hint(options)}"


def _paused(draft: Draft, options: Options) -> None:
    if draft.path.exists():
        _warn(
            f"\nPaused. Every answer so far is saved in the draft\n  {shown_path(draft.path)}\n"
            f"To continue where you left off, type:\n  {_resume_hint(draft, options)}"
        )
    else:
        _warn("\nStopped before the first answer; there was nothing to keep.")


def _say(asker: Asker, text: str) -> None:
    """Shown to the person; with an answers file (nobody is prompted) it goes to standard output."""
    if asker.interactive:
        asker.say(text)
    else:
        say(text)


def _warn(text: str) -> None:
    say(text, sys.stderr)


__all__ = ["Options", "interview_command", "person_records", "suggested_record_id"]
