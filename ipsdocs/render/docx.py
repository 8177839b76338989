"""Word documents: docxtpl with the sandboxed, strict, autoescaping environment.

This is the one module that imports docxtpl (lazily: importing it costs ~0.15 s).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from ipsdocs.errors import TemplateProblem
from ipsdocs.render.docx_parts import strip as strip_external_parts
from ipsdocs.render.jinja import describe_template_error, make_environment

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_PROPERTY_TIME = datetime(2000, 1, 1)


def render_docx(template: Path, context: dict[str, Any], metadata_title: str, logo: Path | None = None) -> bytes:
    """Render a .docx template to bytes, with no PHI in its properties and no wall-clock time."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    try:
        document = DocxTemplate(str(template))
        context = {**context, "logo": InlineImage(document, str(logo), height=Mm(14)) if logo else ""}
        document.render(context, jinja_env=_environment(), autoescape=True)
    except (TemplateError, SecurityError, OverflowError) as exc:
        raise template_problem(template, exc) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateProblem.one(str(template), f"not a usable Word template ({exc.__class__.__name__})") from None
    scrub_properties(document.docx.core_properties, metadata_title)
    buffer = io.BytesIO()
    document.save(buffer)
    return fix_zip_times(strip_external_parts(buffer.getvalue()))


def warm_up() -> None:
    """Import docxtpl and make the environment (``render/limits.py`` forks each document from here)."""
    import docxtpl  # noqa: F401

    _environment()


@lru_cache(maxsize=1)
def _environment() -> Any:
    """One environment per process whose ``from_string`` compiles each distinct XML once.

    docxtpl compiles every part of the template on every render; a batch renders the same
    template thousands of times, so the compiled template is kept (keyed by its source).
    """
    env = make_environment()
    env.from_string = lru_cache(maxsize=64)(env.from_string)  # type: ignore[method-assign]
    return env


def scrub_properties(properties: Any, title: str) -> None:
    """Core properties are rendered as templates too: reset them so no answer can reach them."""
    for name in ("author", "comments", "identifier", "keywords", "subject", "category", "content_status"):
        setattr(properties, name, "")
    properties.title = title
    properties.last_modified_by = "ipsdocs"
    properties.created = FIXED_PROPERTY_TIME
    properties.modified = FIXED_PROPERTY_TIME
    properties.last_printed = FIXED_PROPERTY_TIME
    properties.revision = 1
    for name in ("language", "version"):  # docxtpl renders ``language`` too; absent in the built-in templates
        if getattr(properties, name):
            setattr(properties, name, "")


def normalize_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, so the same record gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


_CENTRAL = b"PK\x01\x02"
_END = b"PK\x05\x06"


def fix_zip_times(data: bytes) -> bytes:
    """Set every entry's timestamp to 1980-01-01 in place, without recompressing the package.

    Python's zipfile stamps each entry with the wall-clock time; the compressed data itself is
    already deterministic. The time and date sit at fixed offsets in each central-directory
    entry and in the local header it points to.
    """
    out = bytearray(data)
    end = out.rfind(_END)
    if end < 0:
        return data
    count, _, start = struct.unpack_from("<HII", out, end + 10)
    dos_time, dos_date = 0, (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
    position = start
    for _ in range(count):
        if out[position : position + 4] != _CENTRAL:
            return normalize_zip(data)
        struct.pack_into("<HH", out, position + 12, dos_time, dos_date)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, position + 28)
        (local,) = struct.unpack_from("<I", out, position + 42)
        struct.pack_into("<HH", out, local + 10, dos_time, dos_date)
        position += 46 + name_len + extra_len + comment_len
    return bytes(out)


_TAGS = re.compile(r"<[^>]+>")


def template_problem(template: Path, exc: BaseException) -> TemplateProblem:
    """A template error in terms the editor of the Word file can find: the paragraph's text."""
    what = describe_template_error(exc)
    context = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    near = ""
    if context:
        snippet = " / ".join(_TAGS.sub("", line) for line in context[:3])[:160]
        near = f" (near: “{snippet}”)"
    return TemplateProblem.one(str(template), what + near)
