"""Timeliness findings across one person's records (domain.md, "Timelines and checks").

Each rule reads its numbers from the jurisdiction profile in use (``ipsdocs/data/jurisdictions``):

- the admission form (LME-MCO Consumer Admission and Discharge Form) is missing;
- the career profile was completed later than ``career_profile.days_after_admission`` days after
  admission, or is still not complete past that day, or was built over fewer sessions than
  ``career_profile.sessions`` allows (NC critical element 1);
- no benefits counseling record at service initiation (NC critical element 2);
- disclosure discussed only once, or never (IPS-25 Services 2: on more than one occasion);
- a discharge without a discharge plan, or for a reason outside the profile's discharge reasons;
- eligibility criterion B with fewer than ``min_eligibility_areas`` areas.

Findings are judged "as of" a date the caller gives (a batch uses the latest date in its records,
so the same records always give the same findings), never the wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.models import MODELS, RecordBase

FOUNDATION_TYPES = tuple(t for t, model in MODELS.items() if issubclass(model, RecordBase))
"""The documents of a person's service record (the registry's records about a person, not a program);
the rules below concern these only."""

EXPECTED_FOR_EVERYONE = tuple(t for t in FOUNDATION_TYPES if t != "discharge_plan")
"""Documents every person served should have; a discharge plan only at discharge (rule ``discharge_without_plan``)."""


@dataclass(frozen=True)
class TimelinessFinding:
    rule: str
    message: str
    record_id: str = ""

    def __str__(self) -> str:
        return f"{self.message} ({self.record_id})" if self.record_id else self.message


def _of_type(records: Sequence[RecordBase], record_type: str) -> list[Any]:
    return sorted(
        (r for r in records if r.record_type == record_type), key=lambda r: (r.document_date or date.min, r.record_id)
    )


def _show(day: date) -> str:
    return day.isoformat()


def person_findings(records: Sequence[RecordBase], rules: Jurisdiction, as_of: date) -> list[TimelinessFinding]:
    """Every finding for one person's records, in the order of the rules above."""
    admissions = _of_type(records, "admission_discharge")
    findings: list[TimelinessFinding] = []
    if not admissions:
        findings.append(TimelinessFinding("admission_missing", "no admission form (Consumer Admission and Discharge)"))
    admitted = admissions[0].admission_date if admissions else _profile_admission(records)
    findings += _career_profile(records, rules, admitted, as_of)
    findings += _benefits_counseling(records)
    findings += _disclosure(records)
    findings += _discharge(records, admissions, rules)
    findings += _eligibility(admissions, rules)
    return findings


def _profile_admission(records: Sequence[RecordBase]) -> date | None:
    profiles = _of_type(records, "career_profile")
    return profiles[0].admission_date if profiles else None


def _career_profile(
    records: Sequence[RecordBase], rules: Jurisdiction, admitted: date | None, as_of: date
) -> list[TimelinessFinding]:
    if admitted is None:
        return []
    limit = rules.career_profile.days_after_admission
    due = rules.career_profile_due(admitted)
    profiles = _of_type(records, "career_profile")
    if not profiles:
        if as_of > due:
            return [TimelinessFinding("career_profile_late", f"no career profile; it was due by {_show(due)}")]
        return []
    completed = [p for p in profiles if p.completed_on is not None]
    if not completed:
        if as_of > due:
            what = f"career profile not completed; it was due by {_show(due)} ({limit} days after admission)"
            return [TimelinessFinding("career_profile_late", what, profiles[0].record_id)]
        return []
    first = min(completed, key=lambda p: p.completed_on)
    findings = []
    days = (first.completed_on - admitted).days
    if days > limit:
        what = f"career profile completed {days} days after admission (due within {limit} days)"
        findings.append(TimelinessFinding("career_profile_late", what, first.record_id))
    fewest, most = rules.career_profile.sessions
    if not fewest <= len(first.sessions) <= most:
        what = f"career profile built over {len(first.sessions)} session(s) (expected {fewest} to {most})"
        findings.append(TimelinessFinding("career_profile_sessions", what, first.record_id))
    return findings


def _benefits_counseling(records: Sequence[RecordBase]) -> list[TimelinessFinding]:
    sessions = _of_type(records, "benefits_counseling")
    if any(getattr(s.occasion, "value", None) == "service_initiation" for s in sessions):
        return []
    what = "no benefits counseling record at service initiation"
    if sessions:
        what += f" ({len(sessions)} later session(s) recorded)"
    return [TimelinessFinding("benefits_at_initiation", what)]


def _disclosure(records: Sequence[RecordBase]) -> list[TimelinessFinding]:
    count = len(_of_type(records, "disclosure_discussion"))
    if count == 0:
        return [TimelinessFinding("disclosure_more_than_once", "disclosure never discussed (needed more than once)")]
    if count == 1:
        return [TimelinessFinding("disclosure_more_than_once", "disclosure discussed only once")]
    return []


def _discharge(
    records: Sequence[RecordBase], admissions: Sequence[Any], rules: Jurisdiction
) -> list[TimelinessFinding]:
    allowed = rules.discharge_reason_codes
    plans = _of_type(records, "discharge_plan")
    findings = []
    for admission in admissions:
        if admission.discharge_date is None:
            continue
        if not plans:
            findings.append(
                TimelinessFinding("discharge_without_plan", "discharged without a discharge plan", admission.record_id)
            )
        reason = getattr(admission.discharge_reason, "value", admission.discharge_reason)
        if reason is None:
            findings.append(TimelinessFinding("discharge_reason", "discharge reason not recorded", admission.record_id))
        elif reason not in allowed:
            what = f"discharge reason '{reason}' is not one of the {rules.name} discharge criteria"
            findings.append(TimelinessFinding("discharge_reason", what, admission.record_id))
    for plan in plans:
        outside = sorted({r.value for r in plan.reasons} - allowed)
        if outside:
            what = f"discharge plan gives reason(s) outside the {rules.name} criteria: {', '.join(outside)}"
            findings.append(TimelinessFinding("discharge_reason", what, plan.record_id))
        elif not plan.reasons:
            findings.append(TimelinessFinding("discharge_reason", "discharge plan gives no reason", plan.record_id))
    return findings


def _eligibility(admissions: Sequence[Any], rules: Jurisdiction) -> list[TimelinessFinding]:
    needed = rules.min_eligibility_areas
    findings = []
    for admission in admissions:
        areas = len(set(admission.criterion_b_areas))
        if areas < needed:
            what = f"eligibility criterion B has {areas} area(s) of difficulty (at least {needed} needed)"
            findings.append(TimelinessFinding("eligibility_b", what, admission.record_id))
    return findings
