"""Questions built from the models and forms, and one answer parsed and checked by the model's rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import pytest
from pydantic import BaseModel, Field, model_validator

from ipsdocs.definitions.forms import FieldSpec, SectionSpec, load_form
from ipsdocs.definitions.models import MODELS, AdmissionDischarge, CareerProfile, EmploymentPlan
from ipsdocs.definitions.models._types import LongText, ShortText, require_order
from ipsdocs.definitions.models.career_profile import BarrierArea, Job
from ipsdocs.interview.questions import (
    AnswerError,
    Kind,
    cross_field_problems,
    item_problems,
    parse_answer,
    parse_date,
    question_for,
    shown,
    sub_questions,
)


def test_kinds_follow_the_model_types() -> None:
    kinds = {name: question_for(CareerProfile, name).kind for name in CareerProfile.model_fields}
    assert kinds["record_id"] is Kind.SHORT_TEXT
    assert kinds["person"] is Kind.GROUP
    assert kinds["admission_date"] is Kind.DATE
    assert kinds["sessions"] is Kind.REPEAT
    assert kinds["jobs"] is Kind.REPEAT
    assert kinds["work_history_summary"] is Kind.LONG_TEXT
    assert kinds["preferred_job_types"] is Kind.TEXT_LIST
    assert kinds["preferred_hours_per_week"] is Kind.INTEGER
    assert kinds["barrier_areas"] is Kind.MULTI_CHOICE
    assert kinds["disclosure_preference"] is Kind.CHOICE
    assert kinds["transportation"] is Kind.SHORT_TEXT
    job = {q.name: q.kind for q in sub_questions(Job)}
    assert job["hourly_wage"] is Kind.MONEY and job["start_date"] is Kind.DATE
    assert question_for(AdmissionDischarge, "criterion_a_smi").kind is Kind.YES_NO


def test_every_field_of_every_model_gets_a_question() -> None:
    for model in MODELS.values():
        for name in model.model_fields:
            question = question_for(model, name)
            assert question.label and question.prompt
            if question.kind in (Kind.GROUP, Kind.REPEAT):
                assert question.children(), f"{model.__name__}.{name} has no sub-questions"


def test_enum_choices_use_their_labels_and_the_form_wording() -> None:
    form = load_form("career_profile")
    section, spec = next((s, f) for s, f in form.fields() if f.field == "barrier_areas")
    question = question_for(CareerProfile, "barrier_areas", spec, section)
    assert [o.label for o in question.options][:2] == ["Justice system involvement", "Lack of work history"]
    assert question.prompt == "In which areas does the person see barriers?"
    assert question.help and "zero exclusion" in question.help
    assert question.expected is False and question.required is False


def test_model_required_and_form_required_differ() -> None:
    form = load_form("career_profile")
    by_name = {f.field: question_for(CareerProfile, f.field, f, s) for s, f in form.fields()}
    assert by_name["record_id"].required and by_name["record_id"].expected
    assert not by_name["strengths"].required and by_name["strengths"].expected
    assert not by_name["interests"].required and not by_name["interests"].expected


def test_form_choices_offer_a_subset_in_their_own_words() -> None:
    spec = FieldSpec(field="disclosure_preference", choices={"none": "Keep it private", "full": "Tell the employer"})
    question = question_for(CareerProfile, "disclosure_preference", spec)
    assert [(str(o.value), o.label) for o in question.options] == [
        ("none", "Keep it private"),
        ("full", "Tell the employer"),
    ]
    labelled = question_for(CareerProfile, "strengths", FieldSpec(field="strengths", label="What goes well"))
    assert labelled.label == "What goes well"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-04", date(2026, 3, 4)),
        ("3/4/2026", date(2026, 3, 4)),
        ("March 4, 2026", date(2026, 3, 4)),
        (" today ", date.today()),
        ("Yesterday", date.today() - timedelta(days=1)),
    ],
)
def test_dates_in_common_typed_forms(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["31/31/2026", "soon", "March", "17"])
def test_bad_or_partial_dates_are_refused(typed: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_date(typed)
    assert typed not in str(caught.value)


def test_a_future_date_is_refused_by_the_models_rule() -> None:
    question = question_for(CareerProfile, "admission_date")
    with pytest.raises(AnswerError, match="in the future"):
        parse_answer(question, "2999-01-01")


def test_constraints_in_field_metadata_are_kept() -> None:
    """TypeAdapter(field.annotation) alone would drop the ge/le kept in the field's metadata."""
    hours = question_for(CareerProfile, "preferred_hours_per_week")
    assert parse_answer(hours, " 24 ") == 24
    with pytest.raises(AnswerError, match="must be 80 or less"):
        parse_answer(hours, "90")
    with pytest.raises(AnswerError, match="whole number"):
        parse_answer(hours, "twenty")
    record_id = question_for(CareerProfile, "record_id")
    with pytest.raises(AnswerError, match="up to 64 characters"):
        parse_answer(record_id, "X" * 65)
    with pytest.raises(AnswerError, match="letters, digits"):
        parse_answer(record_id, "-bad id")


def test_text_answers_are_cleaned_and_limited() -> None:
    name = question_for(sub_questions(CareerProfile.model_fields["person"].annotation)[0].model, "name")
    assert parse_answer(name, "  Ana   Ruiz \n") == "Ana Ruiz"
    with pytest.raises(AnswerError, match="required"):
        parse_answer(name, "   ")
    with pytest.raises(AnswerError, match="at most 200"):
        parse_answer(name, "y" * 201)
    long = question_for(CareerProfile, "strengths")
    assert parse_answer(long, "Line one\r\nLine\x00 two") == "Line one\nLine two"
    assert parse_answer(long, "") is None


def test_money_yes_no_lists_and_choices_from_text() -> None:
    wage = next(q for q in sub_questions(Job) if q.name == "hourly_wage")
    assert parse_answer(wage, "$1,214.50") == Decimal("1214.50")
    with pytest.raises(AnswerError):
        parse_answer(wage, "-3")
    with pytest.raises(AnswerError, match="amount"):
        parse_answer(wage, "lots")
    smi = question_for(AdmissionDischarge, "criterion_a_smi")
    assert parse_answer(smi, "Yes") is True and parse_answer(smi, "n") is False
    with pytest.raises(AnswerError, match="yes or no"):
        parse_answer(smi, "maybe")
    kinds = question_for(CareerProfile, "preferred_job_types")
    assert parse_answer(kinds, "Bakery; café counter \n grocery") == ["Bakery", "café counter", "grocery"]
    areas = question_for(CareerProfile, "barrier_areas")
    assert parse_answer(areas, ["housing", "Transportation"]) == [BarrierArea.HOUSING, BarrierArea.TRANSPORTATION]
    with pytest.raises(AnswerError, match="allowed"):
        parse_answer(areas, ["flying"])


def test_a_rejected_answer_never_appears_in_the_message() -> None:
    secret = "Diagnosis-XYZ-4471"
    for model, name in ((CareerProfile, "admission_date"), (CareerProfile, "preferred_hours_per_week")):
        with pytest.raises(AnswerError) as caught:
            parse_answer(question_for(model, name), secret)
        assert secret not in str(caught.value)


def test_cross_field_rules_speak_once_both_fields_are_known() -> None:
    assert cross_field_problems(Job, {"start_date": date(2024, 5, 1)}) == set()
    found = cross_field_problems(Job, {"start_date": date(2024, 5, 1), "end_date": date(2024, 4, 1)})
    assert found == {("end_date", "the job cannot end before it started")}
    plan = {"plan_date": date(2026, 3, 1), "review_date": date(2026, 2, 1)}
    assert ("review_date", "the review must come after the plan date") in cross_field_problems(EmploymentPlan, plan)
    # A rule that reaches into a part not answered yet stays quiet.
    assert cross_field_problems(AdmissionDischarge, {"admission_date": date(2026, 1, 5)}) == set()


def test_group_problems_name_the_sub_field() -> None:
    problems = item_problems(
        Job, {"employer": "A", "job_title": "B", "start_date": "2024-05-01", "end_date": "2024-01-01"}
    )
    assert problems == [("end_date", "the job cannot end before it started")]


class _Rating(BaseModel):
    """A model shaped like an IPS-25 item: anchors as labelled integer choices, a definition shown first."""

    score: int = Field(
        ge=1,
        le=5,
        title="Score",
        description="Definition of the item, shown before its anchors.",
        json_schema_extra={"choices": [[n, f"{n} = anchor {n}"] for n in range(1, 6)], "show_description": True},
    )
    sources: list[Literal["MIS", "DOC", "INT"]] = Field(default_factory=list, title="Data sources")
    notes: LongText | None = Field(default=None, title="Evidence")


class _Review(BaseModel):
    site: ShortText = Field(title="Site")
    item_1: _Rating = Field(title="Item 1")
    ratings: list[_Rating] = Field(default_factory=list, title="Further ratings")
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _order(self) -> _Review:
        require_order(self.start, self.end, "end: the end comes after the start")
        return self


def test_declared_choices_groups_and_lists_of_literals_for_any_model() -> None:
    item = question_for(_Review, "item_1")
    assert item.kind is Kind.GROUP
    score, sources, notes = item.children()
    assert score.kind is Kind.CHOICE and score.help_first and score.help.startswith("Definition")
    assert [o.value for o in score.options] == [1, 2, 3, 4, 5] and score.options[2].label == "3 = anchor 3"
    assert parse_answer(score, 4) == 4 and parse_answer(score, "4") == 4
    with pytest.raises(AnswerError):
        parse_answer(score, 7)
    assert sources.kind is Kind.MULTI_CHOICE and [o.value for o in sources.options] == ["MIS", "DOC", "INT"]
    assert notes.kind is Kind.LONG_TEXT
    assert question_for(_Review, "ratings").kind is Kind.REPEAT
    assert question_for(_Review, "ratings").item_name == "_ rating"
    assert cross_field_problems(_Review, {"start": date(2026, 1, 2), "end": date(2026, 1, 1)}) == {
        ("end", "the end comes after the start")
    }


def test_review_lines_show_labels_not_codes() -> None:
    areas = question_for(CareerProfile, "barrier_areas")
    assert shown(areas, [BarrierArea.HOUSING]) == "Limited housing"
    jobs = question_for(CareerProfile, "jobs")
    line = shown(jobs, [{"employer": "Harbor Bakery", "job_title": "Counter"}])
    assert line == "1 job: Harbor Bakery, Counter"
    section = SectionSpec(id="x", title="X", required=True, fields=(FieldSpec(field="strengths"),))
    assert question_for(CareerProfile, "strengths", section.fields[0], section).expected
