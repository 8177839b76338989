"""``make bench``: how fast a batch renders, and what ipsdocs adds to the bare libraries' cost.

    python -m tools.bench [--people 10] [--sample 15] [--formats docx pdf] [--memory 1000]

For DOCX and PDF: documents per second with 1 worker and with all workers; the ratio of
ipsdocs's cost per document (render, read back, check, write atomically, hash) to the bare
libraries' cost on the same content (docxtpl render+save of the same template and context;
WeasyPrint write_pdf of the same HTML), both measured here, in this run, in one process; peak
memory of the one worker that rendered every document; ``ipsdocs --help`` time; a second run with
nothing changed. ``--memory N`` also has one worker render N documents per format and prints its
peak memory every N/10 documents: flat means no growth.
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
    renderer = Renderer(workspace, scratch / "ipsdocs", time_limit=0)
    for job in jobs[:2]:  # warm caches (fonts, compiled templates) for both, untimed
        renderer.render(job)
        bare_seconds(fmt, job, workspace, scratch)
    bare, ours = [], []
    for job in jobs:
        bare.append(bare_seconds(fmt, job, workspace, scratch))
        started = time.perf_counter()
        result = renderer.render(job)
        ours.append(time.perf_counter() - started)
        assert result.written, result.problems
    return statistics.median(bare), statistics.median(ours)


def throughput(sources: list[Path], out: Path, fmt: str, workers: int) -> tuple[float, object, float]:
    started = time.perf_counter()
    outcome = run_batch(BatchOptions(sources, out, (fmt,), workers=workers), quiet)
    seconds = time.perf_counter() - started
    return outcome.rendered / seconds, outcome, seconds


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
    if args.practice_people:
        practice_bench(args, workspace, scratch)
    if args.memory:
        print(f"Memory of one worker over {args.memory} documents (flat = no growth):")
        for fmt in args.formats:
            print("      " + memory_run(args.memory, fmt, scratch))
    print(f"(scratch files in {scratch})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
