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
    Kind.LONG_TEXT: "Markdown allowed",
}
FINISH = "press Esc then Enter to finish"
"""How a long answer ends (Enter alone starts a new line): always shown, never split over two lines."""


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
        self._width = width
        self._indent = ""

    @property
    def width(self) -> int:
        """The terminal's width now (it may have been resized), 40 at least, 100 at most for reading."""
        return self._width or max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))

    # --- output ------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Answers and file names shown to the person: control characters visible, never obeyed."""
        from ipsdocs.console import visible

        stream = self.stream or sys.stdout
        for line in visible(text).split("\n"):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            print("\n".join(wrapped(line, self.width - 1, indent + "  ")), file=stream)
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
        long = question.kind is Kind.LONG_TEXT
        if not question.required:
            hints.append("leave it empty to skip" if long else "Enter to skip")
        if question.help:
            hints.append("? for help")
        if long:
            hints.append(FINISH)
        qmark = self._qmark(question)
        if question.options and question.kind is Kind.SHORT_TEXT:  # suggestions: Tab completes, any text is fine
            offered = [o.label for o in question.options]
            hint = f"({'; '.join([*hints, f'Tab: {len(offered)} suggestions from earlier records'])})"
            prompt = questionary.autocomplete(
                self._header(qmark, message, hint),
                choices=offered,
                default=_as_text(default),
                qmark=qmark,
                match_middle=True,
                **self.kwargs,
            )
            text = prompt.unsafe_ask()
            return HELP if text.strip() == "?" else text
        prompt = questionary.text(
            self._header(qmark, message, f"({'; '.join(hints)})" if hints else ""),
            default=_as_text(default),
            qmark=qmark,
            instruction="\n ",
            multiline=question.kind is Kind.LONG_TEXT,
            **self.kwargs,
        )
        text = prompt.unsafe_ask()
        return HELP if text.strip() == "?" else text

    def _header(self, qmark: str, message: str, hint: str, reserve: int = 0) -> str:
        """The question and its hint, wrapped to the terminal (prompt_toolkit cuts a prompt's lines at the
        edge instead of wrapping them); the hint joins the last line when it fits, else has its own lines.
        Returned without the leading mark, which questionary prints itself."""
        room = self.width - 2  # questionary adds a space after the text
        indent = self._indent + "  "
        lines = wrapped(f"{qmark} {message}", room - reserve, indent)
        if hint:
            last = f"{lines[-1]}  {hint}"
            if len(last) <= room - reserve:
                lines[-1] = last
            else:
                lines += wrapped(indent + hint, room, indent + " ")
        return "\n".join(lines)[len(qmark) + 1 :]

    def _listed(self, question: Question) -> list[str]:
        """Menu titles. Long labels (whole sentences, IPS-25 anchors) are printed in full above the menu,
        wrapped to the terminal, and named by their number and first words in it: a menu taller than the
        terminal would hide its own choices."""
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

    def _title(self, label: str) -> str:
        """A choice's title, its lines after the first indented under its text (past the pointer and tick box)."""
        return "\n".join(wrapped(label, self.width - 8, " " * 5))

    def _choose(self, question: Question, message: str, default: Any) -> Any:
        import questionary

        titles = self._listed(question)
        choices = [questionary.Choice(title, value=str(i)) for i, title in enumerate(titles)]
        if not question.required:
            choices.append(questionary.Choice("(no answer for now)", value=SKIP))
        values = [o.value for o in question.options]
        start = next((c for c, v in zip(choices, values, strict=False) if v == default), None)
        qmark = self._qmark(question)
        hint = self._menu_hint(question, "arrows, then Enter")
        header, instruction = self._menu_header(qmark, message, hint)
        while True:
            prompt = questionary.select(
                header, choices=choices, default=start, qmark=qmark, instruction=instruction, **self.kwargs
            )
            picked = self._with_keys(prompt, help_key=True).unsafe_ask()
            if picked in (HELP, SKIP):
                return None if picked == SKIP else HELP
            index = _index(picked, len(values))
            if index is not None:
                return values[index]
            # Anything but a choice (a key questionary answers with empty text): the question again.

    def _tick(self, question: Question, message: str, default: list[Any]) -> Any:
        import questionary

        titles = self._listed(question)
        values = [o.value for o in question.options]
        qmark = self._qmark(question)
        hint = self._menu_hint(question, "Space ticks, Enter when done")
        header, instruction = self._menu_header(qmark, message, hint)
        while True:
            choices = [
                questionary.Choice(title, value=str(i), checked=v in default)
                for i, (title, v) in enumerate(zip(titles, values, strict=True))
            ]
            prompt = questionary.checkbox(header, choices=choices, qmark=qmark, instruction=instruction, **self.kwargs)
            picked = self._with_keys(prompt, help_key=True).unsafe_ask()
            if picked == HELP:
                return HELP
            indexes = [_index(i, len(values)) for i in picked] if isinstance(picked, list) else [None]
            if None not in indexes:
                return [values[i] for i in indexes if i is not None]

    def _menu_header(self, qmark: str, message: str, hint: str) -> tuple[str, str]:
        """A menu's question, and its hint on the line below it, where the choice made is shown afterwards
        (so a long answer never runs past the edge): (message, instruction) for questionary."""
        indent = self._indent + "  "
        question = self._header(qmark, message, "")
        hint_lines = wrapped(indent + hint, self.width - 2, indent + " ")
        before = "\n".join([question, *hint_lines[:-1]])
        return before + "\n" + indent[:-1], hint_lines[-1][len(indent) :]

    def _menu_hint(self, question: Question, how: str) -> str:
        return f"({how}{'; ? for help' if question.help else ''})"

    def _yes_no(self, message: str, default: bool, question: Question | None = None) -> Any:
        import questionary

        qmark = self._qmark(question) if question else self._indent + "-"
        while True:
            prompt = questionary.confirm(
                self._header(qmark, message, "", reserve=10),  # room for " (y/N) Yes"
                default=default,
                qmark=qmark,
                instruction="(y/N) " if not default else "(Y/n) ",
                **self.kwargs,
            )
            answer = self._with_keys(prompt, help_key=question is not None and bool(question.help)).unsafe_ask()
            if isinstance(answer, bool) or answer == HELP:
                return answer

    def _with_keys(self, prompt: Any, help_key: bool) -> Any:
        """Menus and yes/no questions: ``?`` shows the help, then asks again (when there is help);
        Esc does nothing, so Esc then Enter (how a long answer is finished) is just Enter here.
        Without this, prompt_toolkit reads Esc then Enter as "accept the line" and questionary
        answers the menu with empty text."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()

        @bindings.add("escape", eager=True)
        def _escape(event: Any) -> None:
            pass

        if help_key:

            @bindings.add("?")
            def _help(event: Any) -> None:
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

        choices = [questionary.Choice(self._title(label), value=code) for code, label in options]
        self._indent = ""
        header, instruction = self._menu_header("-", message, "(arrows, then Enter)")
        codes = {code for code, _ in options}
        while True:
            menu = questionary.select(header, choices=choices, qmark="-", instruction=instruction, **self.kwargs)
            picked = self._with_keys(menu, help_key=False).unsafe_ask()
            if picked in codes:
                return str(picked)


def wrapped(line: str, width: int, indent: str) -> list[str]:
    """One line of text wrapped at word boundaries; a word longer than a line (a path, a command, a draft
    id) is kept whole on its own line, so it can be copied; the hint to finish a long answer stays whole."""
    if line.lstrip().startswith("ipsdocs "):  # a command to type: never split, so it can be copied whole
        return [line]
    protected = line.replace(FINISH, FINISH.replace(" ", "\xa0"))
    lines = textwrap.wrap(
        protected, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    ) or [""]
    return [part.replace("\xa0", " ") for part in lines]


def _index(picked: Any, count: int) -> int | None:
    """A menu's answer as the index of a choice, or None for anything else."""
    return int(picked) if isinstance(picked, str) and picked.isdigit() and int(picked) < count else None
