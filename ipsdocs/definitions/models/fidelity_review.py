"""IPS-25 fidelity review: the program rated on the 25 items of the IPS-25 scale.

Every item, name, definition, anchor and key component comes from the scale file
(``ipsdocs.definitions.scale``); this module only turns each item into a typed field. Each item's
field is a small model of its own, built per item, so the guided rating can show the item's
definition, offer its five anchors as the choices, then ask for data sources and evidence, and
for the six counted items (Organization 2, 5, 7, 8; Services 2, 14) the key components present,
from whose count the score follows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field, create_model, field_validator, model_validator

from ipsdocs.definitions.models._types import (
    DocumentBase,
    IpsModel,
    LabeledChoice,
    LongText,
    PastDate,
    RecordId,
    ShortText,
    require_order,
)
from ipsdocs.definitions.scale import SCORES, ScaleItem, load_scale

if TYPE_CHECKING:
    pass


class Rater(IpsModel):
    """Someone who rated the program or wrote its plan: a reviewer, a team leader, a trainer."""

    name: ShortText = Field(title="Name", min_length=1)
    role: ShortText | None = Field(
        default=None, title="Role", description="e.g. IPS team leader, IPS trainer, the funder's quality reviewer."
    )
    organization: ShortText | None = Field(default=None, title="Organization")


class Program(IpsModel):
    """The IPS team or site reviewed (the score sheet's "Site")."""

    name: ShortText = Field(title="Program or site", min_length=1)
    agency: ShortText | None = Field(default=None, title="Agency")
    program_id: RecordId | None = Field(
        default=None, title="Program ID", description="The funder's or state's identifier for the team, if it has one."
    )

    def same_as(self, other: Program) -> bool:
        """Two records are about the same program: same ID when both have one, else the same name."""
        if self.program_id and other.program_id:
            return self.program_id == other.program_id
        return self.name.casefold() == other.name.casefold()


class ReviewType(LabeledChoice):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment by the program"
    EXTERNAL = "external", "External review (state, funder or IPS trainer)"


class Evaluation(LabeledChoice):
    """Which review this is; NC's rules differ for the first one (action plan, follow-up evaluation)."""

    FIRST = "first", "First fidelity review of the program"
    SUBSEQUENT = "subsequent", "Scheduled review after an earlier one"
    FOLLOW_UP = "follow_up", "Follow-up evaluation after a first score below Fair"


def _data_source_enum() -> type[LabeledChoice]:
    scale = load_scale()
    members = [(code, (code, f"{code}: {meaning}")) for code, meaning in scale.data_sources.items()]
    return LabeledChoice("DataSource", members, module=__name__)  # type: ignore[call-overload,no-any-return]


DataSource = _data_source_enum()
"""MIS, DOC, INT, OBS, ISP, with the scale's own meaning of each."""


class ItemRating(IpsModel):
    """The rating of one IPS-25 item; one subclass per item carries its anchors and components."""

    ITEM: ClassVar[ScaleItem]

    @field_validator("score", mode="before", check_fields=False)
    @classmethod
    def _whole_score(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = value.strip() if isinstance(value, str) else value
        if isinstance(number, str) and number.isdigit():
            number = int(number)
        if isinstance(number, bool) or not isinstance(number, int) or number not in SCORES:
            raise ValueError(f"{cls.ITEM.full_label}: the score must be a whole number from 1 to 5")
        return number

    @field_validator("data_sources", "components", mode="after", check_fields=False)
    @classmethod
    def _in_scale_order(cls, value: Any) -> Any:
        """Sources and components are sets: kept in the scale's order, however they were entered."""
        if not isinstance(value, list):
            return value
        order = {member: index for index, member in enumerate(type(value[0]))} if value else {}
        return sorted(value, key=order.__getitem__)

    @model_validator(mode="before")
    @classmethod
    def _score_from_count(cls, data: Any) -> Any:
        """A counted item scored by its components alone gets the score the scale gives their count."""
        item = cls.ITEM
        if not item.counted or not isinstance(data, dict) or data.get("score") not in (None, ""):
            return data
        present = data.get("components")
        if isinstance(present, list) and all(isinstance(c, str) for c in present):
            count = len(set(present))
            if count <= len(item.components):
                return {**data, "score": item.score_for(count)}
        return data

    @model_validator(mode="after")
    def _score_follows_count(self) -> ItemRating:
        item = self.ITEM
        score = getattr(self, "score", None)
        if not item.counted:
            return self
        present = getattr(self, "components", None)
        if present is None:
            raise ValueError(
                f"components: {item.full_label} is scored by counting its {len(item.components)} key components; "
                "record which are present (none is an answer)"
            )
        if len(set(present)) != len(present):
            raise ValueError(f"components: {item.full_label} lists a component twice")
        expected = item.score_for(len(present))
        if score != expected:
            raise ValueError(
                f"score: {item.full_label}: the score given is {score}, but with {len(present)} of "
                f"{len(item.components)} key components present the scale gives {expected}"
            )
        return self

    @property
    def value(self) -> int:
        """The item's score (always set once the rating is valid)."""
        return int(getattr(self, "score"))  # noqa: B009 - the field is added per item

    def present_components(self) -> list[str]:
        return [str(c.value) for c in getattr(self, "components", None) or []]


def _score_choices(item: ScaleItem) -> list[list[Any]]:
    """The five anchors, in full, as the labels of the score's choices."""
    return [[score, f"{score} = {item.anchor(score)}"] for score in SCORES]


def _rating_model(item: ScaleItem) -> type[ItemRating]:
    """The model of one item's rating, in the order the guided rating asks it."""
    shown_first = {"show_description": True}
    fields: dict[str, Any] = {}
    class_name = item.id.title().replace("_", "")
    if item.counted:
        members = [(c.id.upper(), (c.id, c.text)) for c in item.components]
        components = LabeledChoice(f"{class_name}Component", members, module=__name__)  # type: ignore[call-overload]
        globals()[components.__name__] = components  # found by name when a record is pickled to a batch worker
        fields["components"] = (
            list[components] | None,  # type: ignore[valid-type]
            Field(
                default=None,
                title=f"Key components present (of {len(item.components)})",
                description=item.definition,
                json_schema_extra=shown_first,
            ),
        )
        score_help = "Follows from the number of key components present; leave it blank to score by the count."
        fields["score"] = (
            int | None,
            Field(
                default=None,
                ge=1,
                le=5,
                title="Score",
                description=score_help,
                json_schema_extra={"choices": _score_choices(item)},
            ),
        )
    else:
        fields["score"] = (
            int,
            Field(
                ge=1,
                le=5,
                title="Score",
                description=item.definition,
                json_schema_extra={"choices": _score_choices(item), **shown_first},
            ),
        )
    fields["data_sources"] = (
        list[DataSource],  # type: ignore[valid-type]
        Field(
            default_factory=list,
            title="Data sources used",
            description=f"The scale names {', '.join(item.data_sources)} for this item.",
        ),
    )
    fields["evidence"] = (
        LongText | None,
        Field(
            default=None, title="Evidence notes", description="What was seen, read or heard that supports the score."
        ),
    )
    model = create_model(f"{class_name}Rating", __base__=ItemRating, __module__=__name__, **fields)
    model.ITEM = item
    model.__doc__ = f"IPS-25 {item.full_label}."
    return model


RATING_MODELS: dict[str, type[ItemRating]] = {item.id: _rating_model(item) for item in load_scale().items}
"""Item id -> the model of its rating, in the scale's order."""

# Module attributes, so a record can be pickled to a batch worker and back by its classes' names.
globals().update({model.__name__: model for model in RATING_MODELS.values()})


class FidelityReviewBase(DocumentBase):
    """Who reviewed which program, when and how; the 25 item fields are added from the scale below."""

    record_type: Literal["fidelity_review"] = "fidelity_review"
    DATE_FIELD: ClassVar[str] = "review_date"

    program: Program = Field(title="Program reviewed")
    raters: list[Rater] = Field(min_length=1, title="Raters")
    review_date: PastDate = Field(title="Date of the review")
    review_type: ReviewType = Field(title="Review type")
    evaluation: Evaluation = Field(title="First or later review")
    final_report_date: PastDate | None = Field(
        default=None,
        title="Final report received",
        description="Next review and action-plan dates count from the final report (NC Fidelity Evaluation).",
    )
    summary: LongText | None = Field(default=None, title="Strengths and recommendations")

    @model_validator(mode="after")
    def _report_after_review(self) -> FidelityReviewBase:
        require_order(
            self.review_date, self.final_report_date, "final_report_date: the final report comes before the review"
        )
        return self

    def rating(self, item_id: str) -> ItemRating:
        value = getattr(self, item_id)
        assert isinstance(value, ItemRating)
        return value

    @property
    def scores(self) -> dict[str, int]:
        """Item id -> score, in the scale's order."""
        return {item_id: self.rating(item_id).value for item_id in RATING_MODELS}

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def _item_field(item: ScaleItem) -> tuple[type[ItemRating], Any]:
    return (RATING_MODELS[item.id], Field(title=f"{item.label}: {item.name}", description=f"IPS-25 {item.label}."))


FidelityReview = create_model(  # type: ignore[call-overload]
    "FidelityReview",
    __base__=FidelityReviewBase,
    __module__=__name__,
    __doc__="An IPS-25 fidelity review: 25 items rated 1-5, the total deciding the program's fidelity level.",
    **{item.id: _item_field(item) for item in load_scale().items},
)


def review_date_key(review: FidelityReviewBase) -> tuple[date, str]:
    """Reviews in the order they happened."""
    return (review.review_date, review.record_id)
