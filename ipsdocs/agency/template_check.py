"""The check render is handed for an agency's templates: lint of one template against one context.

Cached by file, modification time and context shape, so a batch lints each template once per shape.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsdocs.agency.fields import Obj, shape_of_value
from ipsdocs.agency.lint import html_chain, html_problems
from ipsdocs.agency.lint_docx import docx_problems
from ipsdocs.errors import Problem

if TYPE_CHECKING:
    from ipsdocs.render.document import Format


def static_problems(
    fmt: Format, template: Path | str, context: dict[str, Any], template_dirs: tuple[Path, ...] = ()
) -> list[Problem]:
    """The static checks for one document's template, against the real context it will get.

    ``template`` is a .docx path for Word and a template name (``career_profile.html``) for PDF,
    whose whole chain (base.html, includes) is checked.
    """
    shape = shape_of_value({**context, "logo": ""} if fmt == "docx" else context)
    assert isinstance(shape, Obj)
    if fmt == "docx":
        return list(_docx_cached(Path(template), _mtime(Path(template)), shape))
    problems: list[Problem] = []
    for path in html_chain(str(template), template_dirs):
        problems += _html_cached(path, _mtime(path), template_dirs, shape)
    return problems


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=128)
def _docx_cached(path: Path, _mtime: int, shape: Obj) -> tuple[Problem, ...]:
    return tuple(docx_problems(path, shape))


@lru_cache(maxsize=128)
def _html_cached(path: Path, _mtime: int, dirs: tuple[Path, ...], shape: Obj) -> tuple[Problem, ...]:
    return tuple(html_problems(path, shape, dirs))
