"""Model rules: dates, cross-field rules, eligibility, and errors that never echo a value."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import validate_record
from ipsdocs.errors import RecordError

NC = load_jurisdiction("nc")

BASE: dict[str, Any] = {
    "schema_version": 1,
    "record_id": "R-1",
    "person": {"name": "Test Person", "client_id": "C-1"},
    "staff": {"name": "Staff Member"},
}


def admission(**extra: Any) -> dict[str, Any]:
    return {**BASE, "record_type": "admission_discharge", "admission_date": "2026-01-05", **extra}


def problems(data: dict[str, Any], jurisdiction: Any = NC) -> list[str]:
    with pytest.raises(RecordError) as caught:
        validate_record(data, "rec.yaml", jurisdiction)
    return [str(p) for p in caught.value.problems]


def test_valid_minimal_record() -> None:
    record = validate_record(admission(), "rec.yaml")
    assert record.document_date == date(2026, 1, 5)


def test_future_date_is_refused() -> None:
    future = (date.today() + timedelta(days=3)).isoformat()
    assert any("admission_date" in p and "future" in p for p in problems(admission(admission_date=future)))


def test_criterion_b_needs_two_areas() -> None:
    found = problems(admission(criterion_b_areas=["crisis"]))
    assert any("criterion_b_areas" in p and "in North Carolina" in p and "at least 2" in p for p in found)
    assert validate_record(admission(criterion_b_areas=["crisis", "justice"]), "x", NC)


def test_discharge_before_admission() -> None:
    assert any("discharge_date" in p for p in problems(admission(discharge_date="2025-12-01")))


def test_under_18_at_admission() -> None:
    person = {"name": "Young", "client_id": "C-2", "date_of_birth": "2010-01-01"}
    assert any("18" in p for p in problems(admission(person=person)))


def test_job_end_before_start() -> None:
    data = {
        **BASE,
        "record_type": "career_profile",
        "admission_date": "2026-01-05",
        "jobs": [{"employer": "A", "job_title": "B", "start_date": "2020-05-01", "end_date": "2020-01-01"}],
    }
    assert any("jobs[1].end_date" in p for p in problems(data))


def test_errors_do_not_echo_the_value() -> None:
    secret = "SECRET-ANSWER-42"
    found = problems(admission(referral_source=secret, unknown_key=secret))
    assert found and all(secret not in p for p in found)
    assert any("referral_source" in p for p in found) and any("unknown_key" in p for p in found)


def test_unknown_record_type() -> None:
    assert any("unknown record type" in p for p in problems({**BASE, "record_type": "nope"}))


def test_schema_version_checked() -> None:
    assert any("schema_version" in p for p in problems(admission(schema_version=99)))
