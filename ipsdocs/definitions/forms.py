"""Forms: the one declaration of each document's sections, questions and help.

A form (``forms/<record_type>.yaml``) names model fields; it never defines data rules.
Loading cross-checks it against the model so that a misspelt field, a required field nobody
asks, or a condition that cannot be evaluated is found when the form is loaded, not when an
ESP is halfway through an interview.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipsdocs.definitions.models import MODELS, RecordBase
from ipsdocs.definitions.readers import Unreadable, parse_yaml
from ipsdocs.definitions.validation import validation_problems
from ipsdocs.errors import FormError, Problem
from ipsdocs.paths import builtin_dir

AUTOMATIC_FIELDS = frozenset({"record_type", "schema_version", "addenda"})
"""Fields ipsdocs fills in itself; a form never asks them (addenda are written after a record is signed)."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Spec):
    """One question: the model field it fills, its wording, help and condition."""

    field: str
    question: str | None = None
    help: str | None = None
    required: bool | None = None
    when: str | None = None
    label: str | None = None
    """What documents call the field; default: the model's title."""
    choices: dict[str, str] | None = None
    """For a choice field: the codes offered here and their wording (a subset of the model's choices)."""
    if_empty: str | None = None
    """What documents say when there is no answer (default "Not recorded"), e.g. "Still served"."""


class SectionSpec(_Spec):
    """A section of the document, in order; required sections must be filled to be complete."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    required: bool = False
    rule: str | None = None
    fields: tuple[FieldSpec, ...] = Field(min_length=1)

    def is_required(self, field: FieldSpec) -> bool:
        """A field is required when it says so, or by default when its section is."""
        return self.required if field.required is None else field.required


class FormSpec(_Spec):
    """A whole form: what document it makes and its sections in order."""

    record_type: str
    title: str = Field(min_length=1)
    rule: str | None = None
    intro: str | None = None
    sections: tuple[SectionSpec, ...] = Field(min_length=1)

    @property
    def model(self) -> type[RecordBase]:
        return MODELS[self.record_type]

    def fields(self) -> Iterator[tuple[SectionSpec, FieldSpec]]:
        for section in self.sections:
            for field in section.fields:
                yield section, field

    @property
    def required_sections(self) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.sections if s.required)


def form_problems(form: FormSpec, where: str) -> list[Problem]:
    """Every way the form disagrees with its model: unknown, repeated or unasked fields, bad conditions."""
    model_fields = form.model.model_fields
    problems: list[Problem] = []
    seen: set[str] = set()
    section_ids: set[str] = set()
    for section in form.sections:
        if section.id in section_ids:
            problems.append(Problem(where, "this section id is used twice", f"sections.{section.id}"))
        section_ids.add(section.id)
        for field in section.fields:
            key = f"sections.{section.id}.fields.{field.field}"
            if field.field not in model_fields or field.field in AUTOMATIC_FIELDS:
                suggestion = _closest(field.field, model_fields)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                problems.append(
                    Problem(where, f"the {form.record_type} record has no field '{field.field}'{hint}", key)
                )
            elif field.field in seen:
                problems.append(Problem(where, "this field is asked twice", key))
            elif field.choices is not None:
                problems.extend(_choice_problems(form.model, field, where, key))
            if field.when:
                problems.extend(_condition_problems(field.when, seen, where, key))
            seen.add(field.field)
    for name, info in model_fields.items():
        if info.is_required() and name not in seen and name not in AUTOMATIC_FIELDS:
            problems.append(Problem(where, f"the required field '{name}' is never asked", "sections"))
    problems.extend(_audit_problems(form, where))
    return problems


def _audit_problems(form: FormSpec, where: str) -> list[Problem]:
    """A field the audit's timeliness rules read must be needed for a complete record, so that ``check``
    and the audit agree on what complete means (a career profile without its completion date is not)."""
    asked = {spec.field: (section, spec) for section, spec in form.fields()}
    problems = []
    for name in getattr(form.model, "COMPLETE_NEEDS", ()):
        if name not in asked:
            problems.append(Problem(where, f"the field '{name}' is never asked; the audit needs it", "sections"))
            continue
        section, spec = asked[name]
        if not section.is_required(spec) and not form.model.model_fields[name].is_required():
            title = form.model.model_fields[name].title or name
            what = f"'{name}' ({title}) is needed for a complete record (the audit's timeliness rules read it)"
            problems.append(Problem(where, what, f"sections.{section.id}.fields.{name}.required"))
    return problems


def choice_enum(model: type[BaseModel], name: str) -> type[Enum] | None:
    """The Enum a field takes its values from (also inside ``X | None`` and ``list[X]``), if any."""
    pending: list[Any] = [model.model_fields[name].annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation
        pending.extend(get_args(annotation))
    return None


def _choice_problems(model: type[BaseModel], field: FieldSpec, where: str, key: str) -> list[Problem]:
    """Choices a form offers must be choices the model allows, each worded."""
    enum = choice_enum(model, field.field)
    if enum is None:
        return [
            Problem(where, f"'{field.field}' is not a choice question, so it cannot list choices", f"{key}.choices")
        ]
    allowed = [str(member.value) for member in enum]
    problems = []
    for code, label in (field.choices or {}).items():
        if code not in allowed:
            suggestion = _closest(code, allowed)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else f" (allowed: {', '.join(allowed)})"
            problems.append(Problem(where, f"the choice '{code}' is not one the record allows{hint}", f"{key}.choices"))
        elif not str(label or "").strip():
            problems.append(Problem(where, f"the choice '{code}' has no wording", f"{key}.choices"))
    if not field.choices:
        problems.append(Problem(where, "a choice question needs at least one choice", f"{key}.choices"))
    return problems


def _condition_problems(expression: str, earlier: set[str], where: str, key: str) -> list[Problem]:
    from jinja2 import TemplateSyntaxError, meta
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment()
    try:
        names = meta.find_undeclared_variables(env.parse("{{ (" + expression + ") }}"))
    except TemplateSyntaxError as exc:
        return [Problem(where, f"the condition cannot be read: {exc.message}", f"{key}.when")]
    unknown = sorted(names - earlier)
    if unknown:
        return [Problem(where, f"the condition uses {', '.join(unknown)}, which is not asked before it", f"{key}.when")]
    return []


@lru_cache(maxsize=256)
def _compiled(expression: str) -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment().compile_expression(expression)


def condition_holds(field: FieldSpec, answers: Mapping[str, Any]) -> bool:
    """Whether a question applies, given the answers so far (no ``when`` means always)."""
    if not field.when:
        return True
    return bool(_compiled(field.when)(**answers))


def applicable_fields(form: FormSpec, answers: Mapping[str, Any]) -> Iterator[tuple[SectionSpec, FieldSpec]]:
    """The form's fields whose conditions hold for these answers, in order."""
    return ((s, f) for s, f in form.fields() if condition_holds(f, answers))


def _closest(name: str, candidates: Any) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def form_path(record_type: str, folders: tuple[Path, ...] = ()) -> Path:
    """The form file for a type: the first found in ``folders`` (agency overrides), else the built-in."""
    for folder in (*folders, builtin_dir("forms")):
        candidate = folder / f"{record_type}.yaml"
        if candidate.is_file():
            return candidate
    raise FormError.one(str(builtin_dir("forms")), f"there is no form for '{record_type}'")


def load_form(record_type: str, folders: tuple[Path, ...] = ()) -> FormSpec:
    """Load and cross-check the form for a record type; raise FormError listing every problem."""
    if record_type not in MODELS:
        known = ", ".join(MODELS)
        raise FormError.one("record_type", f"unknown record type '{record_type}' (known types: {known})")
    path = form_path(record_type, folders)
    return _load_path(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _load_path(path: Path, _mtime: int) -> FormSpec:
    where = str(path)
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError.one(where, f"the form cannot be read ({exc.__class__.__name__})") from None
    except Unreadable as exc:
        raise FormError.one(where, f"the form is {exc.what}" if exc.what.startswith("not ") else exc.what) from None
    if not isinstance(raw, dict):
        raise FormError.one(where, "a form must be a mapping with record_type, title and sections")
    try:
        form = FormSpec.model_validate(raw)
    except ValidationError as exc:
        raise FormError(validation_problems(exc, where, FormSpec, "form")) from None
    if form.record_type not in MODELS:
        raise FormError.one(where, f"unknown record type '{form.record_type}'", "record_type")
    problems = form_problems(form, where)
    if problems:
        raise FormError(problems)
    return form
