"""The Dask engine on a real LocalCluster: the same bytes as the local pool, exactly once, through
a worker killed mid-batch, Ctrl-C and a runaway template."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from ipsdocs.agency.init import init_workspace  # noqa: E402
from ipsdocs.agency.workspace import find_workspace  # noqa: E402
from ipsdocs.batch.manifest import JOURNAL_NAME, load_manifest, manifest_bytes, verify  # noqa: E402
from ipsdocs.batch.options import BatchOptions  # noqa: E402
from ipsdocs.batch.progress import PlainProgress  # noqa: E402
from ipsdocs.batch.run import run_batch  # noqa: E402
from ipsdocs.definitions.generate import generate, write_folder, write_jsonl  # noqa: E402
from ipsdocs.errors import IpsdocsError  # noqa: E402

IPSDOCS = [sys.executable, "-m", "ipsdocs"]


def quiet(total: int) -> PlainProgress:
    return PlainProgress(total, every=3600)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """One small LocalCluster for the module: 2 worker processes, 1 thread each, on 127.0.0.1."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_records_give_the_same_folder_and_manifest_with_either_engine(tmp_path: Path) -> None:
    """`ipsdocs batch --engine dask` (its own LocalCluster of 2 workers) against the local pool."""
    records = generate(1, seed=4)
    export = write_jsonl(records, tmp_path / "export.jsonl")
    local = run_batch(BatchOptions([export], tmp_path / "local", ("docx", "pdf"), workers=2), quiet)
    command = [*IPSDOCS, "batch", str(export), "-o", str(tmp_path / "dask"), "--engine", "dask", "-j", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and local.exit_code == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{len(records) * 2} documents in" in done.stdout
    ours, theirs = files_of(tmp_path / "local"), files_of(tmp_path / "dask")
    beside = {"manifest.json", "audit-summary.csv", "audit-findings.csv", "audit-summary.pdf", "compliance.csv",
              "compliance.pdf", "outcomes.csv", "outcomes.pdf"}  # fmt: skip
    assert sorted(ours) == sorted(theirs) and set(ours) - beside == {n for n in ours if "/" in n}
    assert len(ours) == len(records) * 2 + len(beside)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert manifest_bytes(load_manifest(tmp_path / "dask")) == (tmp_path / "local" / "manifest.json").read_bytes()
    assert verify(tmp_path / "dask").ok


def test_the_workspace_reaches_the_workers_and_the_time_limit_holds_there(tmp_path: Path, cluster: object) -> None:
    """The workspace's own template and logo travel in the bundle (the same bytes as local); a
    template that loops for ever fails its documents only, after the time limit, on the workers."""
    from PIL import Image

    root = tmp_path / "ws"
    init_workspace(root, "Cape Fear Works")
    Image.new("RGB", (120, 40), (31, 58, 95)).save(root / "logo.png")
    settings = root / "ipsdocs.toml"
    settings.write_text(settings.read_text().replace('logo = ""', 'logo = "logo.png"'))
    level = "{% for i in range(9999) %}"
    loop = level * 3 + "{% endfor %}" * 3  # for ever, no memory
    (root / "templates" / "pdf" / "discharge_plan.html").write_text(loop)
    records = [r for r in generate(2, seed=8) if r.record_type in ("discharge_plan", "admission_discharge")]
    write_folder(records, tmp_path / "in")
    workspace = find_workspace(root)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    options = BatchOptions([tmp_path / "in"], tmp_path / "dask", ("pdf",), 2, workspace, 5.0, scheduler=address)
    options.engine = "dask"
    started = time.monotonic()
    outcome = run_batch(options, quiet)
    plans = [r for r in records if r.record_type == "discharge_plan"]
    problems = [str(p) for f in outcome.failures for p in f.problems]
    assert plans and len(outcome.failures) == len(plans) and outcome.rendered == len(records) - len(plans), problems
    assert all("took longer than 5 s" in problem for problem in problems), problems
    assert time.monotonic() - started < 60
    local = run_batch(BatchOptions([tmp_path / "in"], tmp_path / "local", ("pdf",), 2, workspace, 5.0), quiet)
    assert [str(f.path) for f in local.failures] == [str(f.path) for f in outcome.failures]
    assert files_of(tmp_path / "local") == files_of(tmp_path / "dask")  # logo and agency name included
    assert load_manifest(tmp_path / "local") == load_manifest(tmp_path / "dask") and local.exit_code == 1


def test_a_worker_without_the_workspace_folder_unpacks_the_same_workspace(tmp_path: Path) -> None:
    """The bundle a remote worker unpacks renders what the workspace itself renders: the same DOCX
    bytes (logo included) and the same PDF text."""
    from PIL import Image

    from ipsdocs.batch.dask_engine import WorkspaceBundle
    from ipsdocs.batch.plan import Planner
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.batch.worker import Renderer
    from ipsdocs.render.checks import pdf_pages

    root = tmp_path / "ws"
    init_workspace(root, "Cape Fear Works")
    Image.new("RGB", (120, 40), (31, 58, 95)).save(root / "logo.png")
    settings = root / "ipsdocs.toml"
    settings.write_text(settings.read_text().replace('logo = ""', 'logo = "logo.png"'))
    (root / "forms").joinpath("notes.txt").write_text("kept with the forms")
    workspace = find_workspace(root)
    bundle = WorkspaceBundle.of(workspace)
    bundle.root = None  # as on a machine that cannot see the batch's folder
    unpacked = bundle.unpack(tmp_path / "worker")
    assert unpacked.root != workspace.root and unpacked.agency.logo.read_bytes() == workspace.agency.logo.read_bytes()
    assert WorkspaceBundle.of(unpacked).digest == bundle.digest
    export = write_jsonl([r for r in generate(1, seed=3) if r.record_type == "employment_plan"], tmp_path / "e.jsonl")
    jobs = Planner(workspace).jobs(scan_sources([export]).records, ("docx", "pdf"))
    here, there = Renderer(workspace, tmp_path / "a", 60.0), Renderer(unpacked, tmp_path / "b", 60.0)
    docx_here, docx_there = here.render(jobs[0]), there.render(jobs[0])
    assert docx_here.written and docx_here.data == docx_there.data
    pdf_here, pdf_there = here.render(jobs[1]), there.render(jobs[1])
    texts = [[page for page in pdf_pages(r.data)] for r in (pdf_here, pdf_there)]
    assert pdf_here.written and texts[0] == texts[1] and "Cape Fear" in texts[0][0]


def worker_pids(address: str) -> dict[str, int]:
    with distributed.Client(address, timeout=30) as client:
        return client.run(os.getpid)


def wait_for_workers(address: str, count: int) -> None:
    with distributed.Client(address, timeout=30) as client:
        client.wait_for_workers(count, timeout=60)


def test_a_worker_killed_mid_batch_loses_only_its_documents_which_are_made_once(
    tmp_path: Path, cluster: object
) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    wait_for_workers(address, 2)
    victim = next(iter(worker_pids(address).values()))
    records = generate(1, seed=5)
    export = write_jsonl(records, tmp_path / "export.jsonl")
    seen: list[int] = []

    class KillAfterTheFirst(PlainProgress):
        def advance(self, failed: bool) -> None:
            super().advance(failed)
            seen.append(self.done)
            if self.done == 1:
                os.kill(victim, signal.SIGKILL)  # a worker lost with documents in hand

    options = BatchOptions([export], tmp_path / "out", ("docx", "pdf"), engine="dask", scheduler=address)
    outcome = run_batch(options, lambda total: KillAfterTheFirst(total, every=3600))
    assert outcome.exit_code == 0, [str(p) for f in outcome.failures for p in f.problems]
    assert outcome.rendered == len(records) * 2 == len(seen)  # every document once, none twice
    paths = [doc["path"] for doc in load_manifest(tmp_path / "out")["documents"]]
    assert len(paths) == len(set(paths)) == len(records) * 2
    assert verify(tmp_path / "out").ok and not list((tmp_path / "out").rglob("*.part"))
    with pytest.raises(ProcessLookupError):
        os.kill(victim, 0)
    wait_for_workers(address, 2)  # the nanny started a fresh worker in its place
    assert victim not in worker_pids(address).values()


def test_ctrl_c_cancels_the_futures_keeps_what_finished_and_a_rerun_continues(tmp_path: Path, cluster: object) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    wait_for_workers(address, 2)
    records = generate(2, seed=6)
    export = write_jsonl(records, tmp_path / "export.jsonl")

    class InterruptedAfterThree(PlainProgress):
        def advance(self, failed: bool) -> None:
            super().advance(failed)
            if self.done == 3:
                raise KeyboardInterrupt  # what Ctrl-C raises in the batch's main thread

    options = BatchOptions([export], tmp_path / "out", ("docx",), engine="dask", scheduler=address)
    stopped = run_batch(options, lambda total: InterruptedAfterThree(total, every=3600))
    assert stopped.interrupted and stopped.exit_code == 130
    assert 3 <= stopped.rendered < len(records)
    finished = [p for p in (tmp_path / "out").rglob("*.docx")]
    assert len(finished) == stopped.rendered and (tmp_path / "out" / JOURNAL_NAME).exists()
    assert load_manifest(tmp_path / "out")["complete"] is False
    with distributed.Client(address, timeout=30) as client:  # nothing of the batch left on the cluster
        deadline = time.monotonic() + 30
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0
    again = run_batch(options, quiet)
    assert (again.kept, again.rendered, again.exit_code) == (stopped.rendered, len(records) - stopped.rendered, 0)
    assert verify(tmp_path / "out").ok and not (tmp_path / "out" / JOURNAL_NAME).exists()


def test_without_the_extra_the_dask_engine_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = write_jsonl(generate(1, seed=3)[:1], tmp_path / "export.jsonl")
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without ipsdocs[dask] has
    import ipsdocs.batch

    monkeypatch.delitem(sys.modules, "ipsdocs.batch.dask_engine", raising=False)
    monkeypatch.delattr(ipsdocs.batch, "dask_engine", raising=False)
    with pytest.raises(IpsdocsError) as caught:
        run_batch(BatchOptions([export], tmp_path / "out", ("docx",), engine="dask"), quiet)
    assert "pip install 'ipsdocs[dask]'" in str(caught.value)
    wrong = subprocess.run(
        [*IPSDOCS, "batch", str(export), "-o", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:8786"],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "use it with --engine dask" in wrong.stderr and "Traceback" not in wrong.stderr
    lazy = "import sys, ipsdocs.cli.main, ipsdocs.batch.run, ipsdocs.batch.engine; print('distributed' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", lazy], capture_output=True, text=True).stdout.strip() == "False"


def test_a_second_copy_of_a_result_is_dropped_and_damaged_bytes_are_never_published(tmp_path: Path) -> None:
    from dataclasses import replace

    from ipsdocs.batch.engine import Publisher
    from ipsdocs.batch.plan import Planner
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.batch.worker import Renderer

    export = write_jsonl(generate(1, seed=2)[:2], tmp_path / "export.jsonl")
    workspace = find_workspace(start=tmp_path)
    first, second = Planner(workspace).jobs(scan_sources([export]).records, ("docx",))
    renderer = Renderer(workspace, None, 60.0)
    result = renderer.render(first)
    publish = Publisher(tmp_path / "out")
    published = publish(first, result)
    assert published is not None and published.written and published.data == b""
    assert (tmp_path / "out" / first.relpath).read_bytes() == result.data
    assert publish(first, result) is None and publish.duplicates == 1  # Dask ran it twice: published once
    damaged = replace(renderer.render(second), data=b"not the document")
    refused = publish(second, damaged)
    assert refused is not None and not refused.written and "arrived damaged" in refused.problems[0].what
    assert not (tmp_path / "out" / second.relpath).exists()
    renderer.close()
    assert not renderer.scratch.exists()
