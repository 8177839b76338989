"""``ipsdocs interview --record SIGNED.yaml``: a signed record is locked, so the terminal writes an
addendum to it (dated, in its own words, then signed) instead of reopening its answers.

The file's earlier version is kept in ``.versions/`` by the save, as for any update.
"""

from __future__ import annotations

from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.models._types import Addendum
from ipsdocs.definitions.signing import with_addendum
from ipsdocs.interview.loop import Asker
from ipsdocs.interview.questions import AnswerError, parse_answer, question_for
from ipsdocs.interview.signing import NAME_QUESTION, ROLE_QUESTION, sign, signers, statement

TEXT_QUESTION = question_for(Addendum, "text")


def signed_record(path: Path) -> RecordBase | None:
    """The record at ``path`` when it is signed electronically (then it is locked), else None."""
    from ipsdocs.definitions.records import load_record
    from ipsdocs.definitions.signing import is_signed

    record = load_record(path).record
    return record if isinstance(record, RecordBase) and is_signed(record) else None


def ask_addendum(record: RecordBase, path: Path, workspace: Workspace, asker: Asker) -> RecordBase:
    """Ask the addendum's text and let whoever needs to sign it sign: the record to save."""
    form = workspace.form(record.record_type)
    asker.say(
        f"{path} is signed, so its answers are locked. A change is written as an addendum: dated, "
        "in its own words, signed, and shown after the original on the documents."
    )
    text = _ask(asker, lambda raw: parse_answer(TEXT_QUESTION, raw), TEXT_QUESTION)
    record = with_addendum(record, text)
    index = len(record.addenda) - 1
    people = {s.code: s for s in signers(record)}
    while True:
        options = [(c, f"{s.label} signs the addendum") for c, s in people.items()] + [("done", "Save it")]
        choice = asker.menu("sign_addendum", "Who signs the addendum now?", options)
        signer = people.get(choice)
        if signer is None:
            break
        asker.say(statement(form, addendum=True))
        role = asker.answer(ROLE_QUESTION, ("addenda", "role"), None) if signer.code == "other" else None

        def signed(
            raw: object, signer: object = signer, role: object = role, current: RecordBase = record
        ) -> RecordBase:
            return sign(current, signer, raw, role, addendum=index)  # type: ignore[arg-type]

        record = _ask(asker, signed, NAME_QUESTION)
    return record


def _ask(asker: Asker, accept: object, question: object) -> object:
    while True:
        raw = asker.answer(question, ("addenda", question.name), None)  # type: ignore[attr-defined]
        try:
            return accept(raw)  # type: ignore[operator]
        except AnswerError as problem:
            asker.rejected(question, ("addenda", question.name), str(problem))  # type: ignore[arg-type]
