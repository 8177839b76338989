"""The employer-contact weekly log per specialist, and its findings (IPS-25 Services 6).

Each specialist's face-to-face employer contacts are counted per week (Monday to Sunday) against
the profile's target: ``employer_contacts_per_week`` (6), or ``contacts_per_person_looking`` (2)
times the number of people looking for work when fewer than ``few_looking`` (3) are looking. A
person is looking in a week when they are admitted, not discharged, and hold no job that week; the
specialist is the staff member of their admission form. Every contact should be reviewed by a
supervisor within ``supervisor_review_days`` (7) of the end of its week.

One pass over the contacts and one over each specialist's people: no scan per week of every record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ipsdocs.definitions.jurisdiction import Jurisdiction

S6 = "IPS-25 Services 6"


@dataclass(frozen=True)
class Week:
    """One line of a specialist's weekly tracking form."""

    specialist: str
    monday: date
    face_to_face: int
    contacts: int
    looking: int
    target: int
    unreviewed: int

    @property
    def met(self) -> bool:
        return self.face_to_face >= self.target


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _spans(records: Iterable[Any]) -> tuple[str, date, date | None, list[tuple[date, date | None]]] | None:
    """(specialist, admitted, discharged, [(job start, job end)]) of one person."""
    records = [getattr(r, "record", r) for r in records]
    admissions = sorted((r for r in records if r.record_type == "admission_discharge"), key=lambda r: r.admission_date)
    if not admissions:
        return None
    ends = {r.job_start_id: r.end_date for r in records if r.record_type == "job_end"}
    jobs = [(r.start_date, ends.get(r.record_id)) for r in records if r.record_type == "job_start"]
    return admissions[0].staff.name, admissions[0].admission_date, admissions[-1].discharge_date, jobs


def _looking_weeks(spans: Iterable[Any], last: date) -> dict[date, int]:
    """People looking for work per week (Monday -> count), by a sweep over each person's weeks.

    A person looks from their admission's week to their discharge's week, except the weeks a job
    of theirs covers: +1 and -1 at each range's ends, then one running sum (no scan per week).
    """
    step: dict[date, int] = defaultdict(int)
    week = timedelta(days=7)
    for _, admitted, discharged, jobs in spans:
        until = _monday(discharged) if discharged is not None else _monday(last)
        ranges = [(_monday(admitted), until)]
        for start, end in sorted(jobs):
            first, stop = _monday(start), (_monday(end) if end is not None else _monday(last))
            kept = []
            for low, high in ranges:  # remove the job's weeks from the looking ranges
                if stop < low or first > high:
                    kept.append((low, high))
                    continue
                if low < first:
                    kept.append((low, first - week))
                if stop < high:
                    kept.append((stop + week, high))
            ranges = kept
        for low, high in ranges:
            step[low] += 1
            step[high + week] -= 1
    counts: dict[date, int] = {}
    running = 0
    for monday in sorted(step):
        running += step[monday]
        counts[monday] = running
    return counts


def _count_on(counts: dict[date, int], mondays: list[date], monday: date) -> int:
    from bisect import bisect_right

    at = bisect_right(mondays, monday)
    return counts[mondays[at - 1]] if at else 0


def weekly_log(index: Any, people: Mapping[str, Iterable[Any]], rules: Jurisdiction, as_of: date | None) -> list[Week]:
    """Every specialist's weeks, from their first contact's week to the last full week before ``as_of``."""
    practice = rules.practice
    if practice is None or as_of is None or not index.contacts:
        return []
    by_specialist: dict[str, list[Any]] = defaultdict(list)
    for contact in index.contacts:
        by_specialist[contact.specialist.name].append(contact)
    caseloads: dict[str, list[Any]] = defaultdict(list)
    for records in people.values():
        span = _spans(records)
        if span is not None:
            caseloads[span[0]].append(span)
    last_monday = _monday(as_of) - timedelta(days=7)
    contacts, review = rules.rule("employer_contacts_per_week"), rules.rule("supervisor_review")
    per_week, few, per_person = (contacts.number(n) for n in ("per_week", "few_looking", "per_person_looking"))
    weeks = []
    for name in sorted(by_specialist):
        looking_by_week = _looking_weeks(caseloads.get(name, ()), as_of)
        mondays = sorted(looking_by_week)
        counts: dict[date, list[Any]] = defaultdict(list)
        for contact in by_specialist[name]:
            counts[_monday(contact.contact_date)].append(contact)
        monday = min(counts)
        while monday <= last_monday:
            made = counts.get(monday, [])
            looking = _count_on(looking_by_week, mondays, monday)
            target = per_week if looking >= few else per_person * looking
            deadline = monday + timedelta(days=6 + (review.number("days") if review.applies else 10**5))
            unreviewed = sum(1 for c in made if c.reviewed_on is None or c.reviewed_on > deadline)
            face = sum(1 for c in made if c.face_to_face)
            weeks.append(Week(name, monday, face, len(made), looking, target, unreviewed))
            monday += timedelta(days=7)
    return weeks


def specialist_rows(
    index: Any,
    people: Mapping[str, Iterable[Any]],
    rules: Jurisdiction,
    as_of: date | None,
    log: list[Week] | None = None,
) -> list[tuple[str, int, list[str]]]:
    """(specialist, contacts, findings) for the audit summary (``log``: the weekly log, if made already)."""
    practice = rules.practice
    log = weekly_log(index, people, rules, as_of) if log is None else log
    by_name: dict[str, list[Week]] = defaultdict(list)
    for week in log:
        by_name[week.specialist].append(week)
    counts: dict[str, int] = defaultdict(int)
    for contact in index.contacts:
        counts[contact.specialist.name] += 1
    rows = []
    for name in sorted(counts):
        weeks = by_name.get(name, [])
        findings = []
        short = [w for w in weeks if not w.met]
        rule = rules.rule("employer_contacts_per_week")
        if short and practice is not None and rule.applies:
            shown = ", ".join(f"{w.monday.isoformat()} ({w.face_to_face} of {w.target})" for w in short[:4])
            more = " …" if len(short) > 4 else ""
            findings.append(
                f"{len(short)} of {len(weeks)} week(s) below the target of face-to-face employer contacts "
                f"({rule.words('summary', **rule.numbers)}; {rule.cite}): weeks of {shown}{more}"
            )
        findings += _preference_match(index.contacts, name, practice)
        unreviewed = sum(w.unreviewed for w in weeks)
        if unreviewed and practice is not None:
            findings.append(
                f"{unreviewed} employer contact(s) not reviewed by a supervisor within "
                f"{rules.rule('supervisor_review').number('days')} days of their week ({S6})"
            )
        rows.append((f"{name} (employer contacts)", counts[name], findings))
    return rows


def _preference_match(contacts: Iterable[Any], name: str, practice: Any) -> list[str]:
    """IPS-25 Services 5: client-specific contacts consistent with the person's preferences (answered ones)."""
    answered = [
        c.matches_preferences
        for c in contacts
        if c.specialist.name == name and c.client_ids and c.matches_preferences is not None
    ]
    if not answered or practice is None:
        return []
    percent = 100 * sum(answered) / len(answered)
    score = practice.preference_match_score(percent)
    if score == 5:
        return []
    return [
        f"{percent:.0f}% of {len(answered)} client-specific employer contact(s) consistent with the person's "
        f"preferences (IPS-25 Services 5 anchor {score})"
    ]


LOG_NAME = "employer-contact-log.csv"
"""The weekly tracking form of every specialist, one line per specialist and week, beside the audit summary."""


def weekly_log_csv(log: list[Week]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["specialist", "week_of", "face_to_face", "all_contacts", "people_looking", "target", "met", "unreviewed"]
    )
    for w in log:
        writer.writerow(
            [
                w.specialist,
                w.monday.isoformat(),
                w.face_to_face,
                w.contacts,
                w.looking,
                w.target,
                "yes" if w.met else "no",
                w.unreviewed,
            ]
        )
    return buffer.getvalue().encode("utf-8")
