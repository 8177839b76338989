"""What ``ipsdocs batch`` and ``ipsdocs verify`` do, apart from argument parsing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.options import BatchOptions, BatchOutcome
from ipsdocs.batch.run import run_batch
from ipsdocs.errors import IpsdocsError
from ipsdocs.render.document import Format


def batch_command(
    sources: Sequence[Path],
    out: Path,
    formats: tuple[Format, ...],
    workers: int | None,
    workspace: Workspace,
    time_limit: float,
    make_zip: bool,
    engine: str = "local",
    scheduler: str | None = None,
) -> int:
    if workers is not None and workers < 1:
        raise IpsdocsError.one("--workers", "must be at least 1")
    if time_limit <= 0:
        raise IpsdocsError.one("--time-limit", "must be more than 0 seconds")
    if scheduler is not None and engine != "dask":
        raise IpsdocsError.one("--scheduler", "is the address of a Dask cluster: use it with --engine dask")
    options = BatchOptions(list(sources), out, formats, workers, workspace, time_limit, make_zip, engine, scheduler)
    outcome = run_batch(options)
    report(outcome)
    return outcome.exit_code


def report(outcome: BatchOutcome) -> None:
    """Every failure on its own line (file, field, what is wrong), then the totals and where to look."""
    from rich.markup import escape

    from ipsdocs.console import err, out, report_error

    for failure in outcome.unusable:
        report_error(IpsdocsError(list(failure.problems)))
    for failure in outcome.failures:
        report_error(IpsdocsError(list(failure.problems)))
    if outcome.problems:
        report_error(IpsdocsError(outcome.problems))
    incomplete = sum(1 for d in outcome.documents.values() if d["check"]["status"] != "complete")
    lines = [
        f"{len(outcome.documents)} documents in {outcome.out} ({outcome.rendered} rendered now, "
        f"{outcome.kept} unchanged since an earlier run kept as they were); {incomplete} with required sections "
        "missing (see the audit summary)",
        f"{len(outcome.failures)} documents failed; {len(outcome.unusable)} records could not be used",
    ]
    if outcome.removed:
        lines.append(f"{outcome.removed} documents of records no longer in the sources were removed")
    if outcome.audit_files:
        lines.append(f"Manifest: {outcome.out / 'manifest.json'}; audit summary: {', '.join(outcome.audit_files)}")
    for line in lines:
        out().print(escape(line))
    if outcome.interrupted:
        err().print("Stopped. Every finished document is kept; run the same command again to continue.")
    elif outcome.disk_full:
        err().print(
            escape(
                f"The disk holding {outcome.out} is full. Finished documents are kept; free some space and run "
                "the same command again to continue."
            )
        )


def verify_command(folder: Path) -> int:
    """0 when every file matches the manifest, 1 when any changed, is missing or was added."""
    from rich.markup import escape

    from ipsdocs.batch.manifest import verify
    from ipsdocs.console import out

    if not folder.is_dir():
        raise IpsdocsError.one(str(folder), "no such folder")
    result = verify(folder)
    for label, names in (
        ("CHANGED", result.changed),
        ("MISSING", result.missing),
        ("ADDED", result.added),
        ("UNREADABLE", result.unreadable),
    ):
        for name in names:
            out().print(f"{label:<10}  {escape(str(folder / name))}")
    status = "verified" if result.ok else "does NOT match its manifest"
    out().print(
        escape(
            f"{folder}: {status}: {result.checked} files checked, {len(result.changed)} changed, "
            f"{len(result.missing)} missing, {len(result.added)} added (manifest sha256 {result.manifest_sha256})"
        )
    )
    if not result.complete:
        out().print("Note: the batch that wrote this manifest was stopped before it finished.")
    return 0 if result.ok else 1
