"""Admission and discharge record: NC's LME-MCO Consumer Admission and Discharge Form ("Eligibility
Criteria", "Discharge Criteria"), NY's and CA's IPS Admission and Discharge Record.

The model holds every state's answers, each answer one fact (NC's criterion C is three conditions,
NY's NYESS entry is its own answer); the rules that differ by state (criterion B's minimum, the
minimum age) are checked when the record is validated under a state (``validation_context``), and
whether the answers support the admission is a finding of the state's ``eligibility`` rule.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, ValidationInfo, model_validator

from ipsdocs.definitions.jurisdiction import Rule, context_jurisdiction, elsewhere
from ipsdocs.definitions.models._types import (
    DischargeReason,
    EmploymentStatus,
    LabeledChoice,
    PastDate,
    RecordBase,
    RecordId,
    ShortText,
    jurisdiction_choices,
    require_order,
)

EligibilityArea = jurisdiction_choices(
    "EligibilityArea",
    "eligibility_areas",
    "Areas of difficulty (NC Eligibility Criteria B: at least two of six), worded by the jurisdiction profile.",
    __name__,
)


class ReferralSource(LabeledChoice):
    SELF = "self", "Self-referral"
    TREATMENT_TEAM = "treatment_team", "Mental health treatment team"
    FAMILY = "family", "Family or friend"
    VR = "vocational_rehabilitation", "Vocational Rehabilitation"
    JUSTICE = "justice", "Justice system"
    OTHER = "other", "Other"


RehabilitationProgram = jurisdiction_choices(
    "RehabilitationProgram",
    "rehabilitation_programs",
    "The program a person is served in, where IPS is part of one (NY: ACT or CORE PSR).",
    __name__,
)


class AdmissionDischarge(RecordBase):
    """Admission (eligibility A, B, C) and, later, discharge; zero exclusion: no readiness criteria."""

    record_type: Literal["admission_discharge"] = "admission_discharge"
    DATE_FIELD: ClassVar[str] = "admission_date"
    COMPLETE_NEEDS: ClassVar[tuple[str, ...]] = ("discharge_reason",)

    admission_date: PastDate = Field(title="Admission date")
    referral_source: ReferralSource | None = Field(default=None, title="Referral source")
    criterion_a_smi: bool | None = Field(
        default=None,
        title="A. Primary diagnosis of a serious mental illness (SMI), including SPMI and co-occurring disorders",
    )
    criterion_a_primary_sud: bool | None = Field(
        default=None, title="A.1 The primary diagnosis is a substance use disorder"
    )
    criterion_b_areas: list[EligibilityArea] = Field(
        default_factory=list, title="B. Areas of difficulty (at least two)"
    )
    criterion_c_desire_to_work: bool | None = Field(default=None, title="C. Expresses the desire to work")
    criterion_c_employment_pattern: bool | None = Field(
        default=None,
        title="C. Has an established pattern of unemployment, underemployment or sporadic employment",
    )
    criterion_c_needs_assistance: bool | None = Field(
        default=None,
        title=(
            "C. Requires assistance in obtaining or maintaining employment beyond what the employer typically "
            "provides, because of functional limitations"
        ),
    )
    rehabilitation_program: RehabilitationProgram | None = Field(  # type: ignore[valid-type]
        default=None, title="Program the person is served in"
    )
    nyess_entry_date: PastDate | None = Field(default=None, title="Date entered in NYESS")
    nyess_id: RecordId | None = Field(default=None, title="NYESS record ID")
    employment_status_at_admission: EmploymentStatus | None = Field(
        default=None, title="Employment status at admission"
    )
    discharge_date: PastDate | None = Field(default=None, title="Discharge date")
    discharge_reason: DischargeReason | None = Field(default=None, title="Discharge reason")
    employment_status_at_discharge: EmploymentStatus | None = Field(
        default=None, title="Employment status at discharge"
    )
    authorization_number: ShortText | None = Field(default=None, title="Authorization number (NC, after 64 units)")
    authorization_start: PastDate | None = Field(default=None, title="Authorization start")
    authorization_end: date | None = Field(default=None, title="Authorization end (up to 12 months)")

    @model_validator(mode="after")
    def _dates(self) -> AdmissionDischarge:
        require_order(self.admission_date, self.discharge_date, "discharge_date: cannot be before the admission date")
        require_order(self.authorization_start, self.authorization_end, "authorization_end: before its start")
        if self.discharge_reason is not None and self.discharge_date is None:
            raise ValueError("discharge_date: a discharge reason needs a discharge date")
        return self

    @model_validator(mode="after")
    def _state_criterion_b(self, info: ValidationInfo) -> AdmissionDischarge:
        """Criterion B's minimum is the state's (NC: two of six areas); other states have no criterion B."""
        state = context_jurisdiction(info.context)
        if state is None or not self.criterion_b_areas:
            return self
        rule = state.rule("eligibility")
        asks_b = rule.applies and "criterion_b_areas" in rule.lists.get("criteria", ())
        needed = rule.numbers.get("areas") if asks_b else None
        if needed and len(set(self.criterion_b_areas)) < needed:
            others = elsewhere("eligibility", state, _criterion_b_elsewhere)
            raise ValueError(
                f"criterion_b_areas: in {state.name} {rule.words('criterion_b_areas', areas=needed)} must be met "
                f"({rule.cite}); {others}"
            )
        return self


def _criterion_b_elsewhere(rule: Rule) -> str:
    if rule.applies and "criterion_b_areas" in rule.lists.get("criteria", ()):
        return f"at least {rule.numbers.get('areas')} areas"
    return "no criterion B"
