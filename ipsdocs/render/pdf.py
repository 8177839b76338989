"""PDF documents: an HTML template rendered by WeasyPrint with a fetcher that reads nothing
outside the template folder (and the agency's logo), and nothing from the network.

This is the one module that imports weasyprint (lazily: importing it costs ~0.5 s).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError

from ipsdocs.errors import TemplateProblem
from ipsdocs.render.jinja import TemplateRefused, describe_template_error, make_environment

MAX_RESOURCE_BYTES = 5_000_000

ACCESSIBLE = "pdf/ua-1"
"""Every PDF is tagged PDF/UA-1 (headings, lists, tables, reading order, title, language) ..."""
ARCHIVAL = "pdf/a-3a"
"""... or, with ``--archival``, PDF/A-3 level A: archival and tagged (WeasyPrint writes one variant)."""


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FolderFetcher(URLFetcher):
        """Serves regular files inside the allowed folders; refuses everything else."""

        def __init__(self, roots: Sequence[Path], files: Sequence[Path] = ()) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.roots = [r.resolve() for r in roots]
            self.files = {f.resolve() for f in files}

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError("only files inside the template folder may be used")
            path = self.layered(Path(unquote(parts.path)).resolve())
            inside = path in self.files or any(path.is_relative_to(root) for root in self.roots)
            if not inside or not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
                raise ValueError("only files inside the template folder may be used")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

        def layered(self, path: Path) -> Path:
            """A file the agency's folder lacks (e.g. ``style.css``) comes from the next folder that has it."""
            if path in self.files or path.is_file():
                return path
            for root in self.roots:
                if path.is_relative_to(root):
                    relative = path.relative_to(root)
                    for other in self.roots:
                        candidate = (other / relative).resolve()
                        if candidate.is_relative_to(other) and candidate.is_file():
                            return candidate
            return path

    return FolderFetcher


def warm_up() -> None:
    """Import WeasyPrint and make the font set-up (``render/limits.py`` forks each document from here)."""
    import weasyprint  # noqa: F401

    _fetcher_class()
    _font_config()


@lru_cache(maxsize=1)
def _font_config() -> Any:
    """One font configuration per process, reused by every PDF it renders.

    Without it WeasyPrint loads the system's whole Fontconfig set-up and a new Pango font map for
    every document; that memory is not all given back, so a worker grew by about 0.2 MiB per PDF
    (and spent the time loading them).
    """
    import atexit

    from weasyprint.text.fonts import FontConfiguration

    # Let it go while the interpreter still runs: dropped at exit, its __del__ would call into a
    # half torn-down cffi and print "Exception ignored in FontConfiguration.__del__".
    atexit.register(_font_config.cache_clear)
    return FontConfiguration()


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[Path, ...]) -> Any:
    return make_environment(template_dirs)


def render_html(template_dirs: tuple[Path, ...], name: str, context: dict[str, Any]) -> str:
    """The filled-in HTML; agency folders come first in ``template_dirs``."""
    try:
        return _environment(template_dirs).get_template(name).render(context)
    except TemplateRefused as exc:
        raise TemplateProblem.one(str(exc.path), describe_template_error(exc)) from None
    except TemplateNotFound:
        raise TemplateProblem.one(str(template_dirs[0] / name), "template not found") from None
    except (TemplateError, SecurityError, OverflowError) as exc:
        raise html_template_problem(template_dirs, name, exc) from None


def html_template_problem(template_dirs: tuple[Path, ...], name: str, exc: BaseException) -> TemplateProblem:
    where = getattr(exc, "filename", None) or str(template_dirs[0] / name)
    line = getattr(exc, "lineno", None)
    place = f"line {line}" if line else ""
    what = describe_template_error(exc)
    return TemplateProblem.one(where, what, place)


def html_to_pdf(
    html: str,
    base_dir: Path,
    roots: Sequence[Path],
    extra_files: Sequence[Path] = (),
    variant: str = ACCESSIBLE,
    title: str | None = None,
) -> bytes:
    """Lay out the HTML; relative references resolve against ``base_dir`` and must stay in ``roots``."""
    return html_to_pdf_pages(html, base_dir, roots, extra_files, variant, title=title)[0]


def set_metadata(metadata: Any, title: str) -> None:
    """The PDF's information is ipsdocs' alone: the document type's title and nothing else.

    WeasyPrint would take title, author, subject, keywords, creator and dates from the template's
    ``<title>`` and ``<meta>``, where an agency template could put a person's name or client id.
    """
    metadata.title = title
    metadata.authors = []
    metadata.description = None
    metadata.keywords = []
    metadata.generator = None
    metadata.created = None
    metadata.modified = None
    metadata.attachments = []
    metadata.custom = {}
    if hasattr(metadata, "xmp_metadata"):
        metadata.xmp_metadata = []


def html_to_pdf_pages(
    html: str,
    base_dir: Path,
    roots: Sequence[Path],
    extra_files: Sequence[Path] = (),
    variant: str = ACCESSIBLE,
    attachments: Sequence[tuple[str, bytes]] = (),
    title: str | None = None,
) -> tuple[bytes, list[str] | None]:
    """The PDF and the text of each of its pages, read from the laid-out pages that were drawn.

    Parsing the written PDF again (pypdf) costs a third of the layout itself; the boxes WeasyPrint
    just drew hold the same text. ``None`` when this WeasyPrint keeps its pages otherwise: the
    caller then reads the bytes back. With ``title`` (a document from a template), the metadata is
    ipsdocs' own (``set_metadata``).
    """
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _fetcher_class()(roots, extra_files)
    document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
        font_config=_font_config()
    )
    if title is not None:
        set_metadata(document.metadata, title)
    data = document.write_pdf(uncompressed_pdf=False, pdf_variant=variant, attachments=_attachments(attachments))
    try:
        pages = [_page_text(page._page_box) for page in document.pages]
    except AttributeError:
        return data, None
    return data, pages


def _page_text(page_box: Any) -> str:
    """The visible lines of a page's body, in document order (running headers and footers excluded)."""
    from weasyprint.formatting_structure import boxes

    lines: list[str] = []

    def walk(box: Any) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.LineBox):
            texts = (t for t in box.descendants() if isinstance(t, boxes.TextBox))
            lines.append("".join(t.text for t in texts if t.style["visibility"] == "visible"))
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page_box)
    return "\n".join(lines)


def _attachments(files: Sequence[tuple[str, bytes]]) -> list[Any]:
    """Embedded files (an archival PDF's source record), with a fixed time so the bytes repeat."""
    from datetime import datetime

    from weasyprint import Attachment

    fixed = datetime(2000, 1, 1)
    return [
        Attachment(string=data, name=name, created=fixed, modified=fixed, relationship="Source") for name, data in files
    ]
