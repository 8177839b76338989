"""``make bench``: how fast a batch renders, and what ipsdocs adds to the bare libraries' cost.

    python -m tools.bench [--people 10] [--sample 15] [--formats docx pdf] [--memory 1000] [--turns 3]

For DOCX and PDF: documents per second with 1 worker and with all workers; the ratio of
ipsdocs's cost per document (render, read back, check, write atomically, hash) to the bare
libraries' cost on the same content (docxtpl render+save of the same template and context;
WeasyPrint write_pdf of the same HTML), both measured here, in this run, in one process; peak
memory of the one worker that rendered every document; ``ipsdocs --help`` time; a second run with
nothing changed; with Dask installed (``ipsdocs[dask]``), documents per second on a Dask
LocalCluster of as many worker processes (one thread each) over the same records, as a ratio to
the local pool, and Dask's overhead per document. ``--memory N`` also has one worker render N
documents per format and prints its peak memory every N/10 documents: flat means no growth.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.engine import Publisher
from ipsdocs.batch.options import BatchOptions
from ipsdocs.batch.plan import Planner
from ipsdocs.batch.progress import PlainProgress
from ipsdocs.batch.run import run_batch
from ipsdocs.batch.sources import scan_sources
from ipsdocs.batch.worker import Renderer, warm_up
from ipsdocs.definitions.generate import generate, write_jsonl
from ipsdocs.render.document import build_context


def quiet(total: int) -> PlainProgress:
    return PlainProgress(total, every=3600)


def bare_seconds(fmt: str, job, workspace: Workspace, scratch: Path) -> float:
    """The bare library on the same content: what any program using it would at least pay."""
    record = job.source.record
    form = workspace.form(record.record_type)
    context = build_context(record, form, workspace.agency)
    started = time.perf_counter()
    if fmt == "docx":
        from docxtpl import DocxTemplate

        from ipsdocs.render.jinja import make_environment

        document = DocxTemplate(str(workspace.templates.docx_template(record.record_type)))
        document.render({**context, "logo": ""}, jinja_env=make_environment(), autoescape=True)
        document.save(str(scratch / "bare.docx"))
        return time.perf_counter() - started
    from weasyprint import HTML

    from ipsdocs.render.pdf import render_html

    dirs = workspace.templates.pdf_dirs
    html = render_html(dirs, f"{record.record_type}.html", context)  # the HTML is the input, not timed
    started = time.perf_counter()
    HTML(string=html, base_url=dirs[0].resolve().as_uri() + "/").write_pdf(str(scratch / "bare.pdf"))
    return time.perf_counter() - started


def overhead(fmt: str, jobs: list, workspace: Workspace, scratch: Path) -> tuple[float, float]:
    """Median seconds per document: bare library, and ipsdocs's whole per-document pipeline."""
    warm_up((fmt,))
    scratch.mkdir(parents=True, exist_ok=True)
    renderer = Renderer(workspace, None, time_limit=0)
    publish = Publisher(scratch / "ipsdocs")
    for job in jobs[:2]:  # warm caches (fonts, compiled templates) for both, untimed
        renderer.render(job)
        bare_seconds(fmt, job, workspace, scratch)
    bare, ours = [], []
    for job in jobs:
        bare.append(bare_seconds(fmt, job, workspace, scratch))
        started = time.perf_counter()
        result = publish(job, renderer.render(job))  # the worker's part, then the batch's atomic write
        ours.append(time.perf_counter() - started)
        assert result is not None and result.written, result
    return statistics.median(bare), statistics.median(ours)


def _host_font_style(scratch: Path) -> Path:
    """The built-in PDF folder as it was before fonts were shipped: no @font-face, the host's fonts."""
    import re
    import shutil

    from ipsdocs.paths import builtin_dir

    folder = scratch / "host-fonts-pdf"
    shutil.copytree(
        builtin_dir("templates") / "pdf", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("fonts")
    )
    css = (folder / "style.css").read_text()
    css = re.sub(r"@font-face \{[^}]*\}\s*", "", css)
    css = re.sub(
        r"html \{ font-family: [^;]*;", 'html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;', css
    )
    (folder / "style.css").write_text(css)
    return folder


PDF_VARIANTS = (
    ("before: host fonts, untagged", "host", None),
    ("shipped fonts, untagged", "shipped", None),
    ("shipped fonts, tagged PDF/UA-1 (default)", "shipped", "pdf/ua-1"),
    ("shipped fonts, PDF/A-3a (--archival)", "shipped", "pdf/a-3a"),
)


def pdf_variant_costs(jobs: list, workspace: Workspace, scratch: Path) -> dict[str, float]:
    """Median seconds per PDF (layout + write) of each variant, on the same HTML, interleaved."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from ipsdocs.render.pdf import render_html

    dirs = workspace.templates.pdf_dirs
    folders = {"host": _host_font_style(scratch), "shipped": dirs[0]}
    configs = {"host": FontConfiguration(), "shipped": FontConfiguration()}  # one per process, as ipsdocs keeps
    times: dict[str, list[float]] = {label: [] for label, _, _ in PDF_VARIANTS}
    for round_ in range(2):
        for job in jobs:
            record = job.source.record
            context = build_context(record, workspace.form(record.record_type), workspace.agency)
            html = render_html(dirs, f"{record.record_type}.html", context)
            for label, fonts, variant in PDF_VARIANTS:
                started = time.perf_counter()
                document = HTML(string=html, base_url=folders[fonts].resolve().as_uri() + "/")
                document.render(font_config=configs[fonts]).write_pdf(pdf_variant=variant)
                if round_:  # the first round warms fonts and caches, untimed
                    times[label].append(time.perf_counter() - started)
    return {label: statistics.median(values) for label, values in times.items()}


def throughput(
    sources: list[Path], out: Path, fmt: str, workers: int, scheduler: str | None = None
) -> tuple[float, object, float]:
    started = time.perf_counter()
    engine = "dask" if scheduler else "local"
    options = BatchOptions(sources, out, (fmt,), workers=workers, engine=engine, scheduler=scheduler)
    outcome = run_batch(options, quiet)
    seconds = time.perf_counter() - started
    assert not outcome.failures, outcome.failures  # type: ignore[attr-defined]
    return outcome.rendered / seconds, outcome, seconds


def start_dask(workers: int) -> tuple[object | None, float]:
    """A LocalCluster as ``--engine dask`` starts one (processes, 1 thread each, 127.0.0.1), and how
    long it took to start; None without the ``ipsdocs[dask]`` extra."""
    try:
        import logging

        from distributed import LocalCluster
    except ImportError:
        return None, 0.0
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return cluster, time.perf_counter() - started


def dask_line(export: Path, scratch: Path, fmt: str, cores: int, cluster: object, repeat: int) -> str:
    """Documents/s on the cluster and with the local pool over the same records, run in turns
    ``repeat`` times (medians, so that a change in the machine's load hits both alike), their
    ratio, and Dask's cost: per batch (connect, hand the workspace over) and per document."""
    from ipsdocs.batch.dask_engine import DaskEngine

    address = cluster.scheduler_address  # type: ignore[attr-defined]
    for _ in range(2):  # the first also imports the libraries on the workers (that is in no rate)
        started = time.perf_counter()
        with DaskEngine(Workspace(), 120.0, (fmt,), address, cores):  # connect, hand the workspace over
            pass
        fixed = time.perf_counter() - started
    local, dask, extra = [], [], []
    for turn in range(repeat):
        here, outcome, here_seconds = throughput([export], scratch / f"{fmt}-local-{turn}", fmt, cores)
        there, _, there_seconds = throughput([export], scratch / f"{fmt}-dask-{turn}", fmt, cores, scheduler=address)
        local.append(here)
        dask.append(there)
        extra.append((there_seconds - fixed - here_seconds) / outcome.rendered * 1000)  # type: ignore[attr-defined]
    ratio = statistics.median(d / lo for d, lo in zip(dask, local, strict=True))
    per_document = statistics.median(extra)
    return (
        f"      Dask LocalCluster ({cores} processes x 1 thread) against the local pool ({cores} workers), "
        f"{repeat} turns each: {statistics.median(dask):.1f} vs {statistics.median(local):.1f} documents/s, "
        f"ratio {ratio:.2f} (turns: {' '.join(f'{d / lo:.2f}' for d, lo in zip(dask, local, strict=True))})\n"
        f"      Dask's cost: {fixed:.2f} s per batch to connect and hand the workspace over, then "
        f"{per_document:.1f} ms more per document ({per_document * cores:.1f} ms of worker time)"
    )


def memory_curve(peaks_kib: list[int], points: int = 10) -> str:
    """Peak memory of one worker after every ``len/points`` documents, e.g. ``66 66 67 ... MiB``."""
    step = max(1, len(peaks_kib) // points)
    marks = list(range(step, len(peaks_kib) + 1, step))
    if marks[-1] != len(peaks_kib):
        marks.append(len(peaks_kib))
    return " ".join(f"{peaks_kib[n - 1] / 1024:.0f}" for n in marks) + f" MiB (every {step} documents)"


def memory_run(documents: int, fmt: str, scratch: Path) -> str:
    """One worker renders ``documents`` documents of generated records, every record different."""
    export = write_jsonl(generate(math.ceil(documents / 6) + 1, seed=7)[:documents], scratch / f"memory-{fmt}.jsonl")
    _, outcome, seconds = throughput([export], scratch / f"memory-{fmt}", fmt, 1)
    assert not outcome.failures, outcome.failures  # type: ignore[attr-defined]
    peaks = outcome.peak_rss_kib  # type: ignore[attr-defined]
    return f"{fmt.upper()}: 1 worker, {len(peaks)} documents in {seconds:.0f} s; peak memory {memory_curve(peaks)}"


def help_seconds() -> float:
    command = [str(Path(sys.executable).with_name("ipsdocs")), "--help"]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "ipsdocs", "--help"]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def practice_bench(args: argparse.Namespace, workspace: Workspace, scratch: Path) -> None:
    """Issue 15: one service note's document against the bare library, and the cross-record checks."""
    from tools.bench_practice import check_figures, note_export, note_jobs

    records = scan_sources([note_export(scratch)]).records
    for fmt in args.formats:
        jobs = note_jobs(records, Planner(workspace), fmt, args.sample)
        bare, ours = overhead(fmt, jobs, workspace, scratch / f"note-{fmt}")
        print(
            f"{fmt.upper()}: service note (one page), median per document: bare {bare * 1000:.0f} ms, "
            f"ipsdocs {ours * 1000:.0f} ms, ratio {ours / bare:.2f}"
        )
    print(check_figures(args.practice_people))
    from tools.bench_reports import report_figures  # issue 16

    print(report_figures(args.practice_people))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=8, help="fictional people (about 7 records each)")
    parser.add_argument("--sample", type=int, default=15, help="documents timed one by one for the ratios")
    parser.add_argument("--formats", nargs="+", default=["docx", "pdf"], choices=["docx", "pdf"])
    parser.add_argument("--memory", type=int, default=0, help="also: one worker's memory over this many documents")
    parser.add_argument("--turns", type=int, default=3, help="local pool and Dask run in turns this many times")
    parser.add_argument(
        "--practice-people", type=int, default=1000, help="people for the practice checks' cost (0: skip)"
    )
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    scratch = Path(tempfile.mkdtemp(prefix="ipsdocs-bench-"))
    export = write_jsonl(generate(args.people, seed=42), scratch / "records.jsonl")
    workspace = Workspace()
    records = scan_sources([export]).records
    print(f"{len(records)} generated records for {args.people} people; {cores} cores; figures from this run")
    print(f"ipsdocs --help: {help_seconds() * 1000:.0f} ms")
    cluster, startup = start_dask(cores)
    if cluster is not None:
        print(f"Dask LocalCluster of {cores} workers started in {startup:.1f} s (once per batch; not in the rates)")
    for fmt in args.formats:
        jobs = Planner(workspace).jobs(records, (fmt,))
        sample = [j for j in jobs if j.source.record.record_type == "employment_plan"][: args.sample]
        bare, ours = overhead(fmt, sample, workspace, scratch / fmt)
        one, alone, _ = throughput([export], scratch / f"{fmt}-1", fmt, 1)
        many, _, _ = throughput([export], scratch / f"{fmt}-n", fmt, cores)
        started = time.perf_counter()
        again = run_batch(BatchOptions([export], scratch / f"{fmt}-n", (fmt,), workers=cores), quiet)
        rerun = time.perf_counter() - started
        peaks = alone.peak_rss_kib  # type: ignore[attr-defined]  # one worker saw every document
        tenth = max(1, len(peaks) // 10)
        print(
            f"{fmt.upper()}: employment plan, median per document: bare {bare * 1000:.0f} ms, ipsdocs "
            f"{ours * 1000:.0f} ms, ratio {ours / bare:.2f}\n"
            f"      {one:.1f} documents/s with 1 worker, {many:.1f} with {cores} ({many / one:.2f}x) "
            f"over {len(jobs)} documents\n"
            f"      peak memory of the 1 worker: {peaks[tenth - 1] / 1024:.0f} MiB after {tenth} documents, "
            f"{peaks[-1] / 1024:.0f} MiB after {len(peaks)}\n"
            f"      second run with nothing changed: {rerun:.1f} s ({again.kept} kept, {again.rendered} rendered)"
        )
        if cluster is not None:
            print(dask_line(export, scratch, fmt, cores, cluster, args.turns))
    if "pdf" in args.formats:
        sample = [
            j for j in Planner(workspace).jobs(records, ("pdf",)) if j.source.record.record_type == "employment_plan"
        ]
        costs = pdf_variant_costs(sample[: args.sample], workspace, scratch)
        before = costs[PDF_VARIANTS[0][0]]
        shipped = costs[PDF_VARIANTS[1][0]]
        print("PDF variants (employment plan, median per PDF, same run; ratios against the line they name):")
        for label, _, _ in PDF_VARIANTS:
            print(
                f"      {label}: {costs[label] * 1000:.0f} ms, {costs[label] / before:.2f}x before, "
                f"{costs[label] / shipped:.2f}x shipped-untagged"
            )
    if args.practice_people:
        practice_bench(args, workspace, scratch)
    if args.memory:
        print(f"Memory of one worker over {args.memory} documents (flat = no growth):")
        for fmt in args.formats:
            print("      " + memory_run(args.memory, fmt, scratch))
    if cluster is not None:
        cluster.close()  # type: ignore[attr-defined]
    print(f"(scratch files in {scratch})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
