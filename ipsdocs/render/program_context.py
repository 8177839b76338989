"""What the fidelity templates see beyond the form's sections: the score sheet and the plan's goals.

Computed here, in rendering, from the evidence package's results: a model knows nothing of how it
is shown.
"""

from __future__ import annotations

from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.models import DocumentBase
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import FidelityReviewBase
from ipsdocs.definitions.scale import load_scale
from ipsdocs.evidence.fidelity import result_rows, results
from ipsdocs.render.views import make_field_view
from ipsdocs.wording import NOT_RECORDED, show_date

CHECKED, UNCHECKED = "☑", "☐"


def program_extras(record: DocumentBase, jurisdiction: Jurisdiction) -> dict[str, Any]:
    """Derived values a program record's templates show (totals, levels, due dates); none for a person's."""
    if isinstance(record, FidelityReviewBase):
        return review_context(record, jurisdiction)
    if isinstance(record, FidelityActionPlan):
        return plan_context(record)
    return {}


def review_context(review: FidelityReviewBase, jurisdiction: Jurisdiction) -> dict[str, Any]:
    """``fidelity``: the score sheet (``sheet``: sections with ``rows``), the results, and ``by_item``
    (item id -> number, name, score, heading, anchor, components with their marks, sources, evidence as a
    field view); no key is ``items``, which Jinja would read as ``dict.items``."""
    scale = load_scale()
    scores = review.scores
    found = results(review, jurisdiction)
    items: dict[str, dict[str, Any]] = {}
    sheet = []
    for section in scale.sections:
        rows = []
        for item in section.items:
            rating = review.rating(item.id)
            present = set(rating.present_components())
            row = {
                "number": f"{item.number}.",
                "name": item.name,
                "score": str(scores[item.id]),
                "heading": f"{item.label}. {item.name}",
                "anchor": f"Score {scores[item.id]}: {item.anchor(scores[item.id])}",
                "components": [
                    {"mark": CHECKED if c.id in present else UNCHECKED, "text": c.text} for c in item.components
                ],
                "sources": ", ".join(str(source.value) for source in rating.data_sources) or NOT_RECORDED,
                "evidence": make_field_view("evidence", "Evidence notes", rating.evidence, markdown=True),
            }
            rows.append(row)
            items[item.id] = row
        sheet.append({"title": section.title.upper(), "rows": rows})
    program = review.program
    return {
        "person_line": f"{program.name} · Record {review.record_id}",
        "fidelity": {
            "site": " · ".join(p for p in (program.name, program.agency or "") if p),
            "raters": "; ".join(rater.name for rater in review.raters),
            "review_date": show_date(review.review_date),
            "review_type": f"{review.review_type.label}; {review.evaluation.label.lower()}",
            "total": str(found.total),
            "level": found.tier.level,
            "sheet": sheet,
            "by_item": items,
            "results": [{"label": label, "text": text} for label, text in result_rows(review, jurisdiction)],
            "rules": jurisdiction.name,
        },
    }


def plan_context(plan: FidelityActionPlan) -> dict[str, Any]:
    """``fidelity_plan.goals``: one block per goal, its facts laid out by the generic group view."""
    goals = []
    for number, goal in enumerate(plan.goals, 1):
        item = load_scale().item(str(goal.item.value))
        score = f" (score {goal.score})" if goal.score else ""
        view = make_field_view(name="goal", label=f"Goal {number}", value=goal)
        goals.append({"heading": f"Goal {number}: {item.label}. {item.name}{score}", "view": view})
    return {
        "person_line": f"{plan.program.name} · Record {plan.record_id}",
        "fidelity_plan": {"goals": goals, "review_date": show_date(plan.review_date)},
    }
