"""Fidelity action plan: what the team will change after an IPS-25 review, item by item.

NC's service definition ("Fidelity Evaluation") requires one of a team rated Fair, within 30 days
of its first fidelity report, shared with the LME-MCO, the DMHDDSAS AMH Team and DMA (the rule
``fidelity_action_plan`` of the state's profile); teams rated Good or Exemplary may choose to write
one. Each goal names an item: a goal, the steps, who is responsible and by when. Whether a plan
covers every item scored below a number is an agency setting (``fidelity_low_items_goal``), checked
against the review itself (``ipsdocs fidelity results REVIEW --plan PLAN``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field, model_validator

from ipsdocs.definitions.models._types import (
    DocumentBase,
    IpsModel,
    LabeledChoice,
    LongText,
    PastDate,
    RecordId,
    ShortText,
    jurisdiction_choices,
    require_order,
)
from ipsdocs.definitions.models.fidelity_review import Program, Rater
from ipsdocs.definitions.scale import load_scale

if TYPE_CHECKING:
    pass


def _item_enum() -> type[LabeledChoice]:
    members = [(item.id.upper(), (item.id, f"{item.label}: {item.name}")) for item in load_scale().items]
    return LabeledChoice("FidelityItem", members, module=__name__)  # type: ignore[call-overload,no-any-return]


FidelityItem = _item_enum()

PlanRecipient = jurisdiction_choices(
    "PlanRecipient",
    "action_plan_recipients",
    "Who a fidelity action plan is shared with (NC: the LME-MCO, the DMHDDSAS AMH Team and DMA).",
    __name__,
)
"""The 25 IPS-25 items, named as the scale names them ("Services 2: Disclosure")."""


class ActionGoal(IpsModel):
    """One item to improve: the goal, the steps, who is responsible and by when."""

    item: FidelityItem = Field(title="IPS-25 item")  # type: ignore[valid-type]
    score: int | None = Field(default=None, ge=1, le=5, title="Score at the review")
    goal: LongText = Field(title="Goal", min_length=1)
    steps: LongText = Field(title="Action steps", min_length=1)
    responsible: ShortText = Field(title="Person responsible", min_length=1)
    target_date: date = Field(title="Target date")


class FidelityActionPlan(DocumentBase):
    """The plan that answers one fidelity review of one program."""

    record_type: Literal["fidelity_action_plan"] = "fidelity_action_plan"
    DATE_FIELD: ClassVar[str] = "plan_date"

    program: Program = Field(title="Program")
    review_date: PastDate = Field(title="Date of the fidelity review")
    review_record_id: RecordId | None = Field(default=None, title="Record ID of the review")
    plan_date: PastDate = Field(title="Date of the plan")
    prepared_by: list[Rater] = Field(min_length=1, title="Prepared by")
    goals: list[ActionGoal] = Field(min_length=1, title="Goals")
    shared_with: list[PlanRecipient] = Field(  # type: ignore[valid-type]
        default_factory=list,
        title="Shared with",
        description="Who the plan was shared with; the state's profile says who it must be (NC: three bodies).",
    )
    shared_with_names: ShortText | None = Field(
        default=None, title="Their names", description="e.g. the name of the LME-MCO, or anyone else"
    )
    shared_on: PastDate | None = Field(default=None, title="Date shared")
    notes: LongText | None = Field(default=None, title="Notes")

    @model_validator(mode="before")
    @classmethod
    def _names_given_as_text(cls, data: Any) -> Any:
        """Plans written before ``shared_with`` was a list of recipients held their names as one line of
        text: it is kept as the names, and who it was shared with is left to be recorded."""
        if isinstance(data, dict) and isinstance(data.get("shared_with"), str):
            names = data.get("shared_with_names") or data["shared_with"]
            data = {**data, "shared_with": [], "shared_with_names": names}
        return data

    @model_validator(mode="after")
    def _dates_and_items(self) -> FidelityActionPlan:
        require_order(self.review_date, self.plan_date, "plan_date: the plan is dated before the review it answers")
        require_order(self.plan_date, self.shared_on, "shared_on: the plan is shared before it is dated")
        seen: set[str] = set()
        for index, goal in enumerate(self.goals):
            item = load_scale().item(str(goal.item.value))
            if item.id in seen:
                raise ValueError(
                    f"goals.{index}.item: {item.full_label} has a second goal; put all its steps under one goal"
                )
            seen.add(item.id)
            require_order(
                self.plan_date, goal.target_date, f"goals.{index}.target_date: the target date is before the plan date"
            )
        return self
