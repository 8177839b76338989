"""What ``ipsdocs due`` does: each person's open items on a caseload, in a terminal and on one printable page."""

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
        write_due_pdf(pdf, items, day, whose, rules.name, workspace)
        out().print(escape(f"Wrote {pdf}"))
    return EXIT_OK


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Due list</title><style>
@page { size: letter; margin: 12mm; font-family: "DejaVu Sans", sans-serif;
  @bottom-left { content: "{{ notice }}"; font-size: 6pt; color: #555; width: 85%; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; }
h1 { font-size: 12pt; margin: 0 0 1mm; } p { margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; } th, td { border-bottom: 0.4pt solid #999; padding: 0.6mm 1mm;
  text-align: left; vertical-align: top; } th { border-bottom: 1pt solid #000; }
.over { font-weight: bold; } td.box { width: 4mm; }
</style></head><body><h1>Due for {{ whose }}</h1>
<p>As of {{ as_of }} ({{ rules }} rules). <b>Bold</b>: overdue. Tick each when done.</p>
<table><thead><tr><th></th><th>Person</th><th>What</th><th>When</th><th>Date</th></tr></thead><tbody>
{% for i in items %}<tr{% if i.overdue %} class="over"{% endif %}><td class="box">☐</td><td>{{ i.person }}</td>
<td>{{ i.task }}</td><td>{{ i.when }}</td><td>{{ i.due }}</td></tr>{% endfor %}</tbody></table></body></html>"""


def write_due_pdf(path: Path, items: Sequence, day: date, whose: str, rules: str, workspace: Workspace) -> None:
    """The list on one page (the person's name and client id: PHI, written owner-only and atomically)."""
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment
    from ipsdocs.render.pdf import html_to_pdf
    from ipsdocs.store import atomic_write

    notice = "".join(" " if ch in '"\\<>\n\r{}' else ch for ch in workspace.agency.confidentiality_notice)
    rows = [
        {
            "person": f"{i.person} ({i.client_id})",
            "task": i.task,
            "when": i.when(day),
            "due": i.due.isoformat() if i.due else "",
            "overdue": i.overdue,
        }
        for i in items
    ]
    html = (
        make_environment()
        .from_string(_PAGE)
        .render(items=rows, as_of=day.isoformat(), whose=whose, rules=rules, notice=Markup(notice))
    )
    try:
        atomic_write(path, html_to_pdf(html, Path.cwd(), roots=()))
    except OSError as error:
        raise IpsdocsError.one(str(path), f"cannot write the due list ({error.strerror})") from None


def compliance_command(sources: Sequence[Path], as_of: date | None, csv_path: Path | None, workspace: Workspace) -> int:
    """Per rule: people it applied to, met, rate, and who missed it; ``--csv``: one row per person and rule."""
    import csv
    import io

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
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["client_id", "specialist", "episode", "rule", "status", "due"])
        writer.writerows(("'" + c if c and c[0] in "=+-@" else c for c in map(str, row)) for row in found.rows)
        atomic_write(csv_path, buffer.getvalue().encode("utf-8"))
        out().print(escape(f"Wrote {csv_path}"))
    return EXIT_OK


def _records(sources: Sequence[Path], workspace: Workspace) -> tuple[list, date | None]:
    from ipsdocs.batch.sources import check_arguments, scan_sources

    paths = list(sources) or [workspace.records_dir]
    check_arguments(paths)
    records = [s.record for s in scan_sources(paths, jurisdiction=workspace.jurisdiction).records]
    dates = [d for r in records if (d := r.document_date) is not None]
    return records, max(dates) if dates else None


def outcomes_command(
    sources: Sequence[Path], quarter: str | None, trend: int, pdf: Path | None, workspace: Workspace
) -> int:
    """The quarter's outcomes and the quarters before it, against the benchmarks, with the definitions."""
    import re

    from rich.markup import escape
    from rich.table import Table

    from ipsdocs.console import out
    from ipsdocs.evidence import outcomes as o

    if quarter is not None and not re.fullmatch(r"\d{4}Q[1-4]", quarter):
        raise IpsdocsError.one("--quarter", "not a quarter; write it like 2026Q3")
    records, latest = _records(sources, workspace)
    chosen = quarter or o.quarter_of(latest or date.today())
    quarters = o.outcomes(records, chosen, trend)
    table = Table(title=escape(f"Outcomes by quarter to {chosen} ({workspace.jurisdiction.name} records)"))
    table.add_column("")
    for q in quarters:
        table.add_column(q.quarter, justify="right")
    measures = (
        ("People served", lambda q: q.served),
        ("With a competitive job", lambda q: q.working),
        ("Employment rate", lambda q: f"{q.rate:.0%}" if q.rate is not None else None),
        ("Benchmark band", lambda q: q.band),
        ("Job starts (first jobs)", lambda q: f"{q.job_starts} ({q.first_job_starts})"),
        ("Job endings", lambda q: q.job_endings),
        ("Working 90+ days", lambda q: q.working_90_days),
        ("Median days to first job", lambda q: q.days_to_first_job),
        ("Median tenure of ended jobs", lambda q: q.tenure_days),
        ("Average hours a week", lambda q: q.average_hours),
        ("Average hourly wage", lambda q: f"${q.average_wage:.2f}" if q.average_wage is not None else None),
    )
    rows = [(label, ["-" if (v := value(q)) is None else str(v) for q in quarters]) for label, value in measures]
    for label, values in rows:
        table.add_row(label, *values)
    out().print(table)
    out().print(escape(f"Benchmarks: {o.BENCHMARK_SOURCE}."))
    levels = ", ".join(f"{name} {rate:.0%}" for name, rate in o.BY_FIDELITY)
    out().print(escape(f"By fidelity level: {levels} ({o.FIDELITY_SOURCE})."))
    definitions = (o.__doc__ or "").split("Definitions (written into the report too):")[1].split("The benchmarks")[0]
    out().print(escape("Definitions:" + " ".join(definitions.split())))
    if pdf is not None:
        from ipsdocs.cli.outcomes_pdf import write_outcomes_pdf

        write_outcomes_pdf(pdf, quarters, rows, workspace.jurisdiction.name)
        out().print(escape(f"Wrote {pdf}"))
    return EXIT_OK
