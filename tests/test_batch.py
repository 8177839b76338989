"""Batches of generated records rendered for real (docxtpl, WeasyPrint), read back and verified."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipsdocs.agency.workspace import find_workspace
from ipsdocs.batch.manifest import JOURNAL_NAME, load_manifest, verify
from ipsdocs.batch.options import BatchOptions
from ipsdocs.batch.run import run_batch
from ipsdocs.batch.sources import scan_sources
from ipsdocs.definitions.generate import generate, jsonl_lines, write_folder, write_jsonl
from ipsdocs.errors import IpsdocsError
from ipsdocs.render.checks import docx_lines, pdf_pages

ROOT = Path(__file__).resolve().parents[1]
IPSDOCS = [sys.executable, "-m", "ipsdocs"]


def quiet(total: int) -> object:
    from ipsdocs.batch.progress import PlainProgress

    return PlainProgress(total, every=3600)


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list, object]:
    """Several hundred records, 16 deliberately broken (two of each kind), rendered to Word by 2 workers."""
    root = tmp_path_factory.mktemp("big")
    records = generate(45, seed=11, broken=16)
    write_folder(records, root / "records")
    outcome = run_batch(BatchOptions([root / "records"], root / "out", ("docx",), workers=2), quiet)
    return root, root / "out", records, outcome


def test_big_batch_renders_every_valid_record_and_lists_exactly_the_broken_ones(big_batch: tuple) -> None:
    _, out, records, outcome = big_batch
    assert len(records) > 300
    broken = {(r.client_id, r.stem) for r in records if r.broken}
    failed = {(Path(f.origin).parent.name, Path(f.origin).stem) for f in outcome.unusable}
    assert failed == broken  # the duplicate id fails with its original; nothing else fails
    assert outcome.failures == [] and outcome.exit_code == 1
    valid = len(records) - len(broken)
    assert len(outcome.documents) == outcome.rendered == valid
    for entry in list(outcome.documents.values())[::50]:
        path = out / entry["path"]
        assert path.stat().st_mode & 0o777 == 0o600
        assert entry["record"]["record_id"] in path.name
        assert any(line.startswith("1. ") for line in docx_lines(path.read_bytes()))


def test_big_batch_manifest_verifies_and_one_changed_byte_is_named(big_batch: tuple) -> None:
    root, out, records, _ = big_batch
    manifest = load_manifest(out)
    assert manifest["complete"] is True and manifest["ipsdocs_version"]
    assert len(manifest["unusable_records"]) == sum(1 for r in records if r.broken) == 18  # 16 and 2 originals
    entry = manifest["documents"][7]
    assert set(entry) >= {"path", "sha256", "size", "pages", "check", "record", "template"}
    assert entry["template"]["name"].startswith("built-in: templates/docx/")
    assert verify(out).ok
    target = out / entry["path"]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    try:
        result = subprocess.run([*IPSDOCS, "verify", str(out)], capture_output=True, text=True, cwd=root)
        assert result.returncode == 1
        assert f"CHANGED     {out / entry['path']}" in result.stdout
        assert "1 changed, 0 missing, 0 added" in result.stdout
    finally:
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
    assert verify(out).ok


def test_big_batch_audit_summary_has_a_row_per_person(big_batch: tuple) -> None:
    _, out, records, outcome = big_batch
    rows = (out / "audit-summary.csv").read_text().splitlines()
    people = {r.client_id for r in records}
    assert rows[0].startswith("client_id,person,")
    assert {row.split(",")[0] for row in rows[1:] if row.split(",")[0]} == people
    unusable = sum(len(f.problems) for f in outcome.unusable)  # records no person can be read from
    assert sum(1 for row in rows[1:] if not row.split(",")[0]) == unusable
    assert any("disclosure discussed only once" in row for row in rows)


def test_big_batch_audit_summary_is_compact_and_its_findings_come_one_a_row(big_batch: tuple) -> None:
    """Issue 16: a person with nothing to fix is one line of the PDF; every finding packed into the
    summary's cells is also one row of audit-findings.csv, labelled by kind."""
    import csv

    out = big_batch[1]
    with (out / "audit-summary.csv").open(encoding="utf-8") as handle:
        summary = list(csv.DictReader(handle))
    with (out / "audit-findings.csv").open(encoding="utf-8") as handle:
        findings = list(csv.DictReader(handle))
    by_person: dict[str, list[tuple[str, str]]] = {}
    for row in findings:
        by_person.setdefault(row["client_id"], []).append((row["kind"], row["finding"]))
    people = [row for row in summary if row["client_id"]]
    for row in people:
        packed = [("Incomplete", t) for t in row["incomplete_sections"].split(" | ") if t]
        packed += [("Timeliness", t) for t in row["timeliness_findings"].split(" | ") if t]
        packed += [("Failed", t) for t in row["failed"].split(" | ") if t]
        got = by_person.get(row["client_id"], [])
        assert [f for f in got if f[0] != "Missing documents"] == packed, row["client_id"]
        assert bool(row["missing_document_types"]) == any(kind == "Missing documents" for kind, _ in got)
    clean = [(row["client_id"], row["person"]) for row in people if row["client_id"] not in by_person]
    assert clean and len(clean) < len(people)  # the generator leaves some people with nothing to fix
    assert_one_line_each(layout_text(out / "audit-summary.pdf"), clean, len(people))


def layout_text(pdf: Path) -> str:
    from tests.system_tools import require_tool

    tool = require_tool("pdftotext")  # skipped, naming poppler-utils, where it is not installed
    return subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def assert_one_line_each(text: str, clean: list[tuple[str, str]], people: int) -> None:
    """Each person with nothing to fix is one line of the summary: id, name, documents, "nothing to fix"."""
    assert f"{len(clean)} of {people} people have nothing to fix" in " ".join(text.split())
    lines = text.splitlines()
    for client_id, name in clean:
        at = next(i for i, line in enumerate(lines) if line.lstrip().startswith(client_id + " "))
        assert "nothing to fix" in lines[at] and name in lines[at], lines[at]
        after = next(line for line in lines[at + 1 :] if line.strip())  # the next line is another row's
        assert after.lstrip().startswith(("GEN-", "Client ID", "Programs")) or "CONFIDENTIAL" in after, after
    assert "none" not in text.split()  # empty cells are empty, not "none"


def test_the_audit_summary_of_300_people_with_a_year_of_practice_records_is_compact(tmp_path: Path) -> None:
    """The summary of a generated program (300 people, their service notes, contacts and jobs) as a batch
    builds it, without rendering the 15,000 documents: about 15 people a page, not 6."""
    from types import SimpleNamespace

    from ipsdocs.batch.audit_summary import html_to_summary_pdf, summary_html
    from ipsdocs.batch.finish import build_summary
    from ipsdocs.batch.options import BatchOutcome

    write_folder(generate(300, seed=7, practice=True), tmp_path / "records")
    workspace = find_workspace(None)
    scan = scan_sources([tmp_path / "records"], jurisdiction=workspace.jurisdiction)
    summary = build_summary(SimpleNamespace(workspace=workspace), scan, [], BatchOutcome(tmp_path / "out"))  # type: ignore[arg-type]
    pdf = tmp_path / "audit-summary.pdf"
    pdf.write_bytes(html_to_summary_pdf(summary_html(summary)))
    assert len(pdf_pages(pdf.read_bytes())) <= 24  # 300 people; one a row per person was 54 pages
    people = [row for row in summary.rows if row.client_id]
    clean = [(row.client_id, row.name) for row in people if not (row.incomplete or row.timeliness or row.missing_types)]
    assert clean
    assert_one_line_each(layout_text(pdf), clean, len(people))


def test_same_records_give_the_same_bytes_and_a_rerun_renders_nothing(tmp_path: Path) -> None:
    records = generate(1, seed=4)
    write_folder(records, tmp_path / "in")
    first = run_batch(BatchOptions([tmp_path / "in"], tmp_path / "a", ("docx", "pdf"), workers=2), quiet)
    second = run_batch(BatchOptions([tmp_path / "in"], tmp_path / "b", ("docx", "pdf"), workers=1), quiet)
    assert first.exit_code == second.exit_code == 0 and first.rendered == len(records) * 2
    names = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    pdf = next((tmp_path / "a").rglob("career_profile_*.pdf"))
    entry = load_manifest(tmp_path / "a")["documents"]
    assert next(e for e in entry if e["path"].endswith(pdf.name))["pages"] == len(pdf_pages(pdf.read_bytes()))

    summary = tmp_path / "a" / "audit-summary.pdf"
    laid_out = summary.stat().st_mtime_ns
    again = run_batch(BatchOptions([tmp_path / "in"], tmp_path / "a", ("docx", "pdf")), quiet)
    assert (again.rendered, again.kept) == (0, first.rendered)
    assert summary.stat().st_mtime_ns == laid_out  # the same summary is kept, not laid out again
    changed = next((tmp_path / "in").rglob("employment_plan.*"))
    changed.write_text(changed.read_text().replace("Update résumé", "Update the résumé"))
    third = run_batch(BatchOptions([tmp_path / "in"], tmp_path / "a", ("docx", "pdf")), quiet)
    assert (third.rendered, third.kept) == (2, first.rendered - 2)
    assert verify(tmp_path / "a").ok


def test_json_lines_corrupt_line_and_duplicate_ids_are_reported_by_line(tmp_path: Path) -> None:
    records = generate(3, seed=2)
    lines = jsonl_lines(records)
    duplicate = json.loads(lines[1])
    lines[4] = lines[4][:30]
    lines.append(json.dumps(duplicate))
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n")
    scan = scan_sources([export])
    problems = {f.origin: [str(p) for p in f.problems] for f in scan.failures}
    assert set(problems) == {f"{export} line 5", f"{export} line 2", f"{export} line {len(lines)}"}
    assert "not valid JSON" in problems[f"{export} line 5"][0]
    assert f"also used by {export} line {len(lines)}" in problems[f"{export} line 2"][0]
    assert len(scan.records) == len(records) - 2


def test_unusable_arguments_and_a_folder_holding_something_else_exit_2(tmp_path: Path) -> None:
    write_jsonl(generate(1, seed=3), tmp_path / "a.jsonl")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    cases = [
        ([str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o1")], "no such file or folder"),
        ([str(tmp_path / "a.jsonl"), "--out", str(foreign)], "already holds files that are not an ipsdocs batch"),
        ([str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o2"), "--workers", "0"], "must be at least 1"),
    ]
    for args, message in cases:
        result = subprocess.run([*IPSDOCS, "batch", *args, "-f", "docx"], capture_output=True, text=True)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr
    assert (foreign / "notes.txt").read_text() == "mine"
    ok = subprocess.run([*IPSDOCS, "batch", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o3"), "-f", "docx"],
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "documents to render" in ok.stderr  # plain progress lines when not on a terminal
    other = subprocess.run([*IPSDOCS, "batch", str(tmp_path), "-o", str(tmp_path / "o3"), "-f", "docx"],
                           capture_output=True, text=True)  # fmt: skip
    assert other.returncode == 2 and "already holds a different batch" in other.stderr


def test_a_runaway_template_fails_its_document_only(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "templates" / "pdf").mkdir(parents=True)
    (workspace / "ipsdocs.toml").write_text('jurisdiction = "nc"\n')
    loop = "{% for i in range(9999) %}{% for j in range(9999) %}{{ i }}{% endfor %}{% endfor %}"
    (workspace / "templates" / "pdf" / "discharge_plan.html").write_text(loop)
    records = [r for r in generate(2, seed=8) if r.record_type in ("discharge_plan", "admission_discharge")]
    write_folder(records, tmp_path / "in")
    options = BatchOptions([tmp_path / "in"], tmp_path / "out", ("pdf",), 2, find_workspace(workspace), 4.0)
    outcome = run_batch(options, quiet)
    plans = [r for r in records if r.record_type == "discharge_plan"]
    assert plans and len(outcome.failures) == len(plans)
    assert all("took longer than 4 s" in str(f.problems[0]) for f in outcome.failures)
    assert outcome.rendered == len(records) - len(plans) and outcome.exit_code == 1


def test_ctrl_c_keeps_finished_documents_and_the_same_command_continues(tmp_path: Path) -> None:
    # Five people (about 35 PDFs): Ctrl-C after the first lands while most are still to render; with
    # two people (14) a loaded machine once finished them all before the signal arrived.
    write_folder(generate(5, seed=6), tmp_path / "in")
    command = [*IPSDOCS, "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-f", "pdf", "-j", "1"]
    # Started as from a terminal: Ctrl-C's default action, whatever the test runner inherited (a job
    # started in the background by a non-interactive shell ignores SIGINT, and so would its children).
    default_ctrl_c = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_ctrl_c
    )
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").rglob("*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "run the same command again to continue" in stderr
    finished = [p for p in (tmp_path / "out").rglob("*.pdf") if p.parent != tmp_path / "out"]  # not the reports
    assert finished and not list((tmp_path / "out").rglob("*.part"))
    assert (tmp_path / "out" / JOURNAL_NAME).exists()
    assert load_manifest(tmp_path / "out")["complete"] is False
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(finished)} unchanged since an earlier run" in rerun.stdout
    assert not (tmp_path / "out" / JOURNAL_NAME).exists() and verify(tmp_path / "out").ok


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)]).returncode:
        pytest.skip("needs permission to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_cleanly_and_keeps_what_was_finished(tmp_path: Path, small_disk: Path) -> None:
    write_folder(generate(4, seed=9), tmp_path / "in")
    outcome = run_batch(BatchOptions([tmp_path / "in"], small_disk / "out", ("docx",), workers=1), quiet)
    assert outcome.disk_full and outcome.exit_code == 1
    assert any("could not be written" in str(p) for f in outcome.failures for p in f.problems)
    written = [p for p in (small_disk / "out").rglob("*.docx")]
    assert written and len(written) < 30
    assert not list((small_disk / "out").rglob("*.part"))
    for path in written:  # every document left behind is whole: it opens and has its sections
        assert any(line.startswith("1. ") for line in docx_lines(path.read_bytes()))


def test_sources_are_checked_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(IpsdocsError) as caught:
        run_batch(BatchOptions([tmp_path / "nothing"], tmp_path / "out"), quiet)
    assert "no such file or folder" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_workers_are_replaced_after_their_quota_and_a_job_that_cannot_travel_fails_alone(tmp_path: Path) -> None:
    """Memory stays bounded by retiring workers (here after 2 documents); a job that cannot be
    handed to a worker is that one document's failure, never the batch's."""
    from dataclasses import replace

    from ipsdocs.batch.plan import Planner
    from ipsdocs.batch.pool import WorkerPool

    write_folder(generate(2, seed=5), tmp_path / "records")
    workspace = find_workspace(start=tmp_path)
    jobs = Planner(workspace).jobs(scan_sources([tmp_path / "records"]).records, ("docx",))
    unpicklable = replace(jobs[3], source=replace(jobs[3].source, record=lambda: None))  # type: ignore[arg-type]
    jobs[3] = unpicklable
    results = []
    with WorkerPool(2, workspace, 60.0, ("docx",), max_documents=2) as pool:
        first = [w.process.pid for w in pool._workers]
        pool.run(jobs, results.append)
        assert not set(first) & {w.process.pid for w in pool._workers}  # all replaced at least once
    by_index = {r.index: r for r in results}
    assert sorted(by_index) == sorted(j.index for j in jobs)
    assert [i for i, r in by_index.items() if not r.written] == [unpicklable.index]
    assert "could not be handed to a renderer" in by_index[unpicklable.index].problems[0].what
