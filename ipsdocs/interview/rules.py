"""Cross-field rules, each checked as soon as every field it reads has been asked.

Nothing here lists rules. A model's ``@model_validator(mode="after")`` functions are run on a
stand-in for the record (``_View``) that serves the answers given so far and notes each field the
rule reads — ``admission_date``, ``sessions[2].session_date``. A rule that fails is reported once
all the fields it read have been asked; one that reaches into a part not answered yet (a missing
group) stays quiet until it is. Every model of the tree is checked: the record's own rules (which
may read into its lists), and those of each group and each item of a list.

The message names the item the rule read last in the list it speaks about ("Profile session 2"),
and, when the rule compared two dates, shows both (the person typed them on this screen; they
never go to a file or a log from here).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from ipsdocs.definitions.validation import field_label, field_shape, parse_path, split_field_message

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Broken:
    """A rule the answers break: which model's rule, the field it names, and what it says."""

    owner: PathKey
    rule: str
    field: PathKey
    message: str
    detail: str = ""

    @property
    def key(self) -> tuple[PathKey, str, PathKey, str]:
        return (self.owner, self.rule, self.field, self.message)


def _kind(model: type[BaseModel], name: str) -> tuple[str, type[BaseModel] | None]:
    return field_shape(model, name)


def _default(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields[name]
    return None if info.is_required() else info.get_default(call_default_factory=True)


class _View:
    """A model instance as a rule sees it, built from plain answers; notes every field read."""

    def __init__(
        self,
        model: type[BaseModel],
        values: Mapping[str, Any],
        path: PathKey,
        reads: list[tuple[PathKey, Any]],
        hidden: Any = (),
    ) -> None:
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_hidden", frozenset(hidden))

    def __getattr__(self, name: str) -> Any:
        model: type[BaseModel] = self._model
        if name in model.model_fields:
            return self._field(name)
        attribute = inspect.getattr_static(model, name)
        if isinstance(attribute, property) and attribute.fget is not None:
            return attribute.fget(self)
        if isinstance(attribute, staticmethod | classmethod):
            return getattr(model, name)
        if callable(attribute):
            return types.MethodType(attribute, self)
        return attribute

    def _field(self, name: str) -> Any:
        model: type[BaseModel] = self._model
        path = (*self._path, name)
        values: Mapping[str, Any] = self._values
        value = _default(model, name) if name in self._hidden else values.get(name, _default(model, name))
        kind, sub = _kind(model, name)
        if kind == "group" and sub is not None and isinstance(value, Mapping):
            return _View(sub, value, path, self._reads)
        if kind == "repeat" and sub is not None and isinstance(value, list):
            return [
                _View(sub, item, (*path, i), self._reads) for i, item in enumerate(value) if isinstance(item, Mapping)
            ]
        self._reads.append((path, value))
        return value


class _Info:
    """What a rule reads of pydantic's ``ValidationInfo``: the validation context."""

    def __init__(self, context: Mapping[str, Any] | None) -> None:
        self.context = context


def _takes_info(function: Callable[..., Any]) -> bool:
    return len(inspect.signature(function).parameters) >= 2


def _after_rules(model: type[BaseModel]) -> Iterator[tuple[str, Callable[[Any], Any]]]:
    for name, decorator in model.__pydantic_decorators__.model_validators.items():
        if decorator.info.mode == "after":
            yield name, decorator.func


def broken_rules(
    model: type[BaseModel],
    values: Mapping[str, Any],
    asked: Callable[[PathKey], bool],
    hidden: Any = (),
    path: PathKey = (),
    top: type[BaseModel] | None = None,
    context: Mapping[str, Any] | None = None,
) -> dict[tuple[Any, ...], Broken]:
    """Every rule of ``model`` and of its groups and items that the answers break, once all the
    fields it read have been ``asked``; ``hidden`` fields (their condition does not hold) read as empty.

    ``context`` is the validation context (the workspace's state): rules that depend on the state
    receive it as pydantic's ``info.context``, as they do when the record is validated."""
    top = top or model
    found: dict[tuple[Any, ...], Broken] = {}
    info = _Info(context)
    for rule, function in _after_rules(model):
        reads: list[tuple[PathKey, Any]] = []
        try:
            view = _View(model, values, path, reads, hidden)
            function(view, info) if _takes_info(function) else function(view)
        except ValueError as exc:
            broken = _broken(top, path, rule, str(exc), reads)
            if _speaks(broken, reads, asked):
                found[broken.key] = broken
        except (AttributeError, TypeError, KeyError, IndexError):
            continue  # the rule reaches into a part with no answer yet
    for name in model.model_fields:
        if name in hidden:
            continue
        kind, sub = _kind(model, name)
        value = values.get(name)
        if kind == "group" and sub is not None and isinstance(value, Mapping):
            found |= broken_rules(sub, value, asked, (), (*path, name), top, context)
        elif kind == "repeat" and sub is not None and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    found |= broken_rules(sub, item, asked, (), (*path, name, index), top, context)
    return found


def _speaks(broken: Broken, reads: list[tuple[PathKey, Any]], asked: Callable[[PathKey], bool]) -> bool:
    """Whether a failed rule may speak yet: the field it names has been asked, and every other field
    it read has been asked too, or is still empty (a rule with several checks reads fields that its
    earlier, passing checks need; an empty one cannot be what the failing check found wrong)."""
    named = broken.field
    if named and not (asked(named) or any(asked(r) for r, _ in reads if r[: len(named)] == named)):
        return False
    return all(asked(read) or _empty(value) for read, value in reads)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | dict) and not value)


def _broken(top: type[BaseModel], owner: PathKey, rule: str, text: str, reads: list[tuple[PathKey, Any]]) -> Broken:
    named, message = split_field_message(text)
    field = (*owner, *parse_path(named)) if named else owner
    # "sessions: ..." speaks about a list: the item it read last is the one that breaks the rule.
    paths = [read for read, _ in reads]
    inside = [r for r in paths if len(r) > len(field) and r[: len(field)] == field and isinstance(r[len(field)], int)]
    if inside:
        field = inside[-1][: len(field) + 1]
    return Broken(owner, rule, field, message, _dates_compared(top, field, reads))


def _dates_compared(top: type[BaseModel], field: PathKey, reads: list[tuple[PathKey, Any]]) -> str:
    """' (Session date 2026-02-01, Date of entry into IPS-SE 2026-03-02)' when the rule failed on
    comparing two dates: the last two fields it read before it spoke."""
    if len(reads) < 2:
        return ""
    (first, earlier), (second, later) = reads[-2], reads[-1]
    if not (isinstance(earlier, date) and isinstance(later, date)) or first == second:
        return ""
    parts = [f"{_last_label(top, path)} {day:%Y-%m-%d}" for path, day in ((second, later), (first, earlier))]
    return f" ({', '.join(parts)})"


def _last_label(top: type[BaseModel], path: PathKey) -> str:
    label = field_label(top, path).split(" › ")[-1]
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def describe(top: type[BaseModel], broken: Broken) -> str:
    """The rule's message with the item it is about: "Profile session 2: a profile session cannot be ..."."""
    label = field_label(top, broken.field)
    return f"{label}: {broken.message}{broken.detail}" if label else f"{broken.message}{broken.detail}"


__all__ = ["Broken", "broken_rules", "describe"]
