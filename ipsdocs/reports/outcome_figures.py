"""The figures of the quarterly outcome report, gathered once: the measures by quarter (evidence), the
rows every form of the report shows (terminal, PDF, Word: written once, here), the headline, the
benchmarks and the definitions (taken from the evidence modules' own text, so they cannot drift).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence import outcome_measures as m
from ipsdocs.evidence import outcomes as o


def _rate(q: o.Quarter) -> str | None:
    return f"{q.rate:.0%}" if q.rate is not None else None


MEASURES: tuple[tuple[str, Callable[[o.Quarter, m.QuarterMeasures], object]], ...] = (
    ("People served", lambda q, _: q.served),
    ("With a competitive job", lambda q, _: q.working),
    ("Employment rate", lambda q, _: _rate(q)),
    ("Benchmark band", lambda q, _: q.band),
    ("In education or training", lambda _, x: x.in_education),
    ("Job starts (first jobs)", lambda q, _: f"{q.job_starts} ({q.first_job_starts})"),
    ("Working 90+ days", lambda q, _: q.working_90_days),
    ("Job endings", lambda q, _: q.job_endings),
    ("Employer contacts per specialist per week", lambda _, x: x.contacts_per_week),
    ("Median days to first job", lambda q, _: q.days_to_first_job),
    ("Median tenure of ended jobs (days)", lambda q, _: q.tenure_days),
    ("Average hours a week", lambda q, _: q.average_hours),
    ("Average hourly wage", lambda q, _: f"${q.average_wage:.2f}" if q.average_wage is not None else None),
)
"""The report's rows, in order: (label, the figure of a quarter)."""


@dataclass(frozen=True)
class OutcomeFigures:
    state: str
    quarters: list[o.Quarter]
    measures: list[m.QuarterMeasures]

    @property
    def last(self) -> o.Quarter:
        return self.quarters[-1]

    @property
    def title(self) -> str:
        return f"Outcomes by quarter to {self.last.quarter} ({self.state} records)"

    def rows(self) -> list[tuple[str, list[str]]]:
        """(label, the figure in each quarter, '-' for none) for every measure."""
        pairs = list(zip(self.quarters, self.measures, strict=True))
        return [(label, ["-" if (v := value(q, x)) is None else str(v) for q, x in pairs]) for label, value in MEASURES]


def outcome_figures(
    records: Sequence[Any], rules: Jurisdiction, quarter: str, trend: int, latest: date | None
) -> OutcomeFigures:
    """The quarter and the ``trend - 1`` before it; ``latest``: the last day the records know of (the
    employer-contact log stops at the last full week before it, or at the quarter's end)."""
    quarters = o.outcomes(records, quarter, trend)
    end = o.quarter_span(quarter)[1] + timedelta(days=1)
    as_of = min(end, latest) if latest else end
    measures = m.quarter_measures(records, rules, [q.quarter for q in quarters], as_of)
    return OutcomeFigures(rules.name, quarters, measures)


def headline(figures: OutcomeFigures) -> str:
    last = figures.last
    if not last.served:
        return f"{last.quarter}: no one was served."
    said = (
        f"{last.quarter}: {last.working} of {last.served} people served held a competitive job ({_rate(last)}, "
        f"{last.band}); {last.job_starts} job starts, {last.job_endings} job endings, "
        f"{last.working_90_days} working 90 days or more."
    )
    if len(figures.quarters) > 1 and figures.quarters[-2].rate is not None and last.rate is not None:
        before = figures.quarters[-2]
        change = round(100 * (last.rate - before.rate))
        said += f" The rate was {_rate(before)} in {before.quarter} ({change:+d} points)."
    return said


def _items(doc: str | None) -> list[str]:
    text = (doc or "").split("Definitions (written into the report too):")[1].split("The benchmarks")[0]
    items = [" ".join(i.split()).replace("**", "").replace("`", "") for i in text.split("\n- ") if i.strip()]
    return [i.rstrip(";.") + "." for i in items]


def definitions() -> list[str]:
    """Who counts as served, what is a competitive job, and the rest, as the evidence modules define them."""
    return _items(o.__doc__) + _items(m.__doc__)


def benchmarks() -> tuple[str, str]:
    """The benchmark bands and the rates by fidelity level, each with its source."""
    bands = ", ".join(f"{least:.0%} {name}" for least, name in sorted(o.BENCHMARKS))
    levels = ", ".join(f"{name} {share:.0%}" for name, share in o.BY_FIDELITY)
    return (
        f"Employment rate bands: {bands} ({o.BENCHMARK_SOURCE}).",
        f"Mean quarterly competitive employment rate by fidelity level: {levels} ({o.FIDELITY_SOURCE}).",
    )


def legend() -> str:
    least, name = min(o.BENCHMARKS)
    return f"Dark, hatched bars: below the {least:.0%} {name}. (n/m): people with a competitive job of people served."


def trend_chart(figures: OutcomeFigures) -> Any:
    from ipsdocs.reports.charts import rate_trend

    quarters = figures.quarters
    shown = [f"{_rate(q)} ({q.working}/{q.served})" if q.rate is not None else "no one served" for q in quarters]
    return rate_trend([q.quarter for q in quarters], [q.rate for q in quarters], shown, o.BENCHMARKS)
