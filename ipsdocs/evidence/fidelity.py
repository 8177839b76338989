"""IPS-25 results: total, level, next review, action plan, follow-up evaluation; and comparisons.

The numbers (tiers, months to the next review, the follow-up window and score range) are the
jurisdiction's (``ipsdocs/data/jurisdictions/<code>.yaml``, NC by default); so are its rules on the
action plan (``fidelity_action_plan``: NC, a Fair team's plan within 30 days of the first fidelity
report, shared with the LME-MCO, the DMHDDSAS AMH Team and DMA), on goals for low items (an agency
setting, ``fidelity_low_items_goal``: no source asks for it) and on the share of people served with
a completed career profile (``career_profile_completion``: NC, at least 80 % for a follow-up
evaluation, computed from the records). The items are the scale's. The wording of each result is
written once here and used by the command line and by the score sheet alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ipsdocs.definitions.jurisdiction import FidelityTier, Jurisdiction
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import Evaluation, FidelityReviewBase, review_date_key
from ipsdocs.definitions.scale import ScaleItem, load_scale
from ipsdocs.errors import Problem, RecordError
from ipsdocs.evidence.episodes import episodes_of
from ipsdocs.wording import show_date

SHOWN_LOW = 4
"""Results list the items scored below this (1-3) for the team to see; no source makes it a requirement."""


def low_item_threshold(jurisdiction: Jurisdiction) -> int | None:
    """The score below which an action plan must have a goal for an item: an agency setting, none by default."""
    rule = jurisdiction.rule("fidelity_low_items_goal")
    below = rule.number("below") if rule.applies else None
    return int(below) if below is not None else None


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
    """The state's deadline, for a required plan answering the first fidelity report (NC: 30 days)."""
    follow_up_possible: bool
    follow_up_by: date | None
    low_items: tuple[ScaleItem, ...]


def results(review: FidelityReviewBase, jurisdiction: Jurisdiction) -> FidelityResults:
    rules = jurisdiction.fidelity
    total = review.total
    tier = rules.tier_for(total)
    report = review.final_report_date
    next_due = add_months(report, tier.next_review_months) if report and tier.next_review_months else None
    due_days = _plan_due_days(jurisdiction)
    first = review.evaluation is Evaluation.FIRST
    plan_due = (
        report + timedelta(days=due_days) if tier.action_plan_required and report and due_days and first else None
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
    below = low_item_threshold(jurisdiction) or SHOWN_LOW
    low = tuple(item for item in load_scale().items if scores[item.id] < below)
    return FidelityResults(
        total, tier, report, next_due, tier.action_plan_required, plan_due, follow_up, follow_up_by, low
    )


def _plan_due_days(jurisdiction: Jurisdiction) -> int | None:
    rule = jurisdiction.rule("fidelity_action_plan")
    return rule.number("due_days") if rule.applies else None


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
    rows.append(("Action plan", _action_plan_text(review, found, jurisdiction)))
    if rules.follow_up_score_range is not None:
        rows.append(("Follow-up evaluation", _follow_up_text(review, found, jurisdiction)))
    low = ", ".join(f"{item.label} ({review.scores[item.id]})" for item in found.low_items)
    below = low_item_threshold(jurisdiction)
    label = f"Items scored below {below} (each needs a goal: the agency's setting)" if below else "Items scored 1-3"
    rows.append((label, low or "None"))
    return rows


def _next_review_text(found: FidelityResults, tier: FidelityTier) -> str:
    months = tier.next_review_months
    if not months:
        return "No review is scheduled at this level"
    if found.next_review_due and found.report_date:
        report = show_date(found.report_date)
        return f"{show_date(found.next_review_due)} ({months} months after the final report of {report})"
    return f"{months} months after the final report is received (its date is not recorded yet)"


def _action_plan_text(review: FidelityReviewBase, found: FidelityResults, jurisdiction: Jurisdiction) -> str:
    if not found.action_plan_required:
        return "Not required at this level; the team may choose to write one"
    due_days = _plan_due_days(jurisdiction)
    shared = _recipients(jurisdiction)
    share = f"; shared with {shared}" if shared else ""
    if found.action_plan_due:
        return (
            f"Required; due {show_date(found.action_plan_due)} ({due_days} days after the first fidelity report){share}"
        )
    if due_days and review.evaluation is Evaluation.FIRST:
        return (
            f"Required; due {due_days} days after the first fidelity report is received (its date is not recorded "
            f"yet){share}"
        )
    if due_days:
        return f"Required ({jurisdiction.name} sets its {due_days} days for the plan after the first report only)"
    return "Required"


def _recipients(jurisdiction: Jurisdiction) -> str:
    """Who the state asks a plan to be shared with, in its words ("the LME-MCO, ... and DMA")."""
    rule = jurisdiction.rule("fidelity_action_plan")
    if not rule.applies:
        return ""
    labels = {c.code: c.label for c in jurisdiction.action_plan_recipients}
    names = [labels.get(code, code) for code in rule.listed("share_with")]
    names = [n[0].lower() + n[1:] if n.startswith("The ") else n for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _follow_up_text(review: FidelityReviewBase, found: FidelityResults, jurisdiction: Jurisdiction) -> str:
    rules = jurisdiction.fidelity
    low, high = rules.follow_up_score_range or (0, 0)
    if found.follow_up_possible and found.follow_up_by:
        completion = jurisdiction.rule("career_profile_completion")
        share = completion.number("share") if completion.applies else None
        among = (
            f" (among them at least {share:.0%} of the people served with a completed career profile, which "
            "ipsdocs batch computes from the records)"
            if share
            else ""
        )
        return (
            f"Possible: a first score of {low}-{high} allows one follow-up evaluation within "
            f"{rules.follow_up_evaluation_days} days, by {show_date(found.follow_up_by)}, when the "
            f"{jurisdiction.name} service definition's other conditions are met{among}"
        )
    if low <= found.total <= high:
        return f"Not available: only a first review scored {low}-{high} allows a follow-up evaluation"
    return f"Not applicable (only a first score of {low}-{high} allows one)"


# --- a plan against its review ----------------------------------------------------------------------


def plan_problems(
    review: FidelityReviewBase, plan: FidelityActionPlan, where: str, jurisdiction: Jurisdiction | None = None
) -> list[Problem]:
    """How a plan falls short of its review: another program or date, a score that differs; and under
    ``jurisdiction``'s rules a required plan answering the first report that is late or not shared with
    everyone the state names (NC), and a low item with no goal where the agency requires one."""
    problems = []
    if not review.program.same_as(plan.program):
        problems.append(Problem(where, "the plan is for another program than the review", "program"))
    if plan.review_date != review.review_date:
        problems.append(Problem(where, "the plan names another review date than the review's", "review_date"))
    scores = review.scores
    for index, goal in enumerate(plan.goals):
        item_id = str(goal.item.value)
        if goal.score is not None and goal.score != scores[item_id]:
            problems.append(
                Problem(where, f"the score differs from the review's ({scores[item_id]})", f"goals[{index + 1}].score")
            )
    if jurisdiction is None:
        return problems
    below = low_item_threshold(jurisdiction)
    covered = {str(goal.item.value) for goal in plan.goals}
    for item in load_scale().items:
        if below is not None and scores[item.id] < below and item.id not in covered:
            what = (
                f"{item.full_label} scored {scores[item.id]} and has no goal in the plan "
                f"(the agency asks for one below {below})"
            )
            problems.append(Problem(where, what, "goals"))
    return problems + _deadline_and_sharing(review, plan, where, jurisdiction)


def _deadline_and_sharing(
    review: FidelityReviewBase, plan: FidelityActionPlan, where: str, jurisdiction: Jurisdiction
) -> list[Problem]:
    """NC: the plan a Fair first review requires is due within 30 days of receiving the first report, and
    shared with the LME-MCO, the DMHDDSAS AMH Team and DMA."""
    rule = jurisdiction.rule("fidelity_action_plan")
    found = results(review, jurisdiction)
    if not rule.applies or not found.action_plan_required or review.evaluation is not Evaluation.FIRST:
        return []
    problems = []
    if found.action_plan_due and plan.plan_date > found.action_plan_due:
        what = (
            f"the plan is dated {plan.plan_date.isoformat()}, after its due date {found.action_plan_due.isoformat()} "
            f"({rule.number('due_days')} days after the first fidelity report; {rule.cite})"
        )
        problems.append(Problem(where, what, "plan_date"))
    labels = {c.code: c.label for c in jurisdiction.action_plan_recipients}
    shared = {str(getattr(code, "value", code)) for code in plan.shared_with}
    missing = [labels.get(code, code) for code in rule.listed("share_with") if code not in shared]
    if missing:
        what = f"the plan is not recorded as shared with: {'; '.join(missing)} ({rule.cite})"
        problems.append(Problem(where, what, "shared_with"))
    elif plan.shared_on is None:
        problems.append(Problem(where, f"the date the plan was shared is not recorded ({rule.cite})", "shared_on"))
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
    """Per program (by name): each review's result, and a required action plan that is missing, late,
    not shared as the state asks, or short of its review (NC "Fidelity Evaluation": Fair requires a
    plan within 30 days of the first report)."""
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
            found_problems = plan_problems(review, plan, plan.record_id, jurisdiction)
            lines += [f"plan {plan.record_id}: {p.what}" for p in found_problems]
    return found


# --- what the records prove for a follow-up evaluation ------------------------------------------------


@dataclass(frozen=True)
class CompletionFigure:
    """How many of the people receiving services on a day have a completed career profile in their
    current episode (NC "Fidelity Evaluation": at least 80 % for a follow-up evaluation)."""

    as_of: date
    served: int
    completed: int
    target: float | None
    cite: str

    @property
    def share(self) -> float | None:
        return self.completed / self.served if self.served else None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.share is None:
            return None
        return self.share >= self.target

    def sentence(self) -> str:
        share = f" ({self.share:.0%})" if self.share is not None else ""
        text = (
            f"completed career profiles: {self.completed} of the {self.served} people receiving services on "
            f"{self.as_of.isoformat()}{share}"
        )
        if self.target is not None:
            verdict = {True: "met", False: "not met", None: "no one served"}[self.met]
            text += f"; {self.cite}: at least {self.target:.0%} ({verdict})"
        return text


def career_profile_completion(
    people: Iterable[Sequence[Any]], jurisdiction: Jurisdiction, as_of: date
) -> CompletionFigure:
    """The program's share of people served (an episode open on ``as_of``) whose episode has a completed
    career profile; with the state's target where it has one (rule ``career_profile_completion``)."""
    rule = jurisdiction.rule("career_profile_completion")
    served = completed = 0
    for records in people:
        current = [
            e
            for e in episodes_of(records)
            if e.start is not None and e.start <= as_of and (e.discharged is None or e.discharged >= as_of)
        ]
        if not current:
            continue
        served += 1
        profiles = current[-1].of_type("career_profile")
        if any(p.completed_on is not None and p.completed_on <= as_of for p in profiles):
            completed += 1
    target = rule.number("share") if rule.applies else None
    return CompletionFigure(as_of, served, completed, target, rule.cite)
