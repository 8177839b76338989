"""Required-section checks: in the record's data, and in the text of each rendered file.

The form says which sections and fields are required; nothing here restates a list.
A document is complete when every required field has an answer, and a rendered file is
sound when every required section's heading can be read back from it with content under it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ipsdocs.definitions.forms import FormSpec
from ipsdocs.definitions.models import RecordBase
from ipsdocs.render.views import FieldView, SectionView, section_views


@dataclass(frozen=True)
class Finding:
    """Something missing: in a section, optionally a particular field."""

    section: str
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.section} › {self.field}" if self.field else self.section
        return f"{where}: {self.message}"


def data_findings(record: RecordBase, form: FormSpec, sections: Sequence[SectionView] | None = None) -> list[Finding]:
    """Required sections and fields with no answer, in the form's order."""
    findings = []
    for section in sections if sections is not None else section_views(record, form):
        for field in section.missing:
            findings.append(Finding(section.title, "no answer yet", field.label))
        for field in section.fields:
            if not choice_accepted(field):
                offered = ", ".join(field.choices or {})
                message = f"the answer is not one of the choices this form offers ({offered})"
                findings.append(Finding(section.title, message, field.label))
    return findings


def choice_accepted(field: FieldView) -> bool:
    """Whether every chosen value is one the form offers (a state's discharge reasons, say).

    The model accepts every code some jurisdiction defines; the workspace's form narrows them.
    """
    if field.choices is None or field.empty:
        return True
    values = field.value if isinstance(field.value, tuple) else (field.value,)
    return all(str(value) in field.choices for value in values)


# --- reading rendered files back ---------------------------------------------------------------


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def docx_lines(data: bytes) -> list[str]:
    """The body's paragraphs in order, table cells included (headers and footers are not body).

    Reads only the main document part from the package (python-docx would parse every part,
    which costs a batch more than rendering the document does).
    """
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(_main_part_name(package)))
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for element in body.iterchildren() if body is not None else ():
        if element.tag == f"{_W}p":
            lines.append(_paragraph_text(element))
        elif element.tag == f"{_W}tbl":
            lines.extend(_paragraph_text(p) for p in element.iter(f"{_W}p"))
    return [line for line in (" ".join(x.split()) for x in lines) if line]


def _main_part_name(package: object) -> str:
    """The main document part's name, from the package relationships (usually word/document.xml)."""
    from lxml import etree

    rels = etree.fromstring(package.read("_rels/.rels"))  # type: ignore[attr-defined]
    for rel in rels:
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return str(rel.get("Target")).lstrip("/")
    return "word/document.xml"


def _paragraph_text(paragraph: object) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))  # type: ignore[attr-defined]


def docx_header_footer_text(data: bytes) -> str:
    """Text of every header and footer (where the person's name and the notice must be)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts.extend(p.text for p in part.paragraphs)
            for table in part.tables:
                parts.extend(cell.text for row in table.rows for cell in row.cells)
    # Read as a person reads it: a no-break space or hyphen (kept together on the page) is a space or hyphen.
    return "\n".join(parts).replace("\u00a0", " ").replace("\u2011", "-")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, running header and footer included (what a reader sees)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_body_pages(data: bytes) -> list[str]:
    """The text of each page's body, told apart from the running header and footer by where it is.

    WeasyPrint tags a PDF's page margin boxes (running header, footer, page numbers) but leaves
    them out of the structure tree, which holds the body in reading order. So the body is the
    marked content the tree reaches; the rest is running text. An untagged PDF gives its whole
    text: nothing in it says where the margins are.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    tree = reader.trailer["/Root"].get("/StructTreeRoot")
    if tree is None:
        return [page.extract_text() or "" for page in reader.pages]
    body = _tree_content_ids(tree.get_object())
    return [_marked_text(page, body.get(page.indirect_reference.idnum, set())) for page in reader.pages]


def _tree_content_ids(root: Any) -> dict[int, set[int]]:
    """Page object number -> the marked-content ids the structure tree reaches from its root."""
    found: dict[int, set[int]] = {}
    stack: list[tuple[Any, Any]] = [(root.get("/K"), None)]
    while stack:
        kid, page = stack.pop()
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, int):
            if page is not None:
                found.setdefault(page.idnum, set()).add(kid)
        elif isinstance(kid, list):
            stack.extend((k, page) for k in kid)
        elif isinstance(kid, dict):
            own = kid.get("/Pg", page)
            own = getattr(own, "indirect_reference", None) or own
            if "/MCID" in kid:
                stack.append((kid["/MCID"], own))
            elif "/K" in kid:
                stack.append((kid["/K"], own))
    return found


def _marked_text(page: Any, wanted: set[int]) -> str:
    """The page's text drawn inside the marked content ``wanted`` (line breaks kept)."""
    marks: list[int | None] = []
    parts: list[str] = []

    def before(operator: bytes, operands: Any, *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            marks.append(properties.get("/MCID") if isinstance(properties, dict) else None)
        elif operator == b"EMC" and marks:
            marks.pop()

    def text(value: str, *_: Any) -> None:
        current = next((m for m in reversed(marks) if m is not None), None)
        if not value.strip() or current in wanted:
            parts.append(value)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return "".join(parts)


def text_lines(pages: Sequence[str]) -> list[str]:
    """Non-empty lines of page texts, whitespace folded."""
    return [line for page in pages for line in (" ".join(x.split()) for x in page.splitlines()) if line]


def pdf_lines(data: bytes) -> list[str]:
    return text_lines(pdf_pages(data))


_NUMBER = re.compile(r"^\d+\.\s*")


def _heading_at(lines: Sequence[str], index: int, title: str) -> int:
    """How many lines the heading ``title`` spans at ``index`` (0 when it is not there)."""
    for span in (1, 2, 3):
        if index + span > len(lines):
            break
        text = _NUMBER.sub("", " ".join(lines[index : index + span]))
        if text == title:
            return span
        if not title.startswith(text):
            break
    return 0


def rendered_findings(lines: Sequence[str], form: FormSpec) -> list[Finding]:
    """Every required section's heading must be in the text, in order, with content under it.

    ``lines`` are the body's: the readers leave out the running header and footer by where they
    are (Word's header and footer parts, PDF page margin boxes), never by what they say, so an
    answer that repeats the agency's name or the document's title is content like any other.
    """
    titles = [s.title for s in form.sections]
    found: dict[str, tuple[int, int]] = {}
    position = 0
    for title in titles:
        for index in range(position, len(lines)):
            span = _heading_at(lines, index, title)
            if span:
                found[title] = (index, span)
                position = index + span
                break
    starts = sorted((index, span) for index, span in found.values())
    findings = []
    for section in form.required_sections:
        if section.title not in found:
            findings.append(Finding(section.title, "the heading of this required section is not in the document"))
            continue
        index, span = found[section.title]
        following = [s for s, _ in starts if s > index]
        end = following[0] if following else len(lines)
        if not lines[index + span : end]:
            findings.append(Finding(section.title, "this required section has no content under its heading"))
    return findings
