"""Questions as form controls: plain data for the page templates (every control labelled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipsdocs.interview.loop import model_default
from ipsdocs.interview.questions import Kind, Question
from ipsdocs.web.steps import as_text, control_id, option_code

HINTS = {
    Kind.DATE: "For example 2026-03-04, 3/4/2026 or today.",
    Kind.MONEY: "Dollars, for example 14.25.",
    Kind.INTEGER: "A whole number.",
    Kind.NUMBER: "A number.",
    Kind.TEXT_LIST: "One per line.",
    Kind.LONG_TEXT: "Markdown allowed: - for a list, **bold**.",
}


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class Widget:
    """One control: its name in the posted form, its wording, its current value and any problem."""

    name: str
    id: str
    label: str
    kind: str
    expected: bool
    help: str
    hint: str
    value: str
    error: str
    choices: tuple[Choice, ...] = ()
    inputmode: str = ""

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}-error" if self.error else "", f"{self.id}-hint" if self.hint else ""]
        ids.append(f"{self.id}-help" if self.help else "")
        return " ".join(i for i in ids if i)


def widget(question: Question, name: str, current: Any, error: str = "", typed: Any = None) -> Widget:
    if current is None and not question.required and question.kind not in (Kind.GROUP, Kind.REPEAT):
        current = model_default(question)  # as the terminal offers it: a staff member's usual role
    shown = typed if error and typed is not None else current
    kind = question.kind
    chosen = _chosen(kind, shown)
    choices: tuple[Choice, ...] = ()
    if kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
        choices = tuple(
            Choice(option_code(o.value), o.label, option_code(o.value) in chosen, f"{control_id(name)}-{n}")
            for n, o in enumerate(question.options)
        )
    elif kind is Kind.YES_NO:
        choices = tuple(
            Choice(code, label, code in chosen, f"{control_id(name)}-{code}")
            for code, label in (("yes", "Yes"), ("no", "No"))
        )
    modes = {Kind.INTEGER: "numeric", Kind.MONEY: "decimal", Kind.NUMBER: "decimal"}
    return Widget(
        name=name,
        id=control_id(name),
        label=question.prompt,
        kind=str(kind),
        expected=question.expected,
        help=question.help or "",
        hint=HINTS.get(kind, ""),
        value="" if isinstance(shown, list) and kind is not Kind.TEXT_LIST else _text(shown),
        error=error,
        choices=choices,
        inputmode=modes.get(kind, ""),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else as_text(value)


def _chosen(kind: Kind, value: Any) -> set[str]:
    if value is None or value == "":
        return set()
    if kind is Kind.YES_NO:
        if isinstance(value, bool):
            return {"yes" if value else "no"}
        return {str(value)}
    if isinstance(value, list):
        return {option_code(v) for v in value}
    return {option_code(value)}


def posted_value(question: Question, form: Any, name: str) -> Any:
    """The raw answer as posted: a list for ticked choices, text otherwise (parsed by the interview)."""
    if question.kind is Kind.MULTI_CHOICE:
        return [v for v in form.getlist(name) if v]
    value = form.get(name)
    return value if value is None or isinstance(value, str) else str(value)
