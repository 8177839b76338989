"""Employer contact: one line of the specialist's weekly tracking form (IPS-25 Services 4-7; NC element 6)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    DocumentBase,
    IpsModel,
    LabeledChoice,
    LongText,
    PastDate,
    RecordId,
    ShortText,
    StaffMember,
    require_order,
)


class Employer(IpsModel):
    """The employer, with the agency's stable id so repeat visits link up (IPS-25 Services 7 and 9)."""

    employer_id: RecordId = Field(title="Employer ID")
    name: ShortText = Field(title="Employer", min_length=1)
    industry: ShortText | None = Field(default=None, title="Industry or job types")
    location: ShortText | None = Field(default=None, title="Location")


class ContactMode(LabeledChoice):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video"


class ContactPurpose(LabeledChoice):
    """Why the specialist met the employer (IPS-25 Services 7: learn needs, present the program, match strengths)."""

    LEARN_NEEDS = "learn_needs", "Learn about the employer's business and needs"
    PRESENT_PROGRAM = "present_program", "Present the program"
    PRESENT_CLIENT = "present_client", "Present a client's strengths"
    FOLLOW_UP_OPENING = "follow_up_opening", "Follow up on an opening"
    ASK_INTERVIEW = "ask_interview", "Ask for an interview"
    FOLLOW_ALONG = "follow_along", "Follow-along support for the employer"


class EmployerContact(DocumentBase):
    """A contact with an employer, generic or on behalf of named people (by client id, no names)."""

    record_type: Literal["employer_contact"] = "employer_contact"
    DATE_FIELD: ClassVar[str] = "contact_date"
    DATE_DEFAULTS_TO_TODAY: ClassVar[bool] = True
    """The interview offers today's date: the record is written on the day."""

    specialist: StaffMember = Field(title="Employment specialist")
    contact_date: PastDate = Field(title="Date of the contact")
    employer: Employer = Field(title="Employer")
    mode: ContactMode = Field(title="How the contact was made")
    face_to_face: bool = Field(
        default=False, title="Face to face", description="Only these count for IPS-25 Services 6."
    )
    client_ids: list[RecordId] = Field(
        default_factory=list,
        title="On behalf of (client IDs)",
        description="Empty for a generic contact.",
        max_length=20,
    )
    client_present: bool = Field(default=False, title="The person was present")
    purpose: ContactPurpose | None = Field(default=None, title="Purpose")
    visit_number: int | None = Field(default=None, ge=1, le=500, title="Visit number with this employer")
    openings_learned: LongText | None = Field(default=None, title="Openings learned about")
    matches_preferences: bool | None = Field(
        default=None, title="Consistent with the person's preferences and plan (IPS-25 Services 5)"
    )
    outcome: LongText | None = Field(default=None, title="Outcome and next step")
    reviewed_by: ShortText | None = Field(default=None, title="Reviewed by (supervisor)")
    reviewed_on: PastDate | None = Field(default=None, title="Date reviewed")

    @model_validator(mode="after")
    def _consistent(self) -> EmployerContact:
        if self.face_to_face and self.mode is not ContactMode.IN_PERSON:
            raise ValueError("face_to_face: only an in-person contact is face to face")
        if self.client_present and not self.client_ids:
            raise ValueError("client_present: a contact with the person present names their client ID")
        if len(set(self.client_ids)) != len(self.client_ids):
            raise ValueError("client_ids: a client ID is listed twice")
        require_order(self.contact_date, self.reviewed_on, "reviewed_on: the review cannot come before the contact")
        if self.reviewed_on and not self.reviewed_by:
            raise ValueError("reviewed_by: a review date needs the supervisor who reviewed it")
        return self
