"""Job start: a competitive job found with IPS (IPS-25 Services 1, 2, 8-12; NC l.378-383; NY l.74-87)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._practice import DisclosureAtWork, jurisdiction_tests, practice_choices
from ipsdocs.definitions.models._types import (
    IpsModel,
    LabeledChoice,
    LongText,
    Money,
    PastDate,
    RecordBase,
    RecordId,
    ShortText,
    require_order,
)

JobArrangement = practice_choices(
    "JobArrangement",
    "job_arrangements",
    "How the job is arranged (an individual community job, a set-aside position, an enclave …), per state.",
    __name__,
)
CieCondition = practice_choices(
    "CieCondition",
    "competitive_test.conditions",
    "A condition of a state's competitive integrated employment test.",
    __name__,
)
CompetitiveTestCode = LabeledChoice(  # type: ignore[call-overload]
    "CompetitiveTestCode", [(c.upper(), (c, label)) for c, label in jurisdiction_tests()], module=__name__
)


class EmploymentType(LabeledChoice):
    """IPS-25 Services 10: permanent jobs; seasonal and community temp-agency jobs also count."""

    PERMANENT = "permanent", "Permanent"
    TEMPORARY = "temporary", "Temporary"
    SEASONAL = "seasonal", "Seasonal"
    TEMP_AGENCY = "temp_agency", "Through a temporary agency open to the community"
    SELF_EMPLOYED = "self_employed", "Self-employment"


class Answer(LabeledChoice):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Does not apply"


class CieAnswer(IpsModel):
    """One condition of the state's test and its answer."""

    condition: CieCondition = Field(title="Condition")
    answer: Answer = Field(title="Answer")


class JobChange(IpsModel):
    """A dated change in hours or pay (IPS-25 Services 1: benefits counseling at each change)."""

    change_date: PastDate = Field(title="Date of the change")
    hours_per_week: int | None = Field(default=None, ge=0, le=80, title="New hours per week")
    hourly_wage: Money | None = Field(default=None, title="New hourly wage ($)")
    benefits_counseling_id: RecordId | None = Field(default=None, title="Benefits counseling before the change (ID)")


class JobStart(RecordBase):
    """The job: employer, pay, type, the state's competitive integrated test, and how it was found."""

    record_type: Literal["job_start"] = "job_start"
    DATE_FIELD: ClassVar[str] = "start_date"
    EXPECTED_OF_EVERYONE: ClassVar[bool] = False

    employer_id: RecordId = Field(title="Employer ID", description="The id the employer contact log uses.")
    employer_name: ShortText = Field(title="Employer", min_length=1)
    job_title: ShortText = Field(title="Job title", min_length=1)
    job_type: ShortText | None = Field(default=None, title="Job type (category)")
    start_date: PastDate = Field(title="Start date")
    hours_per_week: int | None = Field(default=None, ge=0, le=80, title="Hours per week")
    hourly_wage: Money | None = Field(default=None, title="Hourly wage ($)")
    minimum_wage: Money | None = Field(default=None, title="Minimum wage that applies ($)")
    employment_type: EmploymentType | None = Field(default=None, title="Permanent, temporary, seasonal …")
    arrangement: JobArrangement | None = Field(default=None, title="How the job is arranged")
    competitive_test: CompetitiveTestCode = Field(title="Competitive integrated employment test applied")
    cie_answers: list[CieAnswer] = Field(default_factory=list, title="Conditions of the test", max_length=12)
    competitive_integrated: bool | None = Field(
        default=None, title="Competitive integrated employment", description="Worked out from the answers above."
    )
    found_through_job_development: bool | None = Field(default=None, title="Found with IPS job development")
    employer_contact_ids: list[RecordId] = Field(default_factory=list, title="Employer contacts that led to it (IDs)")
    disclosure_at_employer: DisclosureAtWork | None = Field(default=None, title="Disclosure at this employer")
    accommodations: LongText | None = Field(default=None, title="Accommodations")
    on_site_support: bool | None = Field(default=None, title="The person wants support on the job site")
    benefits_counseling_id: RecordId | None = Field(default=None, title="Benefits counseling before the start (ID)")
    changes: list[JobChange] = Field(default_factory=list, title="Changes in hours or pay", max_length=60)

    @model_validator(mode="after")
    def _test_and_dates(self) -> JobStart:
        for change in self.changes:
            require_order(self.start_date, change.change_date, "changes: a change cannot be before the start date")
        if self.minimum_wage is not None and self.hourly_wage is not None and self.hourly_wage < self.minimum_wage:
            wage_floor = _answered(self, "wage_floor")
            if wage_floor is not None and wage_floor.answer is Answer.YES:
                raise ValueError(
                    "cie_answers: the wage is below the minimum wage, so 'paid at least minimum wage' is no"
                )
        result = _test_result(self)
        if self.competitive_integrated is None:
            self.__dict__["competitive_integrated"] = result
        elif result is not None and self.competitive_integrated is not result:
            shown = "yes" if result else "no"
            raise ValueError(f"competitive_integrated: the answers to the state's test give '{shown}'")
        return self


def _rules(record: JobStart) -> Any:
    from ipsdocs.definitions.jurisdiction import load_jurisdiction

    return load_jurisdiction(record.competitive_test.value).practice


def _answered(record: JobStart, flag: str) -> CieAnswer | None:
    conditions = {c.code: c for c in _rules(record).competitive_test.conditions}
    return next((a for a in record.cie_answers if getattr(conditions.get(a.condition.value), flag, False)), None)


def _test_result(record: JobStart) -> bool | None:
    """The state's test: every condition that applies answered yes, in an arrangement the state counts.

    An answer the state's test does not allow (a condition it does not have, one answered twice,
    "does not apply" for one that always applies, an arrangement it does not list) is refused.
    """
    rules = _rules(record)
    test = rules.competitive_test
    conditions = {c.code: c for c in test.conditions}
    given: dict[str, Answer] = {}
    for answer in record.cie_answers:
        code = answer.condition.value
        if code not in conditions:
            raise ValueError(f"cie_answers: '{code}' is not a condition of the {test.name} test")
        if code in given:
            raise ValueError(f"cie_answers: the condition '{code}' is answered twice")
        applies = not conditions[code].self_employed_only or record.employment_type is EmploymentType.SELF_EMPLOYED
        if answer.answer is Answer.NOT_APPLICABLE and applies:
            raise ValueError(f"cie_answers: the condition '{code}' applies to this job; answer yes or no")
        given[code] = answer.answer
    arrangement = rules.arrangement(record.arrangement.value) if record.arrangement is not None else None
    if record.arrangement is not None and arrangement is None:
        raise ValueError(f"arrangement: the {test.name} test does not list '{record.arrangement.value}'")
    if any(a is Answer.NO for a in given.values()) or (arrangement is not None and not arrangement.competitive):
        return False
    needed = [
        c.code
        for c in test.conditions
        if not c.self_employed_only or record.employment_type is EmploymentType.SELF_EMPLOYED
    ]
    if arrangement is None or any(code not in given for code in needed):
        return None
    return True
