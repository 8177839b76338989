"""What ``init``, ``templates …`` and ``forms …`` do, apart from argument parsing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipsdocs.errors import EXIT_OK, EXIT_PROBLEMS, IpsdocsError


def _say(text: str) -> None:
    from ipsdocs.console import escape, out

    out().print(escape(text))


def _shown(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def init_command(folder: Path, name: str, jurisdiction: str) -> int:
    from ipsdocs.agency.init import init_workspace

    workspace = init_workspace(folder, name, jurisdiction)
    _say(f"Created the workspace {workspace.root} for {workspace.jurisdiction.name}.")
    _say("Next: edit ipsdocs.toml (agency name, address, phone, logo), then 'ipsdocs templates export'.")
    return EXIT_OK


def export_templates_command(types: Sequence[str], formats: Sequence[str], force: bool, explicit: Path | None) -> int:
    from ipsdocs.agency.init import export_templates, require_workspace

    workspace = require_workspace(explicit)
    result = export_templates(workspace, types, formats, force)
    _report(result, workspace.root)
    _say("Edit them (Word files in Word), then run 'ipsdocs templates lint'.")
    return EXIT_OK


def export_forms_command(types: Sequence[str], force: bool, explicit: Path | None) -> int:
    from ipsdocs.agency.init import export_forms, require_workspace

    workspace = require_workspace(explicit)
    result = export_forms(workspace, types, force)
    _report(result, workspace.root)
    _say("Edit them in a text editor, then run 'ipsdocs forms lint'.")
    return EXIT_OK


def _report(result: object, root: Path | None) -> None:
    for path in result.written:  # type: ignore[attr-defined]
        _say(f"wrote  {_shown(path, root)}")
    for path in result.kept:  # type: ignore[attr-defined]
        _say(f"kept   {_shown(path, root)} (yours already; --force replaces it)")


def fields_command(record_type: str, explicit: Path | None) -> int:
    from ipsdocs.agency.fields import print_placeholders
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.definitions.models import MODELS

    if record_type not in MODELS:
        raise IpsdocsError.one("record_type", f"unknown record type '{record_type}' (known types: {', '.join(MODELS)})")
    print_placeholders(find_workspace(explicit), record_type)
    return EXIT_OK


def lint_command(what: str, explicit: Path | None, builtin: bool = False, types: Sequence[str] = ()) -> int:
    """One line per problem (file, place, what); exit 1 if there is any."""
    from ipsdocs.agency.lint_forms import form_files, lint_forms
    from ipsdocs.agency.lint_templates import lint_templates
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.console import report_error

    workspace = find_workspace(explicit)
    if workspace.root is None and not builtin:
        _say("Not inside a workspace: checking the built-in templates and forms.")
        builtin = True
    if what == "templates":
        from ipsdocs.agency.init import record_types

        problems = lint_templates(workspace, builtin, record_types(types))
        checked = "templates"
    else:
        problems = lint_forms(workspace)
        checked = f"{len(form_files(workspace))} form file(s)"
    if problems:
        report_error(IpsdocsError(problems))
        _say(f"{len(problems)} problem(s) found in the {what}; documents are not made with a template that has any.")
        return EXIT_PROBLEMS
    _say(f"OK: no problems in the {checked}.")
    return EXIT_OK
