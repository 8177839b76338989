"""The records of everyday practice (issue 15) across a batch: the employer-contact index, and the
problems in the records themselves that are no state's rule.

The state rules these records make checkable are ``practice_checks.CHECKS``, judged episode by
episode with the others (``checks.PERSON_CHECKS``). Employer contacts are a specialist's records:
they reach a person through the client ids they name, so a batch indexes them once
(``PracticeIndex``) and each person's episodes get only their own (no scan of every contact per
person). The checks run for a person who has at least one record of practice (a service note, job,
follow-along plan, or an employer contact naming them): a program that does not keep these records
yet is not told about each one missing.

Findings are judged as of a date the caller gives, never the wall clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.practice_notes import NC_UM, links
from ipsdocs.evidence.rules import Finding

_finding = Finding


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


def contacts_of(index: PracticeIndex, client_id: str) -> list[Any]:
    return sorted(index.contacts_by_client.get(client_id, ()), key=lambda c: (c.contact_date, c.record_id))


def person_practice_findings(
    records: Sequence[Any], rules: Jurisdiction, as_of: date, index: PracticeIndex | None = None
) -> list[Finding]:
    """Every practice finding for one person's records: the practice rules judged episode by episode,
    and the records' own problems (their employer contacts come from ``index``)."""
    from ipsdocs.evidence.checks import judge_episodes
    from ipsdocs.evidence.episodes import episodes_of
    from ipsdocs.evidence.practice_checks import CHECKS

    if not records:
        return []
    index = index or build_index(records)
    episodes = episodes_of(records, contacts_of(index, records[0].person.client_id))
    judged = judge_episodes(episodes, rules, as_of, CHECKS)
    return [f for j in judged if j.status.is_finding for f in j.findings] + record_problems(records, rules, index)


def record_problems(records: Sequence[Any], rules: Jurisdiction, index: PracticeIndex) -> list[Finding]:
    """What is wrong in the practice records themselves, whatever the state's rules: a job before the
    admission or ending before it started, a wage under the state's minimum, another state's test, a
    note that makes no whole unit, a link to a record not in the set."""
    if rules.practice is None or not records:
        return []
    kinds = _by_type(records)
    if not any(kinds.get(t) for t in ("service_note", "job_start", "job_end", "follow_along_plan")):
        return []
    admissions = kinds.get("admission_discharge", [])
    admitted = admissions[0].admission_date if admissions else None
    return _jobs(kinds, admitted, rules) + _job_ends(kinds) + _units(kinds, rules) + links(records, index.record_ids)


def _units(kinds: dict[str, list[Any]], rules: Jurisdiction) -> list[Finding]:
    practice = rules.practice
    unit = practice.unit_minutes if practice else None
    if not unit:
        return []
    return [
        _finding(
            "note_units", f"service_note.duration_minutes: makes no whole {unit}-minute unit ({NC_UM})", n.record_id
        )
        for n in kinds.get("service_note", [])
        if n.duration_minutes is not None and not practice.units(n.duration_minutes)  # type: ignore[union-attr]
    ]


def _jobs(kinds: dict[str, list[Any]], admitted: date | None, rules: Jurisdiction) -> list[Finding]:
    practice = rules.practice
    assert practice is not None
    findings = []
    for job in kinds.get("job_start", []):
        if admitted is not None and job.start_date < admitted:
            what = f"job_start.start_date: the job starts before the admission ({_day(admitted)})"
            findings.append(_finding("job_before_admission", what, job.record_id))
        if (
            practice.minimum_wage is not None
            and job.hourly_wage is not None
            and job.hourly_wage < practice.minimum_wage
        ):
            what = f"job_start.hourly_wage: below the {rules.name} minimum wage of ${practice.minimum_wage}"
            findings.append(_finding("minimum_wage", what, job.record_id))
        if job.competitive_test.value != rules.code:
            what = f"job_start.competitive_test: judged by another state's test, not {rules.name}'s"
            findings.append(_finding("competitive_test_state", what, job.record_id))
    return findings


def _job_ends(kinds: dict[str, list[Any]]) -> list[Finding]:
    starts = {j.record_id: j for j in kinds.get("job_start", [])}
    return [
        _finding("job_end_order", "job_end.end_date: the job ends before it started", end.record_id)
        for end in kinds.get("job_end", [])
        if (job := starts.get(end.job_start_id)) is not None and end.end_date < job.start_date
    ]
