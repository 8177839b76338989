"""Messages in an ESP's language wherever a record is refused: a sentence about the field for every
pydantic constraint, a did-you-mean for unknown types, fields and choices, items counted from 1, and
never the rejected value."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ipsdocs.definitions.models import MODELS
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.definitions.validation import field_shape
from ipsdocs.errors import RecordError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in (".yaml", ".json"))
ONE_PER_TYPE = {load_record(p).record.record_type: p for p in SAMPLES}
SECRET = "Zq7SECRET"
PYTHON_WORDS = ("should", "Input", "String", "match pattern", "^", "valid ", "Value error", "Field required", "[]", "{")


def sample(record_type: str) -> dict[str, Any]:
    return load_record(ONE_PER_TYPE[record_type]).record.model_dump(mode="json", exclude_none=True)


def refused(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RecordError) as caught:
        validate_record(data, "record.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_bad_record_id_says_the_rule_in_words() -> None:
    """The case of the issue: ``String should match pattern '^[A-Za-z0-9]…'``."""
    data = sample("career_profile") | {"record_id": f"#{SECRET}!"}
    assert refused(data) == [
        "record.yaml: record_id: Record ID: use letters, digits, spaces and . _ # / - only, starting with a "
        "letter or a digit, up to 64 characters"
    ]


def test_unknown_types_fields_and_choices_get_a_did_you_mean() -> None:
    assert refused({"record_type": "carer_profile"})[0].startswith(
        "record.yaml: record_type: unknown record type (did you mean 'career_profile'?); the record types are"
    )
    data = sample("career_profile")
    data["strenghts"] = data.pop("strengths")
    data["disclosure_preference"] = "ful"
    data["person"]["clientid"] = data["person"].pop("client_id")
    found = refused(data)
    assert "record.yaml: strenghts: this field is not part of the record (did you mean 'strengths'?)" in found
    assert "record.yaml: person.clientid: this field is not part of the record (did you mean 'client_id'?)" in found
    assert (
        "record.yaml: disclosure_preference: Disclosure preference: not one of the allowed answers "
        "(did you mean 'full'?); the choices are full, partial, none or undecided"
    ) in found


def test_items_count_from_one_in_paths_and_labels() -> None:
    data = sample("career_profile")
    data["jobs"][1]["hours_per_week"] = 99
    data["jobs"][0]["end_date"], data["jobs"][0]["start_date"] = "2019-01-01", "2020-01-01"
    found = refused(data)
    assert "record.yaml: jobs[2].hours_per_week: Job 2 › Hours per week: must be 80 or less" in found
    assert "record.yaml: jobs[1].end_date: Job 1 › End date: the job cannot end before it started" in found


# --- every constraint of every model -------------------------------------------------------------


def _constraints(model: type[BaseModel], name: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    pending: list[Any] = [*model.model_fields[name].metadata, model.model_fields[name].annotation]
    while pending:
        item = pending.pop()
        for key in ("max_length", "min_length", "pattern", "ge", "le", "gt", "lt", "max_digits", "decimal_places"):
            value = getattr(item, key, None)
            if value is not None and not callable(value) and key not in found:
                found[key] = value
        pending.extend(getattr(item, "metadata", ()) or ())
        pending.extend(a for a in getattr(item, "__args__", ()) or () if not isinstance(a, type))
    return found


def _bad_values(model: type[BaseModel], name: str, value: Any) -> Iterator[Any]:
    """Answers that break each of the field's rules: its type, its length, its pattern, its range."""
    yield {SECRET: SECRET} if not isinstance(value, dict) else SECRET
    rules = _constraints(model, name)
    if isinstance(value, str):
        yield [SECRET]
        if "max_length" in rules:
            yield SECRET * (rules["max_length"] // len(SECRET) + 1)
        if "pattern" in rules:
            yield f"!{SECRET}!"
    if isinstance(value, list) and "max_length" in rules:
        yield value * (rules["max_length"] + 1)
    if (isinstance(value, int | float) and not isinstance(value, bool)) or (isinstance(value, str) and "ge" in rules):
        for key, step in (("ge", -1), ("gt", 0), ("le", 1), ("lt", 0)):
            if key in rules:
                yield rules[key] + step
        yield 1.5 if isinstance(value, int) else SECRET


def _places(data: dict[str, Any], model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], tuple[Any, ...]]]:
    for name in model.model_fields:
        if name in ("record_type", "schema_version") or name not in data:
            continue
        yield model, (name,)
        shape, sub = field_shape(model, name)
        if shape == "group" and sub is not None and isinstance(data[name], dict):
            yield from ((m, (name, *p)) for m, p in _places(data[name], sub))
        elif shape == "repeat" and sub is not None and data[name] and isinstance(data[name][0], dict):
            yield from ((m, (name, 0, *p)) for m, p in _places(data[name][0], sub))


@pytest.mark.parametrize("record_type", sorted(MODELS))
def test_every_constraint_of_every_field_is_a_sentence_without_the_value(record_type: str) -> None:
    data = sample(record_type)
    seen = 0
    for model, path in _places(data, MODELS[record_type]):
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        for bad in _bad_values(model, str(path[-1]), node[path[-1]]):
            broken = copy.deepcopy(data)
            target: Any = broken
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = bad
            try:
                validate_record(broken, "record.yaml")
            except RecordError as error:
                for problem in error.problems:
                    text = str(problem)
                    seen += 1
                    assert SECRET not in text, text
                    assert not any(word in problem.what for word in PYTHON_WORDS), text
                    assert ".0." not in problem.field and not problem.field.endswith(".0"), text
    assert seen > 10


def test_a_json_record_with_a_wrong_type_names_the_field(tmp_path: Path) -> None:
    data = sample("employment_plan") | {"objectives": SECRET}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert str(caught.value) == f"{path}: objectives: Objectives and steps: must be a list (one '- ' line per entry)"
