"""The figures of the compliance report, gathered once from the records: the state's rules judged (the
same judgements as the audit), the trend by quarter, each specialist's employer contacts per week and
days to first employer contact, and who missed what. The page (``compliance_pdf``) only lays them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence.compliance import Compliance, RuleRate, compliance
from ipsdocs.evidence.episodes import people_of
from ipsdocs.evidence.outcomes import quarter_of, quarters_until
from ipsdocs.evidence.rules import Status

TREND = 4
"""Quarters shown in the trend columns, ending with the report's quarter."""


@dataclass(frozen=True)
class Specialist:
    name: str
    met: int
    applied: int
    trend: list[tuple[int, int]]
    per_week: float | None
    """Face-to-face employer contacts per week, over the weeks of the employer-contact log."""
    weeks: int
    first_contact_days: float | None
    """Median days from admission to the first face-to-face employer contact."""
    first_contacts: int
    worst: list[RuleRate]

    @property
    def rate(self) -> float | None:
        return self.met / self.applied if self.applied else None


@dataclass(frozen=True)
class ComplianceFigures:
    as_of: date
    state: str
    found: Compliance
    quarters: list[str]
    trend: dict[str, list[tuple[int, int]]]
    specialists: list[Specialist]
    missed: dict[str, list[str]]
    """Per rule id: the people who missed it, "Name (client id)" (with the episode when not the first)."""
    contacts_target: int | None
    first_contact_target: int | None

    @property
    def applied(self) -> list[RuleRate]:
        return [r for r in self.found.rules if r.applied]

    @property
    def met(self) -> int:
        return sum(r.met for r in self.found.rules)

    @property
    def total(self) -> int:
        return sum(r.applied for r in self.found.rules)


def _names(records: Sequence[Any]) -> dict[str, str]:
    """Client id -> the person's name on their newest record (as the audit summary shows them)."""
    names = {}
    for client, own in people_of(records).items():
        names[client] = max(own, key=lambda r: (r.document_date or date.min, r.record_id)).person.name
    return names


def _missed(found: Compliance, names: dict[str, str]) -> dict[str, list[str]]:
    missed: dict[str, set[str]] = defaultdict(set)
    for client, _, episode, rule, status, _ in found.rows:
        if status in (Status.MISSED, Status.OVERDUE):
            missed[rule].add(f"{names.get(client, '')} ({client}{f', episode {episode}' if episode > 1 else ''})")
    return {rule: sorted(people, key=str.casefold) for rule, people in missed.items()}


def _target(rules: Jurisdiction, rule: str, number: str) -> int | None:
    found = rules.rules.get(rule)
    return found.numbers.get(number) if found is not None and found.applies else None


def _specialists(records: Sequence[Any], rules: Jurisdiction, found: Compliance, quarters: list[str]) -> list:
    from ipsdocs.evidence.ips25_items.base import program_records
    from ipsdocs.evidence.ips25_items.contacts import first_contacts
    from ipsdocs.evidence.practice import build_index
    from ipsdocs.evidence.practice_week import weekly_log

    weeks: dict[str, list[int]] = defaultdict(list)
    for week in weekly_log(build_index(records), people_of(records), rules, found.as_of):
        weeks[week.specialist].append(week.face_to_face)
    days: dict[str, list[int]] = defaultdict(list)
    for first in first_contacts(program_records(records, rules, found.as_of)):
        days[first.specialist].append(first.days)
    shown = []
    for name in sorted(set(found.by_specialist) | set(weeks), key=str.casefold):
        rates = found.by_specialist.get(name, ())
        by_quarter = found.trend(quarters, specialist=name)
        trend = [(sum(by_quarter[r][n][0] for r in by_quarter), sum(by_quarter[r][n][1] for r in by_quarter))
                 for n in range(len(quarters))]  # fmt: skip
        worst = sorted((r for r in rates if r.met < r.applied), key=lambda r: (r.rate, r.title))[:2]
        own = weeks.get(name, [])
        shown.append(Specialist(
            name, sum(r.met for r in rates), sum(r.applied for r in rates), trend,
            round(sum(own) / len(own), 1) if own else None, len(own),
            float(median(days[name])) if days.get(name) else None, len(days.get(name, [])), worst,
        ))  # fmt: skip
    return shown


def compliance_figures(records: Sequence[Any], rules: Jurisdiction, as_of: date) -> ComplianceFigures:
    """Everything the compliance report shows, as of a day (the audit's day in a batch)."""
    found = compliance(records, rules, as_of)
    quarters = quarters_until(quarter_of(as_of), TREND)
    return ComplianceFigures(
        as_of,
        rules.name,
        found,
        quarters,
        found.trend(quarters),
        _specialists(records, rules, found, quarters),
        _missed(found, _names(records)),
        _target(rules, "employer_contacts_per_week", "per_week"),
        _target(rules, "first_employer_contact", "days"),
    )
