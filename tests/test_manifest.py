"""manifest.json and ``verify``: every hash recomputed; changed, missing and added files named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ipsdocs.batch.manifest import MANIFEST_NAME, load_manifest, sha256_of, verify
from ipsdocs.batch.options import BatchOptions
from ipsdocs.batch.progress import PlainProgress
from ipsdocs.batch.run import run_batch
from ipsdocs.definitions.generate import generate, write_jsonl
from ipsdocs.errors import IpsdocsError
from tests.system_tools import require_tool


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("m")
    write_jsonl(generate(2, seed=31), root / "export.jsonl")
    outcome = run_batch(
        BatchOptions([root / "export.jsonl"], root / "out", ("pdf",), workers=2, zip=True),
        lambda n: PlainProgress(n, every=3600),
    )
    assert outcome.exit_code == 0
    return root / "out"


def test_manifest_lists_each_document_with_its_record_template_and_hashes(batch: Path) -> None:
    manifest = load_manifest(batch)
    export = batch.parent / "export.jsonl"
    lines = export.read_bytes().splitlines()
    for entry in manifest["documents"]:
        path = batch / entry["path"]
        assert entry["sha256"] == sha256_of(path) and entry["size"] == path.stat().st_size
        assert entry["pages"] >= 1 and entry["check"]["status"] == "complete"
        line = int(entry["record"]["source"].rsplit(" line ", 1)[1])
        assert entry["record"]["sha256"] == __import__("hashlib").sha256(lines[line - 1]).hexdigest()
        assert entry["template"]["name"] == f"built-in: templates/pdf/{entry['record']['record_type']}.html"
        assert entry["path"].startswith(entry["record"]["client_id"] + "/")
    reports = {"compliance.csv", "compliance.pdf", "outcomes.csv", "outcomes.pdf"}  # issue 16: beside the summary
    summary = {"audit-summary.csv", "audit-findings.csv", "audit-summary.pdf"}
    assert {a["path"] for a in manifest["audit_files"]} == {*summary, *reports}
    assert (batch.parent / "out.zip").is_file()


def test_audit_summary_pdf_reads_back_with_each_person(batch: Path) -> None:
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, str(batch / "audit-summary.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Audit summary" in text and "jurisdiction: North Carolina" in text
    for entry in load_manifest(batch)["documents"]:
        assert entry["record"]["client_id"] in text


def test_verify_names_changed_missing_and_added_files(batch: Path, tmp_path: Path) -> None:
    assert verify(batch).ok
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(batch), str(copy)], check=True)
    documents = load_manifest(copy)["documents"]
    (copy / documents[0]["path"]).write_bytes((copy / documents[0]["path"]).read_bytes() + b" ")
    (copy / documents[1]["path"]).unlink()
    (copy / documents[2]["path"]).with_name("extra.pdf").write_bytes(b"%PDF-")
    result = verify(copy)
    assert result.changed == [documents[0]["path"]] and result.missing == [documents[1]["path"]]
    assert result.added == [str(Path(documents[2]["path"]).with_name("extra.pdf"))]
    run = subprocess.run([sys.executable, "-m", "ipsdocs", "verify", str(copy)], capture_output=True, text=True)
    assert run.returncode == 1 and "1 changed, 1 missing, 1 added" in run.stdout


def test_a_damaged_or_absent_manifest_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IpsdocsError, match="not a folder made by 'ipsdocs batch'"):
        verify(tmp_path)
    (tmp_path / MANIFEST_NAME).write_text("{ not json")
    run = subprocess.run([sys.executable, "-m", "ipsdocs", "verify", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 2 and "is damaged" in run.stderr and "Traceback" not in run.stderr


def test_manifest_holds_no_time_of_day(batch: Path) -> None:
    text = (batch / MANIFEST_NAME).read_text()
    assert json.loads(text)["complete"] is True
    assert "T" not in "".join(ch for ch in json.loads(text)["findings_as_of"] or "")
