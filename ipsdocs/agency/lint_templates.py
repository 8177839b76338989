"""Template lint for a workspace: every override, statically and by rendering an example record.

The static checks (``lint``) find what is wrong in the text of a template. Rendering the fullest
built-in sample of the type with the agency's templates and reading the result back finds what
only shows in the document: a required section the template drops or hides.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsdocs.agency.fields import context_shape, example_record
from ipsdocs.agency.lint import html_chain, html_problems
from ipsdocs.errors import IpsdocsError, Problem

if TYPE_CHECKING:
    from ipsdocs.agency.workspace import Workspace
    from ipsdocs.render.document import Format


def lint_templates(workspace: Workspace, builtin: bool = False, record_types: Sequence[str] = ()) -> list[Problem]:
    """Every problem in the workspace's template overrides (or, with ``builtin``, in all templates),
    for ``record_types`` (default: every type; a shared base.html concerns them all)."""
    from ipsdocs.agency.lint_docx import docx_problems
    from ipsdocs.definitions.models import MODELS

    templates = workspace.templates
    problems: list[Problem] = [p for folder in templates.folders for p in refused_files(folder)]
    for folder in templates.folders:
        for path in sorted((folder / "docx").glob("*.docx")) if (folder / "docx").is_dir() else ():
            if path.stem not in MODELS:
                problems.append(_unknown_type(path))
    for record_type in record_types or MODELS:
        try:
            docx: Path | None = templates.docx_template(record_type)
        except IpsdocsError as error:  # a link or a file outside the folder: reported, never read
            problems += error.problems
            docx = None
        if docx is not None and (builtin or _is_override(docx, templates.folders)):
            found = limited(docx, docx_problems, docx, context_shape(workspace, record_type, "docx"))
            problems += found or render_problems(workspace, record_type, "docx", docx)
        chain = list(html_chain(f"{record_type}.html", templates.pdf_dirs))
        if chain and (builtin or any(_is_override(p, templates.folders) for p in chain)):
            shape = context_shape(workspace, record_type, "pdf")
            found = _dedupe(p for path in chain for p in limited(path, html_problems, path, shape, templates.pdf_dirs))
            problems += found or render_problems(workspace, record_type, "pdf", chain[0])
    return _dedupe(problems)


def limited(template: Path, check: Callable[..., list[Problem]], *args: Any) -> list[Problem]:
    """A static check within the render limits: compiling a template folds its constants
    (``"x"|center(3000000000)``), so a hostile one could exhaust memory before anything renders."""
    from ipsdocs.render.document import warm_up
    from ipsdocs.render.limits import Stopped, current, run_limited

    outcome = run_limited(check, args, current(), prepare=(warm_up, ("docx",)))
    if isinstance(outcome, Stopped):
        stopped = "its time limit" if outcome.reason == "time" else "its memory limit"
        return [Problem(str(template), f"checking this template was stopped at {stopped}; simplify the template")]
    return list(outcome)


def refused_files(folder: Path) -> list[Problem]:
    """Links, and files that resolve outside the folder, among a workspace's templates: never read."""
    problems = []
    for kind in ("docx", "pdf"):
        root = folder / kind
        if not root.is_dir() and not root.is_symlink():
            continue
        if root.is_symlink():
            problems.append(Problem(str(root), LINK_REFUSED))
            continue
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
                problems.append(Problem(str(path), LINK_REFUSED))
    return problems


LINK_REFUSED = (
    "is a link or lies outside the template folder; ipsdocs never reads it: put a regular file in the folder instead"
)


def _is_override(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path.resolve().is_relative_to(folder.resolve()) for folder in folders)


def _unknown_type(path: Path) -> Problem:
    from ipsdocs.definitions.models import MODELS

    close = difflib.get_close_matches(path.stem, list(MODELS), n=1)
    hint = f" (did you mean '{close[0]}{path.suffix}'?)" if close else f" (record types: {', '.join(MODELS)})"
    return Problem(str(path), f"this template is for no record type: name it <record type>{path.suffix}{hint}")


def _dedupe(problems: object) -> list[Problem]:
    seen: dict[tuple[str, str, str], Problem] = {}
    for problem in problems:  # type: ignore[attr-defined]
        seen.setdefault((problem.where, problem.field, problem.what), problem)
    return list(seen.values())


def render_problems(workspace: Workspace, record_type: str, fmt: Format, template: Path) -> list[Problem]:
    """Render the example record with the workspace's templates and check every required section."""
    from ipsdocs.render.checks import rendered_findings
    from ipsdocs.render.document import build_context, render_limited, running_texts

    record = example_record(record_type)
    form = workspace.form(record_type)
    context = build_context(record, form, workspace.agency, workspace.jurisdiction)
    try:
        _data, lines, _pages = render_limited(
            fmt, record, form, context, workspace.templates, workspace.agency, f"the sample {record_type} ({fmt})"
        )
    except IpsdocsError as error:
        return error.problems
    return [
        Problem(
            str(template),
            f"the document made with this template lacks the required section '{finding.section}': "
            f"{finding.message} (checked with the sample {record_type})",
        )
        for finding in rendered_findings(lines, form, running_texts(context))
    ]
