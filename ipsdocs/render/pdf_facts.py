"""What a written PDF says about itself: the fonts it embeds, its PDF/A or PDF/UA identification,
whether it is tagged. The manifest records these, so an auditor who renders the same record
elsewhere sees why bytes differ (another font) or which variant each file is."""

from __future__ import annotations

import io
import re
from typing import Any

SHIPPED_PREFIX = "ipsdocs-"
"""Families shipped in templates/pdf/fonts are named "ipsdocs …" in style.css."""

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def pdf_fonts(data: bytes) -> list[str]:
    """The embedded fonts' names, without their subset tags (``ipsdocs-Sans-Bold``), sorted."""
    names: set[str] = set()
    for page in _reader(data).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for font in (fonts.get_object() if fonts is not None else {}).values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(_SUBSET.sub("", base.lstrip("/")))
    return sorted(n for n in names if n)


def host_fonts(fonts: list[str]) -> list[str]:
    """The fonts that came from the machine rather than from the template folder."""
    return [f for f in fonts if not f.startswith(SHIPPED_PREFIX)]


def pdf_identification(data: bytes) -> dict[str, Any]:
    """``tagged``, and the PDF/A part and conformance or PDF/UA part from the XMP metadata."""
    reader = _reader(data)
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    facts: dict[str, Any] = {"tagged": bool(mark and mark.get_object().get("/Marked")) and "/StructTreeRoot" in root}
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    for key, pattern in (
        ("pdfa_part", r"pdfaid:part(?:>|=\")(\d+)"),
        ("pdfa_conformance", r"pdfaid:conformance(?:>|=\")([A-Za-z])"),
        ("pdfua_part", r"pdfuaid:part(?:>|=\")(\d+)"),
    ):
        found = re.search(pattern, xmp)
        if found:
            facts[key] = found.group(1)
    return facts
