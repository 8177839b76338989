"""The outcome report as a page to print (issue 16): the employment rate by quarter as a bar chart in
plain SVG (black and white, each bar with its figure beside it, the benchmark lines drawn and named),
the table of measures, the benchmarks and the definitions. The figures are the program's, not a
person's; the file is still written owner-only and atomically, like every report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipsdocs.errors import IpsdocsError

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outcomes</title><style>
@page { size: letter; margin: 14mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8pt; }
h1 { font-size: 13pt; margin: 0 0 2mm; } h2 { font-size: 10pt; margin: 4mm 0 1mm; } p { margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 0.4pt solid #999; padding: 0.8mm 1.5mm; }
th, td { text-align: right; }
th:first-child, td:first-child { text-align: left; }
</style></head><body><h1>{{ title }}</h1>
<p>{{ headline }}</p>
{{ chart }}
<h2>Measures by quarter</h2>
<table><thead><tr><th></th>{% for q in quarters %}<th>{{ q }}</th>{% endfor %}</tr></thead><tbody>
{% for label, values in rows %}<tr><td>{{ label }}</td>{% for v in values %}<td>{{ v }}</td>{% endfor %}</tr>
{% endfor %}
</tbody></table>
<h2>Benchmarks</h2><p>{{ benchmarks }}</p><p>{{ by_fidelity }}</p>
<h2>Definitions</h2>{% for d in definitions %}<p>{{ d }}</p>{% endfor %}
</body></html>"""


def rate_chart(quarters: Sequence[Any], benchmarks: Sequence[tuple[float, str]]) -> str:
    """Bars of the employment rate per quarter, 0-100 %, with the benchmark lines; SVG text, no colour."""
    width, height, left, bottom = 460, 150, 90, 20
    plot = height - bottom - 10
    step = (width - left - 10) / max(len(quarters), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="8">']
    for least, name in benchmarks:
        y = 10 + plot * (1 - least)
        line = f'x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="black" stroke-dasharray="3,2"'
        parts.append(f"<line {line}/>")
        parts.append(f'<text x="{left - 3}" y="{y + 3:.1f}" text-anchor="end">{least:.0%} {name}</text>')
    for index, q in enumerate(quarters):
        x = left + index * step + step * 0.2
        rate = q.rate or 0.0
        top = 10 + plot * (1 - rate)
        box = f'x="{x:.1f}" y="{top:.1f}" width="{step * 0.6:.1f}" height="{plot * rate:.1f}"'
        parts.append(f'<rect {box} fill="#bbb" stroke="black"/>')
        shown = f"{q.rate:.0%}" if q.rate is not None else "-"
        parts.append(f'<text x="{x + step * 0.3:.1f}" y="{top - 2:.1f}" text-anchor="middle">{shown}</text>')
        parts.append(f'<text x="{x + step * 0.3:.1f}" y="{height - 6}" text-anchor="middle">{q.quarter}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{10 + plot}" y2="{10 + plot}" stroke="black"/></svg>')
    return "".join(parts)


def write_outcomes_pdf(path: Path, quarters: Sequence[Any], rows: Sequence[tuple[str, list[str]]], state: str) -> None:
    from markupsafe import Markup

    from ipsdocs.evidence import outcomes as o
    from ipsdocs.render.jinja import make_environment
    from ipsdocs.render.pdf import html_to_pdf
    from ipsdocs.store import atomic_write

    last = quarters[-1]
    rate = f"{last.rate:.0%}" if last.rate is not None else "no one served"
    headline = (
        f"{last.quarter}: {last.working} of {last.served} people served held a competitive job ({rate}, "
        f"{last.band}); {last.job_starts} job starts, {last.job_endings} job endings."
    )
    doc = (o.__doc__ or "").split("Definitions (written into the report too):")[1].split("The benchmarks")[0]
    definitions = [" ".join(i.split()).replace("**", "").replace("`", "") for i in doc.split("\n- ") if i.strip()]
    html = (
        make_environment()
        .from_string(_PAGE)
        .render(
            title=f"Outcomes by quarter to {last.quarter} ({state} records)",
            headline=headline,
            chart=Markup(rate_chart(quarters, o.BENCHMARKS)),
            quarters=[q.quarter for q in quarters],
            rows=rows,
            benchmarks=f"Employment rate bands: {o.BENCHMARK_SOURCE}.",
            by_fidelity="By fidelity level: "
            + ", ".join(f"{name} {share:.0%}" for name, share in o.BY_FIDELITY)
            + f" ({o.FIDELITY_SOURCE}).",
            definitions=definitions,
        )
    )
    try:
        atomic_write(path, html_to_pdf(html, Path.cwd(), roots=()))
    except OSError as error:
        raise IpsdocsError.one(str(path), f"cannot write the outcome report ({error.strerror})") from None
