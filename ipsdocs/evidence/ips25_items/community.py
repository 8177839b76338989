"""Services 13 (community-based services) from the service notes' places and durations.

IPS-25 Services 13 (reference/002 l.173): "Rate each IPS specialist based upon their total weekly
scheduled work hours, then calculate the average and use the closest scale point": 65% or more in the
community -> 5, 50-64% -> 4, 40-49% -> 3, 30-39% -> 2, less -> 1 (numbers read from the scale's anchors).

What counts as the community is the note's place: the model's community places are NY's
time-in-community list (NY "Time in Community Standard" l.126-133: employment settings, homes,
libraries, schools, ACCES-VR offices, coffee shops, training sites, travelling); the program's office,
phone and video do not. The records hold no roster of scheduled hours, so the figure is the share of
recorded service time (the notes' durations; a specialist whose notes give none: the share of notes),
not of scheduled hours. The state's own target is shown beside it (NC 75 %, NY 50 % with 65 %
recommended, CA 65 %: ``community_time_target`` in the profile).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ipsdocs.definitions.models.service_note import COMMUNITY_PLACES
from ipsdocs.evidence.ips25_items.base import ItemEvidence, ProgramRecords, item_title, score_at_least, whole


@dataclass
class Share:
    """One specialist's notes: community and all minutes (notes with a duration), and note counts."""

    minutes: int = 0
    community_minutes: int = 0
    notes: int = 0
    community_notes: int = 0
    ids: list[str] = field(default_factory=list)

    @property
    def by_time(self) -> bool:
        return self.minutes > 0

    @property
    def share(self) -> float:
        if self.by_time:
            return self.community_minutes / self.minutes
        return self.community_notes / self.notes


def shares(program: ProgramRecords) -> tuple[dict[str, Share], int]:
    """Specialist -> their notes' community share; and how many notes gave no place (left out)."""
    found: dict[str, Share] = defaultdict(Share)
    no_place = 0
    for records in program.people.values():
        for note in records:
            if note.record_type != "service_note" or note.service_date > program.as_of:
                continue
            if note.place is None:
                no_place += 1
                continue
            share = found[note.staff.name]
            outside = note.place in COMMUNITY_PLACES
            share.notes += 1
            share.community_notes += outside
            if note.duration_minutes:
                share.minutes += note.duration_minutes
                share.community_minutes += note.duration_minutes * outside
            share.ids.append(note.record_id)
    return dict(sorted(found.items())), no_place


def _target(program: ProgramRecords) -> str:
    state = program.state
    text = f"{state.name}'s target: at least {state.community_time_target:.0%}"
    if state.community_time_recommended:
        text += f" ({state.community_time_recommended:.0%} recommended)"
    return text


def services_13(program: ProgramRecords) -> ItemEvidence:
    title = item_title("services_13")
    found, no_place = shares(program)
    if not found:
        return ItemEvidence(title, "no service note with a place recorded", "", None, 0, "services_13")
    average = sum(s.share for s in found.values()) / len(found)
    anchor = score_at_least("services_13", whole(average * 100))
    shown = ", ".join(f"{name} {s.share:.0%}{'' if s.by_time else ' of notes'}" for name, s in found.items())
    below = [name for name, s in found.items() if s.share < program.state.community_time_target]
    figure = (
        f"{average:.0%} of recorded service time in the community, averaged over {len(found)} specialists "
        f"({shown}); the share of recorded service time, not of scheduled hours (no roster in the records); "
        f"{_target(program)}, {len(below)} specialist(s) below it"
    )
    if no_place:
        figure += f"; {no_place} note(s) without a place left out"
    how = (
        "service notes to the day: minutes at community places (NY time-in-community list, l.126-133) over all "
        "minutes, per specialist (the share of notes where no duration is given), then averaged, rounded half up "
        "(IPS-25 Services 13, reference/002 l.173)"
    )
    behind = tuple(i for s in found.values() for i in s.ids)
    return ItemEvidence(title, figure, how, anchor, sum(s.notes for s in found.values()), "services_13", behind)
