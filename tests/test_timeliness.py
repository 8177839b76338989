"""Timeliness rules across one person's records, with the numbers from the jurisdiction profile."""

from __future__ import annotations

import copy
from datetime import date

from ipsdocs.definitions.generate import generate
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import validate_record
from ipsdocs.evidence.checks import person_findings

NC = load_jurisdiction("nc")
AS_OF = date(2026, 6, 30)


def person(seed: int = 21) -> dict[str, list[dict]]:
    """One generated person's records by type, edited by each test."""
    by_type: dict[str, list[dict]] = {}
    for item in generate(1, seed=seed):
        by_type.setdefault(item.record_type, []).append(copy.deepcopy(item.data))  # type: ignore[arg-type]
    return by_type


def findings(by_type: dict[str, list[dict]], rules=NC, as_of: date = AS_OF) -> dict[str, list[str]]:
    records = [validate_record(data, "test", rules) for items in by_type.values() for data in items]
    found: dict[str, list[str]] = {}
    for finding in person_findings(records, rules, as_of):
        found.setdefault(finding.rule, []).append(str(finding))
    return found


def complete_person() -> dict[str, list[dict]]:
    """A person whose records meet every rule."""
    by_type = person()
    admitted = date.fromisoformat(by_type["admission_discharge"][0]["admission_date"])
    profile = by_type["career_profile"][0]
    profile["sessions"] = profile["sessions"][:2]
    profile["sessions"][1]["session_date"] = profile["completed_on"] = (admitted.replace(day=1)).isoformat()
    profile["sessions"][0]["session_date"] = profile["admission_date"] = admitted.replace(day=1).isoformat()
    by_type["admission_discharge"][0]["admission_date"] = admitted.replace(day=1).isoformat()
    for key in ("discharge_date", "discharge_reason", "employment_status_at_discharge"):
        by_type["admission_discharge"][0].pop(key, None)
    by_type["benefits_counseling"][0]["occasion"] = "service_initiation"
    while len(by_type["disclosure_discussion"]) < 2:
        extra = copy.deepcopy(by_type["disclosure_discussion"][0])
        extra.update(record_id=extra["record_id"] + "-b", occasion="revisited", revisit_reason="No job yet")
        by_type["disclosure_discussion"].append(extra)
    by_type.pop("discharge_plan", None)
    return by_type


def test_a_person_meeting_every_rule_has_no_findings() -> None:
    assert findings(complete_person()) == {}


def test_career_profile_later_than_the_jurisdiction_allows() -> None:
    by_type = complete_person()
    admitted = date.fromisoformat(by_type["admission_discharge"][0]["admission_date"])
    late = admitted.replace(day=1).toordinal() + NC.career_profile.days_after_admission + 1
    profile = by_type["career_profile"][0]
    profile["completed_on"] = profile["sessions"][1]["session_date"] = date.fromordinal(late).isoformat()
    found = findings(by_type)
    days = NC.career_profile.days_after_admission
    assert found == {
        "career_profile_on_time": [
            f"career profile completed {days + 1} days after admission "
            f"(due within {days} days) ({profile['record_id']})"
        ]
    }
    lenient = NC.with_rule("career_profile_on_time", days=60)
    assert findings(by_type, lenient) == {}


def test_career_profile_not_completed_or_missing_past_its_due_date() -> None:
    by_type = complete_person()
    del by_type["career_profile"][0]["completed_on"]
    assert "career profile not completed" in findings(by_type)["career_profile_on_time"][0]
    del by_type["career_profile"]
    assert findings(by_type)["career_profile_on_time"][0].startswith("no career profile; it was due by")
    admitted = date.fromisoformat(by_type["admission_discharge"][0]["admission_date"])
    assert findings(by_type, as_of=admitted) == {}  # not due yet on the day of admission


def test_benefits_counseling_at_service_initiation() -> None:
    by_type = complete_person()
    by_type["benefits_counseling"][0]["occasion"] = "ongoing"
    assert findings(by_type)["benefits_at_initiation"][0].startswith("no benefits counseling record at service")
    del by_type["benefits_counseling"]
    assert findings(by_type)["benefits_at_initiation"] == ["no benefits counseling record at service initiation"]


def test_disclosure_discussed_only_once_or_never() -> None:
    by_type = complete_person()
    by_type["disclosure_discussion"] = by_type["disclosure_discussion"][:1]
    assert findings(by_type) == {"disclosure_more_than_once": ["disclosure discussed only once"]}
    del by_type["disclosure_discussion"]
    assert "never" in findings(by_type)["disclosure_more_than_once"][0]


def test_discharge_without_a_plan_and_reasons_outside_the_criteria() -> None:
    by_type = complete_person()
    admission = by_type["admission_discharge"][0]
    admission["discharge_date"] = date(2026, 6, 1).isoformat()
    admission["discharge_reason"] = "moved"
    assert findings(by_type)["discharge_plan"] == [f"discharged without a discharge plan ({admission['record_id']})"]
    del admission["discharge_reason"]
    assert "discharge reason not recorded" in findings(by_type)["discharge_reason"][0]
    admission["discharge_reason"] = "moved"
    narrow = NC.model_copy(update={"discharge_reasons": tuple(r for r in NC.discharge_reasons if r.code != "moved")})
    assert (
        "'moved' is not one of the four North Carolina discharge criteria"
        in findings(by_type, narrow)["discharge_reason"][0]
    )


def test_admission_form_missing_and_criterion_b_below_the_minimum() -> None:
    by_type = complete_person()
    by_type["admission_discharge"][0]["criterion_b_areas"] = []
    assert findings(by_type) == {
        "eligibility": [
            f"eligibility in North Carolina: criterion B (difficulties in at least {NC.min_eligibility_areas} of "
            f"the six areas) is not recorded ({by_type['admission_discharge'][0]['record_id']})"
        ]
    }
    del by_type["admission_discharge"]
    assert findings(by_type) == {
        "admission_record": ["no admission form (LME-MCO Consumer Admission and Discharge Form)"]
    }
