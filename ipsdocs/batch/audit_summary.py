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
body { font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 6mm 0 2mm; }
p.meta { margin: 0 0 4mm; color: #333; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #999; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; } thead { display: table-header-group; } tr { page-break-inside: avoid; }
td.n { white-space: nowrap; } ul { margin: 0; padding-left: 3.5mm; } li { margin: 0; }
.ok { color: #2d6a2d; } .gap { color: #9a2a00; } .ep { font-size: 7pt; color: #333; }
</style></head><body>
<h1>Audit summary</h1>
<p class="meta">{{ people }} people · {{ documents }} documents rendered · {{ failed }} failed ·
{{ unusable|length }} record(s) could not be used · jurisdiction: {{ jurisdiction }} ·
findings as of {{ as_of }} (the latest date in these records)<br>{{ legend }}
{%- for f in figures %}<br>Program: {{ f }}{% endfor %}</p>
<table><thead><tr><th>Client ID</th><th>Person</th><th>Documents</th><th>Missing documents</th>
<th>Incomplete sections</th><th>Timeliness findings</th><th>Failed</th></tr></thead><tbody>
{% for row in rows %}<tr><td class="n">{{ row.client_id }}</td><td>{{ row.name }}
{%- for e in row.episodes %}<br><span class="ep">{% if row.episodes|length > 1 %}{{ loop.index }}: {% endif %}
{{- e }}</span>{% endfor %}</td>
<td class="n">{% for t, n in row.counts %}{{ t }} {{ n }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
<td>{% if row.missing %}<span class="gap">{{ row.missing|join(", ") }}</span>
{%- else %}<span class="ok">none</span>{% endif %}</td>
<td>{{ bullets(row.incomplete) }}</td><td>{{ bullets(row.timeliness) }}</td><td>{{ bullets(row.failed) }}</td></tr>
{% endfor %}</tbody></table>
{% if programs %}<h2>Programs: IPS-25 fidelity reviews and action plans</h2>
<table><thead><tr><th>Program</th><th>Documents</th><th>Results and findings</th>
<th>Incomplete sections</th><th>Failed</th></tr></thead><tbody>
{% for p in programs %}<tr><td>{{ p.name }}</td>
<td class="n">{% for t, n in p.counts %}{{ t }} {{ n }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td>
<td>{{ bullets(p.findings) }}</td><td>{{ bullets(p.incomplete) }}</td><td>{{ bullets(p.failed) }}</td></tr>
{% endfor %}</tbody></table>{% endif %}
{% if unusable %}<h2>Records that could not be used</h2>
<ul>{% for u in unusable %}<li>{{ u }}</li>{% endfor %}</ul>{% endif %}
</body></html>"""

_BULLETS = "{% if items %}<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>{% else %}<span class='ok'>none</span>{% endif %}"  # noqa: E501


def summary_html(summary: Summary) -> str:
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment

    env = make_environment()
    bullets = env.from_string(_BULLETS)
    rows = [
        {
            "client_id": row.client_id,
            "name": row.name,
            "episodes": row.episodes,
            "counts": [(short(t), row.documents[t]) for t in summary.types if row.documents.get(t)],
            "missing": [short(t) for t in row.missing_types],
            "incomplete": row.incomplete,
            "timeliness": row.timeliness,
            "failed": row.failed,
        }
        for row in summary.rows
        if row.client_id
    ]
    programs = [
        {
            "name": row.name,
            "counts": [(short(t), row.documents[t]) for t in summary.types if row.documents.get(t)],
            "incomplete": row.incomplete,
            "findings": row.timeliness,
            "failed": row.failed,
        }
        for row in summary.rows
        if row.program
    ]
    return env.from_string(_PAGE).render(
        rows=rows,
        programs=programs,
        people=len(rows),
        documents=summary.documents,
        failed=summary.failed_documents,
        unusable=summary.unusable_records,
        jurisdiction=summary.jurisdiction,
        as_of=summary.as_of.isoformat() if summary.as_of else "-",
        agency=Markup(_css_string(summary.agency.name)),
        notice=Markup(_css_string(summary.agency.confidentiality_notice)),
        legend=legend(summary.types),
        figures=summary.program_figures,
        bullets=lambda items: Markup(bullets.render(items=items)),
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
