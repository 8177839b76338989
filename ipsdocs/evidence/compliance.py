"""Program compliance by rule (issue 16, the part the existing records allow): for every rule of the
state, how many people's episodes it applied to, how many met it, the rate; the same by specialist;
and one row per person and rule (long form, for a spreadsheet to pivot).

It reads the same judgements as the audit: a rule applied to an episode when it judged it met,
missed or overdue; an item not yet due is left out of the rate (it can still be met).

Trend by quarter (written into the report too): a judgement belongs to the quarter of its due date;
one with no due date (due at once, e.g. benefits counseling at service initiation) to the quarter its
episode began; a due date after the report's day counts in the report's quarter (met early).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.checks import PERSON_CHECKS, judge_episodes
from ipsdocs.evidence.episodes import episodes_of, people_of
from ipsdocs.evidence.outcomes import quarter_of
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
    quarters: tuple[str, ...] = ()
    """The quarter each row belongs to (the module's definition), row by row."""

    def long_rows(self) -> list[tuple[object, ...]]:
        """One row per person, episode and rule, in ``COLUMNS``' order (the CSV a spreadsheet pivots)."""
        return [(*row, quarter) for row, quarter in zip(self.rows, self.quarters, strict=True)]

    def trend(self, quarters: Sequence[str], specialist: str | None = None) -> dict[str, list[tuple[int, int]]]:
        """Per rule id, (met, applied) in each of ``quarters``; only one specialist's rows when named."""
        at = {q: n for n, q in enumerate(quarters)}
        found: dict[str, list[tuple[int, int]]] = {r.rule: [(0, 0)] * len(quarters) for r in self.rules}
        for row, quarter in zip(self.rows, self.quarters, strict=True):
            if row[4] == Status.DUE or quarter not in at or row[3] not in found or (specialist not in (None, row[1])):
                continue
            met, applied = found[row[3]][at[quarter]]
            found[row[3]][at[quarter]] = (met + (row[4] == Status.MET), applied + 1)
        return found


COLUMNS = ("client_id", "specialist", "episode", "rule", "status", "due", "quarter")
"""The long form's columns (``compliance.csv``, ``report compliance --csv``)."""


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
    people = people_of(records)
    index = build_index(records)
    judgements: list[Judgement] = []
    quarters: list[str] = []
    for client_id in sorted(people):
        episodes = episodes_of(people[client_id], contacts_of(index, client_id))
        starts = {e.number: e.start for e in episodes}
        for j in judge_episodes(episodes, jurisdiction, as_of):
            judgements.append(j)
            quarters.append(quarter_of(min(j.due or starts.get(j.episode) or as_of, as_of)))
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
        tuple(quarters),
    )
