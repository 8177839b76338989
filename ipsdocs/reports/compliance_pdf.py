"""The program compliance report as a PDF (issue 16): page 1 is the program at a glance (a headline
sentence and three charts: compliance by rule, employer contacts per specialist per week, days to
first employer contact); then the table per rule with the last quarters' rates, the table by
specialist, the people who missed each rule (name and client id, as the audit summary shows them),
and the definitions. The footer is the agency's confidentiality notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.reports.compliance_figures import ComplianceFigures, compliance_figures
from ipsdocs.reports.pages import STYLE, notice_text, write_pdf

NAME = "compliance.pdf"
S4, S6 = "IPS-25 Services 4", "IPS-25 Services 6"
HALF = 3.5
"""Inches: the two specialist charts share a line."""

_PAGE = (
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Compliance</title><style>"""
    + STYLE
    + """</style></head><body>
<h1>{{ title }}</h1>
<p class="headline">{{ headline }}</p>
<div class="chart">{{ charts[0] }}</div>
<div class="pair"><div class="chart">{{ charts[1] }}</div><div class="chart">{{ charts[2] }}</div></div>
<p class="small">{{ legend }}</p>
{% if help_first %}<h3>Where to help first</h3>
<table><thead><tr><th>Rule (lowest rates)</th><th>Met</th>{% for q in quarters %}<th>{{ q }}</th>{% endfor %}
<th class="l">Missed most by</th></tr></thead><tbody>
{% for h in help_first %}<tr><td>{{ h.title }}</td><td>{{ h.met }}</td>
{% for t in h.trend %}<td>{{ t }}</td>{% endfor %}
<td class="wrap">{{ h.who }}</td></tr>{% endfor %}</tbody></table>{% endif %}
<h2 class="break">Compliance by rule</h2>
<table><thead><tr><th>Rule</th><th>Applied</th><th>Met</th><th>Rate</th>
{% for q in quarters %}<th>{{ q }}</th>{% endfor %}</tr></thead><tbody>
{% for r in rules %}<tr><td>{{ r.title }}</td><td>{{ r.applied }}</td><td>{{ r.met }}</td><td>{{ r.rate }}</td>
{% for t in r.trend %}<td>{{ t }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>
{% if unapplied %}<p class="small">Applied to no one by {{ as_of }}: {{ unapplied }}.</p>{% endif %}
<h2>By specialist</h2>
<table><thead><tr><th>Specialist</th><th>Applied</th><th>Met</th><th>Rate</th>
{% for q in quarters %}<th>{{ q }}</th>{% endfor %}<th>Contacts a week</th><th>Days to first contact</th>
<th class="l">Missed most</th></tr></thead><tbody>
{% for s in specialists %}<tr><td class="who">{{ s.name }}</td><td>{{ s.applied }}</td><td>{{ s.met }}</td>
<td>{{ s.rate }}</td>
{% for t in s.trend %}<td>{{ t }}</td>{% endfor %}<td>{{ s.per_week }}</td><td>{{ s.days }}</td>
<td class="wrap">{{ s.worst }}</td></tr>{% endfor %}</tbody></table>
{% for part in matrix %}<h3>Each rule by specialist
{%- if matrix|length > 1 %} ({{ loop.index }} of {{ matrix|length }}){% endif %}</h3>
<table><thead><tr><th>Rule</th>{% for name in part.names %}<th>{{ name }}</th>{% endfor %}</tr></thead><tbody>
{% for title, cells in part.rows %}<tr><td>{{ title }}</td>
{% for text, short in cells %}<td{% if short %} class="short"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>{% endfor %}
{% if matrix %}<p class="small">Bold: below the program's overall rate ({{ overall }}).</p>{% endif %}
<h2>Who missed each rule</h2>
{% for title, people in missed %}<h3>{{ title }} ({{ people|length }})</h3><p>{{ people|join("; ") }}</p>
{% else %}<p>No one missed a rule.</p>{% endfor %}
<h2>Definitions</h2>{% for d in definitions %}<p>{{ d }}</p>{% endfor %}
</body></html>"""
)


def _pct(met: int, applied: int) -> str:
    return f"{met / applied:.0%} ({met}/{applied})" if applied else "-"


def _share(met: int, applied: int) -> str:
    return f"{met / applied:.0%}" if applied else "-"


def _of(met: int, applied: int) -> str:
    return f"{met} of {applied}, {met / applied:.0%}"


def headline(figures: ComplianceFigures) -> str:
    """How are we doing, and where do we need help: the whole program, the rule, the specialist."""
    applied = figures.applied
    if not applied:
        return f"No rule of {figures.state} applied to anyone by {figures.as_of.isoformat()}."
    rate = figures.met / figures.total
    said = [f"As of {figures.as_of.isoformat()}, the program met {rate:.0%} of the {figures.total} times a "
            f"{figures.state} rule applied ({figures.met} met; {len(applied)} rules)."]  # fmt: skip
    most = max(applied, key=lambda r: (r.applied - r.met, -r.met))
    if most.met < most.applied:
        said.append(f"Missed most: {most.title} (met {_of(most.met, most.applied)}).")
        lowest = min(applied, key=lambda r: (r.rate, r.title))
        if lowest is not most:
            said.append(f"Lowest rate: {lowest.title} (met {_of(lowest.met, lowest.applied)}).")
    people = [s for s in figures.specialists if s.applied]
    if len(people) > 1:
        most = min(people, key=lambda s: (s.rate, s.name))
        said.append(f"Needs help most: {most.name or 'no specialist named'} (met {_of(most.met, most.applied)}).")
    target = figures.contacts_target
    short = [s.name for s in figures.specialists if target and s.per_week is not None and s.per_week < target]
    if short:
        said.append(f"Below {target} employer contacts a week ({S6}): {', '.join(short)}.")
    return " ".join(said)


def charts(figures: ComplianceFigures) -> list[Any]:
    """The three charts of page 1 (matplotlib; the worst rule first)."""
    from ipsdocs.reports.charts import Anchor, hbar

    rules = sorted(figures.applied, key=lambda r: (r.rate, r.title))
    overall = 100 * figures.met / figures.total if figures.total else 0.0
    shown = [_pct(r.met, r.applied) for r in rules]
    found = [hbar([r.title for r in rules], [100 * (r.rate or 0) for r in rules], shown,
                  title="Compliance by rule (met where the rule applied)", axis="% met",
                  anchor=Anchor(overall, f"program {overall:.0f}%") if rules else None, limit=100)]  # fmt: skip
    people = [s for s in figures.specialists if s.per_week is not None]
    target = figures.contacts_target
    found.append(hbar([s.name for s in people], [s.per_week or 0 for s in people],
                      [f"{s.per_week:.1f} ({s.weeks} wk)" for s in people],
                      title="Face-to-face employer contacts a week", axis="per specialist per week", width=HALF,
                      anchor=Anchor(target, f"{target} ({S6})") if target else None))  # fmt: skip
    people = [s for s in figures.specialists if s.first_contact_days is not None]
    days = figures.first_contact_target
    found.append(hbar([s.name for s in people], [s.first_contact_days or 0 for s in people],
                      [f"{s.first_contact_days:.0f} d ({s.first_contacts})" for s in people],
                      title="Days to first employer contact (median)", axis="days from admission", width=HALF,
                      anchor=Anchor(days, f"{days} days ({S4})", short_below=False) if days else None))  # fmt: skip
    return found


def help_first(figures: ComplianceFigures, count: int = 3) -> list[dict[str, Any]]:
    """The rules with the lowest rates (something missed), their trend, and whose people missed them most."""
    from collections import Counter

    from ipsdocs.evidence.rules import Status

    misses = Counter((row[3], row[1]) for row in figures.found.rows if row[4] in (Status.MISSED, Status.OVERDUE))
    lowest = sorted((r for r in figures.applied if r.met < r.applied), key=lambda r: (r.rate, r.title))[:count]
    found = []
    for rule in lowest:
        by = sorted(((n, who) for (id_, who), n in misses.items() if id_ == rule.rule), key=lambda i: (-i[0], i[1]))
        who = ", ".join(f"{name or 'no specialist named'} ({n})" for n, name in by[:2])
        trend = [_pct(*t) for t in figures.trend[rule.rule]]
        found.append({"title": rule.title, "met": _pct(rule.met, rule.applied), "trend": trend, "who": who})
    return found


def matrix(figures: ComplianceFigures, per_table: int = 6) -> list[dict[str, Any]]:
    """Each applied rule's rate for each specialist, ``per_table`` specialists a table (so a page holds it)."""
    names = [name for name, rates in figures.found.by_specialist.items() if any(r.applied for r in rates)]
    rates = {name: {r.rule: r for r in figures.found.by_specialist[name]} for name in names}
    overall = figures.met / figures.total if figures.total else 0.0
    parts = []
    for first in range(0, len(names), per_table):
        chunk = names[first : first + per_table]
        rows = []
        for rule in figures.applied:
            cells = [rates[n][rule.rule] for n in chunk]
            shown = [(_pct(c.met, c.applied), bool(c.applied) and c.met / c.applied < overall) for c in cells]
            rows.append((rule.title, shown))
        parts.append({"names": [n or "no specialist named" for n in chunk], "rows": rows})
    return parts


def _definitions() -> list[str]:
    from ipsdocs.evidence import compliance as c

    paragraphs = [" ".join(p.split()) for p in (c.__doc__ or "").split("\n\n")[1:]]
    return [
        *paragraphs,
        f"Employer contacts a week: face-to-face employer contacts per week of the specialist's employer-contact "
        f"log, from the week of their first contact to the last full week ({S6}). Days to first employer "
        f"contact: from the episode's admission to its first face-to-face employer contact or competitive job "
        f"start, the median per specialist; (n) is how many episodes ({S4}). A specialist is the staff member "
        f"of the person's newest record.",
    ]


def _context(figures: ComplianceFigures, notice: str) -> dict[str, Any]:
    from markupsafe import Markup

    trend = figures.trend
    titles = {r.rule: r.title for r in figures.found.rules}
    drawn = charts(figures)
    return {
        "title": f"Program compliance as of {figures.as_of.isoformat()} ({figures.state} rules)",
        "headline": headline(figures),
        "charts": [Markup(c.svg) for c in drawn],
        "legend": "Dark, hatched bars: below the line (rules below the program's overall rate; specialists below "
        "the contacts target or slower than the days target). (n/m): met of applied; (wk): weeks in the log.",
        "quarters": figures.quarters,
        "help_first": help_first(figures),
        "matrix": matrix(figures),
        "overall": _share(figures.met, figures.total),
        "rules": [
            {
                "title": r.title,
                "applied": r.applied,
                "met": r.met,
                "rate": _share(r.met, r.applied),
                "trend": [_pct(*t) for t in trend[r.rule]],
            }
            for r in figures.applied
        ],
        "unapplied": ", ".join(r.title for r in figures.found.rules if not r.applied),
        "specialists": [
            {
                "name": s.name or "no specialist named",
                "applied": s.applied,
                "met": s.met,
                "rate": _share(s.met, s.applied),
                "trend": [_pct(*t) for t in s.trend],
                "per_week": "-" if s.per_week is None else f"{s.per_week:.1f}",
                "days": "-" if s.first_contact_days is None else f"{s.first_contact_days:.0f}",
                "worst": "; ".join(f"{r.title} {r.met}/{r.applied}" for r in s.worst) or "nothing missed",
            }
            for s in figures.specialists
        ],
        "missed": sorted((titles[rule], people) for rule, people in figures.missed.items()),
        "definitions": _definitions(),
        "as_of": figures.as_of.isoformat(),
        "notice": Markup(notice_text(notice)),
    }


def compliance_html(figures: ComplianceFigures, notice: str) -> str:
    from ipsdocs.render.jinja import make_environment

    return make_environment().from_string(_PAGE).render(**_context(figures, notice))


def compliance_pdf(records: Sequence[Any], rules: Jurisdiction, as_of: date, notice: str) -> bytes:
    """The report's bytes (batch writes them beside ``compliance.csv``)."""
    from ipsdocs.render.pdf import html_to_pdf

    html = compliance_html(compliance_figures(records, rules, as_of), notice)
    return html_to_pdf(html, Path.cwd(), roots=(), title="Program compliance report")


def write_compliance_pdf(path: Path, records: Sequence[Any], rules: Jurisdiction, as_of: date, notice: str) -> None:
    html = compliance_html(compliance_figures(records, rules, as_of), notice)
    write_pdf(path, html, "compliance report", "Program compliance report")
