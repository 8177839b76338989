"""What ``ipsdocs fidelity results`` and ``ipsdocs fidelity compare`` do (cli.py only wires them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import FidelityReviewBase
from ipsdocs.errors import EXIT_OK, IpsdocsError, RecordError
from ipsdocs.errors import EXIT_PROBLEMS as EXIT_INCOMPLETE


def load_typed(path: Path, kind: type, what: str) -> object:
    """A record file that must hold one kind of record (a review, a plan); anything else is named."""
    from ipsdocs.definitions.records import load_record

    record = load_record(path).record
    if not isinstance(record, kind):
        raise RecordError.one(str(path), f"this is a {record.record_type} record, not {what}", "record_type")
    return record


def results_command(review_path: Path, plan_path: Path | None, workspace: Workspace) -> int:
    """Print a review's total, level, next review, action plan and follow-up under the workspace's rules."""
    from rich.table import Table

    from ipsdocs.console import escape, out, report_error
    from ipsdocs.evidence.fidelity import plan_problems, result_rows

    review = load_typed(review_path, FidelityReviewBase, "a fidelity review")
    assert isinstance(review, FidelityReviewBase)
    jurisdiction = workspace.jurisdiction
    table = Table(title=f"IPS-25 results: {escape(review.program.name)}, review of {review.review_date.isoformat()}")
    table.add_column("Result", style="bold")
    table.add_column("Under the rules of " + escape(jurisdiction.name), overflow="fold")
    for label, text in result_rows(review, jurisdiction):
        table.add_row(escape(label), escape(text))
    out().print(table)
    if plan_path is None:
        return EXIT_OK
    plan = load_typed(plan_path, FidelityActionPlan, "a fidelity action plan")
    assert isinstance(plan, FidelityActionPlan)
    problems = plan_problems(review, plan, str(plan_path), jurisdiction)
    if problems:
        report_error(IpsdocsError(problems))
        return EXIT_INCOMPLETE
    rules = escape(jurisdiction.name)
    out().print(f"OK  {escape(str(plan_path))}: the action plan answers its review under {rules}'s rules")
    return EXIT_OK


def compare_command(paths: Sequence[Path], workspace: Workspace) -> int:
    """A table of item scores over time, oldest review first, each change since the review before marked."""
    from rich.table import Table

    from ipsdocs.console import escape, out
    from ipsdocs.evidence.fidelity import compare

    reviews = []
    for path in paths:
        review = load_typed(path, FidelityReviewBase, "a fidelity review")
        assert isinstance(review, FidelityReviewBase)
        reviews.append((path, review))
    comparison = compare(reviews, workspace.jurisdiction)
    table = Table(title=f"IPS-25 scores over time: {escape(comparison.program)}", show_lines=False)
    table.add_column("Item", overflow="fold", min_width=24)
    for column in comparison.columns:
        table.add_column(escape(column), justify="right")
    for row in (*comparison.items, comparison.total):
        style = "bold" if row is comparison.total else None
        table.add_row(escape(row.label), *(escape(cell) for cell in row.cells()), style=style)
    table.add_row("Level", *(escape(level) for level in comparison.levels))
    out().print(table)
    out().print("Changes since the review before: ▲ up, ▼ down, = unchanged.")
    return EXIT_OK
