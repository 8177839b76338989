"""The interview: ask a form's questions in order, check each answer at once, never lose one.

The loop talks to an ``Asker`` (the terminal, or a file of answers) and owns everything else:
sections in the form's order, ``when:`` conditions, groups (a person, a job) asked one
sub-question at a time, repeating groups ("add another job?"), cross-field rules checked as
soon as both fields are known, review and edit, and a save after every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from ipsdocs.definitions.forms import FieldSpec, FormSpec, SectionSpec, condition_holds
from ipsdocs.definitions.models import DocumentBase
from ipsdocs.definitions.validation import split_field_message
from ipsdocs.interview.questions import (
    AnswerError,
    Kind,
    Option,
    Question,
    cross_field_problems,
    friendly_message,
    is_empty,
    item_problems,
    parse_answer,
    question_for,
    shown,
)

PathKey = tuple[str | int, ...]


def dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


class Asker(Protocol):
    """Where answers come from: a person at a terminal, or a file (then nothing is re-asked)."""

    interactive: bool

    def say(self, text: str) -> None:
        """Show information (headings, summaries, notes)."""

    def answer(self, question: Question, path: PathKey, default: Any) -> Any:
        """The raw answer to one question (text as typed; a value for choices and yes/no)."""

    def another(self, question: Question, path: PathKey, count: int) -> bool:
        """Whether to add one more item to a repeating group that has ``count`` items."""

    def rejected(self, question: Question, path: PathKey, message: str) -> None:
        """An answer broke a rule: tell the person (it will be asked again) or stop (a file)."""

    def menu(self, key: str, message: str, options: Sequence[tuple[str, str]]) -> str:
        """Pick one of ``options`` (code, label); ``key`` names the menu (review, edit, edit_items)."""


@dataclass
class Interview:
    """One record being built from a form; ``answers`` and ``done`` are what a draft stores."""

    form: FormSpec
    asker: Asker
    answers: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    on_change: Callable[[Interview], None] | None = None
    model: type[BaseModel] | None = None
    context: dict[str, Any] | None = None
    """The validation context the record is built under: the workspace's state (``validation_context``)."""
    suggestions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Short answers to offer for a text field, e.g. the plan's objectives for a service note."""

    def __post_init__(self) -> None:
        if self.model is None:
            self.model = self.form.model

    # --- the walk through the form --------------------------------------------------------------

    def run(self) -> BaseModel | None:
        """Ask what is still unanswered, then review; the saved-ready record, or None to keep a draft."""
        self.walk()
        return self.review()

    def walk(self) -> None:
        """Every applicable question not yet done, in the form's order."""
        sections = self.form.sections
        for number, section in enumerate(sections, 1):
            announced = False
            for spec in section.fields:
                if spec.field in self.done or not condition_holds(spec, self.answers):
                    continue
                if not announced:
                    self.asker.say(f"\n== {number}/{len(sections)}  {section.title} ==")
                    announced = True
                self.ask_top(self.question(section, spec))

    def question(self, section: SectionSpec, spec: FieldSpec) -> Question:
        assert self.model is not None
        question = question_for(self.model, spec.field, spec, section)
        offered = self.suggestions.get(spec.field)
        if offered and question.kind is Kind.SHORT_TEXT and not question.options:
            question = replace(question, options=tuple(Option(text, text) for text in offered))
        return question

    def ask_top(self, question: Question) -> None:
        name = question.name
        self.answers[name] = self.ask(question, (name,), self.answers.get(name), self.answers)
        self.done = {d for d in self.done if not d.startswith(name + ".")} | {name}
        self.changed()

    def changed(self) -> None:
        if self.on_change:
            self.on_change(self)

    def ask(self, question: Question, path: PathKey, current: Any, owner: dict[str, Any]) -> Any:
        if question.kind is Kind.GROUP:
            return self.ask_group(question, path, current)
        if question.kind is Kind.REPEAT:
            return self.ask_repeat(question, path, current)
        return self.ask_one(question, path, current, owner)

    def ask_one(self, question: Question, path: PathKey, current: Any, owner: Mapping[str, Any]) -> Any:
        """Ask until the answer passes the field's rules and breaks no cross-field rule it did not break before."""
        others = {k: v for k, v in owner.items() if k != question.name}
        relevant = self._relevant if owner is self.answers else dict
        before = cross_field_problems(question.model, relevant(others))
        while True:
            raw = self.asker.answer(question, path, current)
            try:
                value = parse_answer(question, raw)
            except AnswerError as problem:
                self.asker.rejected(question, path, str(problem))
                continue
            new = cross_field_problems(question.model, relevant({**others, question.name: value})) - before
            if not new:
                return value
            self.asker.rejected(question, path, "; ".join(sorted(message for _, message in new)))

    def _relevant(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Answers whose question applies given these answers (one that no longer applies is not checked)."""
        hidden = {spec.field for _, spec in self.form.fields() if not condition_holds(spec, values)}
        return {k: v for k, v in values.items() if k not in hidden}

    def _place(self, path: PathKey, value: Any) -> None:
        """Put a live group or list into the answers tree, so a save mid-group keeps its answers."""
        node: Any = self.answers
        for part in path[:-1]:
            node = node[part]
        last = path[-1]
        if isinstance(node, list) and isinstance(last, int) and last == len(node):
            node.append(value)
        else:
            node[last] = value

    def ask_group(self, question: Question, path: PathKey, current: Any) -> dict[str, Any]:
        values: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
        self._place(path, values)
        if len(path) == 1:
            self.asker.say(question.prompt)
        for child in question.children():
            child_path = (*path, child.name)
            if dotted(child_path) in self.done:
                continue
            values[child.name] = self.ask(child, child_path, values.get(child.name, _model_default(child)), values)
            self.done.add(dotted(child_path))
            self.changed()
        self.check_group(question, path, values)
        return values

    def check_group(self, question: Question, path: PathKey, values: dict[str, Any]) -> None:
        """The group's own rules over all its answers; the sub-question named by a rule is asked again."""
        assert question.item_model is not None
        children = {c.name: c for c in question.children()}
        while problems := item_problems(question.item_model, values):
            name, message = problems[0]
            child = children.get(name.split(".")[0]) or next(iter(children.values()))
            child_path = (*path, child.name)
            self.asker.rejected(child, child_path, message)
            values[child.name] = self.ask(child, child_path, values.get(child.name), values)
            self.changed()

    def ask_repeat(self, question: Question, path: PathKey, current: Any) -> list[Any]:
        items: list[Any] = list(current) if isinstance(current, list) else []
        self._place(path, items)
        prefix = dotted(path) + "."
        if not any(d.startswith(prefix) for d in self.done):
            self.done |= {dotted((*path, i)) for i in range(len(items))}
        self.asker.say(question.prompt)
        if items:
            self.asker.say(f"  Recorded so far: {shown(question, items)}")
        for index in range(len(items)):
            if dotted((*path, index)) not in self.done:
                self.ask_item(question, (*path, index), items)
        while (question.max_items is None or len(items) < question.max_items) and self.asker.another(
            question, path, len(items)
        ):
            self.ask_item(question, (*path, len(items)), items)
        return items

    def ask_item(self, question: Question, path: PathKey, items: list[Any]) -> None:
        index = path[-1]
        assert isinstance(index, int)
        current = items[index] if index < len(items) else {}
        self.asker.say(f"  {question.item_name.capitalize()} {index + 1}")
        values = self.ask_group(question, path, current)
        items[index] = values
        self.done.add(dotted(path))
        self.changed()

    # --- review, edit and the finished record ------------------------------------------------------

    def applicable(self) -> Iterator[tuple[SectionSpec, Question]]:
        for section in self.form.sections:
            for spec in section.fields:
                if condition_holds(spec, self.answers):
                    yield section, self.question(section, spec)

    def record_data(self) -> dict[str, Any]:
        """The answers that belong in the record: asked ones whose condition holds, and any the form
        does not ask at all (kept from an updated record, never dropped)."""
        assert self.model is not None
        on_form = {spec.field for _, spec in self.form.fields()}
        data: dict[str, Any] = {"record_type": self.form.record_type}
        applicable = {q.name for _, q in self.applicable()}
        for name in self.model.model_fields:
            if name in self.answers and (name in applicable or name not in on_form):
                value = self.answers[name]
                if not is_empty(value):
                    data[name] = value
        return data

    def build(self) -> tuple[BaseModel | None, list[tuple[str, str]]]:
        """The record, or the problems that keep it from being saved as (field path, message)."""
        assert self.model is not None
        try:
            return self.model.model_validate(self.record_data(), context=self.context), []
        except ValidationError as exc:
            problems = []
            for err in exc.errors(include_input=False, include_url=False):
                loc = ".".join(str(p) for p in err["loc"])
                name, message = split_field_message(friendly_message(err))
                problems.append((f"{loc}.{name}" if loc and name else (name or loc), message))
            return None, problems

    def summary_lines(self) -> list[str]:
        lines = ["", f"== Review: {self.form.title} =="]
        for index, section in enumerate(self.form.sections, 1):
            questions = [q for s, q in self.applicable() if s is section]
            tag = " (required section)" if section.required else ""
            lines.append(f"{index}. {section.title}{tag}")
            for question in questions:
                value = shown(question, self.answers.get(question.name))
                if not value:
                    value = "(no answer yet" + (" - needed for a complete record)" if question.expected else ")")
                lines.append(f"   {question.label}: {value}")
        return lines

    def review(self) -> BaseModel | None:
        """Show every answer by section; save, change an answer, or stop and keep the draft."""
        while True:
            for line in self.summary_lines():
                self.asker.say(line)
            record, problems = self.build()
            if problems:
                self._report_unsaveable(problems)
            options = [("save", "Save the record and make its documents")] if record is not None else []
            options += [("edit", "Change an answer"), ("stop", "Stop here and keep the draft for later")]
            choice = self.asker.menu("review", "What next?", options)
            if choice == "save" and record is not None:
                return record
            if choice == "stop":
                return None
            self.edit()

    def _report_unsaveable(self, problems: list[tuple[str, str]]) -> None:
        by_name = {q.name: q for _, q in self.applicable()}
        first_name, first_message = problems[0]
        top = first_name.split(".")[0]
        if not self.asker.interactive:
            question = by_name.get(top) or next(iter(by_name.values()))
            path: PathKey = tuple(int(p) if p.isdigit() else p for p in first_name.split(".") if p)
            self.asker.rejected(question, path or (question.name,), first_message)
        self.asker.say("The record cannot be saved yet:")
        for name, message in problems:
            question = by_name.get(name.split(".")[0])
            self.asker.say(f"  - {question.label if question else name}: {message}")

    def edit(self) -> None:
        """Change one answer, then ask any question the change makes relevant."""
        questions = {q.name: (s, q) for s, q in self.applicable()}
        options = [(name, f"{s.title} > {q.label}") for name, (s, q) in questions.items()]
        choice = self.asker.menu("edit", "Which answer do you want to change?", [*options, ("back", "Back")])
        if choice not in questions:
            return
        _, question = questions[choice]
        if question.kind is Kind.REPEAT:
            self.edit_items(question)
        else:
            self.done -= {question.name}
            self.ask_top(question)
        self.walk()

    def edit_items(self, question: Question) -> None:
        """Add, change or remove items of a repeating group (a job, a service, a session)."""
        items: list[Any] = self.answers.setdefault(question.name, [])
        noun = question.item_name
        while True:
            options = [("add", f"Add a {noun}")]
            for i, item in enumerate(items):
                short = shown(question, [item]).partition(": ")[2]
                options += [(f"change {i}", f"Change {noun} {i + 1}: {short}")]
                options += [(f"remove {i}", f"Remove {noun} {i + 1}: {short}")]
            choice = self.asker.menu(
                "edit_items", f"{question.label}: what do you want to do?", [*options, ("done", "Done")]
            )
            action, _, number = choice.partition(" ")
            if action == "add" and (question.max_items is None or len(items) < question.max_items):
                self.ask_item(question, (question.name, len(items)), items)
            elif action == "change":
                self.ask_item(question, (question.name, int(number)), items)
            elif action == "remove":
                del items[int(number)]
                self.changed()
            else:
                self.done = {d for d in self.done if not d.startswith(question.name + ".")} | {question.name}
                self.changed()
                return


def _model_default(question: Question) -> Any:
    """The model's default for an optional sub-field (a staff member's role), offered as the answer."""
    info = question.info
    return None if info.is_required() else info.get_default(call_default_factory=True)


# --- answers kept between sessions -----------------------------------------------------------------


def restore_answers(model: type[BaseModel], plain: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Answers saved as plain JSON (a draft, a record) back to values; fields that no longer fit are
    returned by name so they can be asked again."""
    answers: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in plain.items():
        if name not in model.model_fields or name in ("record_type", "schema_version"):
            if name not in ("record_type", "schema_version"):
                dropped.append(name)
            continue
        try:
            answers[name] = _restore(question_for(model, name), value)
        except (AnswerError, TypeError, ValueError, KeyError):
            dropped.append(name)
    return answers, dropped


def _restore(question: Question, value: Any) -> Any:
    if question.kind is Kind.GROUP:
        return _restore_group(question, value)
    if question.kind is Kind.REPEAT:
        if not isinstance(value, list):
            raise ValueError("not a list")
        return [_restore_group(question, item) for item in value]
    if value is None:
        return None
    return parse_answer(question, value)


def _restore_group(question: Question, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("not a group")
    children = {c.name: c for c in question.children()}
    unknown = set(value) - set(children)
    if unknown:
        raise ValueError("unknown sub-field")
    return {name: _restore(children[name], v) for name, v in value.items() if v is not None}


def answered_fields(answers: Mapping[str, Any], form: FormSpec) -> set[str]:
    """Fields of a reopened record that need not be asked again: every answered one except repeating
    groups, which are offered again so that a new job or a new session can be added."""
    done = set()
    for section, spec in form.fields():
        if is_empty(answers.get(spec.field)):
            continue
        if question_for(form.model, spec.field, spec, section).kind is not Kind.REPEAT:
            done.add(spec.field)
    return done


def record_answers(record: DocumentBase) -> dict[str, Any]:
    """A saved record's answers as plain values, for reopening it."""
    return record.model_dump(mode="json", exclude_none=True)
