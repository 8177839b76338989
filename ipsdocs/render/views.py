"""What a template sees: the form's sections, each field's value shown for people.

The form decides which sections exist and in what order; the model decides each field's
label and type. A template loops over ``sections`` and never restates either. Each field
offers its value three ways — ``text`` (plain), ``html`` (PDF) and ``docx`` (WordprocessingML)
— computed only when a template asks, so a Word render never builds HTML and vice versa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import Enum
from functools import cached_property
from html import escape as html_escape
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup
from pydantic import BaseModel

from ipsdocs.definitions.forms import FieldSpec, FormSpec, SectionSpec, condition_holds
from ipsdocs.definitions.models._types import LabeledChoice, RecordBase, Signature, is_long_text
from ipsdocs.render.text import html_to_docx_xml, markdown_to_html, text_paragraph_xml
from ipsdocs.wording import NOT_RECORDED, show_date


class DocxBlock(str):
    """WordprocessingML that docxtpl inserts as-is (``{{p field.docx }}``); already escaped."""

    def __html__(self) -> str:
        return str(self)


def is_empty(value: Any) -> bool:
    """Empty means unanswered: None, blank text or an empty list. ``False`` is an answer."""
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def show_value(value: Any) -> str:
    """One value as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, LabeledChoice):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return f"${value:,.2f}"
    if isinstance(value, list):
        return "; ".join(show_value(v) for v in value)
    if isinstance(value, BaseModel):
        return "; ".join(f"{c.label}: {c.text}" for c in _columns_of(value) if c.text)
    return str(value)


@dataclass(frozen=True)
class Cell:
    label: str
    text: str
    markdown: bool = False

    @property
    def html(self) -> str:
        return markdown_to_html(self.text) if self.markdown else html_escape(self.text)

    @property
    def docx(self) -> str:
        if self.markdown:
            return html_to_docx_xml(markdown_to_html(self.text), "TableText") or text_paragraph_xml("", "TableText")
        return text_paragraph_xml(self.text, "TableText")


def _cell_value(value: Any) -> str:
    """Table cells are narrow: dates as MM/DD/YYYY."""
    return f"{value:%m/%d/%Y}" if isinstance(value, date) else show_value(value)


def _columns_of(item: BaseModel) -> list[Cell]:
    model = type(item)
    return [
        Cell(info.title or name, _cell_value(getattr(item, name)), is_long_text(model, name))
        for name, info in model.model_fields.items()
    ]


@dataclass
class FieldView:
    """A field of the record as a document shows it."""

    name: str
    label: str
    value: Any
    markdown: bool = False
    required: bool = False
    help: str | None = None
    choices: dict[str, str] | None = None
    """The form's wording of each choice (the jurisdiction's), when it words them."""
    if_empty: str = NOT_RECORDED
    """What the document says when there is no answer."""

    @property
    def empty(self) -> bool:
        return is_empty(self.value)

    def show(self, value: Any) -> str:
        """One value as a person reads it, a choice in the form's wording."""
        if self.choices and isinstance(value, Enum) and str(value.value) in self.choices:
            return self.choices[str(value.value)]
        if isinstance(value, list):
            return "; ".join(self.show(v) for v in value)
        return show_value(value)

    @property
    def kind(self) -> str:
        """text, markdown, list, table, group or signatures: how the value is laid out."""
        value = self.value
        if self.name == "signatures":
            return "signatures"
        if isinstance(value, BaseModel):
            return "group"
        if isinstance(value, list):
            return "table" if value and isinstance(value[0], BaseModel) else "list"
        return "markdown" if self.markdown else "text"

    @cached_property
    def text(self) -> str:
        return self.if_empty if self.empty else self.show(self.value)

    @cached_property
    def rows(self) -> list[list[Cell]]:
        """Table rows for a list of items; only columns with an answer somewhere are kept."""
        if self.kind not in {"table", "signatures"}:
            return []
        rows = [_columns_of(item) for item in self.value]
        keep = [i for i in range(len(rows[0])) if any(row[i].text for row in rows)] if rows else []
        return [[row[i] for i in keep] for row in rows]

    @cached_property
    def html(self) -> Markup:
        return Markup(_field_html(self))

    @cached_property
    def docx(self) -> DocxBlock:
        return DocxBlock(_field_docx(self))


def _field_html(view: FieldView) -> str:
    if view.empty:
        return f'<p class="empty">{html_escape(view.if_empty)}</p>'
    kind = view.kind
    if kind == "markdown":
        return markdown_to_html(view.value)
    if kind == "list":
        return "<ul>" + "".join(f"<li>{html_escape(view.show(v))}</li>" for v in view.value) + "</ul>"
    if kind == "group":
        cells = [c for c in _columns_of(view.value) if c.text]
        rows = "".join(f"<tr><th>{html_escape(c.label)}</th><td>{c.html}</td></tr>" for c in cells)
        return f'<table class="facts">{rows}</table>'
    if kind == "signatures":
        blocks = []
        for item in view.value:
            signed = show_date(item.signed_on) if item.signed_on else ""
            blocks.append(
                '<div class="signature"><div class="line"></div>'
                f'<div class="who">{html_escape(item.signer)} — {html_escape(item.role)}</div>'
                f'<div class="date">Date: <span>{html_escape(signed)}</span></div></div>'
            )
        return '<div class="signatures">' + "".join(blocks) + "</div>"
    if kind == "table":
        head = "".join(f"<th>{html_escape(c.label)}</th>" for c in view.rows[0])
        body = "".join("<tr>" + "".join(f"<td>{c.html}</td>" for c in row) + "</tr>" for row in view.rows)
        return f'<table class="items"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f"<p>{html_escape(view.text)}</p>"


# --- Word ----------------------------------------------------------------------------------------

_TABLE_WIDTH = 9360  # twentieths of a point: 6.5 inches, the text width of a Letter page with 1" margins


def _column_weights(rows: list[list[Cell]]) -> list[float]:
    """Wider columns for longer answers, so short values are not broken mid-word."""
    weights = []
    for index, label in enumerate(c.label for c in rows[0]):
        words = label.split() + [w for row in rows for w in row[index].text.split()]
        longest_word = max((len(w) for w in words), default=4)
        longest = max(len(row[index].text) for row in rows)
        weight = max(min(longest_word, 14) / 5, min(longest / 10, 3.0), 1.2)
        if any(row[index].markdown for row in rows):
            weight = max(weight, 2.5)
        weights.append(weight)
    return weights


_TWIPS_PER_CHARACTER = 110  # 9-point table text, a little wider than the average glyph
_CELL_MARGINS = 230


def _too_wide_for_the_page(rows: list[list[Cell]]) -> bool:
    """Would some column have to break a word (a date, "Hours") to fit the page's width?"""
    needed = 0
    for index, label in enumerate(c.label for c in rows[0]):
        words = label.split() + [w for row in rows for w in row[index].text.split()]
        needed += max((len(w) for w in words), default=4) * _TWIPS_PER_CHARACTER + _CELL_MARGINS
    return needed > _TABLE_WIDTH


def _docx_card(row: list[Cell]) -> str:
    """One repeated item (a job, a service) as a label/answer table: Word's portrait page has no
    room for eight columns, and a card reads better than words broken over three lines."""
    cells = [c for c in row if c.text]
    return _docx_table([[text_paragraph_xml(c.label, "TableText", bold=True), c.docx] for c in cells], None, True)


def _docx_table(
    rows: list[list[str]], header: list[str] | None, label_column: bool = False, weights: list[float] | None = None
) -> str:
    columns = len(header) if header else len(rows[0])
    widths = [_TABLE_WIDTH // columns] * columns
    if weights:
        total = sum(weights)
        widths = [int(_TABLE_WIDTH * w / total) for w in weights]
    if label_column and columns == 2:
        widths = [_TABLE_WIDTH * 3 // 10, _TABLE_WIDTH * 7 // 10]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]

    def cell(content: str, width: int, shaded: bool) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/>' if shaded else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{content}</w:tc>'

    if header:
        cells = "".join(
            cell(text_paragraph_xml(h, "TableText", bold=True), w, True) for h, w in zip(header, widths, strict=True)
        )
        xml.append(f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{cells}</w:tr>")
    for row in rows:
        cells = "".join(cell(c, w, label_column and i == 0) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        xml.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml) + text_paragraph_xml("", "Spacer")


def _field_docx(view: FieldView) -> str:
    if view.empty:
        return text_paragraph_xml(view.if_empty, "Empty")
    kind = view.kind
    if kind == "markdown":
        return html_to_docx_xml(markdown_to_html(view.value))
    if kind == "list":
        return "".join(text_paragraph_xml(view.show(v), "ListBullet") for v in view.value)
    if kind == "group":
        cells = [c for c in _columns_of(view.value) if c.text]
        rows = [[text_paragraph_xml(c.label, "TableText", bold=True), c.docx] for c in cells]
        return _docx_table(rows, None, label_column=True)
    if kind == "signatures":
        parts = []
        for item in view.value:
            signed = show_date(item.signed_on) if item.signed_on else "____________"
            parts.append(text_paragraph_xml("", "SignatureLine"))
            parts.append(
                '<w:p><w:pPr><w:pStyle w:val="SignatureName"/></w:pPr>'
                f'<w:r><w:t xml:space="preserve">{xml_escape(item.signer)} — {xml_escape(item.role)}</w:t></w:r>'
                f'<w:r><w:tab/><w:t xml:space="preserve">Date: {xml_escape(signed)}</w:t></w:r></w:p>'
            )
        return "".join(parts)
    if kind == "table":
        if _too_wide_for_the_page(view.rows):
            return "".join(_docx_card(row) for row in view.rows)
        header = [c.label for c in view.rows[0]]
        return _docx_table([[c.docx for c in row] for row in view.rows], header, weights=_column_weights(view.rows))
    return text_paragraph_xml(view.text)


@dataclass
class SectionView:
    """A section of the document with its fields, in the form's order."""

    id: str
    title: str
    required: bool
    rule: str | None
    fields: list[FieldView] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(f.empty for f in self.fields)

    @property
    def missing(self) -> list[FieldView]:
        """Required fields with no answer: what keeps this section from being complete."""
        return [f for f in self.fields if f.required and f.empty]


def default_signatures(record: RecordBase) -> list[Signature]:
    """Blank lines for the person and the specialist when the record names no signers."""
    return [
        Signature(signer=record.person.name, role="Person served"),
        Signature(signer=record.staff.name, role=record.staff.role),
    ]


def field_view(record: RecordBase, section: SectionSpec, spec: FieldSpec) -> FieldView:
    model = type(record)
    info = model.model_fields[spec.field]
    value = getattr(record, spec.field)
    if spec.field == "signatures" and not value:
        value = default_signatures(record)
    return FieldView(
        name=spec.field,
        label=spec.label or info.title or spec.field.replace("_", " ").capitalize(),
        value=value,
        markdown=is_long_text(model, spec.field),
        required=section.is_required(spec),
        help=spec.help,
        choices=spec.choices,
        if_empty=spec.if_empty or NOT_RECORDED,
    )


def section_views(record: RecordBase, form: FormSpec) -> list[SectionView]:
    """The form's sections with the fields that apply to this record (``when`` conditions hold)."""
    answers = dict(record)
    return [
        SectionView(
            id=section.id,
            title=section.title,
            required=section.required,
            rule=section.rule,
            fields=[field_view(record, section, spec) for spec in section.fields if condition_holds(spec, answers)],
        )
        for section in form.sections
    ]
