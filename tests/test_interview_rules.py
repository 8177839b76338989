"""Every cross-field rule of every model is checked as soon as the fields it reads are answered.

The trigger is derived from the fields each rule reads (``ipsdocs/interview/rules.py``), never
from a list of rules: the table below holds one breaking answer per rule, and a test checks that
the table covers every rule the models have, so a new rule cannot go unchecked.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.jurisdiction import load_jurisdiction, validation_context
from ipsdocs.definitions.models import MODELS
from ipsdocs.definitions.records import load_record
from ipsdocs.errors import RecordError
from ipsdocs.interview.ask_scripted import ScriptedAsker, unused_problems
from ipsdocs.interview.loop import Interview
from ipsdocs.interview.rules import _after_rules, _kind

ROOT = Path(__file__).resolve().parents[1]
NC = validation_context(load_jurisdiction("nc"))
"""Rules that depend on the state are checked under North Carolina's, where they apply."""
MARISOL, DARNELL, TEAM = ROOT / "samples" / "marisol-vega", ROOT / "samples" / "darnell-price", ROOT / "samples"


def answers_of(path: Path) -> dict[str, Any]:
    data = load_record(path).record.model_dump(mode="json", exclude_none=True)
    return {k: v for k, v in data.items() if k not in ("record_type", "schema_version") and v != []}


def _set(tree: Any, dotted_path: str, value: Any) -> None:
    parts: list[Any] = [int(p) if p.isdigit() else p for p in dotted_path.split(".")]
    for part in parts[:-1]:
        tree = tree[part]
    tree[parts[-1]] = value


def _before(day: str, days: int = 1) -> str:
    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


# rule (qualified name) -> (sample, field to break, how, the question at which it must be refused)
RULES: dict[str, tuple[Path, str, Any, str]] = {
    # read with the date of entry, asked after the person: refused there, naming the date of birth
    "RecordBase._state_minimum_age": (
        MARISOL / "career_profile.yaml",
        "person.date_of_birth",
        "young",
        "admission_date",
    ),
    "AdmissionDischarge._state_criterion_b": (DARNELL / "admission_discharge.yaml", "criterion_b_areas", "one", ""),
    "Job._end_after_start": (MARISOL / "career_profile.yaml", "jobs.0.end_date", ("before", "jobs.0.start_date"), ""),
    "CareerProfile._dates_in_order": (
        MARISOL / "career_profile.yaml",
        "sessions.1.session_date",
        ("before", "admission_date"),
        "",
    ),
    "AdmissionDischarge._dates": (
        DARNELL / "admission_discharge.yaml",
        "discharge_date",
        ("before", "admission_date"),
        "",
    ),
    "BenefitsCounseling._consistent": (
        MARISOL / "benefits_counseling.yaml",
        "follow_up_date",
        ("before", "session_date"),
        "",
    ),
    "DischargePlan._dates": (
        DARNELL / "discharge_plan.yaml",
        "planned_discharge_date",
        ("before", "discussed_on"),
        "",
    ),
    "EmploymentPlan._review_after_plan": (
        MARISOL / "employment_plan.yaml",
        "objectives.1.target_date",
        ("before", "plan_date"),
        "",
    ),
    "FidelityActionPlan._dates_and_items": (
        TEAM / "riverbend-ips-team" / "fidelity_action_plan_2026-03.yaml",
        "goals.1.target_date",
        ("before", "plan_date"),
        "",
    ),
    "FidelityReviewBase._report_after_review": (
        TEAM / "riverbend-ips-team" / "fidelity_review_2026-02.yaml",
        "final_report_date",
        ("before", "review_date"),
        "",
    ),
    "ItemRating._score_follows_count": (
        TEAM / "riverbend-ips-team" / "fidelity_review_2026-02.yaml",
        "services_2.score",
        "contradict",
        "",
    ),
}
GUARDED_BY_THE_FORM = {"DisclosureDiscussion._revisit_has_reason": ("disclosure_discussion", "revisit_reason")}
"""Rules a form's ``when:`` condition keeps from being broken: the question is asked only when it may be answered."""
NOT_ASKED = {"DocumentBase._known_schema_version"}
"""Rules about what ipsdocs fills in itself (the schema version), never asked."""


def _break_times(answers: dict[str, Any]) -> None:
    answers.update(start_time="10:00", end_time="09:30")


def _break_mode(answers: dict[str, Any]) -> None:
    answers["mode"] = "phone"  # face to face by phone


def _break_change(answers: dict[str, Any]) -> None:
    answers["changes"][0]["change_date"] = _before(str(answers["start_date"]), 30)


def _break_assessment(answers: dict[str, Any]) -> None:
    answers["next_assessment_on"] = _before(str(answers["need_assessed_on"]), 30)


def _break_contact(answers: dict[str, Any]) -> None:
    answers["first_contact_on"] = _before(str(answers["learned_on"]), 3)


PRACTICE_RULES: dict[str, tuple[Path, Any, str]] = {
    "ServiceNote._time_and_place": (DARNELL / "service_note_2026-09-21.yaml", _break_times, "end_time"),
    "EmployerContact._consistent": (MARISOL / "employer_contact_2026-03-25.yaml", _break_mode, "face_to_face"),
    "JobStart._test_and_dates": (MARISOL / "job_start.yaml", _break_change, "changes"),
    "FollowAlongPlan._dates": (MARISOL / "follow_along_plan.yaml", _break_assessment, "next_assessment_on"),
    "JobEnd._dates": (DARNELL / "job_end.yaml", _break_contact, "first_contact_on"),
}
"""The records of practice (issue 15): each rule is refused by the interview, naming its field; when
it speaks is the general mechanism the table above checks question by question."""


def every_rule() -> set[str]:
    found: set[str] = set()
    seen: set[type] = set()

    def walk(model: Any) -> None:
        if model in seen:
            return
        seen.add(model)
        found.update(function.__qualname__ for _, function in _after_rules(model))
        for name in model.model_fields:
            sub = _kind(model, name)[1]
            if sub is not None:
                walk(sub)

    for model in MODELS.values():
        walk(model)
    return found


def test_the_table_covers_every_rule_of_every_model() -> None:
    assert every_rule() == set(RULES) | set(GUARDED_BY_THE_FORM) | NOT_ASKED | set(PRACTICE_RULES)


@pytest.mark.parametrize("rule", sorted(PRACTICE_RULES))
def test_each_practice_rule_is_refused_by_the_interview_naming_its_field(rule: str) -> None:
    sample, mutate, field = PRACTICE_RULES[rule]
    answers = answers_of(sample)
    mutate(answers)
    record_type = load_record(sample).record.record_type
    with pytest.raises(RecordError) as caught:
        Interview(load_form(record_type), ScriptedAsker(answers, where="answers.yaml"), context=NC).run()
    assert any(p.field.split("[")[0].split(".")[0] == field for p in caught.value.problems), str(caught.value)


def _broken_answers(rule: str) -> tuple[str, dict[str, Any], str]:
    sample, field, how, _ = RULES[rule]
    answers = answers_of(sample)
    if how == "young":
        _set(answers, field, (date.today() - timedelta(days=365 * 10)).isoformat())
    elif how == "one":
        _set(answers, field, answers[field][:1])
    elif how == "contradict":
        rating = answers[field.split(".")[0]]
        _set(answers, field, 5 if rating.get("score") != 5 else 1)
    else:
        _, other = how
        node: Any = answers
        for part in other.split("."):
            node = node[int(part)] if part.isdigit() else node[part]
        _set(answers, field, _before(node, 30))
    return load_record(sample).record.record_type, answers, field


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_refuses_the_answer_that_breaks_it_at_once(rule: str) -> None:
    record_type, answers, field = _broken_answers(rule)
    asker = ScriptedAsker(answers, where="answers.yaml")
    with pytest.raises(RecordError) as caught:
        Interview(load_form(record_type), asker, context=NC).run()
    at = RULES[rule][3] or field
    shown = at.split(".")
    expected = ".".join(shown[:1]) + "".join(f"[{int(p) + 1}]" if p.isdigit() else f".{p}" for p in shown[1:])
    assert caught.value.problems[0].field == expected, str(caught.value)
    assert asker.asked[-1] == at, "refused when the last answer it reads was given, not at the end"


def test_a_rule_guarded_by_a_condition_cannot_be_broken_through_the_form() -> None:
    for record_type, field in GUARDED_BY_THE_FORM.values():
        spec = next(s for _, s in load_form(record_type).fields() if s.field == field)
        assert spec.when
    answers = answers_of(MARISOL / "disclosure_discussion.yaml") | {"occasion": "first", "revisit_reason": "x"}
    asker = ScriptedAsker(answers, where="a.yaml")
    interview = Interview(load_form("disclosure_discussion"), asker)
    interview.run()
    assert "revisit_reason" not in asker.asked
    assert any(p.field == "revisit_reason" for p in unused_problems(asker, interview.form, interview.answers))


def test_a_session_before_the_date_of_entry_is_refused_at_once_naming_the_session() -> None:
    """The case the issue found: refused only at the final review, without saying which session."""
    from tests.test_interview import ENTER, run_typist

    _, answers, _ = _broken_answers("CareerProfile._dates_in_order")
    entry, wrong = answers["admission_date"], answers["sessions"][1]["session_date"]
    right = answers["sessions"][0]["session_date"]
    answers["sessions"][1]["session_date"] = right
    typed = {"sessions.1.session_date": [wrong + ENTER, right + ENTER]}
    record, typist, _ = run_typist(load_form("career_profile"), answers, typed=typed)
    screen = " ".join(typist.screen.getvalue().split())
    message = (
        "Not accepted - Profile session 2 › Session date: a profile session cannot be before the date of entry "
        f"(session date {wrong}, date of entry into IPS-SE {entry})"
    )
    assert message in screen
    assert screen.index(message) < screen.index("== 2/"), "refused in its own section, not at the review"
    assert typist.prompts.count("sessions.1.session_date") == 2 and record.sessions[1].session_date.isoformat() == right
