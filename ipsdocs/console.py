"""Terminal output: rich where it helps, plain words always, never colour alone, never steered by data.

Rich honours NO_COLOR and plain pipes by itself; every status also has a word (OK,
INCOMPLETE, FAILED), so nothing is told by colour alone.

Whatever a record, a key or a file name holds, it reaches the terminal as visible characters:
``visible`` shows control characters in caret notation (ESC as ``^[``, as prompt_toolkit and
``cat -v`` do), C1 controls and the bidirectional overrides as ``<U+009B>``, so no answer can set
the clipboard (OSC 52), move the cursor, recolour the screen or print a fake "OK" line. It runs
once, here, where output is produced: both consoles apply it to every string they are given and
to every piece of text they write (rich's own styling is added after it), and ``plain`` and
``say`` apply it to what is printed without rich. ``escape`` marks a piece of data inside a
message: besides rich markup, it also makes line breaks visible, so one problem is one line.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from ipsdocs.errors import IpsdocsError

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC -> ^[, CR -> ^M, BEL -> ^G
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str, one_line: bool = False) -> str:
    """``text`` with every control character shown, not obeyed; tabs and (unless ``one_line``) line
    breaks are kept."""
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(_shown, text) if pattern.search(text) else text


def escape(value: Any) -> str:
    """A piece of data (a path, a key, a problem) for a rich message: control characters and line
    breaks visible, markup escaped."""
    from rich.markup import escape as markup_escape

    return markup_escape(visible(str(value), one_line=True))


@lru_cache(maxsize=1)
def _console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class VisibleConsole(Console):
        """A rich Console that shows control characters in whatever it prints (see the module doc)."""

        def render_str(self, text: str, *args: Any, **kwargs: Any) -> Any:
            return super().render_str(visible(text), *args, **kwargs)

        def _render_buffer(self, buffer: Any) -> str:
            # Text from a Text object or a table cell that did not come through render_str; rich's
            # own control segments (cursor moves of the progress bar) are kept, styles are added after.
            cleaned = (s if s.control else Segment(visible(s.text), s.style, s.control) for s in buffer)
            return super()._render_buffer(cleaned)

    return VisibleConsole


@lru_cache(maxsize=1)
def out() -> Console:
    return _console_class()(highlight=False, soft_wrap=True)


@lru_cache(maxsize=1)
def err() -> Console:
    return _console_class()(stderr=True, highlight=False, soft_wrap=True)


def report_error(error: IpsdocsError) -> None:
    """One line per problem, naming the file and field; the value itself is never shown."""
    for problem in error.problems:
        err().print(f"[bold red]error:[/] {escape(problem)}")


def plain(message: str) -> None:
    """A message to stderr without rich (control characters shown)."""
    say(message, sys.stderr)


def say(message: str, stream: TextIO | None = None, flush: bool = False) -> None:
    """``print`` for messages that may hold data: control characters are shown, not obeyed."""
    print(visible(message), file=stream or sys.stdout, flush=flush)


class VisibleStream:
    """A text stream that shows control characters in what is written to it (for click's messages)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
