"""Job end: how a job ended and what came next (IPS-25 Services 3 and 12, Organization 6; NC element 11)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    LabeledChoice,
    LongText,
    PastDate,
    RecordBase,
    RecordId,
    require_order,
)


class EndReason(LabeledChoice):
    QUIT = "quit", "The person quit"
    DISMISSED = "dismissed", "Dismissed"
    LAID_OFF = "laid_off", "Laid off"
    TEMPORARY_ENDED = "temporary_ended", "A temporary or seasonal job ended"
    BETTER_JOB = "better_job", "Moved to a better job"
    HEALTH = "health", "Health reasons"
    OTHER = "other", "Other"


class InitiatedBy(LabeledChoice):
    PERSON = "person", "The person"
    EMPLOYER = "employer", "The employer"
    BOTH = "both", "Both"


class PersonChoice(LabeledChoice):
    NEW_SEARCH = "new_search", "Wants help finding another job"
    LATER = "later", "Wants to look later"
    DECLINED = "declined", "Declined for now"


class JobEnd(RecordBase):
    """A job that ended: when, why, when the specialist learned of it and made contact, what was offered."""

    record_type: Literal["job_end"] = "job_end"
    DATE_FIELD: ClassVar[str] = "end_date"
    EXPECTED_OF_EVERYONE: ClassVar[bool] = False

    job_start_id: RecordId = Field(title="The job (job start record ID)")
    end_date: PastDate = Field(title="Last day of work")
    learned_on: PastDate | None = Field(default=None, title="Date the specialist learned of it")
    reason: EndReason | None = Field(default=None, title="Reason")
    initiated_by: InitiatedBy | None = Field(default=None, title="Who ended it")
    first_contact_on: PastDate | None = Field(default=None, title="First contact with the person after learning of it")
    lessons_learned: LongText | None = Field(
        default=None, title="Lessons learned", description="Offered to the career profile (IPS-25 Services 3)."
    )
    new_search_offered: bool | None = Field(default=None, title="Help with another job offered (IPS-25 Org. 6)")
    new_search_offered_on: PastDate | None = Field(default=None, title="Date it was offered")
    person_choice: PersonChoice | None = Field(default=None, title="The person's choice")
    contingency_plan_used: LongText | None = Field(default=None, title="Contingency plan used")

    @model_validator(mode="after")
    def _dates(self) -> JobEnd:
        require_order(
            self.learned_on, self.first_contact_on, "first_contact_on: the contact cannot be before learning of it"
        )
        if self.new_search_offered_on and self.new_search_offered is False:
            raise ValueError("new_search_offered_on: a date is given, but another job search was not offered")
        return self
