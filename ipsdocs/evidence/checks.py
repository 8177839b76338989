"""Every person-level check, run episode by episode under one state's rules.

``PERSON_CHECKS`` is the one list of them: a module of checks (``timeliness``; the practice records'
checks join the same way) exports ``CHECKS``, a tuple of ``rules.EpisodeCheck``, and is added here.
The rule each check names must be in every profile (``tests/test_state_rules.py`` holds them to it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction
from ipsdocs.evidence import practice_checks, timeliness
from ipsdocs.evidence.episodes import Episode, episodes_of
from ipsdocs.evidence.rules import EpisodeCheck, Finding, Judgement

PERSON_CHECKS: tuple[EpisodeCheck, ...] = (*timeliness.CHECKS, *practice_checks.CHECKS)
"""Every check of a person's episodes, in the order findings are listed."""


def judge_episodes(
    episodes: Sequence[Episode], jurisdiction: Jurisdiction, as_of: date, checks: Sequence[EpisodeCheck] = PERSON_CHECKS
) -> list[Judgement]:
    """Each applicable rule judged for each episode, episode by episode."""
    rules = [(check, jurisdiction.rule(check.rule)) for check in checks]
    found: list[Judgement] = []
    for episode in episodes:
        for check, rule in rules:
            if rule.applies:
                found += check.judge(episode, rule, jurisdiction, as_of)
    return found


def person_judgements(
    records: Sequence[Any], jurisdiction: Jurisdiction, as_of: date, contacts: Sequence[Any] = ()
) -> list[Judgement]:
    return judge_episodes(episodes_of(records, contacts), jurisdiction, as_of)


def person_findings(
    records: Sequence[Any], jurisdiction: Jurisdiction, as_of: date, contacts: Sequence[Any] = ()
) -> list[Finding]:
    """Every finding for one person's records (and the employer contacts naming them): each episode
    judged against its own admission."""
    judged = person_judgements(records, jurisdiction, as_of, contacts)
    return [f for j in judged if j.status.is_finding for f in j.findings]
