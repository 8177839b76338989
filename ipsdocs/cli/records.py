"""What each CLI command does, apart from argument parsing (kept out of cli.py so
``ipsdocs --help`` imports nothing heavy)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ipsdocs.agency.workspace import AgencySettings, Workspace, WorkspaceSettings
from ipsdocs.definitions.agency import Agency
from ipsdocs.errors import IpsdocsError, RecordError
from ipsdocs.paths import builtin_dir

if TYPE_CHECKING:
    from ipsdocs.render.document import Format

from ipsdocs.errors import EXIT_OK
from ipsdocs.errors import EXIT_PROBLEMS as EXIT_INCOMPLETE


def render_command(
    paths: Sequence[Path],
    formats: Sequence[Format],
    out: Path | None,
    workspace: Workspace | None = None,
    archival: bool = False,
    per_person: bool = True,
) -> int:
    """Render each record with the workspace's forms, templates and branding; one bad file is
    reported and the others still render. ``out`` defaults to the workspace's output folder; each
    person's documents go in a folder of their own, an earlier version's into its ``superseded/``."""
    from rich.table import Table

    from ipsdocs.console import err, escape, report_error
    from ipsdocs.console import out as console
    from ipsdocs.definitions.records import load_record
    from ipsdocs.render.document import render_record
    from ipsdocs.render.output import earlier_versions, person_dir, supersede

    workspace = workspace or Workspace()
    out = out or workspace.output_dir
    table = Table(title=f"Documents in {out}", show_lines=False)
    for column in ("Record file", "Format", "Document", "Pages", "Status"):
        table.add_column(column, overflow="fold")
    worst = EXIT_OK
    missing_lines: list[str] = []
    for path in paths:
        try:
            loaded = load_record(path, workspace.jurisdiction)
            form = workspace.form(loaded.record.record_type)
            rules, agency = workspace.jurisdiction, workspace.agency
            folder = person_dir(out, loaded.record) if per_person else out
            earlier = earlier_versions(folder, loaded.record) if per_person else {}
            result = render_record(loaded.record, form, folder, formats, agency, workspace.templates, rules, archival)
            superseded = supersede(folder, earlier, result)
        except IpsdocsError as error:
            report_error(error)
            worst = max(worst, error.exit_code)
            table.add_row(escape(_shown(path)), "-", "-", "-", "INVALID")
            continue
        for file in result.files:
            if file.problems:
                report_error(IpsdocsError(file.problems))
                worst = max(worst, EXIT_INCOMPLETE)
            status = "FAILED" if file.problems else ("INCOMPLETE" if result.missing else "OK")
            shown = escape(file.path.name) if file.path else "not written"
            pages = str(file.pages) if file.pages else "-"
            table.add_row(escape(_shown(path)), file.format.upper(), shown, pages, status)
        for moved in superseded:
            table.add_row(escape(_shown(path)), moved.suffix[1:].upper(), escape(_shown(moved)), "-", "SUPERSEDED")
        if result.missing:
            worst = max(worst, EXIT_INCOMPLETE)
            missing_lines += [f"{path}: missing {finding}" for finding in result.missing]
    console().print(table)
    for line in missing_lines:
        err().print(escape(line))
    return worst


def _shown(path: Path) -> str:
    """A path as short as it can be while still unambiguous: relative to here when inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_command(paths: Sequence[Path], workspace: Workspace | None = None) -> int:
    """Per record: the required sections and fields that have no answer, and answers the
    workspace's form (its jurisdiction) does not accept."""
    from ipsdocs.console import escape, report_error
    from ipsdocs.console import out as console
    from ipsdocs.definitions.records import load_record
    from ipsdocs.render.checks import data_findings

    workspace = workspace or Workspace()
    worst = EXIT_OK
    records = []
    for path in record_files(paths):
        try:
            loaded = load_record(path, workspace.jurisdiction)
            findings = data_findings(loaded.record, workspace.form(loaded.record.record_type))
        except IpsdocsError as error:
            report_error(error)
            worst = max(worst, error.exit_code)
            continue
        records.append(loaded.record)
        if _report_signatures(path, loaded.record):
            worst = max(worst, EXIT_INCOMPLETE)
        if not findings:
            console().print(f"OK          {escape(str(path))}: every required section is complete")
            continue
        worst = max(worst, EXIT_INCOMPLETE)
        console().print(f"INCOMPLETE  {escape(str(path))}:")
        for finding in findings:
            console().print(f"  - missing {escape(str(finding))}")
    return max(worst, practice_check(records, workspace))


def record_files(paths: Sequence[Path]) -> list[Path]:
    """Record files, with each folder given replaced by the record files inside it (hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
            if file.is_file() and file.suffix in {".json", ".yaml", ".yml"} and not hidden:
                found.append(file)
    return found


def practice_check(records: Sequence[object], workspace: Workspace) -> int:
    """The checks across each person's records of practice (issue 15), for the records given together."""
    from collections import defaultdict

    from rich.markup import escape

    from ipsdocs.console import out as console
    from ipsdocs.evidence.practice import build_index, person_practice_findings
    from ipsdocs.evidence.practice_week import specialist_rows

    dates = [d for r in records if (d := getattr(r, "document_date", None)) is not None]
    if not dates:
        return EXIT_OK
    people: dict[str, list] = defaultdict(list)
    for record in records:
        person = getattr(record, "person", None)
        if person is not None:
            people[person.client_id].append(record)
    index = build_index(records)
    rules, as_of = workspace.jurisdiction, max(dates)
    lines = [
        f"FINDING     client {client}: {finding}"
        for client in sorted(people)
        for finding in person_practice_findings(people[client], rules, as_of, index)
    ]
    lines += [
        f"FINDING     {name}: {f}" for name, _, found in specialist_rows(index, people, rules, as_of) for f in found
    ]
    for line in lines:
        console().print(escape(line))
    return EXIT_INCOMPLETE if lines else EXIT_OK


def _report_signatures(path: Path, record: object) -> bool:
    """A signature whose record hash no longer matches the content: the record was changed after signing."""
    from rich.markup import escape

    from ipsdocs.console import out as console
    from ipsdocs.definitions.models import RecordBase
    from ipsdocs.definitions.signing import signature_problems

    problems = signature_problems(record) if isinstance(record, RecordBase) else []
    for where, message in problems:
        console().print(f"SIGNATURE   {escape(str(path))}: {where}: {escape(message)}")
    return bool(problems)


def schema_command(record_type: str) -> int:
    from ipsdocs.definitions.models import MODELS

    model = MODELS.get(record_type)
    if model is None:
        raise RecordError.one("record_type", f"unknown record type '{record_type}' (known types: {', '.join(MODELS)})")
    print(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


DEMO_AGENCY_SETTINGS = {
    "name": "Riverbend Behavioral Health — IPS Supported Employment",
    "address": "120 River Road, Raleigh, NC 27601",
    "phone": "(919) 555-0142",
}
DEMO_AGENCY = Agency(**DEMO_AGENCY_SETTINGS)


def sample_records() -> list[Path]:
    """Every sample record shipped with ipsdocs, person by person."""
    folder = builtin_dir("samples")
    return sorted(p for p in folder.rglob("*") if p.suffix in {".json", ".yaml", ".yml"} and p.is_file())


def demo_folder(out: Path | None, workspace: Workspace) -> Path:
    """Where the demo writes: ``--out``, else the workspace's ``output/demo/``, else ``./output/demo/``;
    never inside the workspace's records (the demo's sample people are not the agency's)."""
    folder = out or (workspace.output_dir / "demo" if workspace.root is not None else Path("output") / "demo")
    if workspace.root is not None and folder.resolve().is_relative_to(workspace.records_dir.resolve()):
        raise IpsdocsError.one(
            str(folder), f"the demo's sample documents do not belong in the records folder ({workspace.records_dir})"
        )
    return folder


def demo_command(out: Path | None, workspace: Workspace | None = None) -> int:
    """Render all samples; the samples are complete, so anything else is a failure.

    Outside a workspace the demo wears DEMO_AGENCY's branding; inside one, the agency's own.
    """
    from ipsdocs.console import out as console

    samples = sample_records()
    workspace = workspace or Workspace()
    out = demo_folder(out, workspace)
    console().print(f"Rendering {len(samples)} sample records of fictional people into {_shown(out)} ...")
    if workspace.root is None:
        workspace = Workspace(None, WorkspaceSettings(agency=AgencySettings(**DEMO_AGENCY_SETTINGS)))
    code = render_command(samples, ("docx", "pdf"), out, workspace, per_person=False)
    reviews = [path for path in samples if path.name.startswith("fidelity_review")]
    if code == EXIT_OK and len(reviews) > 1:
        from ipsdocs.cli.fidelity import compare_command

        console().print("\nThe sample team's IPS-25 reviews side by side (ipsdocs fidelity compare):")
        code = compare_command(reviews, workspace)
    if code == EXIT_OK:
        from ipsdocs.cli.demo_reports import demo_reports
        from ipsdocs.console import escape

        console().print(f"\nWhat the sample records prove, in {_shown(out / 'reports')} (ipsdocs due, report):")
        for line in demo_reports(samples, out, workspace):
            console().print(escape(f"  {line}"))
    finished = "Demo finished." if code == EXIT_OK else "Demo finished with problems (see above)."
    console().print(f"{finished} The documents are in {_shown(out)}")
    return code
