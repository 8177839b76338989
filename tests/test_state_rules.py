"""Each state's rules, and only that state's (issue 14): NC, NY and CA workspaces judging the same records.

Every rule comes from the state's profile (``rules:``); these tests hold the profiles to the checks,
and show each fixed rule in the three states.
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.agency.init import init_workspace
from ipsdocs.agency.workspace import load_workspace
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.jurisdiction import known_jurisdictions, load_jurisdiction
from ipsdocs.definitions.jurisdiction_forms import adapt_form
from ipsdocs.definitions.models import MODELS
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.errors import FormError, RecordError
from ipsdocs.evidence.checks import PERSON_CHECKS, person_findings, person_judgements
from ipsdocs.evidence.episodes import episodes_of
from ipsdocs.evidence.fidelity import career_profile_completion, plan_problems, program_findings
from ipsdocs.evidence.rules import Status
from ipsdocs.render.checks import docx_lines, pdf_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NC, NY, CA = (load_jurisdiction(code) for code in ("nc", "ny", "ca"))
STATES = {"nc": NC, "ny": NY, "ca": CA}
AS_OF = date(2026, 11, 30)
PERSON = {"name": "Test Person", "client_id": "C-1", "date_of_birth": "1990-05-01"}
STAFF = {"name": "Jordan Ellis"}


def rec(record_type: str, record_id: str, **fields: Any) -> dict[str, Any]:
    return {"record_type": record_type, "schema_version": 1, "record_id": record_id, "person": PERSON,
            "staff": STAFF, **fields}  # fmt: skip


def admission(record_id: str = "AD-1", admitted: str = "2026-03-02", **fields: Any) -> dict[str, Any]:
    answers = {
        "criterion_a_smi": True,
        "criterion_b_areas": ["crisis", "justice"],
        "criterion_c_desire_to_work": True,
        "criterion_c_employment_pattern": True,
        "criterion_c_needs_assistance": True,
        "rehabilitation_program": "act",
        "nyess_entry_date": admitted,
    }
    return rec("admission_discharge", record_id, admission_date=admitted, **{**answers, **fields})


def profile(record_id: str, entered: str, completed: str | None, sessions: int = 2) -> dict[str, Any]:
    if completed:
        dates = [date.fromisoformat(completed) - timedelta(days=n) for n in range(sessions)][::-1]
    else:
        dates = [date.fromisoformat(entered) + timedelta(days=n + 1) for n in range(sessions)]
    return rec(
        "career_profile", record_id, admission_date=entered, completed_on=completed,
        sessions=[{"session_date": d.isoformat()} for d in dates],
    )  # fmt: skip


def benefits(record_id: str, day: str, occasion: str = "service_initiation") -> dict[str, Any]:
    return rec("benefits_counseling", record_id, session_date=day, occasion=occasion)


def disclosure(record_id: str, day: str) -> dict[str, Any]:
    return rec("disclosure_discussion", record_id, discussion_date=day)


def judged(records: list[dict[str, Any]], state: Any, as_of: date = AS_OF) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in person_findings([validate_record(r, "t", state) for r in records], state, as_of):
        found.setdefault(finding.rule, []).append(str(finding))
    return found


def complete(admitted: str = "2026-03-02") -> list[dict[str, Any]]:
    """One person meeting every rule of every state in one episode."""
    day = date.fromisoformat(admitted)
    return [
        admission(admitted=admitted),
        profile("CP-1", admitted, (day + timedelta(days=20)).isoformat()),
        benefits("BC-1", (day + timedelta(days=3)).isoformat()),
        disclosure("DD-1", (day + timedelta(days=10)).isoformat()),
        disclosure("DD-2", (day + timedelta(days=50)).isoformat()),
    ]


# --- the rule mechanism ----------------------------------------------------------------------------------


def test_every_profile_states_every_rule_each_check_reads() -> None:
    """A check's rule is in every profile, with the numbers, lists and wording it reads; every rule words
    its summary (the README's state table) and names its source."""
    ids = {code: set(load_jurisdiction(code).rules) for code in known_jurisdictions()}
    assert len({frozenset(v) for v in ids.values()}) == 1, ids  # the same rules in every profile
    for code in known_jurisdictions():
        state = load_jurisdiction(code)
        for check in PERSON_CHECKS:
            rule = state.rule(check.rule)
            for name in check.numbers:
                rule.number(name)
            for name in check.lists:
                rule.listed(name)
            if rule.applies:
                for name in check.wording:
                    rule.words(name)
        for rule in state.rules.values():
            assert rule.summary() and rule.source and rule.cite, (code, rule.id)
        eligibility = state.rule("eligibility")
        for criterion in eligibility.listed("criteria"):
            assert eligibility.words(criterion, areas=2), (code, criterion)


def test_a_missing_rule_or_number_names_the_profile_and_key() -> None:
    with pytest.raises(FormError, match=r"nc\.yaml.*no rule 'nonesuch'"):
        NC.rule("nonesuch")
    with pytest.raises(FormError, match=r"rules\.career_profile_on_time\.numbers"):
        NC.rule("career_profile_on_time").number("weeks")


def test_an_agency_sets_only_the_numbers_no_source_gives(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws", "Harbor Clinic", "nc")
    settings = workspace.root / "ipsdocs.toml"  # type: ignore[operator]
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "\n[rules.benefits_at_initiation]\nwithin_days = 30\n", encoding="utf-8")
    rule = load_workspace(workspace.root).jurisdiction.rule("benefits_at_initiation")  # type: ignore[arg-type]
    assert rule.number("within_days") == 30 and rule.set_by_agency == ("within_days",)
    settings.write_text(text + "\n[rules.career_profile_on_time]\ndays = 60\n", encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_workspace(workspace.root)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "ipsdocs.toml" in message and "rules.career_profile_on_time.days" in message
    assert "North Carolina sets this itself" in message


# --- 1. minimum age and criterion B by state -------------------------------------------------------------


def test_the_minimum_age_is_north_carolinas_only() -> None:
    young = admission(person={**PERSON, "date_of_birth": "2009-06-01"})  # 16 on the admission date
    with pytest.raises(RecordError) as caught:
        validate_record(young, "rec.yaml", NC)
    message = str(caught.value)
    assert "person.date_of_birth" in message
    assert "in North Carolina the person must be 18 or older on the admission date" in message
    assert "California and New York: no minimum age" in message and "2009" not in message
    assert validate_record(young, "rec.yaml", NY) and validate_record(young, "rec.yaml", CA)
    assert validate_record(young, "rec.yaml")  # without a state, only the rules every state shares
    # other records of the person are held to it on the admission date they name, or their own date
    with pytest.raises(RecordError, match="North Carolina"):
        validate_record(benefits("BC-1", "2026-03-05") | {"person": young["person"]}, "b.yaml", NC)


def test_criterion_b_is_north_carolinas_only() -> None:
    one_area = admission(criterion_b_areas=["crisis"])
    with pytest.raises(RecordError) as caught:
        validate_record(one_area, "rec.yaml", NC)
    assert "criterion_b_areas" in str(caught.value) and "in North Carolina" in str(caught.value)
    assert "California and New York: no criterion B" in str(caught.value)
    assert validate_record(one_area, "rec.yaml", NY) and validate_record(one_area, "rec.yaml", CA)


def test_moving_a_workspace_rejudges_and_never_rewrites(tmp_path: Path) -> None:
    from tests.cli_runner import run_cli

    record = tmp_path / "admission.yaml"
    record.write_text(yaml.safe_dump(admission(person={**PERSON, "date_of_birth": "2009-06-01"})), encoding="utf-8")
    before = record.read_bytes()
    init_workspace(tmp_path / "nc", "Harbor Clinic", "nc")
    init_workspace(tmp_path / "ny", "Harbor Clinic", "ny")
    in_nc = run_cli("check", record, cwd=tmp_path / "nc")
    in_ny = run_cli("check", record, cwd=tmp_path / "ny")
    assert in_nc.returncode == 2 and "in North Carolina the person must be 18" in in_nc.stderr
    assert in_ny.returncode in (0, 1), in_ny.stderr  # valid in NY (complete or not)
    assert record.read_bytes() == before


# --- 2. findings gated by state ---------------------------------------------------------------------------


def test_benefits_at_initiation_is_a_north_carolina_finding_only() -> None:
    records = [r for r in complete() if r["record_type"] != "benefits_counseling"]
    assert judged(records, NC) == {"benefits_at_initiation": ["no benefits counseling record at service initiation"]}
    assert judged(records, NY) == {} and judged(records, CA) == {}


def test_the_missing_admission_form_is_named_in_the_states_words() -> None:
    records = [r for r in complete() if r["record_type"] != "admission_discharge"]
    assert judged(records, NC)["admission_record"] == [
        "no admission form (LME-MCO Consumer Admission and Discharge Form)"
    ]
    for state in (NY, CA):
        found = judged(records, state)["admission_record"]
        assert found == ["no admission record (IPS Admission and Discharge Record)"]


def test_a_discharge_plan_is_north_carolinas_rule() -> None:
    records = [admission(discharge_date="2026-09-01", discharge_reason="requested"), *complete()[1:]]
    assert judged(records, NC) == {"discharge_plan": ["discharged without a discharge plan (AD-1)"]}
    assert judged(records, NY) == {} and judged(records, CA) == {}


# --- 3. documents in the state's words --------------------------------------------------------------------


def _sample(path: Path, code: str) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if code != "nc":  # the NC samples' own answers that name NC programs and bodies
        if "work_incentives" in data:
            data["work_incentives"] = [w for w in data["work_incentives"] if w != "hcwd"]
        for rater in data.get("raters", []):
            rater["organization"] = "IPS Technical Assistance Center"
        if data["record_type"] == "fidelity_action_plan":
            data.update(shared_with=["other"], shared_with_names="The steering committee")
        if data["record_type"] == "job_start":  # judged by this state's own test, every condition met
            conditions = load_jurisdiction(code).practice.competitive_test.conditions  # type: ignore[union-attr]
            data.update(competitive_test=code, cie_answers=[{"condition": c.code, "answer": "yes"} for c in conditions])
    return data


def _terms(code: str) -> re.Pattern[str]:
    others = [t for other in known_jurisdictions() if other != code for t in load_jurisdiction(other).own_terms]
    return re.compile("|".join(r"(?<![\w-])" + re.escape(t) + r"(?![\w-])" for t in others))


SAMPLE_FILES = {
    "career_profile": SAMPLES / "marisol-vega" / "career_profile.yaml",
    "employment_plan": SAMPLES / "marisol-vega" / "employment_plan.yaml",
    "disclosure_discussion": SAMPLES / "marisol-vega" / "disclosure_discussion.yaml",
    "benefits_counseling": SAMPLES / "marisol-vega" / "benefits_counseling.yaml",
    "discharge_plan": SAMPLES / "marisol-vega" / "discharge_plan.yaml",
    "admission_discharge": SAMPLES / "marisol-vega" / "admission_discharge.json",
    "fidelity_review": SAMPLES / "riverbend-ips-team" / "fidelity_review_2026-02.yaml",
    "fidelity_action_plan": SAMPLES / "riverbend-ips-team" / "fidelity_action_plan_2026-03.yaml",
    "service_note": SAMPLES / "marisol-vega" / "service_note_2026-05-06.yaml",
    "employer_contact": SAMPLES / "marisol-vega" / "employer_contact_2026-03-25.yaml",
    "job_start": SAMPLES / "marisol-vega" / "job_start.yaml",
    "job_end": SAMPLES / "darnell-price" / "job_end.yaml",
    "follow_along_plan": SAMPLES / "marisol-vega" / "follow_along_plan.yaml",
}


@pytest.mark.parametrize("code", ["nc", "ny", "ca"])
def test_every_document_in_every_state_names_no_other_state(tmp_path: Path, code: str) -> None:
    """Every record type rendered in each state: no other state's name, body or program in it."""
    from ipsdocs.render.document import render_record

    assert set(SAMPLE_FILES) == set(MODELS)
    workspace = init_workspace(tmp_path / "ws", "Harbor Clinic", code)
    pattern = _terms(code)
    for record_type, path in SAMPLE_FILES.items():
        record = validate_record(_sample(path, code), str(path), workspace.jurisdiction)
        form = workspace.form(record_type)
        formats = ("docx", "pdf") if record_type == "employment_plan" else ("docx",)
        result = render_record(record, form, tmp_path / "out", formats, workspace.agency, workspace.templates,
                               workspace.jurisdiction)  # fmt: skip
        for file in result.files:
            assert not file.problems, [str(p) for p in file.problems]
            data = file.path.read_bytes()  # type: ignore[union-attr]
            text = " ".join(docx_lines(data) if file.format == "docx" else pdf_lines(data))
            found = pattern.findall(text)
            assert not found, (code, record_type, file.format, sorted(set(found)))
            if code != "nc" and record_type in ("employment_plan", "benefits_counseling", "disclosure_discussion"):
                assert STATES[code].name in text or STATES[code].code.upper() in text or "IPS-25" in text


def test_hcwd_is_offered_in_north_carolina_only() -> None:
    for code, state in STATES.items():
        form = adapt_form(load_form("benefits_counseling"), state)
        offered = next(spec for _, spec in form.fields() if spec.field == "work_incentives").choices or {}
        assert ("hcwd" in offered) == (code == "nc"), code
        assert "twp" in offered and "1619b" in offered


# --- 4. one answer, one fact ------------------------------------------------------------------------------


def test_criterion_c_is_three_answers_and_a_false_one_is_flagged_in_nc() -> None:
    records = complete()
    records[0] = admission(criterion_c_needs_assistance=False, criterion_c_employment_pattern=None)
    found = judged(records, NC)["eligibility"]
    assert any("needs assistance beyond what the employer typically provides) is answered no" in f for f in found)
    assert any("pattern of unemployment, underemployment or sporadic employment) is not recorded" in f for f in found)
    assert all("North Carolina" in f for f in found)
    assert "eligibility" not in judged(records, NY) and "eligibility" not in judged(records, CA)
    records[0] = admission(criterion_a_smi=False)
    assert "criterion A" in judged(records, NC)["eligibility"][0]


def test_ny_records_the_nyess_entry_as_its_own_answer() -> None:
    records = complete()
    records[0] = admission(nyess_entry_date=None)
    assert judged(records, NY) == {
        "nyess_entry": [
            "expressed an interest in employment, but no NYESS entry (date or NYESS record ID) is recorded (AD-1)"
        ]
    }
    records[0] = admission(nyess_entry_date=None, nyess_id="NY-88231")
    assert judged(records, NY) == {}
    assert "nyess_entry" not in judged([admission(nyess_entry_date=None), *complete()[1:]], NC)
    records[0] = admission(rehabilitation_program=None)
    assert "ACT team or CORE PSR program is not recorded" in judged(records, NY)["eligibility"][0]
    records[0] = admission(criterion_c_desire_to_work=False)
    assert "wanting to work is answered no" in judged(records, CA)["eligibility"][0]


# --- 5. episodes of service -------------------------------------------------------------------------------


def readmitted() -> list[dict[str, Any]]:
    """Admitted in March and discharged in August (plan discussed before), readmitted on November 24."""
    return [
        *[r for r in complete() if r["record_type"] != "admission_discharge"],
        admission(discharge_date="2026-08-20", discharge_reason="requested"),
        rec("discharge_plan", "DP-1", discussed_on="2026-08-10", reasons=["requested"]),
        admission("AD-2", "2026-11-24"),
    ]


def test_each_episode_is_judged_against_its_own_admission() -> None:
    records = readmitted()
    episodes = episodes_of([validate_record(r, "t", NC) for r in records])
    assert [e.span for e in episodes] == ["2026-03-02 to 2026-08-20", "2026-11-24, open"]
    assert [len(e.records) for e in episodes] == [6, 1]
    found = judged(records, NC)
    # the new episode's career profile is not due yet (admitted last week): no finding, it is "due"
    assert "career_profile_on_time" not in found
    due = [j for j in person_judgements([validate_record(r, "t", NC) for r in records], NC, AS_OF)
           if j.rule == "career_profile_on_time" and j.episode == 2]  # fmt: skip
    assert due[0].status is Status.DUE and due[0].due == date(2026, 12, 24)
    # its benefits counseling at initiation is missing: named with the episode
    assert found["benefits_at_initiation"] == [
        "episode 2 of 2, admitted 2026-11-24: no benefits counseling record at service initiation"
    ]
    assert set(found) == {"benefits_at_initiation", "disclosure_more_than_once"}


def test_a_discharge_plan_belongs_to_its_discharge_and_comes_before_it() -> None:
    records = readmitted()
    records[-1] = admission("AD-2", "2026-09-15", discharge_date="2026-11-20", discharge_reason="moved")
    # the only plan is the first discharge's: the second discharge has none
    assert judged(records, NC)["discharge_plan"] == [
        "episode 2 of 2, admitted 2026-09-15: discharged without a discharge plan (AD-2)"
    ]
    records[records.index(next(r for r in records if r["record_id"] == "DP-1"))]["discussed_on"] = "2026-08-25"
    found = judged(records, NC)["discharge_plan"]
    assert any("discussed on 2026-08-25, after the discharge of 2026-08-20" in f for f in found)


def test_the_audit_summary_shows_the_episodes(tmp_path: Path) -> None:
    from tests.cli_runner import run_cli

    folder = tmp_path / "records"
    folder.mkdir()
    for data in readmitted():
        (folder / f"{data['record_id']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run_cli("batch", folder, "--out", tmp_path / "audit", "--format", "docx", "--workers", "1")
    assert result.returncode == 0, result.stderr
    csv_text = (tmp_path / "audit" / "audit-summary.csv").read_text(encoding="utf-8")
    assert "2026-03-02 to 2026-08-20 | 2026-11-24, open" in csv_text
    assert "episode 2 of 2, admitted 2026-11-24: no benefits counseling record at service initiation" in csv_text
    summary = " ".join(pdf_lines((tmp_path / "audit" / "audit-summary.pdf").read_bytes()))
    assert "completed career profiles: 0 of the 1 people receiving services on 2026-11-24 (0%)" in summary


# --- 6. fidelity follow-through ---------------------------------------------------------------------------


def _team(name: str) -> Any:
    return load_record(SAMPLES / "riverbend-ips-team" / name).record


def test_the_action_plan_is_due_30_days_after_the_first_report_and_shared_with_three_bodies() -> None:
    review = _team("fidelity_review_2026-02.yaml")  # Fair, first review, report received 2026-03-03
    data = yaml.safe_load((SAMPLES / "riverbend-ips-team" / "fidelity_action_plan_2026-03.yaml").read_text())
    assert plan_problems(review, validate_record(data, "p", NC), "plan.yaml", NC) == []
    late = copy.deepcopy(data) | {"plan_date": "2026-04-10", "shared_on": "2026-04-12"}
    found = [str(p) for p in plan_problems(review, validate_record(late, "p", NC), "plan.yaml", NC)]
    assert any("plan_date" in p and "after its due date 2026-04-02" in p for p in found), found
    unshared = copy.deepcopy(data) | {"shared_with": ["lme_mco"]}
    found = [str(p) for p in plan_problems(review, validate_record(unshared, "p", NC), "plan.yaml", NC)]
    assert any("shared_with" in p and "DMHDDSAS" in p and "DMA" in p for p in found), found
    for state in (NY, CA):  # no deadline, no one to share it with
        assert plan_problems(review, validate_record(late | {"shared_with": []}, "p", state), "plan.yaml", state) == []
    # a plan written as one line of names (before shared_with was a list) still loads; who is not recorded
    old = copy.deepcopy(data) | {"shared_with": "Eastern Piedmont LME-MCO, DMA"}
    old.pop("shared_with_names")
    plan = validate_record(old, "p", NC)
    assert plan.shared_with == [] and plan.shared_with_names == "Eastern Piedmont LME-MCO, DMA"
    lines = program_findings([review, plan], NC)["Riverbend IPS Team"]
    assert any("not recorded as shared with" in line for line in lines)


def test_the_share_of_completed_career_profiles_is_computed_for_the_program() -> None:
    """Four people served on the day (one discharged before it): three have a completed profile."""
    people = []
    for number, completed in enumerate(["2026-03-20", "2026-04-01", None, "2026-05-01"], 1):
        person = {**PERSON, "client_id": f"C-{number}"}
        records = [admission(f"AD-{number}") | {"person": person}]
        records.append(profile(f"CP-{number}", "2026-03-02", completed) | {"person": person})
        people.append([validate_record(r, "t", NC) for r in records])
    gone = {**PERSON, "client_id": "C-9"}
    people.append(
        [
            validate_record(
                admission("AD-9", discharge_date="2026-04-01", discharge_reason="moved") | {"person": gone}, "t", NC
            )
        ]
    )
    figure = career_profile_completion(people, NC, date(2026, 6, 1))
    assert (figure.served, figure.completed, figure.target, figure.met) == (4, 3, 0.8, False)
    assert figure.sentence().endswith("(75%); NC Fidelity Evaluation, follow-up conditions: at least 80% (not met)")
    assert career_profile_completion(people, NY, date(2026, 6, 1)).target is None


# --- 7. benefits counseling is dated ---------------------------------------------------------------------


def test_a_session_labelled_at_initiation_but_dated_months_later_misses_the_agencys_window() -> None:
    records = complete()
    records[2] = benefits("BC-1", "2026-06-15")  # labelled "at service initiation", 105 days after admission
    assert "benefits_at_initiation" not in judged(records, NC)  # NC gives no day count: the label decides
    window = NC.with_rule("benefits_at_initiation", within_days=30)
    assert judged(records, window) == {
        "benefits_at_initiation": [
            "benefits counseling labelled at service initiation is dated 105 days after admission "
            "(the agency's window: 30 days) (BC-1)"
        ]
    }
    records[2] = benefits("BC-1", "2026-03-20", occasion="ongoing")  # within the window, whatever the label
    assert judged(records, window) == {}
    assert judged(records, NY.with_rule("benefits_at_initiation", within_days=30)) == {}  # NY: rule not applied


def test_the_readmes_state_table_is_the_profiles() -> None:
    from tools.state_table import README, readme_block, state_table

    assert readme_block(README.read_text(encoding="utf-8")) == state_table(), (
        "README.md's state table differs from the profiles: run python -m tools.state_table --write"
    )
    table = state_table()
    assert "| Benefits counseling at service initiation (`benefits_at_initiation`) |" in table
    row = next(line for line in table.splitlines() if "`minimum_age`" in line)
    assert "18 or older on the admission date" in row and row.count("no: no minimum age") == 2


@pytest.mark.parametrize(("code", "saved"), [("nc", False), ("ny", True)])
def test_an_interview_saves_under_the_workspaces_state(tmp_path: Path, capsys: Any, code: str, saved: bool) -> None:
    from ipsdocs.interview.session import Options, interview_command

    workspace = init_workspace(tmp_path / "ws", "Harbor Clinic", code)
    answers = admission(person={**PERSON, "date_of_birth": "2009-06-01"})  # 16 on the admission date
    asked = {spec.field for _, spec in workspace.form("admission_discharge").fields()}
    answers = {key: value for key, value in answers.items() if key in asked}  # what this state's form asks
    answer_file = tmp_path / "answers.yaml"
    answer_file.write_text(yaml.safe_dump(answers), encoding="utf-8")
    options = Options("admission_discharge", answers=answer_file, workspace=workspace.root)
    if saved:
        assert interview_command(options) in (0, 1), capsys.readouterr()
    else:
        with pytest.raises(RecordError, match="in North Carolina the person must be 18 or older"):
            interview_command(options)
    files = list((workspace.root / "records").rglob("admission_discharge_*.yaml"))  # type: ignore[operator]
    assert bool(files) is saved
