"""Shared pieces of the records of everyday practice (issue 15): state vocabularies and place kinds.

The service types, job arrangements and competitive-test conditions are each state's own words
(``practice:`` in the jurisdiction profiles). The models accept every code some profile defines,
as the discharge reasons do; the workspace's profile says which apply and how they read.
"""

from __future__ import annotations

from typing import Any

from ipsdocs.definitions.models._types import LabeledChoice


def practice_universe(path: str) -> list[tuple[str, str]]:
    """Every (code, label) some profile's ``practice`` list defines, the default profile's first."""
    from ipsdocs.definitions.jurisdiction import DEFAULT_JURISDICTION, known_jurisdictions, load_jurisdiction

    codes: dict[str, str] = {}
    for code in [DEFAULT_JURISDICTION, *(c for c in known_jurisdictions() if c != DEFAULT_JURISDICTION)]:
        practice = load_jurisdiction(code).practice
        for choice in practice.choice_list(path) if practice else ():
            codes.setdefault(choice.code, choice.label)
    return list(codes.items())


def practice_choices(name: str, path: str, doc: str, module: str) -> Any:
    members = [(code.upper(), (code, label)) for code, label in practice_universe(path)]
    enum = LabeledChoice(name, members, module=module)  # type: ignore[call-overload]
    enum.__doc__ = doc
    return enum


def jurisdiction_tests() -> list[tuple[str, str]]:
    """(code, test name) of each profile's competitive integrated employment test."""
    from ipsdocs.definitions.jurisdiction import known_jurisdictions, load_jurisdiction

    found = []
    for code in known_jurisdictions():
        practice = load_jurisdiction(code).practice
        if practice is not None:
            found.append((code, f"{load_jurisdiction(code).name}: {practice.competitive_test.name}"))
    return found


class Phase(LabeledChoice):
    """The phase of IPS services (NC l.1135: initial engagement counts toward the first 64 units)."""

    ENGAGEMENT = "engagement", "Engagement"
    JOB_SEARCH = "job_search", "Job search"
    FOLLOW_ALONG = "follow_along", "Follow-along"


class DisclosureAtWork(LabeledChoice):
    FULL = "full", "Full disclosure"
    PARTIAL = "partial", "Partial disclosure"
    NONE = "none", "No disclosure"
    UNDECIDED = "undecided", "Undecided"


__all__ = ["DisclosureAtWork", "Phase", "jurisdiction_tests", "practice_choices", "practice_universe"]
