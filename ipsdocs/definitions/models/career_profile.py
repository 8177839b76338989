"""Career Profile: NC IPS-SE critical element 1 and IPS-25 Services 3."""

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


class Job(IpsModel):
    """One job in the person's work history (IPS-25 Services 3: lessons from job starts and endings)."""

    employer: ShortText = Field(title="Employer", min_length=1)
    job_title: ShortText = Field(title="Job title", min_length=1)
    start_date: PastDate | None = Field(default=None, title="Start date")
    end_date: PastDate | None = Field(default=None, title="End date", description="Leave empty if the job continues.")
    hours_per_week: int | None = Field(default=None, ge=0, le=80, title="Hours per week")
    hourly_wage: Money | None = Field(default=None, title="Hourly wage ($)")
    reason_left: ShortText | None = Field(default=None, title="Why the job ended")
    lessons_learned: LongText | None = Field(default=None, title="What the person liked, disliked and learned")

    @model_validator(mode="after")
    def _end_after_start(self) -> Job:
        require_order(self.start_date, self.end_date, "end_date: the job cannot end before it started")
        return self


class ProfileSession(IpsModel):
    """One of the 2–3 sessions over which the profile is built (NC critical element 1)."""

    session_date: PastDate = Field(title="Session date")
    location: ShortText | None = Field(default=None, title="Where it took place")
    notes: ShortText | None = Field(default=None, title="Topics covered")


class Contact(IpsModel):
    """A personal contact who may help with the job search (IPS-25 Services 3)."""

    name: ShortText = Field(title="Name", min_length=1)
    relationship: ShortText | None = Field(default=None, title="Relationship")
    how_they_can_help: ShortText | None = Field(default=None, title="How they could help")


class BarrierArea(LabeledChoice):
    """Barriers named in NC critical element 4 ("Addressing Barriers to Employment")."""

    JUSTICE = "justice", "Justice system involvement"
    WORK_HISTORY = "work_history", "Lack of work history"
    HOUSING = "housing", "Limited housing"
    CHILD_CARE = "child_care", "Child care"
    TRANSPORTATION = "transportation", "Transportation"
    OTHER = "other", "Other (described below)"


class DisclosurePreference(LabeledChoice):
    FULL = "full", "Disclose fully to employers"
    PARTIAL = "partial", "Disclose some information"
    NONE = "none", "Not disclose"
    UNDECIDED = "undecided", "Undecided; wants to discuss further"


class InformationSource(LabeledChoice):
    """Sources of information for the profile (IPS-25 Services 3)."""

    PERSON = "person", "The person"
    TREATMENT_TEAM = "treatment_team", "Treatment team"
    CLINICAL_RECORDS = "clinical_records", "Clinical records"
    FAMILY = "family", "Family members (with permission)"
    EMPLOYERS = "employers", "Previous employers (with permission)"


class CareerProfile(RecordBase):
    """The person's vocational profile, developed within 30 days of entry over 2–3 sessions."""

    record_type: Literal["career_profile"] = "career_profile"
    DATE_FIELD: ClassVar[str] = "completed_on"
    COMPLETE_NEEDS: ClassVar[tuple[str, ...]] = ("sessions", "completed_on")

    admission_date: PastDate = Field(title="Date of entry into IPS-SE")
    sessions: list[ProfileSession] = Field(default_factory=list, title="Profile sessions", max_length=12)
    completed_on: PastDate | None = Field(default=None, title="Date the profile was completed")

    work_history_summary: LongText | None = Field(default=None, title="Previous work experience")
    jobs: list[Job] = Field(default_factory=list, title="Jobs held", max_length=100)
    employment_goals: LongText | None = Field(default=None, title="Goals")
    preferred_job_types: list[ShortText] = Field(default_factory=list, title="Kinds of work the person prefers")
    preferred_hours_per_week: int | None = Field(default=None, ge=1, le=80, title="Preferred hours per week")
    preferences: LongText | None = Field(default=None, title="Preferences (schedule, setting, location, pay)")
    strengths: LongText | None = Field(default=None, title="Strengths")
    barrier_areas: list[BarrierArea] = Field(default_factory=list, title="Areas where barriers exist")
    barriers: LongText | None = Field(default=None, title="Barriers and ideas to address them")
    skills: LongText | None = Field(default=None, title="Skills")
    disclosure_preference: DisclosurePreference | None = Field(default=None, title="Disclosure preference")
    disclosure_notes: LongText | None = Field(default=None, title="Disclosure notes")
    career_advancement: LongText | None = Field(default=None, title="Career advancement and higher education")
    education: LongText | None = Field(default=None, title="Education and training so far")
    current_adjustment: LongText | None = Field(default=None, title="Current adjustment")
    personal_contacts: list[Contact] = Field(default_factory=list, title="Personal contacts", max_length=50)
    information_sources: list[InformationSource] = Field(default_factory=list, title="Sources of information")
    transportation: ShortText | None = Field(default=None, title="Transportation")
    interests: LongText | None = Field(default=None, title="Interests and hobbies")
    legal_history: LongText | None = Field(
        default=None, title="Legal history", description="Only what the person chooses to share."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> CareerProfile:
        for index, session in enumerate(self.sessions):
            require_order(
                self.admission_date,
                session.session_date,
                f"sessions.{index}.session_date: a profile session cannot be before the date of entry",
            )
        require_order(self.admission_date, self.completed_on, "completed_on: cannot be before the date of entry")
        return self

    @property
    def document_date(self) -> date | None:
        """Completed date, else the latest session, else the date of entry: a profile in progress
        is still named by a date."""
        dates = [s.session_date for s in self.sessions]
        return self.completed_on or (max(dates) if dates else self.admission_date)
