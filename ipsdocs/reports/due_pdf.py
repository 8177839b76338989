"""The due list as one page to print (``ipsdocs due --pdf``): each person's open items, overdue ones in
bold, a box to tick; the agency's confidentiality notice in the footer (names and client ids: PHI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ipsdocs.reports.pages import notice_text, write_pdf

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


def write_due_pdf(path: Path, items: Sequence[Any], day: date, whose: str, rules: str, notice: str) -> None:
    """The list on one page (the person's name and client id: PHI, written owner-only and atomically)."""
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment

    rows = [
        {
            "person": f"{i.person} ({i.client_id})" if i.client_id else i.person,
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
        .render(items=rows, as_of=day.isoformat(), whose=whose, rules=rules, notice=Markup(notice_text(notice)))
    )
    write_pdf(path, html, "due list", "Due list")
