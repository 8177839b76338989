"""The one Jinja environment every template runs in: sandboxed, autoescaping, strict.

Sandboxed, because agency templates are customer code: no file, environment or Python
internals. Autoescaping, because answers are data: ``Smith & Sons <b>`` must come out as
typed (docxtpl's default drops the text after ``&`` and can swallow the next paragraph).
Strict, because a misspelt placeholder must be an error, never a silently blank field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 10_000


def safe_range(*args: int) -> range:
    """``range`` with a cap, so a template cannot loop a billion times."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise OverflowError(f"a template loop may run at most {MAX_RANGE} times")
    return result


def make_environment(template_dirs: Sequence[Path] = ()) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        loader=FileSystemLoader([str(d) for d in template_dirs]) if template_dirs else None,
        keep_trailing_newline=True,
    )
    env.globals["range"] = safe_range
    return env


def describe_template_error(exc: BaseException) -> str:
    """A template failure in an agency editor's words (used for Word and PDF alike)."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, SecurityError):
        return "the template tries to reach something templates may not use (files, settings or program internals)"
    if isinstance(exc, UndefinedError):
        return f"unknown placeholder: {exc.message}"
    if isinstance(exc, OverflowError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    return f"template error: {getattr(exc, 'message', None) or exc.__class__.__name__}"
