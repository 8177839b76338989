"""``render`` writes each person's documents into a folder of their own; when a record is updated,
its earlier version's documents move into that folder's ``superseded/`` (issue 12, item 4)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "darnell-price" / "discharge_plan.yaml"


def test_an_updated_record_moves_its_earlier_documents_to_superseded(tmp_path: Path) -> None:
    record = tmp_path / "discharge_plan.yaml"
    data = yaml.safe_load(SAMPLE.read_text())
    record.write_text(yaml.safe_dump(data))
    out = tmp_path / "output"
    assert run_cli("render", record, "--format", "docx", "--out", out).returncode == 0
    folder = out / data["person"]["client_id"]
    (first,) = folder.glob("discharge_plan_*.docx")

    data["discussed_on"] = "2026-11-27"  # the updated record has a later date: a new file name
    record.write_text(yaml.safe_dump(data))
    result = run_cli("render", record, "--format", "docx", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "SUPERSEDED" in result.stdout
    assert [p.name for p in folder.glob("*.docx")] == [first.name.replace("2026-11-20", "2026-11-27")]
    assert [p.name for p in (folder / "superseded").iterdir()] == [first.name]

    data["person_comments"] = "Changed on the same day."  # same date, same name: the old bytes are kept
    record.write_text(yaml.safe_dump(data))
    assert run_cli("render", record, "--format", "docx", "--out", out).returncode == 0
    assert len(list(folder.glob("*.docx"))) == 1 and len(list((folder / "superseded").iterdir())) == 2

    assert run_cli("render", record, "--format", "docx", "--out", out).returncode == 0  # nothing changed
    assert len(list((folder / "superseded").iterdir())) == 2
