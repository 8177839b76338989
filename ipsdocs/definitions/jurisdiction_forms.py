"""A built-in form in a state's words: the jurisdiction profile's wording and choice lists applied.

The built-in forms are written to the NC service definition. A profile may retitle a form, reword
its rules, questions and labels, leave out criteria that do not apply in its state, and it always
decides which discharge reasons and eligibility areas are offered and how they read. The result is
an ordinary FormSpec, checked against its model like any other, so the interview, the documents and
the checks all see the state's version. An agency's own form override is taken as written (export
it from a workspace to start from the state's version).
"""

from __future__ import annotations

from ipsdocs.definitions.forms import FieldSpec, FormSpec, choice_enum, form_problems
from ipsdocs.definitions.jurisdiction import FormWording, Jurisdiction
from ipsdocs.errors import FormError, Problem
from ipsdocs.paths import data_file


def profile_path(jurisdiction: Jurisdiction) -> str:
    return str(data_file("jurisdictions") / f"{jurisdiction.code}.yaml")


def adapt_form(form: FormSpec, jurisdiction: Jurisdiction) -> FormSpec:
    """``form`` as ``jurisdiction`` words it; a profile that names an unknown section or field is an error."""
    wording = jurisdiction.forms.get(form.record_type, FormWording())
    _check_wording(form, wording, jurisdiction)
    sections = []
    for section in form.sections:
        fields = [
            adapted
            for spec in section.fields
            if spec.field not in wording.omit and (adapted := _adapt_field(form, spec, wording, jurisdiction))
        ]
        if not fields:
            continue
        words = wording.sections.get(section.id)
        update: dict[str, object] = {"fields": tuple(fields)}
        if words:
            update |= {key: value for key, value in words.model_dump().items() if value is not None}
        sections.append(section.model_copy(update=update))
    top = {key: getattr(wording, key) for key in ("title", "rule", "intro") if getattr(wording, key) is not None}
    adapted = form.model_copy(update={"sections": tuple(sections), **top})
    problems = form_problems(adapted, profile_path(jurisdiction))
    if problems:
        raise FormError(problems)
    return adapted


def _adapt_field(form: FormSpec, spec: FieldSpec, wording: FormWording, jurisdiction: Jurisdiction) -> FieldSpec | None:
    update: dict[str, object] = {}
    words = wording.fields.get(spec.field)
    if words:
        update |= {key: value for key, value in words.model_dump().items() if value is not None}
    enum = choice_enum(form.model, spec.field)
    choices = jurisdiction.choices_for(enum) if enum else None
    if choices is not None and spec.choices is None:
        if not choices:
            return None  # no choice applies in this state: the question is not asked
        update["choices"] = choices
    return spec.model_copy(update=update) if update else spec


def _check_wording(form: FormSpec, wording: FormWording, jurisdiction: Jurisdiction) -> None:
    where = profile_path(jurisdiction)
    section_ids = {section.id for section in form.sections}
    field_names = {spec.field for _, spec in form.fields()}
    problems = [
        Problem(where, f"the {form.record_type} form has no section '{name}'", f"forms.{form.record_type}.sections")
        for name in wording.sections
        if name not in section_ids
    ]
    problems += [
        Problem(where, f"the {form.record_type} form asks no field '{name}'", f"forms.{form.record_type}.fields")
        for name in (*wording.fields, *wording.omit)
        if name not in field_names
    ]
    if problems:
        raise FormError(problems)
