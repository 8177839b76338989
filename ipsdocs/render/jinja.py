"""The one Jinja environment every template runs in: sandboxed, autoescaping, strict.

Sandboxed, because agency templates are customer code: no file, environment or Python
internals. The context is plain data (``render/views.py``), and on top of that the sandbox reads
only two things: the keys of a mapping, and the attributes of ipsdocs' own view types that
``views.TEMPLATE_ATTRIBUTES`` lists (plus Jinja's own ``loop``, ``namespace`` and ``cycler``
helpers). No method of any value — ``str.format_map``, a tuple's ``index``, a model's ``parse_raw``
— is reachable, so no value can become a way to run code or read a file. The loader reads only
regular files inside the template folders (``template_file``): a link to ``/etc/passwd`` is refused.

Autoescaping, because answers are data: ``Smith & Sons <b>`` must come out as typed (docxtpl's
default drops the text after ``&`` and can swallow the next paragraph).
Strict, because a misspelt placeholder must be an error, never a silently blank field.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Namespace

from ipsdocs.render.views import TEMPLATE_ATTRIBUTES

MAX_RANGE = 10_000
MAX_REPEAT = 10_000_000
"""The longest text (or list) one ``*`` in a template may make."""
MAX_POWER_BITS = 65_536


def safe_range(*args: int) -> range:
    """``range`` with a cap, so a template cannot loop a billion times."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise OverflowError(f"a template loop may run at most {MAX_RANGE} times")
    return result


JINJA_ATTRIBUTES: Mapping[type, frozenset[str]] = {
    LoopContext: frozenset(
        {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
        | {"previtem", "nextitem", "cycle", "changed"}
    ),
    Cycler: frozenset({"next", "current", "reset"}),
}
"""Jinja's own loop and cycler helpers, whose attributes templates use (``loop.index``)."""


class TemplateRefused(TemplateNotFound):
    """A template file that is a link, or lies outside the template folders: never read."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, f"'{name}' is a link or lies outside the template folder")
        self.path = path


def template_file(folder: Path, name: str) -> Path | None:
    """The regular file ``name`` inside ``folder``; ``None`` when there is none.

    Raises ``TemplateRefused`` for a symbolic link (at any level below ``folder``) or a path that
    resolves outside it: a template is a regular file in the template folder, never a way to read
    ``/etc/passwd``.
    """
    parts = split_template_path(name)
    candidate = folder.joinpath(*parts)
    if not os.path.lexists(candidate):
        return None
    root = folder.resolve()
    walked = folder
    if folder.is_symlink():
        raise TemplateRefused(name, candidate)
    for part in parts:
        walked = walked / part
        if walked.is_symlink():
            raise TemplateRefused(name, candidate)
    if not candidate.resolve().is_relative_to(root) or not candidate.is_file():
        raise TemplateRefused(name, candidate)
    return candidate


class FolderLoader(FileSystemLoader):
    """Loads templates only from regular files inside the given folders, first folder first."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = template_file(Path(folder), template)
            if path is None:
                continue
            source = path.read_text(encoding=self.encoding)
            mtime = path.stat().st_mtime

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False

            return source, os.path.normpath(path), uptodate
        raise TemplateNotFound(template)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with an allow-list: mapping keys, and the listed attributes of the listed types.

    ``*`` and ``**`` are intercepted: they are computed when the template runs (never while it is
    compiled, where no limit applies), and ``"x" * 3000000000`` or ``9 ** 9 ** 9`` is refused before
    it is made. The memory limit (``render/limits.py``) bounds everything else.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for times, part in ((left, right), (right, left)):
                if isinstance(times, int) and isinstance(part, str | tuple | list) and len(part) * times > MAX_REPEAT:
                    raise OverflowError(f"a template may not repeat text into more than {MAX_REPEAT:,} characters")
        integers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and integers and right > 0 and right * abs(left).bit_length() > MAX_POWER_BITS:
            raise OverflowError("a number in the template is too large")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, Namespace):  # {% set ns = namespace(n=0) %}: the template's own values
            return attr in object.__getattribute__(obj, "_Namespace__attrs")
        allowed = TEMPLATE_ATTRIBUTES.get(type(obj)) or JINJA_ATTRIBUTES.get(type(obj)) or frozenset()
        return attr in allowed

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` and ``format_map`` are methods like any other: refused, not wrapped."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Mapping):  # a mapping's keys, never its methods (``agency.items`` is a key)
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Mapping):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=argument)
        return super().getitem(obj, argument)


def make_environment(template_dirs: Sequence[Path] = ()) -> TemplateEnvironment:
    env = TemplateEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        loader=FolderLoader([str(d) for d in template_dirs]) if template_dirs else None,
        keep_trailing_newline=True,
    )
    env.globals["range"] = safe_range
    return env


def describe_template_error(exc: BaseException) -> str:
    """A template failure in an agency editor's words (used for Word and PDF alike)."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, TemplateRefused):
        return f"{exc.message}: a template must be a regular file in the template folder"
    if isinstance(exc, SecurityError):
        return (
            f"the template tries to reach something templates may not use (files, settings or program internals): "
            f"{_refused_name(exc)}"
        )
    if isinstance(exc, UndefinedError):
        if "is unsafe" in (exc.message or ""):
            return f"the template tries to reach something templates may not use: {_refused_name(exc)}"
        return f"unknown placeholder: {exc.message}"
    if isinstance(exc, OverflowError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    return f"template error: {getattr(exc, 'message', None) or exc.__class__.__name__}"


def _refused_name(exc: BaseException) -> str:
    """The attribute a refused access named ("access to attribute 'parse_raw' of 'mappingproxy' ...")."""
    import re

    found = re.search(r"attribute '([^']+)'", str(getattr(exc, "message", None) or exc))
    return f"'{found.group(1)}'" if found else "a Python method or internal"
