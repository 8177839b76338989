"""The browser's "What is due" page (issue 16): the same due list as ``ipsdocs due``, for the
workspace's saved records, one caseload at a time.

The items come from ``evidence.due`` (the state profile's rules and the records' own dates), so the
terminal, its printed page and the browser never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipsdocs.web.context import Web


def _day(text: str | None) -> tuple[date, str]:
    """The page's "as of" day: today, unless the form gave a date (a wrong one is said, not fatal)."""
    if not text:
        return date.today(), ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return date.today(), "That is not a date; showing today. Write it like 2026-03-04."


def due_page(web: Web, specialist: str | None, as_of_text: str | None) -> dict[str, Any]:
    """The page's context: the caseloads to choose from, and each item of the chosen one."""
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.evidence.due import due_items

    day, problem = _day(as_of_text)
    folder = web.workspace.records_dir
    records = []
    unusable = 0
    if folder.is_dir():
        scan = scan_sources([folder], jurisdiction=web.workspace.jurisdiction)
        records = [s.record for s in scan.records]
        unusable = len(scan.failures)
    everyone = due_items(records, web.workspace.jurisdiction, day)
    specialists = sorted({i.specialist for i in everyone if i.specialist}, key=str.casefold)
    chosen = specialist if specialist in specialists else None
    items = [i for i in everyone if chosen is None or i.specialist == chosen]
    people = {i.client_id for i in items}
    overdue = {i.client_id for i in items if i.overdue}
    rows = [
        {"person": f"{i.person} ({i.client_id})", "task": i.task, "when": i.when(day), "overdue": i.overdue,
         "due": i.due.isoformat() if i.due else "", "specialist": i.specialist}
        for i in items
    ]  # fmt: skip
    return {
        "rows": rows,
        "specialists": specialists,
        "chosen": chosen or "",
        "as_of": day.isoformat(),
        "problem": problem,
        "people": len(people),
        "overdue": len(overdue),
        "rules": web.workspace.jurisdiction.name,
        "unusable": unusable,
    }
