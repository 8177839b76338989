"""The quarterly outcome report as a Word document (issue 16), for the program manager who edits it
before it goes to the state: the same title, headline, chart (a PNG of the same matplotlib figure, 200
dpi, with alt text), measures, benchmarks and definitions as the PDF, built with python-docx (no
template: nothing an agency fills in). The document's properties name no one; the footer carries the
agency's confidentiality notice.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ipsdocs.reports.outcome_figures import (
    OutcomeFigures,
    benchmarks,
    definitions,
    headline,
    legend,
    trend_chart,
)
from ipsdocs.reports.pages import write_bytes

NAME = "outcomes.docx"
TITLE = "Quarterly outcome report"


def _plain(text: str) -> str:
    """Word's XML refuses control characters; a tab or a newline is a space here."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _properties(document: Any) -> None:
    """ipsdocs' own title and nothing else (python-docx's template names its own author)."""
    props = document.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "", ""
    props.comments, props.subject, props.keywords, props.category = "", "", "", ""


def _chart(document: Any, figures: OutcomeFigures) -> None:
    from docx.shared import Inches

    chart = trend_chart(figures)
    shape = document.add_picture(io.BytesIO(chart.png()), width=Inches(6.5))
    shape._inline.docPr.set("descr", _plain(chart.alt))  # alt text, read aloud by a screen reader
    shape._inline.docPr.set("title", "Competitive employment rate by quarter")


def _table(document: Any, figures: OutcomeFigures) -> None:
    """Labels 1.8 inches wide, the quarters sharing 4.2 more, figures right-aligned, 9 pt."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt

    rows = [("", [q.quarter for q in figures.quarters]), *figures.rows()]
    table = document.add_table(rows=len(rows), cols=1 + len(figures.quarters))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Inches(1.8)] + [Inches(4.2 / len(figures.quarters))] * len(figures.quarters)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it); each cell's own width for Word
    for number, (label, values) in enumerate(rows):
        for column, text in enumerate([label, *values]):
            cell = table.cell(number, column)
            cell.width = widths[column]
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size, run.bold = Pt(9), number == 0
            if column:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def outcomes_docx(figures: OutcomeFigures, notice: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    _properties(document)
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Normal"].font.name = "Arial"  # Liberation Sans where Arial is not installed
    document.add_heading(figures.title, level=1)
    document.add_paragraph(headline(figures))
    _chart(document, figures)
    document.add_paragraph(legend())
    document.add_heading("Measures by quarter", level=2)
    _table(document, figures)
    document.add_heading("Benchmarks", level=2)
    for text in benchmarks():
        document.add_paragraph(text)
    document.add_heading("Definitions", level=2)
    for text in definitions():
        document.add_paragraph(text, style="List Bullet")
    document.sections[0].footer.paragraphs[0].text = _plain(notice)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_outcomes_docx(path: Path, figures: OutcomeFigures, notice: str) -> None:
    write_bytes(path, outcomes_docx(figures, notice), "outcome report")
