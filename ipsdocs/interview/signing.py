"""Signing a record in an interview (terminal or browser): who may sign, what they must type, and
what keeps a record from being signed. The hash and the lock are ``definitions.signing``'s.

A record is signed only when it is valid and complete (every required section answered): a
signature on a record with gaps would bind gaps. The signer types their own name, which must be
the name the record gives them (the person served, the specialist), after the statement of
intent is shown. The date is the day of signing, never the document's date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipsdocs.definitions.forms import FormSpec
from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.models._types import Signature
from ipsdocs.definitions.signing import (
    ADDENDUM_STATEMENT,
    SIGNING_STATEMENT,
    is_signed,
    signed_addendum,
    signed_copy,
)
from ipsdocs.interview.questions import AnswerError, Question, parse_answer, sub_questions

PERSON, STAFF, OTHER = "person", "staff", "other"


@dataclass(frozen=True)
class Signer:
    """Someone the record names as a signer: the person served, the specialist, or another."""

    code: str
    name: str
    role: str
    credentials: str | None = None

    @property
    def label(self) -> str:
        if self.code == OTHER:
            return "Someone else (a team lead, a family member the person asked for)"
        return f"{self.name}, {self.role}"


def signers(record: RecordBase) -> list[Signer]:
    """Who may sign: the person, the specialist, another person (typing their own name and role)."""
    return [
        Signer(PERSON, record.person.name, "Person served"),
        Signer(STAFF, record.staff.name, record.staff.role, record.staff.credentials),
        Signer(OTHER, "", ""),
    ]


def statement(form: FormSpec, addendum: bool = False) -> str:
    return (ADDENDUM_STATEMENT if addendum else SIGNING_STATEMENT).format(title=form.title.lower())


def unsignable(record: RecordBase | None, problems: list[tuple[Any, str]], form: FormSpec) -> list[str]:
    """Why the record cannot be signed yet: invalid (the model's problems) or incomplete (the form's)."""
    if record is None:
        return [f"{_where(where)}: {message}" for where, message in problems] or ["the record is not valid yet"]
    from ipsdocs.render.checks import data_findings

    return [f"missing {finding}" for finding in data_findings(record, form)]


def _where(path: Any) -> str:
    """A problem's place, as the field's dotted name (``person.name``)."""
    return path if isinstance(path, str) else ".".join(str(part) for part in path)


def _question(name: str, prompt: str) -> Question:
    question = next(q for q in sub_questions(Signature) if q.name == name)
    return dataclasses.replace(question, prompt=prompt, label=prompt)


NAME_QUESTION = _question("signer", "Type your full name to sign")
ROLE_QUESTION = _question("role", "Your role")
CREDENTIALS_QUESTION = _question("credentials", "Your credentials (if any)")


def sign(
    record: RecordBase,
    signer: Signer,
    typed_name: str,
    role: str | None = None,
    credentials: str | None = None,
    drawn: str | None = None,
    addendum: int | None = None,
    on: date | None = None,
) -> RecordBase:
    """The record with the signature added; AnswerError (safe to show) when the typed name is wrong.

    Every typed value goes through the same question path as any other answer.
    """
    name = parse_answer(NAME_QUESTION, typed_name)
    if signer.code != OTHER and " ".join(str(name).split()).casefold() != " ".join(signer.name.split()).casefold():
        raise AnswerError(f"type the name exactly as the record gives it ({signer.role.lower()}) to sign")
    name = signer.name if signer.code != OTHER else name
    role = signer.role if signer.code != OTHER else parse_answer(ROLE_QUESTION, role or "")
    creds = parse_answer(CREDENTIALS_QUESTION, credentials or "") if signer.code == OTHER else signer.credentials
    try:
        if addendum is not None:
            return signed_addendum(record, addendum, str(name), str(role), creds, on)
        return signed_copy(record, str(name), str(role), creds, on, drawn)
    except ValueError as exc:
        raise AnswerError(_plain(exc)) from None


def _plain(exc: ValueError) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        from ipsdocs.interview.questions import validation_message

        return validation_message(exc)
    return "the signature could not be recorded"


__all__ = ["Signer", "is_signed", "sign", "signers", "statement", "unsignable"]
