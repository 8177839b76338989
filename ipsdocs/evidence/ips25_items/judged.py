"""Services 1, 2, 3 and 12 from the state rules' judgements of each episode (the audit's own checks).

The figures are the rule judgements of the same records (``checks.PERSON_CHECKS``), so the audit, the
compliance report and this evidence always agree. Anchors are the IPS-25 scale's (``reference/002``):

- Services 1 (work incentives planning): 4 = offered before the job start; 5 = also at changes in hours
  and pay (l.130): from ``benefits_before_job_start`` and ``benefits_at_change``;
- Services 2 (disclosure): one of the four elements the records show, the pros and cons discussed in
  advance (l.131): supports, does not score;
- Services 3 (work-based assessment): the initial assessment over 2-3 sessions (anchor 4, l.137):
  supports;
- Services 12 (time-unlimited follow-along): the share of job starts with every scheduled contact,
  and job ends with a contact within 3 days (l.168): all -> 5, at least half -> 3, fewer -> 2.

Only the six rules these items read are judged, each episode once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ipsdocs.evidence.checks import PERSON_CHECKS, judge_episodes
from ipsdocs.evidence.ips25_items.base import ItemEvidence, ProgramRecords, item_title
from ipsdocs.evidence.rules import Status

READS = {
    "benefits_before_job_start": ("job_start", "benefits_counseling"),
    "benefits_at_change": ("job_start", "benefits_counseling"),
    "disclosure_before_job": ("job_start", "disclosure_discussion"),
    "career_profile_sessions": ("career_profile",),
    "follow_along_contact": ("job_start",),
    "job_end_contact": ("job_end",),
}
"""The rules these items read, and the record types behind each judgement (listed as the records behind)."""


@dataclass
class Rate:
    met: int = 0
    applied: int = 0
    behind: list[str] = field(default_factory=list)


def rule_rates(program: ProgramRecords) -> dict[str, Rate]:
    """Per rule: judgements met / applied (an item not yet due left out, as in the compliance report)."""
    checks = [c for c in PERSON_CHECKS if c.rule in READS]
    rates: dict[str, Rate] = defaultdict(Rate)
    for episode in program.all_episodes():
        for judgement in judge_episodes([episode], program.state, program.as_of, checks):
            if judgement.status is Status.DUE:
                continue
            rate = rates[judgement.rule]
            rate.applied += 1
            rate.met += judgement.status is Status.MET
            rate.behind += [r.record_id for kind in READS[judgement.rule] for r in episode.of_type(kind)]
    return rates


def _share(rate: Rate) -> str:
    return f"{rate.met} of {rate.applied} ({rate.met / rate.applied:.0%})" if rate.applied else "none recorded"


def _ids(*rates: Rate) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for rate in rates for i in rate.behind))


def services_1(rates: dict[str, Rate]) -> ItemEvidence:
    start, change = rates.get("benefits_before_job_start", Rate()), rates.get("benefits_at_change", Rate())
    anchor = None
    if start.applied and start.met == start.applied:
        anchor = 5 if change.applied and change.met == change.applied else 4
    figure = f"benefits counseling before {_share(start)} job starts and {_share(change)} changes in hours or pay"
    how = "benefits sessions dated before each start and change (rules benefits_before_job_start, benefits_at_change)"
    return ItemEvidence(
        item_title("services_1"), figure, how, anchor, start.applied + change.applied, "services_1", _ids(start, change)
    )


def supports(item_id: str, rates: dict[str, Rate], rule: str, what: str) -> ItemEvidence:
    rate = rates.get(rule, Rate())
    return ItemEvidence(
        item_title(item_id), f"{what}: {_share(rate)}", f"rule {rule}", None, rate.applied, item_id, _ids(rate)
    )


def services_12(rates: dict[str, Rate], days: object) -> ItemEvidence:
    follow, ends = rates.get("follow_along_contact", Rate()), rates.get("job_end_contact", Rate())
    applied, met = follow.applied + ends.applied, follow.met + ends.met
    anchor = None
    if applied:
        anchor = 5 if met == applied else (3 if follow.applied and follow.met * 2 >= follow.applied else 2)
    figure = (
        f"every scheduled contact kept for {_share(follow)} job starts; "
        f"contact within {days} days of {_share(ends)} job ends"
    )
    how = "face-to-face notes and visits around each start and end (rules follow_along_contact, job_end_contact)"
    return ItemEvidence(item_title("services_12"), figure, how, anchor, applied, "services_12", _ids(follow, ends))


def judged_items(program: ProgramRecords) -> list[ItemEvidence]:
    rates = rule_rates(program)
    return [
        services_1(rates),
        supports("services_2", rates, "disclosure_before_job", "disclosure discussed before the first job start"),
        supports("services_3", rates, "career_profile_sessions", "career profiles over the state's sessions"),
        services_12(rates, program.state.rule("job_end_contact").numbers.get("days")),
    ]
