"""What a template may use: every placeholder, its meaning and an example value.

Nothing here lists the placeholders by hand. They are read from a real context, built by
``render.document.build_context`` for an example record of the type, and from the classes of the
values in it (``SectionView``, ``FieldView``, ``Cell``: their fields and properties, with their
type hints). ``MEANINGS`` only explains the names; a test keeps it equal to what is derived, so a
new placeholder cannot go unexplained. A record type that adds its own values to the context
(``render.program_context``) explains them in a ``TEMPLATE_HELP`` class attribute, name -> meaning.
``lint`` checks templates against the same shapes.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ipsdocs.paths import builtin_dir

if TYPE_CHECKING:
    from ipsdocs.agency.workspace import Workspace
    from ipsdocs.definitions.models import RecordBase
    from ipsdocs.render.document import Format

# --- shapes: what can follow a name and a dot ---------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """Anything: no check (values whose structure depends on the answer)."""

    def attribute(self, name: str) -> Shape | None:
        return Shape()

    def element(self) -> Shape:
        return Shape()

    def names(self) -> list[str]:
        return []


@dataclass(frozen=True)
class Text(Shape):
    """A piece of text (or a number, a yes/no): only text methods such as ``upper`` follow it."""

    def attribute(self, name: str) -> Shape | None:
        return Shape() if not name.startswith("_") and hasattr(str, name) else None

    def element(self) -> Shape:
        return Text()


@dataclass(frozen=True)
class ListOf(Shape):
    """A list: loop over it with ``{% for x in … %}``."""

    item: Shape = field(default_factory=Shape)

    def attribute(self, name: str) -> Shape | None:
        return Shape() if not name.startswith("_") and hasattr(list, name) else None

    def element(self) -> Shape:
        return self.item


@dataclass(frozen=True)
class Obj(Shape):
    """Named parts: ``agency.name``, ``section.title``, ``fields.strengths``."""

    kind: str = ""
    parts: tuple[tuple[str, Shape], ...] = ()

    @cached_property
    def _parts(self) -> dict[str, Shape]:
        return dict(self.parts)

    def attribute(self, name: str) -> Shape | None:
        if name in self._parts:
            return self._parts[name]
        dict_method = self.kind == "dict" and not name.startswith("_") and hasattr(dict, name)
        return Shape() if dict_method else None

    def names(self) -> list[str]:
        return list(self._parts)


GENERIC = {"SectionView": "section", "FieldView": "field", "Cell": "cell"}
"""The name templates use for one item of each kind (``{% for field in section.fields %}``)."""


def public_attributes(cls: type) -> Iterator[tuple[str, Any]]:
    """A view class's data fields and properties with their type hints (methods are not placeholders)."""
    hints = typing.get_type_hints(cls)
    for name in (f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ():
        if not name.startswith("_"):  # private fields are not placeholders (the sandbox refuses them)
            yield name, hints.get(name, Any)
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property) and member.fget:
            yield name, typing.get_type_hints(member.fget).get("return", Any)
        elif isinstance(member, cached_property):
            yield name, typing.get_type_hints(member.func).get("return", Any)


def shape_of_type(hint: Any) -> Shape:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and args:
        return ListOf(shape_of_type(args[0]))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return shape_of_type(inner[0]) if len(inner) == 1 else Shape()
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint) and hint.__name__ in GENERIC:
            return class_shape(hint)
        if issubclass(hint, str | bool | int | float):
            return Text()
    return Shape()


_CLASS_SHAPES: dict[type, Obj] = {}


def class_shape(cls: type) -> Obj:
    if cls not in _CLASS_SHAPES:
        _CLASS_SHAPES[cls] = Obj(cls.__name__)  # placeholder while recursing
        _CLASS_SHAPES[cls] = Obj(cls.__name__, tuple((n, shape_of_type(h)) for n, h in public_attributes(cls)))
    return _CLASS_SHAPES[cls]


def shape_of_value(value: Any) -> Shape:
    """The shape of a real context value: dicts by their keys, views by their class."""
    if isinstance(value, dict):
        return Obj("dict", tuple((str(k), shape_of_value(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ListOf(shape_of_value(value[0]) if value else Shape())
    if dataclasses.is_dataclass(value) and type(value).__name__ in GENERIC:
        return class_shape(type(value))
    if isinstance(value, str | bool | int | float):
        return Text()
    return Shape()


# --- the example context ------------------------------------------------------------------------

FORMAT_ONLY: dict[str, dict[str, str]] = {"docx": {"logo": "Word"}}
"""Placeholders one format adds to the context (render/docx.py puts the logo image in)."""


def example_record(record_type: str) -> RecordBase:
    """The fullest built-in sample of this type (fictional people), or an empty record if none."""
    from ipsdocs.definitions.models import MODELS
    from ipsdocs.definitions.records import load_record

    samples = [p for p in builtin_dir("samples").rglob("*") if p.suffix in {".json", ".yaml"} and p.is_file()]
    for path in sorted(samples, key=lambda p: -p.stat().st_size):
        if f"record_type: {record_type}" in (text := path.read_text(encoding="utf-8")) or (
            f'"record_type": "{record_type}"' in text
        ):
            return load_record(path).record
    return _empty_record(MODELS[record_type])


def _empty_record(model: type[RecordBase]) -> RecordBase:
    from ipsdocs.definitions.models._types import PersonServed, StaffMember

    values: dict[str, Any] = {name: None for name in model.model_fields}
    values |= {
        n: f.get_default(call_default_factory=True) for n, f in model.model_fields.items() if not f.is_required()
    }
    values |= {
        "record_id": "EXAMPLE-1",
        "person": PersonServed(name="Example Person", client_id="EX-1"),
        "staff": StaffMember(name="Example Specialist"),
    }
    return model.model_construct(**values)


def example_context(workspace: Workspace, record_type: str, fmt: Format) -> dict[str, Any]:
    """A real template context for ``record_type``, as ``fmt`` sees it."""
    from ipsdocs.render.document import build_context

    record = example_record(record_type)
    context = build_context(record, workspace.form(record_type), workspace.agency, workspace.jurisdiction)
    for name in FORMAT_ONLY.get(fmt, {}):
        context[name] = ""
    return context


def context_shape(workspace: Workspace, record_type: str, fmt: Format) -> Obj:
    shape = shape_of_value(example_context(workspace, record_type, fmt))
    assert isinstance(shape, Obj)
    return shape


# --- meanings ------------------------------------------------------------------------------------

MEANINGS: dict[str, str] = {
    "agency": "Your agency, from ipsdocs.toml",
    "agency.name": "Agency name",
    "agency.address": "Agency address",
    "agency.phone": "Agency phone",
    "agency.contact_line": "Address and phone on one line, joined by ·",
    "agency.logo_uri": "PDF only: the logo as an address for <img src=…> (empty without a logo)",
    "logo": "Word only: the logo image, 14 mm high (empty without a logo)",
    "document": "The document being made",
    "document.type": "Record type (career_profile …)",
    "document.title": "Document title, from the form",
    "document.rule": "The rule the document follows, from the form",
    "document.intro": "Introductory sentence, from the form",
    "record_id": "The record's ID",
    "person_name": "Full name of the person served",
    "person_line": "Name and record ID on one line (for headers)",
    "client_id": "The agency's ID for the person",
    "staff_name": "The employment specialist's name",
    "staff_role": "The specialist's role",
    "document_date": "The document's date, written out",
    "confidentiality_notice": "The confidentiality notice, from ipsdocs.toml",
    "sections": "The form's sections in order: loop over them with {% for section in sections %}",
    "fields": "Every field of the form by name: fields.NAME (listed below)",
    "section.id": "Section id, from the form",
    "section.title": "Section heading, from the form",
    "section.required": "Yes if the section is required",
    "section.rule": "The rule the section follows, from the form",
    "section.fields": "The section's fields: loop with {% for field in section.fields %}",
    "section.empty": "Yes if no field of the section has an answer",
    "section.missing": "Required fields of the section with no answer",
    "field.name": "Field name (as in fields.NAME)",
    "field.label": "Field label, from the form or the record's model",
    "field.value": "The raw answer (use text, html or docx to show it)",
    "field.markdown": "Yes if the answer is free text with formatting",
    "field.required": "Yes if the field is required",
    "field.help": "The form's help for the field",
    "field.choices": "The choices the form offers, with their wording",
    "field.if_empty": "What the document says when the field has no answer (the form's if_empty, else 'Not recorded')",
    "field.empty": "Yes if there is no answer",
    "field.kind": "How the answer is laid out: text, markdown, list, table, group or signatures",
    "field.text": "The answer as plain text (when empty: the form's if_empty wording, else 'Not recorded')",
    "field.rows": "For tables: rows of cells (loop: {% for row in field.rows %}{% for cell in row %})",
    "field.html": "PDF: the answer laid out (paragraphs, lists, tables, signature lines)",
    "field.docx": "Word: the answer laid out; write it as {{p field.docx }} on a line of its own",
    "cell.label": "Column heading of a table cell",
    "cell.text": "A table cell's answer as plain text",
    "cell.markdown": "Yes if the cell holds formatted free text",
    "cell.html": "PDF: the cell's answer laid out",
    "cell.docx": "Word: the cell's answer laid out",
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    example: str
    formats: str = "Word and PDF"
    leaf: bool = True
    """False for a group or list (agency, sections): used through its parts or in a loop."""

    @property
    def written(self) -> str:
        return "{{ " + self.name + " }}" if self.leaf else self.name


def derived_names(shape: Obj) -> list[str]:
    """Every documented name derived from a context shape: top level, nested keys, view attributes."""
    names: list[str] = []
    seen: set[str] = set()

    def visit(prefix: str, node: Shape) -> None:
        item = node.element() if isinstance(node, ListOf) else node
        while isinstance(item, ListOf):
            item = item.element()
        if isinstance(item, Obj) and item.kind in GENERIC:
            if item.kind not in seen:
                seen.add(item.kind)
                for part in item.names():
                    names.append(f"{GENERIC[item.kind]}.{part}")
                    visit(f"{GENERIC[item.kind]}.{part}", item.attribute(part) or Shape())
            return
        if isinstance(node, Obj) and prefix != "fields":
            for part in node.names():
                name = f"{prefix}.{part}" if prefix else part
                names.append(name)
                visit(name, node.attribute(part) or Shape())

    visit("", shape)
    return names


def placeholders(workspace: Workspace, record_type: str) -> list[Placeholder]:
    """The placeholders of ``record_type`` with meanings and examples, generic names first, then fields."""
    docx = example_context(workspace, record_type, "docx")
    shape = shape_of_value(docx)
    assert isinstance(shape, Obj)
    rows = []
    from ipsdocs.definitions.models import MODELS

    meanings = {**MEANINGS, **getattr(MODELS[record_type], "TEMPLATE_HELP", {})}
    for name in derived_names(shape):
        value = _lookup(docx, name)
        only = FORMAT_ONLY["docx"].get(name) or ("PDF" if name == "agency.logo_uri" else "")
        only = only or ("PDF" if name.endswith(".html") else "Word" if name.endswith(".docx") else "")
        meaning = meanings.get(name, "(not yet described)")
        leaf = not isinstance(value, dict | list) and not name.startswith(("section.fields", "section.missing"))
        leaf = leaf and name not in {"field.rows", "sections", "fields"}
        rows.append(Placeholder(name, meaning, _example(value), only or "Word and PDF", leaf))
    form = workspace.form(record_type)
    for _section, spec in form.fields():
        view = docx["fields"][spec.field]
        laid_out = f"fields.{spec.field}.html (PDF), {{{{p fields.{spec.field}.docx }}}} (Word)"
        meaning = f"{view.label}: as text; laid out: {laid_out}"
        rows.append(Placeholder(f"fields.{spec.field}.text", meaning, _example(view.text)))
    return rows


def _lookup(context: dict[str, Any], name: str) -> Any:
    value: Any = context
    for part in name.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def _example(value: Any) -> str:
    if value is None or isinstance(value, dict | list) or not isinstance(value, str | bool | int | float):
        return ""
    text = "Yes" if value is True else "No" if value is False else " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def print_placeholders(workspace: Workspace, record_type: str) -> None:
    """The table an agency keeps open while editing a template."""
    from rich.markup import escape
    from rich.table import Table

    from ipsdocs.console import out as console

    table = Table(title=f"Placeholders for {record_type} templates", show_lines=False)
    for column in ("Placeholder", "Meaning", "Example", "In"):
        table.add_column(column, overflow="fold")
    for row in placeholders(workspace, record_type):
        table.add_row(escape(row.written), escape(row.meaning), escape(row.example), row.formats)
    console().print(table)
    console().print(
        "Loops: {% for section in sections %} … {% endfor %}; in Word, put {%p … %} on a paragraph of its own. "
        "A misspelt name is an error, never a blank: run 'ipsdocs templates lint'."
    )
