"""Jurisdiction profiles: the numbers, lists and wording that differ between states, read from data files.

One file per state in ``ipsdocs/data/jurisdictions/<code>.yaml``; an agency picks one in its
workspace (``jurisdiction = "nc"``). Code reads these values; it never restates them.

Choice lists (discharge reasons, eligibility areas) work in two layers: the record models accept
every code some profile defines (their enums are built from these files, see ``choice_universe``),
and each profile says which codes apply in its state and how they are worded. The profile's
wording reaches the built-in forms through ``ipsdocs.definitions.jurisdiction_forms``, and from the form the
interview, the documents and the checks.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ipsdocs.definitions.practice_rules import PracticeRules
from ipsdocs.errors import FormError, Problem
from ipsdocs.paths import data_file

DEFAULT_JURISDICTION = "nc"

CHOICE_LISTS = {"DischargeReason": "discharge_reasons", "EligibilityArea": "eligibility_areas"}
"""Which profile list words which model enum (by the enum's class name)."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Data):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)


class CareerProfileRule(_Data):
    days_after_admission: int = Field(gt=0)
    sessions: tuple[int, int]


class FidelityTier(_Data):
    level: str
    minimum: int = Field(ge=25, le=125)
    maximum: int = Field(ge=25, le=125)
    next_review_months: int | None
    action_plan_required: bool
    certified: bool | None = Field(description="None: the state certifies nothing by this score")


class FidelityRules(_Data):
    tiers: tuple[FidelityTier, ...]
    action_plan_due_days: int | None = Field(gt=0, description="None: the state sets no action-plan deadline")
    follow_up_evaluation_days: int | None = Field(gt=0, description="None: no early follow-up evaluation rule")
    follow_up_score_range: tuple[int, int] | None

    @model_validator(mode="after")
    def _tiers_cover_the_scale(self) -> FidelityRules:
        """Every total 25-125 falls in exactly one tier, so a level is never missing."""
        covered = sorted(total for tier in self.tiers for total in range(tier.minimum, tier.maximum + 1))
        if covered != list(range(25, 126)):
            raise ValueError("tiers: the fidelity tiers must cover every total from 25 to 125 exactly once")
        return self

    def tier_for(self, total: int) -> FidelityTier:
        return next(tier for tier in self.tiers if tier.minimum <= total <= tier.maximum)


class TeamRule(_Data):
    """How a state sizes an IPS team (CA: two specialists for 35-40 people)."""

    specialists: int = Field(gt=0)
    caseload: tuple[int, int]


class FieldWording(_Data):
    label: str | None = Field(default=None, description="What documents call the field")
    question: str | None = None
    help: str | None = None


class SectionWording(_Data):
    title: str | None = None
    rule: str | None = None


class FormWording(_Data):
    """How a state words a built-in form; applied before an agency's own overrides."""

    title: str | None = None
    rule: str | None = None
    intro: str | None = None
    sections: dict[str, SectionWording] = Field(default_factory=dict)
    fields: dict[str, FieldWording] = Field(default_factory=dict)
    omit: tuple[str, ...] = Field(default=(), description="Fields whose criterion does not apply in this state")


class Jurisdiction(_Data):
    """A state's rules for IPS supported employment, as its own documents state them."""

    code: str
    name: str
    source: str
    career_profile: CareerProfileRule
    first_employer_contact_days: int = Field(gt=0)
    caseload_limit: int = Field(gt=0)
    team: TeamRule | None = None
    community_time_target: float = Field(gt=0, le=1)
    community_time_recommended: float | None = Field(default=None, gt=0, le=1)
    career_profile_completion_target: float | None = Field(gt=0, le=1)
    min_eligibility_areas: int = Field(ge=0)
    minimum_age: int | None = Field(ge=0)
    eligibility_areas: tuple[Choice, ...] = ()
    discharge_reasons: tuple[Choice, ...] = Field(min_length=1)
    forms: dict[str, FormWording] = Field(default_factory=dict)
    fidelity: FidelityRules
    practice: PracticeRules | None = None
    """Service notes, employer contacts, jobs and follow-along (issue 15); see ``practice_rules``."""

    @model_validator(mode="after")
    def _lists_are_consistent(self) -> Jurisdiction:
        for name in CHOICE_LISTS.values():
            codes = [choice.code for choice in getattr(self, name)]
            if len(set(codes)) != len(codes):
                raise ValueError(f"{name}: a code is listed twice")
        if self.min_eligibility_areas > len(self.eligibility_areas):
            raise ValueError("min_eligibility_areas: more areas are required than the profile lists")
        return self

    @property
    def discharge_reason_codes(self) -> frozenset[str]:
        return frozenset(reason.code for reason in self.discharge_reasons)

    @property
    def eligibility_area_codes(self) -> frozenset[str]:
        return frozenset(area.code for area in self.eligibility_areas)

    def choices_for(self, enum_name: str) -> dict[str, str] | None:
        """Code -> wording of the choices that apply here for a model enum; None if not a state's choice."""
        name = CHOICE_LISTS.get(enum_name)
        if name is None and self.practice is not None:
            return self.practice.choices_for(enum_name)
        return None if name is None else {choice.code: choice.label for choice in getattr(self, name)}

    def career_profile_due(self, admission: date) -> date:
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
    except yaml.YAMLError as error:
        raise FormError([Problem(str(path), f"jurisdiction profile is not valid YAML: {error}")]) from None
    except ValidationError as error:
        from ipsdocs.definitions.validation import validation_problems

        raise FormError(validation_problems(error, str(path))) from None


def choice_universe(list_name: str) -> list[tuple[str, str]]:
    """Every (code, label) any profile defines for a list, the default profile's first and its wording kept.

    The record models build their enums from this, so a record is valid wherever some state accepts
    its code; whether the workspace's state accepts it is the form's and the check's business.
    """
    codes: dict[str, str] = {}
    order = [DEFAULT_JURISDICTION, *(c for c in known_jurisdictions() if c != DEFAULT_JURISDICTION)]
    for code in order:
        for choice in getattr(load_jurisdiction(code), list_name):
            codes.setdefault(choice.code, choice.label)
    return list(codes.items())
