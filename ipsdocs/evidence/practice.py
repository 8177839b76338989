"""Findings across a person's records of everyday practice (issue 15), in ``timeliness``'s shape.

Each rule reads its numbers from the ``practice`` block of the jurisdiction profile and cites its
source. Employer contacts are a specialist's records: they reach a person through the client ids
they name, so a batch indexes them once (``PracticeIndex``) and each person's check looks up only
their own (no scan of every contact per person). The rules run for a person who has at least one
record of practice (a service note, job, follow-along plan, or an employer contact naming them):
a program that does not keep these records yet is not told about each one missing.

Findings are judged as of a date the caller gives, never the wall clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.practice_notes import follow_along_plans, links, missing_notes, notes
from ipsdocs.evidence.rules import Finding as TimelinessFinding

_finding = TimelinessFinding

PRACTICE_TYPES = frozenset({"service_note", "job_start", "job_end", "follow_along_plan"})
S12 = "IPS-25 Services 12"


@dataclass
class PracticeIndex:
    """What a batch knows once, for every person's check: record ids, and contacts by client id."""

    record_ids: set[str] = field(default_factory=set)
    contacts_by_client: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    contacts: list[Any] = field(default_factory=list)


def build_index(records: Iterable[Any]) -> PracticeIndex:
    index = PracticeIndex()
    for record in records:
        index.record_ids.add(record.record_id)
        if record.record_type == "employer_contact":
            index.contacts.append(record)
            for client in record.client_ids:
                index.contacts_by_client[client].append(record)
    return index


def _by_type(records: Sequence[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.document_date or date.min, r.record_id)):
        found[record.record_type].append(record)
    return found


def _day(value: date) -> str:
    return value.isoformat()


def person_practice_findings(
    records: Sequence[Any], rules: Jurisdiction, as_of: date, index: PracticeIndex | None = None
) -> list[TimelinessFinding]:
    """Every practice finding for one person's records (their employer contacts come from ``index``)."""
    practice = rules.practice
    if practice is None or not records:
        return []
    index = index or build_index(records)
    client = records[0].person.client_id
    kinds = _by_type(records)
    contacts = sorted(index.contacts_by_client.get(client, ()), key=lambda c: (c.contact_date, c.record_id))
    if not contacts and not any(kinds.get(t) for t in PRACTICE_TYPES):
        return []
    admissions = kinds.get("admission_discharge", [])
    admitted = admissions[0].admission_date if admissions else None
    discharged = admissions[-1].discharge_date if admissions else None
    seen = _face_to_face_days(kinds, contacts)
    end_of_care = min(d for d in (discharged, as_of) if d is not None)
    findings: list[TimelinessFinding] = []
    findings += _first_employer_contact(contacts, kinds.get("job_start", []), admitted, rules, as_of)
    findings += _jobs(kinds, admitted, rules)
    findings += _follow_along_contacts(kinds, seen, end_of_care, rules)
    findings += _job_ends(kinds, seen, rules)
    findings += _privacy(kinds, contacts)
    findings += notes(kinds, admissions, rules)
    findings += missing_notes(kinds, contacts, rules)
    findings += follow_along_plans(kinds, rules, as_of)
    findings += links(records, index.record_ids)
    return findings


def _face_to_face_days(kinds: dict[str, list[Any]], contacts: Sequence[Any]) -> list[date]:
    """Days the specialist saw the person: face-to-face notes, and employer visits with them present."""
    days = {n.service_date for n in kinds.get("service_note", []) if n.face_to_face}
    days |= {c.contact_date for c in contacts if c.face_to_face and c.client_present}
    return sorted(days)


def _any_between(days: list[date], first: date, last: date) -> bool:
    at = bisect_left(days, first)
    return at < len(days) and days[at] <= last


def _first_employer_contact(
    contacts: Sequence[Any], jobs: Sequence[Any], admitted: date | None, rules: Jurisdiction, as_of: date
) -> list[TimelinessFinding]:
    """NC critical element 6 (l.173), IPS-25 Services 4: first face-to-face employer contact within 30 days."""
    if admitted is None:
        return []
    limit, practice = rules.first_employer_contact_days, rules.practice
    assert practice is not None
    met = [(c.contact_date, c.record_id) for c in contacts if c.face_to_face and c.contact_date >= admitted]
    met += [(j.start_date, j.record_id) for j in jobs if j.start_date >= admitted]  # the person met that employer
    first = min(met, default=None)
    if first is None:
        days = (as_of - admitted).days
        if days <= limit:
            return []
        what = (
            f"no face-to-face employer contact yet, {days} days after admission (due within {limit} days; "
            f"IPS-25 Services 4 anchor {practice.first_contact_score(days)})"
        )
        return [_finding("first_employer_contact", what)]
    days = (first[0] - admitted).days
    if days <= limit:
        return []
    what = (
        f"first face-to-face employer contact {days} days after admission (due within {limit} days, "
        f"NC critical element 6; IPS-25 Services 4 anchor {practice.first_contact_score(days)})"
    )
    return [_finding("first_employer_contact", what, first[1])]


def _benefits_on_or_before(sessions: Sequence[Any], linked: str | None, day: date, window: int) -> bool:
    if linked:
        return any(s.record_id == linked and s.session_date <= day for s in sessions)
    return any(day - timedelta(days=window) <= s.session_date <= day for s in sessions)


def _jobs(kinds: dict[str, list[Any]], admitted: date | None, rules: Jurisdiction) -> list[TimelinessFinding]:
    """IPS-25 Services 1 (benefits before a start and at each change) and Services 2 (disclosure in advance)."""
    practice = rules.practice
    assert practice is not None
    window = practice.benefits_before_change_days
    sessions = kinds.get("benefits_counseling", [])
    discussions = kinds.get("disclosure_discussion", [])
    findings = []
    for number, job in enumerate(kinds.get("job_start", [])):
        if admitted is not None and job.start_date < admitted:
            what = f"job_start.start_date: the job starts before the admission ({_day(admitted)})"
            findings.append(_finding("job_before_admission", what, job.record_id))
        if not _benefits_on_or_before(sessions, job.benefits_counseling_id, job.start_date, window):
            what = "no benefits counseling before the job start (IPS-25 Services 1)"
            findings.append(_finding("benefits_before_job_start", what, job.record_id))
        for change in job.changes:
            if not _benefits_on_or_before(sessions, change.benefits_counseling_id, change.change_date, window):
                day = _day(change.change_date)
                what = f"no benefits counseling for the change in hours or pay on {day} (IPS-25 Services 1)"
                findings.append(_finding("benefits_at_change", what, job.record_id))
        if number == 0 and not any(d.discussion_date <= job.start_date for d in discussions):
            what = "disclosure was not discussed before the first job start (IPS-25 Services 2)"
            findings.append(_finding("disclosure_before_job", what, job.record_id))
        if (
            practice.minimum_wage is not None
            and job.hourly_wage is not None
            and job.hourly_wage < practice.minimum_wage
        ):
            what = f"job_start.hourly_wage: below the {rules.name} minimum wage of ${practice.minimum_wage}"
            findings.append(_finding("minimum_wage", what, job.record_id))
        if practice.job_development_in_record and job.found_through_job_development and not job.employer_contact_ids:
            what = "job_start.employer_contact_ids: found with job development; name its contacts (NY l.185-187)"
            findings.append(_finding("job_development_unrecorded", what, job.record_id))
        if job.competitive_test.value != rules.code:
            what = f"job_start.competitive_test: judged by another state's test, not {rules.name}'s"
            findings.append(_finding("competitive_test_state", what, job.record_id))
    return findings


def _job_windows(start: date, until: date, rules: Jurisdiction) -> list[tuple[str, date, date]]:
    """IPS-25 Services 12's schedule: the week before, 3 days after, weekly for a month, monthly for a year."""
    practice = rules.practice
    assert practice is not None
    windows = [
        ("the week before the start", start - timedelta(days=practice.contact_before_start_days), start),
        (
            f"the {practice.contact_after_start_days} days after the start",
            start + timedelta(days=1),
            start + timedelta(days=practice.contact_after_start_days),
        ),
    ]
    for week in range(practice.weekly_contact_weeks):
        first = start + timedelta(days=7 * week + 1)
        windows.append((f"week {week + 1}", first, first + timedelta(days=6)))
    month_start = start + timedelta(days=7 * practice.weekly_contact_weeks + 1)
    for month in range(2, practice.monthly_contact_months + 1):
        windows.append((f"month {month}", month_start, month_start + timedelta(days=29)))
        month_start += timedelta(days=30)
    return [w for w in windows if w[2] <= until]


def _follow_along_contacts(
    kinds: dict[str, list[Any]], seen: list[date], end_of_care: date, rules: Jurisdiction
) -> list[TimelinessFinding]:
    ends = {e.job_start_id: e.end_date for e in kinds.get("job_end", [])}
    findings = []
    for job in kinds.get("job_start", []):
        until = min(d for d in (ends.get(job.record_id), end_of_care) if d is not None)
        missed = [
            name
            for name, first, last in _job_windows(job.start_date, until, rules)
            if not _any_between(seen, first, last)
        ]
        if missed:
            what = f"no face-to-face contact in {', '.join(missed)} ({S12})"
            findings.append(_finding("follow_along_contact", what, job.record_id))
    return findings


def _job_ends(kinds: dict[str, list[Any]], seen: list[date], rules: Jurisdiction) -> list[TimelinessFinding]:
    practice = rules.practice
    assert practice is not None
    limit = practice.contact_after_job_end_days
    starts = {j.record_id: j for j in kinds.get("job_start", [])}
    findings = []
    for end in kinds.get("job_end", []):
        job = starts.get(end.job_start_id)
        if job is not None and end.end_date < job.start_date:
            findings.append(
                _finding("job_end_order", "job_end.end_date: the job ends before it started", end.record_id)
            )
        learned = end.learned_on or end.end_date
        contact = end.first_contact_on
        if contact is None:
            later = bisect_left(seen, learned)
            contact = seen[later] if later < len(seen) else None
        if contact is None or (contact - learned).days > limit:
            when = "no contact recorded" if contact is None else f"first contact {(contact - learned).days} days later"
            what = f"after learning of the job end on {_day(learned)}: {when} (within {limit} days, {S12})"
            findings.append(_finding("job_end_contact", what, end.record_id))
        if end.new_search_offered is not True:
            what = "help with another job was not offered after the job ended (IPS-25 Organization 6)"
            findings.append(_finding("job_end_new_search", what, end.record_id))
    return findings


def _consent_on(discussions: Sequence[Any], day: date) -> Any:
    earlier = [d for d in discussions if d.discussion_date <= day and d.employer_contact_consent is not None]
    return earlier[-1] if earlier else None


def _privacy(kinds: dict[str, list[Any]], contacts: Sequence[Any]) -> list[TimelinessFinding]:
    """A client-specific employer contact, without the person there, while their disclosure record says no
    employer contact (NC critical element 7; IPS-25 Services 2: the specialist's contact with employers)."""
    discussions = kinds.get("disclosure_discussion", [])
    findings = []
    for contact in contacts:
        if contact.client_present:  # the person came along: their own choice to meet the employer
            continue
        latest = _consent_on(discussions, contact.contact_date)
        if latest is not None and latest.employer_contact_consent is False:
            what = (
                f"privacy: employer contact {contact.record_id} on {_day(contact.contact_date)} was made on this "
                f"person's behalf, but their disclosure discussion {latest.record_id} records no consent to "
                "employer contact (NC critical element 7; IPS-25 Services 2)"
            )
            findings.append(_finding("privacy_employer_contact", what, contact.record_id))
    return findings
