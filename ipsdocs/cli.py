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

from .errors import IpsdocsError

app = typer.Typer(
    name="ipsdocs",
    help="Complete, compliant IPS supported-employment records: Word and PDF documents, checks and audits.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class FormatChoice(StrEnum):
    docx = "docx"
    pdf = "pdf"
    all = "all"


def _formats(choice: FormatChoice) -> tuple[Literal["docx", "pdf"], ...]:
    if choice is FormatChoice.docx:
        return ("docx",)
    return ("pdf",) if choice is FormatChoice.pdf else ("docx", "pdf")


RecordsArg = Annotated[list[Path], typer.Argument(help="Record files (JSON or YAML).", show_default=False)]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Agency workspace folder (default: the nearest folder with ipsdocs.toml)."),
]


@app.command()
def render(
    records: RecordsArg,
    format: Annotated[
        FormatChoice, typer.Option("--format", "-f", help="Which documents to write.")
    ] = FormatChoice.all,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents.")] = Path("output"),
) -> None:
    """Render records to Word and PDF, check each document, and say what is missing."""
    from .commands import render_command

    raise typer.Exit(render_command(records, _formats(format), out))


@app.command()
def check(records: RecordsArg) -> None:
    """List the required sections and fields each record is missing (exit 1 if any, 2 if invalid)."""
    from .commands import check_command

    raise typer.Exit(check_command(records))


@app.command()
def schema(record_type: Annotated[str, typer.Argument(help="A record type, e.g. career_profile.")]) -> None:
    """Print the JSON Schema of a record type, for EHR exports to target."""
    from .commands import schema_command

    raise typer.Exit(schema_command(record_type))


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo documents.")] = Path("output/demo"),
) -> None:
    """Render every sample record into output/demo and show what each check found."""
    from .commands import demo_command

    raise typer.Exit(demo_command(out))


# --- workspace, templates and forms commands (issue 4) ---

# --- interview commands (issue 3) ---

# --- batch and verify commands (issue 5) ---

# --- fidelity commands (issue 6) ---


def main() -> None:
    """Entry point: run the app and turn user errors into messages, never tracebacks."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except IpsdocsError as error:
        from .console import report_error

        report_error(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("\nStopped. Documents already written are kept.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # click usage errors and anything unexpected
        import click

        if isinstance(error, click.exceptions.Exit):
            sys.exit(error.exit_code)
        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(2)
        if isinstance(error, click.exceptions.Abort):
            print("\nStopped.", file=sys.stderr)
            sys.exit(130)
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
