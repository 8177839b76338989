"""The program's outcomes by quarter (issue 16): people served, job starts, the competitive employment
rate against the benchmarks, time to first job, job tenure, job endings.

Definitions (written into the report too):

- **served in a quarter**: an episode of service open on any day of it (admitted on or before its last
  day, not discharged before its first);
- **a competitive job**: a job start whose state test of competitive integrated employment holds
  (``job_start.competitive_integrated``); a job counts as held in a quarter from its start to its end
  (the job end record's date; none: still held);
- **employment rate**: people served who held a competitive job in the quarter / people served;
- **time to first job**: days from the episode's admission to its first competitive job start, for
  first jobs that started in the quarter (median);
- **job tenure**: days from start to end of the competitive jobs that ended in the quarter (median);
  **working 90 days or more**: people whose competitive job, held in the quarter, had lasted 90 days by
  its end or by the quarter's last day.

The benchmarks are the issue's (RF §3: 31 % minimum, 41 % average, 50 % excellent; RF is not in
``reference/``) and the training slides' mean quarterly competitive employment rates by fidelity level
in 79 sites (``reference/001`` l.204-212: exemplary 44 %, good 39 %, fair 32 %, not supported 29 %).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from ipsdocs.evidence.episodes import episodes_of, people_of

BENCHMARKS = ((0.50, "excellent"), (0.41, "average"), (0.31, "minimum"))
"""Competitive employment rate bands (issue 16, RF §3), best first."""
BENCHMARK_SOURCE = "RF §3 benchmarks as issue 16 gives them (31% minimum, 41% average, 50% excellent)"
BY_FIDELITY = (("Exemplary Fidelity", 0.44), ("Good Fidelity", 0.39), ("Fair Fidelity", 0.32), ("Not Supported", 0.29))
"""Mean competitive employment rate by IPS fidelity level, 79 sites (training slides, reference/001 l.204-212)."""
FIDELITY_SOURCE = "IPS training slides, fidelity and outcomes in 79 sites (reference/001 l.204-212)"
WORKING_DAYS = 90


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_span(quarter: str) -> tuple[date, date]:
    """'2026Q3' -> (2026-07-01, 2026-09-30)."""
    year, number = int(quarter[:4]), int(quarter[5])
    first = date(year, 3 * (number - 1) + 1, 1)
    after = date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return first, after - timedelta(days=1)


def band(rate: float | None) -> str:
    if rate is None:
        return "-"
    return next((name for least, name in BENCHMARKS if rate >= least), "below the minimum")


@dataclass(frozen=True)
class Quarter:
    quarter: str
    served: int
    working: int
    job_starts: int
    first_job_starts: int
    job_endings: int
    working_90_days: int
    days_to_first_job: float | None
    tenure_days: float | None
    average_hours: float | None
    average_wage: float | None

    @property
    def rate(self) -> float | None:
        return self.working / self.served if self.served else None

    @property
    def band(self) -> str:
        return band(self.rate)


@dataclass(frozen=True)
class _Job:
    client: str
    admitted: date | None
    start: date
    end: date | None
    first: bool
    hours: int | None
    wage: Any


def _collect(records: Sequence[Any]) -> tuple[list[tuple[date | None, date | None]], list[_Job], list[str]]:
    spans: list[tuple[date | None, date | None]] = []
    jobs: list[_Job] = []
    clients: list[str] = []
    for client, own in sorted(people_of(records).items()):
        for episode in episodes_of(own):
            spans.append((episode.start, episode.discharged))
            clients.append(client)
            ends = {e.job_start_id: e.end_date for e in episode.of_type("job_end")}
            competitive = [j for j in episode.of_type("job_start") if j.competitive_integrated]
            competitive.sort(key=lambda j: (j.start_date, j.record_id))
            for number, job in enumerate(competitive):
                jobs.append(_Job(client, episode.start, job.start_date, ends.get(job.record_id), number == 0,
                                 job.hours_per_week, job.hourly_wage))  # fmt: skip
    return spans, jobs, clients


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def quarter_outcomes(records: Sequence[Any], quarter: str) -> Quarter:
    first, last = quarter_span(quarter)
    spans, jobs, clients = _collect(records)
    served = {
        c
        for c, (start, end) in zip(clients, spans, strict=True)
        if start and start <= last and (end is None or end >= first)
    }
    held = [j for j in jobs if j.client in served and j.start <= last and (j.end is None or j.end >= first)]
    started = [j for j in jobs if first <= j.start <= last]
    ended = [j for j in jobs if j.end is not None and first <= j.end <= last]
    to_first = [(j.start - j.admitted).days for j in started if j.first and j.admitted]
    long = {j.client for j in held if (min(j.end or last, last) - j.start).days >= WORKING_DAYS}
    hours = [j.hours for j in held if j.hours is not None]
    wages = [float(j.wage) for j in held if j.wage is not None]
    return Quarter(
        quarter,
        len(served),
        len({j.client for j in held}),
        len(started),
        sum(1 for j in started if j.first),
        len(ended),
        len(long),
        _median(to_first),
        _median([(j.end - j.start).days for j in ended if j.end]),
        round(sum(hours) / len(hours), 1) if hours else None,
        round(sum(wages) / len(wages), 2) if wages else None,
    )


def quarters_until(quarter: str, count: int) -> list[str]:
    """The ``count`` quarters ending with ``quarter``, oldest first."""
    year, number = int(quarter[:4]), int(quarter[5])
    found = []
    for _ in range(count):
        found.append(f"{year}Q{number}")
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return found[::-1]


def outcomes(records: Sequence[Any], quarter: str, trend: int = 4) -> list[Quarter]:
    """The quarter and the ``trend - 1`` before it, oldest first."""
    return [quarter_outcomes(records, q) for q in quarters_until(quarter, trend)]
