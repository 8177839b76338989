"""How ipsdocs writes a date and a missing answer, the same in documents, reports and messages."""

from __future__ import annotations

from datetime import date

NOT_RECORDED = "Not recorded"


def show_date(value: date) -> str:
    """``December 1, 2026``: the way the documents and reports write a date."""
    return f"{value:%B} {value.day}, {value.year}"
