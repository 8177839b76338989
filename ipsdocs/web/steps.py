"""The browser interview, one request at a time: the terminal's loop, driven step by step.

Each request reads the draft, builds the same ``Interview`` the terminal runs, and puts every
posted answer through ``Interview.accept`` (the field's rules, then cross-field rules) and
``item_problems`` (a job's own rules): no validator lives in the web layer. The draft is the
only state, so an interview started in the terminal continues here and back. Draft access goes
through ``DraftAccess`` alone, so a lock for concurrent writers can be put in one place; two
tabs (or a tab and a terminal) are told when the draft changed under them (its version).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.definitions.forms import SectionSpec, condition_holds
from ipsdocs.definitions.jurisdiction import validation_context
from ipsdocs.definitions.signing import is_signed
from ipsdocs.interview.drafts import Draft, DraftStore
from ipsdocs.interview.loop import SIGNED_AT_REVIEW, Interview, restore_answers
from ipsdocs.interview.questions import AnswerError, Kind, Question, item_problems, plain_value


class Quiet:
    """The Asker the web's Interview holds: it never asks (the browser posts the answers)."""

    interactive = True

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def answer(self, question: Question, path: Any, default: Any) -> Any:
        raise RuntimeError("the browser interview answers by request, not by prompt")

    another = answer
    menu = answer

    def rejected(self, question: Question, path: Any, message: str) -> None:
        raise AnswerError(message)


class ChangedElsewhere(Exception):
    """The draft changed since this page was shown (another tab, or a terminal)."""


def version_of(path: Path) -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        return "new"
    return f"{info.st_mtime_ns}-{info.st_size}"


class DraftAccess:
    """Every read and write of a draft by the web app, in one place (and the only handles to them)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.store = DraftStore(workspace.records_dir)
        self.handles: dict[str, Path] = {}
        self.written: dict[Path, tuple[str, str]] = {}
        """Per draft: the page that wrote it last, and the version it wrote."""

    def handle(self, draft: Draft) -> str:
        for key, path in self.handles.items():
            if path == draft.path:
                return key
        key = secrets.token_urlsafe(12)
        self.handles[key] = draft.path
        return key

    def load(self, handle: str) -> Draft | None:
        path = self.handles.get(handle)
        if path is None or not path.exists():
            return None
        return self.store.load(path)

    def save(self, draft: Draft, seen: str | None) -> str:
        """Write the draft unless someone else changed it since this page saw version ``seen``.

        ``seen`` is "PAGE:VERSION": a page's own autosaves may overlap (two fields changed quickly),
        so a page may write over a version it wrote itself; any other writer (a second tab, a
        terminal) since the page was shown refuses the write.
        """
        self.check(draft, seen)
        self.store.save(draft)
        current = version_of(draft.path)
        if seen is not None:
            self.written[draft.path] = (seen.rpartition(":")[0], current)
        return current

    def check(self, draft: Draft, seen: str | None) -> None:
        """ChangedElsewhere when another page or a terminal wrote the draft after ``seen``."""
        if seen is None:
            return
        current = version_of(draft.path)
        page, _, version = seen.rpartition(":")
        if version != current and self.written.get(draft.path) != (page, current):
            raise ChangedElsewhere

    def remove(self, draft: Draft) -> None:
        self.store.remove(draft)


@dataclass
class Step:
    """One draft opened for one request: its form, the interview over its answers, any problems."""

    workspace: Workspace
    draft: Draft
    interview: Interview = field(init=False)
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, Any] = field(default_factory=dict)
    """What was typed where an answer was refused, shown back so it can be corrected."""

    def __post_init__(self) -> None:
        form = self.workspace.form(self.draft.record_type)
        answers, dropped = restore_answers(form.model, self.draft.answers)
        done = {d for d in self.draft.done if d.split(".")[0] not in dropped}
        context = validation_context(self.workspace.jurisdiction)  # the workspace's state, as in the terminal
        self.interview = Interview(form, Quiet(), answers, done, context=context)

    @property
    def form(self) -> Any:
        return self.interview.form

    @property
    def answers(self) -> dict[str, Any]:
        return self.interview.answers

    def questions(self, section: SectionSpec) -> list[Question]:
        """The section's questions that apply to the answers so far (signatures are signed, not asked)."""
        return [
            self.interview.question(section, spec)
            for spec in section.fields
            if spec.field not in SIGNED_AT_REVIEW and condition_holds(spec, self.answers)
        ]

    def sections(self) -> list[tuple[int, SectionSpec, list[Question]]]:
        found = [(n, s, self.questions(s)) for n, s in enumerate(self.form.sections)]
        return [(n, s, q) for n, s, q in found if q]

    @property
    def signed(self) -> bool:
        record, _ = self.interview.build()
        return record is not None and is_signed(record)

    # --- answers -----------------------------------------------------------------------------

    def apply_section(self, section: SectionSpec, posted: Mapping[str, Any], only: set[str] | None = None) -> None:
        """Every posted answer of the section through the interview's checks; refused ones are kept in ``errors``."""
        for question in self.questions(section):
            if only is not None and not any(p == question.name or p.startswith(question.name + ".") for p in only):
                continue
            if question.kind is Kind.REPEAT:
                self.interview.done.add(question.name)
            elif question.kind is Kind.GROUP:
                values = dict(self.answers.get(question.name) or {})
                self._apply_children(question, values, posted, question.name, only)
                self.answers[question.name] = values
                if not any(k.startswith(question.name + ".") for k in self.errors) and only is None:
                    self._group_rules(question, values, question.name)
                self.interview.done.add(question.name)
            else:
                self._apply_one(question, self.answers, posted, question.name)

    def _apply_one(self, question: Question, owner: dict[str, Any], posted: Mapping[str, Any], name: str) -> None:
        raw = posted.get(name)
        try:
            path = tuple(int(part) if part.isdigit() else part for part in name.split("."))
            owner[question.name] = self.interview.accept(question, raw, owner, path)
        except AnswerError as problem:
            self.errors[name] = str(problem)
            self.typed[name] = raw
            return
        self.interview.done.add(name)

    def _apply_children(
        self, question: Question, values: dict[str, Any], posted: Mapping[str, Any], prefix: str, only: set[str] | None
    ) -> None:
        for child in question.children():
            name = f"{prefix}.{child.name}"
            if only is None or name in only:
                self._apply_one(child, values, posted, name)

    def _group_rules(self, question: Question, values: dict[str, Any], prefix: str) -> None:
        assert question.item_model is not None
        for name, message in item_problems(question.item_model, values):
            self.errors.setdefault(f"{prefix}.{name.split('.')[0]}", message)

    def apply_item(self, question: Question, index: int, posted: Mapping[str, Any]) -> bool:
        """One item of a repeating group (a job), checked whole; True when it was kept."""
        items: list[Any] = self.answers.setdefault(question.name, [])
        values = dict(items[index]) if index < len(items) else {}
        prefix = f"{question.name}.{index}"
        self._apply_children(question, values, posted, prefix, None)
        if not self.errors:
            self._group_rules(question, values, prefix)
        if self.errors:
            return False
        if index < len(items):
            items[index] = values
        else:
            items.append(values)
        self.interview.done.add(prefix)
        return True

    def remove_item(self, question: Question, index: int) -> None:
        items: list[Any] = self.answers.get(question.name) or []
        if 0 <= index < len(items):
            del items[index]
        self.interview.done = {d for d in self.interview.done if not d.startswith(question.name + ".")}
        self.interview.done |= {f"{question.name}.{i}" for i in range(len(items))}

    def error_list(self) -> list[dict[str, str]]:
        """The refused answers for the summary at the top of the page, each linking to its control."""
        labels = {}
        for _, _section, questions in self.sections():
            for question in questions:
                labels[question.name] = question.label
                for child in question.children():
                    labels[f"{question.name}.{child.name}"] = child.label
        found = []
        for name, message in self.errors.items():
            parts = name.split(".")
            key = ".".join(p for p in parts if not p.isdigit())
            label = labels.get(key, name)
            found.append({"id": control_id(name), "text": f"{label}: {message}"})
        return found

    def store_into(self, draft: Draft) -> None:
        draft.answers = plain_value(self.answers)
        draft.done = sorted(self.interview.done)


def as_text(value: Any) -> str:
    """An answer as it is shown for editing in a text box."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    return str(value)


def control_id(name: str) -> str:
    """The HTML id of the control for a dotted answer name (``jobs.0.employer``)."""
    return "q-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def option_code(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def lookup(answers: Mapping[str, Any], dotted_name: str) -> Any:
    node: Any = answers
    for part in dotted_name.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node
