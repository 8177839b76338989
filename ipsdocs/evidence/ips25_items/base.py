"""What every IPS-25 item's evidence shares: the records read once, the evidence itself, the anchors.

The anchors' numbers are read from the scale's own anchor texts (``ipsdocs/data/ips25_scale.yaml``,
verbatim from reference/002), so the thresholds are never typed twice: Staffing 1's "Ratio of 21-25
clients" gives 25 as the most for anchor 4, Services 10's "about 85-94%" gives 85 as the least for
anchor 4. ``tests/test_ips25_evidence.py`` holds the parsed numbers to the reference by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.scale import SCORES, ScaleItem, load_scale
from ipsdocs.evidence.episodes import Episode, episodes_of, people_of
from ipsdocs.evidence.practice import PracticeIndex, build_index, contacts_of

SHOWN_IDS = 8
"""Record ids shown in a line of evidence before "and N more" (the JSON file holds more)."""

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class ItemEvidence:
    """One scale item and what the records say about it (offered to the rater, never the rating)."""

    item: str
    """The scale's label and name, e.g. "Services 4 Rapid search for competitive job"."""
    figure: str
    how: str
    anchor: int | None
    """The anchor the figure meets; None: the records support the item but cannot score it."""
    records: int
    """How many judgements, records or contacts the figure rests on."""
    item_id: str = ""
    behind: tuple[str, ...] = ()
    """The ids of the records behind the figure, in the order they were counted."""
    from_records: bool = True
    """False: the item needs interviews or observation (``figure`` then names the scale's data sources)."""

    def behind_text(self, shown: int = SHOWN_IDS) -> str:
        """The first record ids, then "and N more"."""
        if not self.behind:
            return "none"
        more = len(self.behind) - shown
        return ", ".join(self.behind[:shown]) + (f" and {more} more" if more > 0 else "")

    def text(self) -> str:
        """The evidence as a rater reads it (offered as the starting point, never as the rating)."""
        if not self.from_records:
            return self.figure
        if not self.records:
            return f"{self.figure}: nothing in the records to score or support it yet"
        meets = f"meets anchor {self.anchor}" if self.anchor else "supports the item (not scored from records)"
        return (
            f"{self.figure}; {meets}. From the records: {self.how} ({self.records} counted). "
            f"Records: {self.behind_text()}."
        )


def scale_item(item_id: str) -> ScaleItem:
    return load_scale().item(item_id)


def item_title(item_id: str) -> str:
    """'Services 10 Competitive jobs': the scale's own label and name."""
    item = scale_item(item_id)
    return f"{item.label} {item.name}"


def anchor_numbers(item_id: str, *, last: bool) -> dict[int, int]:
    """Anchor 2-5 -> the first (or last) whole number in the anchor's text: a bound of its range."""
    item = scale_item(item_id)
    found = {}
    for score in SCORES[1:]:
        numbers = _NUMBER.findall(item.anchor(score))
        if not numbers:
            raise ValueError(f"{item.full_label}: anchor {score} names no number")
        found[score] = int(numbers[-1] if last else numbers[0])
    return found


def score_at_least(item_id: str, value: float) -> int:
    """The anchor of an item where more is better (Services 10, 13): the best whose least it reaches."""
    least = anchor_numbers(item_id, last=False)
    return next((score for score in sorted(least, reverse=True) if value >= least[score]), 1)


def score_at_most(item_id: str, value: float) -> int:
    """The anchor of an item where fewer is better (Staffing 1): the best whose most it stays within."""
    most = anchor_numbers(item_id, last=True)
    return next((score for score in sorted(most, reverse=True) if value <= most[score]), 1)


def whole(value: float) -> int:
    """Half up, as a rater rounds (Python's round() rounds 22.5 to 22)."""
    return int(value + 0.5)


@dataclass
class ProgramRecords:
    """A program's records read once: people, their episodes (with the employer contacts naming them)."""

    state: Jurisdiction
    as_of: date
    records: Sequence[Any]
    people: dict[str, list[RecordBase]] = field(default_factory=dict)
    index: PracticeIndex = field(default_factory=PracticeIndex)
    episodes: dict[str, list[Episode]] = field(default_factory=dict)

    def all_episodes(self) -> list[Episode]:
        return [e for client in sorted(self.episodes) for e in self.episodes[client]]

    def open_on(self, day: date) -> list[Episode]:
        """The episodes open on ``day``: admitted on or before it, not discharged before it."""
        return [
            e
            for e in self.all_episodes()
            if e.start is not None and e.start <= day and (e.discharged is None or e.discharged >= day)
        ]


def program_records(records: Sequence[Any], state: Jurisdiction, as_of: date) -> ProgramRecords:
    """One pass to group the records by person and episode; every item reads this, never the records again."""
    people = people_of(records)
    index = build_index(records)
    episodes = {client: episodes_of(own, contacts_of(index, client)) for client, own in people.items()}
    return ProgramRecords(state, as_of, records, dict(people), index, episodes)
