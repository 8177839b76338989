"""Validation errors in plain words: the field, in the ESP's language, and the rule — never the value.

Every data file (records, the workspace settings, state profiles, the scale) and every answer
typed in an interview reports pydantic's errors through here, so a person reads the same wording
whichever way the answer came in. Each pydantic constraint (a pattern, a length, a range, a type)
has a sentence about the field ("Record ID: use letters, digits, spaces and . _ # / - only, ...");
an unknown field or choice gets a did-you-mean; items of a list count from 1 (``jobs[2]``,
"Job 2"). The rejected value is never repeated: it may be protected health information. (A
did-you-mean is computed from it, but names only a field or choice that exists.)

The JSON Schema (``ipsdocs schema``) keeps pydantic's machine form; this module only words errors.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ipsdocs.errors import Problem

RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._#/-]*$"
"""The pattern of every identifier from an agency's records system (a record id, a client id)."""

PATTERN_WORDS = {
    RECORD_ID_PATTERN: "use letters, digits, spaces and . _ # / - only, starting with a letter or a digit",
    r"^[a-z][a-z0-9_]*$": "use lower-case letters, digits and _ only, starting with a letter",
    r"^[a-z]+_[0-9]+$": "write it as a lower-case name, _ and a number, e.g. services_2",
}
"""What each pattern a model uses asks for, in words (a regular expression means nothing to an ESP)."""


def validation_problems(
    exc: ValidationError, where: str, model: type[BaseModel] | None = None, kind: str = "record"
) -> list[Problem]:
    """One problem per pydantic error: the field path (items from 1) and the rule in plain words.

    With ``model`` (the class that was validated) each message starts with the field's label and
    an unknown field gets a did-you-mean.
    """
    problems = []
    for err in exc.errors(include_url=False):
        path, message = located_message(err, model)
        if err.get("type") == "extra_forbidden":
            message = message.replace("part of the record", f"part of the {kind}")
        problems.append(Problem(where, message, path or f"({kind})"))
    return problems


def located_message(err: Mapping[str, Any], model: type[BaseModel] | None = None) -> tuple[str, str]:
    """(shown path, "Label: sentence") for one pydantic error; the label only when ``model`` is known."""
    loc = tuple(err.get("loc") or ())
    sentence = plain_message(err, model)
    if err.get("type") in ("value_error", "assertion_error"):
        named, sentence = split_field_message(sentence)
        if named:
            loc = (*loc, *parse_path(named))
    label = field_label(model, loc) if model is not None and err.get("type") != "extra_forbidden" else ""
    return shown_path(loc), (f"{label}: {sentence}" if label else sentence)


def split_field_message(message: str) -> tuple[str, str]:
    """Cross-field rules say ``"field: what is wrong"`` (``"goals.2.item: ..."``); split off the field."""
    head, sep, rest = message.partition(": ")
    if sep and head.replace(".", "").replace("_", "").isalnum() and " " not in head:
        return head, rest
    return "", message


def parse_path(dotted: str) -> tuple[str | int, ...]:
    """``"goals.2.item"`` -> ``("goals", 2, "item")`` (as pydantic locates errors: items from 0)."""
    return tuple(int(part) if part.isdigit() else part for part in dotted.split(".") if part)


def shown_path(loc: Iterable[str | int]) -> str:
    """A field path as people count: ``("jobs", 1, "end_date")`` -> ``jobs[2].end_date``."""
    shown = ""
    for part in loc:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):
            shown += f"[{int(part) + 1}]"
        else:
            shown += f".{part}" if shown else str(part)
    return shown


# --- the field a path names ---------------------------------------------------------------------


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return _strip(rest[0])
    return annotation


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field_type(model: type[BaseModel], name: str) -> tuple[Any, bool]:
    """The field's type without ``None`` and ``Annotated``; for a list, its item type (and True)."""
    tp = _strip(model.model_fields[name].annotation)
    if get_origin(tp) in (list, tuple, set, frozenset) and get_args(tp):
        return _strip(get_args(tp)[0]), True
    return tp, False


def field_shape(model: type[BaseModel], name: str) -> tuple[str, type[BaseModel] | None]:
    """("group", Sub) for a sub-model, ("repeat", Item) for a list of them, else ("value", None)."""
    tp, is_list = _field_type(model, name)
    if not _is_model(tp):
        return "value", None
    return ("repeat" if is_list else "group"), tp


def item_noun(model: type[BaseModel]) -> str:
    """'ProfileSession' -> 'profile session': what one item of a list of them is called."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def field_label(model: type[BaseModel] | None, loc: Sequence[str | int]) -> str:
    """The field a path names, as documents and the interview call it: "Job 2 › End date"."""
    parts: list[str] = []
    current = model
    index = 0
    while current is not None and index < len(loc):
        name = loc[index]
        if not isinstance(name, str) or name not in current.model_fields:
            break
        info = current.model_fields[name]
        tp, is_list = _field_type(current, name)
        next_part = loc[index + 1] if index + 1 < len(loc) else None
        if is_list and _is_model(tp) and isinstance(next_part, int):
            parts.append(f"{item_noun(tp).capitalize()} {next_part + 1}")
            index += 2
        else:
            parts.append(info.title or name.replace("_", " ").capitalize())
            index += 1
        current = tp if _is_model(tp) else None
    return " › ".join(parts)


def model_at(model: type[BaseModel] | None, loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The (sub-)model that holds the last part of ``loc``: where an unknown key was written."""
    current = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        if part not in current.model_fields:
            return None
        tp, _ = _field_type(current, part)
        current = tp if _is_model(tp) else None
    return current


def did_you_mean(word: Any, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when ``word`` is close to one candidate, else ''. ``word`` is never shown."""
    if not isinstance(word, str) or not word:
        return ""
    options = [c for c in candidates if c]
    folded = {c.casefold(): c for c in options}
    matches = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return f" (did you mean '{folded[matches[0]]}'?)" if matches else ""


# --- each kind of error in words -----------------------------------------------------------------

_PLAIN = {
    "missing": "this answer is required",
    "string_type": "must be text",
    "str_type": "must be text",
    "string_unicode": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_parsing_size": "must be a smaller whole number",
    "int_from_float": "must be a whole number, without decimals",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "decimal_type": "must be an amount, e.g. 14.25",
    "decimal_parsing": "must be an amount, e.g. 14.25",
    "finite_number": "must be a number",
    "bool_type": "answer yes or no (true or false)",
    "bool_parsing": "answer yes or no (true or false)",
    "date_type": "not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
    "date_parsing": "not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
    "date_from_datetime_parsing": "not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
    "date_from_datetime_inexact": "a date only, without a time of day; write it as YYYY-MM-DD",
    "datetime_type": "not a date and time; write it as YYYY-MM-DD HH:MM",
    "datetime_parsing": "not a date and time; write it as YYYY-MM-DD HH:MM",
    "datetime_from_date_parsing": "not a date and time; write it as YYYY-MM-DD HH:MM",
    "date_future": "must be a date in the future",
    "date_past": "must be a date in the past",
    "list_type": "must be a list (one '- ' line per entry)",
    "tuple_type": "must be a list (one '- ' line per entry)",
    "set_type": "must be a list (one '- ' line per entry)",
    "frozen_set_type": "must be a list (one '- ' line per entry)",
    "iterable_type": "must be a list (one '- ' line per entry)",
    "dict_type": "must be a group of answers (key: value lines)",
    "model_type": "must be a group of answers (key: value lines)",
    "model_attributes_type": "must be a group of answers (key: value lines)",
    "dataclass_type": "must be a group of answers (key: value lines)",
    "none_required": "must be left empty",
    "frozen_field": "cannot be changed",
    "frozen_instance": "cannot be changed",
    "json_invalid": "not valid JSON",
    "json_type": "not valid JSON",
    "url_type": "must be a web address",
    "url_parsing": "must be a web address, e.g. https://example.org",
    "uuid_type": "must be an identifier like 123e4567-e89b-12d3-a456-426614174000",
    "uuid_parsing": "must be an identifier like 123e4567-e89b-12d3-a456-426614174000",
    "time_type": "not a time of day; write it as HH:MM",
    "time_parsing": "not a time of day; write it as HH:MM",
    "timedelta_type": "not a length of time",
    "timedelta_parsing": "not a length of time",
    "bytes_type": "must be text",
    "callable_type": "is not accepted here",
    "is_instance_of": "is not accepted here",
    "is_subclass_of": "is not accepted here",
    "union_tag_invalid": "is not one of the kinds this field accepts",
    "union_tag_not_found": "needs a field saying which kind it is",
}


def _number(value: Any) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _characters(count: Any) -> str:
    return "1 character" if count == 1 else f"{count} characters"


def _entries(count: Any) -> str:
    return "one entry" if count == 1 else f"{count} entries"


def _choices_sentence(expected: str, wrote: Any, codes: Sequence[str]) -> str:
    hint = did_you_mean(wrote, codes)
    return f"not one of the allowed answers{hint}; the choices are {expected}"


def _enum_codes(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected) or [c.strip() for c in re.split(r",| or ", expected) if c.strip()]


def plain_message(err: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    """One pydantic error as a sentence about the field (without the field's name, without the value)."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    wrote = err.get("input")
    if kind in ("string_too_short", "string_too_long", "string_pattern_mismatch"):
        return _text_rule(kind, ctx, model, tuple(err.get("loc") or ()))
    if kind == "extra_forbidden":
        loc = tuple(err.get("loc") or ())
        holder = model_at(model, loc[:-1]) if model is not None else None
        hint = did_you_mean(loc[-1] if loc else None, holder.model_fields if holder is not None else ())
        return f"this field is not part of the record{hint or ' (check its spelling)'}"
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        return _choices_sentence(expected.replace("'", ""), wrote, _enum_codes(expected))
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return _choices_sentence(expected.replace("'", ""), wrote, _enum_codes(expected))
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "needs at least one entry" if least == 1 else f"needs at least {_entries(least)}"
    if kind == "too_long":
        return f"at most {_entries(ctx.get('max_length'))}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}"
    if kind == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more"
    if kind == "less_than":
        return f"must be less than {_number(ctx.get('lt'))}"
    if kind == "less_than_equal":
        return f"must be {_number(ctx.get('le'))} or less"
    if kind == "multiple_of":
        return f"must be a multiple of {_number(ctx.get('multiple_of'))}"
    if kind == "decimal_max_digits":
        return f"at most {ctx.get('max_digits')} digits in all"
    if kind == "decimal_max_places":
        places = ctx.get("decimal_places")
        return "whole dollars only" if places == 0 else f"at most {places} digits after the decimal point"
    if kind == "decimal_whole_digits":
        return f"at most {ctx.get('whole_digits')} digits before the decimal point"
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind in ("value_error", "assertion_error"):
        return str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return _reworded(str(err.get("msg", "")))


def _text_rule(kind: str, ctx: Mapping[str, Any], model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    """Length and pattern errors: a field with a pattern says its whole rule, so one message teaches it."""
    pattern = str(ctx.get("pattern") or _constraint(model, loc, "pattern") or "")
    longest = ctx.get("max_length") or _constraint(model, loc, "max_length")
    if pattern in PATTERN_WORDS:
        rule = PATTERN_WORDS[pattern]
        if kind == "string_too_short":
            return "this answer is required"
        return f"{rule}, up to {_characters(longest)}" if longest else rule
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "this answer is required" if least == 1 else f"at least {_characters(least)}"
    if kind == "string_too_long":
        return f"too long: at most {_characters(ctx.get('max_length'))}"
    return "not written in the form this field needs"


def _constraint(model: type[BaseModel] | None, loc: tuple[Any, ...], name: str) -> Any:
    """A constraint of the field at ``loc`` (its pattern, its longest length), read from the model."""
    if model is None or not loc or not isinstance(loc[-1], str):
        holder, field = None, None
    else:
        holder, field = model_at(model, loc[:-1]), loc[-1]
    if holder is None or field not in holder.model_fields:
        return None
    pending: list[Any] = list(holder.model_fields[field].metadata)
    pending.append(holder.model_fields[field].annotation)
    while pending:
        item = pending.pop()
        value = getattr(item, name, None)
        if value is not None and not callable(value):
            return value
        for meta in getattr(item, "metadata", ()) or ():
            pending.append(meta)
        pending.extend(a for a in get_args(item) if not isinstance(a, type) or not issubclass(a, Enum))
    return None


_PYTHON_WORDS = (
    (re.compile(r"^Input should be "), "must be "),
    (re.compile(r"^Input should "), "must "),
    (re.compile(r"^Value should be "), "must be "),
    (re.compile(r"^String should "), "must "),
    (re.compile(r"^Field required$"), "this answer is required"),
    (re.compile(r"\ba valid "), "a "),
)


def _reworded(message: str) -> str:
    """The rare error with no sentence of its own: pydantic's words without its Python turns of phrase."""
    for pattern, words in _PYTHON_WORDS:
        message = pattern.sub(words, message)
    return message or "is not accepted here"


def unknown_record_type(record_type: Any, known: Iterable[str]) -> str:
    """Unknown record type, with a did-you-mean and the list of types (the value itself is not shown)."""
    names = list(known)
    return f"unknown record type{did_you_mean(record_type, names)}; the record types are {', '.join(names)}"


__all__ = [
    "PATTERN_WORDS",
    "RECORD_ID_PATTERN",
    "did_you_mean",
    "field_label",
    "field_shape",
    "item_noun",
    "located_message",
    "model_at",
    "parse_path",
    "plain_message",
    "shown_path",
    "split_field_message",
    "unknown_record_type",
    "validation_problems",
]
