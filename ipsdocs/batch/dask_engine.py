"""The Dask engine (``--engine dask``): the same jobs on Dask distributed, here or on a cluster.

The only module that imports Dask, and only imported for ``--engine dask`` (engine.py). Without
``--scheduler`` it starts a ``LocalCluster`` on this machine (worker processes with one thread
each, bound to 127.0.0.1, no dashboard); with an address it submits to that cluster.

What reaches the workers, and why:

- **ipsdocs itself** must be installed on every worker, the same version (``ipsdocs[dask]``),
  with the system libraries and fonts PDF rendering uses (README): a document's bytes depend
  on them.
- **The workspace** (``ipsdocs.toml``, its forms and templates folders, the agency's logo) as
  one bundle: a tar archive made once, with fixed times and modes, named by its sha256, carried
  by a worker plugin. Dask gives a plugin to every worker, also to one that joins or restarts
  later; it unpacks the bundle into the worker's local folder. No shared file system assumed.
- **The records** inside the jobs. The batch's process reads and validates every record anyway
  (the plan, the timeliness findings and the audit summary need them all), so workers need no
  access to the sources, nor to ``--out``: they send each document's bytes back, and the batch
  publishes them once (engine.Publisher). Records are PHI: on a network, use Dask's TLS
  (``tls://`` addresses and the ``distributed.comm.tls`` settings; README).

Operations: results arrive in the batch's progress bar as they finish; Ctrl-C cancels the
futures and keeps what finished; a worker that dies loses only the documents it held, which
Dask runs again elsewhere (up to ``distributed.scheduler.allowed-failures`` times, then that
document fails alone); the per-document time limit holds inside each task (worker.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import shutil
import signal
import tarfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import distributed

from ipsdocs.agency.workspace import Workspace, load_workspace
from ipsdocs.batch.plan import DocumentJob
from ipsdocs.batch.worker import DocumentResult, Renderer, warm_up
from ipsdocs.errors import IpsdocsError, Problem

LOCAL_HOST = "127.0.0.1"
CONNECT_SECONDS = 30


class WorkspaceBundle:
    """The workspace's files a worker needs, as one tar archive named by its sha256."""

    def __init__(self, data: bytes, workspace: Workspace | None = None, root: Path | None = None) -> None:
        self.data = data
        self.digest = hashlib.sha256(data).hexdigest()
        self.builtin = workspace  # the built-in workspace (no folder) travels as it is
        self.root = root

    @classmethod
    def of(cls, workspace: Workspace) -> WorkspaceBundle:
        if workspace.root is None:
            return cls(b"", workspace)
        root = workspace.root
        wanted = [workspace.settings_file, *workspace.template_folders, *workspace.form_folders, workspace.agency.logo]
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for path in sorted({f for p in wanted if p is not None for f in _files(p)}):
                if not path.resolve().is_relative_to(root.resolve()):
                    what = "is outside the workspace folder; Dask workers receive only what is inside it"
                    raise IpsdocsError.one(str(path), what)
                info = tarfile.TarInfo(path.resolve().relative_to(root.resolve()).as_posix())
                data = path.read_bytes()
                info.size, info.mode, info.mtime = len(data), 0o600, 0
                archive.addfile(info, io.BytesIO(data))
        return cls(buffer.getvalue(), root=root)

    def unpack(self, under: Path) -> Workspace:
        """The workspace, unpacked once per worker into ``under/ipsdocs-workspace-<sha256>``.

        A worker that sees the very same files at the batch's own path (this machine, or a shared
        file system) uses them there: WeasyPrint names each image of a PDF by its address, so a
        logo read from another folder gives a PDF that differs in that name (README)."""
        if self.builtin is not None:
            return self.builtin
        if self.root is not None and (self.root / "ipsdocs.toml").is_file():
            with contextlib.suppress(IpsdocsError, OSError):
                here = load_workspace(self.root)
                if WorkspaceBundle.of(here).digest == self.digest:
                    return here
        folder = under / f"ipsdocs-workspace-{self.digest[:16]}"
        if not (folder / ".complete").exists():
            partial = under / f".{folder.name}.{uuid.uuid4().hex}"
            partial.mkdir(mode=0o700, parents=True)
            with tarfile.open(fileobj=io.BytesIO(self.data)) as archive:
                archive.extractall(partial, filter="data")
            (partial / ".complete").touch()
            try:
                partial.rename(folder)
            except OSError:  # another worker of this machine unpacked the same bundle first
                shutil.rmtree(partial, ignore_errors=True)
        return load_workspace(folder)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return [path] if path.is_file() else []


_STATE: dict[str, tuple[Workspace, float]] = {}
_RENDERERS: dict[tuple[str, int], Renderer] = {}
_LOCK = threading.Lock()


class WorkspacePlugin(distributed.WorkerPlugin):
    """Given by Dask to every worker (also later ones): unpacks the workspace, warms the libraries."""

    def __init__(self, name: str, bundle: WorkspaceBundle, time_limit: float, formats: tuple[str, ...]) -> None:
        self.name, self.bundle, self.time_limit, self.formats = name, bundle, time_limit, formats

    def setup(self, worker: Any) -> None:
        local = Path(worker.local_directory)
        workspace = self.bundle.unpack(local)
        warm_up(self.formats)
        _STATE[self.name] = (workspace, self.time_limit)

    def teardown(self, worker: Any) -> None:
        _STATE.pop(self.name, None)
        with _LOCK:
            for key in [k for k in _RENDERERS if k[0] == self.name]:
                _RENDERERS.pop(key).close()


def render_document(batch: str, job: DocumentJob) -> DocumentResult:
    """The task: the same job as the local pool's, with one ``Renderer`` per worker thread."""
    key = (batch, threading.get_ident())
    with _LOCK:
        renderer = _RENDERERS.get(key)
        if renderer is None:
            workspace, time_limit = _STATE[batch]
            renderer = _RENDERERS[key] = Renderer(workspace, None, time_limit)
    return renderer.render(job)


class DaskEngine:
    """Jobs as Dask futures; results handed to ``on_result`` in this process as they complete."""

    def __init__(
        self,
        workspace: Workspace,
        time_limit: float,
        formats: tuple[str, ...],
        scheduler: str | None,
        size: int,
    ) -> None:
        self.bundle = WorkspaceBundle.of(workspace)
        self.time_limit, self.formats, self.scheduler, self.size = time_limit, formats, scheduler, size
        self.name = f"ipsdocs-batch-{uuid.uuid4().hex[:12]}"
        self.cluster: Any = None
        self.client: Any = None
        self.stopping = False
        self._pending: dict[Any, DocumentJob] = {}
        self._completed: Any = None

    def __enter__(self) -> DaskEngine:
        try:
            if self.scheduler is None:
                with _sigint_ignored():  # the workers inherit it: Ctrl-C is this process's to handle
                    self.cluster = distributed.LocalCluster(
                        n_workers=self.size,
                        threads_per_worker=1,
                        processes=True,
                        host=LOCAL_HOST,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
            self.client = distributed.Client(self.cluster or self.scheduler, timeout=CONNECT_SECONDS)
            plugin = WorkspacePlugin(self.name, self.bundle, self.time_limit, self.formats)
            self.client.register_plugin(plugin, name=self.name)
        except (OSError, TimeoutError) as error:
            self.__exit__(None, None, None)
            where = self.scheduler or "a LocalCluster"
            what = _unreachable(where, error)
            raise IpsdocsError.one("--scheduler" if self.scheduler else "--engine dask", what) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.cancel(list(self._pending))
            self._pending.clear()
            with contextlib.suppress(Exception):
                self.client.unregister_worker_plugin(self.name)
            with contextlib.suppress(Exception):
                self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
        self.client = self.cluster = None

    def run(self, jobs: Iterable[DocumentJob], on_result: Callable[[DocumentResult], None]) -> None:
        jobs = list(jobs)
        if jobs and not self.stopping:
            keys = [f"{self.name}-document-{job.index}" for job in jobs]
            futures = self.client.map(render_document, [self.name] * len(jobs), jobs, key=keys, pure=False)
            self._pending.update(zip(futures, jobs, strict=True))
            self._completed = distributed.as_completed(futures, with_results=True, raise_errors=False)
        if self._completed is not None and not self.stopping:
            for future, outcome in self._completed:
                job = self._pending.pop(future, None)
                if job is not None:
                    on_result(_result(job, future.status, outcome))
                if self.stopping:
                    break
        if self.stopping:
            self._keep_finished(on_result)

    def stop(self) -> None:
        """Cancel every document not yet finished; those finished are still handed over."""
        self.stopping = True

    def _keep_finished(self, on_result: Callable[[DocumentResult], None]) -> None:
        finished = [f for f in self._pending if f.status == "finished"]
        unfinished = [f for f in self._pending if f.status != "finished"]
        with contextlib.suppress(Exception):
            self.client.cancel(unfinished)
        for future in finished:
            job = self._pending.pop(future)
            with contextlib.suppress(Exception):
                on_result(_result(job, "finished", future.result(timeout=CONNECT_SECONDS)))
        self._pending.clear()
        self._completed = None


def _result(job: DocumentJob, status: str, outcome: Any) -> DocumentResult:
    """The task's own result, or what became of it: lost with its workers, or cancelled."""
    if status == "finished" and isinstance(outcome, DocumentResult):
        return outcome
    error = outcome[1] if isinstance(outcome, tuple) and len(outcome) == 3 else outcome
    if isinstance(error, distributed.KilledWorker):
        what = "the Dask workers making this document stopped each time it was tried (out of memory? a crash?)"
    elif status == "cancelled" or isinstance(error, distributed.client.CancelledError):
        what = "was not made: the connection to the Dask scheduler was lost, or the cluster cancelled it"
    else:
        name = error.__class__.__name__
        what = f"could not be rendered on the Dask cluster (unexpected {name}; set IPSDOCS_DEBUG=1 to see it)"
    return DocumentResult(job.index, False, problems=(Problem(job.source.origin, what),))


def _unreachable(where: str, error: BaseException) -> str:
    return f"could not reach {where} ({error.__class__.__name__}); check the address, the network and TLS settings"


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
