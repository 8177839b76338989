"""One writer at a time for interviews: the draft, and the record an interview updates or saves.

A second interview of the same draft or record is told who has it open and since when (from the
lock file, ``ipsdocs.locks``), and may wait for it to be closed or look at the answers without
changing anything; with an answers file there is nobody to ask, so it stops with that message.
A lock left by an interview that crashed is taken over, and the person is told.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipsdocs.console import say
from ipsdocs.definitions.forms import FormSpec
from ipsdocs.errors import EXIT_INVALID, EXIT_OK, IpsdocsError
from ipsdocs.interview.drafts import Draft, DraftStore
from ipsdocs.interview.loop import Asker, Interview
from ipsdocs.locks import FileLock, LockBusy, lock_path
from ipsdocs.store import ensure_private_dir


class Finished(Exception):
    """The interview ends before it starts: the person looked read-only, or chose to stop."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Locks:
    """The locks this interview holds (its draft, the record it updates), released when it ends.

    A second interview of the same draft or record is told who has it open and since when, and
    may wait for it to be closed or look at the answers without changing anything; a lock left
    by an interview that crashed is taken over, and the person is told.
    """

    def __init__(self, asker: Asker, drafts: bool = True) -> None:
        self.asker = asker
        self.drafts = drafts
        """Whether drafts are kept (not with an answers file): only a kept draft needs a lock."""
        self.held: dict[Path, FileLock] = {}

    def take_draft(self, store: DraftStore, draft: Draft) -> None:
        if self.drafts:
            ensure_private_dir(store.folder)
            self.take(draft.path, f"the draft {draft.id}")

    def _tell(self, text: str) -> None:
        """To the person at the terminal; with an answers file, to standard output."""
        if self.asker.interactive:
            self.asker.say(text)
        else:
            say(text)

    def holds(self, target: Path) -> bool:
        return lock_path(target).resolve() in self.held

    def take(self, target: Path, what: str, show: Callable[[], None] | None = None) -> bool:
        """Lock ``target`` (a draft or a record file) for this interview; True if it had to wait
        (so what is on disk may have changed since it was read)."""
        path = lock_path(target)
        if path.resolve() in self.held:
            return False
        lock = FileLock(path, "interview")
        waited = False
        try:
            lock.acquire()
        except LockBusy as busy:
            waited = self._busy(lock, target, what, busy, show)
        self.held[path.resolve()] = lock
        if lock.stale is not None:
            self._tell(
                f"An earlier interview of {what} ({lock.stale.describe()}) ended without closing it, perhaps in a "
                "crash; every answer it saved is kept.",
            )
        return waited

    def _busy(self, lock: FileLock, target: Path, what: str, busy: LockBusy, show: Callable[[], None] | None) -> bool:
        who = busy.holder.describe() if busy.holder else "another process"
        if not self.asker.interactive:
            raise IpsdocsError.one(
                str(target), f"{what} is open in another interview ({who}); run this again once it is closed"
            ) from None
        self.asker.say(f"{what[:1].upper()}{what[1:]} is open in another interview ({who}).")
        options = [("wait", "Wait until that interview is closed, then continue here")]
        if show is not None:
            options.append(("read", "Look at the answers without changing anything"))
        options.append(("stop", "Stop"))
        choice = self.asker.menu("open-elsewhere", "What do you want to do?", options)
        if choice == "read" and show is not None:
            show()
            self.asker.say("Nothing was changed.")
            raise Finished(EXIT_OK)
        if choice != "wait":
            self.asker.say("Stopped; nothing was changed.")
            raise Finished(EXIT_INVALID)
        self.asker.say("Waiting for the other interview to be closed (Ctrl-C stops waiting)...")
        lock.acquire(wait=True)
        self.asker.say("The other interview is closed; continuing with what it saved.")
        return True

    def take_for_saving(self, record: Path, draft: str, resume: str) -> None:
        """A record another interview has open is not overwritten: this one keeps its draft instead."""
        if self.holds(record):
            return
        ensure_private_dir(record.parent)
        lock = FileLock(lock_path(record), "interview")
        try:
            lock.acquire()
        except LockBusy as busy:
            who = busy.holder.describe() if busy.holder else "another process"
            kept = f"; your answers are kept in {draft}: {resume} once it is closed" if draft else ""
            raise IpsdocsError.one(
                str(record), f"this record is open in another interview ({who}), so it is not overwritten{kept}"
            ) from None
        self.held[lock_path(record).resolve()] = lock

    def release(self) -> None:
        for lock in self.held.values():
            lock.release()
        self.held.clear()


def show_answers(form: FormSpec, answers: dict[str, Any], done: set[str], asker: Asker) -> None:
    """The answers by section, as the review shows them; nothing can be changed."""
    for line in Interview(form, asker, answers, done, None).summary_lines():
        asker.say(line)
