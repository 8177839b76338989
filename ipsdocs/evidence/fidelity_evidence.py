"""IPS-25 evidence from the records (issue 16): for every item of the scale, what the records show.

For each item the records can score or support: the figure, how it was computed, the anchor it meets
and the records behind it (``ips25_items``: Staffing 1; Services 1, 2, 3, 4, 6, 10, 12, 13); every other
item is listed as needing interviews or observation, with the data sources the scale names for it. It
is offered to a fidelity review as evidence, never as the rating: the rater decides, and nothing here
writes a review's scores. The NC condition for a follow-up evaluation (at least 80 % of the people
served with a completed career profile, ``fidelity.career_profile_completion``) comes with it.

The records are read once (``ips25_items.base.program_records``): people, episodes and the employer
contact index are built one time and every item reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.scale import load_scale
from ipsdocs.evidence.fidelity import CompletionFigure, career_profile_completion
from ipsdocs.evidence.ips25_items.base import ItemEvidence, ProgramRecords, program_records

SUGGESTED = "Suggested from the records, you decide: "
"""How the interview labels a score and evidence it offers from the records."""
NOTICE = "offered to the rater as a starting point; never the rating (the rater decides)"
JSON_KIND = "ipsdocs IPS-25 evidence"
JSON_IDS = 200
"""Record ids kept per item in the JSON file (then the count of the rest)."""

__all__ = ["ItemEvidence", "ProgramEvidence", "fidelity_evidence", "program_evidence"]


def _record_items(program: ProgramRecords) -> list[ItemEvidence]:
    from ipsdocs.evidence.ips25_items.caseload import staffing_1
    from ipsdocs.evidence.ips25_items.community import services_13
    from ipsdocs.evidence.ips25_items.contacts import services_4, services_6
    from ipsdocs.evidence.ips25_items.jobs import services_10
    from ipsdocs.evidence.ips25_items.judged import judged_items
    from ipsdocs.evidence.practice_week import weekly_log

    weeks = weekly_log(program.index, program.people, program.state, program.as_of)
    items = [
        staffing_1(program),
        *judged_items(program),
        services_4(program),
        services_6(program, weeks),
        services_10(program),
        services_13(program),
    ]
    order = {item_id: n for n, item_id in enumerate(load_scale().item_ids)}
    return sorted(items, key=lambda i: order[i.item_id])


def fidelity_evidence(records: Sequence[Any], state: Jurisdiction, as_of: date) -> list[ItemEvidence]:
    """The evidence for each item the records can score or support, in the scale's order."""
    return _record_items(program_records(records, state, as_of))


def needs_interviews(item_id: str) -> ItemEvidence:
    item = load_scale().item(item_id)
    sources = ", ".join(item.data_sources)
    text = f"needs interviews or observation (the scale's data sources for this item: {sources})"
    return ItemEvidence(f"{item.label} {item.name}", text, "", None, 0, item_id, (), from_records=False)


@dataclass(frozen=True)
class ProgramEvidence:
    """Every item of the scale for one program on one day, with the career-profile figure."""

    program: str
    as_of: date
    state: str
    items: tuple[ItemEvidence, ...]
    completion: CompletionFigure

    def suggestions(self) -> dict[str, dict[str, Any]]:
        """Item id -> the suggested score (None: supports only) and evidence text, for the rater to accept or change;
        an item the records hold nothing for is asked as if there were no evidence."""
        return {
            i.item_id: {"score": i.anchor, "evidence": suggested_text(i)}
            for i in self.items
            if i.from_records and i.records
        }

    def as_json(self) -> dict[str, Any]:
        """The machine-readable form (``--json``; read back by ``interview fidelity_review --evidence``)."""
        items = []
        for i in self.items:
            kept = list(i.behind[:JSON_IDS])
            items.append(
                {
                    "item": i.item_id,
                    "title": i.item,
                    "from_records": i.from_records,
                    "anchor": i.anchor,
                    "figure": i.figure,
                    "how": i.how,
                    "counted": i.records,
                    "record_ids": kept,
                    "more_records": len(i.behind) - len(kept),
                    "text": i.text(),
                }
            )
        return {
            "kind": JSON_KIND,
            "version": 1,
            "notice": NOTICE,
            "program": self.program,
            "as_of": self.as_of.isoformat(),
            "state": self.state,
            "items": items,
            "career_profile_completion": self.completion.sentence(),
        }


def suggested_text(item: ItemEvidence) -> str:
    """The evidence notes the interview pre-fills: labelled as the records' suggestion, for the rater to edit."""
    return SUGGESTED + item.text()


def program_evidence(records: Sequence[Any], state: Jurisdiction, as_of: date, program: str) -> ProgramEvidence:
    """All 25 items in the scale's order: those the records score or support, the others marked."""
    view = program_records(records, state, as_of)
    found = {i.item_id: i for i in _record_items(view)}
    items = tuple(found.get(item_id) or needs_interviews(item_id) for item_id in load_scale().item_ids)
    completion = career_profile_completion(view.people.values(), state, as_of)
    return ProgramEvidence(program, as_of, state.code, items, completion)
