"""What a template sees: the form's sections, each field's value shown for people.

The form decides which sections exist and in what order; the model decides each field's
label and type. A template loops over ``sections`` and never restates either. Each field
offers its value three ways — ``text`` (plain), ``html`` (PDF) and ``docx`` (WordprocessingML).

Templates are data an agency may have downloaded, so what they see is plain data only: the views
(``Cell``, ``FieldView``, ``SectionView``) are frozen, slotted records of strings, numbers,
yes/no, read-only mappings and tuples, built once per document. No model, no method, nothing
callable: ``value`` is the answer as plain data (a date as text, a group as a read-only mapping).
``TEMPLATE_ATTRIBUTES`` is the one list of what a template may read of each view; the sandbox
(``render/jinja.py``) allows nothing else, and ``ipsdocs templates fields`` lists the same names.
"""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, time
from decimal import Decimal
from enum import Enum
from html import escape as html_escape
from types import MappingProxyType
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from ipsdocs.definitions.forms import FieldSpec, FormSpec, SectionSpec, condition_holds
from ipsdocs.definitions.models._types import LabeledChoice, RecordBase, Signature, is_long_text
from ipsdocs.render.signatures import signatures_docx, signatures_html
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


def plain(value: Any) -> Any:
    """An answer as plain, immutable data: text, numbers, yes/no, dates as text, tuples, read-only mappings."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, BaseModel):
        return MappingProxyType({name: plain(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): plain(v) for k, v in value.items()})
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(plain(v) for v in value)
    return str(value)


def read_only(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)


def _pickle_mapping(mapping: MappingProxyType) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(mapping),)


copyreg.pickle(MappingProxyType, _pickle_mapping)
"""A read-only mapping travels to the render worker (``render/limits.py``) as what it shows."""


def frozen(value: Any) -> Any:
    """A context value made read-only all the way down: dicts become mappings, lists tuples; views stay."""
    if isinstance(value, Mapping) and not isinstance(value, MappingProxyType):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class Cell:
    """One answer in a table row or a group: its column heading and the answer, laid out both ways."""

    label: str
    text: str
    markdown: bool
    html: Markup
    docx: DocxBlock


def make_cell(label: str, text: str, markdown: bool = False) -> Cell:
    if markdown:
        html = markdown_to_html(text)
        docx = html_to_docx_xml(html, "TableText") or text_paragraph_xml("", "TableText")
    else:
        html, docx = html_escape(text), text_paragraph_xml(text, "TableText")
    return Cell(label, text, markdown, Markup(html), DocxBlock(docx))


def _cell_value(value: Any) -> str:
    """Table cells are narrow: dates as MM/DD/YYYY."""
    return f"{value:%m/%d/%Y}" if isinstance(value, date) else show_value(value)


def _columns_of(item: BaseModel) -> list[Cell]:
    model = type(item)
    return [
        make_cell(info.title or name, _cell_value(getattr(item, name)), is_long_text(model, name))
        for name, info in model.model_fields.items()
    ]


@dataclass
class _Answer:
    """A field's answer as the model holds it, while its views are made (never given to a template)."""

    name: str
    value: Any
    markdown: bool = False
    choices: Mapping[str, str] | None = None
    if_empty: str = NOT_RECORDED
    """What the document says when there is no answer."""
    laid_out: tuple[str, str] | None = None
    """The signatures field, already laid out as (HTML, WordprocessingML): what they bind and the
    addenda after them come from the whole record, which a template never sees."""

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

    @property
    def text(self) -> str:
        return self.if_empty if self.empty else self.show(self.value)

    def table_rows(self) -> list[list[Cell]]:
        """Table rows for a list of items; only columns with an answer somewhere are kept."""
        if self.kind not in {"table", "signatures"}:
            return []
        rows = [_columns_of(item) for item in self.value]
        keep = [i for i in range(len(rows[0])) if any(row[i].text for row in rows)] if rows else []
        return [[row[i] for i in keep] for row in rows]


@dataclass(frozen=True, slots=True)
class FieldView:
    """A field of the record as a document shows it (see ``make_field_view``)."""

    name: str
    label: str
    value: Any
    """The answer as plain data (text, number, yes/no, date as text, tuple, read-only mapping)."""
    markdown: bool
    required: bool
    help: str | None
    choices: Mapping[str, str] | None
    """The form's wording of each choice (the jurisdiction's), when it words them."""
    if_empty: str
    """What the document says when there is no answer."""
    empty: bool
    kind: str
    text: str
    rows: tuple[tuple[Cell, ...], ...]
    html: Markup
    docx: DocxBlock


def make_field_view(
    name: str,
    label: str,
    value: Any,
    markdown: bool = False,
    required: bool = False,
    help: str | None = None,
    choices: Mapping[str, str] | None = None,
    if_empty: str = NOT_RECORDED,
    laid_out: tuple[str, str] | None = None,
) -> FieldView:
    """The field's every view, computed once from the answer; the answer itself is kept as plain data.
    ``laid_out``: the signatures' (HTML, WordprocessingML), made from the whole record."""
    answer = _Answer(name, value, markdown, choices, if_empty, laid_out)
    rows = answer.table_rows()
    return FieldView(
        name=name,
        label=label,
        value=plain(value),
        markdown=markdown,
        required=required,
        help=help,
        choices=MappingProxyType(dict(choices)) if choices is not None else None,
        if_empty=if_empty,
        empty=answer.empty,
        kind=answer.kind,
        text=answer.text,
        rows=tuple(tuple(row) for row in rows),
        html=Markup(_field_html(answer, rows)),
        docx=DocxBlock(_field_docx(answer, rows)),
    )


def _field_html(view: _Answer, rows: list[list[Cell]]) -> str:
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
        return view.laid_out[0] if view.laid_out else ""
    if kind == "table":
        head = "".join(f"<th>{html_escape(c.label)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{c.html}</td>" for c in row) + "</tr>" for row in rows)
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


def _field_docx(view: _Answer, rows: list[list[Cell]]) -> str:
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
        return view.laid_out[1] if view.laid_out else ""
    if kind == "table":
        if _too_wide_for_the_page(rows):
            return "".join(_docx_card(row) for row in rows)
        header = [c.label for c in rows[0]]
        return _docx_table([[c.docx for c in row] for row in rows], header, weights=_column_weights(rows))
    return text_paragraph_xml(view.text)


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section of the document with its fields, in the form's order."""

    id: str
    title: str
    required: bool
    rule: str | None
    fields: tuple[FieldView, ...]
    empty: bool
    missing: tuple[FieldView, ...]
    """Required fields with no answer: what keeps this section from being complete."""


def make_section_view(id: str, title: str, required: bool, rule: str | None, views: list[FieldView]) -> SectionView:
    missing = tuple(f for f in views if f.required and f.empty)
    return SectionView(id, title, required, rule, tuple(views), all(f.empty for f in views), missing)


TEMPLATE_ATTRIBUTES: Mapping[type, frozenset[str]] = MappingProxyType(
    {cls: frozenset(f.name for f in fields(cls)) for cls in (Cell, FieldView, SectionView)}
)
"""What a template may read of each view type: its data fields, nothing else (the sandbox's allow-list)."""


def default_signatures(record: RecordBase) -> list[Signature]:
    """Blank lines for the person and the specialist when the record names no signers."""
    return [
        Signature(signer=record.person.name, role="Person served"),
        Signature(signer=record.staff.name, role=record.staff.role),
    ]


def field_view(record: RecordBase, section: SectionSpec, spec: FieldSpec, applies: bool = True) -> FieldView:
    """The field's view; one whose ``when`` does not hold (``applies`` false) is shown empty."""
    model = type(record)
    info = model.model_fields[spec.field]
    value = getattr(record, spec.field) if applies else None
    if applies and spec.field == "signatures" and not value:
        value = default_signatures(record)
    return make_field_view(
        name=spec.field,
        label=spec.label or info.title or spec.field.replace("_", " ").capitalize(),
        value=value,
        markdown=is_long_text(model, spec.field),
        required=section.is_required(spec),
        help=spec.help,
        choices=spec.choices,
        if_empty=spec.if_empty or NOT_RECORDED,
        laid_out=(signatures_html(record, value), signatures_docx(record, value))
        if spec.field == "signatures"
        else None,
    )


def section_views(record: RecordBase, form: FormSpec) -> list[SectionView]:
    """The form's sections with the fields that apply to this record (``when`` conditions hold)."""
    answers = dict(record)
    return [
        make_section_view(
            section.id,
            section.title,
            section.required,
            section.rule,
            [field_view(record, section, spec) for spec in section.fields if condition_holds(spec, answers)],
        )
        for section in form.sections
    ]
