"""The command line as a person uses it: schema, render exit codes, fast help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipsdocs", *args], capture_output=True, text=True, cwd=cwd, env=ENV, check=False
    )


def test_schema_prints_json_schema_with_constraints() -> None:
    result = run("schema", "admission_discharge")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "criterion_b_areas" in schema["properties"]
    assert "admission_date" in schema["required"]


def test_schema_unknown_type() -> None:
    result = run("schema", "nope")
    assert result.returncode == 2 and "unknown record type" in result.stderr and "Traceback" not in result.stderr


def test_render_incomplete_record_exits_1_and_names_the_gap(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "samples" / "marisol-vega" / "employment_plan.yaml").read_text())
    del data["job_search_plan"]
    record = tmp_path / "plan.yaml"
    record.write_text(yaml.safe_dump(data))
    result = run("render", str(record), "--format", "pdf", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Job search plan" in result.stderr and "INCOMPLETE" in result.stdout
    assert len(list((tmp_path / "out").glob("*/*.pdf"))) == 1


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("render", "check", "schema", "demo"):
        assert command in result.stdout


def test_usage_errors_say_what_is_wrong_without_a_traceback() -> None:
    """A misspelt option or a missing argument is the parser's one message and exit 2, whatever typer vendors."""
    for args, expected in ((("render", "--bogus"), "No such option"), (("render",), "Missing argument")):
        result = run(*args)
        assert result.returncode == 2, args
        assert expected in result.stderr and "Traceback" not in result.stderr


def test_demo_renders_every_sample_and_compares_the_teams_reviews(tmp_path: Path) -> None:
    """`make demo` is the main job: every sample in both formats, then the IPS-25 comparison."""
    result = run("demo", "--out", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    samples = [p for p in (ROOT / "samples").rglob("*") if p.suffix in {".json", ".yaml"}]
    assert len(list((tmp_path / "demo").glob("*.pdf"))) == len(samples) == len(list((tmp_path / "demo").glob("*.docx")))
    assert "IPS-25 scores over time" in result.stdout and "Fair Fidelity" in result.stdout
    # then what the records prove: the due list and the program's reports, each read back
    from docx import Document

    from ipsdocs.render.checks import pdf_pages

    reports = tmp_path / "demo" / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["compliance.pdf", "due.pdf", "outcomes.docx", "outcomes.pdf"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in reports.iterdir())
    due = " ".join(" ".join(pdf_pages((reports / "due.pdf").read_bytes())).split())
    assert "Due for every caseload" in due and "(RB-100517)" in due and "(RB-100482)" in due
    compliance = " ".join(pdf_pages((reports / "compliance.pdf").read_bytes())[0].split())
    said = next(line for line in result.stdout.splitlines() if "compliance.pdf:" in line)
    assert "the program met" in compliance and said.split("the program met ")[1][:3] in compliance
    assert "Competitive employment rate by quarter" in " ".join(pdf_pages((reports / "outcomes.pdf").read_bytes()))
    assert any(t.rows[0].cells[0].text == "" for t in Document(str(reports / "outcomes.docx")).tables)
