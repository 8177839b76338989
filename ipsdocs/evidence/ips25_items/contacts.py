"""Services 4 and 6 from the employer contacts (the specialists' weekly tracking form) and job starts.

- Services 4 (rapid job search): the average days from entry to the first face-to-face employer
  contact (or a competitive job start, if sooner), scored by the profile's anchors (reference/002
  l.144: 30 / 60 / 150 / 270 days);
- Services 6 (frequent employer contact): each specialist's face-to-face contacts per week, averaged,
  the closest scale point (l.154: 6 -> 5, 5 -> 4, 4 -> 3, 2 -> 2, fewer -> 1); anchors 4 and 5 also
  need the tracking form reviewed weekly, so unreviewed weeks hold the anchor at 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ipsdocs.evidence.ips25_items.base import ItemEvidence, ProgramRecords, item_title

CONTACT_POINTS = ((6, 5), (5, 4), (4, 3), (2, 2))
"""IPS-25 Services 6 anchors (reference/002 l.154): contacts a week -> score, best first; fewer: 1."""


@dataclass(frozen=True)
class FirstContact:
    """An episode's first face-to-face employer contact (or competitive job start), IPS-25 Services 4."""

    days: int
    """From the admission to the first contact."""
    admission: str
    first: str
    """The record id of the contact or job start."""
    specialist: str
    """The staff member of the episode's newest record (as the compliance report names specialists)."""


def first_contacts(program: ProgramRecords) -> list[FirstContact]:
    """Each episode with a first contact by ``as_of``: the one definition the IPS-25 evidence and the
    compliance report's chart of days to first contact both read."""
    found = []
    for episode in program.all_episodes():
        if episode.start is None:
            continue
        met = [
            (c.contact_date, c.record_id)
            for c in episode.contacts
            if c.face_to_face and c.contact_date >= episode.start
        ]
        met += [
            (j.start_date, j.record_id)
            for j in episode.of_type("job_start")
            if j.start_date >= episode.start and j.competitive_integrated is not False
        ]
        if met and min(met)[0] <= program.as_of:
            day, first = min(met)
            admission = episode.admission.record_id if episode.admission is not None else ""
            newest = max(episode.records, key=lambda r: (r.document_date or date.min, r.record_id))
            found.append(FirstContact((day - episode.start).days, admission, first, newest.staff.name))
    return found


def services_4(program: ProgramRecords) -> ItemEvidence:
    firsts = first_contacts(program)
    title = item_title("services_4")
    if not firsts:
        return ItemEvidence(title, "no first employer contact recorded", "", None, 0, "services_4")
    average = sum(f.days for f in firsts) / len(firsts)
    practice = program.state.practice
    anchor = practice.first_contact_score(round(average)) if practice else None
    figure = f"on average {average:.0f} days from entry to the first face-to-face employer contact"
    how = (
        "employer contacts and job starts after each admission, days from the admission to the first "
        "(IPS-25 Services 4, reference/002 l.144)"
    )
    behind = tuple(dict.fromkeys(i for f in firsts for i in (f.admission, f.first) if i))
    return ItemEvidence(title, figure, how, anchor, len(firsts), "services_4", behind)


def services_6(program: ProgramRecords, weeks: Sequence[Any]) -> ItemEvidence:
    title = item_title("services_6")
    by: dict[str, list[int]] = {}
    for week in weeks:
        by.setdefault(week.specialist, []).append(week.face_to_face)
    if not by:
        return ItemEvidence(title, "no employer contacts recorded", "", None, 0, "services_6")
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
    this_monday = program.as_of - timedelta(days=program.as_of.weekday())
    behind = tuple(c.record_id for c in program.index.contacts if c.face_to_face and c.contact_date < this_monday)
    how = (
        "the weekly tracking form (employer contact records), each full week to the week before the day "
        "(IPS-25 Services 6, reference/002 l.154)"
    )
    return ItemEvidence(title, figure, how, anchor, len(weeks), "services_6", behind)
