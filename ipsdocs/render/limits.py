"""Every render has a time and a memory limit: a runaway template stops, the other documents go on.

Jinja's sandbox keeps a template away from files and internals, not from running for ever
(three nested ``range(10000)`` loops) or asking for gigabytes. So documents are made in a render
worker: a child process forked from this one, as a batch's workers are (``batch/pool.py``), one
document at a time:

- the worker's address space is capped with ``setrlimit(RLIMIT_AS)`` at what it holds when it
  starts plus ``memory_bytes``: the operating system refuses the allocation, Python raises
  ``MemoryError`` in the template, and nothing else on the machine is squeezed (a timer or a
  memory check in this process could not stop one allocation of 3 GB; the kernel can);
- a timer signal in the worker stops the template's Python code after ``seconds``; this process kills
  a worker that does not answer even then (stuck in C code) or dies (a crash in a library);
- the worker sends back the document's bytes and text, or its problems. A worker a limit stopped is
  killed and the next document gets a fresh one; so is one after ``WORKER_DOCUMENTS``.

The worker lives as long as the command, so it keeps what it has loaded (docxtpl, WeasyPrint, fonts,
compiled templates) from one document to the next: ``render`` of one record costs what it did in
process, and a demo or an interview's save pays for the libraries once. A batch's workers are already
such processes, with limits of their own (``batch/worker.py``): they render in process
(``isolated=False``).
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


WORKER_DOCUMENTS = 1000
"""A render worker is replaced after this many documents (as a batch's are: ``batch/pool.py``)."""


COLLECT_EVERY = 20
"""Documents between two full garbage collections in the worker: often enough to keep its memory flat
(``batch/worker.py`` explains the cycles), rarely enough that ``render`` of a few records pays nothing."""


@dataclass
class _Worker:
    process: Any
    connection: Any
    done: int = 0


_worker: _Worker | None = None


def run_limited(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    limits: RenderLimits,
    prepare: tuple[Callable[..., Any], tuple[Any, ...]] | None = None,
) -> Any:
    """``function(*args)`` within the limits, in this process's render worker; a ``Stopped`` when the
    limits stopped it (the worker is then replaced). An ``IpsdocsError`` raised there is raised here
    again, with its problems. ``prepare`` runs first, outside the time limit (importing a library)."""
    if not limits.isolated:
        if prepare is not None:
            prepare[0](*prepare[1])
        return function(*args)
    from multiprocessing.connection import wait
    from multiprocessing.reduction import ForkingPickler

    global _worker
    payload = bytes(ForkingPickler.dumps((function, args, prepare, limits.seconds)))
    worker = _worker if _worker is not None and _worker.process.is_alive() else _start(limits)
    _worker = worker
    outcome: Any = None
    try:
        worker.connection.send_bytes(payload)
        timeout = limits.seconds + limits.grace if limits.seconds > 0 else None
        if worker.connection in wait([worker.connection, worker.process.sentinel], timeout=timeout):
            with contextlib.suppress(EOFError, OSError):
                outcome = worker.connection.recv()
    finally:
        worker.done += 1
        if outcome is None or outcome[0] not in ("ok", "problems") or worker.done >= WORKER_DOCUMENTS:
            _stop(worker)
            _worker = None
    if outcome is None:
        timed_out = worker.process.exitcode in (-signal.SIGKILL, None) and limits.seconds > 0
        return Stopped("time" if timed_out else "crash")
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "problems":
        error_class, problems, exit_code = value
        raise error_class(problems, exit_code)
    return Stopped(kind, value)


def _start(limits: RenderLimits) -> _Worker:
    """Fork the render worker: it starts with every module this process has loaded."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe()
    process = context.Process(target=_serve, args=(sender, limits.memory_bytes), daemon=True)
    process.start()
    sender.close()
    return _Worker(process, receiver)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()


def _serve(connection: Any, memory_bytes: int) -> None:
    """The render worker's loop: a job in, its outcome out, until the parent goes away."""
    import gc
    import pickle

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit_memory(memory_bytes)
    documents = 0
    while True:
        try:
            function, args, prepare, seconds = pickle.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        outcome = _attempt(function, args, prepare, seconds)
        try:
            connection.send(outcome)
        except Exception as error:  # the result could not be sent (too large for the memory left, say)
            connection.send(("error", error.__class__.__name__))
        del function, args, outcome
        documents += 1
        if documents == 1:  # modules, fonts, compiled templates: later collections scan only what is new
            gc.collect()
            gc.freeze()
        elif documents % COLLECT_EVERY == 0:  # what documents left in reference cycles (lxml trees, Pango layouts)
            gc.collect()


def _attempt(function: Callable[..., Any], args: tuple[Any, ...], prepare: Any, seconds: float) -> tuple[str, Any]:
    from ipsdocs.errors import IpsdocsError

    try:
        if prepare is not None:
            prepare[0](*prepare[1])
        with time_limit(seconds):
            return ("ok", function(*args))
    except TimeLimitReached:
        return ("time", "")
    except MemoryError:
        return ("memory", "")
    except IpsdocsError as error:
        return ("problems", (type(error), error.problems, error.exit_code))
    except Exception as error:  # a bug or a library failure: named, never its details (they may hold answers)
        detail = error.__class__.__name__
        if os.environ.get("IPSDOCS_DEBUG"):
            import traceback

            detail = traceback.format_exc()
        return ("error", detail)
