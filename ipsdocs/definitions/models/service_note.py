"""Service note: one per date of service (NC "Documentation Requirements" l.1107; NY l.185-188)."""

from __future__ import annotations

from datetime import datetime, time
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._practice import Phase, practice_choices
from ipsdocs.definitions.models._types import LabeledChoice, LongText, PastDate, RecordBase, RecordId, ShortText

ServiceType = practice_choices(
    "ServiceType",
    "service_types",
    "The service given, in the state's vocabulary (NC critical elements, NY's table, CA's service lists).",
    __name__,
)


class Place(LabeledChoice):
    """Where the service took place; the community kinds are NY's time-in-community list (l.126-133)."""

    EMPLOYER_SITE = "employer_site", "Community: an employer's site or job site"
    HOME = "home", "Community: the person's home"
    LIBRARY = "library", "Community: a library"
    SCHOOL = "school", "Community: a school or college"
    VR_OFFICE = "vr_office", "Community: a vocational rehabilitation office"
    COFFEE_SHOP = "coffee_shop", "Community: a coffee shop or other public place"
    TRAINING_SITE = "training_site", "Community: a training site"
    TRAVEL = "travel", "Community: travelling with the person"
    OFFICE = "office", "The program's office"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video"


REMOTE_PLACES = frozenset({Place.PHONE, Place.VIDEO})
COMMUNITY_PLACES = frozenset(set(Place) - REMOTE_PLACES - {Place.OFFICE})


class ContactWith(LabeledChoice):
    """Who the contact was with (NC l.1156-1158: others only for the person's benefit)."""

    PERSON = "person", "The person served"
    EMPLOYER = "employer", "An employer"
    FAMILY = "family", "Family or a natural support"
    TREATMENT_TEAM = "treatment_team", "The treatment team"
    VR = "vr", "Vocational rehabilitation"
    OTHER = "other", "Someone else, for the person's benefit"


class ServiceNote(RecordBase):
    """What was done on one date of service, for whom, where, for how long, and what comes next."""

    record_type: Literal["service_note"] = "service_note"
    DATE_FIELD: ClassVar[str] = "service_date"
    DATE_DEFAULTS_TO_TODAY: ClassVar[bool] = True
    """The interview offers today's date: the record is written on the day."""
    EXPECTED_OF_EVERYONE: ClassVar[bool] = False

    service_date: PastDate = Field(title="Date of service")
    start_time: time | None = Field(default=None, title="Start time")
    end_time: time | None = Field(default=None, title="End time")
    duration_minutes: int | None = Field(
        default=None, ge=1, le=720, title="Duration (minutes)", description="Worked out from the times when given."
    )
    units: int | None = Field(default=None, ge=0, le=48, title="Units billed", description="NC: 15-minute units.")
    place: Place | None = Field(default=None, title="Place of service")
    face_to_face: bool | None = Field(default=None, title="Face to face")
    individual: bool = Field(default=True, title="An individual service (not a group)")
    collaborative_documentation: bool | None = Field(default=None, title="Written with the person (collaborative)")
    contact_with: list[ContactWith] = Field(default_factory=list, title="Contact with")
    service_type: ServiceType | None = Field(default=None, title="Service type")
    phase: Phase | None = Field(default=None, title="Phase")
    objective_addressed: ShortText | None = Field(
        default=None,
        title="Plan goal or objective addressed",
        json_schema_extra={"suggest_from": "employment_plan.objectives.description"},
    )
    intervention: LongText | None = Field(default=None, title="What was done")
    response: LongText | None = Field(default=None, title="The person's response")
    next_steps: LongText | None = Field(default=None, title="Next steps")
    billable: bool | None = Field(default=None, title="Medicaid billable")
    barrier_addressed: ShortText | None = Field(default=None, title="Mental health barrier addressed")
    related_records: list[RecordId] = Field(
        default_factory=list, title="Related records", description="Ids of an employer contact, job, disclosure …"
    )

    @model_validator(mode="after")
    def _time_and_place(self) -> ServiceNote:
        if self.start_time and self.end_time:
            if self.end_time <= self.start_time:
                raise ValueError("end_time: the note ends before (or when) it starts")
            day = self.service_date
            minutes = int((datetime.combine(day, self.end_time) - datetime.combine(day, self.start_time)).seconds // 60)
            if self.duration_minutes is None:
                self.__dict__["duration_minutes"] = minutes
            elif self.duration_minutes != minutes:
                raise ValueError("duration_minutes: the duration does not match the start and end times")
        elif self.start_time or self.end_time:
            raise ValueError("end_time: give both the start and the end time, or only the duration")
        if self.face_to_face and self.place in REMOTE_PLACES:
            raise ValueError("face_to_face: a phone or video contact is not face to face")
        return self
