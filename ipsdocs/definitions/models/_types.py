"""Shared types for every record: text that is safe for Word and PDF, dates, people, signatures.

The rules here are the single place where answers are cleaned and constrained, so an answer
typed in an interview, read from a file or loaded in a batch is held to the same standard.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from ipsdocs.definitions.jurisdiction import context_jurisdiction, elsewhere
from ipsdocs.definitions.validation import RECORD_ID_PATTERN

if TYPE_CHECKING:
    pass

# Characters XML 1.0 cannot hold: Word drops or crashes on them, so no record may keep them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Normalise line ends and remove characters Word and PDF cannot both show."""
    return _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def one_line(value: str) -> str:
    """Short answers are single lines: collapse any line breaks into spaces."""
    return " ".join(clean_text(value).split())


def not_in_future(value: date) -> date:
    if value > date.today():
        raise ValueError("the date is in the future; record dates must be today or earlier")
    return value


ShortText = Annotated[str, AfterValidator(one_line), Field(max_length=200)]
"""A single line: a name, a title, a place."""

LONG_TEXT_MARK = {"contentMediaType": "text/markdown"}
"""Marks free text that holds Markdown, in the JSON Schema and for rendering."""

MAX_MARKDOWN_NESTING = 10
"""Lists and quotes inside each other: people use two or three levels; ten is the most allowed."""

_CONTAINER = re.compile(r"([ \t]*)(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")


def markdown_nesting(text: str) -> int:
    """How deeply the Markdown in ``text`` nests quotes and lists (indentation counted in steps of
    four spaces), read line by line without parsing: cheap whatever the text holds."""
    deepest = 0
    for line in text.split("\n"):
        depth, position = 0, 0
        while match := _CONTAINER.match(line, position):
            depth += len(match.group(1).expandtabs(4)) // 4 + 1
            position = match.end()
        rest = line[position:]
        depth += len(rest[: len(rest) - len(rest.lstrip(" \t"))].expandtabs(4)) // 4
        deepest = max(deepest, depth)
    return deepest


def shallow_markdown(value: str) -> str:
    """Markdown nested thousands of levels deep (``>>>>…``, ``- - - …``) would take the Markdown
    converter and the PDF layout down; such an answer is refused with what to change."""
    depth = markdown_nesting(value)
    if depth > MAX_MARKDOWN_NESTING:
        raise ValueError(
            f"the answer nests lists or quotes {depth} levels deep, and at most {MAX_MARKDOWN_NESTING} are "
            "allowed; remove some of the > or - marks (or the indentation) at the start of its lines"
        )
    return value


LongText = Annotated[
    str,
    AfterValidator(clean_text),
    AfterValidator(shallow_markdown),
    Field(max_length=20_000, json_schema_extra=LONG_TEXT_MARK),
]
"""Free text in the person's or the ESP's words; Markdown (paragraphs, lists, emphasis) allowed."""

PastDate = Annotated[date, AfterValidator(not_in_future)]
"""A date that has happened: a session, a signature, an admission."""

Money = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]
"""An amount in US dollars, never negative."""

RecordId = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=RECORD_ID_PATTERN),
]
"""An identifier from the agency's records system."""


class LabeledChoice(StrEnum):
    """A choice stored as a stable code and shown to people by its label.

    Members are declared as ``CODE = "code", "Label people read"``.
    """

    label: str

    def __new__(cls, value: str, label: str) -> LabeledChoice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class IpsModel(BaseModel):
    """Base of every record part: strict about unknown keys, silent about rejected values."""

    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        str_strip_whitespace=True,
        validate_assignment=True,
        use_enum_values=False,
    )


class PersonServed(IpsModel):
    """The person receiving IPS services."""

    name: ShortText = Field(title="Full name", min_length=1)
    client_id: RecordId = Field(title="Client ID", description="The agency's identifier for the person.")
    date_of_birth: PastDate | None = Field(
        default=None,
        title="Date of birth",
        description="Whether a minimum age applies is the state's rule (minimum_age in its jurisdiction profile).",
    )
    preferred_name: ShortText | None = Field(default=None, title="Preferred name")


class StaffMember(IpsModel):
    """An employment specialist (ESP), peer mentor (EPM) or team lead."""

    name: ShortText = Field(title="Name", min_length=1)
    role: ShortText = Field(default="Employment Support Professional", title="Role")
    credentials: ShortText | None = Field(default=None, title="Credentials")


SHA256_HEX = r"^[0-9a-f]{64}$"

DRAWING_PATH = r"^[MLml0-9 .,-]{1,20000}$"
"""A drawn signature as the strokes of an SVG path (moves and lines only: no markup, no URL)."""


class Signature(IpsModel):
    """A signature: who signs, in what role, when, and the exact content they signed.

    A line with no ``signed_on`` is still to be signed (the documents print it blank). An
    electronic signature also holds the record's sha256 at the moment of signing
    (``ipsdocs.definitions.signing``): a later change to the record no longer matches it.
    """

    signer: ShortText = Field(title="Name of the person signing", min_length=1)
    role: ShortText = Field(title="Role", description="e.g. Person served, Employment Specialist, Team Lead")
    credentials: ShortText | None = Field(default=None, title="Credentials")
    signed_on: PastDate | None = Field(default=None, title="Date signed")
    record_sha256: str | None = Field(
        default=None, pattern=SHA256_HEX, title="Record sha256", description="The record's content when signed."
    )
    drawn: str | None = Field(default=None, pattern=DRAWING_PATH, title="Drawn signature (SVG path)")

    @property
    def electronic(self) -> bool:
        return self.record_sha256 is not None


class Addendum(IpsModel):
    """A change to a signed record: dated, in its own words, signed on its own; the original stays."""

    added_on: PastDate = Field(title="Date of the addendum")
    text: LongText = Field(title="What is added or corrected, and why", min_length=1)
    signatures: list[Signature] = Field(default_factory=list, title="Signatures", max_length=10)


def _annotation_is_long_text(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(getattr(m, "json_schema_extra", None) == LONG_TEXT_MARK for m in get_args(annotation)[1:])
    return any(_annotation_is_long_text(arg) for arg in get_args(annotation))


def is_long_text(model: type[BaseModel], name: str) -> bool:
    """Whether a field holds free text in Markdown (shown formatted) rather than a short answer."""
    info = model.model_fields[name]
    if any(getattr(m, "json_schema_extra", None) == LONG_TEXT_MARK for m in info.metadata):
        return True
    # A required ``LongText`` with its own Field(...) has the mark merged into the field itself.
    extra = info.json_schema_extra
    if isinstance(extra, dict) and extra.get("contentMediaType") == LONG_TEXT_MARK["contentMediaType"]:
        return True
    return _annotation_is_long_text(info.annotation)


def age_on(birth: date, day: date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class DocumentBase(IpsModel):
    """What every record file has: its type, schema version and id.

    Records about a person served build on ``RecordBase``; records about a program (an IPS-25
    fidelity review, its action plan) build on this directly: they hold no person's data.
    """

    record_type: str
    schema_version: int = Field(default=1, title="Schema version")
    record_id: RecordId = Field(title="Record ID")

    SCHEMA_VERSION: ClassVar[int] = 1
    DATE_FIELD: ClassVar[str] = ""
    """The field whose date names the document (used in file names and timeliness checks)."""
    COMPLETE_NEEDS: ClassVar[tuple[str, ...]] = ()
    """Fields the audit's timeliness rules read (``ipsdocs/evidence/timeliness.py``): a form must require
    them (where its condition holds), so a record is complete only when the audit can judge it."""

    @model_validator(mode="after")
    def _known_schema_version(self) -> DocumentBase:
        if self.schema_version != self.SCHEMA_VERSION:
            raise ValueError(f"schema_version: this version of ipsdocs reads schema version {self.SCHEMA_VERSION}")
        return self

    @property
    def document_date(self) -> date | None:
        value: Any = getattr(self, self.DATE_FIELD, None)
        return value if isinstance(value, date) else None


class RecordBase(DocumentBase):
    """A record about one person served: the person and the staff member, and who signs it."""

    person: PersonServed = Field(title="Person served")
    staff: StaffMember = Field(title="Employment specialist")
    signatures: list[Signature] = Field(default_factory=list, title="Signatures")
    addenda: list[Addendum] = Field(default_factory=list, title="Addenda", max_length=100)

    EXPECTED_OF_EVERYONE: ClassVar[bool] = True
    """Whether every person served should have one (an audit lists it as missing otherwise)."""

    @property
    def admitted_on(self) -> date | None:
        """The admission date the record names (the admission form, the career profile's date of entry)."""
        value = getattr(self, "admission_date", None)
        return value if isinstance(value, date) else None

    @model_validator(mode="after")
    def _state_minimum_age(self, info: ValidationInfo) -> RecordBase:
        """The state's minimum age (NC: 18 on the admission date; NY and CA set none), checked on the
        admission date the record names, else on its own date (which comes after the admission)."""
        state = context_jurisdiction(info.context)
        birth = self.person.date_of_birth
        if state is None or birth is None:
            return self
        rule = state.rule("minimum_age")
        on = self.admitted_on or self.document_date
        if not rule.applies or on is None or age_on(birth, on) >= rule.number("years"):
            return self
        requirement = rule.words("requirement", years=rule.number("years"))
        raise ValueError(f"person.date_of_birth: in {state.name} {requirement}; {elsewhere('minimum_age', state)}")


def require_order(earlier: date | None, later: date | None, message: str) -> None:
    """Cross-field rule: ``later`` may not come before ``earlier`` when both are known."""
    if earlier is not None and later is not None and later < earlier:
        raise ValueError(message)


class EmploymentStatus(LabeledChoice):
    COMPETITIVE_FULL_TIME = "competitive_full_time", "Competitive employment, full time"
    COMPETITIVE_PART_TIME = "competitive_part_time", "Competitive employment, part time"
    EDUCATION = "education", "In education or training"
    UNEMPLOYED = "unemployed", "Not employed"
    OTHER = "other", "Other (see notes)"


def jurisdiction_choices(name: str, list_name: str, doc: str, module: str = __name__) -> Any:
    """A LabeledChoice enum whose codes and default wording come from the jurisdiction profiles.

    Members are named after their codes (``REQUESTED`` for ``requested``); the model accepts every
    code some profile defines, and the workspace's profile says which apply and how they read.
    """
    from ipsdocs.definitions.jurisdiction import choice_universe

    members = [(code.upper(), (code, label)) for code, label in choice_universe(list_name)]
    enum = LabeledChoice(name, members, module=module)  # type: ignore[call-overload]
    enum.__doc__ = doc
    return enum


DischargeReason = jurisdiction_choices(
    "DischargeReason",
    "discharge_reasons",
    "Why IPS services end: NC's four discharge criteria and the reasons other profiles accept.",
)


__all__ = [
    "MAX_MARKDOWN_NESTING",
    "Addendum",
    "DischargeReason",
    "DocumentBase",
    "EmploymentStatus",
    "IpsModel",
    "LabeledChoice",
    "LongText",
    "Money",
    "PastDate",
    "PersonServed",
    "RecordBase",
    "RecordId",
    "ShortText",
    "Signature",
    "StaffMember",
    "age_on",
    "clean_text",
    "is_long_text",
    "jurisdiction_choices",
    "markdown_nesting",
    "require_order",
]
