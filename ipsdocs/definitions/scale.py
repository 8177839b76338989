"""The IPS-25 fidelity scale as typed data, read once from ``ipsdocs/data/ips25_scale.yaml``.

The scale file is the one transcription of the SAMHSA IPS-25 scale (item names, definitions,
the five anchors, data sources, key components). The review model, its form, the interview,
the score sheet and the checks all read it through ``load_scale()``; none of them restates it.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ipsdocs.errors import FormError
from ipsdocs.paths import data_file

SCALE_FILE = "ips25_scale.yaml"
SCORES = (1, 2, 3, 4, 5)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Component(_Data):
    """One key component of a counted item (e.g. one of the five roles of the IPS supervisor)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=1)


class ScaleItem(_Data):
    """One of the 25 items: what it measures and how each score 1-5 reads."""

    id: str = Field(pattern=r"^[a-z]+_[0-9]+$")
    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    data_sources: tuple[str, ...] = Field(min_length=1)
    anchors: dict[int, str]
    components: tuple[Component, ...] = ()
    score_by_count: dict[int, int] = Field(default_factory=dict)
    section_id: str = ""
    section_title: str = ""

    @model_validator(mode="after")
    def _complete(self) -> ScaleItem:
        if sorted(self.anchors) != list(SCORES):
            raise ValueError(f"{self.id}: every item needs the five anchors 1-5")
        if self.components and sorted(self.score_by_count) != list(range(len(self.components) + 1)):
            raise ValueError(f"{self.id}: score_by_count must give a score for 0 to {len(self.components)} components")
        if any(score not in SCORES for score in self.score_by_count.values()):
            raise ValueError(f"{self.id}: score_by_count scores must be 1-5")
        return self

    @property
    def counted(self) -> bool:
        """Scored by counting key components present (Organization 2, 5, 7, 8; Services 2, 14)."""
        return bool(self.components)

    @property
    def label(self) -> str:
        """'Services 2', as reviewers and the scale itself refer to an item."""
        return f"{self.section_title} {self.number}"

    @property
    def full_label(self) -> str:
        """'Services 2 (Disclosure)': how messages name an item."""
        return f"{self.label} ({self.name})"

    def score_for(self, count: int) -> int:
        """The score the scale gives to ``count`` components present."""
        return self.score_by_count[count]

    def anchor(self, score: int) -> str:
        return self.anchors[score]


class ScaleSection(_Data):
    id: str
    title: str
    items: tuple[ScaleItem, ...] = Field(min_length=1)


class Scale(_Data):
    """The whole scale: three sections (Staffing, Organization, Services) of 25 items."""

    title: str
    source: str
    data_sources: dict[str, str]
    sections: tuple[ScaleSection, ...]

    @property
    def items(self) -> tuple[ScaleItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> ScaleItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def minimum_total(self) -> int:
        return len(self.items) * SCORES[0]

    @property
    def maximum_total(self) -> int:
        return len(self.items) * SCORES[-1]


def _with_sections(raw: dict) -> dict:  # type: ignore[type-arg]
    """Each item learns its section's id and title, so messages can say 'Services 2'."""
    for section in raw.get("sections") or []:
        for item in section.get("items") or []:
            item.setdefault("section_id", section.get("id", ""))
            item.setdefault("section_title", section.get("title", ""))
    return raw


@cache
def load_scale() -> Scale:
    """The IPS-25 scale; a damaged scale file is reported with the file and the key."""
    from ipsdocs.definitions.readers import Unreadable, parse_yaml

    path = data_file(SCALE_FILE)
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
        return Scale.model_validate(_with_sections(raw))
    except Unreadable as error:
        raise FormError.one(str(path), f"the IPS-25 scale cannot be read: {error.what}") from None
    except OSError as error:
        raise FormError.one(str(path), f"the IPS-25 scale cannot be read ({error.__class__.__name__})") from None
    except ValidationError as error:
        from ipsdocs.definitions.validation import validation_problems

        raise FormError(validation_problems(error, str(path))) from None
