"""What ``ipsdocs fidelity results``, ``compare`` and ``evidence`` do, and the evidence an interview is offered
(``cli/program.py`` and ``cli/main.py`` only wire them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ipsdocs.agency.workspace import Workspace
from ipsdocs.definitions.models.fidelity_action_plan import FidelityActionPlan
from ipsdocs.definitions.models.fidelity_review import FidelityReviewBase
from ipsdocs.errors import EXIT_OK, IpsdocsError, RecordError
from ipsdocs.errors import EXIT_PROBLEMS as EXIT_INCOMPLETE

if TYPE_CHECKING:
    from ipsdocs.interview.session import Options


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


# --- IPS-25 evidence from the records (issue 16) ---


def _scanned(sources: Sequence[Path], workspace: Workspace) -> tuple[list, int]:
    """The usable records of the sources (the workspace's records by default), and how many failed."""
    from ipsdocs.batch.sources import check_arguments, scan_sources

    paths = list(sources) or [workspace.records_dir]
    check_arguments(paths)
    scan = scan_sources(paths, jurisdiction=workspace.jurisdiction)
    return [s.record for s in scan.records], len(scan.failures)


def program_label(records: Sequence, program_id: str | None) -> str:
    """The program the evidence is about: the records carry no program id, so a review among them names it.

    ``--program`` must match a review's program ID (or name) when the sources hold reviews; without
    reviews it is only the label. Without ``--program``, the one program the reviews name, if one.
    """
    programs = {}
    for record in records:
        if isinstance(record, FidelityReviewBase):
            program = record.program
            programs[program.program_id or program.name] = program
    named = sorted(f"{key} ({p.name})" if p.program_id else key for key, p in programs.items())
    if program_id is None:
        if len(programs) > 1:
            raise IpsdocsError.one(
                "--program", f"the records hold reviews of {len(programs)} programs ({'; '.join(named)}); say which"
            )
        return named[0] if named else "the program of these records"
    if not programs:
        return f"{program_id} (no review among the records names it; every record given is counted)"
    for key, program in programs.items():
        if program_id == key or program_id.casefold() == program.name.casefold():
            return f"{key} ({program.name})" if program.program_id else key
    raise IpsdocsError.one(
        "--program", f"no fidelity review in these records is about this program; they are about: {'; '.join(named)}"
    )


def _latest(records: Sequence) -> date | None:
    dates = [d for r in records if (d := r.document_date) is not None]
    return max(dates) if dates else None


def evidence_command(
    sources: Sequence[Path], as_of: date | None, program_id: str | None, json_path: Path | None, workspace: Workspace
) -> int:
    """Every IPS-25 item: what the records show (figure, how, anchor, records behind) or that it needs interviews."""
    import json

    from ipsdocs.console import err, escape, out
    from ipsdocs.evidence.fidelity_evidence import NOTICE, program_evidence
    from ipsdocs.store import atomic_write

    records, failed = _scanned(sources, workspace)
    label = program_label(records, program_id)
    day = as_of or _latest(records) or date.today()
    evidence = program_evidence(records, workspace.jurisdiction, day, label)
    out().print(escape(f"IPS-25 evidence from the records for {label} as of {day.isoformat()}: {NOTICE}"))
    for item in evidence.items:
        out().print(escape(f"{item.item}: {item.text()}"))
    out().print(escape(evidence.completion.sentence()))  # NC: a condition for a follow-up evaluation
    scored = sum(1 for i in evidence.items if i.anchor)
    shown = sum(1 for i in evidence.items if i.from_records)
    summary = f"{shown} of {len(evidence.items)} items from the records ({scored} with an anchor met)"
    out().print(f"{summary}; the others need interviews or observation.")
    if failed:
        err().print(f"{failed} record(s) could not be used (run 'ipsdocs check' on them).")
    if json_path is not None:
        text = json.dumps(evidence.as_json(), indent=2, ensure_ascii=False) + "\n"
        try:
            atomic_write(json_path, text.encode("utf-8"))
        except OSError as error:
            raise IpsdocsError.one(str(json_path), f"cannot write the evidence ({error.strerror})") from None
        out().print(escape(f"Wrote {json_path}"))
    return EXIT_OK


def evidence_suggestions(sources: Sequence[Path], workspace: Workspace) -> tuple[dict[str, dict], str]:
    """Item id -> suggested score and evidence, from record sources or a file ``fidelity evidence --json`` wrote."""
    from ipsdocs.evidence.fidelity_evidence import program_evidence

    if len(sources) == 1 and sources[0].is_file() and sources[0].suffix.lower() == ".json":
        written = _evidence_file(sources[0])
        if written is not None:
            return written
    records, _ = _scanned(sources, workspace)
    day = _latest(records) or date.today()
    evidence = program_evidence(records, workspace.jurisdiction, day, program_label(records, None))
    return evidence.suggestions(), f"{evidence.program}, as of {day.isoformat()}"


def _evidence_file(path: Path) -> tuple[dict[str, dict], str] | None:
    """The suggestions of an evidence file; None if the file is a record (then it is read as one)."""
    import json

    from ipsdocs.definitions.scale import load_scale
    from ipsdocs.evidence.fidelity_evidence import JSON_KIND, SUGGESTED

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != JSON_KIND:
        return None
    found: dict[str, dict] = {}
    known = set(load_scale().item_ids)
    for number, item in enumerate(data.get("items") or [], 1):
        where = f"items[{number}]"
        if not isinstance(item, dict) or item.get("item") not in known or not isinstance(item.get("text"), str):
            raise RecordError.one(str(path), "not an item of the IPS-25 evidence (rewrite it with --json)", where)
        anchor = item.get("anchor")
        if anchor is not None and (isinstance(anchor, bool) or anchor not in (1, 2, 3, 4, 5)):
            raise RecordError.one(str(path), "the anchor must be a whole number from 1 to 5", f"{where}.anchor")
        if item.get("from_records") and item.get("counted"):
            found[item["item"]] = {"score": anchor, "evidence": SUGGESTED + item["text"]}
    return found, f"{path.name}, as of {data.get('as_of', 'an unknown day')}"


def interview_evidence(options: Options, sources: Sequence[Path]) -> None:
    """``interview fidelity_review --evidence``: suggestions for a rater at the terminal, never a file's answers."""
    from ipsdocs.agency.workspace import find_workspace

    if options.answers is not None:
        raise IpsdocsError.one(
            "--evidence",
            "the records' suggestions are offered to a rater who decides; an answers file gives its own scores",
        )
    if options.record_type != "fidelity_review" or options.resume or options.record is not None:
        raise IpsdocsError.one(
            "--evidence", "start a new fidelity review with it: ipsdocs interview fidelity_review --evidence SOURCE"
        )
    options.evidence, options.evidence_source = evidence_suggestions(sources, find_workspace(options.workspace))
