"""The part of a jurisdiction profile that the records of everyday practice read (issue 15).

Service notes, employer contacts, job starts and ends and follow-along plans are judged by numbers
and vocabularies that differ between states: NC bills 15-minute units and needs an authorization
after 64 of them; NY sorts interventions into billable and non-billable categories and has its own
six-condition test of competitive integrated employment; CA lists pre-employment and sustaining
services. Each profile holds them under ``practice:`` with the source of every value in a comment;
this module is only their shape. It imports nothing of ipsdocs, so ``jurisdiction`` can use it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PRACTICE_CHOICE_LISTS = {
    "ServiceType": "service_types",
    "JobArrangement": "job_arrangements",
    "CieCondition": "competitive_test.conditions",
}
"""Which ``practice`` list words which model enum (by the enum's class name)."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PracticeChoice(_Data):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    source: str | None = None


class ServiceTypeChoice(PracticeChoice):
    """A service type of the state's vocabulary, with the phase it belongs to and, for NY, who may bill it."""

    phase: Literal["engagement", "job_search", "follow_along", "any"] = "any"
    billable_by_specialist: bool | None = Field(
        default=None, description="NY-08: the IPS Employment Specialist's activities are not billable"
    )


class ArrangementChoice(PracticeChoice):
    """A kind of job arrangement and whether the state's test lets it count as competitive integrated work."""

    competitive: bool


class ConditionChoice(PracticeChoice):
    self_employed_only: bool = Field(default=False, description="Applies only to self-employment (NY condition 3)")
    wage_floor: bool = Field(default=False, description="The condition is 'paid at least the minimum wage'")


class CompetitiveTest(_Data):
    """The state's test of competitive integrated employment: each condition one answer."""

    name: str
    source: str
    conditions: tuple[ConditionChoice, ...] = Field(min_length=1)


class PracticeRules(_Data):
    """Numbers and vocabularies for service notes, employer contacts, jobs and follow-along."""

    unit_minutes: int | None = Field(gt=0, description="None: the state bills no units")
    unit_rounding: Literal["down", "nearest", "up"] = "down"
    service_types: tuple[ServiceTypeChoice, ...] = Field(min_length=1)
    job_arrangements: tuple[ArrangementChoice, ...] = Field(min_length=1)
    competitive_test: CompetitiveTest
    minimum_wage: Decimal | None = Field(ge=0)
    first_contact_anchors: tuple[tuple[int, int], ...] = Field(
        description="(most days, IPS-25 Services 4 score) from best to worst; beyond the last, score 1"
    )
    follow_along_reassessment_days: int = Field(gt=0)
    preference_match_anchors: tuple[tuple[int, int], ...] = Field(
        default=((90, 5), (75, 4), (50, 3), (25, 2)),
        description="(least percent, IPS-25 Services 5 score) from best to worst; below the last, score 1",
    )

    @model_validator(mode="after")
    def _codes_unique(self) -> PracticeRules:
        for name in ("service_types", "job_arrangements"):
            codes = [choice.code for choice in getattr(self, name)]
            if len(set(codes)) != len(codes):
                raise ValueError(f"{name}: a code is listed twice")
        return self

    def choice_list(self, path: str) -> tuple[PracticeChoice, ...]:
        value: object = self
        for part in path.split("."):
            value = getattr(value, part)
        return value  # type: ignore[return-value]

    def choices_for(self, enum_name: str) -> dict[str, str] | None:
        """Code -> wording of a practice enum's choices in this state; None if not a practice list."""
        path = PRACTICE_CHOICE_LISTS.get(enum_name)
        return None if path is None else {c.code: c.label for c in self.choice_list(path)}

    def service_type(self, code: str) -> ServiceTypeChoice | None:
        return next((s for s in self.service_types if s.code == code), None)

    def arrangement(self, code: str) -> ArrangementChoice | None:
        return next((a for a in self.job_arrangements if a.code == code), None)

    def units(self, minutes: int) -> int | None:
        """Units a duration makes under the rounding rule; None where the state bills no units."""
        if self.unit_minutes is None:
            return None
        whole, rest = divmod(minutes, self.unit_minutes)
        if self.unit_rounding == "up" and rest:
            return whole + 1
        if self.unit_rounding == "nearest" and rest * 2 >= self.unit_minutes:
            return whole + 1
        return whole

    def preference_match_score(self, percent: float) -> int:
        """IPS-25 Services 5: the anchor a share of contacts matching the person's preferences earns."""
        return next((score for least, score in self.preference_match_anchors if percent >= least), 1)

    def first_contact_score(self, days: int) -> int:
        """IPS-25 Services 4: the anchor a number of days from entry to first employer contact earns."""
        return next((score for most, score in self.first_contact_anchors if days <= most), 1)


__all__ = ["PRACTICE_CHOICE_LISTS", "CompetitiveTest", "PracticeRules", "ServiceTypeChoice"]
