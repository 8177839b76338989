"""LME-MCO Consumer Admission and Discharge Form (NC "Eligibility Criteria", "Discharge Criteria")."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models._types import (
    DischargeReason,
    EmploymentStatus,
    LabeledChoice,
    PastDate,
    RecordBase,
    ShortText,
    age_on,
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


MIN_ELIGIBILITY_AREAS = load_jurisdiction().min_eligibility_areas
"""Criterion B's minimum in the default (NC) profile; the model holds every record to it."""


class AdmissionDischarge(RecordBase):
    """Admission (eligibility A, B, C) and, later, discharge; zero exclusion: no readiness criteria."""

    record_type: Literal["admission_discharge"] = "admission_discharge"
    DATE_FIELD: ClassVar[str] = "admission_date"

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
    criterion_c_desire_to_work: bool | None = Field(
        default=None,
        title=(
            "C. Expresses the desire to work, has a pattern of unemployment, underemployment or sporadic "
            "employment, and needs assistance to obtain or keep employment"
        ),
    )
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
    def _eligibility_and_dates(self) -> AdmissionDischarge:
        if self.criterion_b_areas and len(set(self.criterion_b_areas)) < MIN_ELIGIBILITY_AREAS:
            raise ValueError(
                "criterion_b_areas: criterion B needs difficulties in at least two of the six areas "
                "(NC IPS-SE Eligibility Criteria B)"
            )
        dob = self.person.date_of_birth
        if dob is not None and age_on(dob, self.admission_date) < 18:
            raise ValueError("person.date_of_birth: IPS-SE serves people 18 and older at admission")
        require_order(self.admission_date, self.discharge_date, "discharge_date: cannot be before the admission date")
        require_order(self.authorization_start, self.authorization_end, "authorization_end: before its start")
        if self.discharge_reason is not None and self.discharge_date is None:
            raise ValueError("discharge_date: a discharge reason needs a discharge date")
        return self
