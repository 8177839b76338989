"""Benefits counseling / work-incentives planning (NC critical element 2, IPS-25 Services 1)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    IpsModel,
    LabeledChoice,
    LongText,
    Money,
    PastDate,
    RecordBase,
    ShortText,
    require_order,
)


class CounselingOccasion(LabeledChoice):
    """When benefits counseling is due (NC element 2; IPS-25 Services 1)."""

    SERVICE_INITIATION = "service_initiation", "At service initiation"
    BEFORE_JOB_START = "before_job_start", "Before starting a job"
    HOURS_OR_PAY_CHANGE = "hours_or_pay_change", "Deciding on a change in hours or pay"
    ONGOING = "ongoing", "Ongoing review"


class BenefitProgram(LabeledChoice):
    """Benefits the IPS-25 Services 1 anchor lists."""

    SSI = "ssi", "SSI"
    SSDI = "ssdi", "SSDI"
    MEDICAID = "medicaid", "Medicaid"
    MEDICARE = "medicare", "Medicare"
    MEDICATION = "medication", "Medication subsidy"
    HOUSING = "housing", "Housing subsidy"
    FOOD = "food", "Food assistance (SNAP)"
    VA = "va", "Veterans benefits"
    DEPENDENT = "dependent", "Spouse or dependent benefits"
    RETIREMENT = "retirement", "Retirement benefits"
    OTHER = "other", "Other income"


class Benefit(IpsModel):
    program: BenefitProgram = Field(title="Program")
    monthly_amount: Money | None = Field(default=None, title="Monthly amount ($)")
    notes: ShortText | None = Field(default=None, title="Notes")


FEDERAL_WORK_INCENTIVES = (
    ("twp", "Trial Work Period"),
    ("epe", "Extended Period of Eligibility"),
    ("irwe", "Impairment-Related Work Expenses"),
    ("eie", "Earned Income Exclusion"),
    ("seie", "Student Earned Income Exclusion"),
    ("pass", "Plan to Achieve Self-Support (PASS)"),
    ("ticket", "Ticket to Work"),
    ("1619b", "Continued Medicaid (1619(b))"),
    ("exr", "Expedited Reinstatement"),
)
"""Social Security work incentives, the same in every state."""


def _work_incentives() -> type[LabeledChoice]:
    """The federal work incentives, and each state's own programs from its profile (NC: HCWD, offered in
    NC only; ``state_work_incentives``)."""
    from ipsdocs.definitions.jurisdiction import choice_universe

    codes = [*FEDERAL_WORK_INCENTIVES, *choice_universe("state_work_incentives")]
    members = [(("SECTION_" + code if code[0].isdigit() else code).upper(), (code, label)) for code, label in codes]
    enum = LabeledChoice("WorkIncentive", members, module=__name__)  # type: ignore[call-overload]
    enum.__doc__ = "Work incentives: the federal ones, and the states' own programs (worded by their profiles)."
    return enum  # type: ignore[no-any-return]


WorkIncentive = _work_incentives()


class BenefitsCounseling(RecordBase):
    """One benefits counseling session: what the person receives, what was discussed, next steps."""

    record_type: Literal["benefits_counseling"] = "benefits_counseling"
    DATE_FIELD: ClassVar[str] = "session_date"
    COMPLETE_NEEDS: ClassVar[tuple[str, ...]] = ("occasion",)

    session_date: PastDate = Field(title="Session date")
    occasion: CounselingOccasion | None = Field(default=None, title="Occasion")
    benefits_received: list[Benefit] = Field(default_factory=list, title="Benefits received", max_length=30)
    no_benefits: bool | None = Field(default=None, title="The person receives no benefits")
    questions: LongText | None = Field(default=None, title="The person's questions")
    information_given: LongText | None = Field(default=None, title="Information given")
    work_incentives: list[WorkIncentive] = Field(  # type: ignore[valid-type]
        default_factory=list, title="Work incentives discussed"
    )
    earnings_reporting_plan: LongText | None = Field(default=None, title="Plan for reporting earnings")
    wipa_referral: bool | None = Field(default=None, title="Referred to a work-incentives planner (WIPA)")
    referral_to: ShortText | None = Field(default=None, title="Referred to")
    referral_date: PastDate | None = Field(default=None, title="Referral date")
    follow_up: LongText | None = Field(default=None, title="Follow-up")
    follow_up_date: date | None = Field(default=None, title="Follow-up date")

    @model_validator(mode="after")
    def _consistent(self) -> BenefitsCounseling:
        if self.no_benefits and self.benefits_received:
            raise ValueError("no_benefits: the record lists benefits received, so it cannot say there are none")
        require_order(self.session_date, self.follow_up_date, "follow_up_date: must be after the session date")
        return self
