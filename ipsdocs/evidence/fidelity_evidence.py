"""IPS-25 evidence from the records (issue 16): for each item the records can score or support, the
figure, how it was computed, and the anchor it meets; offered to a fidelity review as evidence, never
as the rating (the rater decides, and the records never overwrite a rater's score).

The figures are the rule judgements of the same records (``compliance``), so the audit, the compliance
report and this evidence always agree. Anchors are the IPS-25 scale's (``reference/002``):

- Services 1 (work incentives planning): 4 = offered before the job start; 5 = also at changes in hours
  and pay (l.130): from ``benefits_before_job_start`` and ``benefits_at_change``;
- Services 2 (disclosure): one of the four elements the records show, the pros and cons discussed in
  advance (l.131): supports, does not score;
- Services 3 (work-based assessment): the initial assessment over 2-3 sessions (anchor 4, l.137):
  supports;
- Services 4 (rapid job search): the average days from entry to the first face-to-face employer
  contact, scored by the anchors (l.144; 30 / 60 / 150 / 270 days);
- Services 6 (frequent employer contact): each specialist's face-to-face contacts per week, averaged,
  the closest scale point (l.154: 6 -> 5, 5 -> 4, 4 -> 3, 2 -> 2, fewer -> 1), weekly review noted;
- Services 12 (time-unlimited follow-along): the share of job starts with every scheduled contact,
  and job ends with a contact within 3 days (l.168): all -> 5, at least half -> 3, fewer -> 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.compliance import Compliance, compliance

CONTACT_POINTS = ((6, 5), (5, 4), (4, 3), (2, 2))
"""IPS-25 Services 6 anchors (reference/002 l.154): contacts a week -> score, best first; fewer: 1."""


@dataclass(frozen=True)
class ItemEvidence:
    item: str
    """The scale's item, e.g. "Services 4 Rapid job search for competitive job"."""
    figure: str
    how: str
    anchor: int | None
    """The anchor the figure meets; None: the records support the item but cannot score it."""
    records: int
    """How many judgements or contacts the figure rests on."""

    def text(self) -> str:
        """The evidence as a rater reads it (offered as the starting point, never as the rating)."""
        meets = f"meets anchor {self.anchor}" if self.anchor else "supports the item (not scored from records)"
        return f"{self.figure}; {meets}. From the records: {self.how} ({self.records} counted)."


def _rate(found: Compliance, rule: str) -> tuple[int, int]:
    rate = next((r for r in found.rules if r.rule == rule), None)
    return (rate.met, rate.applied) if rate else (0, 0)


def _share(met: int, applied: int) -> str:
    return f"{met} of {applied} ({met / applied:.0%})" if applied else "none recorded"


def _services_1(found: Compliance) -> ItemEvidence:
    start, change = _rate(found, "benefits_before_job_start"), _rate(found, "benefits_at_change")
    anchor = None
    if start[1] and start[0] == start[1]:
        anchor = 5 if change[1] and change[0] == change[1] else 4
    figure = f"benefits counseling before {_share(*start)} job starts and {_share(*change)} changes in hours or pay"
    return ItemEvidence(
        "Services 1 Work incentives planning",
        figure,
        "benefits sessions dated before each start and change",
        anchor,
        start[1] + change[1],
    )


def _supports(item: str, found: Compliance, rule: str, what: str) -> ItemEvidence:
    met, applied = _rate(found, rule)
    return ItemEvidence(item, f"{what}: {_share(met, applied)}", f"rule {rule}", None, applied)


def _services_4(days: list[int], state: Jurisdiction) -> ItemEvidence:
    if not days:
        return ItemEvidence(
            "Services 4 Rapid job search for competitive job", "no first employer contact recorded", "", None, 0
        )
    average = sum(days) / len(days)
    anchor = state.practice.first_contact_score(round(average)) if state.practice else None
    figure = f"on average {average:.0f} days from entry to the first face-to-face employer contact"
    return ItemEvidence(
        "Services 4 Rapid job search for competitive job",
        figure,
        "employer contacts and job starts after each admission",
        anchor,
        len(days),
    )


def _services_6(weeks: Sequence[Any]) -> ItemEvidence:
    by: dict[str, list[int]] = {}
    for week in weeks:
        by.setdefault(week.specialist, []).append(week.face_to_face)
    if not by:
        return ItemEvidence(
            "Services 6 Job development - Frequent employer contact", "no employer contacts recorded", "", None, 0
        )
    rates = {name: sum(v) / len(v) for name, v in by.items()}
    average = sum(rates.values()) / len(rates)
    anchor = next((score for least, score in CONTACT_POINTS if round(average) >= least), 1)
    unreviewed = sum(w.unreviewed for w in weeks)
    if unreviewed and anchor > 3:
        anchor = 3  # anchors 4-5 need the tracking form reviewed weekly
    shown = ", ".join(f"{name} {rate:.1f}" for name, rate in sorted(rates.items()))
    figure = (
        f"{average:.1f} face-to-face employer contacts per specialist per week ({shown}); "
        f"{unreviewed} not reviewed weekly"
    )
    return ItemEvidence(
        "Services 6 Job development - Frequent employer contact",
        figure,
        "the weekly tracking form (employer contact records)",
        anchor,
        len(weeks),
    )


def _services_12(found: Compliance) -> ItemEvidence:
    follow, ends = _rate(found, "follow_along_contact"), _rate(found, "job_end_contact")
    applied, met = follow[1] + ends[1], follow[0] + ends[0]
    anchor = None if not applied else (5 if met == applied else (3 if follow[1] and follow[0] * 2 >= follow[1] else 2))
    figure = (
        f"every scheduled contact kept for {_share(*follow)} job starts; "
        f"contact within 3 days of {_share(*ends)} job ends"
    )
    return ItemEvidence(
        "Services 12 Time-unlimited follow-along supports",
        figure,
        "face-to-face notes and visits around each start and end",
        anchor,
        applied,
    )


def first_contact_days(records: Sequence[Any], as_of: date) -> list[int]:
    """Days from each episode's admission to its first face-to-face employer contact (or job start)."""
    from ipsdocs.evidence.episodes import episodes_of
    from ipsdocs.evidence.outcomes import people_of
    from ipsdocs.evidence.practice import build_index, contacts_of

    index = build_index(records)
    days = []
    for client, own in people_of(records).items():
        for episode in episodes_of(own, contacts_of(index, client)):
            if episode.start is None:
                continue
            met = [c.contact_date for c in episode.contacts if c.face_to_face and c.contact_date >= episode.start]
            met += [
                j.start_date
                for j in episode.of_type("job_start")
                if j.start_date >= episode.start and j.competitive_integrated is not False
            ]
            if met and min(met) <= as_of:
                days.append((min(met) - episode.start).days)
    return days


def fidelity_evidence(records: Sequence[Any], state: Jurisdiction, as_of: date) -> list[ItemEvidence]:
    """The evidence for each item the records can score or support, in the scale's order."""
    from ipsdocs.evidence.practice import build_index
    from ipsdocs.evidence.practice_week import weekly_log

    found = compliance(records, state, as_of)
    people: dict[str, list[Any]] = {}
    for record in records:
        person = getattr(record, "person", None)
        if person is not None:
            people.setdefault(person.client_id, []).append(record)
    weeks = weekly_log(build_index(records), people, state, as_of)
    return [
        _services_1(found),
        _supports(
            "Services 2 Disclosure", found, "disclosure_before_job", "disclosure discussed before the first job start"
        ),
        _supports(
            "Services 3 Ongoing, work-based vocational assessment",
            found,
            "career_profile_sessions",
            "career profiles over the state's sessions",
        ),
        _services_4(first_contact_days(records, as_of), state),
        _services_6(weeks),
        _services_12(found),
    ]
