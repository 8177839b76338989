"""Records of everyday practice (issue 15): refusals naming the field, and the cross-record checks in NC and NY."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date

import pytest
from pydantic import ValidationError

from ipsdocs.definitions.generate import generate
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models import MODELS
from ipsdocs.evidence.practice import build_index, person_practice_findings
from ipsdocs.evidence.practice_week import specialist_rows

PERSON = {"name": "Test Person", "client_id": "T-1"}
STAFF = {"name": "Jordan Ellis", "credentials": "QP"}
AS_OF = date(2026, 6, 1)


def rec(record_type: str, **data):
    base = {"record_type": record_type, "record_id": f"{record_type}-{len(data)}-{id(data)}"}
    if record_type != "employer_contact":
        base |= {"person": PERSON, "staff": STAFF}
    return MODELS[record_type].model_validate(base | data)


def admission(day="2026-01-05", **more):
    return rec("admission_discharge", record_id="AD-1", admission_date=day, **more)


def contact(day, **more):
    data = {"record_id": f"EC-{day}", "specialist": STAFF, "contact_date": day, "mode": "in_person"}
    data |= {"face_to_face": True, "employer": {"employer_id": "E1", "name": "Bakery"}, "client_ids": ["T-1"]}
    return rec("employer_contact", **(data | more))


def note(day, **more):
    data = {"record_id": f"SN-{day}", "service_date": day, "duration_minutes": 45, "face_to_face": True}
    return rec("service_note", **(data | more))


def job(start="2026-03-02", test="nc", **more):
    answers = {"nc": ["integrated_community", "paid_minimum_wage", "not_set_aside"]}
    data = {"record_id": "JS-1", "employer_id": "E1", "employer_name": "Bakery", "job_title": "Baker"}
    data |= {"start_date": start, "competitive_test": test, "arrangement": "individual_community"}
    data["cie_answers"] = [{"condition": c, "answer": "yes"} for c in answers.get(test, [])]
    return rec("job_start", **(data | more))


def rules_of(records, code="nc"):
    return {f.rule for f in person_practice_findings(records, load_jurisdiction(code), AS_OF, build_index(records))}


@pytest.mark.parametrize(
    ("record_type", "data", "field"),
    [
        ("service_note", {"service_date": "2026-02-02", "start_time": "10:00", "end_time": "09:30"}, "end_time"),
        ("service_note", {"service_date": "2026-02-02", "place": "phone", "face_to_face": True}, "face_to_face"),
        (
            "job_end",
            {
                "job_start_id": "JS-1",
                "end_date": "2026-02-02",
                "learned_on": "2026-02-03",
                "first_contact_on": "2026-02-01",
            },
            "first_contact_on",
        ),
        (
            "job_start",
            {
                "employer_id": "E",
                "employer_name": "E",
                "job_title": "T",
                "start_date": "2026-02-02",
                "competitive_test": "nc",
                "cie_answers": [{"condition": "customary_rate", "answer": "yes"}],
            },
            "cie_answers",
        ),
        (
            "job_start",
            {
                "employer_id": "E",
                "employer_name": "E",
                "job_title": "T",
                "start_date": "2026-02-02",
                "competitive_test": "ny",
                "arrangement": "enclave",
            },
            "arrangement",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(record_type, data, field):
    with pytest.raises(ValidationError) as error:
        rec(record_type, **data)
    assert field in str(error.value)


def test_competitive_result_is_computed_from_the_state_test():
    assert job().competitive_integrated is True
    set_aside = {"arrangement": "set_aside"}
    assert job(**set_aside).competitive_integrated is False  # NC: not set aside (l.382)
    ny = [
        {"condition": c, "answer": "yes"}
        for c in ("paid_minimum_wage", "customary_rate", "same_benefits", "integrated_interaction", "advancement")
    ]
    assert job(test="ny", cie_answers=ny, **set_aside).competitive_integrated is True  # NY counts NYSID (l.87)


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_first_employer_contact_within_30_days(state):
    assert "first_employer_contact" not in rules_of([admission(), note("2026-01-06"), contact("2026-01-20")], state)
    assert "first_employer_contact" in rules_of([admission(), note("2026-01-06"), contact("2026-03-20")], state)


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_job_end_contact_and_new_search(state):
    end = {"job_start_id": "JS-1", "end_date": "2026-04-01", "learned_on": "2026-04-01"}
    good = rec("job_end", **end, first_contact_on="2026-04-02", new_search_offered=True)
    bad = rec("job_end", **end)
    assert not {"job_end_contact", "job_end_new_search"} & rules_of([admission(), job(), good], state)
    assert {"job_end_contact", "job_end_new_search"} <= rules_of([admission(), job(), bad], state)


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_benefits_and_disclosure_before_the_start_and_privacy(state):
    benefits = rec("benefits_counseling", record_id="BC-1", session_date="2026-02-20", occasion="before_job_start")
    talk = rec("disclosure_discussion", discussion_date="2026-01-10", employer_contact_consent=False)
    found = rules_of([admission(), job(benefits_counseling_id="BC-1"), benefits, talk, contact("2026-01-20")], state)
    assert "benefits_before_job_start" not in found and "disclosure_before_job" not in found
    assert "privacy_employer_contact" in found
    assert {"benefits_before_job_start", "disclosure_before_job", "link_missing"} <= rules_of(
        [admission(), job(benefits_counseling_id="BC-9"), note("2026-01-06")], state
    )


def test_units_and_authorization_in_nc_not_ny():
    notes = [note(f"2026-01-{d:02d}", duration_minutes=240) for d in range(6, 26)]  # 16 units each
    assert "authorization_threshold" in rules_of([admission(), *notes], "nc")
    assert "authorization_threshold" not in rules_of([admission(authorization_start="2026-01-06"), *notes], "nc")
    assert "authorization_threshold" not in rules_of([admission(), *notes], "ny")
    authorized = admission(authorization_start="2026-01-06", authorization_end="2026-01-20")
    assert "authorization_period" in rules_of([authorized, *notes], "nc")
    assert "authorization_period" not in rules_of([admission(authorization_start="2026-01-06"), *notes], "nc")
    assert "note_units" in rules_of([admission(), note("2026-01-06", duration_minutes=10)], "nc")
    assert "note_billable" in rules_of([admission(), note("2026-01-06", billable=True)], "ny")


def test_follow_along_on_site_while_disclosure_is_none():
    support = {"support": "Job coaching", "provider": "specialist", "frequency": "Weekly", "modality": "in_person"}
    plan = rec(
        "follow_along_plan", plan_date="2026-03-03", job_start_id="JS-1", supports=[support | {"location": "on_site"}]
    )
    assert "on_site_support_disclosure" in rules_of([admission(), job(disclosure_at_employer="none"), plan])
    assert "on_site_support_disclosure" not in rules_of([admission(), job(disclosure_at_employer="full"), plan])


def test_generated_gaps_are_found_exactly_and_the_checks_scale():
    records = generate(60, seed=7, practice=True)
    people = defaultdict(list)
    made = [MODELS[g.record_type].model_validate(g.data) for g in records]
    for g, record in zip(records, made, strict=True):
        people[g.client_id].append(record)
    index = build_index(made)
    rules = load_jurisdiction("nc")
    as_of = max(r.document_date for r in made)
    found = {
        c: {
            f.rule for f in person_practice_findings([r for r in rs if getattr(r, "person", None)], rules, as_of, index)
        }
        for c, rs in people.items()
    }
    gaps = [
        ("late_first_contact", "first_employer_contact"),
        ("missing_notes", "service_note_per_date"),
        ("job_end_without_follow_up", "job_end_new_search"),
        ("contact_without_consent", "privacy_employer_contact"),
        ("no_authorization", "authorization_threshold"),
    ]
    for kind, rule in gaps:
        marked = {g.client_id for g in records if kind in g.gap.split(",")}
        assert marked and marked == {c for c, rules_found in found.items() if rule in rules_found}, kind
    assert specialist_rows(index, people, rules, as_of)
    started = time.perf_counter()
    for rs in people.values():
        person_practice_findings([r for r in rs if getattr(r, "person", None)], rules, as_of, index)
    per_person = (time.perf_counter() - started) / len(people)
    assert per_person < 0.001 * 30  # well under a second per 1,000 people, with margin for a busy machine


def _write(folder, records):
    import json

    folder.mkdir(parents=True, exist_ok=True)
    for number, record in enumerate(records):
        (folder / f"{number}.json").write_text(json.dumps(record.model_dump(mode="json")))


def test_batch_and_check_of_a_folder_report_practice_findings_and_the_weekly_log(tmp_path):
    from ipsdocs.batch.manifest import verify
    from tests.cli_runner import run_cli

    late = contact("2026-03-20", record_id="EC-LATE", reviewed_by="A. Moreno", reviewed_on="2026-03-21")
    _write(tmp_path / "records", [admission(), note("2026-03-20"), late, note("2026-03-30")])
    checked = run_cli("check", tmp_path / "records")
    assert checked.returncode == 1 and "client T-1: first face-to-face employer contact 74 days" in checked.stdout
    result = run_cli("batch", tmp_path / "records", "--out", tmp_path / "out", "--format", "docx", "--workers", "1")
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "out" / "audit-summary.csv").read_text()
    assert "first face-to-face employer contact 74 days after admission" in summary
    assert "Jordan Ellis (employer contacts)" in summary
    log = (tmp_path / "out" / "employer-contact-log.csv").read_text().splitlines()
    assert log[0].startswith("specialist,week_of,face_to_face") and "Jordan Ellis,2026-03-16,1,1,1,2,no,0" in log
    compliance = (tmp_path / "out" / "compliance.csv").read_text().splitlines()  # issue 16: beside the summary
    assert compliance[0] == "client_id,specialist,episode,rule,status,due,quarter"
    assert "T-1,Jordan Ellis,1,first_employer_contact,missed,2026-02-04,2026Q1" in compliance
    assert (tmp_path / "out" / "compliance.pdf").read_bytes()[:5] == b"%PDF-"
    outcomes = (tmp_path / "out" / "outcomes.csv").read_text().splitlines()
    assert outcomes[0].startswith("quarter,served,working_competitive,employment_rate") and len(outcomes) == 5
    assert outcomes[-1].startswith("2026Q1,1,0,0.000,below the minimum,0")
    assert verify(tmp_path / "out").ok


def test_a_note_interview_takes_the_person_staff_and_today_from_earlier_records(tmp_path):
    import yaml

    from ipsdocs.interview.session import Options, interview_command

    (tmp_path / "ipsdocs.toml").write_text('jurisdiction = "nc"\n[agency]\nname = "Test Agency"\n')
    earlier = admission()
    (tmp_path / "records" / "T-1").mkdir(parents=True)
    (tmp_path / "records" / "T-1" / "ad.json").write_text(earlier.model_dump_json())
    answers = {
        "duration_minutes": 30,
        "place": "library",
        "face_to_face": True,
        "contact_with": ["person"],
        "service_type": "job_development",
        "phase": "job_search",
        "objective_addressed": "Apply to two bakeries",
        "intervention": "Applied online together.",
        "response": "Pleased.",
        "next_steps": "Follow up Friday.",
    }
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(answers))
    code = interview_command(Options("service_note", client="T-1", answers=tmp_path / "a.yaml", workspace=tmp_path))
    assert code == 0
    saved = [p for p in (tmp_path / "records").rglob("service_note*.yaml")]
    note_data = yaml.safe_load(saved[0].read_text())
    assert note_data["person"]["name"] == "Test Person" and note_data["staff"]["credentials"] == "QP"
    assert str(note_data["service_date"]) == date.today().isoformat()


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_follow_along_contacts_around_a_job_start(state):
    # the week before, within 3 days after, then one visit in each of the first four weeks
    seen = [note(d) for d in ("2026-02-27", "2026-03-04", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30")]
    monthly = [note(d) for d in ("2026-04-20", "2026-05-18")]
    fine = rules_of([admission(), job(), *seen, *monthly], state)
    assert "follow_along_contact" not in fine
    gaps = person_practice_findings(
        [admission(), job(), note("2026-02-27"), note("2026-03-04")], load_jurisdiction(state), AS_OF, None
    )
    message = next(str(f) for f in gaps if f.rule == "follow_along_contact")
    assert "week 2" in message and "month 2" in message and "the week before" not in message


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_notes_outside_the_plan_and_dates_of_service_without_a_note(state):
    service = {"service": "Job development", "frequency": "Weekly", "intensity": "1 hour", "location": "community"}
    plan = rec("employment_plan", plan_date="2026-01-10", services=[service | {"service_type": "job_development"}])
    inside = note("2026-01-12", service_type="job_development")
    outside = note("2026-01-13", service_type="benefits_counseling")
    assert "note_outside_plan" not in rules_of([admission(), plan, inside], state)
    assert "note_outside_plan" in rules_of([admission(), plan, inside, outside], state)
    talk = rec("disclosure_discussion", discussion_date="2026-01-12")
    assert "service_note_per_date" not in rules_of([admission(), inside, talk], state)
    assert "service_note_per_date" in rules_of(
        [admission(), inside, talk.model_copy(update={"discussion_date": date(2026, 1, 14)})], state
    )
    assert "service_note_per_date" not in rules_of(
        [admission(), inside, talk.model_copy(update={"discussion_date": date(2026, 1, 14)})], "ca"
    )  # the CA slides set no note rule


@pytest.mark.parametrize("state", ["nc", "ny"])
def test_employer_contacts_per_specialist_per_week_and_supervisor_review(state):
    rules = load_jurisdiction(state)
    people = {
        f"P-{n}": [
            rec(
                "admission_discharge",
                record_id=f"AD-{n}",
                admission_date="2026-01-05",
                person={"name": "X", "client_id": f"P-{n}"},
            )
        ]
        for n in range(4)
    }
    week = [
        contact(f"2026-02-{d:02d}", record_id=f"EC-{d}", client_ids=[], reviewed_by="Lead", reviewed_on="2026-02-16")
        for d in (9, 9, 10, 11, 12, 13)
    ]
    rows = specialist_rows(build_index(week), people, rules, date(2026, 2, 20))
    assert rows == [("Jordan Ellis (employer contacts)", 6, [])]  # 6 face-to-face, reviewed within the week after
    late = [c.model_copy(update={"reviewed_on": date(2026, 2, 28)}) for c in week[:5]]
    [(_, _, found)] = specialist_rows(build_index(late), people, rules, date(2026, 2, 20))
    assert any("1 of 1 week(s) below" in f and "(5 of 6)" in f for f in found)
    assert any("5 employer contact(s) not reviewed" in f for f in found)
    two_looking = dict(list(people.items())[:2])
    assert specialist_rows(build_index(week[:4]), two_looking, rules, date(2026, 2, 20))[0][2] == []  # 2 x 2 looking


def test_a_note_offers_the_plans_objectives_as_suggestions(tmp_path):
    from prompt_toolkit.input import create_pipe_input

    from ipsdocs.definitions.forms import load_form
    from ipsdocs.interview.drafts import DraftStore
    from ipsdocs.interview.loop import Interview
    from ipsdocs.interview.prefill import prefill
    from ipsdocs.interview.session import Session
    from tests.test_interview import ENTER, Typist

    objectives = [
        {"description": "Update résumé", "responsible": "The person"},
        {"description": "Visit five bakeries", "responsible": "ESP"},
    ]
    plan = rec("employment_plan", plan_date="2026-01-10", objectives=objectives)
    (tmp_path / "T-1").mkdir()
    (tmp_path / "T-1" / "plan.json").write_text(plan.model_dump_json())
    form = load_form("service_note")
    session = Session(form, DraftStore(tmp_path).new("service_note", "T-1"))
    prefill(session, tmp_path, "T-1")
    assert session.suggestions == {"objective_addressed": ("Update résumé", "Visit five bakeries")}
    answers = {"record_id": "SN-1", "staff": STAFF, "service_date": "2026-02-02", "duration_minutes": 30}
    with create_pipe_input() as pipe:
        typist = Typist(pipe, answers, typed={"objective_addressed": ["Visit five bakeries" + ENTER]})
        interview = Interview(form, typist, dict(session.answers), set(session.done))
        interview.suggestions = session.suggestions
        record = interview.run()
    assert record.objective_addressed == "Visit five bakeries"
    section, spec = next((s, f) for s, f in form.fields() if f.field == "objective_addressed")
    assert [o.label for o in interview.question(section, spec).options] == ["Update résumé", "Visit five bakeries"]


def test_ny_asks_for_the_job_development_behind_a_placement_and_preferences_are_matched():
    found = {"found_through_job_development": True}
    assert "job_development_recorded" in rules_of([admission(), job(**found), note("2026-03-03")], "ny")
    assert "job_development_recorded" not in rules_of([admission(), job(**found), note("2026-03-03")], "nc")
    linked = job(**found, employer_contact_ids=["EC-2026-02-02"])
    assert "job_development_recorded" not in rules_of([admission(), linked, contact("2026-02-02")], "ny")
    rules = load_jurisdiction("nc")
    contacts = [contact(f"2026-02-{d:02d}", record_id=f"EC-{d}", matches_preferences=d > 12) for d in (9, 10, 13, 16)]
    [(_, _, findings)] = specialist_rows(build_index(contacts), {}, rules, date(2026, 2, 10))
    assert any("50% of 4 client-specific employer contact(s)" in f and "anchor 3" in f for f in findings)
