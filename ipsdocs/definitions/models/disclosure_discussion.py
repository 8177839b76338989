"""Disclosure discussion (NC critical element 7, IPS-25 Services 2: four elements)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import LabeledChoice, LongText, PastDate, RecordBase, ShortText


class Occasion(LabeledChoice):
    FIRST = "first", "First discussion"
    REVISITED = "revisited", "Revisited"


class DisclosureDecision(LabeledChoice):
    FULL = "full", "Full disclosure"
    PARTIAL = "partial", "Partial disclosure"
    NONE = "none", "No disclosure"
    UNDECIDED = "undecided", "Undecided"


class DisclosureDiscussion(RecordBase):
    """One discussion of disclosure; IPS-25 Services 2 asks for more than one occasion."""

    record_type: Literal["disclosure_discussion"] = "disclosure_discussion"
    DATE_FIELD: ClassVar[str] = "discussion_date"

    discussion_date: PastDate = Field(title="Date of the discussion")
    occasion: Occasion | None = Field(default=None, title="Occasion")
    revisit_reason: ShortText | None = Field(
        default=None, title="Why it was revisited", description="e.g. no job after two months, difficulties on the job"
    )
    not_required_explained: bool | None = Field(
        default=None, title="Explained that disclosure is not required to receive services"
    )
    pros_and_cons: LongText | None = Field(
        default=None,
        title="Pros and cons discussed in advance",
        description="Including accommodations and the specialist's contact with employers.",
    )
    information_to_disclose: LongText | None = Field(default=None, title="Specific information to disclose")
    example_wording: LongText | None = Field(default=None, title="Examples of what could be said")
    decision: DisclosureDecision | None = Field(default=None, title="Decision")
    disclose_to_whom: ShortText | None = Field(default=None, title="To whom and when")
    chosen_wording: LongText | None = Field(default=None, title="Wording the person chose")
    employer_contact_consent: bool | None = Field(
        default=None, title="The person consents to the specialist contacting employers"
    )
    accommodations_to_request: LongText | None = Field(default=None, title="Accommodations to request")
    next_review: date | None = Field(default=None, title="Next discussion planned")

    @model_validator(mode="after")
    def _revisit_has_reason(self) -> DisclosureDiscussion:
        if self.occasion is Occasion.FIRST and self.revisit_reason:
            raise ValueError("revisit_reason: only a revisited discussion has a reason for revisiting")
        return self
