"""Generated records of everyday practice (issue 15) for one fictional person: service notes,
employer contacts, a job start and end, a follow-along plan, with the gaps real programs have.

Called by ``generate.generate(..., practice=True)`` (``--practice``). Each person's practice records
come from their own random stream, so the foundation documents are the same with or without them.
Gaps, marked on a record's ``gap`` (comma-separated) so a test can check the audit finds exactly them:
``late_first_contact`` (first face-to-face employer contact after 30 days), ``missing_notes``
(dates of service without a note), ``job_end_without_follow_up`` (no contact, no new search offered),
``contact_without_consent`` (a visit naming a person who gave no consent to employer contact) and
``no_authorization`` (NC: more than 64 units and no authorization on the admission form).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

LAST_DAY = date(2026, 6, 30)
EMPLOYER_IDS = [f"EMP-{n:04d}" for n in range(1, 13)]


@dataclass
class _Person:
    """One person's practice records being made, with the dates every part needs."""

    rng: random.Random
    base: dict
    made: list[Any]
    names: tuple[tuple, tuple]
    add: Callable[..., None]
    out: list[Any]
    admitted: date
    last: date
    late: bool = False
    first_contact: date = date.min
    job_day: date | None = None
    employer: int = 0
    missing: bool = False

    @property
    def client(self) -> str:
        return self.base["person"]["client_id"]

    @property
    def office_tenths(self) -> int:
        """Notes in ten written at the office: 1 to 6 by specialist, without drawing on the random stream."""
        return 1 + sum(map(ord, self.base["staff"]["name"])) % 6

    @property
    def job_type(self) -> str:
        """IPS-25 Services 10: about one job in ten temporary and one seasonal, the rest permanent (no draw)."""
        return {0: "temporary", 1: "seasonal"}.get(sum(map(ord, self.client)) % 10, "permanent")

    @property
    def staff(self) -> dict:
        return {**self.base["staff"], "credentials": "QP"}

    def mark(self, gap: str) -> None:
        """Note a gap made on purpose on the person's first practice record (``gap`` lists them, comma-separated)."""
        if self.out:
            self.out[0].gap = ",".join(g for g in (self.out[0].gap, gap) if g)

    def employer_of(self, number: int) -> dict:
        return {"employer_id": EMPLOYER_IDS[number], "name": self.names[0][number], "industry": "Retail"}

    def plan_dates(self) -> None:
        rng = self.rng
        self.late = rng.random() < 0.15
        self.first_contact = self.admitted + timedelta(
            days=rng.randrange(40, 120) if self.late else rng.randrange(3, 25)
        )
        self.employer = rng.randrange(len(self.names[0]))
        self.job_day = self.first_contact + timedelta(days=rng.randrange(14, 60)) if rng.random() < 0.55 else None
        if self.job_day is not None and self.job_day > self.last - timedelta(days=10):
            self.job_day = None

    def contacts(self) -> None:
        """Client-specific visits from the first contact on, and generic ones during the search."""
        rng = self.rng
        days = [self.first_contact + timedelta(days=7 * w) for w in range(rng.randrange(1, 4))]
        breach, breached = rng.random() < 0.2, False  # a few visits name a person who gave no consent
        for number, day in enumerate(d for d in days if d <= self.last):
            data = {**self._contact(f"EC-{self.client}-{number + 1}", day, self.employer_of(self.employer))}
            refused = number > 0 and self.consent_on(day) is False  # the person is not there to choose
            named = not refused or breach
            gap = "contact_without_consent" if refused and breach and not breached else ""
            breached = breached or bool(gap)
            gap = ",".join(g for g in ("late_first_contact" if self.late and not number else "", gap) if g)
            data |= {"client_ids": [self.client] if named else [], "client_present": number == 0}
            data |= {"purpose": "present_client"}
            data |= {"visit_number": number + 1, "matches_preferences": True}
            data |= {"reviewed_by": "Alex Moreno, Team Lead", "reviewed_on": (day + timedelta(days=3)).isoformat()}
            self.add("employer_contact", f"employer_contact-{number + 1}", data, gap)
        search_end = min(self.last, self.job_day or self.first_contact + timedelta(days=60))
        for week in range(max(0, (search_end - self.first_contact).days // 7)):
            if rng.random() < 0.7:  # generic contacts the search brings: no client named
                day = self.first_contact + timedelta(days=7 * week + rng.randrange(1, 6))
                data = self._contact(
                    f"EC-{self.client}-G{week + 1}", day, self.employer_of(rng.randrange(len(self.names[0])))
                )
                if rng.random() >= 0.1:  # one in ten is never reviewed by the supervisor
                    data |= {
                        "reviewed_by": "Alex Moreno, Team Lead",
                        "reviewed_on": (day + timedelta(days=4)).isoformat(),
                    }
                self.add("employer_contact", f"employer_contact-generic-{week + 1}", data | {"purpose": "learn_needs"})

    def consent_on(self, day: date) -> bool | None:
        """The person's answer on employer contact in their latest disclosure discussion by ``day``."""
        talks = sorted(
            (m.data["discussion_date"], m.data.get("employer_contact_consent"))
            for m in self.made
            if m.record_type == "disclosure_discussion" and m.data["discussion_date"] <= day.isoformat()
        )
        return talks[-1][1] if talks else None

    def _contact(self, record_id: str, day: date, employer: dict) -> dict:
        return {
            "record_type": "employer_contact",
            "record_id": record_id,
            "specialist": self.staff,
            "contact_date": day.isoformat(),
            "mode": "in_person",
            "face_to_face": True,
            "employer": employer,
            "outcome": "Asked about openings; will follow up next week.",
        }

    def served_days(self) -> set[date]:
        """Dates of service other records show: disclosure and benefits sessions, the visit with the person,
        the follow-along plan written with them."""
        found = {
            m.data.get("session_date") or m.data.get("discussion_date")
            for m in self.made
            if m.record_type in ("benefits_counseling", "disclosure_discussion")
        }
        days = {date.fromisoformat(d) for d in found if d} | {self.first_contact}
        return days | ({self.job_day + timedelta(days=2)} if self.job_day else set())  # the follow-along plan

    def notes(self) -> None:
        """About weekly notes (at most 50), one on every other date of service unless notes go missing."""
        rng, admitted = self.rng, self.admitted
        served = self.served_days()
        self.missing = rng.random() < 0.1
        weekly = {admitted + timedelta(days=7 * w + 1) for w in range((self.last - admitted).days // 7)}
        if self.job_day is not None:
            weekly |= {self.job_day - timedelta(days=2), self.job_day + timedelta(days=2)}
        others = sorted(d for d in weekly - served if admitted <= d <= self.last)
        days = sorted({d for d in served if admitted <= d <= self.last} | set(others[: max(0, 50 - len(served))]))
        for number, day in enumerate(days):
            if self.missing and day in served:
                continue
            note = self._note(f"SN-{self.client}-{number + 1}", day)
            if number % 10 < self.office_tenths:
                note["place"] = "office"  # IPS-25 Services 13: some time in the office, more for some specialists
            self.add("service_note", f"service_note-{number + 1}", note)
        if self.missing:
            self.mark("missing_notes")

    def _note(self, record_id: str, day: date) -> dict:
        job_day = self.job_day
        phase = (
            "engagement"
            if day < self.first_contact
            else ("follow_along" if job_day and day > job_day else "job_search")
        )
        kind = {"engagement": "career_profile", "job_search": "job_development", "follow_along": "follow_along"}[phase]
        return {
            "record_type": "service_note",
            "record_id": record_id,
            "person": self.base["person"],
            "staff": self.staff,
            "service_date": day.isoformat(),
            "duration_minutes": self.rng.choice([30, 45, 60]),
            "place": self.rng.choice(["coffee_shop", "library", "home", "employer_site"]),
            "face_to_face": True,
            "contact_with": ["person"],
            "service_type": kind,
            "phase": phase,
            "objective_addressed": "Find a part-time job that fits the plan",
            "intervention": "Reviewed the week's applications and planned two employer visits.",
            "response": "Engaged; chose which employers to visit first.",
            "next_steps": "Meet next week.",
        }

    def job(self) -> None:
        """A job start and its follow-along plan; for some, the job ends (half of those without follow-up)."""
        if self.job_day is None:
            return
        rng, job_day, who = self.rng, self.job_day, {"person": self.base["person"], "staff": self.base["staff"]}
        benefit = next((m.data for m in self.made if m.record_type == "benefits_counseling"), {})
        answers = [
            {"condition": c, "answer": "yes"} for c in ("integrated_community", "paid_minimum_wage", "not_set_aside")
        ]
        job_id = f"JS-{self.client}-1"
        self.add(
            "job_start",
            "job_start",
            {
                "record_type": "job_start",
                "record_id": job_id,
                **who,
                "employer_id": EMPLOYER_IDS[self.employer],
                "employer_name": self.names[0][self.employer],
                "job_title": rng.choice(self.names[1]),
                "start_date": job_day.isoformat(),
                "hours_per_week": rng.choice([16, 20, 24, 30]),
                "hourly_wage": f"{rng.uniform(12, 19):.2f}",
                "minimum_wage": "7.25",
                "employment_type": self.job_type,
                "arrangement": "individual_community",
                "competitive_test": "nc",
                "cie_answers": answers,
                "found_through_job_development": True,
                "employer_contact_ids": [f"EC-{self.client}-1"],
                "disclosure_at_employer": "partial",
                "benefits_counseling_id": benefit.get("record_id"),
            },
        )
        planned = (job_day + timedelta(days=2)).isoformat()
        support = {
            "support": "Check-in after a shift",
            "provider": "specialist",
            "frequency": "Weekly",
            "modality": "in_person",
            "location": "off_site",
        }
        self.add(
            "follow_along_plan",
            "follow_along_plan",
            {
                "record_type": "follow_along_plan",
                "record_id": f"FA-{self.client}-1",
                **who,
                "plan_date": planned,
                "job_start_id": job_id,
                "supports": [support],
                "natural_supports": "A sister who calls weekly.",
                "fading_plan": "Monthly after the first month.",
                "need_assessed_on": planned,
                "need_level": "moderate",
                "time_unlimited_explained": True,
            },
        )
        ended = job_day + timedelta(days=rng.randrange(20, 120))
        if rng.random() < 0.3 and ended <= self.last:
            self._job_end(job_id, ended, no_follow_up=rng.random() < 0.5)

    def authorization(self, admission: dict, out: list[Any]) -> None:
        """NC: most people are authorized (on the admission form) before their 64th unit; a few are not."""
        units, crossed = 0, None
        for item in sorted((o for o in out if o.record_type == "service_note"), key=lambda o: o.data["service_date"]):
            units += item.data["duration_minutes"] // 15
            if crossed is None and units > 64:
                crossed = date.fromisoformat(item.data["service_date"])
        if crossed is None:
            return
        if self.rng.random() < 0.1:
            self.mark("no_authorization")
            return
        start = min(crossed, self.admitted + timedelta(days=self.rng.randrange(50, 90)))
        admission |= {
            "authorization_number": f"AUTH-{self.client}",
            "authorization_start": start.isoformat(),
            "authorization_end": (start + timedelta(days=364)).isoformat(),
        }

    def _job_end(self, job_id: str, ended: date, no_follow_up: bool) -> None:
        who = {"person": self.base["person"], "staff": self.base["staff"]}
        end = {
            "record_type": "job_end",
            "record_id": f"JE-{self.client}-1",
            **who,
            "job_start_id": job_id,
            "end_date": ended.isoformat(),
            "learned_on": ended.isoformat(),
            "reason": self.rng.choice(["quit", "laid_off", "dismissed"]),
            "lessons_learned": "Prefers a shorter commute.",
            "new_search_offered": not no_follow_up,
        }
        next_day = (ended + timedelta(days=1)).isoformat()
        if not no_follow_up:
            end |= {"first_contact_on": next_day, "new_search_offered_on": next_day, "person_choice": "new_search"}
        self.add("job_end", "job_end", end, "job_end_without_follow_up" if no_follow_up else "")
        if not no_follow_up and not self.missing:  # the contact after the job end has its note
            note = self._note(f"SN-{self.client}-end", ended + timedelta(days=1))
            self.add("service_note", "service_note-job-end", note)


def practice_records(
    seed: int, index: int, base: dict, made: list[Any], generated: type, names: tuple[tuple, tuple]
) -> list[Any]:
    """One person's practice records. ``base`` holds their person and staff; ``made`` their foundation
    records; ``names`` the generator's employers and job titles (passed in: this module must not import it)."""
    admission = next((m.data for m in made if m.record_type == "admission_discharge"), None)
    if admission is None:
        return []
    out: list[Any] = []
    client = base["person"]["client_id"]

    def add(record_type: str, stem: str, data: dict, gap: str = "") -> None:
        out.append(generated(index, client, record_type, stem, {"schema_version": 1, **data}, gap=gap))

    admitted = date.fromisoformat(admission["admission_date"])
    last = min(LAST_DAY, date.fromisoformat(admission.get("discharge_date") or LAST_DAY.isoformat()))
    person = _Person(random.Random(seed * 1_000_003 + index), base, made, names, add, out, admitted, last)
    person.plan_dates()
    person.contacts()
    person.notes()
    person.job()
    person.authorization(admission, out)
    return out
