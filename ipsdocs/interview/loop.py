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
from ipsdocs.definitions.models import DocumentBase, RecordBase
from ipsdocs.definitions.signing import is_signed
from ipsdocs.definitions.validation import field_label, parse_path, plain_message, shown_path, split_field_message
from ipsdocs.interview.questions import (
    AnswerError,
    Kind,
    Option,
    Question,
    is_empty,
    item_problems,
    parse_answer,
    plain_value,
    question_for,
    shown,
)
from ipsdocs.interview.rules import Broken, broken_rules, describe

PathKey = tuple[str | int, ...]
_UNSET = object()

SIGNED_AT_REVIEW = frozenset({"signatures"})
"""Signatures are not asked as a question: a complete record is signed at the review (``interview.signing``)."""


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
    offered: dict[str, str] = field(default_factory=dict)
    """A field whose default answer comes from the records -> the line said before it is asked."""

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
                if spec.field in self.done or self._signed_later(spec.field) or not condition_holds(spec, self.answers):
                    continue
                if not announced:
                    self.asker.say(f"\n== {number}/{len(sections)}  {section.title} ==")
                    announced = True
                self.ask_top(self.question(section, spec))

    def _signed_later(self, name: str) -> bool:
        """A person signs at the review, after the statement of intent; a file may carry signatures as data."""
        return name in SIGNED_AT_REVIEW and self.asker.interactive

    def question(self, section: SectionSpec, spec: FieldSpec) -> Question:
        assert self.model is not None
        question = question_for(self.model, spec.field, spec, section)
        offered = self.suggestions.get(spec.field)
        if offered and question.kind is Kind.SHORT_TEXT and not question.options:
            question = replace(question, options=tuple(Option(text, text) for text in offered))
        return question

    def ask_top(self, question: Question) -> None:
        name = question.name
        if name in self.offered:
            self.asker.say(self.offered[name])
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

    def ask_one(self, question: Question, path: PathKey, current: Any, owner: dict[str, Any]) -> Any:
        """Ask until the answer passes the field's rules and breaks no cross-field rule it did not break before."""
        while True:
            raw = self.asker.answer(question, path, current)
            try:
                return self.accept(question, raw, owner, path)
            except AnswerError as problem:
                self.asker.rejected(self._located(question, path), path, str(problem))

    def accept(self, question: Question, raw: Any, owner: dict[str, Any], path: PathKey | None = None) -> Any:
        """One raw answer checked as every interview checks it (terminal, file, browser): the field's
        rules, then any cross-field rule (of any model in the record) it newly breaks, once the fields
        that rule reads are asked; AnswerError with a message safe to show."""
        value = parse_answer(question, raw)
        where = path if path is not None else (question.name,)
        new = self._rules_broken_by(where, owner, question.name, value)
        if new:
            assert self.model is not None
            said = sorted(b.message + b.detail if b.field == where else describe(self.model, b) for b in new)
            raise AnswerError("; ".join(said))
        return value

    def _located(self, question: Question, path: PathKey) -> Question:
        """A question inside an item of a list is named with its item: "Profile session 2 › Session date"."""
        if not any(isinstance(part, int) for part in path):
            return question
        assert self.model is not None
        return replace(question, label=field_label(self.model, path) or question.label)

    def _rules_broken_by(self, path: PathKey, owner: dict[str, Any], name: str, value: Any) -> list[Broken]:
        """The cross-field rules (of any model in the record) this answer breaks and no answer so far did:
        checked with the answer in place, and with the question asked but left empty."""
        saved = owner.get(name, _UNSET)
        try:
            owner[name] = None
            before = self._broken(path)
            owner[name] = value
            after = self._broken(path)
        finally:
            if saved is _UNSET:
                owner.pop(name, None)
            else:
                owner[name] = saved
        return [broken for key, broken in after.items() if key not in before]

    def _broken(self, current: PathKey) -> dict[Any, Broken]:
        assert self.model is not None
        on_form = {spec.field for _, spec in self.form.fields()}
        hidden = {spec.field for _, spec in self.form.fields() if not condition_holds(spec, self.answers)}

        def asked(path: PathKey) -> bool:
            top = str(path[0])
            if path[: len(current)] == current or top not in on_form or top in hidden:
                return True
            return any(dotted(path[:depth]) in self.done for depth in range(1, len(path) + 1))

        return broken_rules(self.model, self.answers, asked, hidden, context=self.context)

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
            values[child.name] = self.ask(child, child_path, values.get(child.name, model_default(child)), values)
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

    def build(self) -> tuple[BaseModel | None, list[tuple[PathKey, str]]]:
        """The record, or the problems that keep it from being saved as (field path, message)."""
        assert self.model is not None
        try:
            return self.model.model_validate(self.record_data(), context=self.context), []
        except ValidationError as exc:
            problems: list[tuple[PathKey, str]] = []
            for err in exc.errors(include_url=False):
                loc: PathKey = tuple(err["loc"])
                name, message = split_field_message(plain_message(err, self.model))
                problems.append(((*loc, *parse_path(name)), message))
            return None, problems

    def summary_lines(self) -> list[str]:
        lines = ["", f"== Review: {self.form.title} =="]
        for index, section in enumerate(self.form.sections, 1):
            questions = [q for s, q in self.applicable() if s is section]
            # As check and render count it: a section is needed when a question in it is needed.
            tag = " (required section)" if any(q.expected for q in questions) else ""
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
            else:
                self._report_completeness(record)
            signed = record is not None and is_signed(record)
            options = [("save", "Save the record and make its documents")] if record is not None else []
            options += [("sign", "Sign the record (the person served, the specialist)")] if record is not None else []
            options += [] if signed else [("edit", "Change an answer")]
            options += [("stop", "Stop here and keep the draft for later")]
            if signed:
                self.asker.say("Signed, so the answers are locked; a later change is a signed addendum.")
            choice = self.asker.menu("review", "What next?", options)
            if choice == "save" and record is not None:
                return record
            if choice == "stop":
                return None
            if choice == "sign" and isinstance(record, RecordBase):
                self.sign(record)
            elif not signed:
                self.edit()

    def sign(self, record: RecordBase) -> None:
        """One signature: who signs, the statement of intent, their typed name; today's date."""
        from ipsdocs.interview.signing import NAME_QUESTION, ROLE_QUESTION, sign, signers, statement, unsignable

        missing = unsignable(record, [], self.form)
        if missing:
            self.asker.say("The record cannot be signed until it is complete:")
            for line in missing:
                self.asker.say(f"  - {line}")
            return
        people = {s.code: s for s in signers(record)}
        choice = self.asker.menu("sign", "Who signs now?", [(c, s.label) for c, s in people.items()])
        signer = people.get(choice)
        if signer is None:
            return
        self.asker.say(statement(self.form))
        while True:
            name = self.asker.answer(NAME_QUESTION, ("signatures", "signer"), None)
            role = self.asker.answer(ROLE_QUESTION, ("signatures", "role"), None) if signer.code == "other" else None
            try:
                signed = sign(record, signer, name, role)
                break
            except AnswerError as problem:
                self.asker.rejected(NAME_QUESTION, ("signatures", "signer"), str(problem))
        self.keep_signatures(signed)
        self.asker.say(f"Signed by {signed.signatures[-1].signer} on {signed.signatures[-1].signed_on}.")

    def keep_signatures(self, signed: RecordBase) -> None:
        """A signed copy's signatures into the answers (signing changes nothing else)."""
        assert self.model is not None
        plain = {"signatures": plain_value(signed.signatures)}
        self.answers["signatures"] = restore_answers(self.model, plain)[0]["signatures"]
        self.done.add("signatures")
        self.changed()

    def _report_completeness(self, record: BaseModel | None) -> None:
        """What ``ipsdocs check`` would say of this record: the same findings, from the same function."""
        from ipsdocs.render.checks import data_findings

        if not isinstance(record, DocumentBase):
            return
        findings = data_findings(record, self.form)  # type: ignore[arg-type]
        if not findings:
            self.asker.say("Complete: every required section has an answer.")
            return
        self.asker.say("Saving now keeps it incomplete; still missing for a complete record:")
        for finding in findings:
            self.asker.say(f"  - {finding}")

    def _report_unsaveable(self, problems: list[tuple[PathKey, str]]) -> None:
        assert self.model is not None
        by_name = {q.name: q for _, q in self.applicable()}
        first_path, first_message = problems[0]
        if not self.asker.interactive:
            question = by_name.get(str(first_path[0]) if first_path else "") or next(iter(by_name.values()))
            self.asker.rejected(question, first_path or (question.name,), first_message)
        self.asker.say("The record cannot be saved yet:")
        for path, message in problems:
            self.asker.say(f"  - {field_label(self.model, path) or shown_path(path)}: {message}")

    def edit(self) -> None:
        """Change one answer, then ask any question the change makes relevant."""
        questions = {q.name: (s, q) for s, q in self.applicable() if q.name not in SIGNED_AT_REVIEW}
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


def model_default(question: Question) -> Any:
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
