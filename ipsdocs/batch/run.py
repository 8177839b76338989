"""A whole batch: sources -> documents in parallel -> manifest.json and the audit summary.

Nothing stops the batch but Ctrl-C or a full disk: an unreadable or invalid record, a template
that fails, a document that takes too long, each is listed with its problem and the rest go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipsdocs.batch.options import BatchOptions, BatchOutcome, DocumentFailure
from ipsdocs.batch.outdir import Earlier, Journal, batch_identity, prepare_output, remove_partial_files
from ipsdocs.batch.plan import DocumentJob, Planner
from ipsdocs.batch.progress import Progress, make_progress
from ipsdocs.batch.sources import check_arguments, scan_sources
from ipsdocs.batch.worker import DocumentResult


def run_batch(options: BatchOptions, progress: Callable[[int], Progress] = make_progress) -> BatchOutcome:
    """Render every record of ``options.sources`` into ``options.out``; see the module docstring."""
    check_arguments(options.sources)
    identity = batch_identity(options.sources, options.formats, options.workspace)
    earlier = prepare_output(options.out, identity)
    try:
        return _run_locked(options, identity, earlier, progress)
    finally:
        earlier.release()


def _run_locked(
    options: BatchOptions, identity: dict[str, Any], earlier: Earlier, progress: Callable[[int], Progress]
) -> BatchOutcome:
    scan = scan_sources(options.sources, exclude=[options.out], jurisdiction=options.workspace.jurisdiction)
    jobs = Planner(options.workspace, options.archival).jobs(scan.records, options.formats)
    outcome = BatchOutcome(options.out, unusable=list(scan.failures))
    todo = _reuse_earlier(jobs, earlier, outcome)
    journal = Journal(options.out, identity)
    try:
        _render_all(options, todo, outcome, journal, progress)
    finally:
        remove_partial_files(options.out)
    outcome.failures.sort(key=lambda f: (f.path, f.origin))  # in the order of the plan, not of completion
    if outcome.complete:
        outcome.removed = _remove_outdated(options.out, earlier, outcome)
    from ipsdocs.batch.finish import finish_batch

    finish_batch(options, scan, jobs, outcome, identity)
    journal.close(remove=outcome.complete)
    return outcome


def _reuse_earlier(jobs: list[DocumentJob], earlier: Earlier, outcome: BatchOutcome) -> list[DocumentJob]:
    """Keep what an earlier run finished from the same record and template; return the rest."""
    todo = []
    for job in jobs:
        entry = earlier.reusable(job.relpath, job.render_key, outcome.out)
        if entry is None:
            todo.append(job)
            continue
        outcome.documents[job.relpath] = {**entry, "record": record_info(job)}
        outcome.kept += 1
    return todo


def _render_all(
    options: BatchOptions,
    todo: list[DocumentJob],
    outcome: BatchOutcome,
    journal: Journal,
    progress_factory: Callable[[int], Progress],
) -> None:
    if not todo:
        return
    from ipsdocs.batch.engine import Publisher, open_engine

    size = min(options.workers or os.cpu_count() or 1, len(todo))
    engine = open_engine(options, size)
    publish = Publisher(options.out)
    progress = progress_factory(len(todo))
    by_index = {job.index: job for job in todo}

    def on_result(confirmed: DocumentResult) -> None:
        job = by_index[confirmed.index]
        result = publish(job, confirmed)
        if result is None:  # a second copy of a document already published (Dask may run a task twice)
            return
        _record_result(job, result, outcome, journal)
        progress.advance(failed=not result.written)
        if result.disk_full and not outcome.disk_full:
            outcome.disk_full = True
            progress.note(f"The disk holding {options.out} is full: stopping after the documents in progress.")
            engine.stop()

    try:
        with engine:
            try:
                engine.run(todo, on_result)
            except KeyboardInterrupt:
                outcome.interrupted = True
                progress.note("Stopping: keeping the documents finished so far (Ctrl-C again stops at once)...")
                engine.stop()
                engine.run([], on_result)
    finally:
        progress.close()


def _record_result(job: DocumentJob, result: DocumentResult, outcome: BatchOutcome, journal: Journal) -> None:
    outcome.peak_rss_kib.append(result.peak_rss_kib)
    if not result.written:
        outcome.failures.append(DocumentFailure(job.source.origin, job.relpath, job.format, result.problems))
        return
    entry = {
        "path": job.relpath,
        "format": job.format,
        "sha256": result.sha256,
        "size": result.size,
        "pages": result.pages,
        "check": {"status": "incomplete" if result.missing else "complete", "missing": list(result.missing)},
        "record": record_info(job),
        "template": {"name": job.template, "sha256": job.template_sha256},
        "render_key": job.render_key,
    }
    if result.pdf:
        entry["pdf"] = dict(result.pdf)
    outcome.documents[job.relpath] = entry
    outcome.rendered += 1
    journal.add(entry)


def record_info(job: DocumentJob) -> dict[str, Any]:
    source, record = job.source, job.source.record
    person = getattr(record, "person", None)
    return {
        "source": source.origin,
        "sha256": source.sha256,
        "record_type": record.record_type,
        "record_id": record.record_id,
        "client_id": getattr(person, "client_id", None),
    }


def _remove_outdated(out: Path, earlier: Earlier, outcome: BatchOutcome) -> int:
    """Documents an earlier run made from records no longer in the sources (only if unchanged since)."""
    removed = 0
    for path, entry in earlier.documents.items():
        if path in outcome.documents or earlier.reusable(path, entry.get("render_key", ""), out) is None:
            continue
        try:
            (out / path).unlink()
            removed += 1
        except OSError:
            continue
    return removed
