"""Build the built-in Word templates (templates/docx/<type>.docx) from this source.

The .docx files are committed so agencies can open them in Word, and this script is how
they are made: run ``make templates`` after changing it. A test rebuilds them and compares
their text with the committed files.

Each template holds no list of sections: it loops over ``sections`` from the form, so a
form change reaches every document without touching a Word file.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.models import MODELS
from ipsdocs.render.docx import normalize_zip, scrub_properties

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "docx"
FONT = "Calibri"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x55, 0x5F, 0x6B)
NO_BREAK_SPACE = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"
CELL_PADDING = {"top": 60, "bottom": 60, "left": 100, "right": 100}  # twips: 3pt 5pt, as the PDF's cells

BODY = [
    # (style, text): the document body, top to bottom. "{%p" lines are docxtpl paragraph tags.
    ("Title", "{{ document.title }}"),
    ("Intro", "{{ document.intro }}"),
    (None, "{%p for section in sections %}"),
    ("Heading 1", "{{ loop.index }}. {{ section.title }}"),
    (None, "{%p for field in section.fields %}"),
    (None, "{%p if section.fields|length > 1 %}"),
    ("FieldLabel", "{{ field.label }}"),
    (None, "{%p endif %}"),
    (None, "{{p field.docx }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    ("Rule", "Documentation rule: {{ document.rule }}"),
]


COMPACT = frozenset({"service_note", "employer_contact"})
"""Short, frequent records (issue 15): a short answer on one line with its label, so a note fits a page."""


def _compact_body(document) -> None:  # type: ignore[no-untyped-def]
    _paragraph_style(document, "FieldInline", 10, after=1)
    for style, text in BODY[:5]:
        document.add_paragraph(text, style=style)
    document.add_paragraph('{%p if field.kind in ["text", "list", "group"] and section.fields|length > 1 %}')
    inline = document.add_paragraph(style="FieldInline")
    inline.add_run("{{ field.label }}: ").bold = True
    inline.add_run("{{ field.text }}")
    document.add_paragraph("{%p else %}")
    for style, text in BODY[5:9]:
        document.add_paragraph(text, style=style)
    document.add_paragraph("{%p endif %}")
    for style, text in BODY[9:]:
        document.add_paragraph(text, style=style)


def _paragraph_style(
    document, name: str, size: float, *, bold=False, italic=False, color=None, before=0, after=4, keep_next=False
):  # type: ignore[no-untyped-def]
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    if color is not None:
        font.color.rgb = color
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(before), Pt(after), keep_next
    return style


def _bottom_border(paragraph, color: str = "1F3A5F", size: int = 8) -> None:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when the page is laid out."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _styles(document) -> None:  # type: ignore[no-untyped-def]
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    title = _paragraph_style(document, "Title", 20, bold=True, color=ACCENT, after=2)
    title.paragraph_format.keep_with_next = True
    _bottom_border_style(title, color="1F3A5F", size=12)
    heading = _paragraph_style(document, "Heading 1", 13, bold=True, color=ACCENT, before=14, after=4, keep_next=True)
    heading.paragraph_format.page_break_before = False
    _paragraph_style(document, "FieldLabel", 10.5, bold=True, before=6, after=2, keep_next=True)
    _paragraph_style(document, "Intro", 10, italic=True, color=MUTED, after=8)
    _paragraph_style(document, "Rule", 8.5, italic=True, color=MUTED, before=18)
    _paragraph_style(document, "Empty", 10.5, italic=True, color=MUTED)
    _paragraph_style(document, "TableText", 9, after=0)
    _paragraph_style(document, "Spacer", 4, after=0)
    _paragraph_style(document, "HeaderText", 9, color=MUTED, after=0)
    _paragraph_style(document, "FooterText", 7.5, color=MUTED, after=0)
    numbered = _paragraph_style(document, "ListNumbered", 10.5, after=2)
    numbered.paragraph_format.left_indent = Inches(0.35)
    numbered.paragraph_format.first_line_indent = Inches(-0.25)
    numbered.paragraph_format.tab_stops.add_tab_stop(Inches(0.35))
    # A signature block is never split: each line keeps with its name, each name with the next line
    # (the last with the closing rule), and the heading keeps with the first line.
    line = _paragraph_style(document, "SignatureLine", 10.5, before=30, after=0, keep_next=True)
    line.paragraph_format.right_indent = Inches(2.2)
    name = _paragraph_style(document, "SignatureName", 9, color=MUTED, after=6, keep_next=True)
    name.paragraph_format.tab_stops.add_tab_stop(Inches(4.3), WD_TAB_ALIGNMENT.LEFT)
    _cell_padding(document.styles["Table Grid"])
    for list_style in ("List Bullet",):
        document.styles[list_style].font.name = FONT
        document.styles[list_style].font.size = Pt(10.5)


def build(record_type: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(1))
    section.top_margin, section.bottom_margin = Inches(1.1), Inches(0.9)
    section.header_distance, section.footer_distance = Inches(0.4), Inches(0.35)
    _styles(document)
    signature_line = document.styles["SignatureLine"]
    _bottom_border_style(signature_line)

    header = section.header
    # One line: logo, agency name, address and phone; the title and the person on the next, apart.
    # Phone numbers and the person line (record id) keep together: no-break spaces and hyphens.
    top = header.paragraphs[0]
    top.style = document.styles["HeaderText"]
    top.add_run("{{ logo }} ")
    agency = top.add_run("{{ agency.name }}")
    agency.bold, agency.font.color.rgb, agency.font.size = True, ACCENT, Pt(10.5)
    top.add_run(
        "{% if agency.address %}   {{ agency.address }}{% endif %}"
        "{% if agency.address and agency.phone %} · {% endif %}"
        "{{ agency.phone|replace(' ', '" + NO_BREAK_SPACE + "')|replace('-', '" + NO_BREAK_HYPHEN + "') }}"
    ).font.size = Pt(8)
    who = header.add_paragraph("{{ document.title }}", style="HeaderText")
    who.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
    who.paragraph_format.space_before = Pt(2)
    who.add_run(
        "\t{{ person_line|replace(' ', '" + NO_BREAK_SPACE + "')|replace('-', '" + NO_BREAK_HYPHEN + "') }}"
    ).font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)
    _bottom_border(who)

    footer = section.footer
    notice = footer.paragraphs[0]
    notice.style = document.styles["FooterText"]
    notice.add_run("{{ confidentiality_notice }}")
    pages = footer.add_paragraph(style="FooterText")
    pages.alignment = 2  # right
    pages.add_run("Page ")
    _field(pages, "PAGE")
    pages.add_run(" of ")
    _field(pages, "NUMPAGES")

    from tools.build_fidelity_templates import BODIES  # issue 6: the fidelity documents' own layouts

    if record_type in BODIES:
        BODIES[record_type](document)
    elif record_type in COMPACT:
        _compact_body(document)
    else:
        for style, text in BODY:
            document.add_paragraph(text, style=style)

    form = load_form(record_type)
    scrub_properties(document.core_properties, form.title)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def _cell_padding(style) -> None:  # type: ignore[no-untyped-def]
    """Padding inside every cell of tables in this style (Word's default is none above and below)."""
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in CELL_PADDING.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)


def _bottom_border_style(style, color: str = "000000", size: int = 6) -> None:  # type: ignore[no-untyped-def]
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for record_type in MODELS:
        path = OUT / f"{record_type}.docx"
        path.write_bytes(build(record_type))
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
