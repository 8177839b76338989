"""The bodies of the two fidelity Word templates (called by ``tools/build_templates.py``).

The score sheet follows the official IPS-25 score sheet: rater, site, date and total score;
a table with the three sections (STAFFING, ORGANIZATION, SERVICES), each item's number, name
and score, and the total; then the results and, section by section from the form, each item's
score, anchor and evidence. Rows and sections come from the context (``fidelity.sheet``,
``sections``): the template lists no items, so a change to the scale file reaches it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

ACCENT_FILL = "1F3A5F"
LIGHT_FILL = "E8EEF4"


def _style(document: Any, style_name: str, base: str, **font: Any) -> None:
    """A paragraph style built on one of the shared styles (only when it does not exist yet)."""
    from docx.enum.style import WD_STYLE_TYPE

    if style_name in [s.name for s in document.styles]:
        style = document.styles[style_name]
    else:
        style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    for key, value in font.items():
        if key != "color":
            setattr(style.font, key, value)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell(cell: Any, text: str, *, bold: bool = False, white: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "TableText"
    run = paragraph.add_run(text)
    run.bold = bold
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document: Any, rows: int, widths: tuple[float, ...]) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width * 1440)))
    return table


def _compact(table: Any, top_bottom: int = 25, sides: int = 80) -> None:
    """Tighter cell padding than the shared table style, so the 25 items and the total fit one page."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", top_bottom), ("left", sides), ("bottom", top_bottom), ("right", sides)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _tag_row(table: Any, index: int, tag: str) -> None:
    """A row docxtpl replaces by a loop tag (``{%tr for ... %}``)."""
    _cell(table.rows[index].cells[0], tag)


def _sheet_head(document: Any) -> None:
    table = _table(document, 2, (0.9, 2.35, 0.9, 2.35))
    labels = (
        ("Rater", "{{ fidelity.raters }}", "Site", "{{ fidelity.site }}"),
        ("Date", "{{ fidelity.review_date }}", "Total score", "{{ fidelity.total }} ({{ fidelity.level }})"),
    )
    for row, texts in zip(table.rows, labels, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            _cell(cell, text, bold=index % 2 == 0)
            if index % 2 == 0:
                _shade(cell, LIGHT_FILL)
    document.add_paragraph("", style="Spacer")


def _score_sheet(document: Any) -> None:
    document.add_paragraph("IPS-25 Supported Employment Fidelity Scale Score Sheet", style="Heading 2")
    table = _table(document, 7, (0.5, 5.0, 1.0))
    _compact(table)
    _tag_row(table, 0, "{%tr for part in fidelity.sheet %}")
    part = table.rows[1].cells
    merged = part[0].merge(part[2])
    _cell(merged, "{{ part.title }}", bold=True, white=True)
    _shade(merged, ACCENT_FILL)
    _tag_row(table, 2, "{%tr for item in part.rows %}")
    number, name, score = table.rows[3].cells
    _cell(number, "{{ item.number }}")
    _cell(name, "{{ item.name }}")
    _cell(score, "{{ item.score }}", bold=True, center=True)
    _tag_row(table, 4, "{%tr endfor %}")
    _tag_row(table, 5, "{%tr endfor %}")
    blank, label, total = table.rows[6].cells
    for cell in (blank, label, total):
        _shade(cell, LIGHT_FILL)
    _cell(label, "Total", bold=True)
    _cell(total, "{{ fidelity.total }}", bold=True, center=True)
    document.add_paragraph("", style="Spacer")


def _results(document: Any) -> None:
    document.add_paragraph("Results ({{ fidelity.rules }} rules)", style="Heading 2")
    table = _table(document, 3, (1.9, 4.6))
    _tag_row(table, 0, "{%tr for row in fidelity.results %}")
    label, text = table.rows[1].cells
    _cell(label, "{{ row.label }}", bold=True)
    _shade(label, LIGHT_FILL)
    _cell(text, "{{ row.text }}")
    _tag_row(table, 2, "{%tr endfor %}")


def _sections(document: Any, item_lines: list[tuple[str | None, str]], item_test: str) -> None:
    """The form's sections in order; fields that ``item_test`` picks are laid out by ``item_lines``."""
    lines: list[tuple[str | None, str]] = [
        (None, "{%p for section in sections %}"),
        ("Heading 1", "{{ loop.index }}. {{ section.title }}"),
        (None, "{%p for field in section.fields %}"),
        (None, "{%p if " + item_test + " %}"),
        *item_lines,
        (None, "{%p else %}"),
        (None, "{%p if section.fields|length > 1 %}"),
        ("FieldLabel", "{{ field.label }}"),
        (None, "{%p endif %}"),
        (None, "{{p field.docx }}"),
        (None, "{%p endif %}"),
        (None, "{%p endfor %}"),
        (None, "{%p endfor %}"),
        ("Rule", "Documentation rule: {{ document.rule }}"),
    ]
    for style, text in lines:
        document.add_paragraph(text, style=style)


def fidelity_review_body(document: Any) -> None:
    _style(document, "Anchor", "Intro", size=Pt(9.5))
    _style(document, "ItemLabel", "Normal", size=Pt(10), bold=True)
    _style(document, "Checklist", "Normal", size=Pt(9.5))
    document.styles["Checklist"].paragraph_format.left_indent = Inches(0.25)
    document.styles["Checklist"].paragraph_format.first_line_indent = Inches(-0.2)
    document.styles["Checklist"].paragraph_format.space_after = Pt(1)
    _style(document, "Heading 2", "Heading 1", size=Pt(11.5), name="Calibri", italic=False, color=None)
    document.styles["Heading 2"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    document.add_paragraph("{{ document.title }}", style="Title")
    document.add_paragraph("{{ document.intro }}", style="Intro")
    _sheet_head(document)
    _score_sheet(document)
    _results(document)
    item = "fidelity.by_item[field.name]"
    _sections(
        document,
        [
            ("FieldLabel", "{{ " + item + ".heading }}"),
            ("Anchor", "{{ " + item + ".anchor }}"),
            (None, "{%p if " + item + ".components %}"),
            ("ItemLabel", "Key components:"),
            (None, "{%p for c in " + item + ".components %}"),
            ("Checklist", "{{ c.mark }} {{ c.text }}"),
            (None, "{%p endfor %}"),
            (None, "{%p endif %}"),
            ("ItemLabel", "Data sources used: {{ " + item + ".sources }}"),
            ("ItemLabel", "Evidence notes:"),
            (None, "{{p " + item + ".evidence.docx }}"),
        ],
        "field.name in fidelity.by_item",
    )


def fidelity_action_plan_body(document: Any) -> None:
    document.add_paragraph("{{ document.title }}", style="Title")
    document.add_paragraph("{{ document.intro }}", style="Intro")
    _sections(
        document,
        [
            (None, "{%p for goal in fidelity_plan.goals %}"),
            ("FieldLabel", "{{ goal.heading }}"),
            (None, "{{p goal.view.docx }}"),
            (None, "{%p endfor %}"),
        ],
        'field.name == "goals" and not field.empty',
    )


BODIES: dict[str, Callable[[Any], None]] = {
    "fidelity_review": fidelity_review_body,
    "fidelity_action_plan": fidelity_action_plan_body,
}
"""Record type -> the function that writes its template's body (the others use the generic body)."""
