"""What every report page shares: the page style, the agency's confidentiality notice as a footer, and
writing the finished file owner-only and atomically (the reports name people: PHI)."""

from __future__ import annotations

from pathlib import Path

from ipsdocs.errors import IpsdocsError

STYLE = """
@page { size: letter; margin: 12mm 12mm 16mm;
  @bottom-left { content: "{{ notice }}"; font-family: "DejaVu Sans", sans-serif; font-size: 6pt; color: #444;
    width: 80%; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-family: "DejaVu Sans", sans-serif;
    font-size: 6.5pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; }
h1 { font-size: 13pt; margin: 0 0 1.5mm; } h2 { font-size: 10pt; margin: 4mm 0 1.5mm; }
h3 { font-size: 8.5pt; margin: 3mm 0 1mm; } p { margin: 0 0 1.5mm; }
.headline { font-size: 9.5pt; line-height: 1.35; border-left: 2pt solid #000; padding-left: 2mm; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 0.4pt solid #999; padding: 0.6mm 1.2mm;
  text-align: right; vertical-align: top; } th { border-bottom: 1pt solid #000; }
th:first-child, td:first-child { text-align: left; } td:not(:first-child) { white-space: nowrap; }
td.wrap { white-space: normal; text-align: left; } td.who { white-space: nowrap; }
th.l { text-align: left; } .short { font-weight: bold; }
.chart { margin: 2mm 0; } .chart svg { width: 100%; height: auto; } .pair { display: flex; gap: 4mm; }
.pair .chart { flex: 1; } .break { break-before: page; } .small { font-size: 6.5pt; color: #333; }
tr { break-inside: avoid; }
"""


def notice_text(notice: str) -> str:
    """The agency's confidentiality notice, safe inside a CSS string (the footer's ``content``)."""
    return "".join(" " if ch in '"\\<>\n\r{}' or not ch.isprintable() else ch for ch in notice)


def write_pdf(path: Path, html: str, what: str, title: str) -> None:
    """Lay out ``html`` (it fetches nothing) and write it; ``what`` names the report in an error."""
    from ipsdocs.render.pdf import html_to_pdf

    data = html_to_pdf(html, Path.cwd(), roots=(), title=title)
    write_bytes(path, data, what)


def write_bytes(path: Path, data: bytes, what: str) -> None:
    from ipsdocs.store import atomic_write

    try:
        atomic_write(path, data)
    except OSError as error:
        raise IpsdocsError.one(str(path), f"cannot write the {what} ({error.strerror})") from None
