"""Progress of a batch: a rich bar (counts, rate, time left) on a terminal, plain lines otherwise.

Plain lines go to stderr at most every few seconds, so a log of a night's batch stays readable.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol

PLAIN_EVERY_SECONDS = 5.0


class Progress(Protocol):
    def advance(self, failed: bool) -> None: ...
    def note(self, message: str) -> None: ...
    def close(self) -> None: ...


class PlainProgress:
    """``batch: 120/600 documents (3 failed), 14.2 per second, about 34 s left``."""

    def __init__(self, total: int, every: float = PLAIN_EVERY_SECONDS) -> None:
        self.total, self.done, self.failed, self.every = total, 0, 0, every
        self.started = self.last = time.monotonic()
        self.note(f"batch: {total} documents to render")

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            self.note(self.line(now))

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else 0
        failed = f" ({self.failed} failed)" if self.failed else ""
        return f"batch: {self.done}/{self.total} documents{failed}, {rate:.1f} per second, about {left:.0f} s left"

    def note(self, message: str) -> None:
        from ipsdocs.console import say

        say(message, sys.stderr, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    def __init__(self, total: int, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.failed = 0
        self._progress = Progress(
            TextColumn("Rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]}/s"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task("batch", total=total, failed=0, rate="-")
        self._started = time.monotonic()
        self._done = 0
        self._progress.start()

    def advance(self, failed: bool) -> None:
        self._done += 1
        self.failed += failed
        rate = self._done / max(time.monotonic() - self._started, 1e-9)
        self._progress.update(self._task, advance=1, failed=self.failed, rate=f"{rate:.1f}")

    def note(self, message: str) -> None:
        from ipsdocs.console import escape

        self._progress.console.print(escape(message))

    def close(self) -> None:
        self._progress.stop()


def make_progress(total: int) -> Progress:
    from ipsdocs.console import err

    console = err()
    return RichProgress(total, console) if console.is_terminal else PlainProgress(total)
