"""Practice findings about service notes, follow-along plans and links between records (issue 15).

Split from ``practice`` to keep each module small; ``practice_checks`` calls these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.fidelity import add_months
from ipsdocs.evidence.rules import Finding as TimelinessFinding

NC_UM = "NC IPS-SE Utilization Management l.1135-1144"


def _day(value: date) -> str:
    return value.isoformat()


def note_units(note: Any, rules: Jurisdiction) -> int:
    """The units a note makes: as billed when recorded, else from its duration and the state's rule."""
    if note.units is not None:
        return int(note.units)
    if note.duration_minutes is None or rules.practice is None:
        return 0
    return rules.practice.units(note.duration_minutes) or 0


def notes(kinds: dict[str, list[Any]], admissions: Sequence[Any], rules: Jurisdiction) -> list[TimelinessFinding]:
    """Units, the authorization threshold, group services, billing, and service types the plan lacks."""
    practice = rules.practice
    assert practice is not None
    findings: list[TimelinessFinding] = []
    plans = [
        (p.plan_date, {s.service_type for s in p.services if s.service_type is not None})
        for p in kinds.get("employment_plan", [])
    ]
    outside: list[Any] = []
    total = 0
    over_at: Any = None
    admitted = admissions[0].admission_date if admissions else None
    unit = practice.unit_minutes
    threshold = rules.rule("authorization_threshold")
    free = threshold.number("free_units") if threshold.applies else None
    in_effect: set[Any] = set()
    next_plan = 0
    for note in kinds.get("service_note", []):  # in date order, so the plan in effect only moves forward
        while next_plan < len(plans) and plans[next_plan][0] <= note.service_date:
            in_effect = plans[next_plan][1]
            next_plan += 1
        units = note_units(note, rules) if unit else 0
        if not note.individual and rules.applies("individual_service"):
            cite = rules.rule("individual_service").cite
            what = f"service_note.individual: a group service; the service is individual ({cite})"
            findings.append(TimelinessFinding("individual_service", what, note.record_id))
        if note.billable and rules.applies("note_billable"):
            what = "service_note.billable: the IPS Employment Specialist's activities are not billable (NYS OMH l.99)"
            findings.append(TimelinessFinding("note_billable", what, note.record_id))
        if free and admitted is not None and note.service_date >= admitted:
            total += units
            if over_at is None and total > free:
                over_at = note
        if in_effect and note.service_type is not None and note.service_type not in in_effect:
            outside.append(note)
    if outside:
        types = sorted({n.service_type.value for n in outside})
        what = f"{len(outside)} service note(s) for service types the plan does not include: {', '.join(types)} (NC-50)"
        findings.append(TimelinessFinding("note_outside_plan", what, outside[0].record_id))
    if over_at is not None:
        findings += _authorization(over_at, admissions, total, rules)
        findings += _after_authorization(kinds.get("service_note", []), admissions[-1], rules)
    return findings


def _after_authorization(notes: Sequence[Any], admission: Any, rules: Jurisdiction) -> list[TimelinessFinding]:
    """NC l.1137-1143: an authorization covers up to ``authorization_months``; services after it ends need a new one."""
    period = rules.rule("authorization_period")
    start, end = getattr(admission, "authorization_start", None), getattr(admission, "authorization_end", None)
    if start is None or not period.applies or period.number("months") is None:
        return []
    months = period.number("months")
    months_later = add_months(start, months)
    limit = min(d for d in (end, months_later) if d is not None)
    after = [n for n in notes if n.service_date > limit]
    if not after:
        return []
    what = (
        f"{len(after)} service note(s) after the authorization ends on {_day(limit)} "
        f"(up to {months} months; reauthorization needed, {period.cite})"
    )
    return [TimelinessFinding("authorization_period", what, after[0].record_id)]


def _authorization(over_at: Any, admissions: Sequence[Any], total: int, rules: Jurisdiction) -> list[TimelinessFinding]:
    """NC: more than 64 units since admission need an authorization (fields on the admission form)."""
    threshold = rules.rule("authorization_threshold")
    admission = admissions[-1]
    start = getattr(admission, "authorization_start", None)
    if start is None or start > over_at.service_date:
        what = (
            f"{total} units since admission, more than {threshold.number('free_units')} from "
            f"{_day(over_at.service_date)}, with no authorization recorded ({threshold.cite})"
        )
        return [TimelinessFinding("authorization_threshold", what, admission.record_id)]
    return []


def missing_notes(kinds: dict[str, list[Any]], contacts: Sequence[Any], cite: str) -> list[TimelinessFinding]:
    """NC "Documentation Requirements" l.1107: a service note per date of service.

    Dates of service recorded elsewhere: an employer visit with the person present, a disclosure or
    benefits session, the first contact after a job end, a follow-along plan written with the person.
    """
    noted = {n.service_date for n in kinds.get("service_note", [])}
    served = {c.contact_date for c in contacts if c.client_present}
    served |= {d.discussion_date for d in kinds.get("disclosure_discussion", [])}
    served |= {b.session_date for b in kinds.get("benefits_counseling", [])}
    served |= {e.first_contact_on for e in kinds.get("job_end", []) if e.first_contact_on}
    served |= {p.plan_date for p in kinds.get("follow_along_plan", [])}
    missing = sorted(served - noted)
    if not missing:
        return []
    shown = ", ".join(_day(d) for d in missing[:5]) + (" …" if len(missing) > 5 else "")
    what = f"no service note for {len(missing)} date(s) of service recorded elsewhere: {shown} ({cite})"
    return [TimelinessFinding("service_note_per_date", what)]


def follow_along_plans(kinds: dict[str, list[Any]], rules: Jurisdiction, as_of: date) -> list[TimelinessFinding]:
    """On-site support only where disclosure allows it (NC l.903-906); reassessment on time (NC l.282-285)."""
    jobs = {j.record_id: j for j in kinds.get("job_start", [])}
    discussions = kinds.get("disclosure_discussion", [])
    plans = kinds.get("follow_along_plan", [])
    findings = []
    for number, plan in enumerate(plans):
        job = jobs.get(plan.job_start_id)
        disclosure = getattr(getattr(job, "disclosure_at_employer", None), "value", None)
        if disclosure is None:
            earlier = [d for d in discussions if d.discussion_date <= plan.plan_date and d.decision is not None]
            disclosure = earlier[-1].decision.value if earlier else None
        if disclosure == "none" and any(s.location.value == "on_site" for s in plan.supports):
            what = "follow_along_plan.supports: on-site support while the person's disclosure is 'none' (NC l.903-906)"
            findings.append(TimelinessFinding("on_site_support_disclosure", what, plan.record_id))
        later = plans[number + 1 :]
        due = plan.next_assessment_on
        if due is not None and due < as_of and not any(p.need_assessed_on and p.need_assessed_on >= due for p in later):
            what = f"level of follow-along need not reassessed; due {_day(due)} (NC l.282-285)"
            findings.append(TimelinessFinding("follow_along_reassessment", what, plan.record_id))
    return findings


LINK_FIELDS = {
    "job_start": ("benefits_counseling_id", "employer_contact_ids"),
    "job_end": ("job_start_id",),
    "follow_along_plan": ("job_start_id",),
    "service_note": ("related_records",),
}


def links(records: Sequence[Any], known: set[str]) -> list[TimelinessFinding]:
    """A link by id to a record that is not in the set is a finding, not a crash."""
    findings = []
    for record in records:
        names = list(LINK_FIELDS.get(record.record_type, ()))
        targets: list[tuple[str, str]] = []
        for name in names:
            value = getattr(record, name)
            targets += [(name, v) for v in (value if isinstance(value, list) else [value]) if v]
        if record.record_type == "job_start":
            targets += [("changes", c.benefits_counseling_id) for c in record.changes if c.benefits_counseling_id]
        for name, target in targets:
            if target not in known:
                what = f"{record.record_type}.{name}: links to {target}, which is not in these records"
                findings.append(TimelinessFinding("link_missing", what, record.record_id))
    return findings
