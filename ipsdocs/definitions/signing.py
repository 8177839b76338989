"""Signatures that bind: the record's hash, signing, the lock, addenda, and whether they still match.

A signature holds the sha256 of the record's content as it was signed (everything but the
signatures and the addenda, as canonical JSON), so any later change to an answer no longer
matches it. A signed record is locked: a change is an addendum (dated, in its own words,
signed on its own and bound to the record's hash and every addendum up to it), never an edit;
the record file's earlier versions are kept by the interview's save (``.versions/``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.models._types import Addendum, Signature

SIGNING_STATEMENT = (
    "By typing my name I sign this {title} electronically. I have read it, it says what we agreed, "
    "and my typed name has the same force as my handwritten signature."
)
"""The statement of intent shown before anyone signs (ESIGN Act / UETA: intent to sign)."""

ADDENDUM_STATEMENT = (
    "By typing my name I sign this addendum to the {title} electronically; the original stays as it was signed."
)

_UNSIGNED_PARTS = {"signatures", "addenda"}


def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(record: RecordBase) -> str:
    """The sha256 of what a signature binds: every answer of the record, not its signatures or addenda."""
    return hashlib.sha256(_canonical(_content(record))).hexdigest()


def _content(record: RecordBase) -> dict[str, Any]:
    """The answers as plain JSON; defaults left out, so a field added to a model later keeps old hashes."""
    data = record.model_dump(mode="json", exclude=_UNSIGNED_PARTS, exclude_none=True, exclude_defaults=True)
    return {**data, "record_type": record.record_type}


def addendum_hash(record: RecordBase, index: int) -> str:
    """What a signature on addendum ``index`` binds: the record's content and addenda 1..index+1."""
    addenda = [a.model_dump(mode="json", exclude={"signatures"}) for a in record.addenda[: index + 1]]
    return hashlib.sha256(_canonical({"record": content_hash(record), "addenda": addenda})).hexdigest()


def is_signed(record: object) -> bool:
    """A record someone has signed electronically is locked: changes are addenda."""
    return isinstance(record, RecordBase) and any(s.electronic for s in record.signatures)


def signature_problems(record: RecordBase) -> list[tuple[str, str]]:
    """Every electronic signature whose record hash no longer matches the content, as (path, message)."""
    problems = []
    current = content_hash(record)
    for n, signature in enumerate(record.signatures, 1):
        if signature.electronic and signature.record_sha256 != current:
            problems.append((f"signatures[{n}]", _mismatch(signature)))
    for a, addendum in enumerate(record.addenda):
        bound = addendum_hash(record, a)
        for n, signature in enumerate(addendum.signatures, 1):
            if signature.electronic and signature.record_sha256 != bound:
                problems.append((f"addenda[{a + 1}].signatures[{n}]", _mismatch(signature)))
    return problems


def _mismatch(signature: Signature) -> str:
    return (
        f"the signature of the {signature.role.lower()} no longer matches the record: "
        "it was changed after it was signed (a signed record is changed only by an addendum)"
    )


def signed_copy(
    record: RecordBase,
    signer: str,
    role: str,
    credentials: str | None = None,
    on: date | None = None,
    drawn: str | None = None,
) -> RecordBase:
    """The record with one more signature bound to its current content (the model checks the fields).

    Lines still to sign that name the same signer and role are replaced by the signature.
    """
    signature = Signature(
        signer=signer,
        role=role,
        credentials=credentials or None,
        signed_on=on or date.today(),
        record_sha256=content_hash(record),
        drawn=drawn or None,
    )
    kept = [s for s in record.signatures if s.electronic or not _same_signer(s, signature)]
    return record.model_copy(update={"signatures": [*kept, signature]})


def with_addendum(record: RecordBase, text: str, on: date | None = None) -> RecordBase:
    """The record with a new, unsigned addendum after the ones it has."""
    addendum = Addendum(added_on=on or date.today(), text=text)
    return record.model_copy(update={"addenda": [*record.addenda, addendum]})


def signed_addendum(
    record: RecordBase, index: int, signer: str, role: str, credentials: str | None = None, on: date | None = None
) -> RecordBase:
    """The record with addendum ``index`` signed, bound to the record and the addenda up to it."""
    signature = Signature(
        signer=signer,
        role=role,
        credentials=credentials or None,
        signed_on=on or date.today(),
        record_sha256=addendum_hash(record, index),
    )
    addenda = list(record.addenda)
    addenda[index] = addenda[index].model_copy(update={"signatures": [*addenda[index].signatures, signature]})
    return record.model_copy(update={"addenda": addenda})


def _same_signer(a: Signature, b: Signature) -> bool:
    return a.signer.casefold() == b.signer.casefold() and a.role.casefold() == b.role.casefold()


__all__ = [
    "ADDENDUM_STATEMENT",
    "SIGNING_STATEMENT",
    "addendum_hash",
    "content_hash",
    "is_signed",
    "signature_problems",
    "signed_addendum",
    "signed_copy",
    "with_addendum",
]
