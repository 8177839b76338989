"""The due list as one page to print (``ipsdocs due --pdf``): each person's open items, overdue ones in
bold, a box to tick; the agency's confidentiality notice in the footer (names and client ids: PHI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ipsdocs.reports.pages import notice_text, write_pdf

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Due list</title><style>
@page { size: letter; margin: 11mm 12mm 13mm; font-family: "DejaVu Sans", sans-serif;
  @bottom-left { content: "{{ notice }}"; font-size: 6pt; color: #555; width: 80%; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 6.5pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 7pt; }
h1 { font-size: 12pt; margin: 0 0 1mm; } p { margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; } th, td { padding: 0.35mm 1mm; text-align: left; vertical-align: top; }
th { border-bottom: 1pt solid #000; } tr.first td { border-top: 0.4pt solid #888; }
thead { display: table-header-group; }
.over { font-weight: bold; } td.box { width: 3.5mm; } td.n { white-space: nowrap; } tr { break-inside: avoid; }
</style></head><body><h1>Due for {{ whose }}</h1>
<p>As of {{ as_of }} ({{ rules }} rules): {{ people }} people, {{ overdue }} with something overdue; most urgent
first, each person's items together. <b>Bold</b>: overdue. Tick each when done.</p>
<table><thead><tr><th></th><th>Person</th><th>What</th><th>When</th><th>Date</th></tr></thead><tbody>
{% for i in items %}<tr class="{% if i.first %}first{% endif %}{% if i.overdue %} over{% endif %}">
<td class="box">☐</td><td class="n">{% if i.first %}{{ i.person }}{% endif %}</td>
<td>{{ i.task }}</td><td class="n">{{ i.when }}</td><td class="n">{{ i.due }}</td></tr>{% endfor %}
</tbody></table></body></html>"""


def write_due_pdf(path: Path, items: Sequence[Any], day: date, whose: str, rules: str, notice: str) -> None:
    """The list on one page for a caseload of 25: one line an item, each person's items together in
    the order of their most urgent one, as on the terminal (names and client ids: PHI, written
    owner-only and atomically)."""
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment

    grouped: dict[tuple[str, str], list[Any]] = {}
    for item in items:  # most urgent first, so each person's first item is their most urgent
        grouped.setdefault((item.person, item.client_id), []).append(item)
    rows = [
        {
            "person": f"{i.person} ({i.client_id})" if i.client_id else i.person,
            "first": n == 0,
            "task": i.task,
            "when": i.when(day),
            "due": i.due.isoformat() if i.due else "",
            "overdue": i.overdue,
        }
        for group in grouped.values()
        for n, i in enumerate(group)
    ]
    overdue = sum(1 for group in grouped.values() if group[0].overdue)
    counts = {"people": len(grouped), "overdue": overdue}
    notice_css = Markup(notice_text(notice))
    page = make_environment().from_string(_PAGE)
    html = page.render(items=rows, as_of=day.isoformat(), whose=whose, rules=rules, notice=notice_css, **counts)
    write_pdf(path, html, "due list", "Due list")
