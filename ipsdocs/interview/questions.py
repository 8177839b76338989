"""Questions: what to ask for one model field, and how to turn one typed answer into a value.

Pure and terminal-free. The model owns the rules (types, limits, choices, cross-field checks);
the form owns the wording. An answer typed in an interview and one read from ``--answers``
take the same path here, so they are held to exactly the same standard. Error messages name
the rule, never the answer (answers are protected health information).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ipsdocs.definitions.forms import AUTOMATIC_FIELDS, FieldSpec, SectionSpec
from ipsdocs.definitions.models._types import LabeledChoice, is_long_text
from ipsdocs.definitions.validation import item_noun, plain_message, split_field_message


class Kind(StrEnum):
    """How a question is asked; each kind maps to one prompt style."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    TEXT_LIST = "text_list"
    GROUP = "group"
    REPEAT = "repeat"


SCALAR_KINDS = frozenset(Kind) - {Kind.GROUP, Kind.REPEAT, Kind.TEXT_LIST}


class AnswerError(ValueError):
    """Raised when an answer breaks a rule; the message is safe to show (it holds no answer)."""


@dataclass(frozen=True)
class Option:
    """One choice: the value stored in the record and the label people read."""

    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    """One question about one field of ``model``."""

    model: type[BaseModel]
    name: str
    label: str
    prompt: str
    kind: Kind
    required: bool
    """The model cannot be saved without an answer."""
    expected: bool
    """The form needs an answer for the document to be complete (it may still be left for later)."""
    help: str | None = None
    help_first: bool = False
    options: tuple[Option, ...] = ()
    item_model: type[BaseModel] | None = None
    item_name: str = ""
    max_items: int | None = None
    when: str | None = None

    @property
    def info(self) -> FieldInfo:
        return self.model.model_fields[self.name]

    def children(self) -> list[Question]:
        """The sub-questions of a group or of one item of a repeating group, in the model's order."""
        return sub_questions(self.item_model) if self.item_model else []

    def label_of(self, value: Any) -> str:
        """The label a person reads for a stored choice value."""
        for option in self.options:
            if option.value == value:
                return option.label
        return str(value)


# --- building questions --------------------------------------------------------------------------


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X`` (also through ``Annotated``)."""
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return _strip_annotated(rest[0])
    return annotation


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Enum)


def _enum_options(tp: type[Enum]) -> tuple[Option, ...]:
    return tuple(Option(m, m.label if isinstance(m, LabeledChoice) else str(m.value)) for m in tp)


def _scalar_kind(tp: Any, long: bool) -> tuple[Kind, tuple[Option, ...]]:
    if _is_enum(tp):
        return Kind.CHOICE, _enum_options(tp)
    if get_origin(tp) is Literal:
        return Kind.CHOICE, tuple(Option(v, str(v)) for v in get_args(tp))
    if tp is bool:
        return Kind.YES_NO, ()
    if tp is date:
        return Kind.DATE, ()
    if tp is int:
        return Kind.INTEGER, ()
    if tp is float:
        return Kind.NUMBER, ()
    if tp is Decimal:
        return Kind.MONEY, ()
    return (Kind.LONG_TEXT if long else Kind.SHORT_TEXT), ()


def _extra(info: FieldInfo) -> Mapping[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, Mapping) else {}


def _declared_choices(info: FieldInfo) -> tuple[Option, ...]:
    """``json_schema_extra={"choices": [[value, label], ...]}``: choices with their own labels."""
    raw = _extra(info).get("choices")
    if not raw:
        return ()
    return tuple(Option(value, str(label)) for value, label in raw)


def _max_items(info: FieldInfo) -> int | None:
    for meta in info.metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return None


def item_name(tp: type[BaseModel]) -> str:
    """'ProfileSession' -> 'profile session': what one item of a repeating group is called."""
    return item_noun(tp)


def kind_of(model: type[BaseModel], name: str) -> tuple[Kind, tuple[Option, ...], type[BaseModel] | None]:
    """The question kind of a field, its choices, and its sub-model for groups."""
    info = model.model_fields[name]
    tp = _without_none(info.annotation)
    declared = _declared_choices(info)
    if get_origin(tp) is list:
        item = _without_none(get_args(tp)[0]) if get_args(tp) else str
        if _is_model(item):
            return Kind.REPEAT, (), item
        if declared:
            return Kind.MULTI_CHOICE, declared, None
        kind, options = _scalar_kind(item, False)
        if kind is Kind.CHOICE:
            return Kind.MULTI_CHOICE, options, None
        return Kind.TEXT_LIST, (), None
    if _is_model(tp):
        return Kind.GROUP, (), tp
    if declared:
        return Kind.CHOICE, declared, None
    kind, options = _scalar_kind(tp, is_long_text(model, name))
    return kind, options, None


def question_for(
    model: type[BaseModel], name: str, spec: FieldSpec | None = None, section: SectionSpec | None = None
) -> Question:
    """The question for ``model.name``: wording from the form when it has some, the rest from the model."""
    info = model.model_fields[name]
    kind, options, sub = kind_of(model, name)
    if spec is not None and spec.choices and options:
        # The form may offer a subset of the model's choices, in its own words.
        by_code = {str(o.value.value if isinstance(o.value, Enum) else o.value): o.value for o in options}
        options = tuple(Option(by_code[code], label) for code, label in spec.choices.items() if code in by_code)
    label = (spec.label if spec and spec.label else "") or info.title or name.replace("_", " ").capitalize()
    required = info.is_required()
    expected = required or bool(section and spec and section.is_required(spec))
    extra = _extra(info)
    return Question(
        model=model,
        name=name,
        label=label,
        prompt=(spec.question if spec and spec.question else label),
        kind=kind,
        required=required,
        expected=expected,
        help=(spec.help if spec and spec.help else None) or info.description,
        help_first=bool(extra.get("show_description")),
        options=options,
        item_model=sub,
        item_name=item_name(sub) if sub else "",
        max_items=_max_items(info),
        when=spec.when if spec else None,
    )


@cache
def sub_questions(model: type[BaseModel]) -> list[Question]:
    """Every field of a sub-model (a person, a job, a signature) as a question."""
    return [question_for(model, name) for name in model.model_fields if name not in AUTOMATIC_FIELDS]


# --- parsing and validating one answer ------------------------------------------------------------


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The field's own rules. ``TypeAdapter(field.annotation)`` alone would drop constraints such as
    ``max_length`` that pydantic keeps in ``field.metadata``."""
    info = model.model_fields[name]
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


@cache
def _item_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    tp = _strip_annotated(model.model_fields[name].annotation)
    if get_origin(tp) in (Union, types.UnionType):
        tp = next(a for a in get_args(tp) if a is not type(None))
    tp = _strip_annotated(tp)
    return TypeAdapter(get_args(tp)[0] if get_args(tp) else str)


def friendly_message(err: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    """The model's message in plain words, without the rejected value (one wording everywhere)."""
    return plain_message(err, model)


def validation_message(exc: ValidationError, question: Question | None = None) -> str:
    """The first problem of a validation error, without the field prefix of cross-field rules."""
    err = dict(exc.errors(include_url=False)[0])
    if question is not None:  # one field's own check: locate it in its model, so its whole rule is said
        err["loc"] = (question.name, *err.get("loc", ()))
    message = friendly_message(err, question.model if question is not None else None)
    return split_field_message(message)[1]


_EMPTY_WORDS = frozenset({"", "-"})
_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0"})
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in _EMPTY_WORDS
    return isinstance(value, list | tuple | dict) and not value


def parse_date(text: str) -> date:
    """``2026-03-04``, ``3/4/2026`` (US order), ``March 4, 2026``, ``today``, ``yesterday``."""
    from dateutil import parser

    word = text.strip().lower()
    if word in _RELATIVE_DAYS:
        return date.today() + timedelta(days=_RELATIVE_DAYS[word])
    try:
        # Parse twice with different defaults: any part the text leaves out shows up as a difference.
        first = parser.parse(text, default=datetime(2000, 1, 1))
        second = parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        raise AnswerError("not a date; write it like 2026-03-04, 3/4/2026 or today") from None
    if first.date() != second.date():
        raise AnswerError("give the day, the month and the year, e.g. 2026-03-04 or 3/4/2026")
    return first.date()


def _pre_parse(question: Question, raw: Any) -> Any:
    """Typed text to the shape the model expects (the model then checks it)."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    kind = question.kind
    if kind is Kind.DATE:
        return parse_date(text)
    if kind is Kind.YES_NO:
        word = text.lower()
        if word in _YES | _NO:
            return word in _YES
        raise AnswerError("answer yes or no")
    if kind is Kind.MONEY:
        return text.replace("$", "").replace(",", "").strip()
    if kind is Kind.INTEGER:
        return text.replace(",", "")
    if kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
        return _choice_from_text(question, text)
    return text


def _choice_from_text(question: Question, text: str) -> Any:
    """A choice written as its code or its label (answer files are written by people)."""
    lowered = text.casefold()
    for option in question.options:
        if lowered in (str(option.value).casefold(), option.label.casefold()):
            return option.value
    return text


def parse_answer(question: Question, raw: Any) -> Any:
    """One answer, checked by the field's own rules; raise AnswerError with a plain message."""
    if question.kind in (Kind.MULTI_CHOICE, Kind.TEXT_LIST):
        return _parse_list(question, raw)
    if question.kind in (Kind.GROUP, Kind.REPEAT):
        raise TypeError("groups are answered one sub-question at a time")
    if is_empty(raw):
        if question.required:
            raise AnswerError("this answer is required")
        return None
    value = _pre_parse(question, raw)
    try:
        return _adapter(question.model, question.name).validate_python(value)
    except ValidationError as exc:
        raise AnswerError(validation_message(exc, question)) from None


def _parse_list(question: Question, raw: Any) -> list[Any]:
    if isinstance(raw, str) and question.kind is Kind.TEXT_LIST:
        raw = [part for line in raw.splitlines() for part in line.split(";")]
    items = [] if is_empty(raw) else ([raw] if isinstance(raw, str | int) else list(raw))
    items = [_pre_parse(question, item) for item in items if not is_empty(item)]
    if not items and question.required:
        raise AnswerError("this answer is required")
    try:
        return list(_adapter(question.model, question.name).validate_python(items))
    except ValidationError as exc:
        raise AnswerError(validation_message(exc, question)) from None


def parse_list_item(question: Question, raw: Any) -> Any:
    """One entry of a list of short answers (a kind of work, say); empty means the list is finished."""
    if is_empty(raw):
        return None
    try:
        return _item_adapter(question.model, question.name).validate_python(_pre_parse(question, raw))
    except ValidationError as exc:
        raise AnswerError(validation_message(exc, question)) from None


# --- whole sub-models and cross-field rules --------------------------------------------------------


def cross_field_problems(model: type[BaseModel], values: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The cross-field rules of ``model`` (and of its groups and items) that these answers break, as
    (field, message): every field given counts as answered; a rule reaching into a missing part waits."""
    from ipsdocs.interview.rules import broken_rules

    found = broken_rules(model, values, lambda path: True)
    return {(".".join(str(p) for p in b.field), b.message) for b in found.values()}


def item_problems(model: type[BaseModel], values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Everything wrong with a complete group or item, as (field, message), field '' when unknown."""
    try:
        model.model_validate(values)
    except ValidationError as exc:
        found = []
        for err in exc.errors(include_input=False, include_url=False):
            loc = ".".join(str(p) for p in err["loc"])
            field, message = split_field_message(friendly_message(err))
            found.append((field or loc, message))
        return found
    return []


# --- showing values -----------------------------------------------------------------------------


def plain_value(value: Any) -> Any:
    """A value as JSON can hold it (for drafts): dates as ISO text, amounts as text, choices as codes."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


def shown(question: Question, value: Any) -> str:
    """A value as a person reads it in a review (one line; long texts are cut)."""
    if is_empty(value):
        return ""
    if question.kind in (Kind.CHOICE,):
        return question.label_of(value)
    if question.kind is Kind.MULTI_CHOICE:
        return "; ".join(question.label_of(v) for v in value)
    if question.kind is Kind.YES_NO:
        return "Yes" if value else "No"
    if question.kind is Kind.DATE and isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if question.kind is Kind.MONEY:
        return f"${Decimal(str(value)):,.2f}"
    if question.kind is Kind.TEXT_LIST:
        return "; ".join(str(v) for v in value)
    if question.kind is Kind.GROUP and isinstance(value, Mapping):
        return group_summary(question, value)
    if question.kind is Kind.REPEAT and isinstance(value, list):
        count = len(value)
        names = "; ".join(group_summary(question, item, short=True) for item in value)
        return f"{count} {question.item_name}{'' if count == 1 else 's'}: {names}"
    return " ".join(str(value).split())


def group_summary(question: Question, values: Mapping[str, Any], short: bool = False) -> str:
    """A group on one line: its answered sub-fields (only the first two when ``short``)."""
    parts = []
    for child in question.children():
        text = shown(child, values.get(child.name))
        if text:
            parts.append(text if short else f"{child.label}: {text}")
    return ", ".join(parts[:2]) if short else "; ".join(parts)
