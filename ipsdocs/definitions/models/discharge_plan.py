"""Discharge plan (NC "Discharge Criteria" and "Documentation Requirements")."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    DischargeReason,
    EmploymentStatus,
    LongText,
    PastDate,
    RecordBase,
    require_order,
)


class DischargePlan(RecordBase):
    """The plan discussed with the person before discharge; they can always come back."""

    record_type: Literal["discharge_plan"] = "discharge_plan"
    DATE_FIELD: ClassVar[str] = "discussed_on"
    COMPLETE_NEEDS: ClassVar[tuple[str, ...]] = ("reasons",)

    discussed_on: PastDate = Field(title="Date discussed with the person")
    planned_discharge_date: date | None = Field(default=None, title="Planned discharge date")
    reasons: list[DischargeReason] = Field(default_factory=list, title="Reason(s) for discharge")
    progress_on_goals: LongText | None = Field(default=None, title="Progress on PCP goals")
    employment_status: EmploymentStatus | None = Field(default=None, title="Employment status")
    employment_details: LongText | None = Field(default=None, title="Employment details")
    continuing_supports: LongText | None = Field(default=None, title="Supports that continue")
    how_to_return: LongText | None = Field(default=None, title="How to return to IPS services")
    person_comments: LongText | None = Field(default=None, title="The person's comments")

    @model_validator(mode="after")
    def _dates(self) -> DischargePlan:
        require_order(
            self.discussed_on,
            self.planned_discharge_date,
            "planned_discharge_date: the plan must be discussed on or before the discharge date",
        )
        if len(set(self.reasons)) != len(self.reasons):
            raise ValueError("reasons: a reason is listed twice")
        return self
