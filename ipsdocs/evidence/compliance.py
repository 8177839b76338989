"""Program compliance by rule (issue 16, the part the existing records allow): for every rule of the
state, how many people's episodes it applied to, how many met it, the rate; the same by specialist;
and one row per person and rule (long form, for a spreadsheet to pivot).

It reads the same judgements as the audit: a rule applied to an episode when it judged it met,
missed or overdue; an item not yet due is left out of the rate (it can still be met).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.definitions.models import RecordBase
from ipsdocs.evidence.checks import PERSON_CHECKS, judge_episodes
from ipsdocs.evidence.episodes import episodes_of
from ipsdocs.evidence.practice import build_index, contacts_of
from ipsdocs.evidence.rules import Judgement, Status


@dataclass
class RuleRate:
    rule: str
    title: str
    applied: int = 0
    met: int = 0
    missed_by: list[str] = field(default_factory=list)
    """Client ids (with the episode when the person has more than one) that missed it."""

    @property
    def rate(self) -> float | None:
        return self.met / self.applied if self.applied else None


@dataclass(frozen=True)
class Compliance:
    as_of: date
    rules: tuple[RuleRate, ...]
    by_specialist: dict[str, tuple[RuleRate, ...]]
    rows: tuple[tuple[str, str, int, str, str, str], ...]
    """Long form: client id, specialist, episode, rule, status, due date."""


def _rates(judgements: Sequence[Judgement], jurisdiction: Jurisdiction) -> tuple[RuleRate, ...]:
    rates = {
        c.rule: RuleRate(c.rule, jurisdiction.rule(c.rule).title) for c in PERSON_CHECKS if jurisdiction.applies(c.rule)
    }
    for j in judgements:
        if j.status is Status.DUE or j.rule not in rates:
            continue
        rate = rates[j.rule]
        rate.applied += 1
        if j.status is Status.MET:
            rate.met += 1
        else:
            rate.missed_by.append(j.client_id + (f" (episode {j.episode})" if j.episode > 1 else ""))
    return tuple(rates.values())


def compliance(records: Sequence[Any], jurisdiction: Jurisdiction, as_of: date) -> Compliance:
    """The program's compliance with each of the state's person-level rules, as of a day."""
    people: dict[str, list[RecordBase]] = defaultdict(list)
    for record in records:
        if isinstance(record, RecordBase):
            people[record.person.client_id].append(record)
    index = build_index(records)
    judgements: list[Judgement] = []
    for client_id in sorted(people):
        judgements += judge_episodes(episodes_of(people[client_id], contacts_of(index, client_id)), jurisdiction, as_of)
    specialists: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        specialists[j.specialist].append(j)
    rows = tuple(
        (j.client_id, j.specialist, j.episode, j.rule, str(j.status), j.due.isoformat() if j.due else "")
        for j in judgements
    )
    return Compliance(
        as_of,
        _rates(judgements, jurisdiction),
        {name: _rates(own, jurisdiction) for name, own in sorted(specialists.items())},
        rows,
    )
