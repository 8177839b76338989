"""ipsdocs: complete, compliant IPS supported-employment records.

The packages follow the flow of a record, each importing only those below it (the import
contract in ``pyproject.toml`` enforces it):

    cli          thin commands: parse arguments, call the packages, one error handler
    web          the interview in a browser (ipsdocs serve)
    batch        every record of a program: sources, plan, engines, manifest, audit summary
    interview    questions from model and form, the loop, askers, drafts, a session
    agency       the workspace, its settings, template and form lint, the placeholder list
    render       the template context, Word, PDF, read-back checks
    evidence     what records prove: state rules per episode, due list, compliance, outcomes, IPS-25
    definitions  what a record is and which rules apply: models, forms, state profiles, the scale
    leaves       errors, paths, store, locks, console, wording

The names below are the public API; they are imported on first use so that ``ipsdocs --help``
stays instant (weasyprint and docxtpl load only when a document is rendered).
"""

from __future__ import annotations

import importlib
from typing import Any

PUBLIC: dict[str, str] = {
    # what a record is
    "MODELS": "ipsdocs.definitions.models",
    "DocumentBase": "ipsdocs.definitions.models",
    "RecordBase": "ipsdocs.definitions.models",
    "FormSpec": "ipsdocs.definitions.forms",
    "load_form": "ipsdocs.definitions.forms",
    "Jurisdiction": "ipsdocs.definitions.jurisdiction",
    "load_jurisdiction": "ipsdocs.definitions.jurisdiction",
    "known_jurisdictions": "ipsdocs.definitions.jurisdiction",
    "load_scale": "ipsdocs.definitions.scale",
    "Agency": "ipsdocs.definitions.agency",
    "load_record": "ipsdocs.definitions.records",
    "validate_record": "ipsdocs.definitions.records",
    "generate": "ipsdocs.definitions.generate",
    # errors
    "IpsdocsError": "ipsdocs.errors",
    "RecordError": "ipsdocs.errors",
    "FormError": "ipsdocs.errors",
    "TemplateProblem": "ipsdocs.errors",
    "Problem": "ipsdocs.errors",
    # rendering
    "TemplateSet": "ipsdocs.render.document",
    "RenderResult": "ipsdocs.render.document",
    "build_context": "ipsdocs.render.document",
    "render_record": "ipsdocs.render.document",
    # the agency's workspace
    "Workspace": "ipsdocs.agency.workspace",
    "find_workspace": "ipsdocs.agency.workspace",
    "init_workspace": "ipsdocs.agency.init",
    "lint_templates": "ipsdocs.agency.lint_templates",
    "lint_forms": "ipsdocs.agency.lint_forms",
    # interviews
    "Interview": "ipsdocs.interview.loop",
    "ScriptedAsker": "ipsdocs.interview.ask_scripted",
    "DraftStore": "ipsdocs.interview.drafts",
    # batch and evidence
    "BatchOptions": "ipsdocs.batch.options",
    "run_batch": "ipsdocs.batch.run",
    "verify": "ipsdocs.batch.manifest",
    "load_manifest": "ipsdocs.batch.manifest",
    "person_findings": "ipsdocs.evidence.checks",
    "results": "ipsdocs.evidence.fidelity",
    "compare": "ipsdocs.evidence.fidelity",
}
"""Public name -> the module that defines it."""

__all__ = sorted(PUBLIC)


def __getattr__(name: str) -> Any:
    module = PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ipsdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *PUBLIC])
