"""The per-state rule mechanism: a check judges one episode of one person under one state's rule.

A rule is data in the state's profile (``ipsdocs/data/jurisdictions/<code>.yaml``, ``rules:``): an id,
whether the state applies it, its numbers, lists and wording, and its source. A check is code: it
names the rule it judges and the numbers, lists and wording it reads (a test holds every profile to
them), and it turns one episode into judgements::

    def _career_profile(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterable[Judgement]:
        due = episode.start + timedelta(days=rule.number("days"))
        ...
        yield judged(rule, episode, Status.OVERDUE, due, "no career profile; it was due by ...")

    CHECKS = (EpisodeCheck("career_profile_on_time", _career_profile, numbers=("days",)), ...)

and ``ipsdocs.evidence.checks.PERSON_CHECKS`` lists every module's ``CHECKS``. A check is called only
where the rule applies (``applies: true``); one that does not concern an episode (a discharge rule for
a person still served) yields nothing.

A judgement says more than "a finding or not", so the audit, the compliance report and the due list
all read the same evidence: ``met``; ``missed`` (done late or wrongly, or the episode ended without
it); ``overdue`` (not done, past its due date, or due at once); ``due`` (not done, not yet due). The
audit's findings are the missed and overdue ones; a rule's compliance is met / (met + missed +
overdue); the due list is overdue and due.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipsdocs.definitions.jurisdiction import Jurisdiction, Rule
    from ipsdocs.evidence.episodes import Episode


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    OVERDUE = "overdue"
    DUE = "due"

    @property
    def is_finding(self) -> bool:
        return self in (Status.MISSED, Status.OVERDUE)

    @property
    def is_open(self) -> bool:
        """Something still to do: the due list shows it."""
        return self in (Status.OVERDUE, Status.DUE)


@dataclass(frozen=True)
class Finding:
    """One thing an audit reports: which rule, what is wrong, the record it is about, the episode."""

    rule: str
    message: str
    record_id: str = ""
    episode: str = ""
    """The episode's label when the person has more than one ("episode 2 of 2, admitted 2026-05-04")."""

    def __str__(self) -> str:
        text = f"{self.message} ({self.record_id})" if self.record_id else self.message
        return f"{self.episode}: {text}" if self.episode else text


@dataclass(frozen=True)
class Judgement:
    """A rule judged for one episode (or one program): its status, when it is or was due, and the findings."""

    rule: str
    status: Status
    due: date | None = None
    findings: tuple[Finding, ...] = ()
    task: str = ""
    """What is to be done, for the due list ("complete the career profile")."""
    episode: int = 0
    client_id: str = ""
    specialist: str = ""


def judged(
    rule: Rule,
    episode: Episode | None,
    status: Status,
    due: date | None = None,
    *messages: str | tuple[str, str],
    task: str = "",
) -> Judgement:
    """A judgement of ``rule`` for ``episode``; each message is text, or (text, record id)."""
    label = episode.label if episode else ""
    findings = tuple(
        Finding(rule.id, *(m if isinstance(m, tuple) else (m, "")), episode=label)  # type: ignore[misc]
        for m in messages
    )
    person = _person_of(episode)
    return Judgement(rule.id, status, due, findings, task, episode.number if episode else 0, person[0], person[1])


def _person_of(episode: Episode | None) -> tuple[str, str]:
    """The client id and the specialist of the episode's newest record (who carries the person now)."""
    if episode is None or not episode.records:
        return "", ""
    newest = max(episode.records, key=lambda r: (r.document_date or date.min, r.record_id))
    return newest.person.client_id, newest.staff.name


Judge = Callable[["Episode", "Rule", "Jurisdiction", date], Iterable[Judgement]]


@dataclass(frozen=True)
class EpisodeCheck:
    """A rule's check of one episode, and what it reads of the rule (every profile must provide it)."""

    rule: str
    judge: Judge
    numbers: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    wording: tuple[str, ...] = ()
