"""One meaning of complete: check, render, the interview, demo, batch and the audit agree.

A record is complete when every field its form needs has an answer: the fields of the form's
required sections (unless a field says ``required: false``), and any field marked ``required:
true``, wherever its ``when:`` condition holds. The fields the audit's timeliness rules read
(``COMPLETE_NEEDS`` on the model: a career profile's completion date, a discharge reason once
discharged, ...) must be among them, so no command calls complete what the audit calls unfinished.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.definitions.forms import FormSpec, form_problems, load_form
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models import MODELS
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.evidence.checks import person_findings
from ipsdocs.interview.ask_scripted import ScriptedAsker
from ipsdocs.interview.loop import Interview
from ipsdocs.render.checks import data_findings
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
ADMISSION = ROOT / "samples" / "marisol-vega" / "admission_discharge.json"
MISSING = "Person and profile sessions › Date the profile was completed: no answer yet"


def unfinished_profile(tmp_path: Path) -> Path:
    data = yaml.safe_load(PROFILE.read_text())
    del data["completed_on"]
    path = tmp_path / "career_profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_profile_without_its_completion_date_is_incomplete_everywhere_the_audit_says_unfinished(
    tmp_path: Path,
) -> None:
    """The case of the issue: check and demo said complete, the audit said "career profile not completed"."""
    path = unfinished_profile(tmp_path)
    record = load_record(path).record
    assert [str(f) for f in data_findings(record, load_form("career_profile"))] == [MISSING]

    checked = run_cli("check", path, cwd=tmp_path)
    assert checked.returncode == 1 and f"missing {MISSING}" in checked.stdout

    rendered = run_cli("render", path, "--format", "docx", "--out", tmp_path / "out", cwd=tmp_path)
    assert rendered.returncode == 1 and MISSING in rendered.stderr and "INCOMPLETE" in rendered.stdout

    admission = load_record(ADMISSION).record
    late = admission.admission_date.replace(year=admission.admission_date.year + 1)
    findings = [str(f) for f in person_findings([admission, record], load_jurisdiction("nc"), late)]
    assert any(f.startswith("career profile not completed") for f in findings)


def test_the_batch_and_its_audit_summary_use_the_same_findings(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    unfinished_profile(records)
    result = run_cli("batch", records, "--out", tmp_path / "audit", "--format", "docx", "--workers", "1")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "audit" / "manifest.json").read_text())
    [document] = manifest["documents"]
    assert document["check"] == {"status": "incomplete", "missing": [MISSING]}
    with (tmp_path / "audit" / "audit-summary.csv").open() as summary:
        rows = list(csv.DictReader(summary))
    assert any(MISSING.split(":")[0] in " ".join(row.values()) for row in rows)


def test_the_interview_review_says_what_check_says() -> None:
    answers = load_record(PROFILE).record.model_dump(mode="json", exclude_none=True)
    answers = {k: v for k, v in answers.items() if k not in ("record_type", "schema_version", "completed_on")}
    asker = ScriptedAsker(answers)
    record = Interview(load_form("career_profile"), asker).run()
    said = "\n".join(asker.said)
    assert f"still missing for a complete record:\n  - {MISSING}" in said
    assert [str(f) for f in data_findings(record, load_form("career_profile"))] == [MISSING]
    # A section is tagged required only when something in it is needed, as check counts it.
    assert "Signatures (required section)" not in said and "1. Person and profile sessions (required section)" in said

    complete = ScriptedAsker({**answers, "completed_on": "2026-03-19"})
    Interview(load_form("career_profile"), complete).run()
    assert "Complete: every required section has an answer." in complete.said


@pytest.mark.parametrize("record_type", sorted(MODELS))
def test_every_form_needs_what_the_audit_reads(record_type: str) -> None:
    form = load_form(record_type)
    needed = {spec.field for section, spec in form.fields() if section.is_required(spec)}
    assert set(MODELS[record_type].COMPLETE_NEEDS) <= needed


def test_a_form_that_makes_an_audited_field_optional_is_refused() -> None:
    raw: dict[str, Any] = load_form("career_profile").model_dump(exclude_none=True)
    for section in raw["sections"]:
        for spec in section["fields"]:
            if spec["field"] == "completed_on":
                spec["required"] = False
    problems = form_problems(FormSpec.model_validate(raw), "forms/career_profile.yaml")
    assert [str(p) for p in problems] == [
        "forms/career_profile.yaml: sections.identification.fields.completed_on.required: 'completed_on' "
        "(Date the profile was completed) is needed for a complete record (the audit's timeliness rules read it)"
    ]


def test_a_discharged_person_needs_a_discharge_reason_for_a_complete_admission_form() -> None:
    data = json.loads(ADMISSION.read_text())
    data.pop("discharge_reason", None)
    data["discharge_date"] = data["admission_date"]
    data.pop("employment_status_at_discharge", None)
    record = validate_record(data, "admission.json")
    findings = [str(f) for f in data_findings(record, load_form("admission_discharge"))]
    assert findings == ["Discharge › Discharge reason: no answer yet"]
