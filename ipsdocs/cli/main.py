"""The ``ipsdocs`` command: thin wiring from arguments to the modules that do the work.

Every user error arrives here as an IpsdocsError and leaves as one message per problem and an
exit code; nothing else imports this module.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from ipsdocs.cli import program
from ipsdocs.cli.conventions import (
    complete_interview,
    complete_record_type,
    record_types_help,
    use_conventions,
)
from ipsdocs.cli.options import WorkspaceOption
from ipsdocs.errors import IpsdocsError

app = typer.Typer(
    name="ipsdocs",
    help="Complete, compliant IPS supported-employment records: Word and PDF documents, checks and audits.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"ipsdocs {version('ipsdocs')}")
        except PackageNotFoundError:
            print("ipsdocs (not installed)")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """Complete, compliant IPS supported-employment records: Word and PDF documents, checks and audits."""


class FormatChoice(StrEnum):
    docx = "docx"
    pdf = "pdf"
    all = "all"


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


def _formats(choice: FormatChoice) -> tuple[Literal["docx", "pdf"], ...]:
    if choice is FormatChoice.docx:
        return ("docx",)
    return ("pdf",) if choice is FormatChoice.pdf else ("docx", "pdf")


RecordsArg = Annotated[
    list[Path], typer.Argument(help="Record files (JSON or YAML).", show_default=False, metavar="RECORD")
]
TypeArg = Annotated[
    str,
    typer.Argument(
        help=record_types_help("A record type."),
        show_default=False,
        metavar="TYPE",
        autocompletion=complete_record_type,
    ),
]
TimeLimitOption = Annotated[
    float, typer.Option("--time-limit", help="Seconds one document may take to render (0: no limit).")
]


def _limit(time_limit: float) -> None:
    """Every document this command renders stops after ``time_limit`` seconds (and at its memory limit)."""
    from ipsdocs.render.limits import configure

    configure(seconds=time_limit)


@app.command()
def render(
    records: RecordsArg,
    format: Annotated[
        FormatChoice, typer.Option("--format", "-f", help="Which documents to write.")
    ] = FormatChoice.all,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Folder for the documents (default: the workspace's output folder).", metavar="DIR"
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    time_limit: TimeLimitOption = 120.0,
    archival: Annotated[bool, typer.Option("--archival", help="PDF/A-3a (archival, tagged) PDFs.")] = False,
) -> None:
    """Render records to Word and PDF, check each document, and say what is missing."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.records import render_command

    _limit(time_limit)
    raise typer.Exit(render_command(records, _formats(format), out, find_workspace(workspace), archival))


@app.command()
def check(records: RecordsArg, workspace: WorkspaceOption = None) -> None:
    """List the required sections and fields each record is missing (exit 1 if any, 2 if invalid).

    A folder is read whole, and the records given together are checked across each person's
    records of practice (service notes, employer contacts, jobs, follow-along)."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.records import check_command

    raise typer.Exit(check_command(records, find_workspace(workspace)))


@app.command()
def schema(record_type: TypeArg, workspace: WorkspaceOption = None) -> None:
    """Print the JSON Schema of a record type, for EHR exports to target."""
    from ipsdocs.cli.records import schema_command

    if workspace is not None:
        from ipsdocs.agency.workspace import find_workspace

        find_workspace(workspace)  # the same records everywhere; a folder that is no workspace is still an error
    raise typer.Exit(schema_command(record_type))


@app.command()
def demo(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for the demo documents (default: output/demo in the workspace, else here).",
            metavar="DIR",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    time_limit: TimeLimitOption = 120.0,
) -> None:
    """Render every sample record into output/demo and show what each check found."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.records import demo_command

    _limit(time_limit)
    raise typer.Exit(demo_command(out, find_workspace(workspace)))


# --- workspace, templates and forms commands (issue 4) ---

templates_app = typer.Typer(help="Your agency's Word and PDF templates: export, fields, lint.", no_args_is_help=True)
forms_app = typer.Typer(help="Your agency's forms (sections, questions, wording): export, lint.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
app.add_typer(forms_app, name="forms")
TypesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help=record_types_help("Record types (default: all)."),
        show_default=False,
        metavar="TYPE",
        autocompletion=complete_record_type,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace files you already have (your edits are lost).")]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the workspace (created if needed).", metavar="DIR")] = Path(
        "."
    ),
    name: Annotated[str, typer.Option("--name", help="Agency name for the document headers.", metavar="NAME")] = (
        "IPS Supported Employment Program"
    ),
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help="State rules: nc, ny or ca.", metavar="STATE")
    ] = "nc",
    workspace: Annotated[
        Path | None, typer.Option("--workspace", "-w", help="The same as DIR: the folder to create.", metavar="DIR")
    ] = None,
) -> None:
    """Create an agency workspace: ipsdocs.toml, records/, output/, templates/ and forms/."""
    from ipsdocs.cli.workspace import init_command

    raise typer.Exit(init_command(workspace or folder, name, jurisdiction))


@templates_app.command("export")
def templates_export(
    record_types: TypesArg = None,
    format: Annotated[
        FormatChoice, typer.Option("--format", "-f", help="Which templates.", metavar="[docx|pdf|all]")
    ] = FormatChoice.all,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Copy built-in templates into the workspace to start editing them."""
    from ipsdocs.cli.workspace import export_templates_command

    raise typer.Exit(export_templates_command(record_types or [], _formats(format), force, workspace))


@templates_app.command("fields")
def templates_fields(record_type: TypeArg, workspace: WorkspaceOption = None) -> None:
    """List every placeholder a template of this type may use, with its meaning and an example."""
    from ipsdocs.cli.workspace import fields_command

    raise typer.Exit(fields_command(record_type, workspace))


@templates_app.command("lint")
def templates_lint(
    record_types: TypesArg = None,
    builtin: Annotated[bool, typer.Option("--builtin", help="Also check the built-in templates.")] = False,
    workspace: WorkspaceOption = None,
    time_limit: TimeLimitOption = 120.0,
) -> None:
    """Check the workspace's templates: syntax, placeholders, required sections (exit 1 on any problem)."""
    from ipsdocs.cli.workspace import lint_command

    _limit(time_limit)
    raise typer.Exit(lint_command("templates", workspace, builtin, record_types or []))


@forms_app.command("export")
def forms_export(record_types: TypesArg = None, force: ForceOption = False, workspace: WorkspaceOption = None) -> None:
    """Copy the forms, in your jurisdiction's wording, into the workspace to start editing them."""
    from ipsdocs.cli.workspace import export_forms_command

    raise typer.Exit(export_forms_command(record_types or [], force, workspace))


@forms_app.command("lint")
def forms_lint(workspace: WorkspaceOption = None) -> None:
    """Check the workspace's forms against the records and the required sections (exit 1 on any problem)."""
    from ipsdocs.cli.workspace import lint_command

    raise typer.Exit(lint_command("forms", workspace))


# --- interview commands (issue 3) ---


@app.command()
def interview(
    record_type: Annotated[
        str | None,
        typer.Argument(
            help=record_types_help(
                "The record to start. With --resume: a draft id or a record type (optional; see --drafts)."
            ),
            show_default=False,
            metavar="TYPE",
            autocompletion=complete_interview,
        ),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", help="Client ID: fills in the person from their earlier records.", metavar="ID"),
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a draft where it was left off.")] = False,
    drafts: Annotated[bool, typer.Option("--drafts", help="List the drafts that can be resumed.")] = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Answer the questions from a YAML file instead of asking.", metavar="FILE"),
    ] = None,
    record: Annotated[
        Path | None, typer.Option("--record", help="Reopen a saved record to complete or update it.", metavar="FILE")
    ] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option(
            "--evidence",
            help="fidelity_review: offer scores and evidence from these records (or a 'fidelity evidence --json' "
            "file) as suggestions; you decide. Repeat for more sources.",
            metavar="SOURCE",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    time_limit: TimeLimitOption = 120.0,
) -> None:
    """Fill in a record by answering its questions; saved as you go, then rendered and checked."""
    from ipsdocs.interview.session import Options, interview_command

    _limit(time_limit)
    options = Options(record_type, client, resume, drafts, answers, record, workspace)
    if evidence:
        from ipsdocs.cli.fidelity import interview_evidence

        interview_evidence(options, evidence)
    raise typer.Exit(interview_command(options))


# --- the browser interview (issue 17) ---


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 8317,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Print the link; do not open a browser.")] = False,
    idle_minutes: Annotated[
        float, typer.Option("--idle-minutes", help="Lock the browser session after this many minutes unused.")
    ] = 15.0,
    workspace: WorkspaceOption = None,
) -> None:
    """The interview in a browser, on this computer only (127.0.0.1), at a one-time link."""
    from ipsdocs.web.server import serve as serve_web

    raise typer.Exit(serve_web(workspace, port, not no_browser, idle_minutes))


# --- batch and verify commands (issue 5) ---


@app.command()
def batch(
    sources: Annotated[
        list[Path],
        typer.Argument(help="Record files, folders of them, JSON Lines exports.", show_default=False, metavar="SOURCE"),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the batch (documents, manifest, summary).", metavar="DIR")
    ],
    format: Annotated[
        FormatChoice, typer.Option("--format", "-f", help="Which documents to write.")
    ] = FormatChoice.all,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Worker processes (default: cores).", metavar="N")
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds one document may take.", metavar="SECONDS")
    ] = 120.0,
    zip_: Annotated[bool, typer.Option("--zip", help="Also write the whole folder as DIR.zip beside it.")] = False,
    signing_key: Annotated[
        Path | None,
        typer.Option(
            "--signing-key", help="The agency's private key to sign manifest.json (default: the workspace's)."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    archival: Annotated[bool, typer.Option("--archival", help="PDF/A-3a (archival, tagged) PDFs.")] = False,
    engine: Annotated[
        EngineChoice,
        typer.Option("--engine", help="local: worker processes here; dask: Dask distributed (ipsdocs[dask])."),
    ] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: an existing cluster's scheduler (tcp://HOST:8786, tls://...); "
            "default: a LocalCluster of --workers processes here.",
        ),
    ] = None,
) -> None:
    """Render every record for an audit, in parallel: documents per person, manifest.json, audit summary.

    Exit 0 when all rendered, 1 when some failed, 2 for unusable arguments. Run it again to continue
    after Ctrl-C: unchanged documents are kept.
    """
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.batch import batch_command

    ws = find_workspace(workspace)
    code = batch_command(
        sources,
        out,
        _formats(format),
        workers,
        ws,
        time_limit,
        zip_,
        archival=archival,
        signing_key=signing_key,
        engine=engine.value,
        scheduler=scheduler,
    )
    raise typer.Exit(code)


@app.command()
def verify(
    folder: Annotated[Path, typer.Argument(help="A folder written by 'ipsdocs batch'.", metavar="DIR")],
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="The agency's public key file (.pub): the manifest must be signed by it.", metavar="FILE"
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Check manifest.json's signature, then recompute every hash; name files changed, missing or added (exit 1)."""
    from ipsdocs.cli.batch import verify_command

    if workspace is not None:
        from ipsdocs.agency.workspace import find_workspace

        find_workspace(workspace)  # the manifest says everything verify needs; a wrong folder is still named
    raise typer.Exit(verify_command(folder, key))


keys_app = typer.Typer(help="The agency's key that signs batch manifests.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def keys_init(
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="Where to keep the private key (default: keys/ipsdocs-signing.key in the workspace).",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing key (keep its .pub for older manifests).")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Make the agency's Ed25519 signing key (private, 0600) and its public key for auditors."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.batch import keys_init_command

    raise typer.Exit(keys_init_command(key, force, find_workspace(workspace)))


# --- the program's evidence: due list, reports, IPS-25 (cli/program.py) ---

app.command()(program.due)
app.add_typer(program.report_app, name="report")
app.add_typer(program.fidelity_app, name="fidelity")


def _is_usage_error(error: Exception) -> bool:
    """A bad option or missing argument: click's ClickException, which typer >= 0.29 vendors as its own class."""
    return callable(getattr(error, "show", None)) and isinstance(getattr(error, "exit_code", None), int)


def main() -> None:
    """Entry point: run the app and turn user errors into messages, never tracebacks."""
    use_conventions(app)
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except IpsdocsError as error:
        from ipsdocs.console import report_error

        report_error(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("\nStopped. Documents already written are kept.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # command-line usage errors and anything unexpected
        if isinstance(error, typer.Exit):
            sys.exit(error.exit_code)
        if isinstance(error, typer.Abort):
            print("\nStopped.", file=sys.stderr)
            sys.exit(130)
        if _is_usage_error(error):
            from ipsdocs.console import VisibleStream

            # click repeats the argument it could not use: a file name or an option typed from a record
            error.show(file=VisibleStream(sys.stderr))  # type: ignore[attr-defined]
            sys.exit(2)
        if os.environ.get("IPSDOCS_DEBUG"):
            raise
        print(
            f"ipsdocs stopped on an unexpected problem ({error.__class__.__name__}). Details are hidden because "
            "they may contain a person's answers; set IPSDOCS_DEBUG=1 to see them.",
            file=sys.stderr,
        )
        sys.exit(3)


if __name__ == "__main__":
    main()
