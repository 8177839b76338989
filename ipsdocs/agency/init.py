"""Creating a workspace and copying built-in templates and forms into it to start editing.

Nothing an agency already has is overwritten: ``init`` refuses a folder that is already a
workspace, and ``export`` keeps an edited file unless ``--force`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipsdocs.agency.workspace import WORKSPACE_FILE, Workspace, find_workspace
from ipsdocs.definitions.jurisdiction import DEFAULT_JURISDICTION, known_jurisdictions, load_jurisdiction
from ipsdocs.errors import FormError
from ipsdocs.paths import builtin_dir
from ipsdocs.store import atomic_write, ensure_private_dir

SETTINGS_TEMPLATE = """\
# ipsdocs workspace settings. Every command run in this folder (or below it) uses them.

# Which state's rules and wording apply: {known}.
jurisdiction = "{jurisdiction}"

[agency]
# These appear in the header of every Word and PDF document.
name = {name}
address = ""
phone = ""
# An image file in this folder (PNG, JPEG or GIF), e.g. "logo.png". Leave empty for no logo.
logo = ""

[folders]
# Where records, documents and your own templates and forms live, relative to this folder.
records = "records"
output = "output"
templates = "templates"
forms = "forms"

# Your own numbers for the rules whose sources give none (the README's state table lists them;
# a number your state gives cannot be changed here). Remove the # to use one, for example:
# [rules.benefits_at_initiation]
# within_days = 30        # benefits counseling "at service initiation" means within 30 days of admission
# [rules.fidelity_low_items_goal]
# below = 4               # the fidelity action plan has a goal for every item scored below 4
"""


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def init_workspace(folder: Path, name: str, jurisdiction: str = DEFAULT_JURISDICTION) -> Workspace:
    """Create ``ipsdocs.toml`` and the workspace folders; an existing workspace is left as it is."""
    load_jurisdiction(jurisdiction)  # an unknown state is refused before anything is written
    settings = folder / WORKSPACE_FILE
    if settings.exists():
        raise FormError.one(str(settings), "this folder is already an ipsdocs workspace; nothing was changed")
    text = SETTINGS_TEMPLATE.format(
        known=", ".join(known_jurisdictions()), jurisdiction=jurisdiction.lower(), name=_toml_string(name)
    )
    ensure_private_dir(folder)
    for sub in ("records", "output", "templates", "templates/docx", "templates/pdf", "forms"):
        ensure_private_dir(folder / sub)
    atomic_write(settings, text.encode("utf-8"))
    return find_workspace(folder)


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def require_workspace(explicit: Path | None) -> Workspace:
    workspace = find_workspace(explicit)
    if workspace.root is None:
        raise FormError.one(
            str(Path.cwd()), f"not inside an ipsdocs workspace (no {WORKSPACE_FILE}); run 'ipsdocs init'"
        )
    return workspace


def record_types(named: Sequence[str]) -> list[str]:
    """The record types named (each must exist), or every type."""
    from ipsdocs.definitions.models import MODELS

    unknown = [t for t in named if t not in MODELS]
    if unknown:
        raise FormError.one("record_type", f"unknown record type '{unknown[0]}' (known types: {', '.join(MODELS)})")
    return list(named) or list(MODELS)


def _copy(source: Path, target: Path, force: bool, result: ExportResult) -> None:
    if target.exists() and not force:
        result.kept.append(target)
        return
    ensure_private_dir(target.parent)
    atomic_write(target, source.read_bytes())
    result.written.append(target)


def export_templates(
    workspace: Workspace, types: Sequence[str], formats: Sequence[str], force: bool = False
) -> ExportResult:
    """Copy the built-in Word and/or PDF templates (with base.html and style.css) into the workspace."""
    builtin = builtin_dir("templates")
    target = workspace.template_folders[0]
    result = ExportResult()
    chain: dict[Path, None] = {}  # the HTML each exported template extends or includes, once, in order
    for record_type in record_types(types):
        if "docx" in formats:
            _copy(builtin / "docx" / f"{record_type}.docx", target / "docx" / f"{record_type}.docx", force, result)
        if "pdf" in formats and (builtin / "pdf" / f"{record_type}.html").is_file():
            from ipsdocs.agency.lint import html_chain

            chain.update(dict.fromkeys(html_chain(f"{record_type}.html", (builtin / "pdf",))))
    for path in chain:
        _copy(path, target / "pdf" / path.name, force, result)
    if "pdf" in formats:
        for shared in sorted((builtin / "pdf").iterdir()):
            if shared.is_file() and shared.suffix != ".html":  # style.css: the shared look
                _copy(shared, target / "pdf" / shared.name, force, result)
    return result


def export_forms(workspace: Workspace, types: Sequence[str], force: bool = False) -> ExportResult:
    """Write each form, in the workspace's jurisdiction's words, into the workspace's forms folder."""
    from ipsdocs.definitions.forms import load_form

    target = workspace.form_folders[0]
    result = ExportResult()
    for record_type in record_types(types):
        path = target / f"{record_type}.yaml"
        builtin_path = builtin_dir("forms") / f"{record_type}.yaml"
        adapted = workspace.form(record_type) if not (path.exists() and not force) else None
        if adapted is None:
            result.kept.append(path)
            continue
        if adapted == load_form(record_type):
            _copy(builtin_path, path, True, result)
            continue
        ensure_private_dir(target)
        atomic_write(path, form_yaml(adapted, workspace).encode("utf-8"))
        result.written.append(path)
    return result


def form_yaml(form: object, workspace: Workspace) -> str:
    import yaml

    data = form.model_dump(exclude_none=True)  # type: ignore[attr-defined]
    header = (
        f"# The built-in {data['record_type']} form in {workspace.jurisdiction.name}'s wording, exported by ipsdocs.\n"
        "# Change titles, questions, help and the wording of choices; keep the required sections.\n"
        "# Check your changes with: ipsdocs forms lint\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
