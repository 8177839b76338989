"""A fidelity review started with evidence from the records (``interview fidelity_review --evidence``).

For each item the records score or support, the suggested score becomes the item's default answer and
the evidence text its evidence notes, both labelled "Suggested from the records, you decide". They are
defaults only: every item is still asked, the rater accepts (Enter) or changes each, and the review is
saved with what the rater answered. Items without evidence are asked as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ipsdocs.errors import IpsdocsError

LABEL = "Suggested from the records, you decide"


def offer_evidence(session: Any, evidence: Mapping[str, Mapping[str, Any]], source: str) -> None:
    """Put each suggestion into the session's answers as a default (never into ``done``: still asked)."""
    from ipsdocs.definitions.models.fidelity_review import RATING_MODELS

    if session.form.record_type != "fidelity_review":
        raise IpsdocsError.one(
            "--evidence", f"only a fidelity review takes evidence from the records, not a {session.form.title}"
        )
    offered = 0
    for item_id, suggestion in evidence.items():
        model = RATING_MODELS.get(item_id)
        if model is None:
            continue
        item = model.ITEM
        score = suggestion.get("score")
        answer: dict[str, Any] = {"evidence": suggestion.get("evidence") or None}
        if score is not None and not item.counted:
            answer["score"] = score
            line = f"{LABEL}: score {score} ({item.anchor(score)}); press Enter to accept it or choose another."
        else:
            line = f"{LABEL}: the records support this item but do not score it; the evidence notes are filled in."
        session.answers[item_id] = answer
        session.offered[item_id] = f"{item.full_label}. {line}"
        offered += 1
    session.notes.append(
        f"Evidence from the records ({source}) is offered for {offered} items, each marked '{LABEL}': "
        "the suggested score is the default and the evidence notes are filled in. You decide every score; "
        "nothing is kept as the rating unless you accept it."
    )
