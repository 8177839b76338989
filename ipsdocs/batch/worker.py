"""One worker process of a batch: renders documents with its forms and templates loaded once.

Runs in a child process (see pool.py). Jinja's sandbox stops a template from reaching files or
Python internals but not from running for ever (``{% for i in range(9999) %}{% for j in ... %}``),
so every document has a time limit enforced by a timer signal inside the worker; the pool kills a
worker that does not answer even then.
"""

from __future__ import annotations

import gc
import hashlib
import resource
import shutil
import signal
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.plan import DocumentJob
from ipsdocs.errors import IpsdocsError, OutputError, Problem

DISK_NEARLY_FULL = 1 << 20


class TimeLimitReached(BaseException):
    """Raised inside a worker when a document takes longer than the batch allows.

    A BaseException, so that no ``except Exception`` in a library swallows it."""


@dataclass(frozen=True)
class DocumentResult:
    """What happened to one document; sent back to the parent process."""

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


class Renderer:
    """A worker's state: the workspace's agency, templates and forms, loaded once."""

    def __init__(self, workspace: Workspace, out_dir: Path, time_limit: float, archival: bool = False) -> None:
        self.workspace = workspace
        self.agency = workspace.agency
        self.templates = workspace.templates
        self.out_dir = out_dir
        self.time_limit = time_limit
        self.archival = archival
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
            full = shutil.disk_usage(self.out_dir).free < DISK_NEARLY_FULL
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
            self.out_dir / job.folder,
            (job.format,),
            self.agency,
            self.templates,
            limits=in_process,
            archival=self.archival,
        )
        file = outcome.files[0]
        missing = tuple(str(finding) for finding in outcome.missing)
        if file.problems or file.path is None:
            return _failed(job, file.problems, missing=missing)
        data = file.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        return DocumentResult(job.index, True, digest, len(data), file.pages, missing, pdf=tuple(file.pdf.items()))


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
    """A timer signal that interrupts the Python code of a runaway template."""

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


def warm_up(formats: tuple[str, ...]) -> None:
    """Import the heavy libraries before the first document, so its time limit covers rendering only."""
    if "docx" in formats:
        import docxtpl  # noqa: F401
    if "pdf" in formats:
        import weasyprint  # noqa: F401


def serve(
    connection: Any,
    workspace: Workspace,
    out_dir: Path,
    time_limit: float,
    formats: tuple[str, ...],
    archival: bool = False,
) -> None:
    """The worker process's loop: a job in, a result out, until the parent sends ``None``."""
    from ipsdocs.render.limits import MEMORY_BYTES, configure, limit_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides how Ctrl-C ends the batch
    warm_up(formats)
    configure(seconds=time_limit, isolated=False)  # this process is the document's sandbox: no second fork
    limit_memory(MEMORY_BYTES)  # a template asking for gigabytes fails its document, not the machine
    renderer = Renderer(workspace, out_dir, time_limit, archival)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(renderer.render(job))
