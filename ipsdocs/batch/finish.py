"""The end of a batch: timeliness findings, the audit summary, manifest.json, and the zip.

Written after the documents, each atomically; their hashes go into the manifest too, so
``ipsdocs verify`` vouches for the summary as much as for the documents.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsdocs.batch.audit_summary import (
    CSV_NAME,
    FINDINGS_NAME,
    PDF_NAME,
    PersonRow,
    Summary,
    findings_csv,
    html_to_summary_pdf,
    summary_csv,
    summary_html,
)
from ipsdocs.batch.manifest import MANIFEST_FORMAT, MANIFEST_NAME, SIGNATURE_NAME, manifest_bytes, write_manifest
from ipsdocs.batch.plan import DocumentJob, ipsdocs_version
from ipsdocs.batch.reports import report_makers
from ipsdocs.batch.sources import SourceRecord, SourceScan
from ipsdocs.errors import IpsdocsError, Problem
from ipsdocs.evidence.checks import judge_episodes
from ipsdocs.evidence.episodes import episodes_of
from ipsdocs.evidence.practice import build_index, contacts_of, record_problems
from ipsdocs.evidence.practice_week import LOG_NAME, specialist_rows, weekly_log, weekly_log_csv
from ipsdocs.store import atomic_write

if TYPE_CHECKING:
    from ipsdocs.batch.options import BatchOptions, BatchOutcome


def finish_batch(
    options: BatchOptions, scan: SourceScan, jobs: Sequence[DocumentJob], outcome: BatchOutcome, identity: dict
) -> None:
    summary = build_summary(options, scan, jobs, outcome)
    html = summary_html(summary)
    source = hashlib.sha256(html.encode("utf-8")).hexdigest()
    kept = _unchanged_summary_pdf(options.out, source)
    audit: list[dict[str, Any]] = []
    makers = [
        (CSV_NAME, lambda: summary_csv(summary)),
        (FINDINGS_NAME, lambda: findings_csv(summary)),
        (PDF_NAME, lambda: kept or html_to_summary_pdf(html)),
    ]
    if summary.weekly_log:
        makers.append((LOG_NAME, lambda: weekly_log_csv(summary.weekly_log)))
    notice = summary.agency.confidentiality_notice
    makers += report_makers([s.record for s in scan.records], options.workspace.jurisdiction, summary.as_of, notice)
    for name, make in makers:
        try:
            data = make()
            if not (name == PDF_NAME and kept):
                atomic_write(options.out / name, data)
        except IpsdocsError as error:
            outcome.problems.extend(error.problems)
            continue
        entry = {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        audit.append({**entry, "source_sha256": source} if name == PDF_NAME else entry)
        outcome.audit_files.append(name)
    manifest = build_manifest(identity, outcome, audit, summary.as_of)
    try:
        write_signed_manifest(options, manifest, outcome)
    except IpsdocsError as error:
        outcome.problems.extend(error.problems)
        return
    if options.zip and outcome.complete:
        from ipsdocs.batch.zipped import write_zip

        try:
            write_zip(options.out)
        except IpsdocsError as error:
            outcome.problems.extend(error.problems)


def write_signed_manifest(options: BatchOptions, manifest: dict[str, Any], outcome: BatchOutcome) -> None:
    """manifest.json, signed in manifest.json.sig with the agency's key when the batch has one; an
    unsigned manifest leaves no signature of an earlier run beside it."""
    from ipsdocs.batch import signing

    signature_file = options.out / SIGNATURE_NAME
    if options.signing_key is None:
        write_manifest(options.out, manifest)
        signature_file.unlink(missing_ok=True)
        return
    key = signing.load_private_key(options.signing_key)
    manifest = {**manifest, "signing": signing.signing_entry(key)}
    data = manifest_bytes(manifest)
    write_manifest(options.out, manifest)
    signing.sign(key, data, signature_file)
    outcome.signed_by = manifest["signing"]["fingerprint"]


def _unchanged_summary_pdf(out: Path, source: str) -> bytes | None:
    """The summary PDF of the previous run when its page would be the same, byte for byte.

    Laying out the summary of a thousand people takes WeasyPrint tens of seconds; a rerun with
    nothing changed must not pay that. The manifest records the hash of the HTML it came from.
    """
    import json

    try:
        manifest = json.loads((out / MANIFEST_NAME).read_bytes())
        entry = next(e for e in manifest.get("audit_files", []) if e.get("path") == PDF_NAME)
        data = (out / PDF_NAME).read_bytes()
    except (OSError, ValueError, StopIteration, AttributeError):
        return None
    unchanged = entry.get("source_sha256") == source and entry.get("sha256") == hashlib.sha256(data).hexdigest()
    return data if unchanged else None


def build_manifest(
    identity: dict, outcome: BatchOutcome, audit: list[dict[str, Any]], as_of: date | None
) -> dict[str, Any]:
    failed = [
        {"source": f.origin, "document": f.path, "format": f.format, "problems": [str(p) for p in f.problems]}
        for f in sorted(outcome.failures, key=lambda f: (f.path, f.origin))
    ]
    unusable = [{"source": f.origin, "problems": [str(p) for p in f.problems]} for f in outcome.unusable]
    return {
        "manifest_format": MANIFEST_FORMAT,
        "ipsdocs_version": ipsdocs_version(),
        "batch": identity,
        "complete": outcome.complete,
        "findings_as_of": as_of.isoformat() if as_of else None,
        "documents": [outcome.documents[path] for path in sorted(outcome.documents)],
        "failed_documents": failed,
        "unusable_records": sorted(unusable, key=lambda u: u["source"]),
        "audit_files": audit,
    }


def build_summary(
    options: BatchOptions, scan: SourceScan, jobs: Sequence[DocumentJob], outcome: BatchOutcome
) -> Summary:
    """One row per person: documents by type, missing sections, timeliness findings, failures."""
    people: dict[str, list[SourceRecord]] = defaultdict(list)
    for source in scan.records:
        client_id = getattr(getattr(source.record, "person", None), "client_id", None)
        if client_id:
            people[client_id].append(source)
    dates = [d for s in scan.records if (d := s.record.document_date) is not None]
    as_of = max(dates) if dates else None
    rules = options.workspace.jurisdiction
    incomplete = _incomplete_by_record(outcome)
    failed = _failed_by_record(jobs, outcome)
    index = build_index(s.record for s in scan.records)  # issue 15: employer contacts by client, record ids
    rows = []
    for client_id in sorted(people):
        sources = people[client_id]
        row = PersonRow(client_id, sources[0].record.person.name)  # type: ignore[attr-defined]
        for source in sources:
            row.documents[source.record.record_type] = row.documents.get(source.record.record_type, 0) + 1
            key = (source.record.record_type, source.record.record_id)
            row.incomplete += [f"{source.record.record_type} {source.record.record_id}: {m}" for m in incomplete[key]]
            row.failed += failed[key]
        records = [s.record for s in sources]
        episodes = episodes_of(records, contacts_of(index, client_id))
        row.episodes = [episode.span for episode in episodes]
        judged = judge_episodes(episodes, rules, as_of) if as_of else []
        row.timeliness = [str(f) for j in judged if j.status.is_finding for f in j.findings]
        row.timeliness += [str(f) for f in record_problems(records, rules, index)] if as_of else []
        rows.append(row)
    rows += _program_rows(scan, rules, incomplete, failed)
    log = weekly_log(index, people, rules, as_of)
    for name, count, found in specialist_rows(index, people, rules, as_of, log):
        rows.append(PersonRow("", name, {"employer_contact": count}, timeliness=found, program=True))
    unusable = [str(p) for f in outcome.unusable for p in f.problems]
    figures = []
    if as_of and people:
        from ipsdocs.evidence.fidelity import career_profile_completion

        records = ([s.record for s in sources] for sources in people.values())
        figures.append(career_profile_completion(records, rules, as_of).sentence())
    return Summary(
        rows,
        as_of,
        rules.name,
        len(outcome.documents),
        len(outcome.failures),
        unusable,
        options.workspace.agency,
        figures,
        log,
    )


def _program_rows(scan: SourceScan, rules: Any, incomplete: dict, failed: dict) -> list[PersonRow]:
    """Records about a program, not a person (IPS-25 reviews, action plans): one row per program,
    its findings the reviews' results and any action plan missing or short of its review."""
    from ipsdocs.evidence.fidelity import program_findings

    programs: dict[str, list[SourceRecord]] = defaultdict(list)
    for source in scan.records:
        program = getattr(getattr(source.record, "program", None), "name", None)
        if program and getattr(source.record, "person", None) is None:
            programs[program].append(source)
    findings = program_findings([s.record for sources in programs.values() for s in sources], rules)
    rows = []
    for name in sorted(programs):
        row = PersonRow("", name, program=True)
        for source in programs[name]:
            key = (source.record.record_type, source.record.record_id)
            row.documents[source.record.record_type] = row.documents.get(source.record.record_type, 0) + 1
            row.incomplete += [f"{source.record.record_type} {source.record.record_id}: {m}" for m in incomplete[key]]
            row.failed += failed[key]
        row.timeliness = findings.get(name, [])
        rows.append(row)
    return rows


def _incomplete_by_record(outcome: BatchOutcome) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in outcome.documents.values():
        key = (entry["record"]["record_type"], entry["record"]["record_id"])
        for missing in entry["check"]["missing"]:
            if missing not in found[key]:
                found[key].append(missing)
    return found


def _failed_by_record(jobs: Sequence[DocumentJob], outcome: BatchOutcome) -> dict[tuple[str, str], list[str]]:
    by_path = {job.relpath: job for job in jobs}
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for failure in outcome.failures:
        job = by_path.get(failure.path)
        if job is not None:
            name = Path(failure.path).name
            found[job.source.key] += [f"{name}: {p.what}" for p in failure.problems]
    return found


__all__ = ["Problem", "build_manifest", "build_summary", "finish_batch"]
