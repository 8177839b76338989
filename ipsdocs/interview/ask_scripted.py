"""Answers from a mapping instead of a person: ``--answers FILE.yaml`` and the tests.

The mapping has the record's shape (``person: {name: ...}``, ``jobs: [{employer: ...}]``). Each
question looks its answer up by path and goes through exactly the same checks as a typed
answer; a wrong answer stops with the file, the field and the rule (never the value), since a
file cannot be asked again. Keys no question used are an error, so a misspelt key is never
silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ipsdocs.definitions.forms import FormSpec, condition_holds
from ipsdocs.definitions.validation import parse_path, shown_path
from ipsdocs.errors import Problem, RecordError
from ipsdocs.interview.loop import PathKey, dotted
from ipsdocs.interview.questions import Question

AUTOMATIC = ("record_type", "schema_version")


class Attempts(list[Any]):
    """Successive answers to one question (tests: a wrong answer, then a right one; or an edit)."""


_MISSING = object()


class ScriptedAsker:
    """An Asker that reads a mapping; ``menus`` scripts the review (default: save)."""

    interactive = False

    def __init__(self, answers: Mapping[str, Any], where: str = "answers", menus: Sequence[str] = ()) -> None:
        self.tree = answers
        self.where = where
        self.menus = list(menus)
        self.used: set[str] = set()
        self.entered: set[str] = set()
        self.asked: list[str] = []
        self.said: list[str] = []

    @property
    def provided(self) -> set[str]:
        return {k for k in self.tree if k not in AUTOMATIC}

    def _lookup(self, path: PathKey) -> Any:
        node: Any = self.tree
        for depth, part in enumerate(path):
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return _MISSING
            elif not isinstance(node, Mapping):
                where = shown_path(path[:depth]) or "(top)"
                raise RecordError.one(self.where, "this answer must be a group of answers (key: value lines)", where)
            elif part not in node:
                return _MISSING
            node = node[part]
            if depth < len(path) - 1:
                self.entered.add(dotted(path[: depth + 1]))
        return node

    def say(self, text: str) -> None:
        self.said.append(text)

    def answer(self, question: Question, path: PathKey, default: Any) -> Any:
        key = dotted(path)
        self.asked.append(key)
        value = self._lookup(path)
        if value is _MISSING:
            return default
        self.used.add(key)
        if isinstance(value, Attempts):
            return value.pop(0) if len(value) > 1 else value[0]
        return value

    def another(self, question: Question, path: PathKey, count: int) -> bool:
        value = self._lookup(path)
        if value is _MISSING:
            return False
        if not isinstance(value, list):
            raise RecordError.one(self.where, "this answer must be a list (one '- ' line per item)", shown_path(path))
        self.entered.add(dotted(path))
        return len(value) > count

    def rejected(self, question: Question, path: PathKey, message: str) -> None:
        raise RecordError.one(self.where, message, shown_path(path))

    def menu(self, key: str, message: str, options: Sequence[tuple[str, str]]) -> str:
        codes = [code for code, _ in options]
        if self.menus:
            return self.menus.pop(0)
        if key == "review" and "save" in codes:
            return "save"
        return "stop" if "stop" in codes else codes[-1]

    # --- keys nobody asked about -------------------------------------------------------------------

    def unused(self) -> list[str]:
        """Every key in the file that no question used, as dotted paths."""
        found: list[str] = []
        self._unused(self.tree, (), found)
        return found

    def _unused(self, node: Any, path: PathKey, found: list[str]) -> None:
        key = dotted(path)
        if path and (key in self.used or (path[0] in AUTOMATIC and len(path) == 1)):
            return
        if path and key not in self.entered:
            found.append(key)
            return
        if isinstance(node, Mapping):
            for name, value in node.items():
                self._unused(value, (*path, str(name)), found)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self._unused(value, (*path, index), found)


def unused_problems(asker: ScriptedAsker, form: FormSpec, answers: Mapping[str, Any]) -> list[Problem]:
    """A clear problem for each key of an answer file that no question used."""
    specs = {spec.field: spec for _, spec in form.fields()}
    model_fields = form.model.model_fields
    problems = []
    for key in asker.unused():
        top = key.split(".")[0]
        spec = specs.get(top)
        if spec is not None and spec.when and not condition_holds(spec, answers):
            what = f"this question does not apply to these answers (it is asked only when: {spec.when})"
        elif top in model_fields and top not in specs:
            what = "this form does not ask this question"
        elif top == "record_type":
            what = f"this file's record type does not match the interview ({form.record_type})"
        else:
            close = difflib.get_close_matches(key.split(".")[-1], _names_near(key, form), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            what = f"not a question of this form{hint}"
        problems.append(Problem(asker.where, what, shown_path(parse_path(key))))
    return problems


def _names_near(key: str, form: FormSpec) -> list[str]:
    """Names a misspelt key may have meant: the top-level fields, or a group's sub-fields."""
    from ipsdocs.interview.questions import question_for

    parts = [p for p in key.split(".") if not p.isdigit()]
    if len(parts) > 1 and parts[0] in form.model.model_fields:
        sub = question_for(form.model, parts[0]).item_model
        return list(sub.model_fields) if sub else []
    return list(form.model.model_fields)


def read_answer_file(path: Path) -> dict[str, Any]:
    """An answers file: YAML or JSON mapping in the record's shape."""
    from ipsdocs.definitions.records import parse_mapping

    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RecordError.one(where, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not a text file in UTF-8" if isinstance(exc, UnicodeDecodeError) else "cannot be read"
        raise RecordError.one(where, reason) from None
    return parse_mapping(text, where, path.suffix.lower())
