"""A seeded generator of realistic, valid records for any number of fictional people.

For benchmarks, tests and demonstrations of a batch: each person gets the six foundation
documents (admission form, career profile, employment plan, disclosure discussions, benefits
counseling, and for some a discharge plan), with the gaps real programs have (a late career
profile, disclosure discussed once, no benefits counseling at initiation, a discharge without a
plan) so the timeliness findings have something to find. ``broken=N`` adds N records that are
deliberately invalid, each a different way, and says which they are.

    python -m ipsdocs.definitions.generate --people 200 --out records/            # one file per record
    python -m ipsdocs.definitions.generate --people 200 --jsonl export.jsonl      # an EHR-style export

All dates fall between 2024 and mid-2026, so the records stay valid (no future dates) whatever
day they are read, and the same seed always gives the same records.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST = ["Marisol", "Darnell", "Aisha", "Tomas", "Keisha", "Wei", "Priya", "Jamal", "Rosa", "Ethan", "Lucia"]
FIRST += ["Andre", "Fatima", "Owen", "Grace", "Mateo", "Nia", "Samuel", "Leah", "Hector", "Imani", "Connor"]
FIRST += ["Yusuf", "Brianna", "Diego", "Hannah", "Malik", "Sofia", "Trevor", "Amara", "Luis", "Chloe"]
LAST = ["Vega", "Price", "Okafor", "Nguyen", "Johnson", "Alvarez", "Chen", "Patel", "Brooks", "Rivera", "Campbell"]
LAST += ["Haddad", "Morales", "Bennett", "Ward", "O'Neal-Price", "Kowalski", "Tran", "Ellison", "Ramirez"]
LAST += ["Whitfield", "Singh", "Duarte", "Castillo", "Barnes", "Fontaine"]
STAFF = ("Jordan Ellis", "Priya Raman", "Marcus Hill", "Dana Whitaker", "Luz Ortega", "Sam Adebayo")
EMPLOYERS = (
    "Harbor Street Bakery",
    "Greenway Grocers",
    "Lakeside Diner",
    "Metro Distribution & Sons",
    "QuickShine Car Wash",
    "Riverside Library",
    "Oak Hill Hardware",
    "Sunrise Senior Living",
    "City Parks Department",
    "Blue Door Café",
    "Tech Repair Hub",
    "Fresh Mart",
)
JOBS = (
    "Counter associate",
    "Cashier",
    "Stocker",
    "Prep cook",
    "Dishwasher",
    "Warehouse picker",
    "Library aide",
    "Groundskeeper",
    "Front desk clerk",
    "Phone repair technician",
    "Housekeeper",
)
GOALS = (
    "work mornings at a bakery or café",
    "repair phones and laptops",
    "work outdoors with plants",
    "get back into retail with a steady schedule",
    "work in a library or a quiet office",
    "cook in a restaurant kitchen",
    "drive deliveries part time",
)
PLACES = ("Café on Main Street", "the person's home", "Public library", "Community center", "Park", "Office")
ANCHOR = date(2024, 1, 8)
LAST_ADMISSION_DAY = 700  # admissions until early December 2025; every later date stays before mid-2026
BROKEN_KINDS = (
    "future_date",
    "unknown_choice",
    "missing_field",
    "one_area",
    "unknown_type",
    "extra_field",
    "corrupt",
    "duplicate_id",
)


@dataclass
class Generated:
    """One record as it will be written: its person, a file stem, and its data (text when corrupt)."""

    person: int
    client_id: str
    record_type: str
    stem: str
    data: dict[str, Any] | str
    broken: str = ""
    gap: str = ""
    """A practice gap the generator made on purpose (``generate_practice``), for tests of the audit."""


def generate(people: int, seed: int = 1, broken: int = 0, practice: bool = False) -> list[Generated]:
    """Records for ``people`` fictional people; ``broken`` of them made invalid, each differently;
    with ``practice``, also their service notes, employer contacts and jobs (issue 15)."""
    from ipsdocs.definitions.generate_practice import practice_records

    rng = random.Random(seed)
    records: list[Generated] = []
    for index in range(people):
        made = _person(rng, index)
        records += made
        if practice and made:
            records += practice_records(seed, index, made[0].data, made, Generated, (EMPLOYERS, JOBS))  # type: ignore[arg-type]
    for number in range(broken):
        _break(rng, records, BROKEN_KINDS[number % len(BROKEN_KINDS)])
    return records


def _day(value: date) -> str:
    return value.isoformat()


def _text(rng: random.Random, *sentences: str) -> str:
    return " ".join(rng.sample(sentences, k=max(1, len(sentences) - 1)))


def _person(rng: random.Random, index: int) -> list[Generated]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    client_id = f"GEN-{index + 1:05d}"
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
    person = {"name": name, "client_id": client_id, "date_of_birth": _day(born)}
    staff = {"name": rng.choice(STAFF), "role": "Employment Support Professional"}
    admitted = ANCHOR + timedelta(days=rng.randrange(0, LAST_ADMISSION_DAY))
    base = {"schema_version": 1, "person": person, "staff": staff}
    goal = rng.choice(GOALS)
    made = [
        _admission(rng, base, client_id, admitted),
        _profile(rng, base, client_id, admitted, goal),
        _plan(rng, base, client_id, admitted, goal),
        *_disclosures(rng, base, client_id, admitted),
        *_benefits(rng, base, client_id, admitted),
    ]
    discharged = next(m for m in made if m.record_type == "admission_discharge").data.get("discharge_date")  # type: ignore[union-attr]
    if discharged and rng.random() > 0.2:
        made.append(_discharge_plan(rng, base, client_id, date.fromisoformat(discharged)))
    if rng.random() < 0.06:
        made = [m for m in made if m.record_type != "admission_discharge"]
    for item in made:
        item.person = index
    return made


def _admission(rng: random.Random, base: dict, client_id: str, admitted: date) -> Generated:
    areas = ["congregate_setting", "co_occurring", "crisis", "office_services", "daily_living", "justice"]
    data = {
        **base,
        "record_type": "admission_discharge",
        "record_id": f"AD-{client_id}",
        "admission_date": _day(admitted),
        "referral_source": rng.choice(["self", "treatment_team", "family", "vocational_rehabilitation"]),
        "criterion_a_smi": True,
        "criterion_a_primary_sud": rng.random() < 0.2,
        "criterion_b_areas": [] if rng.random() < 0.04 else rng.sample(areas, k=rng.choice([2, 2, 3, 4])),
        "criterion_c_desire_to_work": True,
        "criterion_c_employment_pattern": True,
        "criterion_c_needs_assistance": True,
        "employment_status_at_admission": rng.choice(["unemployed", "unemployed", "competitive_part_time"]),
    }
    if rng.random() < 0.4:
        data["discharge_date"] = _day(admitted + timedelta(days=rng.randrange(120, 200)))
        data["discharge_reason"] = rng.choice(["requested", "moved", "medical", "no_longer_eligible"])
        data["employment_status_at_discharge"] = rng.choice(["competitive_part_time", "competitive_full_time"])
    return Generated(0, client_id, "admission_discharge", "admission_discharge", data)


def _profile(rng: random.Random, base: dict, client_id: str, admitted: date, goal: str) -> Generated:
    late = rng.random() < 0.2
    first = admitted + timedelta(days=rng.randrange(1, 6))
    gaps = [rng.randrange(5, 9) for _ in range(rng.choice([2, 3, 3]) - 1)]
    if late:
        gaps[-1] += 30
    days = [first]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    jobs = []
    end = admitted - timedelta(days=rng.randrange(60, 900))
    for _ in range(rng.randrange(1, 4)):
        start = end - timedelta(days=rng.randrange(120, 900))
        jobs.append(
            {
                "employer": rng.choice(EMPLOYERS),
                "job_title": rng.choice(JOBS),
                "start_date": _day(start),
                "end_date": _day(end),
                "hours_per_week": rng.choice([12, 20, 24, 30, 40]),
                "hourly_wage": f"{rng.uniform(9, 19):.2f}",
                "reason_left": rng.choice(
                    ["Seasonal", "Moved", "Hospitalization", "Schedule conflict", "Store closed"]
                ),
                "lessons_learned": _text(
                    rng,
                    "Liked the regular customers.",
                    "Found evening shifts hard on sleep.",
                    "Does best with a *written* task list.",
                    "Enjoyed working on a small team.",
                ),
            }
        )
        end = start - timedelta(days=rng.randrange(30, 400))
    data = {
        **base,
        "record_type": "career_profile",
        "record_id": f"CP-{client_id}",
        "admission_date": _day(admitted),
        "sessions": [{"session_date": _day(d), "location": rng.choice(PLACES)} for d in days],
        "completed_on": _day(days[-1]),
        "work_history_summary": f"Has worked as {', '.join(j['job_title'].lower() for j in jobs)}. "
        + _text(rng, "Left work during a hospital stay.", "Prefers predictable schedules.", "Volunteered at church."),
        "jobs": jobs,
        "employment_goals": f'"I want to {goal}." Short term: a part-time job within three months.',
        "preferred_job_types": rng.sample(JOBS, k=2),
        "preferred_hours_per_week": rng.choice([15, 20, 24, 30]),
        "preferences": "- Daytime shifts\n- On a bus line\n- A small team & a steady routine",
        "strengths": _text(
            rng,
            "Reliable and early.",
            "Friendly with customers.",
            "Careful with details.",
            "Learns quickly by watching.",
        ),
        "barrier_areas": rng.sample(["transportation", "work_history", "housing", "justice", "child_care"], k=2),
        "barriers": "- **Transportation**: plan bus routes together.\n- **Gap in work history**: practice an answer.",
        "skills": _text(rng, "Cash handling.", "Food safety.", "Basic computer skills.", "Inventory counts."),
        "disclosure_preference": rng.choice(["full", "partial", "none", "undecided"]),
        "career_advancement": "Interested in a certificate at the community college next year.",
        "education": "High school diploma.",
        "current_adjustment": "Stable on current treatment; attends appointments every other week.",
        "information_sources": ["person", "treatment_team"],
        "interests": "Music, walking, cooking.",
        "signatures": [
            {"signer": base["person"]["name"], "role": "Person served", "signed_on": _day(days[-1])},
            {"signer": base["staff"]["name"], "role": "Employment Support Professional", "signed_on": _day(days[-1])},
        ],
    }
    return Generated(0, client_id, "career_profile", "career_profile", data)


def _plan(rng: random.Random, base: dict, client_id: str, admitted: date, goal: str) -> Generated:
    planned = admitted + timedelta(days=rng.randrange(20, 45))
    data = {
        **base,
        "record_type": "employment_plan",
        "record_id": f"EP-{client_id}",
        "plan_date": _day(planned),
        "employment_goal": f'"I want to {goal}, 20 to 25 hours a week."',
        "objectives": [
            {
                "description": "Update résumé",
                "responsible": "The person with the ESP",
                "target_date": _day(planned + timedelta(days=10)),
            },
            {
                "description": "Visit five employers on the bus lines",
                "responsible": "ESP (employer contacts)",
                "target_date": _day(planned + timedelta(days=24)),
            },
            {
                "description": "Practice an answer about the work gap",
                "responsible": "The person",
                "target_date": _day(planned + timedelta(days=14)),
            },
        ],
        "services": [
            {
                "service": "Job development and job search",
                "frequency": "Weekly",
                "intensity": "1–2 hours",
                "location": "community",
                "provider": base["staff"]["name"],
            },
            {
                "service": "Benefits counseling",
                "frequency": "Before a job offer is accepted",
                "intensity": "1 hour",
                "location": "office",
                "provider": base["staff"]["name"],
            },
        ],
        "job_search_plan": f"Focus on employers where the person can {goal}.\n\n1. Downtown\n2. Near home",
        "natural_supports": "A sister who calls weekly; a peer-support group.",
        "barriers": [{"barrier": "No car", "how_addressed": "Plan bus routes; apply for a reduced-fare pass"}],
        "accommodations": "Written task list at the start of each shift.",
        "follow_along_supports": "Weekly check-ins for the first month, then at least monthly for a year.",
        "skill_topics": rng.sample(["absences", "budgeting", "conflict", "financial_literacy"], k=2),
        "contingency_plan": "If a job ends, meet within three days and restart the search the same week.",
        "review_date": _day(planned + timedelta(days=90)),
    }
    return Generated(0, client_id, "employment_plan", "employment_plan", data)


def _disclosures(rng: random.Random, base: dict, client_id: str, admitted: date) -> list[Generated]:
    count = 1 if rng.random() < 0.25 else rng.choice([2, 2, 3])
    made = []
    for number in range(1, count + 1):
        data = {
            **base,
            "record_type": "disclosure_discussion",
            "record_id": f"DD-{client_id}-{number}",
            "discussion_date": _day(admitted + timedelta(days=10 + 45 * (number - 1))),
            "occasion": "first" if number == 1 else "revisited",
            "not_required_explained": True,
            "pros_and_cons": "Disclosure could help ask for accommodations; the person can decide later.",
            "information_to_disclose": "That a health condition needs regular appointments.",
            "example_wording": '"I have appointments every other Tuesday morning."',
            "decision": rng.choice(["full", "partial", "none", "undecided"]),
            "employer_contact_consent": rng.random() < 0.7,
        }
        if number > 1:
            data["revisit_reason"] = rng.choice(["No job after two months", "Difficulties on the job"])
        made.append(Generated(0, client_id, "disclosure_discussion", f"disclosure_discussion-{number}", data))
    return made


def _benefits(rng: random.Random, base: dict, client_id: str, admitted: date) -> list[Generated]:
    occasions = ["service_initiation" if rng.random() > 0.15 else "ongoing"]
    if rng.random() < 0.5:
        occasions.append("before_job_start")
    made = []
    for number, occasion in enumerate(occasions, 1):
        data = {
            **base,
            "record_type": "benefits_counseling",
            "record_id": f"BC-{client_id}-{number}",
            "session_date": _day(admitted + timedelta(days=2 + 50 * (number - 1))),
            "occasion": occasion,
            "benefits_received": [
                {"program": "ssdi", "monthly_amount": f"{rng.uniform(800, 1400):.2f}"},
                {"program": "medicaid"},
            ],
            "information_given": "Explained the Trial Work Period and how earnings affect benefits.",
            "work_incentives": rng.sample(["twp", "epe", "ticket", "irwe", "hcwd"], k=2),
            "earnings_reporting_plan": "Report earnings to SSA monthly; keep pay stubs in a folder.",
            "wipa_referral": rng.random() < 0.5,
        }
        made.append(Generated(0, client_id, "benefits_counseling", f"benefits_counseling-{number}", data))
    return made


def _discharge_plan(rng: random.Random, base: dict, client_id: str, discharged: date) -> Generated:
    data = {
        **base,
        "record_type": "discharge_plan",
        "record_id": f"DP-{client_id}",
        "discussed_on": _day(discharged - timedelta(days=rng.randrange(5, 20))),
        "planned_discharge_date": _day(discharged),
        "reasons": [rng.choice(["requested", "moved", "medical", "no_longer_eligible"])],
        "progress_on_goals": "Met the goal: working 24 hours a week since the spring.",
        "employment_status": "competitive_part_time",
        "continuing_supports": "- Family\n- Mental health team",
        "how_to_return": "Call the front desk at any time; there is no waiting period.",
        "person_comments": '"Thank you for helping me get back to work."',
    }
    return Generated(0, client_id, "discharge_plan", "discharge_plan", data)


def _break(rng: random.Random, records: list[Generated], kind: str) -> None:
    """Make one more record invalid in the way ``kind`` names (a copy, so the original stays valid)."""
    victim = rng.choice([r for r in records if not r.broken and isinstance(r.data, dict)])
    data = json.loads(json.dumps(victim.data))
    data["record_id"] = f"{data['record_id']}-X{len(records)}"
    from ipsdocs.definitions.models import MODELS

    date_field = MODELS[victim.record_type].DATE_FIELD
    if kind == "future_date":
        data[date_field] = "2999-01-01"
    elif kind == "unknown_choice":
        data[_CHOICE_FIELD[victim.record_type]] = "whenever"
    elif kind == "missing_field":
        del data["person"]
    elif kind == "one_area":
        data = {**data, "record_type": "admission_discharge", "criterion_b_areas": ["justice"]}
        data = {k: v for k, v in data.items() if k in _ADMISSION_KEYS} | {"admission_date": "2025-01-06"}
    elif kind == "unknown_type":
        data["record_type"] = victim.record_type.replace("_", "")
    elif kind == "extra_field":
        data["favourite_colour"] = "green"
    elif kind == "duplicate_id":
        data["record_id"] = victim.data["record_id"]  # type: ignore[index]
        victim.broken = "duplicate_id"
    text_or_data: dict[str, Any] | str = data
    if kind == "corrupt":
        text_or_data = json.dumps(data)[: rng.randrange(20, 60)]
    stem = f"{victim.stem}-broken-{len(records)}"
    records.append(Generated(victim.person, victim.client_id, victim.record_type, stem, text_or_data, kind))


_CHOICE_FIELD = {
    "admission_discharge": "referral_source",
    "career_profile": "disclosure_preference",
    "employment_plan": "skill_topics",
    "disclosure_discussion": "occasion",
    "benefits_counseling": "occasion",
    "discharge_plan": "employment_status",
}
_ADMISSION_KEYS = {"schema_version", "person", "staff", "record_type", "record_id", "criterion_b_areas"}


def write_folder(records: list[Generated], out: Path) -> list[Path]:
    """One file per record in a folder per person, JSON or YAML alternately (both are accepted)."""
    import yaml

    written = []
    for number, item in enumerate(records):
        folder = out / item.client_id
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".json" if number % 2 else ".yaml"
        path = folder / f"{item.stem}{suffix}"
        if isinstance(item.data, str):
            text = item.data
        elif suffix == ".json":
            text = json.dumps(item.data, ensure_ascii=False, indent=1)
        else:
            text = yaml.safe_dump(item.data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
        written.append(path)
    return written


def jsonl_lines(records: list[Generated]) -> list[str]:
    return [item.data if isinstance(item.data, str) else json.dumps(item.data, ensure_ascii=False) for item in records]


def write_jsonl(records: list[Generated], path: Path) -> Path:
    """An EHR-style export: one record per line (a corrupt record is a corrupt line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in jsonl_lines(records)), encoding="utf-8")
    path.chmod(0o600)
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m ipsdocs.generate",
        description=(
            "Write realistic, valid records of fictional people (no real person's data), to try a batch on: "
            "each person's admission form, career profile, employment plan, disclosure discussions, benefits "
            "counseling and, for some, a discharge plan, with the gaps real programs have for the audit to find."
        ),
        epilog="Example: python -m ipsdocs.generate --people 200 --jsonl export.jsonl --broken 8",
    )
    parser.add_argument("--people", type=int, default=20, metavar="N", help="how many fictional people (default: 20)")
    parser.add_argument(
        "--seed", type=int, default=1, metavar="N", help="the same seed gives the same records (default: 1)"
    )
    parser.add_argument(
        "--broken", type=int, default=0, metavar="N", help="how many deliberately invalid records to add (default: 0)"
    )
    parser.add_argument(
        "--practice",
        action="store_true",
        help="also service notes, employer contacts, job starts and ends, follow-along plans, with marked gaps",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--out", type=Path, metavar="DIR", help="a folder: one record file per record, a folder per person"
    )
    target.add_argument("--jsonl", type=Path, metavar="FILE", help="one JSON Lines export file, one record a line")
    args = parser.parse_args(argv)
    records = generate(args.people, args.seed, args.broken, args.practice)
    if args.jsonl:
        write_jsonl(records, args.jsonl)
    else:
        write_folder(records, args.out)
    print(f"{len(records)} records for {args.people} fictional people ({args.broken} deliberately broken)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
