"""What ``ipsdocs due`` and ``ipsdocs report`` do in a terminal: each person's open items on a caseload, the
compliance and outcome tables; the pages to print are ``ipsdocs/reports/``'s."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.errors import EXIT_OK, IpsdocsError

WIDTH = 80


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _who(name: str, client_id: str, width: int = 25) -> str:
    """The person in 25 columns: the client id is never cut (it is how the record is found); a long
    name is. A specialist's own item (this week's employer contacts) has no client id."""
    if not client_id:
        return _fit(name, width)
    return f"{_fit(name, max(width - len(client_id) - 1, 1))} {client_id}"


def due_command(
    sources: Sequence[Path], specialist: str | None, as_of: date | None, pdf: Path | None, workspace: Workspace
) -> int:
    """One line per person, the most urgent item first; ``--pdf`` writes the same list as a page to print."""
    from rich.markup import escape

    from ipsdocs.batch.sources import check_arguments, scan_sources
    from ipsdocs.console import err, out
    from ipsdocs.evidence.due import due_items

    paths = list(sources) or [workspace.records_dir]
    check_arguments(paths)
    day = as_of or date.today()
    rules = workspace.jurisdiction
    scan = scan_sources(paths, jurisdiction=rules)
    items = due_items([s.record for s in scan.records], rules, day, specialist)
    grouped: dict[tuple[str, str], list] = {}
    for item in items:  # most urgent first, so each person's first item is their most urgent
        grouped.setdefault((item.person, item.client_id), []).append(item)
    people = list(grouped.items())
    overdue = sum(1 for _, group in people if group[0].overdue)
    whose = f"{specialist}'s caseload" if specialist else "every caseload"
    out().print(escape(_fit(f"Due as of {day.isoformat()}, {whose}, {rules.name} rules", WIDTH)))
    out().print(f"{len(people)} people, {overdue} with something overdue")
    out().print(f"{'PERSON':<25} {'NEXT':<28} ALSO")
    for (name, client_id), group in people:
        first = group[0]
        next_text = f"{first.short} {first.when(day)}"
        also = "; ".join(f"{i.short} {i.when(day, short=True)}" for i in group[1:])
        line = f"{_who(name, client_id):<25} {_fit(next_text, 28):<28} {also}"
        out().print(escape(_fit(line, WIDTH)))
    if scan.failures:
        err().print(f"{len(scan.failures)} record(s) could not be used (run 'ipsdocs check' on them).")
    if pdf is not None:
        from ipsdocs.reports.due_pdf import write_due_pdf

        write_due_pdf(pdf, items, day, whose, rules.name, workspace.agency.confidentiality_notice)
        out().print(escape(f"Wrote {pdf}"))
    return EXIT_OK


def compliance_command(
    sources: Sequence[Path], as_of: date | None, csv_path: Path | None, pdf: Path | None, workspace: Workspace
) -> int:
    """Per rule: people it applied to, met, rate, and who missed it; ``--csv``: one row per person and rule;
    ``--pdf``: the report with the program at a glance on page 1."""
    from rich.markup import escape
    from rich.table import Table

    from ipsdocs.batch.sources import check_arguments, scan_sources
    from ipsdocs.console import out
    from ipsdocs.evidence.compliance import compliance
    from ipsdocs.store import atomic_write

    paths = list(sources) or [workspace.records_dir]
    check_arguments(paths)
    rules = workspace.jurisdiction
    scan = scan_sources(paths, jurisdiction=rules)
    records = [s.record for s in scan.records]
    dates = [d for r in records if (d := r.document_date) is not None]
    day = as_of or (max(dates) if dates else date.today())
    found = compliance(records, rules, day)
    table = Table(title=escape(f"Compliance by rule as of {day.isoformat()} ({rules.name} rules)"))
    for column in ("Rule", "Applied", "Met", "Rate"):
        table.add_column(column, justify="left" if column == "Rule" else "right", overflow="fold")
    for rate in found.rules:
        shown = f"{rate.rate:.0%}" if rate.rate is not None else "-"
        table.add_row(escape(rate.title), str(rate.applied), str(rate.met), shown)
    out().print(table)
    for rate in found.rules:
        if rate.missed_by:
            out().print(escape(f"{rate.title}: missed by {', '.join(rate.missed_by)}"))
    out().print("By specialist (met / applied, the rules missed most first):")
    for name, rates in found.by_specialist.items():
        met, applied = sum(r.met for r in rates), sum(r.applied for r in rates)
        worst = sorted((r for r in rates if r.applied and r.met < r.applied), key=lambda r: (r.rate, r.title))[:3]
        shown = "; ".join(f"{r.title} {r.met}/{r.applied}" for r in worst) or "nothing missed"
        out().print(escape(f"  {name or 'no specialist'}: {met}/{applied}. {shown}"))
    if csv_path is not None:
        from ipsdocs.batch.reports import long_form_csv

        atomic_write(csv_path, long_form_csv(found))
        out().print(escape(f"Wrote {csv_path}"))
    if pdf is not None:
        from ipsdocs.reports.compliance_pdf import write_compliance_pdf

        write_compliance_pdf(pdf, records, rules, day, workspace.agency.confidentiality_notice)
        out().print(escape(f"Wrote {pdf}"))
    return EXIT_OK


def _records(sources: Sequence[Path], workspace: Workspace) -> tuple[list, date | None]:
    from ipsdocs.batch.sources import check_arguments, scan_sources

    paths = list(sources) or [workspace.records_dir]
    check_arguments(paths)
    records = [s.record for s in scan_sources(paths, jurisdiction=workspace.jurisdiction).records]
    dates = [d for r in records if (d := r.document_date) is not None]
    return records, max(dates) if dates else None


def outcomes_command(
    sources: Sequence[Path], quarter: str | None, trend: int, pdf: Path | None, docx: Path | None, workspace: Workspace
) -> int:
    """The quarter's outcomes and the quarters before it, against the benchmarks, with the definitions;
    ``--pdf`` and ``--docx`` write the same report to print or to edit."""
    import re

    from rich.markup import escape
    from rich.table import Table

    from ipsdocs.console import out
    from ipsdocs.evidence import outcomes as o
    from ipsdocs.reports.outcome_figures import benchmarks, definitions, outcome_figures

    if quarter is not None and not re.fullmatch(r"\d{4}Q[1-4]", quarter):
        raise IpsdocsError.one("--quarter", "not a quarter; write it like 2026Q3")
    records, latest = _records(sources, workspace)
    chosen = quarter or o.quarter_of(latest or date.today())
    figures = outcome_figures(records, workspace.jurisdiction, chosen, trend, latest)
    table = Table(title=escape(figures.title))
    table.add_column("")
    for q in figures.quarters:
        table.add_column(q.quarter, justify="right")
    for label, values in figures.rows():
        table.add_row(label, *values)
    out().print(table)
    for text in benchmarks():
        out().print(escape(text))
    out().print("Definitions:")
    for text in definitions():
        out().print(escape(f"- {text}"))
    notice = workspace.agency.confidentiality_notice
    if pdf is not None:
        from ipsdocs.reports.outcomes_pdf import write_outcomes_pdf

        write_outcomes_pdf(pdf, figures, notice)
        out().print(escape(f"Wrote {pdf}"))
    if docx is not None:
        from ipsdocs.reports.outcomes_docx import write_outcomes_docx

        write_outcomes_docx(docx, figures, notice)
        out().print(escape(f"Wrote {docx}"))
    return EXIT_OK
