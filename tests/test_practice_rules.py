"""Issue 15's cross-record checks as state rules: in every profile, in the audit, the due list and the
compliance report, with figures worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import known_jurisdictions, load_jurisdiction
from ipsdocs.definitions.records import validate_record
from ipsdocs.evidence import practice_checks
from ipsdocs.evidence.checks import PERSON_CHECKS, person_findings
from ipsdocs.evidence.compliance import compliance
from ipsdocs.evidence.due import due_items

NC, NY, CA = (load_jurisdiction(c) for c in ("nc", "ny", "ca"))
STAFF = {"name": "Jordan Ellis"}


def rec(record_type: str, record_id: str, who: str, **fields: Any) -> dict[str, Any]:
    person = {"name": f"Person {who}", "client_id": f"C-{who}"}
    return {"record_type": record_type, "schema_version": 1, "record_id": record_id, "person": person,
            "staff": STAFF, **fields}  # fmt: skip


def contact(record_id: str, day: str, *clients: str, present: bool = False) -> dict[str, Any]:
    return {"record_type": "employer_contact", "schema_version": 1, "record_id": record_id, "specialist": STAFF,
            "contact_date": day, "mode": "in_person", "face_to_face": True, "client_present": present,
            "employer": {"employer_id": "E1", "name": "Bakery"}, "client_ids": [f"C-{c}" for c in clients]}  # fmt: skip


def job(record_id: str, who: str, start: str, **more: Any) -> dict[str, Any]:
    answers = [
        {"condition": c, "answer": "yes"} for c in ("integrated_community", "paid_minimum_wage", "not_set_aside")
    ]
    return rec("job_start", record_id, who, employer_id="E1", employer_name="Bakery", job_title="Baker",
               start_date=start, competitive_test="nc", arrangement="individual_community", cie_answers=answers,
               **more)  # fmt: skip


def admitted(who: str, day: str = "2026-01-05") -> dict[str, Any]:
    return rec("admission_discharge", f"AD-{who}", who, admission_date=day)


def note(who: str, day: str, minutes: int = 45) -> dict[str, Any]:
    return rec("service_note", f"SN-{who}-{day}", who, service_date=day, duration_minutes=minutes, face_to_face=True)


def load(raw: list[dict[str, Any]], state: Any = NC) -> list[Any]:
    return [validate_record(r, "t", state) for r in raw]


def test_every_practice_check_is_a_rule_of_every_profile_and_a_person_check() -> None:
    ids = {c.rule for c in practice_checks.CHECKS}
    assert ids <= {c.rule for c in PERSON_CHECKS}
    for code in known_jurisdictions():
        assert ids <= set(load_jurisdiction(code).rules)
    assert NC.rule("authorization_threshold").number("free_units") == 64 and NC.applies("authorization_threshold")
    assert not NY.applies("authorization_threshold") and not CA.applies("authorization_threshold")
    assert NC.applies("service_note_per_date") and NY.applies("service_note_per_date")
    assert not CA.applies("service_note_per_date")  # the CA slides set no note rule
    assert NY.applies("note_billable") and not NC.applies("note_billable")
    assert NC.rule("first_employer_contact").number("days") == 30
    assert "l.173" in NC.rule("first_employer_contact").source


def test_first_employer_contact_is_due_then_overdue_then_late_with_its_anchor() -> None:
    """Admitted Jan 5 with a note Jan 6: due Feb 4 (30 days); a first contact Feb 14 is 40 days: anchor 4."""
    raw = [admitted("A"), note("A", "2026-01-06")]
    [item] = [i for i in due_items(load(raw), NC, date(2026, 1, 20)) if i.rule == "first_employer_contact"]
    assert (item.due, item.overdue, item.task) == (date(2026, 2, 4), False, "first face-to-face employer contact")
    [late] = [i for i in due_items(load(raw), NC, date(2026, 3, 1)) if i.rule == "first_employer_contact"]
    assert late.overdue and late.when(date(2026, 3, 1)) == "25 days overdue"
    with_contact = load([*raw, contact("EC-1", "2026-02-14", "A")])
    people = [r for r in with_contact if hasattr(r, "person")]
    contacts = [r for r in with_contact if r.record_type == "employer_contact"]
    [finding] = [
        f for f in person_findings(people, NC, date(2026, 3, 1), contacts) if f.rule == "first_employer_contact"
    ]
    assert "40 days after admission" in finding.message and "anchor 4" in finding.message
    assert finding.record_id == "EC-1"


def test_compliance_counts_benefits_before_each_start_by_hand() -> None:
    """A: counseled Feb 20, starts Mar 2 (met). B: no session (missed). C: no job (not counted)."""
    raw = [
        admitted("A"), rec("benefits_counseling", "BC-A", "A", session_date="2026-02-20"),
        job("JS-A", "A", "2026-03-02"),
        admitted("B"), job("JS-B", "B", "2026-03-09"),
        admitted("C"), note("C", "2026-01-06"),
        contact("EC-1", "2026-01-20", "A", "B", "C"),
    ]  # fmt: skip
    found = compliance(load(raw), NC, date(2026, 3, 20))
    rates = {r.rule: (r.met, r.applied, r.missed_by) for r in found.rules}
    assert rates["benefits_before_job_start"] == (1, 2, ["C-B"])
    assert rates["first_employer_contact"] == (3, 3, [])  # Jan 20 is 15 days after Jan 5 for all three
    assert rates["disclosure_before_job"] == (0, 2, ["C-A", "C-B"])
    rows = {(r[0], r[3], r[4]) for r in found.rows}
    assert ("C-B", "benefits_before_job_start", "missed") in rows


def test_the_due_list_has_follow_along_and_job_end_contacts() -> None:
    """A starts Mar 2, seen Feb 27: on Mar 4 the contact of the 3 days after the start is due by Mar 5.
    B's job ended; learned May 10: on May 11 a contact is due by May 13."""
    raw = [
        admitted("A"), note("A", "2026-02-27"), job("JS-A", "A", "2026-03-02"), contact("EC-1", "2026-01-20", "A", "B"),
        admitted("B"), note("B", "2026-04-01"), job("JS-B", "B", "2026-04-06"),
        rec("job_end", "JE-B", "B", job_start_id="JS-B", end_date="2026-05-08", learned_on="2026-05-10"),
    ]  # fmt: skip
    items = {(i.client_id, i.rule): i for i in due_items(load(raw), NC, date(2026, 3, 4))}
    follow = items[("C-A", "follow_along_contact")]
    assert (follow.due, follow.overdue) == (date(2026, 3, 5), False) and "the 3 days after the start" in follow.task
    items = {(i.client_id, i.rule): i for i in due_items(load(raw), NC, date(2026, 5, 11))}
    end = items[("C-B", "job_end_contact")]
    assert (end.due, end.overdue, end.task) == (date(2026, 5, 13), False, "contact after the job end")


def test_the_64_unit_threshold_is_north_carolinas_rule_only() -> None:
    """Five 4-hour notes are 80 units (16 each): the fifth passes 64 (4 x 16 = 64 is not over), with no
    authorization recorded, in NC; NY has no such rule."""
    days = ("2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-12")
    raw = [admitted("A"), *(note("A", d, 240) for d in days)]
    nc = [f for f in person_findings(load(raw), NC, date(2026, 2, 1)) if f.rule == "authorization_threshold"]
    assert len(nc) == 1 and "80 units since admission, more than 64 from 2026-01-12" in nc[0].message
    ny_raw = [{**r, "billable": False} if r["record_type"] == "service_note" else r for r in raw]
    assert not [
        f for f in person_findings(load(ny_raw, NY), NY, date(2026, 2, 1)) if f.rule == "authorization_threshold"
    ]


def test_the_due_list_has_this_weeks_employer_contacts_and_the_next_level_of_need_assessment() -> None:
    """Wednesday Mar 11: two face-to-face contacts since Monday Mar 9, 2 of 6, due Sunday Mar 15; the
    follow-along plan's next assessment Mar 20 is in 9 days."""
    raw = [
        admitted("A"), note("A", "2026-02-27"), job("JS-A", "A", "2026-03-02"),
        rec("follow_along_plan", "FA-A", "A", job_start_id="JS-A", plan_date="2026-03-02",
            need_assessed_on="2026-03-02", next_assessment_on="2026-03-20"),
        contact("EC-1", "2026-03-09", "A"), contact("EC-2", "2026-03-10", "A"), contact("EC-0", "2026-03-05", "A"),
    ]  # fmt: skip
    items = {i.rule: i for i in due_items(load(raw), NC, date(2026, 3, 11))}
    week = items["employer_contacts_per_week"]
    assert (week.person, week.due, week.task) == (
        "Jordan Ellis (employer contacts)",
        date(2026, 3, 15),
        "face-to-face employer contacts this week: 2 of 6 (IPS-25 Services 6)",
    )
    need = items["follow_along_reassessment"]
    assert (need.client_id, need.due, need.overdue) == ("C-A", date(2026, 3, 20), False)
