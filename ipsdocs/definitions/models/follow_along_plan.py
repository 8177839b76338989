"""Follow-along support plan (NC critical element 9 and l.282-285; IPS-25 Services 11 and 12)."""

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
    RecordId,
    ShortText,
    require_order,
)


class Provider(LabeledChoice):
    """IPS-25 Services 11: supports from varied people."""

    SPECIALIST = "specialist", "Employment specialist"
    TREATMENT_TEAM = "treatment_team", "Treatment team"
    FAMILY = "family", "Family"
    COWORKER = "coworker", "Co-worker"
    EMPLOYER = "employer", "Employer"
    PEER = "peer", "Peer mentor"


class Modality(LabeledChoice):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    TEXT = "text", "Text messages"


class SupportLocation(LabeledChoice):
    """NC element 9: on-site and/or off-site as the person chooses (on site needs a disclosure that allows it)."""

    ON_SITE = "on_site", "On the job site"
    OFF_SITE = "off_site", "Off site"
    REMOTE = "remote", "Phone or video"


class NeedLevel(LabeledChoice):
    HIGH = "high", "High: several contacts a week"
    MODERATE = "moderate", "Moderate: weekly"
    LOW = "low", "Low: monthly or as the person asks"


class Support(IpsModel):
    support: ShortText = Field(title="Support", min_length=1)
    provider: Provider = Field(title="Provided by")
    frequency: ShortText = Field(title="Frequency", min_length=1)
    modality: Modality = Field(title="How")
    location: SupportLocation = Field(title="Where")


class FollowAlongPlan(RecordBase):
    """Individualized, time-unlimited supports for a job, and the plan to fade paid supports."""

    record_type: Literal["follow_along_plan"] = "follow_along_plan"
    DATE_FIELD: ClassVar[str] = "plan_date"
    EXPECTED_OF_EVERYONE: ClassVar[bool] = False

    plan_date: PastDate = Field(title="Plan date")
    job_start_id: RecordId = Field(title="The job (job start record ID)")
    supports: list[Support] = Field(default_factory=list, title="Supports", max_length=30)
    employer_supports_requested: LongText | None = Field(default=None, title="Employer supports the person asked for")
    natural_supports: LongText | None = Field(default=None, title="Natural supports")
    fading_plan: LongText | None = Field(default=None, title="Plan to fade paid supports")
    need_assessed_on: PastDate | None = Field(default=None, title="Level of need assessed on")
    need_level: NeedLevel | None = Field(default=None, title="Level of need")
    next_assessment_on: date | None = Field(default=None, title="Next assessment")
    retraining_needs: LongText | None = Field(default=None, title="Retraining needs")
    career_development_goal: LongText | None = Field(default=None, title="Career development goal")
    step_down_on: date | None = Field(default=None, title="Step-down date")
    step_down_to: ShortText | None = Field(default=None, title="Step-down supports from (mental health worker)")
    time_unlimited_explained: bool | None = Field(
        default=None, title="Explained that support lasts for as long as the person wants it"
    )

    @model_validator(mode="after")
    def _dates(self) -> FollowAlongPlan:
        require_order(
            self.need_assessed_on, self.next_assessment_on, "next_assessment_on: must be after the assessment"
        )
        return self
