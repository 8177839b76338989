"""Required-section checks: in the record's data, and in the text of each rendered file.

The form says which sections and fields are required; nothing here restates a list.
A document is complete when every required field has an answer, and a rendered file is
sound when every required section's heading can be read back from it with content under it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    return "\n".join(parts)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def text_lines(pages: Sequence[str]) -> list[str]:
    """Non-empty lines of page texts, whitespace folded."""
    return [line for page in pages for line in (" ".join(x.split()) for x in page.splitlines()) if line]


def pdf_lines(data: bytes) -> list[str]:
    return text_lines(pdf_pages(data))


_NUMBER = re.compile(r"^\d+\.\s*")
_PAGE = re.compile(r"^Page \d+ of \d+$")


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


def rendered_findings(lines: Sequence[str], form: FormSpec, running: Iterable[str] = ()) -> list[Finding]:
    """Every required section's heading must be in the text, in order, with content under it.

    ``running`` are texts repeated on every page (header, footer): they are not content.
    """
    running_texts = [" ".join(r.split()) for r in running if r and r.strip()]

    def is_boilerplate(line: str) -> bool:
        return bool(_PAGE.match(line)) or any(line in r or r in line for r in running_texts)

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
        if not any(not is_boilerplate(line) for line in lines[index + span : end]):
            findings.append(Finding(section.title, "this required section has no content under its heading"))
    return findings
