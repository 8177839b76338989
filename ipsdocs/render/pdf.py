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

from ..errors import TemplateProblem
from .jinja import describe_template_error, make_environment

MAX_RESOURCE_BYTES = 5_000_000


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
            path = Path(unquote(parts.path)).resolve()
            inside = path in self.files or any(path.is_relative_to(root) for root in self.roots)
            if not inside or not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
                raise ValueError("only files inside the template folder may be used")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return FolderFetcher


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[Path, ...]) -> Any:
    return make_environment(template_dirs)


def render_html(template_dirs: tuple[Path, ...], name: str, context: dict[str, Any]) -> str:
    """The filled-in HTML; agency folders come first in ``template_dirs``."""
    try:
        return _environment(template_dirs).get_template(name).render(context)
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


def html_to_pdf(html: str, base_dir: Path, roots: Sequence[Path], extra_files: Sequence[Path] = ()) -> bytes:
    """Lay out the HTML; relative references resolve against ``base_dir`` and must stay in ``roots``."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _fetcher_class()(roots, extra_files)
    document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(uncompressed_pdf=False)
