"""Staffing 1 (caseload size) from the admissions: the episodes open on the day, per specialist.

IPS-25 Staffing 1 (reference/002 l.78): "Ratio of 20 or fewer clients per IPS specialist" scores 5,
21-25 -> 4, 26-30 -> 3, 31-40 -> 2, 41 or more -> 1 (the numbers are read from the scale's anchors).
The records have no assigned-specialist field, so a person counts for the staff member named on the
admission form of their open episode (without one, on the episode's newest record). Full-time
equivalents come from a roster, which the records do not hold: the figure is people per specialist
named, and a part-time specialist's caseload needs the roster.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ipsdocs.evidence.episodes import Episode
from ipsdocs.evidence.ips25_items.base import ItemEvidence, ProgramRecords, item_title, score_at_most, whole


def specialist_of(episode: Episode) -> str:
    """The admission's staff member; without an admission, the staff of the episode's newest record."""
    if episode.admission is not None:
        return str(episode.admission.staff.name)
    newest = max(episode.records, key=lambda r: (r.document_date or date.min, r.record_id))
    return str(newest.staff.name)


def caseloads(program: ProgramRecords) -> dict[str, list[Episode]]:
    """Specialist -> the episodes open on the day that name them."""
    found: dict[str, list[Episode]] = defaultdict(list)
    for episode in program.open_on(program.as_of):
        found[specialist_of(episode)].append(episode)
    return dict(sorted(found.items()))


def staffing_1(program: ProgramRecords) -> ItemEvidence:
    title = item_title("staffing_1")
    found = caseloads(program)
    day = program.as_of.isoformat()
    if not found:
        return ItemEvidence(title, f"no episode of service open on {day}", "", None, 0, "staffing_1")
    people = sum(len(episodes) for episodes in found.values())
    average = people / len(found)
    anchor = score_at_most("staffing_1", whole(average))
    shown = ", ".join(f"{name} {len(episodes)}" for name, episodes in found.items())
    counted = f"{people} {'person' if people == 1 else 'people'}, {len(found)} specialist{'s' * (len(found) != 1)}"
    figure = f"{average:.1f} people per specialist on {day} ({counted}: {shown})"
    how = (
        "episodes open on the day (admitted, not discharged) counted for the staff member on each admission form "
        "(the records name no assigned specialist), the average rounded half up; counts people per specialist "
        "named on the records; part-time staff need the roster (IPS-25 Staffing 1, reference/002 l.78)"
    )
    behind = tuple(
        e.admission.record_id if e.admission is not None else e.records[0].record_id
        for episodes in found.values()
        for e in episodes
    )
    return ItemEvidence(title, figure, how, anchor, people, "staffing_1", behind)
