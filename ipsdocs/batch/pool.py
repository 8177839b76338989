"""The local engine: the worker processes of a batch on this machine (dask_engine.py is the other).

A small pool of our own rather than ``concurrent.futures``: each worker gets one document at a
time, so the parent always knows which document a worker is on. That is what lets it

- kill a worker stuck past the time limit (in C code the timer signal cannot interrupt), fail
  just that document and start a fresh worker;
- replace a worker that died (out of memory, a crash in a library) and fail just its document;
- stop on Ctrl-C without losing anything: no new documents are handed out, those in progress
  finish (a second Ctrl-C stops them too; their temporary files never look like documents).

Workers ignore SIGINT; the parent alone decides how the batch ends. They render in a private
scratch folder of the pool's (worker.scratch_base) and hand the bytes back; the batch publishes
them (engine.Publisher). The pool removes the scratch folder when it closes, also after a kill.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler as _PICKLER
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.plan import DocumentJob
from ipsdocs.batch.worker import DocumentResult, scratch_base
from ipsdocs.errors import Problem

KILL_GRACE_SECONDS = 15.0
WORKER_DOCUMENTS = 1000
"""A worker is replaced by a fresh one after this many documents. WeasyPrint and Pango keep
small caches that still creep (about 3 KiB per PDF, measured with ``tools.bench --memory``);
a new worker costs about a second every few minutes of rendering."""


@dataclass
class _Worker:
    process: Any
    connection: Connection
    job: DocumentJob | None = None
    started: float = 0.0
    done: int = 0


def _context() -> Any:
    """A fresh interpreter per worker via the fork server: no inherited threads or locks, and the
    server imports ipsdocs once so each worker starts in milliseconds."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ipsdocs.batch.worker"])
        return context
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """``size`` worker processes rendering ``DocumentJob``s; results arrive through a callback."""

    def __init__(
        self,
        size: int,
        workspace: Workspace,
        time_limit: float,
        formats: tuple[str, ...],
        max_documents: int = WORKER_DOCUMENTS,
    ) -> None:
        self.size = max(1, size)
        self.max_documents = max_documents
        self._scratch = Path(tempfile.mkdtemp(prefix="ipsdocs-batch-", dir=scratch_base()))
        self._args = (workspace, self._scratch, time_limit, formats)
        self.time_limit = time_limit
        self._context = _context()
        self._workers: list[_Worker] = []
        self.stopping = False

    def __enter__(self) -> WorkerPool:
        self._workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(force=exc[0] is not None and not isinstance(exc[1], Exception))

    def _start(self) -> _Worker:
        from ipsdocs.batch.worker import serve

        parent, child = self._context.Pipe()
        process = self._context.Process(target=serve, args=(child, *self._args), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, jobs: Iterable[DocumentJob], on_result: Callable[[DocumentResult], None]) -> None:
        """Hand out every job; return when all are done or, after ``stop()``, those in progress are."""
        pending = deque(jobs)
        while True:
            if self.stopping:
                pending.clear()
            for worker in self._workers:
                while worker.job is None and pending:
                    self._send(worker, pending.popleft(), on_result)
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                return
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker, on_result)
            self._enforce_time_limit(on_result)

    def stop(self) -> None:
        """No new documents; those in progress finish (Ctrl-C)."""
        self.stopping = True

    def _send(self, worker: _Worker, job: DocumentJob, on_result: Callable[[DocumentResult], None]) -> None:
        """Hand a job to an idle worker; a job that cannot be handed over fails alone, not the batch."""
        try:
            payload = _PICKLER.dumps(job)
        except Exception:  # any pickling failure is this one document's, not the batch's
            on_result(_lost(job, "this record could not be handed to a renderer (an ipsdocs defect: please report it)"))
            return
        worker.job, worker.started = job, time.monotonic()
        worker.connection.send_bytes(payload)

    def _collect(self, worker: _Worker, on_result: Callable[[DocumentResult], None]) -> None:
        job = worker.job
        assert job is not None
        try:
            result = worker.connection.recv()
        except (EOFError, OSError):
            self._replace(worker)
            what = "the renderer stopped unexpectedly (out of memory?) while making this document"
            on_result(_lost(job, what))
            return
        worker.job = None
        worker.done += 1
        on_result(result)
        if worker.done >= self.max_documents and not self.stopping:
            self._retire(worker)

    def _enforce_time_limit(self, on_result: Callable[[DocumentResult], None]) -> None:
        if self.time_limit <= 0:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.job is not None and now - worker.started > self.time_limit + KILL_GRACE_SECONDS:
                job = worker.job
                self._replace(worker)
                what = f"took longer than {self.time_limit:g} s to render and was stopped"
                on_result(_lost(job, what))

    def _retire(self, worker: _Worker) -> None:
        """Let an idle worker exit normally and start a fresh one in its place (see WORKER_DOCUMENTS)."""
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        """End a worker (its document is lost, never half-written: writes are atomic) and start another."""
        if worker.job is None:
            worker.process.join(timeout=5)  # a retired worker was told to exit; give it the chance
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        index = self._workers.index(worker)
        self._workers[index] = self._start()

    def close(self, force: bool = False) -> None:
        """Let workers finish and exit; ``force`` kills them (a second Ctrl-C)."""
        for worker in self._workers:
            if force or worker.job is not None:
                worker.process.kill()
            else:
                try:
                    worker.connection.send(None)
                except OSError:
                    worker.process.kill()
        for worker in self._workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers = []
        shutil.rmtree(self._scratch, ignore_errors=True)


def _lost(job: DocumentJob, what: str) -> DocumentResult:
    return DocumentResult(job.index, False, problems=(Problem(job.source.origin, what),))
