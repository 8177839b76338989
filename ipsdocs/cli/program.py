"""The program's evidence on the command line: the due list, the compliance and outcome reports, and
the IPS-25 results, comparisons and evidence the records hold (``ipsdocs/evidence/``).

Registered on the ``ipsdocs`` app by ``cli/main.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipsdocs.cli.options import WorkspaceOption
from ipsdocs.errors import IpsdocsError

# --- the due list (issue 16) ---


def _day(text: str | None) -> object:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IpsdocsError.one("--as-of", "not a date; write it like 2026-03-04") from None


def due(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Record files, folders or JSON Lines exports (default: the workspace's records).", show_default=False
        ),
    ] = None,
    specialist: Annotated[str | None, typer.Option("--specialist", help="Only this specialist's caseload.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The day to judge from (default: today).")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the list as one page to print.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """What is due for each person on a caseload: overdue, due soon, coming up, most urgent first."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.due import due_command

    ws = find_workspace(workspace)
    raise typer.Exit(due_command(sources or [], specialist, _day(as_of), pdf, ws))  # type: ignore[arg-type]


report_app = typer.Typer(help="Program reports from the records.", no_args_is_help=True)


@report_app.command("compliance")
def report_compliance(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Record files, folders or exports (default: the workspace's records).", show_default=False),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Default: the latest date in the records.")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", help="Also write one row per person and rule.")] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write the report: the program at a glance on page 1, charts.")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """For every rule of the state: how many people it applied to, how many met it, the rate, who missed it."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.due import compliance_command

    day = _day(as_of)
    raise typer.Exit(compliance_command(sources or [], day, csv, pdf, find_workspace(workspace)))  # type: ignore[arg-type]


@report_app.command("outcomes")
def report_outcomes(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Record files, folders or exports (default: the workspace's records).", show_default=False),
    ] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="e.g. 2026Q3 (default: the latest in the records).")
    ] = None,
    trend: Annotated[int, typer.Option("--trend", min=1, max=12, help="Quarters shown, ending with --quarter.")] = 4,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the report as a page to print.")] = None,
    docx: Annotated[Path | None, typer.Option("--docx", help="Also write the report as a Word document.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """People served, job starts, competitive employment rate against the benchmarks, time to first job, tenure."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.due import outcomes_command

    raise typer.Exit(outcomes_command(sources or [], quarter, trend, pdf, docx, find_workspace(workspace)))


# --- fidelity commands (issue 6) ---

fidelity_app = typer.Typer(help="IPS-25 fidelity reviews: results, action plans, comparisons.", no_args_is_help=True)


@fidelity_app.command("evidence")
def fidelity_evidence(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Record files, folders or exports (default: the workspace's records).", show_default=False),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Default: the latest date in the records.")] = None,
    program: Annotated[
        str | None,
        typer.Option(
            "--program",
            help="The program reviewed: its program ID or name, as a fidelity review among the records names it.",
            metavar="ID",
        ),
    ] = None,
    json_file: Annotated[
        Path | None,
        typer.Option(
            "--json",
            help="Also write the evidence as JSON (for 'interview fidelity_review --evidence').",
            metavar="FILE",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Every IPS-25 item: what the records show (figure, how, anchor, records behind), or that it needs interviews.

    The evidence is offered to the rater, never the rating.
    """
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.fidelity import evidence_command

    code = evidence_command(sources or [], _day(as_of), program, json_file, find_workspace(workspace))  # type: ignore[arg-type]
    raise typer.Exit(code)


@fidelity_app.command("results")
def fidelity_results(
    review: Annotated[
        Path, typer.Argument(help="A fidelity_review record (JSON or YAML).", show_default=False, metavar="REVIEW")
    ],
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Also check this action plan against the review and the state rules.", metavar="FILE"
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Total, fidelity level, next review, action plan and follow-up evaluation, by the workspace's state rules."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.fidelity import results_command

    raise typer.Exit(results_command(review, plan, find_workspace(workspace)))


@fidelity_app.command("compare")
def fidelity_compare(
    reviews: Annotated[
        list[Path], typer.Argument(help="Two or more reviews of one program.", show_default=False, metavar="REVIEW")
    ],
    workspace: WorkspaceOption = None,
) -> None:
    """Item scores of a program's reviews over time, with each change marked."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.fidelity import compare_command

    raise typer.Exit(compare_command(reviews, find_workspace(workspace)))
