"""The program reports a batch writes beside the audit summary (issue 16): compliance by rule, in long
form (one row per person, episode and rule, for a spreadsheet to pivot), and outcomes by quarter.

Both read the records the batch scanned and judge them as of the same day as the audit summary (the
latest date in the records), so the three always agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction

COMPLIANCE_NAME = "compliance.csv"
OUTCOMES_NAME = "outcomes.csv"


def _safe(value: object) -> str:
    """A spreadsheet must not run a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text and text[0] in "=+-@" else text


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_safe(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def compliance_csv(records: Sequence[Any], rules: Jurisdiction, as_of: date) -> bytes:
    from ipsdocs.evidence.compliance import compliance

    found = compliance(records, rules, as_of)
    return _csv(["client_id", "specialist", "episode", "rule", "status", "due"], found.rows)


def outcomes_csv(records: Sequence[Any], as_of: date, trend: int = 4) -> bytes:
    from ipsdocs.evidence.outcomes import outcomes, quarter_of

    header = ["quarter", "served", "working_competitive", "employment_rate", "benchmark", "job_starts",
              "first_job_starts", "job_endings", "working_90_days", "median_days_to_first_job",
              "median_tenure_days", "average_hours", "average_wage"]  # fmt: skip
    rows = [
        (
            q.quarter,
            q.served,
            q.working,
            f"{q.rate:.3f}" if q.rate is not None else "",
            q.band,
            q.job_starts,
            q.first_job_starts,
            q.job_endings,
            q.working_90_days,
            q.days_to_first_job,
            q.tenure_days,
            q.average_hours,
            q.average_wage,
        )
        for q in outcomes(records, quarter_of(as_of), trend)
    ]
    return _csv(header, rows)


def report_makers(
    records: Sequence[Any], rules: Jurisdiction, as_of: date | None
) -> list[tuple[str, Callable[[], bytes]]]:
    """(file name, what makes it) for the reports beside the audit summary; none without a date."""
    if as_of is None or not records:
        return []
    return [
        (COMPLIANCE_NAME, lambda: compliance_csv(records, rules, as_of)),
        (OUTCOMES_NAME, lambda: outcomes_csv(records, as_of)),
    ]
