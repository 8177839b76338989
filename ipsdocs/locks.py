"""One writer at a time: locks on a draft, a record being updated, a batch's output folder.

The lock is the standard library's ``fcntl.flock`` on a small file beside what it protects. The
kernel releases it when its process ends, however it ends (a crash, ``kill -9``, a closed
terminal), so a lock never outlives its holder, and waiting for one is the kernel's blocking
call, not a polling loop. The file holds who took the lock (user, host, process, since when)
for the message a second writer reads. A lock file that names someone but is not locked was left
by a process that ended without releasing it (a crash): it is taken over, and ``stale`` says
whose it was, so the caller can say so.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ipsdocs.errors import IpsdocsError, OutputError, Problem

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lock, as written in its lock file."""

    user: str
    host: str
    pid: int
    since: str
    what: str

    def describe(self) -> str:
        """``ana on clinic-pc-3 since 2026-03-12 10:15, process 4121``."""
        since = self.since.replace("T", " ")[:16]
        return f"{self.user} on {self.host} since {since}, process {self.pid}"

    @classmethod
    def me(cls, what: str) -> Holder:
        return cls(_user(), socket.gethostname(), os.getpid(), datetime.now().isoformat(timespec="seconds"), what)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): the number says who
        return f"user {os.getuid()}"


class LockBusy(IpsdocsError):
    """Someone else holds the lock; ``holder`` says who (None if their lock file says nothing yet)."""

    holder: Holder | None = None


def _read_holder(fd: int) -> Holder | None:
    try:
        raw = os.pread(fd, 4096, 0)
        data: Any = json.loads(raw.decode("utf-8")) if raw.strip() else None
        return Holder(**{k: data[k] for k in ("user", "host", "pid", "since", "what")}) if data else None
    except (OSError, ValueError, TypeError, KeyError):
        return None


class FileLock:
    """An exclusive lock on ``path`` (the lock file itself); use ``with`` or ``acquire``/``release``."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self.stale: Holder | None = None
        """Set by ``acquire`` when the lock was left behind by a process that ended without releasing it."""
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: bool = False) -> FileLock:
        """Take the lock; ``LockBusy`` at once if someone holds it, unless ``wait`` (then block until free)."""
        if self._fd is not None:
            return self
        for _ in range(100):  # again only if the holder released (removed the file) as we opened it
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                busy = LockBusy([Problem(str(self.path), self._busy_message(holder))])
                busy.holder = holder
                raise busy from None
            except BaseException:
                os.close(fd)
                raise
            if self._still_ours(fd):
                break
            os.close(fd)
        else:  # pragma: no cover - a hundred releases in a row while we opened: give up plainly
            raise OutputError.one(str(self.path), "the lock file keeps changing; try again")
        self.stale = _read_holder(fd)
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(asdict(Holder.me(self.what))).encode("utf-8"), 0)
            os.fsync(fd)
        except OSError:
            pass  # the lock holds even when the note of who holds it cannot be written (a full disk)
        return self

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            folder = str(self.path.parent)
            reason = (exc.strerror or exc.__class__.__name__).lower()
            raise OutputError.one(
                folder, f"cannot write into this folder ({reason}); choose a folder you can write to"
            ) from None

    def _still_ours(self, fd: int) -> bool:
        """Whether the path still names the file we locked (a releasing holder removes it)."""
        try:
            return os.stat(self.path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except OSError:
            return False

    def _busy_message(self, holder: Holder | None) -> str:
        who = holder.describe() if holder else "another process"
        return f"open in another {holder.what if holder else self.what} ({who})"

    def release(self) -> None:
        """Remove the lock file and release the lock (the file first, so no one locks a removed file)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self._still_ours(fd):
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        os.close(fd)

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


def lock_path(path: Path) -> Path:
    """The lock file for ``path``: hidden, beside it (``records/RB-1/.career_profile_X.yaml.lock``)."""
    name = path.name if path.name.startswith(".") else f".{path.name}"
    return path.with_name(name + LOCK_SUFFIX)


def current_holder(path: Path) -> Holder | None:
    """Who holds the lock file ``path`` now, without taking it; None when no one does."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd) or Holder("someone", "another process", 0, "", "")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
