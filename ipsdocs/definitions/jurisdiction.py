"""Jurisdiction profiles: the numbers, lists and wording that differ between states, read from data files.

One file per state in ``ipsdocs/data/jurisdictions/<code>.yaml``; an agency picks one in its
workspace (``jurisdiction = "nc"``). Code reads these values; it never restates them.

Rules (``rules:``) are the checks ipsdocs makes of a person's or a program's records, one entry per
rule in every profile: whether the state applies it, its numbers, its wording and its source (see
``Rule``). A number the sources do not give is ``null`` and may be listed in ``agency_settings``: an
agency then sets it in its ``ipsdocs.toml`` (``[rules.<id>]``), never a number the state gives.

A profile may start from a shared wording file (``wording_base: ips25`` reads
``ipsdocs/data/jurisdictions/wording/ips25.yaml``): NY and CA both point to the IPS-25 scale where their
own guidance is silent, so its words are written once.

Choice lists (discharge reasons, eligibility areas) work in two layers: the record models accept
every code some profile defines (their enums are built from these files, see ``choice_universe``),
and each profile says which codes apply in its state and how they are worded. The profile's
wording reaches the built-in forms through ``ipsdocs.definitions.jurisdiction_forms``, and from the form the
interview, the documents and the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ipsdocs.definitions.practice_rules import PracticeRules
from ipsdocs.errors import FormError, Problem
from ipsdocs.paths import data_file

DEFAULT_JURISDICTION = "nc"

CHOICE_LISTS = {
    "DischargeReason": "discharge_reasons",
    "EligibilityArea": "eligibility_areas",
    "PlanRecipient": "action_plan_recipients",
    "RehabilitationProgram": "rehabilitation_programs",
}
"""Which profile list words which model enum (by the enum's class name): the state's list is all it offers."""

CHOICE_EXTENSIONS = {"WorkIncentive": "state_work_incentives"}
"""Enums with choices of their own (federal ones) that a state's list adds to: NC's HCWD is offered in NC only."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Data):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)


Number = int | float | tuple[int, int] | None
"""A rule's figure: days, a share, a (fewest, most) range; ``None`` where the source gives none."""


class Rule(_Data):
    """One rule ipsdocs checks in the records, as one state states it (or says nothing of it).

    Every profile lists every rule, so whether a state applies a rule is always written down:

    - ``title``: what the rule asks, in a few words, the same in every state (the README's state table
      and the reports show it);
    - ``applies``: whether this state asks it; ``source``: where the state (or the scale it points to)
      says so, or why the rule does not apply here; ``cite``: the same in a few words, for messages;
    - ``numbers``: its figures, ``null`` where the source gives none; ``agency_settings``: which of
      those an agency may set in ``ipsdocs.toml`` (``[rules.<id>]``), because no source gives them;
    - ``lists``: named lists of codes (which criteria must hold, who a plan is shared with);
    - ``wording``: the state's words for the messages and documents of this rule.

    A check reads its rule with ``Jurisdiction.rule(id)`` and its figures with ``number(name)``,
    ``listed(name)`` and ``words(name)``: a name the profile lacks is an error naming the profile and
    the key, never a silent default.
    """

    id: str = Field(default="", description="Filled in from the key under rules:")
    profile: str = Field(default="", description="Filled in: the profile's code, for error messages")
    title: str = Field(min_length=1)
    applies: bool
    source: str = Field(min_length=1)
    cite: str = Field(min_length=1, description="The source in a few words, for messages: NC critical element 1")
    numbers: dict[str, Number] = Field(default_factory=dict)
    agency_settings: tuple[str, ...] = ()
    lists: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    wording: dict[str, str] = Field(default_factory=dict)
    set_by_agency: tuple[str, ...] = Field(default=(), description="Agency settings this workspace has set")

    @model_validator(mode="after")
    def _settings_are_numbers(self) -> Rule:
        unknown = [name for name in self.agency_settings if name not in self.numbers]
        if unknown:
            raise ValueError(f"agency_settings: {', '.join(unknown)} is not one of this rule's numbers")
        return self

    def _missing(self, kind: str, name: str) -> FormError:
        where = str(data_file("jurisdictions") / f"{self.profile}.yaml") if self.profile else "jurisdiction profile"
        return FormError.one(where, f"the rule '{self.id}' has no {kind} '{name}'", f"rules.{self.id}.{kind}")

    def number(self, name: str) -> Any:
        if name not in self.numbers:
            raise self._missing("numbers", name)
        return self.numbers[name]

    def listed(self, name: str) -> tuple[str, ...]:
        if name not in self.lists:
            raise self._missing("lists", name)
        return self.lists[name]

    def words(self, name: str, **values: object) -> str:
        """The state's wording ``name``, with ``{placeholders}`` filled in from ``values``."""
        if name not in self.wording:
            raise self._missing("wording", name)
        return self.wording[name].format(**values)

    def is_agency_setting(self, name: str) -> bool:
        return name in self.agency_settings

    def summary(self) -> str:
        """The rule as this state has it, in a phrase with its numbers ("within 30 days of entry"); a
        number no one has set reads "an agency-set number (none set)"."""
        return self.words("summary", **{name: Figure(value) for name, value in self.numbers.items()})


class Figure:
    """A rule's number as text: 0.8 with ``:.0%`` is 80%, (2, 3) is 2-3, None names the agency setting."""

    def __init__(self, value: Number) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        if self.value is None:
            return "[an agency setting, not set]"
        if isinstance(self.value, tuple | list):
            return "-".join(format(v, spec) for v in self.value)
        return format(self.value, spec)

    def __str__(self) -> str:
        return format(self, "")


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
    """The levels and schedule a total score leads to; the action plan's deadline and sharing are the
    rule ``fidelity_action_plan``."""

    tiers: tuple[FidelityTier, ...]
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
    """How a state words a built-in form; applied before an agency's own overrides.

    An empty text (``rule: ""``) takes the built-in text away without replacing it.
    """

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
    own_terms: tuple[str, ...] = Field(
        min_length=1,
        description="Words that name this state, its agencies and its programs: no other state's documents use them",
    )
    wording_base: str | None = Field(default=None, description="A shared wording file the forms start from")
    caseload_limit: int = Field(gt=0)
    team: TeamRule | None = None
    community_time_target: float = Field(gt=0, le=1)
    community_time_recommended: float | None = Field(default=None, gt=0, le=1)
    eligibility_areas: tuple[Choice, ...] = ()
    discharge_reasons: tuple[Choice, ...] = Field(min_length=1)
    action_plan_recipients: tuple[Choice, ...] = Field(min_length=1)
    rehabilitation_programs: tuple[Choice, ...] = Field(
        default=(), description="Programs IPS is part of in this state (NY: ACT, CORE PSR); none: not asked"
    )
    state_work_incentives: tuple[Choice, ...] = ()
    rules: dict[str, Rule] = Field(min_length=1)
    forms: dict[str, FormWording] = Field(default_factory=dict)
    fidelity: FidelityRules
    practice: PracticeRules | None = None
    """Service notes, employer contacts, jobs and follow-along (issue 15); see ``practice_rules``."""

    @model_validator(mode="before")
    @classmethod
    def _name_the_rules(cls, data: Any) -> Any:
        """Each rule knows its own id and profile, so its errors can name them."""
        if isinstance(data, dict) and isinstance(data.get("rules"), dict):
            code = data.get("code", "")
            data = {
                **data,
                "rules": {
                    key: {**value, "id": key, "profile": code} if isinstance(value, dict) else value
                    for key, value in data["rules"].items()
                },
            }
        return data

    @model_validator(mode="after")
    def _lists_are_consistent(self) -> Jurisdiction:
        for name in (*CHOICE_LISTS.values(), *CHOICE_EXTENSIONS.values()):
            codes = [choice.code for choice in getattr(self, name)]
            if len(set(codes)) != len(codes):
                raise ValueError(f"{name}: a code is listed twice")
        if self.min_eligibility_areas > len(self.eligibility_areas):
            raise ValueError("rules.eligibility.numbers.areas: more areas are required than the profile lists")
        return self

    def rule(self, rule_id: str) -> Rule:
        """The rule ``rule_id`` as this state states it; a rule the profile does not list is an error."""
        found = self.rules.get(rule_id)
        if found is None:
            where = str(data_file("jurisdictions") / f"{self.code}.yaml")
            raise FormError.one(where, f"the profile has no rule '{rule_id}' (every profile lists every rule)", "rules")
        return found

    def applies(self, rule_id: str) -> bool:
        return self.rule(rule_id).applies

    @property
    def discharge_reason_codes(self) -> frozenset[str]:
        return frozenset(reason.code for reason in self.discharge_reasons)

    @property
    def eligibility_area_codes(self) -> frozenset[str]:
        return frozenset(area.code for area in self.eligibility_areas)

    # The figures older code reads by name, now kept in their rules.

    @property
    def career_profile(self) -> CareerProfileRule:
        days = self.rule("career_profile_on_time").number("days")
        sessions = self.rule("career_profile_sessions").number("sessions")
        return CareerProfileRule(days_after_admission=days, sessions=tuple(sessions))

    @property
    def minimum_age(self) -> int | None:
        rule = self.rule("minimum_age")
        return rule.number("years") if rule.applies else None

    @property
    def min_eligibility_areas(self) -> int:
        rule = self.rule("eligibility")
        return int(rule.numbers.get("areas") or 0) if rule.applies else 0

    @property
    def career_profile_completion_target(self) -> float | None:
        rule = self.rule("career_profile_completion")
        return rule.number("share") if rule.applies else None

    def choices_for(self, enum: type[Enum] | str) -> dict[str, str] | None:
        """Code -> wording of the choices that apply here for a model enum; None if not a state's choice.

        For an enum with choices of its own (``CHOICE_EXTENSIONS``) these are its own choices that no
        state defines, and this state's.
        """
        enum_name = enum if isinstance(enum, str) else enum.__name__
        name = CHOICE_LISTS.get(enum_name)
        if name is not None:
            return {choice.code: choice.label for choice in getattr(self, name)}
        if enum_name not in CHOICE_EXTENSIONS and self.practice is not None:
            return self.practice.choices_for(enum_name)
        name = CHOICE_EXTENSIONS.get(enum_name)
        if name is None or isinstance(enum, str):
            return None
        states = {code for code, _ in choice_universe(name)}
        own = {member.value: member.label for member in enum if member.value not in states}  # type: ignore[attr-defined]
        return own | {choice.code: choice.label for choice in getattr(self, name)}

    def career_profile_due(self, admission: date) -> date:
        return admission + timedelta(days=self.career_profile.days_after_admission)

    def with_rule(self, rule_id: str, *, applies: bool | None = None, **numbers: Number) -> Jurisdiction:
        """A copy with one rule changed (whether it applies, some of its numbers): for tests and what-ifs."""
        rule = self.rule(rule_id)
        update: dict[str, Any] = {"numbers": {**rule.numbers, **numbers}}
        if applies is not None:
            update["applies"] = applies
        return self.model_copy(update={"rules": {**self.rules, rule_id: rule.model_copy(update=update)}})

    def with_agency_settings(self, settings: Mapping[str, Mapping[str, Any]], where: str) -> Jurisdiction:
        """This profile with the numbers an agency sets (``[rules.<id>]`` in ``ipsdocs.toml``) filled in.

        Only numbers the profile lists as ``agency_settings`` may be set: a number the state gives is
        the state's, and an agency cannot change it.
        """
        if not settings:
            return self
        problems: list[Problem] = []
        rules = dict(self.rules)
        for rule_id, numbers in settings.items():
            rule = self.rules.get(rule_id)
            if rule is None:
                settable = ", ".join(r for r, v in self.rules.items() if v.agency_settings) or "none"
                problems.append(Problem(where, f"no rule '{rule_id}' (rules an agency may set: {settable})", "rules"))
                continue
            for name in numbers:
                if not rule.is_agency_setting(name):
                    allowed = ", ".join(rule.agency_settings) or "none"
                    problems.append(
                        Problem(
                            where,
                            f"{self.name} sets this itself ({rule.source}); an agency may set only: {allowed}",
                            f"rules.{rule_id}.{name}",
                        )
                    )
            if not problems:
                rules[rule_id] = rule.model_copy(
                    update={
                        "numbers": {**rule.numbers, **numbers},
                        "set_by_agency": tuple(sorted({*rule.set_by_agency, *numbers})),
                    }
                )
        if problems:
            raise FormError(problems)
        return self.model_copy(update={"rules": rules})


# --- validation that depends on the state -------------------------------------------------------------

CONTEXT_KEY = "jurisdiction"


def validation_context(jurisdiction: Jurisdiction | None) -> dict[str, Any] | None:
    """The pydantic validation context that carries a workspace's state into a record's own rules.

    Record models check the state's rules (minimum age, criterion B) only when validated with it:
    ``Model.model_validate(data, context=validation_context(workspace.jurisdiction))``.
    """
    return {CONTEXT_KEY: jurisdiction} if jurisdiction is not None else None


def context_jurisdiction(context: Any) -> Jurisdiction | None:
    """The state a validation runs under (``ValidationInfo.context``), or None: no state's rules."""
    found = context.get(CONTEXT_KEY) if isinstance(context, Mapping) else None
    return found if isinstance(found, Jurisdiction) else None


def elsewhere(rule_id: str, jurisdiction: Jurisdiction, describe: Any = None) -> str:
    """How the other states treat a rule, for messages such as "New York and California: no minimum
    age". ``describe(rule)`` words one state's version (default: its ``summary`` wording with its
    numbers); states worded alike are named together."""
    groups: dict[str, list[str]] = {}
    for code in known_jurisdictions():
        if code == jurisdiction.code:
            continue
        other = load_jurisdiction(code)
        rule = other.rule(rule_id)
        groups.setdefault(describe(rule) if describe else rule.summary(), []).append(other.name)
    parts = []
    for text, names in groups.items():
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"{who}: {text}")
    return "; ".join(parts)


def known_jurisdictions() -> list[str]:
    return sorted(path.stem for path in data_file("jurisdictions").glob("*.yaml"))


@cache
def load_jurisdiction(code: str = DEFAULT_JURISDICTION) -> Jurisdiction:
    """The profile for ``code`` (e.g. ``nc``); an unknown code or a broken file is a clear error."""
    from ipsdocs.definitions.readers import Unreadable, parse_yaml

    key = code.strip().lower()
    path = data_file("jurisdictions") / f"{key}.yaml"
    if not key.isalnum() or not path.is_file():
        raise FormError.one(
            "ipsdocs.toml", f"unknown jurisdiction '{code}' (known: {', '.join(known_jurisdictions())})", "jurisdiction"
        )
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw.get("wording_base"):
            raw = {**raw, "forms": _merged(_wording_base(str(raw["wording_base"]), path), raw.get("forms") or {})}
        return Jurisdiction.model_validate(raw)
    except Unreadable as error:
        raise FormError([Problem(str(path), f"the jurisdiction profile is {error.what}")]) from None
    except ValidationError as error:
        from ipsdocs.definitions.validation import validation_problems

        raise FormError(validation_problems(error, str(path))) from None


def _wording_base(name: str, profile: Path) -> dict[str, Any]:
    """The shared form wording a profile starts from (``wording/<name>.yaml``: a ``forms:`` mapping)."""
    from ipsdocs.definitions.readers import Unreadable, parse_yaml

    path = data_file("jurisdictions") / "wording" / f"{name}.yaml"
    if not name.isalnum() or not path.is_file():
        what = f"no shared wording '{name}' (ipsdocs/data/jurisdictions/wording/)"
        raise FormError.one(str(profile), what, "wording_base")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except Unreadable as error:
        raise FormError([Problem(str(path), f"the wording file is {error.what}")]) from None
    forms = data.get("forms") if isinstance(data, dict) else None
    if not isinstance(forms, dict):
        raise FormError.one(str(path), "a wording file holds a 'forms:' mapping", "forms")
    return forms


def _merged(base: Any, top: Any) -> Any:
    """``top`` over ``base``: mappings merged key by key, anything else taken from ``top``."""
    if isinstance(base, dict) and isinstance(top, dict):
        return {
            key: _merged(base[key], top[key]) if key in base and key in top else top.get(key, base.get(key))
            for key in {**base, **top}
        }
    return top


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
