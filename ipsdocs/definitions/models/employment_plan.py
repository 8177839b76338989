"""Person-Centered Plan / Employment Plan (NC "Documentation Requirements", IPS-25 Services 5)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    IpsModel,
    LabeledChoice,
    LongText,
    PastDate,
    RecordBase,
    ShortText,
    require_order,
)
from ipsdocs.definitions.models.service_note import ServiceType


class Objective(IpsModel):
    """A step toward the goal: what, who is responsible, by when."""

    description: ShortText = Field(title="Objective or step", min_length=1)
    responsible: ShortText = Field(title="Who is responsible", min_length=1)
    target_date: date | None = Field(default=None, title="Target date")


class ServiceLocation(LabeledChoice):
    COMMUNITY = "community", "In the community"
    ON_THE_JOB = "on_the_job", "On the job site"
    OFF_SITE = "off_site", "Off site, away from the job"
    OFFICE = "office", "In the office"
    PHONE = "phone", "By phone or video"


class PlannedService(IpsModel):
    """A service with its frequency and intensity (NC "Service Type and Setting")."""

    service: ShortText = Field(title="Service", min_length=1)
    frequency: ShortText = Field(title="Frequency", description="e.g. weekly, twice a month", min_length=1)
    intensity: ShortText = Field(title="Intensity", description="e.g. 1 hour per contact", min_length=1)
    location: ServiceLocation = Field(title="Location")
    provider: ShortText | None = Field(default=None, title="Provided by")
    service_type: ServiceType | None = Field(
        default=None, title="Service type", description="In the state's vocabulary, so service notes can be matched."
    )


class BarrierPlan(IpsModel):
    """A barrier and how it will be addressed (NC critical element 4)."""

    barrier: ShortText = Field(title="Barrier", min_length=1)
    how_addressed: ShortText = Field(title="How it will be addressed", min_length=1)


class SkillTopic(LabeledChoice):
    """Skill-building topics of NC critical element 11 (a–g)."""

    ABSENCES = "absences", "Addressing absences"
    LEAVE = "leave", "Personal leave"
    CRISES = "crises", "Dealing with crises"
    CONFLICT = "conflict", "Conflict resolution skills"
    BUDGETING = "budgeting", "Budgeting skills"
    FINANCIAL_LITERACY = "financial_literacy", "Financial literacy"
    ASSETS = "assets", "Asset development"


class EmploymentPlan(RecordBase):
    """The person's plan: goal in their words, steps, services with frequency and intensity."""

    record_type: Literal["employment_plan"] = "employment_plan"
    DATE_FIELD: ClassVar[str] = "plan_date"

    plan_date: PastDate = Field(title="Plan date")
    employment_goal: LongText | None = Field(default=None, title="Employment goal in the person's words")
    objectives: list[Objective] = Field(default_factory=list, title="Objectives and steps", max_length=50)
    services: list[PlannedService] = Field(default_factory=list, title="Services", max_length=50)
    job_search_plan: LongText | None = Field(default=None, title="Job search plan")
    natural_supports: LongText | None = Field(default=None, title="Natural supports")
    barriers: list[BarrierPlan] = Field(
        default_factory=list, title="Barriers and how they are addressed", max_length=50
    )
    accommodations: LongText | None = Field(default=None, title="Accommodations and assistive technology")
    follow_along_supports: LongText | None = Field(default=None, title="Follow-along supports")
    skill_topics: list[SkillTopic] = Field(default_factory=list, title="Skill-building topics")
    contingency_plan: LongText | None = Field(default=None, title="Plan if a job ends (layoff or termination)")
    review_date: date | None = Field(default=None, title="Plan review date")

    @model_validator(mode="after")
    def _review_after_plan(self) -> EmploymentPlan:
        require_order(self.plan_date, self.review_date, "review_date: the review must come after the plan date")
        for index, objective in enumerate(self.objectives):
            require_order(
                self.plan_date,
                objective.target_date,
                f"objectives.{index}.target_date: a target date cannot be before the plan date",
            )
        return self
