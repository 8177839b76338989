"""Generated records of everyday practice (issue 15) for one fictional person: service notes,
employer contacts, a job start and end, a follow-along plan, with the gaps real programs have.

Called by ``generate.generate(..., practice=True)`` (``--practice``). Each person's practice records
come from their own random stream, so the foundation documents are the same with or without them.
Gaps, marked on a record's ``gap`` so a test can check the audit finds exactly them:
``late_first_contact`` (first face-to-face employer contact after 30 days), ``missing_notes``
(dates of service without a note), ``job_end_without_follow_up`` (no contact, no new search offered).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

LAST_DAY = date(2026, 6, 30)
EMPLOYER_IDS = [f"EMP-{n:04d}" for n in range(1, 13)]


def practice_records(
    seed: int, index: int, base: dict, made: list[Any], generated: type, names: tuple[tuple, tuple]
) -> list[Any]:
    """``names``: the generator's employers and job titles (passed in: this module must not import it)."""
    EMPLOYERS, JOBS = names
    rng = random.Random(seed * 1_000_003 + index)
    client = base["person"]["client_id"]
    admission = next((m.data for m in made if m.record_type == "admission_discharge"), None)
    if admission is None:
        return []
    admitted = date.fromisoformat(admission["admission_date"])
    last = min(LAST_DAY, date.fromisoformat(admission.get("discharge_date") or LAST_DAY.isoformat()))
    out: list[Any] = []

    def add(record_type: str, stem: str, data: dict, gap: str = "") -> None:
        out.append(generated(index, client, record_type, stem, {"schema_version": 1, **data}, gap=gap))

    staff = {**base["staff"], "credentials": "QP"}
    late = rng.random() < 0.15
    first_contact = admitted + timedelta(days=rng.randrange(40, 120) if late else rng.randrange(3, 25))
    employer = rng.randrange(len(EMPLOYERS))
    job_day = first_contact + timedelta(days=rng.randrange(14, 60)) if rng.random() < 0.55 else None
    if job_day is not None and job_day > last - timedelta(days=10):
        job_day = None
    contact_days = [first_contact + timedelta(days=7 * w) for w in range(rng.randrange(1, 4))]
    for number, day in enumerate(d for d in contact_days if d <= last):
        add(
            "employer_contact",
            f"employer_contact-{number + 1}",
            {
                "record_type": "employer_contact",
                "record_id": f"EC-{client}-{number + 1}",
                "specialist": staff,
                "contact_date": day.isoformat(),
                "employer": {"employer_id": EMPLOYER_IDS[employer], "name": EMPLOYERS[employer], "industry": "Retail"},
                "mode": "in_person",
                "face_to_face": True,
                "client_ids": [client],
                "client_present": number == 0,
                "purpose": "present_client",
                "visit_number": number + 1,
                "matches_preferences": True,
                "outcome": "Asked about openings; will follow up next week.",
                "reviewed_by": "Alex Moreno, Team Lead",
                "reviewed_on": (day + timedelta(days=3)).isoformat(),
            },
            gap="late_first_contact" if late and number == 0 else "",
        )
    search_end = min(last, job_day or first_contact + timedelta(days=60))
    for week in range(max(0, (search_end - first_contact).days // 7)):
        if rng.random() < 0.7:  # generic contacts the search brings: no client named
            day = first_contact + timedelta(days=7 * week + rng.randrange(1, 6))
            other = rng.randrange(len(EMPLOYERS))
            review = (
                {}
                if rng.random() < 0.1
                else {"reviewed_by": "Alex Moreno, Team Lead", "reviewed_on": (day + timedelta(days=4)).isoformat()}
            )
            add(
                "employer_contact",
                f"employer_contact-generic-{week + 1}",
                {
                    "record_type": "employer_contact",
                    "record_id": f"EC-{client}-G{week + 1}",
                    "specialist": staff,
                    "contact_date": day.isoformat(),
                    "mode": "in_person",
                    "face_to_face": True,
                    "purpose": "learn_needs",
                    "employer": {"employer_id": EMPLOYER_IDS[other], "name": EMPLOYERS[other], "industry": "Retail"},
                    "outcome": "Learned about the hiring season; left the program's card.",
                    **review,
                },
            )
    served = {
        m.data.get("session_date") or m.data.get("discussion_date")
        for m in made
        if m.record_type in ("benefits_counseling", "disclosure_discussion")
    }
    served.add(first_contact.isoformat())
    missing = rng.random() < 0.1
    days = sorted(
        {admitted + timedelta(days=7 * w + 1) for w in range((last - admitted).days // 7)}
        | {date.fromisoformat(d) for d in served if d}
    )
    if job_day is not None:
        days = sorted(set(days) | {job_day - timedelta(days=2), job_day + timedelta(days=2)})
    days = [d for d in days if admitted <= d <= last]
    must = {date.fromisoformat(d) for d in served if d}
    days = sorted(must | set([d for d in days if d not in must][: max(0, 50 - len(must))]))
    for number, day in enumerate(days):
        if missing and day.isoformat() in served:
            continue
        phase = "engagement" if day < first_contact else ("follow_along" if job_day and day > job_day else "job_search")
        kind = {"engagement": "career_profile", "job_search": "job_development", "follow_along": "follow_along"}[phase]
        add(
            "service_note",
            f"service_note-{number + 1}",
            {
                "record_type": "service_note",
                "record_id": f"SN-{client}-{number + 1}",
                "person": base["person"],
                "staff": staff,
                "service_date": day.isoformat(),
                "duration_minutes": rng.choice([30, 45, 60]),
                "place": rng.choice(["coffee_shop", "library", "home", "employer_site"]),
                "face_to_face": True,
                "contact_with": ["person"],
                "service_type": kind,
                "phase": phase,
                "objective_addressed": "Find a part-time job that fits the plan",
                "intervention": "Reviewed the week's applications and planned two employer visits.",
                "response": "Engaged; chose which employers to visit first.",
                "next_steps": "Meet next week.",
            },
            gap="missing_notes" if missing and number == 0 else "",
        )
    if job_day is None:
        return out
    job_id = f"JS-{client}-1"
    benefit = next((m.data for m in made if m.record_type == "benefits_counseling"), {})
    add(
        "job_start",
        "job_start",
        {
            "record_type": "job_start",
            "record_id": job_id,
            "person": base["person"],
            "staff": base["staff"],
            "employer_id": EMPLOYER_IDS[employer],
            "employer_name": EMPLOYERS[employer],
            "job_title": rng.choice(JOBS),
            "start_date": job_day.isoformat(),
            "hours_per_week": rng.choice([16, 20, 24, 30]),
            "hourly_wage": f"{rng.uniform(12, 19):.2f}",
            "minimum_wage": "7.25",
            "employment_type": "permanent",
            "arrangement": "individual_community",
            "competitive_test": "nc",
            "cie_answers": [
                {"condition": c, "answer": "yes"}
                for c in ("integrated_community", "paid_minimum_wage", "not_set_aside")
            ],
            "found_through_job_development": True,
            "employer_contact_ids": [f"EC-{client}-1"],
            "disclosure_at_employer": "partial",
            "benefits_counseling_id": benefit.get("record_id"),
        },
    )
    add(
        "follow_along_plan",
        "follow_along_plan",
        {
            "record_type": "follow_along_plan",
            "record_id": f"FA-{client}-1",
            "person": base["person"],
            "staff": base["staff"],
            "plan_date": (job_day + timedelta(days=2)).isoformat(),
            "job_start_id": job_id,
            "supports": [
                {
                    "support": "Check-in after a shift",
                    "provider": "specialist",
                    "frequency": "Weekly",
                    "modality": "in_person",
                    "location": "off_site",
                }
            ],
            "natural_supports": "A sister who calls weekly.",
            "fading_plan": "Monthly after the first month.",
            "need_assessed_on": (job_day + timedelta(days=2)).isoformat(),
            "need_level": "moderate",
            "time_unlimited_explained": True,
        },
    )
    ended = job_day + timedelta(days=rng.randrange(20, 120))
    if rng.random() < 0.3 and ended <= last:
        no_follow_up = rng.random() < 0.5
        end = {
            "record_type": "job_end",
            "record_id": f"JE-{client}-1",
            "person": base["person"],
            "staff": base["staff"],
            "job_start_id": job_id,
            "end_date": ended.isoformat(),
            "learned_on": ended.isoformat(),
            "reason": rng.choice(["quit", "laid_off", "dismissed"]),
            "lessons_learned": "Prefers a shorter commute.",
            "new_search_offered": not no_follow_up,
        }
        if not no_follow_up:
            end |= {
                "first_contact_on": (ended + timedelta(days=1)).isoformat(),
                "new_search_offered_on": (ended + timedelta(days=1)).isoformat(),
                "person_choice": "new_search",
            }
        add("job_end", "job_end", end, gap="job_end_without_follow_up" if no_follow_up else "")
        if not no_follow_up and not missing:
            follow = None
            for item in reversed(out):
                if item.record_type == "service_note":
                    follow = dict(item.data)
                    break
            if follow is not None:
                day = (ended + timedelta(days=1)).isoformat()
                add(
                    "service_note",
                    "service_note-job-end",
                    follow | {"record_id": f"SN-{client}-end", "service_date": day},
                )
    return out
