"""The engine seam: what renders a batch's jobs, and how their results reach ``--out``, once.

Two engines implement ``Engine``: the local process pool (pool.py, the default) and Dask
distributed (dask_engine.py, ``--engine dask``). Both run the same job, ``Renderer.render`` in
worker.py (one ``DocumentJob`` in, one ``DocumentResult`` out, the document's bytes inside), so
they cannot drift: the same records give the same folder and manifest, byte for byte.

Exactly once. Dask may run a task twice (a retry after a lost worker, a task stolen between
workers), and a worker may not even see the batch's disk. So no worker writes into ``--out``:
the batch's own process publishes each confirmed result itself (``Publisher``). A document's
name derives from its record (type, id, date; plan.py) and its bytes from its record, template,
form and agency (the render key), so any copy of a result is the same file; the publisher checks
the bytes against their sha256, writes them atomically (temporary file, fsync, rename) and only
for the first result of each job, dropping any later copy. The manifest and the journal are
built from published results only.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ipsdocs.batch.plan import DocumentJob
from ipsdocs.batch.worker import DISK_NEARLY_FULL, DocumentResult
from ipsdocs.errors import IpsdocsError, OutputError, Problem
from ipsdocs.store import atomic_write, inside

if TYPE_CHECKING:
    from ipsdocs.batch.options import BatchOptions

ENGINES = ("local", "dask")
INSTALL_DASK = "pip install 'ipsdocs[dask]'"


class Engine(Protocol):
    """Renders jobs somewhere; hands every result to ``on_result`` in the batch's process."""

    def __enter__(self) -> Engine: ...
    def __exit__(self, *exc: object) -> None: ...
    def run(self, jobs: Iterable[DocumentJob], on_result: Callable[[DocumentResult], None]) -> None:
        """Every job's result, or after ``stop()`` those already finished; ``run([])`` collects the rest."""

    def stop(self) -> None:
        """No new documents (Ctrl-C, a full disk); what finished is still handed over."""


def open_engine(options: BatchOptions, size: int) -> Engine:
    if options.engine == "dask":
        dask_engine = _dask_module()
        return dask_engine.DaskEngine(options.workspace, options.time_limit, options.formats, options.scheduler, size)
    from ipsdocs.batch.pool import WorkerPool

    return WorkerPool(size, options.workspace, options.time_limit, options.formats)


def _dask_module() -> Any:
    """dask_engine.py, imported only here and only for ``--engine dask``."""
    try:
        from ipsdocs.batch import dask_engine
    except ImportError as error:
        if (error.name or "").split(".")[0] not in {"dask", "distributed"}:
            raise
        what = f"needs Dask distributed, which is not installed here: {INSTALL_DASK} (and the same on every worker)"
        raise IpsdocsError.one("--engine dask", what) from None
    return dask_engine


class Publisher:
    """Writes the first confirmed result of each job into ``out``; a second copy is dropped (None)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.seen: set[int] = set()
        self.duplicates = 0

    def __call__(self, job: DocumentJob, result: DocumentResult) -> DocumentResult | None:
        if job.index in self.seen:
            self.duplicates += 1
            return None
        self.seen.add(job.index)
        if not result.written:
            return result
        data = result.data
        if len(data) != result.size or hashlib.sha256(data).hexdigest() != result.sha256:
            what = "arrived damaged from its worker (its bytes do not match their sha256); run the batch again"
            return replace(result, written=False, problems=(Problem(job.source.origin, what),), data=b"")
        try:
            atomic_write(inside(self.out, job.relpath), data)
        except OutputError as error:
            full = shutil.disk_usage(self.out).free < DISK_NEARLY_FULL
            return replace(result, written=False, problems=tuple(error.problems), disk_full=full, data=b"")
        return replace(result, data=b"")
