"""The records of everyday practice (issue 15) judged by the state rule mechanism, episode by episode.

Each check names a rule in every profile (``rules:``: applies, numbers, wording, source with line
numbers), so it appears in the audit, ``ipsdocs due`` and ``ipsdocs report compliance`` like the
others:

- ``first_employer_contact``: first face-to-face employer contact (or job start) within ``days`` of
  admission, with the IPS-25 Services 4 anchor the days earn (NC critical element 6);
- ``benefits_before_job_start``, ``benefits_at_change``: a benefits session before each job start and
  each dated change in hours or pay (IPS-25 Services 1);
- ``disclosure_before_job``: disclosure discussed before the first job start (IPS-25 Services 2);
- ``follow_along_contact``: face-to-face in the week before a start, the days after, weekly for the
  first month and monthly to month 12 (IPS-25 Services 12);
- ``job_end_contact``, ``job_end_new_search``: contact within ``days`` of learning of a job end, and
  another job search offered (IPS-25 Services 12, Organization 6);
- ``privacy_employer_contact``: a client-specific employer contact while the person's disclosure
  record says no employer contact;
- ``service_note_per_date`` (NC, NY), ``authorization_threshold`` (NC's 64 units),
  ``authorization_period`` (NC's 12 months), ``individual_service`` (NC), ``note_billable`` (NY),
  ``note_outside_plan``, ``on_site_support_disclosure``, ``follow_along_reassessment``,
  ``job_development_recorded`` (NY).

A check runs only for an episode with at least one record of practice (a service note, job,
follow-along plan, or an employer contact naming the person): a program that does not keep these
records yet is not told about each one missing. What is a data problem rather than a state's rule
(a link to a record not in the set, a job that ends before it starts, a wage under the minimum) stays
in ``practice.record_problems``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction, Rule
from ipsdocs.evidence import practice_notes
from ipsdocs.evidence.episodes import Episode
from ipsdocs.evidence.rules import EpisodeCheck, Finding, Judgement, Status, judged

PRACTICE_TYPES = frozenset({"service_note", "job_start", "job_end", "follow_along_plan"})


def _day(value: date) -> str:
    return value.isoformat()


def keeps_practice_records(episode: Episode) -> bool:
    return bool(episode.contacts) or any(r.record_type in PRACTICE_TYPES for r in episode.records)


def _seen(episode: Episode) -> list[date]:
    """Days the specialist saw the person: face-to-face notes, and employer visits with them present."""
    days = {n.service_date for n in episode.of_type("service_note") if n.face_to_face}
    days |= {c.contact_date for c in episode.contacts if c.face_to_face and c.client_present}
    return sorted(days)


def _any_between(days: list[date], first: date, last: date) -> bool:
    at = bisect_left(days, first)
    return at < len(days) and days[at] <= last


def _first_contact_score(days: int, state: Jurisdiction) -> int:
    practice = state.practice
    return practice.first_contact_score(days) if practice is not None else 0


def _first_employer_contact(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    admitted = episode.start
    if admitted is None or not keeps_practice_records(episode):
        return
    limit = rule.number("days")
    due = admitted + timedelta(days=limit)
    met = [(c.contact_date, c.record_id) for c in episode.contacts if c.face_to_face and c.contact_date >= admitted]
    met += [  # the person met that employer about a competitive job (IPS-25 Services 4)
        (j.start_date, j.record_id)
        for j in episode.of_type("job_start")
        if j.start_date >= admitted and j.competitive_integrated is not False
    ]
    first = min(met, default=None)
    task = "first face-to-face employer contact"
    if first is None:
        if as_of <= due and episode.is_open:
            yield judged(rule, episode, Status.DUE, due, task=task)
            return
        days = ((episode.discharged or as_of) - admitted).days
        what = (
            f"no face-to-face employer contact yet, {days} days after admission (due within {limit} days, "
            f"{rule.cite}; IPS-25 Services 4 anchor {_first_contact_score(days, state)})"
        )
        status = Status.OVERDUE if episode.is_open else Status.MISSED
        yield judged(rule, episode, status, due, what, task=task)
        return
    days = (first[0] - admitted).days
    if days <= limit:
        yield judged(rule, episode, Status.MET, due)
        return
    what = (
        f"first face-to-face employer contact {days} days after admission (due within {limit} days, "
        f"{rule.cite}; IPS-25 Services 4 anchor {_first_contact_score(days, state)})"
    )
    yield judged(rule, episode, Status.MISSED, due, (what, first[1]))


def _benefits_before(sessions: list[Any], linked: str | None, day: date, window: int) -> bool:
    if linked:
        return any(s.record_id == linked and s.session_date <= day for s in sessions)
    return any(day - timedelta(days=window) <= s.session_date <= day for s in sessions)


def _benefits_before_job_start(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    sessions = episode.of_type("benefits_counseling")
    window = rule.number("within_days")
    for job in episode.of_type("job_start"):
        if _benefits_before(sessions, job.benefits_counseling_id, job.start_date, window):
            yield judged(rule, episode, Status.MET, job.start_date)
        else:
            what = f"no benefits counseling before the job start of {_day(job.start_date)} ({rule.cite})"
            yield judged(rule, episode, Status.MISSED, job.start_date, (what, job.record_id))


def _benefits_at_change(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    sessions = episode.of_type("benefits_counseling")
    window = rule.number("within_days")
    for job in episode.of_type("job_start"):
        for change in job.changes:
            day = change.change_date
            if _benefits_before(sessions, change.benefits_counseling_id, day, window):
                yield judged(rule, episode, Status.MET, day)
            else:
                what = f"no benefits counseling for the change in hours or pay on {_day(day)} ({rule.cite})"
                yield judged(rule, episode, Status.MISSED, day, (what, job.record_id))


def _disclosure_before_job(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    jobs = episode.of_type("job_start")
    if not jobs:
        return
    first = min(jobs, key=lambda j: (j.start_date, j.record_id))
    if any(d.discussion_date <= first.start_date for d in episode.of_type("disclosure_discussion")):
        yield judged(rule, episode, Status.MET, first.start_date)
    else:
        what = f"disclosure was not discussed before the first job start ({rule.cite})"
        yield judged(rule, episode, Status.MISSED, first.start_date, (what, first.record_id))


def job_windows(start: date, rule: Rule) -> list[tuple[str, date, date]]:
    """IPS-25 Services 12's schedule: the week before, the days after, weekly for a month, monthly for a year."""
    before, after = rule.number("before_start_days"), rule.number("after_start_days")
    weeks, months = rule.number("weekly_weeks"), rule.number("monthly_months")
    windows = [
        ("the week before the start", start - timedelta(days=before), start),
        (f"the {after} days after the start", start + timedelta(days=1), start + timedelta(days=after)),
    ]
    for week in range(weeks):
        first = start + timedelta(days=7 * week + 1)
        windows.append((f"week {week + 1}", first, first + timedelta(days=6)))
    month_start = start + timedelta(days=7 * weeks + 1)
    for month in range(2, months + 1):
        windows.append((f"month {month}", month_start, month_start + timedelta(days=29)))
        month_start += timedelta(days=30)
    return windows


def _follow_along_contact(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    seen = _seen(episode)
    ends = {e.job_start_id: e.end_date for e in episode.of_type("job_end")}
    end_of_care = min(d for d in (episode.discharged, as_of) if d is not None)
    for job in episode.of_type("job_start"):
        until = min(d for d in (ends.get(job.record_id), end_of_care) if d is not None)
        windows = job_windows(job.start_date, rule)
        past = [w for w in windows if w[2] <= until]
        missed = [name for name, first, last in past if not _any_between(seen, first, last)]
        if missed:
            what = f"no face-to-face contact in {', '.join(missed)} ({rule.cite})"
            yield judged(rule, episode, Status.MISSED, past[-1][2], (what, job.record_id))
        elif past:
            yield judged(rule, episode, Status.MET, past[-1][2])
        current = next((w for w in windows if w[1] <= as_of < w[2]), None)
        if current and job.record_id not in ends and episode.is_open and not _any_between(seen, current[1], as_of):
            task = f"face-to-face follow-along contact ({current[0]}, {job.job_title})"
            yield judged(rule, episode, Status.DUE, current[2], task=task)


def _job_end_contact(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    seen = _seen(episode)
    limit = rule.number("days")
    for end in episode.of_type("job_end"):
        learned = end.learned_on or end.end_date
        due = learned + timedelta(days=limit)
        contact = end.first_contact_on
        if contact is None:
            later = bisect_left(seen, learned)
            contact = seen[later] if later < len(seen) else None
        if contact is not None and (contact - learned).days <= limit:
            yield judged(rule, episode, Status.MET, due)
        elif contact is None and as_of <= due:
            yield judged(rule, episode, Status.DUE, due, task="contact after the job end")
        else:
            when = "no contact recorded" if contact is None else f"first contact {(contact - learned).days} days later"
            what = f"after learning of the job end on {_day(learned)}: {when} (within {limit} days, {rule.cite})"
            status = Status.MISSED if contact is not None or not episode.is_open else Status.OVERDUE
            yield judged(rule, episode, status, due, (what, end.record_id), task="contact after the job end")


def _job_end_new_search(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    for end in episode.of_type("job_end"):
        if end.new_search_offered is True:
            yield judged(rule, episode, Status.MET, end.end_date)
        else:
            what = f"help with another job was not offered after the job ended ({rule.cite})"
            yield judged(rule, episode, Status.MISSED, end.end_date, (what, end.record_id))


def _privacy(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    discussions = episode.of_type("disclosure_discussion")
    for contact in episode.contacts:
        if contact.client_present:  # the person came along: their own choice to meet the employer
            continue
        earlier = [d for d in discussions if d.discussion_date <= contact.contact_date]
        latest = next((d for d in reversed(earlier) if d.employer_contact_consent is not None), None)
        if latest is None:
            continue
        if latest.employer_contact_consent is False:
            what = (
                f"privacy: employer contact {contact.record_id} on {_day(contact.contact_date)} was made on this "
                f"person's behalf, but their disclosure discussion {latest.record_id} records no consent to "
                f"employer contact ({rule.cite})"
            )
            yield judged(rule, episode, Status.MISSED, contact.contact_date, (what, contact.record_id))
        else:
            yield judged(rule, episode, Status.MET, contact.contact_date)


def _from_findings(rule: Rule, episode: Episode, findings: list[Finding], concerned: bool) -> Iterator[Judgement]:
    """A record-level check's findings as one judgement for the episode."""
    own = [(f.message, f.record_id) for f in findings if f.rule == rule.id]
    if own:
        yield judged(rule, episode, Status.MISSED, None, *own)
    elif concerned:
        yield judged(rule, episode, Status.MET)


def _kinds(episode: Episode) -> dict[str, list[Any]]:
    return {t: episode.of_type(t) for t in {r.record_type for r in episode.records}}


def _notes_rule(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    notes = episode.of_type("service_note")
    if not notes:
        return
    admissions = [episode.admission] if episode.admission is not None else []
    found = practice_notes.notes(_kinds(episode), admissions, state)
    yield from _from_findings(rule, episode, found, True)


def _service_note_per_date(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    if not keeps_practice_records(episode):
        return
    found = practice_notes.missing_notes(_kinds(episode), episode.contacts, rule.cite)
    yield from _from_findings(rule, episode, found, True)


def _follow_along_plans(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    plans = episode.of_type("follow_along_plan")
    if plans:
        found = practice_notes.follow_along_plans(_kinds(episode), state, as_of)
        yield from _from_findings(rule, episode, found, True)


def _job_development_recorded(episode: Episode, rule: Rule, state: Jurisdiction, as_of: date) -> Iterator[Judgement]:
    for job in episode.of_type("job_start"):
        if not job.found_through_job_development:
            continue
        if job.employer_contact_ids:
            yield judged(rule, episode, Status.MET, job.start_date)
        else:
            what = f"job_start.employer_contact_ids: found with job development; name its contacts ({rule.cite})"
            yield judged(rule, episode, Status.MISSED, job.start_date, (what, job.record_id))


CHECKS: tuple[EpisodeCheck, ...] = (
    EpisodeCheck("first_employer_contact", _first_employer_contact, numbers=("days",)),
    EpisodeCheck("benefits_before_job_start", _benefits_before_job_start, numbers=("within_days",)),
    EpisodeCheck("benefits_at_change", _benefits_at_change, numbers=("within_days",)),
    EpisodeCheck("disclosure_before_job", _disclosure_before_job),
    EpisodeCheck(
        "follow_along_contact",
        _follow_along_contact,
        numbers=("before_start_days", "after_start_days", "weekly_weeks", "monthly_months"),
    ),
    EpisodeCheck("job_end_contact", _job_end_contact, numbers=("days",)),
    EpisodeCheck("job_end_new_search", _job_end_new_search),
    EpisodeCheck("privacy_employer_contact", _privacy),
    EpisodeCheck("service_note_per_date", _service_note_per_date),
    EpisodeCheck("authorization_threshold", _notes_rule, numbers=("free_units",)),
    EpisodeCheck("authorization_period", _notes_rule, numbers=("months",)),
    EpisodeCheck("individual_service", _notes_rule),
    EpisodeCheck("note_billable", _notes_rule),
    EpisodeCheck("note_outside_plan", _notes_rule),
    EpisodeCheck("on_site_support_disclosure", _follow_along_plans),
    EpisodeCheck("follow_along_reassessment", _follow_along_plans),
    EpisodeCheck("job_development_recorded", _job_development_recorded),
)
"""The practice checks, in the order the audit lists their findings."""
