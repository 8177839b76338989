"""Validation errors in plain words: the field path and the rule, never the rejected value.

Every data file (records, the workspace settings, state profiles, the scale) reports pydantic's
errors through here, so a person reads the same wording whichever file was wrong.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ipsdocs.errors import Problem


def validation_problems(exc: ValidationError, where: str) -> list[Problem]:
    """One problem per pydantic error, naming the field path and the rule, not the value."""
    problems = []
    for err in exc.errors(include_input=False, include_url=False):
        path = ".".join(str(p) for p in err["loc"])
        message = plain_message(err)
        if err["type"] == "value_error":
            field, message = split_field_message(message)
            if field:
                path = f"{path}.{field}" if path else field
        problems.append(Problem(where, message, path or "(record)"))
    return problems


def split_field_message(message: str) -> tuple[str, str]:
    """Cross-field rules say ``"field: what is wrong"``; split off the field name when present."""
    head, sep, rest = message.partition(": ")
    if sep and head.replace(".", "").replace("_", "").isalnum() and " " not in head:
        return head, rest
    return "", message


_PLAIN = {
    "missing": "this answer is required",
    "extra_forbidden": "this field is not part of the record (check its spelling)",
    "date_from_datetime_parsing": "not a date; write it as YYYY-MM-DD",
    "date_parsing": "not a date; write it as YYYY-MM-DD",
    "date_type": "not a date; write it as YYYY-MM-DD",
    "literal_error": "not one of the allowed answers",
    "int_parsing": "not a whole number",
    "decimal_parsing": "not an amount",
    "bool_parsing": "answer yes or no (true or false)",
    "string_type": "must be text",
    "list_type": "must be a list",
}


def plain_message(err: Any) -> str:
    """Pydantic's message in plain words; enum errors list the allowed codes (they are not PHI)."""
    kind = err["type"]
    if kind == "enum":
        return f"not one of the allowed answers ({err.get('ctx', {}).get('expected', '')})"
    if kind in _PLAIN:
        return _PLAIN[kind]
    message = str(err["msg"])
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
