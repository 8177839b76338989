"""The quarterly outcome report as a PDF (issue 16): the headline, the employment rate by quarter as a
matplotlib chart (bars with their figures, the 31/41/50 % benchmark lines named; greys and hatches for
black and white), the table of measures, the benchmarks and the rates by fidelity level, and the
definitions. The figures are the program's, not a person's; the file is still written owner-only and
atomically, like every report, with the agency's confidentiality notice in the footer.
"""

from __future__ import annotations

from pathlib import Path

from ipsdocs.reports.outcome_figures import (
    OutcomeFigures,
    benchmarks,
    definitions,
    headline,
    legend,
    trend_chart,
)
from ipsdocs.reports.pages import STYLE, notice_text, write_pdf

NAME = "outcomes.pdf"

_PAGE = (
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outcomes</title><style>"""
    + STYLE
    + """</style></head><body><h1>{{ title }}</h1>
<p class="headline">{{ headline }}</p>
<div class="chart">{{ chart }}</div>
<p class="small">{{ legend }}</p>
<h2>Measures by quarter</h2>
<table><thead><tr><th></th>{% for q in quarters %}<th>{{ q }}</th>{% endfor %}</tr></thead><tbody>
{% for label, values in rows %}<tr><td>{{ label }}</td>{% for v in values %}<td>{{ v }}</td>{% endfor %}</tr>
{% endfor %}
</tbody></table>
<h2>Benchmarks</h2>{% for b in benchmarks %}<p>{{ b }}</p>{% endfor %}
<h2>Definitions</h2>{% for d in definitions %}<p>{{ d }}</p>{% endfor %}
</body></html>"""
)


def outcomes_html(figures: OutcomeFigures, notice: str) -> str:
    from markupsafe import Markup

    from ipsdocs.render.jinja import make_environment

    return (
        make_environment()
        .from_string(_PAGE)
        .render(
            title=figures.title,
            headline=headline(figures),
            chart=Markup(trend_chart(figures).svg),
            quarters=[q.quarter for q in figures.quarters],
            rows=figures.rows(),
            benchmarks=benchmarks(),
            legend=legend(),
            definitions=definitions(),
            notice=Markup(notice_text(notice)),
        )
    )


def outcomes_pdf(figures: OutcomeFigures, notice: str) -> bytes:
    from ipsdocs.render.pdf import html_to_pdf

    return html_to_pdf(outcomes_html(figures, notice), Path.cwd(), roots=(), title="Quarterly outcome report")


def write_outcomes_pdf(path: Path, figures: OutcomeFigures, notice: str) -> None:
    write_pdf(path, outcomes_html(figures, notice), "outcome report", "Quarterly outcome report")
