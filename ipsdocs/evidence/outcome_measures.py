"""The outcome report's two measures that need more than jobs and admissions (issue 16, practice records
§3.6): people in education, and employer contacts per specialist per week.

Definitions (written into the report too):

- **in education**: people served in the quarter whose latest employment status recorded by its last
  day says "in education or training" (the admission form's status at admission or at discharge, or
  the discharge plan's). The records have no education start or end of their own, so a person who
  began school while served counts only once a form records it;
- **employer contacts per specialist per week**: face-to-face employer contacts in the weeks (Monday to
  Sunday) that begin in the quarter, divided by the specialist-weeks of the employer-contact log (each
  specialist's weeks from their first contact; the target is IPS-25 Services 6's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.episodes import episodes_of, people_of
from ipsdocs.evidence.outcomes import quarter_span

EDUCATION = "education"


@dataclass(frozen=True)
class QuarterMeasures:
    quarter: str
    in_education: int
    contacts_per_week: float | None
    """Face-to-face employer contacts per specialist per week; None when no week of the log is in it."""
    specialist_weeks: int


def _statuses(records: Sequence[Any]) -> list[tuple[date, str]]:
    """(day, employment status) of every status a person's forms record."""
    found = []
    for r in records:
        if r.record_type == "admission_discharge":
            if r.employment_status_at_admission is not None:
                found.append((r.admission_date, str(r.employment_status_at_admission)))
            if r.employment_status_at_discharge is not None and r.discharge_date is not None:
                found.append((r.discharge_date, str(r.employment_status_at_discharge)))
        elif r.record_type == "discharge_plan" and r.employment_status is not None:
            found.append((r.discussed_on, str(r.employment_status)))
    return sorted(found)


def _served(own: Sequence[Any], first: date, last: date) -> bool:
    return any(
        e.start is not None and e.start <= last and (e.discharged is None or e.discharged >= first)
        for e in episodes_of(own)
    )


def quarter_measures(records: Sequence[Any], rules: Jurisdiction, quarters: Sequence[str], as_of: date) -> list:
    """The two measures for each of ``quarters`` (the weekly log is made once, as of ``as_of``)."""
    from ipsdocs.evidence.practice import build_index
    from ipsdocs.evidence.practice_week import weekly_log

    people = people_of(records)
    log = weekly_log(build_index(records), people, rules, as_of)
    found = []
    for quarter in quarters:
        first, last = quarter_span(quarter)
        education = 0
        for own in people.values():
            known = [status for day, status in _statuses(own) if day <= last]
            education += bool(known and known[-1] == EDUCATION and _served(own, first, last))
        weeks = [w for w in log if first <= w.monday <= last]
        per_week = round(sum(w.face_to_face for w in weeks) / len(weeks), 1) if weeks else None
        found.append(QuarterMeasures(quarter, education, per_week, len(weeks)))
    return found
