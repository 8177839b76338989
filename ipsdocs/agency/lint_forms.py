"""Form lint: an agency's form override must still be a form its record can fill and check.

Loading a form already finds questions for fields the record does not have and choices it does not
allow (``forms.form_problems``). Here, in addition: a file named after no record type, and an
override that drops what the built-in form (in the jurisdiction's words) requires — a required
section, or a required field of one.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from ipsdocs.definitions.forms import FormSpec, load_form
from ipsdocs.errors import FormError, Problem

if TYPE_CHECKING:
    from ipsdocs.agency.workspace import Workspace


def form_files(workspace: Workspace) -> list[Path]:
    return sorted(p for folder in workspace.form_folders if folder.is_dir() for p in folder.glob("*.y*ml"))


def lint_forms(workspace: Workspace) -> list[Problem]:
    """Every problem in the workspace's form overrides."""
    from ipsdocs.definitions.jurisdiction_forms import adapt_form
    from ipsdocs.definitions.models import MODELS

    problems: list[Problem] = []
    for path in form_files(workspace):
        record_type = path.stem
        if record_type not in MODELS or path.suffix != ".yaml":
            close = difflib.get_close_matches(record_type, list(MODELS), n=1)
            hint = f" (did you mean '{close[0]}.yaml'?)" if close else f" (record types: {', '.join(MODELS)})"
            problems.append(Problem(str(path), f"this file overrides no form: name it <record type>.yaml{hint}"))
            continue
        try:
            form = load_form(record_type, (path.parent,))
            builtin = adapt_form(load_form(record_type), workspace.jurisdiction)
        except FormError as error:
            problems += error.problems
            continue
        problems += dropped_requirements(form, builtin, str(path))
    return problems


def dropped_requirements(form: FormSpec, builtin: FormSpec, where: str) -> list[Problem]:
    """What the built-in form requires that the override no longer does."""
    sections = {section.id: section for section in form.sections}
    required_fields = {spec.field: section for section, spec in form.fields() if section.is_required(spec)}
    problems = []
    for section in builtin.required_sections:
        mine = sections.get(section.id)
        if mine is None:
            problems.append(
                Problem(where, f"the required section '{section.id}' ({section.title}) is missing; keep it", "sections")
            )
            continue
        if not mine.required:
            problems.append(
                Problem(
                    where,
                    "this section is required by the built-in form; keep 'required: true'",
                    f"sections.{section.id}",
                )
            )
        for spec in section.fields:
            if section.is_required(spec) and spec.field not in required_fields:
                problems.append(
                    Problem(
                        where,
                        f"the built-in form requires '{spec.field}' here; it is missing or no longer required",
                        f"sections.{section.id}",
                    )
                )
    return problems
