"""``audit-summary.csv`` and ``audit-summary.pdf``: per person, the episodes of service, which documents
exist, which required sections are missing, which timeliness rules were missed (each episode judged
against its own admission), and what failed.

The PDF goes through the same WeasyPrint path and restricted fetcher as every document, with no
folder it may read from: its style is inline and it fetches nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ipsdocs.definitions.agency import Agency
from ipsdocs.definitions.models import MODELS
from ipsdocs.evidence.timeliness import EXPECTED_FOR_EVERYONE, FOUNDATION_TYPES

CSV_NAME = "audit-summary.csv"
PDF_NAME = "audit-summary.pdf"
FINDINGS_NAME = "audit-findings.csv"


def _initials(record_type: str) -> str:
    return "".join(word[0] for word in record_type.split("_")).upper()


def _short_names() -> dict[str, str]:
    """Initials per registered type; a later type whose initials are taken adds its last word's second letter
    (``follow_along_plan`` -> ``FAPL``, beside ``fidelity_action_plan`` -> ``FAP``)."""
    names: dict[str, str] = {}
    for record_type in MODELS:
        name = _initials(record_type)
        if name in names.values():
            name += record_type.split("_")[-1][1:2].upper()
        names[record_type] = name
    return names


_SHORT = _short_names()


def short(record_type: str) -> str:
    """``career_profile`` -> ``CP``: a column narrow enough for a landscape page."""
    return _SHORT.get(record_type) or _initials(record_type)


@dataclass
class PersonRow:
    """One person's line of the summary (``client_id`` empty for records no person can be read from)."""

    client_id: str
    name: str
    documents: dict[str, int] = field(default_factory=dict)
    incomplete: list[str] = field(default_factory=list)
    timeliness: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    episodes: list[str] = field(default_factory=list)
    """Each episode of service, admission to discharge ("2026-01-05 to 2026-04-30", "2026-06-01, open")."""
    program: bool = False
    """A program's row (IPS-25 reviews and action plans): ``name`` is the program's."""

    @property
    def missing_types(self) -> list[str]:
        expected = [t for t in EXPECTED_FOR_EVERYONE if getattr(MODELS[t], "EXPECTED_OF_EVERYONE", True)]
        return [] if self.program else [t for t in expected if not self.documents.get(t)]


@dataclass
class Summary:
    rows: list[PersonRow]
    as_of: date | None
    jurisdiction: str
    documents: int
    failed_documents: int
    unusable_records: list[str]
    agency: Agency
    program_figures: list[str] = field(default_factory=list)
    """What the records prove for the program as a whole (the share of completed career profiles): in the
    PDF's heading; the CSV keeps one row per person."""
    weekly_log: list = field(default_factory=list)
    """Issue 15: each specialist's employer contacts per week (``evidence.practice_week.Week``)."""

    @property
    def types(self) -> list[str]:
        """Columns: every record type the batch holds, in the registry's order."""
        present = {t for row in self.rows for t in row.documents}
        return [t for t in MODELS if t in present or t in FOUNDATION_TYPES]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (the full-width forms too, which some convert)."""


def _cell(value: object) -> str:
    """Every CSV cell: control characters shown (``\\x1b`` as ``^[``, as on the terminal), and a cell
    that a spreadsheet would run as a formula (= + - @, also after spaces) gets a leading quote."""
    from ipsdocs.console import visible

    text = str(value)
    if text.lstrip(" ")[:1] in _FORMULA_START:
        text = "'" + text
    return visible(text)


class _CellWriter:
    """csv.writer whose every cell goes through ``_cell``: done once, not at each column."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, lineterminator="\n")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([_cell(value) for value in row])


def summary_csv(summary: Summary) -> bytes:
    buffer = io.StringIO()
    writer = _CellWriter(buffer)
    types = summary.types
    writer.writerow(
        [
            "client_id",
            "person",
            "episodes",
            *types,
            "missing_document_types",
            "incomplete_sections",
            "timeliness_findings",
            "failed",
        ]
    )
    for row in summary.rows:
        writer.writerow(
            [
                row.client_id,
                f"program: {row.name}" if row.program else row.name,
                " | ".join(row.episodes),
                *(str(row.documents.get(t, 0)) for t in types),
                "; ".join(row.missing_types),
                " | ".join(row.incomplete),
                " | ".join(row.timeliness),
                " | ".join(row.failed),
            ]
        )
    for problem in summary.unusable_records:
        writer.writerow(["", "", "", *("" for _ in types), "", "", "", problem])
    return buffer.getvalue().encode("utf-8")


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Audit summary</title>
<style>
@page { size: letter landscape; margin: 16mm 12mm 18mm 12mm; font-family: "DejaVu Sans", sans-serif;
  @top-left { content: "{{ agency }}"; font-size: 8pt; color: #444; }
  @top-right { content: "Audit summary"; font-size: 8pt; color: #444; }
  @bottom-left { content: "{{ notice }}"; font-size: 6.5pt; color: #555; width: 80%; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 7pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 6mm 0 2mm; }
p.meta { margin: 0 0 3mm; color: #333; } p.lead { font-size: 9pt; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border-bottom: 0.4pt solid #aaa; padding: 0.7mm 1.2mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; border-bottom: 0.8pt solid #333; } thead { display: table-header-group; }
tr { page-break-inside: avoid; } td.n { white-space: nowrap; } col.id { width: 8%; } col.who { width: 26%; }
col.docs { width: 22%; } ul { margin: 0; padding-left: 3mm; } li { margin: 0; }
.ok { color: #2d6a2d; } .kind { font-weight: bold; } .ep { color: #333; }
</style></head><body>
<h1>Audit summary</h1>
<p class="meta">{{ people }} people · {{ documents }} documents rendered · {{ failed }} failed ·
{{ unusable|length }} record(s) could not be used · jurisdiction: {{ jurisdiction }} ·
findings as of {{ as_of }} (the latest date in these records)<br>Documents: {{ legend }}
(a number after a type: how many; none: one)
{%- for f in figures %}<br>Program: {{ f }}{% endfor %}</p>
<p class="lead">{{ clean }} of {{ people }} people have nothing to fix (one line each); {{ people - clean }}
have {{ findings }} finding(s) between them, listed in their row. The same findings, one a row:
audit-findings.csv; each rule's rate: the compliance report.</p>
<table><colgroup><col class="id"><col class="who"><col class="docs"><col></colgroup>
<thead><tr><th>Client ID</th><th>Person, episodes</th><th>Documents</th><th>Findings</th></tr></thead><tbody>
{% for row in rows %}<tr><td class="n">{{ row.client_id }}</td><td>{{ row.name }}
<span class="ep">({{ row.episodes|join("; ") }})</span></td>
{%- if not row.findings %}<td colspan="2">{{ row.counts|join(", ") }} · <span class="ok">nothing to fix</span></td>
{%- else %}<td>{{ row.counts|join(", ") }}</td>
<td><ul>{% for kind, text in row.findings %}<li>
{%- if loop.first or row.findings[loop.index0 - 1][0] != kind %}<span class="kind">{{ kind }}:</span> {% endif %}
{{- text }}</li>{% endfor %}</ul></td>{% endif %}</tr>
{% endfor %}</tbody></table>
{% if programs %}<h2>Programs and specialists: IPS-25 fidelity reviews, action plans, employer contacts</h2>
<table><colgroup><col class="who"><col class="docs"><col></colgroup>
<thead><tr><th>Program or specialist</th><th>Documents</th><th>Results and findings</th></tr></thead><tbody>
{% for p in programs %}<tr><td>{{ p.name }}</td><td>{{ p.counts|join(", ") }}</td>
<td>{% if p.findings %}<ul>{% for kind, text in p.findings %}<li><span class="kind">{{ kind }}:</span>
{{ text }}</li>{% endfor %}</ul>{% else %}<span class="ok">nothing to fix</span>{% endif %}</td></tr>
{% endfor %}</tbody></table>{% endif %}
{% if unusable %}<h2>Records that could not be used</h2>
<ul>{% for u in unusable %}<li>{{ u }}</li>{% endfor %}</ul>{% endif %}
</body></html>"""

FINDING_KINDS = ("Missing documents", "Incomplete", "Timeliness", "Failed")
"""How each of a row's findings is labelled, in the PDF and in ``audit-findings.csv``."""


def row_findings(row: PersonRow, program_label: str = "Timeliness") -> list[tuple[str, str]]:
    """A row's findings as (kind, text), in the order an auditor fixes them: what is missing, what is
    incomplete, what was late, what failed to render."""
    missing, incomplete, late, failed = FINDING_KINDS
    found = [(missing, ", ".join(f"{short(t)} ({t})" for t in row.missing_types))] if row.missing_types else []
    found += [(incomplete, text) for text in row.incomplete]
    found += [(program_label if row.program else late, text) for text in row.timeliness]
    return found + [(failed, text) for text in row.failed]


def findings_csv(summary: Summary) -> bytes:
    """Long form, one row per finding (the summary packs a person's findings into one cell)."""
    buffer = io.StringIO()
    writer = _CellWriter(buffer)
    writer.writerow(["client_id", "person", "kind", "finding"])
    for row in summary.rows:
        label = f"program: {row.name}" if row.program else row.name
        for kind, text in row_findings(row, "Finding"):
            writer.writerow([row.client_id, label, kind, text])
    for problem in summary.unusable_records:
        writer.writerow(["", "", "Could not be used", problem])
    return buffer.getvalue().encode("utf-8")


def summary_html(summary: Summary) -> str:
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment

    def counts(row: PersonRow) -> list[str]:
        """``SN 29`` for 29 service notes, ``CP`` alone for one career profile: a row stays one line."""
        found = ((short(t), row.documents.get(t, 0)) for t in summary.types)
        return [f"{name} {n}" if n > 1 else name for name, n in found if n]

    rows = [
        {"client_id": row.client_id, "name": row.name, "episodes": row.episodes, "counts": counts(row),
         "findings": row_findings(row)}
        for row in summary.rows
        if row.client_id
    ]  # fmt: skip
    programs = [
        {"name": row.name, "counts": counts(row), "findings": row_findings(row, "Finding")}
        for row in summary.rows
        if row.program
    ]
    return (
        make_environment()
        .from_string(_PAGE)
        .render(
            rows=rows,
            programs=programs,
            people=len(rows),
            clean=sum(1 for row in rows if not row["findings"]),
            findings=sum(len(row["findings"]) for row in rows),
            documents=summary.documents,
            failed=summary.failed_documents,
            unusable=summary.unusable_records,
            jurisdiction=summary.jurisdiction,
            as_of=summary.as_of.isoformat() if summary.as_of else "-",
            agency=Markup(_css_string(summary.agency.name)),
            notice=Markup(_css_string(summary.agency.confidentiality_notice)),
            legend=legend(summary.types),
            figures=summary.program_figures,
        )
    )


def _css_string(text: str) -> str:
    """Text for a CSS string inside the style element: no quote, backslash or tag can break out
    (entities are not decoded there, so ``&`` is spelt out)."""
    return "".join(" " if ch in '"\\<>\n\r{}' else ch for ch in text.replace("&", "and"))


def html_to_summary_pdf(html: str) -> bytes:
    """Inline style, no folder it may read from: the summary fetches nothing at all."""
    from ipsdocs.render.pdf import html_to_pdf

    return html_to_pdf(html, Path.cwd(), roots=())


def legend(types: Sequence[str]) -> str:
    return ", ".join(f"{short(t)} = {t}" for t in types)
