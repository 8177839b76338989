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
    archival: bool = False,
    signing_key: Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> int:
    if workers is not None and workers < 1:
        raise IpsdocsError.one("--workers", "must be at least 1")
    if time_limit <= 0:
        raise IpsdocsError.one("--time-limit", "must be more than 0 seconds")
    key = batch_signing_key(signing_key, workspace, out)
    if scheduler is not None and engine != "dask":
        raise IpsdocsError.one("--scheduler", "is the address of a Dask cluster: use it with --engine dask")
    options = BatchOptions(
        list(sources),
        out,
        formats,
        workers,
        workspace,
        time_limit,
        make_zip,
        archival=archival,
        signing_key=key,
        engine=engine,
        scheduler=scheduler,
    )
    outcome = run_batch(options)
    report(outcome)
    return outcome.exit_code


def batch_signing_key(given: Path | None, workspace: Workspace, out: Path) -> Path | None:
    """The key that signs this batch's manifest: ``--signing-key``, else the workspace's (its
    ``[signing] key``, or ``keys/ipsdocs-signing.key`` when that exists); checked before any
    document is rendered, and never one inside the output folder."""
    from ipsdocs.batch.signing import load_private_key, refuse_inside

    key = given or workspace.signing_key
    if key is None or (given is None and not workspace.settings.signing.key and not key.exists()):
        return None
    refuse_inside(key, out)
    load_private_key(key)
    return key


def keys_init_command(key: Path | None, force: bool, workspace: Workspace) -> int:
    """Make the agency's signing key: private half owner-only, public half for auditors."""
    from ipsdocs.batch.signing import make_key
    from ipsdocs.console import escape, out

    if key is None and workspace.root is None:
        raise IpsdocsError.one(
            "keys init", "not inside a workspace: say where the key goes with --key PATH (outside any batch output)"
        )
    target = key or workspace.signing_key
    assert target is not None
    if workspace.root is not None and target.resolve().is_relative_to(workspace.output_dir.resolve()):
        raise IpsdocsError.one(
            str(target), "the signing key must not be kept in the output folder; choose another place"
        )
    private, public, fingerprint = make_key(target, force)
    lines = [
        f"Signing key: {private} (yours only; back it up somewhere safe and never send it to anyone)",
        f"Public key:  {public} (give this file to auditors)",
        f"Fingerprint: {fingerprint} (tell auditors this too, by another channel than the file)",
    ]
    if key is not None and workspace.root is not None:
        lines.append(_remember_key(workspace, private))
    elif key is not None:
        lines.append(f"Batches sign their manifest with it when run with --signing-key {private}.")
    else:
        lines.append("Every 'ipsdocs batch' in this workspace now signs its manifest.json with it.")
    for line in lines:
        out().print(escape(line))
    return 0


def _remember_key(workspace: Workspace, private: Path) -> str:
    """Note a key kept outside the workspace in ipsdocs.toml, so every batch signs with it."""
    from ipsdocs.store import atomic_write

    settings = workspace.settings_file
    assert settings is not None
    text = settings.read_text(encoding="utf-8")
    if workspace.settings.signing.key or "[signing]" in text:
        return f'Batches sign with it once ipsdocs.toml says, under [signing]: key = "{private.resolve()}"'
    addition = (
        "\n[signing]\n# The agency's private signing key (ipsdocs keys init); batches sign their manifest with it.\n"
        f'key = "{private.resolve()}"\n'
    )
    atomic_write(settings, (text.rstrip("\n") + "\n" + addition).encode("utf-8"))
    return "ipsdocs.toml now names it under [signing]: every 'ipsdocs batch' in this workspace signs with it."


def report(outcome: BatchOutcome) -> None:
    """Every failure on its own line (file, field, what is wrong), then the totals and where to look."""
    from ipsdocs.console import err, escape, out, report_error

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
    if outcome.signed_by:
        lines.append(f"manifest.json is signed by the agency's key {outcome.signed_by} (manifest.json.sig)")
    for line in lines:
        out().print(escape(line))
    if not outcome.signed_by and outcome.audit_files:
        err().print(
            "Note: manifest.json is not signed, so it shows the files are intact but not who made them; "
            "make the agency's signing key with 'ipsdocs keys init'."
        )
    if outcome.interrupted:
        err().print("Stopped. Every finished document is kept; run the same command again to continue.")
    elif outcome.disk_full:
        err().print(
            escape(
                f"The disk holding {outcome.out} is full. Finished documents are kept; free some space and run "
                "the same command again to continue."
            )
        )


def verify_command(folder: Path, key: Path | None = None) -> int:
    """0 when the signature holds and every file matches the manifest, 1 when the signature fails
    or any file changed, is missing or was added."""
    from ipsdocs.batch.manifest import verify
    from ipsdocs.console import err, escape, out

    if not folder.is_dir():
        raise IpsdocsError.one(str(folder), "no such folder")
    result = verify(folder, key)
    signature, manifest = result.signature, escape(folder / "manifest.json")
    if signature.problem:
        out().print(f"{'SIGNATURE':<10}  {manifest}: FAILED: {escape(signature.problem)}")
    elif signature.valid and signature.checked_against:
        where = escape(signature.checked_against)
        out().print(f"{'SIGNED':<10}  {manifest}: signed by the key in {where} ({escape(signature.fingerprint)})")
    elif signature.valid:
        out().print(
            f"{'SIGNED':<10}  {manifest}: signed by the key {escape(signature.fingerprint)}; compare it with the "
            "fingerprint the agency gave you, or check with --key AGENCY.pub"
        )
    else:
        err().print(
            "WARNING: manifest.json is not signed: the hashes below show the files match this manifest, "
            "not who wrote it (anyone could have changed a file and its hash together)."
        )
    for label, names in (
        ("CHANGED", result.changed),
        ("MISSING", result.missing),
        ("ADDED", result.added),
        ("UNREADABLE", result.unreadable),
    ):
        for name in names:
            out().print(f"{label:<10}  {escape(str(folder / name))}")
    hashes_ok = not (result.changed or result.missing or result.added or result.unreadable)
    status = "verified" if result.ok else ("does NOT match its manifest" if not hashes_ok else "is NOT verified")
    out().print(
        escape(
            f"{folder}: {status}: {result.checked} files checked, {len(result.changed)} changed, "
            f"{len(result.missing)} missing, {len(result.added)} added (manifest sha256 {result.manifest_sha256})"
        )
    )
    if not result.complete:
        out().print("Note: the batch that wrote this manifest was stopped before it finished.")
    return 0 if result.ok else 1
