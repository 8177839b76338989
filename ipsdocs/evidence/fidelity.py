"""IPS-25 results: total, level, next review, action plan, follow-up evaluation; and comparisons.

The numbers (tiers, months to the next review, days to the action plan, the follow-up window
and score range) are the jurisdiction's (``ipsdocs/data/jurisdictions/<code>.yaml``, NC by
default); the items are the scale's. The wording of each result is written once here and used
by the command line and by the score sheet alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ipsdocs.definitions.jurisdiction import FidelityTier, Jurisdiction
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import Evaluation, FidelityReviewBase, review_date_key
from ipsdocs.definitions.scale import ScaleItem, load_scale
from ipsdocs.errors import Problem, RecordError
from ipsdocs.wording import show_date

LOW_SCORE = 4
"""Items scored below this are the ones an action plan must cover (scores 1-3)."""


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later (the month's last day when it has fewer days)."""
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


@dataclass(frozen=True)
class FidelityResults:
    """What a review's total means under a jurisdiction's rules."""

    total: int
    tier: FidelityTier
    report_date: date | None
    next_review_due: date | None
    action_plan_required: bool
    action_plan_due: date | None
    follow_up_possible: bool
    follow_up_by: date | None
    low_items: tuple[ScaleItem, ...]


def results(review: FidelityReviewBase, jurisdiction: Jurisdiction) -> FidelityResults:
    rules = jurisdiction.fidelity
    total = review.total
    tier = rules.tier_for(total)
    report = review.final_report_date
    next_due = add_months(report, tier.next_review_months) if report and tier.next_review_months else None
    plan_due = (
        report + timedelta(days=rules.action_plan_due_days)
        if tier.action_plan_required and report and rules.action_plan_due_days
        else None
    )
    follow_up = (
        rules.follow_up_score_range is not None
        and review.evaluation is Evaluation.FIRST
        and rules.follow_up_score_range[0] <= total <= rules.follow_up_score_range[1]
    )
    # NC: "within 180 days from the date of the initial fidelity score": the report when known, else the review.
    scored_on = report or review.review_date
    follow_up_by = scored_on + timedelta(days=rules.follow_up_evaluation_days or 0) if follow_up else None
    scores = review.scores
    low = tuple(item for item in load_scale().items if scores[item.id] < LOW_SCORE)
    return FidelityResults(
        total, tier, report, next_due, tier.action_plan_required, plan_due, follow_up, follow_up_by, low
    )


def result_rows(review: FidelityReviewBase, jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """The results as (label, sentence) rows, worded once for the terminal and the documents."""
    found = results(review, jurisdiction)
    rules, tier, scale = jurisdiction.fidelity, found.tier, load_scale()
    rows = [
        ("Total score", f"{found.total} of {scale.maximum_total} (range {scale.minimum_total}-{scale.maximum_total})"),
        ("Fidelity level", f"{tier.level} ({tier.minimum}-{tier.maximum}, {jurisdiction.name})"),
    ]
    if tier.certified is not None:
        rows.append(("Certification", "Certified at this level" if tier.certified else "Not certified at this level"))
    rows.append(("Next review due", _next_review_text(found, tier)))
    rows.append(("Action plan", _action_plan_text(found, rules.action_plan_due_days)))
    if rules.follow_up_score_range is not None:
        rows.append(("Follow-up evaluation", _follow_up_text(review, found, jurisdiction)))
    low = ", ".join(f"{item.label} ({review.scores[item.id]})" for item in found.low_items)
    rows.append((f"Items scored below {LOW_SCORE}", low or "None"))
    return rows


def _next_review_text(found: FidelityResults, tier: FidelityTier) -> str:
    months = tier.next_review_months
    if not months:
        return "No review is scheduled at this level"
    if found.next_review_due and found.report_date:
        report = show_date(found.report_date)
        return f"{show_date(found.next_review_due)} ({months} months after the final report of {report})"
    return f"{months} months after the final report is received (its date is not recorded yet)"


def _action_plan_text(found: FidelityResults, due_days: int | None) -> str:
    if not found.action_plan_required:
        return "Not required at this level; the team may choose to write one"
    if found.action_plan_due:
        return f"Required; due {show_date(found.action_plan_due)} ({due_days} days after the fidelity report)"
    if due_days:
        return f"Required; due {due_days} days after the fidelity report is received (its date is not recorded yet)"
    return "Required"


def _follow_up_text(review: FidelityReviewBase, found: FidelityResults, jurisdiction: Jurisdiction) -> str:
    rules = jurisdiction.fidelity
    low, high = rules.follow_up_score_range or (0, 0)
    if found.follow_up_possible and found.follow_up_by:
        return (
            f"Possible: a first score of {low}-{high} allows one follow-up evaluation within "
            f"{rules.follow_up_evaluation_days} days, by {show_date(found.follow_up_by)}, when the "
            f"{jurisdiction.name} service definition's other conditions are met"
        )
    if low <= found.total <= high:
        return f"Not available: only a first review scored {low}-{high} allows a follow-up evaluation"
    return f"Not applicable (only a first score of {low}-{high} allows one)"


# --- a plan against its review ----------------------------------------------------------------------


def plan_problems(review: FidelityReviewBase, plan: FidelityActionPlan, where: str) -> list[Problem]:
    """How a plan falls short of its review: another program or date, or a low item with no goal."""
    problems = []
    if not review.program.same_as(plan.program):
        problems.append(Problem(where, "the plan is for another program than the review", "program"))
    if plan.review_date != review.review_date:
        problems.append(Problem(where, "the plan names another review date than the review's", "review_date"))
    covered = {str(goal.item.value) for goal in plan.goals}
    scores = review.scores
    for item in load_scale().items:
        if scores[item.id] < LOW_SCORE and item.id not in covered:
            problems.append(
                Problem(where, f"{item.full_label} scored {scores[item.id]} and has no goal in the plan", "goals")
            )
    for index, goal in enumerate(plan.goals):
        item_id = str(goal.item.value)
        if goal.score is not None and goal.score != scores[item_id]:
            problems.append(
                Problem(where, f"the score differs from the review's ({scores[item_id]})", f"goals[{index + 1}].score")
            )
    return problems


# --- comparing reviews of one program ---------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    scores: tuple[int, ...]

    @property
    def changes(self) -> tuple[int | None, ...]:
        """Change from the review before (None for the first)."""
        return (None, *(b - a for a, b in zip(self.scores, self.scores[1:], strict=False)))

    def cells(self) -> list[str]:
        return [mark(score, change) for score, change in zip(self.scores, self.changes, strict=True)]


def mark(score: int, change: int | None) -> str:
    """'4', '5 ▲ +1', '3 ▼ -2', '4 =': a score with its change since the review before."""
    if change is None:
        return str(score)
    if change == 0:
        return f"{score} ="
    return f"{score} ▲ +{change}" if change > 0 else f"{score} ▼ {change}"


@dataclass(frozen=True)
class Comparison:
    program: str
    columns: tuple[str, ...]
    items: tuple[ComparisonRow, ...]
    total: ComparisonRow
    levels: tuple[str, ...]


def compare(reviews: Sequence[tuple[Path, FidelityReviewBase]], jurisdiction: Jurisdiction) -> Comparison:
    """Item scores over time (oldest first) for two or more reviews of the same program."""
    if len(reviews) < 2:
        raise RecordError.one("fidelity compare", "give two or more reviews of the same program to compare")
    first_path, first = reviews[0]
    others = [str(path) for path, review in reviews[1:] if not review.program.same_as(first.program)]
    if others:
        raise RecordError(
            [Problem(path, f"this review is of another program than {first_path}", "program") for path in others]
        )
    ordered = sorted((review for _, review in reviews), key=review_date_key)
    columns = tuple(f"{show_date(r.review_date)} ({r.review_type.label.split(' ')[0]})" for r in ordered)
    rows = tuple(
        ComparisonRow(f"{item.label}. {item.name}", tuple(r.scores[item.id] for r in ordered))
        for item in load_scale().items
    )
    total = ComparisonRow("Total", tuple(r.total for r in ordered))
    levels = tuple(jurisdiction.fidelity.tier_for(r.total).level for r in ordered)
    return Comparison(first.program.name, columns, rows, total, levels)


# --- what an audit says about a program's reviews and plans -----------------------------------------


def program_findings(records: Sequence[Any], jurisdiction: Jurisdiction) -> dict[str, list[str]]:
    """Per program (by name): each review's result, and a required action plan that is missing or
    leaves an item below 4 without a goal (NC "Fidelity Evaluation": Fair requires a plan)."""
    reviews = sorted((r for r in records if isinstance(r, FidelityReviewBase)), key=review_date_key)
    plans = [r for r in records if isinstance(r, FidelityActionPlan)]
    found: dict[str, list[str]] = {}
    for review in reviews:
        lines = found.setdefault(review.program.name, [])
        result = results(review, jurisdiction)
        lines.append(
            f"review {review.record_id} of {review.review_date.isoformat()}: {result.total}, {result.tier.level}"
        )
        answering = [p for p in plans if p.program.same_as(review.program) and p.review_date == review.review_date]
        if result.action_plan_required and not answering:
            due = f" (due {result.action_plan_due.isoformat()})" if result.action_plan_due else ""
            lines.append(f"review {review.record_id}: an action plan is required{due} and none is in these records")
        for plan in answering:
            lines += [f"plan {plan.record_id}: {p.what}" for p in plan_problems(review, plan, plan.record_id)]
    return found
