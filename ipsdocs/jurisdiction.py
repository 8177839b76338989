"""Jurisdiction profiles: the numbers and lists that differ between states, read from data files.

One file per state in ``ipsdocs/data/jurisdictions/<code>.yaml``; an agency picks one in its
workspace (``jurisdiction = "nc"``). Code reads these values; it never restates them.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import FormError, Problem
from .paths import data_file

DEFAULT_JURISDICTION = "nc"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Data):
    code: str
    label: str


class CareerProfileRule(_Data):
    days_after_admission: int = Field(gt=0)
    sessions: tuple[int, int]


class FidelityTier(_Data):
    level: str
    minimum: int = Field(ge=25, le=125)
    maximum: int = Field(ge=25, le=125)
    next_review_months: int | None
    action_plan_required: bool
    certified: bool


class FidelityRules(_Data):
    tiers: tuple[FidelityTier, ...]
    action_plan_due_days: int = Field(gt=0)
    follow_up_evaluation_days: int = Field(gt=0)
    follow_up_score_range: tuple[int, int]

    @model_validator(mode="after")
    def _tiers_cover_the_scale(self) -> FidelityRules:
        """Every total 25-125 falls in exactly one tier, so a level is never missing."""
        covered = sorted(total for tier in self.tiers for total in range(tier.minimum, tier.maximum + 1))
        if covered != list(range(25, 126)):
            raise ValueError("tiers: the fidelity tiers must cover every total from 25 to 125 exactly once")
        return self

    def tier_for(self, total: int) -> FidelityTier:
        return next(tier for tier in self.tiers if tier.minimum <= total <= tier.maximum)


class Jurisdiction(_Data):
    """A state's rules for IPS supported employment, as the service definition states them."""

    code: str
    name: str
    source: str
    career_profile: CareerProfileRule
    first_employer_contact_days: int = Field(gt=0)
    caseload_limit: int = Field(gt=0)
    community_time_target: float = Field(gt=0, le=1)
    career_profile_completion_target: float = Field(gt=0, le=1)
    min_eligibility_areas: int = Field(ge=0)
    minimum_age: int = Field(ge=0)
    discharge_reasons: tuple[Choice, ...]
    fidelity: FidelityRules

    @property
    def discharge_reason_codes(self) -> frozenset[str]:
        return frozenset(reason.code for reason in self.discharge_reasons)

    def career_profile_due(self, admission: date) -> date:
        from datetime import timedelta

        return admission + timedelta(days=self.career_profile.days_after_admission)


def known_jurisdictions() -> list[str]:
    return sorted(path.stem for path in data_file("jurisdictions").glob("*.yaml"))


@cache
def load_jurisdiction(code: str = DEFAULT_JURISDICTION) -> Jurisdiction:
    """The profile for ``code`` (e.g. ``nc``); an unknown code or a broken file is a clear error."""
    import yaml

    key = code.strip().lower()
    path = data_file("jurisdictions") / f"{key}.yaml"
    if not key.isalnum() or not path.is_file():
        raise FormError.one(
            "ipsdocs.toml", f"unknown jurisdiction '{code}' (known: {', '.join(known_jurisdictions())})", "jurisdiction"
        )
    try:
        return Jurisdiction.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as error:
        raise FormError([Problem(str(path), f"jurisdiction profile is not valid: {error}")]) from None
