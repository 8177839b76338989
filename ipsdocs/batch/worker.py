"""The job of a batch, the same on every engine: one document from one record, with the
workspace's forms and templates loaded once per worker.

Runs in a child process of the local pool (pool.py) or on a Dask worker (dask_engine.py). A
worker never writes into ``--out``: it renders into its own scratch folder, reads the bytes
back and returns them in the ``DocumentResult``; the batch's own process publishes each
confirmed result once (engine.Publisher). Jinja's sandbox stops a template from reaching files or
Python internals but not from running for ever (``{% for i in range(9999) %}{% for j in ... %}``),
so every document has a time limit: a timer signal in a process's main thread (the local pool),
an exception sent to the rendering thread elsewhere (Dask runs tasks in threads). The local pool
also kills a worker that does not answer even then.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.plan import DocumentJob
from ipsdocs.errors import IpsdocsError, OutputError, Problem
from ipsdocs.store import ensure_private_dir

DISK_NEARLY_FULL = 1 << 20
EXIT_STUCK = 70
"""How a Dask worker ends itself when a document is stuck past its time limit in C code."""


def scratch_base() -> Path | None:
    """Where workers render a document before reading its bytes back and deleting it: memory
    (``/dev/shm``) where the system has it, so that the write's fsync costs nothing (about 10 ms
    per document on a busy disk); else the system's temporary folder."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


class TimeLimitReached(BaseException):
    """Raised inside a worker when a document takes longer than the batch allows.

    A BaseException, so that no ``except Exception`` in a library swallows it."""


@dataclass(frozen=True)
class DocumentResult:
    """What happened to one document; sent back to the batch's process, which publishes ``data``."""

    index: int
    written: bool
    sha256: str = ""
    size: int = 0
    pages: int | None = None
    missing: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    disk_full: bool = False
    peak_rss_kib: int = 0
    seconds: float = 0.0
    pdf: tuple[tuple[str, Any], ...] = ()
    """A PDF's variant and fonts (``RenderedFile.pdf``), as pairs: results cross processes."""
    data: bytes = field(default=b"", repr=False, compare=False)
    """The document's bytes, until published (then dropped)."""


class Renderer:
    """A worker's state: the workspace's agency, templates and forms, loaded once.

    Documents are rendered and checked in a private folder of its own inside ``scratch_root``
    (``scratch_base()`` if None), removed by ``close``, before their bytes are returned."""

    def __init__(self, workspace: Workspace, scratch_root: Path | None, time_limit: float) -> None:
        self.workspace = workspace
        self.agency = workspace.agency
        self.templates = workspace.templates
        if scratch_root is not None:
            ensure_private_dir(scratch_root)
        self.scratch = Path(tempfile.mkdtemp(prefix="ipsdocs-render-", dir=scratch_root or scratch_base()))
        self.time_limit = time_limit
        self._forms: dict[str, Any] = {}
        self.documents = 0

    def form(self, record_type: str) -> Any:
        if record_type not in self._forms:
            self._forms[record_type] = self.workspace.form(record_type)
        return self._forms[record_type]

    def render(self, job: DocumentJob) -> DocumentResult:
        """Render, check and write one document; every failure becomes problems, never an exception."""
        started = time.perf_counter()
        try:
            with _time_limit(self.time_limit):
                result = self._render(job)
        except TimeLimitReached:
            what = f"took longer than {self.time_limit:g} s to render; the template may loop without end"
            result = _failed(job, [Problem(job.source.origin, what)])
        except MemoryError:
            what = "needed more memory than one document may use; the template may build text without end"
            result = _failed(job, [Problem(job.source.origin, what)])
        except OutputError as error:
            full = shutil.disk_usage(self.scratch).free < DISK_NEARLY_FULL
            result = _failed(job, error.problems, disk_full=full)
        except IpsdocsError as error:
            result = _failed(job, error.problems)
        except Exception as error:  # a bug or a library failure: name it, never show the data
            what = f"could not be rendered (unexpected {error.__class__.__name__}; set IPSDOCS_DEBUG=1 to see it)"
            result = _failed(job, [Problem(job.source.origin, what)])
        self.documents += 1
        release_garbage(self.documents)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return replace(result, peak_rss_kib=peak, seconds=time.perf_counter() - started)

    def _render(self, job: DocumentJob) -> DocumentResult:
        from ipsdocs.render.document import render_record
        from ipsdocs.render.limits import RenderLimits

        record = job.source.record
        in_process = RenderLimits(seconds=self.time_limit, isolated=False)  # this worker enforces the limits
        outcome = render_record(
            record,
            self.form(record.record_type),
            self.scratch / job.folder,
            (job.format,),
            self.agency,
            self.templates,
            limits=in_process,
            archival=job.archival,
        )
        file = outcome.files[0]
        missing = tuple(str(finding) for finding in outcome.missing)
        if file.problems or file.path is None:
            return _failed(job, [self._named(job, p) for p in file.problems], missing=missing)
        try:
            data = file.path.read_bytes()
        finally:
            file.path.unlink(missing_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        return DocumentResult(
            job.index, True, digest, len(data), file.pages, missing, data=data, pdf=tuple(file.pdf.items())
        )

    def _named(self, job: DocumentJob, problem: Problem) -> Problem:
        """A problem located in the scratch folder is the document's, named by its place in ``--out``."""
        if not problem.where.startswith(str(self.scratch)):
            return problem
        return replace(problem, where=job.relpath)

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def release_garbage(documents: int) -> None:
    """Free what the last document left, so a worker's memory stays flat over thousands of documents.

    python-docx and WeasyPrint leave each document behind as reference cycles holding lxml trees
    and Pango layouts, memory outside Python's heap. Only CPython's full collection frees them, and
    it runs rarely (its trigger counts objects, not bytes): a worker grew ~10 MiB per 100 DOCX.
    After the first document, what is left (modules, fonts, compiled templates) is frozen, so each
    later full collection scans only the new objects and costs about a millisecond.
    """
    gc.collect()
    if documents == 1:
        gc.freeze()


def _failed(job: DocumentJob, problems: Any, missing: tuple[str, ...] = (), disk_full: bool = False) -> DocumentResult:
    return DocumentResult(job.index, False, missing=missing, problems=tuple(problems), disk_full=disk_full)


class _time_limit:
    """Interrupts the Python code of a runaway template after ``seconds``.

    In a process's main thread (the local pool) a timer signal does it; the pool kills a worker
    that does not answer even then. Signals reach only the main thread, and Dask runs tasks in
    worker threads: there a watchdog thread raises ``TimeLimitReached`` inside the rendering
    thread (``PyThreadState_SetAsyncExc``, which acts, as the signal does, at the next Python
    instruction), again every ``REPEAT_SECONDS`` in case library code swallowed it. If the document
    is still not done ``HARD_STOP_SECONDS`` later (stuck in C code), the watchdog ends the worker
    process, as the local pool would: Dask's nanny starts a fresh one, and the scheduler tries
    the document again, up to its ``allowed-failures``, before failing it alone.
    """

    REPEAT_SECONDS = 0.5
    HARD_STOP_SECONDS = 15.0

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._signal = threading.current_thread() is threading.main_thread()
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._fired = self._done = False
        self._thread = threading.get_ident()

    def __enter__(self) -> None:
        if self.seconds <= 0:
            return
        if self._signal:
            signal.signal(signal.SIGALRM, _raise_time_limit)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            return
        threading.Thread(target=self._watch, name="ipsdocs-time-limit", daemon=True).start()

    def _watch(self) -> None:
        if self._finished.wait(self.seconds):
            return
        hard_stop = time.monotonic() + self.HARD_STOP_SECONDS
        while not self._finished.wait(0 if not self._fired else self.REPEAT_SECONDS):
            if time.monotonic() > hard_stop:
                os._exit(EXIT_STUCK)
            with self._lock:
                if self._done:
                    return
                self._fired = True
                _send_exception(self._thread, TimeLimitReached)

    def __exit__(self, *exc: object) -> None:
        if self.seconds <= 0:
            return
        if self._signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        with self._lock:
            self._done = True
            self._finished.set()
            if self._fired:  # one more may be pending: withdraw it
                _send_exception(self._thread, None)


def _send_exception(thread: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in ``thread`` at its next Python instruction (None withdraws it)."""
    what = ctypes.py_object(exception) if exception else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), what)


def _raise_time_limit(signum: int, frame: object) -> None:
    raise TimeLimitReached


def warm_up(formats: tuple[str, ...]) -> None:
    """Import the heavy libraries before the first document, so its time limit covers rendering only."""
    if "docx" in formats:
        import docxtpl  # noqa: F401
    if "pdf" in formats:
        import weasyprint  # noqa: F401


def serve(
    connection: Any, workspace: Workspace, scratch_root: Path, time_limit: float, formats: tuple[str, ...]
) -> None:
    """The local worker process's loop: a job in, a result out, until the parent sends ``None``."""
    from ipsdocs.render.limits import MEMORY_BYTES, configure, limit_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides how Ctrl-C ends the batch
    warm_up(formats)
    configure(seconds=time_limit, isolated=False)  # this process is the document's sandbox: no second fork
    limit_memory(MEMORY_BYTES)  # a template asking for gigabytes fails its document, not the machine
    renderer = Renderer(workspace, scratch_root, time_limit)
    try:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            with contextlib.suppress(BrokenPipeError):
                connection.send(renderer.render(job))
    finally:
        renderer.close()
