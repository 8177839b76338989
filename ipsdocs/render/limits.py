"""Every render has a time and a memory limit: a runaway template stops, the other documents go on.

Jinja's sandbox keeps a template away from files and internals, not from running for ever
(three nested ``range(10000)`` loops) or asking for 3 GB (``"x" * 3000000000``). So each document is
made in a child process forked from this one for that document alone:

- the child's address space is capped with ``setrlimit(RLIMIT_AS)`` at what the process already
  holds plus ``memory_bytes``: the operating system refuses the allocation, Python raises
  ``MemoryError`` in the template, and nothing else in the machine is squeezed;
- a timer signal in the child stops the template's Python code after ``seconds``; the parent kills
  a child that does not answer even then (stuck in C code) or dies (a crash in a library);
- the child sends back the document's bytes and text, or its problems; then it exits, so whatever
  the template did to its memory goes with it.

Forking costs a few milliseconds: the child starts with every module, font and template the parent
already loaded (``warm_up`` loads the heavy ones first, once, in the parent). A batch's workers are
already such processes, with the same limits of their own (``batch/worker.py``): they render in
process (``isolated=False``).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

DEFAULT_SECONDS = 120.0
MEMORY_BYTES = 1 << 30
"""What one document may use beyond what the process holds when it starts making it (1 GiB)."""


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = DEFAULT_SECONDS
    """0 or less: no time limit."""
    memory_bytes: int = MEMORY_BYTES
    isolated: bool = True
    """Render in a child process of its own; False where the caller's process enforces the limits."""

    @property
    def grace(self) -> float:
        """How long past ``seconds`` the parent waits for the child's own timer before killing it."""
        return min(15.0, max(2.0, self.seconds))


_current = RenderLimits()


def configure(seconds: float | None = None, isolated: bool | None = None) -> RenderLimits:
    """Set the limits every later render of this process uses (the commands' ``--time-limit``)."""
    global _current
    changes: dict[str, Any] = {}
    if seconds is not None:
        changes["seconds"] = seconds
    if isolated is not None:
        changes["isolated"] = isolated
    _current = replace(_current, **changes)
    return _current


def current() -> RenderLimits:
    return _current


class TimeLimitReached(BaseException):
    """Raised in the child when the document's time is up; a BaseException, so no library swallows it."""


@dataclass(frozen=True)
class Stopped:
    """Why a document's child was stopped: ``time``, ``memory``, ``crash`` (died) or ``error`` (unexpected)."""

    reason: str
    detail: str = ""


def address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or ``None`` where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def limit_memory(memory_bytes: int) -> None:
    """Cap this process's address space at what it holds now plus ``memory_bytes``."""
    size = address_space()
    if size is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + memory_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


class time_limit:
    """A timer signal that raises ``TimeLimitReached`` in the Python code running when it fires."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        if self.seconds > 0:
            signal.signal(signal.SIGALRM, _raise_time_limit)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _raise_time_limit(signum: int, frame: object) -> None:
    raise TimeLimitReached


def run_limited(function: Callable[..., Any], args: tuple[Any, ...], limits: RenderLimits) -> Any:
    """``function(*args)`` within the limits; a ``Stopped`` when they stopped it. An ``IpsdocsError``
    raised in the child is raised here again, with its problems."""
    if not limits.isolated:
        return function(*args)
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args, limits), daemon=True)
    process.start()
    sender.close()
    outcome: Any = None
    try:
        timeout = limits.seconds + limits.grace if limits.seconds > 0 else None
        if receiver in wait([receiver, process.sentinel], timeout=timeout):
            with contextlib.suppress(EOFError, OSError):
                outcome = receiver.recv()
    finally:
        if outcome is None and process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if outcome is None:
        timed_out = process.exitcode in (-signal.SIGKILL, None) and limits.seconds > 0
        return Stopped("time" if timed_out else "crash")
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "problems":
        error_class, problems = value
        raise error_class(problems)
    return Stopped(kind, value)


def _child(sender: Any, function: Callable[..., Any], args: tuple[Any, ...], limits: RenderLimits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ipsdocs.errors import IpsdocsError

    outcome: tuple[str, Any]
    try:
        limit_memory(limits.memory_bytes)
        with time_limit(limits.seconds):
            outcome = ("ok", function(*args))
    except TimeLimitReached:
        outcome = ("time", "")
    except MemoryError:
        outcome = ("memory", "")
    except IpsdocsError as error:
        outcome = ("problems", (type(error), error.problems))
    except Exception as error:  # a bug or a library failure: named, never its details (they may hold answers)
        detail = error.__class__.__name__
        if os.environ.get("IPSDOCS_DEBUG"):
            import traceback

            detail = traceback.format_exc()
        outcome = ("error", detail)
    try:
        sender.send(outcome)
    except Exception as error:  # the result could not be sent (too large for the memory left, say)
        sender.send(("error", error.__class__.__name__))
    sender.close()
