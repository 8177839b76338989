"""The program reports a batch writes beside the audit summary (issue 16): compliance by rule, in long
form (one row per person, episode and rule, for a spreadsheet to pivot) and as a PDF with the program
at a glance on page 1; outcomes by quarter as a CSV and a PDF (``ipsdocs/reports/``).

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


def long_form_csv(found: Any) -> bytes:
    """One row per person, episode and rule (``evidence.compliance.COLUMNS``), for a spreadsheet to pivot."""
    from ipsdocs.evidence.compliance import COLUMNS

    return _csv(COLUMNS, found.long_rows())


def compliance_csv(records: Sequence[Any], rules: Jurisdiction, as_of: date) -> bytes:
    from ipsdocs.evidence.compliance import compliance

    return long_form_csv(compliance(records, rules, as_of))


def outcomes_csv(records: Sequence[Any], rules: Jurisdiction, as_of: date, trend: int = 4) -> bytes:
    """The measures by quarter, one row a quarter (the outcome report's figures, unformatted)."""
    from ipsdocs.evidence.outcomes import quarter_of
    from ipsdocs.reports.outcome_figures import outcome_figures

    header = ["quarter", "served", "working_competitive", "employment_rate", "benchmark", "job_starts",
              "first_job_starts", "job_endings", "working_90_days", "median_days_to_first_job",
              "median_tenure_days", "average_hours", "average_wage", "in_education",
              "employer_contacts_per_specialist_week"]  # fmt: skip
    figures = outcome_figures(records, rules, quarter_of(as_of), trend, as_of)
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
            m.in_education,
            m.contacts_per_week,
        )
        for q, m in zip(figures.quarters, figures.measures, strict=True)
    ]
    return _csv(header, rows)


def outcomes_pdf(records: Sequence[Any], rules: Jurisdiction, as_of: date, notice: str, trend: int = 4) -> bytes:
    from ipsdocs.evidence.outcomes import quarter_of
    from ipsdocs.reports.outcome_figures import outcome_figures
    from ipsdocs.reports.outcomes_pdf import outcomes_pdf

    return outcomes_pdf(outcome_figures(records, rules, quarter_of(as_of), trend, as_of), notice)


def report_makers(
    records: Sequence[Any], rules: Jurisdiction, as_of: date | None, notice: str = ""
) -> list[tuple[str, Callable[[], bytes]]]:
    """(file name, what makes it) for the reports beside the audit summary; none without a date.

    The PDFs are the same as ``report compliance --pdf`` and ``report outcomes --pdf`` (the Word
    outcome report is made on demand only: it is for editing, not for the batch's record).
    """
    from ipsdocs.reports import compliance_pdf as c
    from ipsdocs.reports import outcomes_pdf as o

    if as_of is None or not records:
        return []
    return [
        (COMPLIANCE_NAME, lambda: compliance_csv(records, rules, as_of)),
        (c.NAME, lambda: c.compliance_pdf(records, rules, as_of, notice)),
        (OUTCOMES_NAME, lambda: outcomes_csv(records, rules, as_of)),
        (o.NAME, lambda: outcomes_pdf(records, rules, as_of, notice)),
    ]
