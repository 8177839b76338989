"""Word templates for lint: the Jinja source docxtpl will render, and places a Word user can find.

docxtpl joins the runs Word splits a placeholder into, straightens curly quotes inside tags and
puts every paragraph on its own line before handing the XML to Jinja. Lint reads the same source
(docxtpl's own ``patch_xml``), so a line number is a paragraph, named by its text.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ipsdocs.agency.fields import Obj
from ipsdocs.agency.lint import check_source
from ipsdocs.errors import Problem

_TAGS = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<w:p([ >])")


def docx_sources(path: Path) -> Iterator[tuple[str, str]]:
    """(part name, Jinja source) for the body, each header and each footer."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.init_docx()
    parts = [("body", template.get_xml())]
    for kind, uri in (("header", template.HEADER_URI), ("footer", template.FOOTER_URI)):
        parts += [(kind, template.get_part_xml(part)) for _key, part in template.get_headers_footers(uri)]
    for name, xml in parts:
        yield name, _PARAGRAPH.sub(r"\n<w:p\1", template.patch_xml(xml))


def paragraph_place(source: str, part: str):  # type: ignore[no-untyped-def]
    """A function from a source line to “paragraph ‘…’” (in the header/footer when it is there)."""
    lines = source.splitlines()

    def place(lineno: int) -> str:
        text = html.unescape(_TAGS.sub("", lines[lineno - 1])) if 0 < lineno <= len(lines) else ""
        text = " ".join(text.split())
        text = text if len(text) <= 90 else text[:87] + "…"
        where = "paragraph" if part == "body" else f"{part} paragraph"
        return f"{where} “{text}”" if text else f"{where} {lineno}"

    return place


def docx_problems(path: Path, shape: Obj) -> list[Problem]:
    """Every static problem in a Word template, placed by paragraph text."""
    try:
        sources = list(docx_sources(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [Problem(str(path), f"not a usable Word file ({exc.__class__.__name__}); save it as .docx from Word")]
    problems = external_part_problems(path)
    for part, source in sources:
        problems += check_source(source, shape, str(path), paragraph_place(source, part))
    return problems


def external_part_problems(path: Path) -> list[Problem]:
    """External images, links to files, attached templates, altChunk parts, OLE objects, macros."""
    from ipsdocs.render.docx_parts import external_parts

    return [
        Problem(
            str(path),
            f"carries {found.what}; a document for a person may hold only its own text and images: "
            "remove it in Word (or start again from 'ipsdocs templates export')",
            f"part {found.part}",
        )
        for found in external_parts(path.read_bytes())
    ]
