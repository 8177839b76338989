"""What is due for each person on a caseload: overdue, due soon, coming up (issue 16, the records ipsdocs holds).

The items come from the same judgements as the audit (``checks.judge_episodes``), for each person's
current episode only (an episode still open on the day): the career profile by its day (30 in every
profile today), its sessions, benefits counseling at initiation (NC), the next disclosure discussion
(IPS-25 Services 2's two months), and from the records themselves: the employment plan's own review
date and a planned discharge. Sorted by urgency: the most overdue first, then the soonest due, then
what has no date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.checks import judge_episodes
from ipsdocs.evidence.episodes import Episode, episodes_of, people_of
from ipsdocs.evidence.practice import build_index, contacts_of
from ipsdocs.evidence.rules import Status

SHORT = {
    "admission_record": "admission record",
    "eligibility": "eligibility",
    "nyess_entry": "NYESS entry",
    "career_profile_on_time": "career profile",
    "benefits_at_initiation": "benefits",
    "disclosure_more_than_once": "disclosure",
    "employment_plan_review": "plan review",
    "planned_discharge": "discharge",
    "first_employer_contact": "employer contact",
    "follow_along_contact": "follow-along",
    "job_end_contact": "job end",
    "follow_along_reassessment": "level of need",
    "employer_contacts_per_week": "employer contacts",
}
"""A word or two per rule, for the one-line-per-person list."""


@dataclass(frozen=True)
class DueItem:
    client_id: str
    person: str
    specialist: str
    task: str
    rule: str
    due: date | None
    overdue: bool

    @property
    def short(self) -> str:
        return SHORT.get(self.rule, self.rule.replace("_", " "))

    def when(self, as_of: date, short: bool = False) -> str:
        """How soon: "12 days overdue", "in 3 days", "due today", "now" (no date: due at once); short: "12d overdue"."""
        if self.due is None:
            return "now"
        days = (self.due - as_of).days
        if short:
            return f"{-days}d overdue" if days < 0 else ("today" if days == 0 else f"in {days}d")
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        return "due today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"

    def urgency(self, as_of: date) -> tuple[int, int]:
        if self.overdue:
            return (0, (self.due - as_of).days if self.due else -100_000)
        return (1, (self.due - as_of).days if self.due else 100_000)


def _current(episodes: Sequence[Episode], as_of: date) -> Episode | None:
    last = episodes[-1] if episodes else None
    if last is None or (last.start and last.start > as_of) or not last.is_open:
        return None
    return last


def _record_items(episode: Episode, as_of: date) -> Iterable[tuple[str, str, date | None, bool]]:
    """Dates the records set themselves: the plan's review date, a planned discharge."""
    plans = episode.of_type("employment_plan")
    if plans and plans[-1].review_date is not None:
        review = plans[-1].review_date
        yield "review the employment plan (its review date)", "employment_plan_review", review, review < as_of
    supports = episode.of_type("follow_along_plan")
    if supports and supports[-1].next_assessment_on is not None:
        day = supports[-1].next_assessment_on
        yield "assess the level of follow-along support needed", "follow_along_reassessment", day, day < as_of
    for plan in episode.of_type("discharge_plan"):
        planned = plan.planned_discharge_date
        if planned is not None:
            yield "discharge as planned (record the discharge)", "planned_discharge", planned, planned < as_of


def due_items(
    records: Sequence[Any], jurisdiction: Jurisdiction, as_of: date, specialist: str | None = None
) -> list[DueItem]:
    """Every open item for every person in ``records`` (optionally one specialist's caseload), most urgent first."""
    people = people_of(records)
    index = build_index(records)
    items: list[DueItem] = []
    for client_id, own in people.items():
        episode = _current(episodes_of(own, contacts_of(index, client_id)), as_of)
        if episode is None:
            continue
        newest = max(episode.records, key=lambda r: (r.document_date or date.min, r.record_id))
        name, staff = newest.person.name, newest.staff.name
        if specialist and staff.casefold() != specialist.casefold():
            continue
        for judgement in judge_episodes([episode], jurisdiction, as_of):
            if judgement.status.is_open and judgement.task:
                overdue = judgement.status is Status.OVERDUE
                items.append(DueItem(client_id, name, staff, judgement.task, judgement.rule, judgement.due, overdue))
        for task, rule, day, overdue in _record_items(episode, as_of):
            if rule == "follow_along_reassessment" and any(i.rule == rule and i.client_id == client_id for i in items):
                continue
            items.append(DueItem(client_id, name, staff, task, rule, day, overdue))
    items += _contacts_this_week(records, jurisdiction, as_of, specialist)
    return sorted(items, key=lambda i: (*i.urgency(as_of), i.person, i.task))


def _contacts_this_week(
    records: Sequence[Any], jurisdiction: Jurisdiction, as_of: date, specialist: str | None
) -> list[DueItem]:
    """Each specialist's face-to-face employer contacts this week (Monday to as_of) against the rule's
    target (IPS-25 Services 6: 6 a week); due on the week's Sunday. A specialist who already met it is
    not listed."""
    rule = jurisdiction.rule("employer_contacts_per_week")
    if not rule.applies:
        return []
    monday = as_of - timedelta(days=as_of.weekday())
    made: dict[str, int] = defaultdict(int)
    for record in records:
        if record.record_type == "employer_contact" and monday <= record.contact_date <= as_of:
            made[record.specialist.name] += 1 if record.face_to_face else 0
        elif record.record_type == "employer_contact":
            made.setdefault(record.specialist.name, 0)
    target = rule.number("per_week")
    items = []
    for name, count in sorted(made.items()):
        if count >= target or (specialist and name.casefold() != specialist.casefold()):
            continue
        task = f"face-to-face employer contacts this week: {count} of {target} ({rule.cite})"
        items.append(DueItem("", f"{name} (employer contacts)", name, task, rule.id, monday + timedelta(days=6), False))
    return items
