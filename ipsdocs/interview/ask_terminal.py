"""The terminal Asker: the one place questionary and prompt_toolkit are imported.

Traps this module avoids (see design.md): questionary's ``ask()`` swallows Ctrl-C and returns
None, so ``unsafe_ask()`` is used and the interrupt reaches the interview, which keeps the
draft; ``confirm()`` defaults to yes, so every yes/no here defaults to no unless an earlier
answer says yes. Long choice labels (whole sentences) are printed wrapped and numbered above
the menu, whose lines would otherwise be cut at the terminal's edge. Nothing relies on colour:
``*`` marks the questions a complete record needs, and every message starts with a word.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from ipsdocs.interview.questions import Kind, Question

HELP = "\x00help"
"""What a prompt returns when the person asks for help."""
SKIP = "\x00skip"

_HINTS = {
    Kind.DATE: "e.g. 2026-03-04, 3/4/2026 or today",
    Kind.MONEY: "dollars, e.g. 14.25",
    Kind.INTEGER: "a whole number",
    Kind.NUMBER: "a number",
    Kind.TEXT_LIST: "separate several with ;",
    Kind.LONG_TEXT: "Markdown allowed; press Esc then Enter to finish",
}


def _as_text(value: Any) -> str:
    """A default value as it is shown for editing."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


class QuestionaryAsker:
    """Asks at the terminal; ``input``/``output`` let tests drive it through prompt_toolkit pipes."""

    interactive = True

    def __init__(
        self, input: Any = None, output: Any = None, stream: TextIO | None = None, width: int | None = None
    ) -> None:
        self.kwargs = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self.stream = stream
        self.width = width or max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
        self._indent = ""

    # --- output ------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        stream = self.stream or sys.stdout
        for line in text.split("\n"):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            wrapped = textwrap.wrap(
                line,
                self.width - 1,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
                break_long_words=False,
            ) or [""]
            print("\n".join(wrapped), file=stream)
        stream.flush()

    def _help(self, question: Question) -> None:
        self.say(f"  Help: {question.help}" if question.help else "  Help: there is no further help for this question.")

    def rejected(self, question: Question, path: Any, message: str) -> None:
        self.say(f"  Not accepted - {question.label}: {message}. Please answer again.")

    # --- questions ---------------------------------------------------------------------------------

    def answer(self, question: Question, path: Any, default: Any) -> Any:
        if question.help_first and question.help:
            self.say(f"  {question.help}")
        while True:
            result = self._prompt(question, default, nested=len(path) > 1)
            if result != HELP:
                return result
            self._help(question)

    def _prompt(self, question: Question, default: Any, nested: bool) -> Any:
        self._indent = "  " if nested else ""
        message = question.prompt
        if question.kind is Kind.CHOICE:
            return self._choose(question, message, default)
        if question.kind is Kind.MULTI_CHOICE:
            return self._tick(question, message, default or [])
        if question.kind is Kind.YES_NO:
            return self._yes_no(message, bool(default), question)
        return self._text(question, message, default)

    def _qmark(self, question: Question) -> str:
        """``*`` marks what a complete record needs: a character, not a colour."""
        return self._indent + ("*" if question.expected else "-")

    def _text(self, question: Question, message: str, default: Any) -> str:
        import questionary

        hints = [_HINTS[question.kind]] if question.kind in _HINTS else []
        if not question.required:
            hints.append("Enter to skip")
        if question.help:
            hints.append("? for help")
        instruction = f"({'; '.join(hints)})\n " if hints else "\n "
        if question.options and question.kind is Kind.SHORT_TEXT:  # suggestions: Tab completes, any text is fine
            offered = [o.label for o in question.options]
            prompt = questionary.autocomplete(
                f"{message} (Tab: {len(offered)} suggestions from earlier records)",
                choices=offered,
                default=_as_text(default),
                qmark=self._qmark(question),
                match_middle=True,
                **self.kwargs,
            )
            text = prompt.unsafe_ask()
            return HELP if text.strip() == "?" else text
        prompt = questionary.text(
            message,
            default=_as_text(default),
            qmark=self._qmark(question),
            instruction=instruction,
            multiline=question.kind is Kind.LONG_TEXT,
            **self.kwargs,
        )
        text = prompt.unsafe_ask()
        return HELP if text.strip() == "?" else text

    def _listed(self, question: Question) -> list[str]:
        """Menu titles; long labels are printed in full above the menu and shortened in it."""
        labels = [o.label for o in question.options]
        room = self.width - 10
        if all(len(label) <= room for label in labels):
            return labels
        # Labels that already start with their value ("3 = ...", IPS-25 anchors) need no number.
        numbered = [
            label if label.startswith(str(o.value)) else f"{n}. {label}"
            for n, (o, label) in enumerate(zip(question.options, labels, strict=True), 1)
        ]
        self.say("\n\n".join(f"  {label}" for label in numbered))
        return [textwrap.shorten(label, room, placeholder="...") for label in numbered]

    def _choose(self, question: Question, message: str, default: Any) -> Any:
        import questionary

        titles = self._listed(question)
        choices = [questionary.Choice(title, value=str(i)) for i, title in enumerate(titles)]
        if not question.required:
            choices.append(questionary.Choice("(no answer for now)", value=SKIP))
        values = [o.value for o in question.options]
        start = next((c for c, v in zip(choices, values, strict=False) if v == default), None)
        prompt = questionary.select(
            message,
            choices=choices,
            default=start,
            qmark=self._qmark(question),
            instruction=self._menu_hint(question, "arrows, then Enter"),
            **self.kwargs,
        )
        picked = self._with_help_key(prompt).unsafe_ask()
        if picked in (HELP, SKIP):
            return None if picked == SKIP else HELP
        return values[int(picked)]

    def _tick(self, question: Question, message: str, default: list[Any]) -> Any:
        import questionary

        titles = self._listed(question)
        values = [o.value for o in question.options]
        choices = [
            questionary.Choice(title, value=str(i), checked=v in default)
            for i, (title, v) in enumerate(zip(titles, values, strict=True))
        ]
        prompt = questionary.checkbox(
            message,
            choices=choices,
            qmark=self._qmark(question),
            instruction=self._menu_hint(question, "Space ticks, Enter when done"),
            **self.kwargs,
        )
        picked = self._with_help_key(prompt).unsafe_ask()
        return HELP if picked == HELP else [values[int(i)] for i in picked]

    def _menu_hint(self, question: Question, how: str) -> str:
        return f"({how}{'; ? for help' if question.help else ''})"

    def _yes_no(self, message: str, default: bool, question: Question | None = None) -> Any:
        import questionary

        prompt = questionary.confirm(
            message,
            default=default,
            qmark=self._qmark(question) if question else self._indent + "-",
            instruction="(y/N) " if not default else "(Y/n) ",
            **self.kwargs,
        )
        if question is not None and question.help:
            prompt = self._with_help_key(prompt)
        return prompt.unsafe_ask()

    def _with_help_key(self, prompt: Any) -> Any:
        """Pressing ? in a menu or a yes/no question shows the help, then asks again."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()

        @bindings.add("?")
        def _(event: Any) -> None:
            event.app.exit(result=HELP)

        app = prompt.application
        app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
        return prompt

    # --- repeating groups and menus -----------------------------------------------------------------

    def another(self, question: Question, path: Any, count: int) -> bool:
        self._indent = ""
        noun = question.item_name
        article = "an" if noun[:1] in "aeiou" else "a"
        return bool(self._yes_no(f"Add {'another' if count else article} {noun}?", False))

    def menu(self, key: str, message: str, options: Sequence[tuple[str, str]]) -> str:
        import questionary

        room = self.width - 6
        choices = [
            questionary.Choice(textwrap.shorten(label, room, placeholder="..."), value=code) for code, label in options
        ]
        return str(questionary.select(message, choices=choices, qmark="-", **self.kwargs).unsafe_ask())
