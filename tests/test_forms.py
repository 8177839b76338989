"""Every shipped form loads, matches its model, and a broken form is reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipsdocs.definitions.forms import AUTOMATIC_FIELDS, load_form
from ipsdocs.definitions.models import MODELS
from ipsdocs.errors import FormError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("record_type", sorted(MODELS))
def test_builtin_form_asks_every_model_field(record_type: str) -> None:
    form = load_form(record_type)
    asked = {f.field for _, f in form.fields()}
    assert asked == set(MODELS[record_type].model_fields) - AUTOMATIC_FIELDS
    assert form.required_sections, "every document has required sections"


def test_every_form_file_has_a_model() -> None:
    assert {p.stem for p in (ROOT / "forms").glob("*.yaml")} == set(MODELS)


def test_career_profile_has_the_eight_nc_components() -> None:
    titles = {s.title for s in load_form("career_profile").required_sections}
    nc = {
        "Previous work experience",
        "Goals",
        "Preferences",
        "Strengths",
        "Barriers",
        "Skills",
        "Disclosure preferences",
        "Career advancement and higher education",
    }
    assert nc <= titles


def _write_form(folder: Path, text: str) -> tuple[Path, ...]:
    (folder / "career_profile.yaml").write_text(text, encoding="utf-8")
    return (folder,)


def test_unknown_field_is_named_with_a_suggestion(tmp_path: Path) -> None:
    original = (ROOT / "forms" / "career_profile.yaml").read_text(encoding="utf-8")
    folders = _write_form(tmp_path, original.replace("field: strengths", "field: strenghts"))
    with pytest.raises(FormError) as caught:
        load_form("career_profile", folders)
    message = str(caught.value)
    assert "strenghts" in message and "did you mean 'strengths'" in message
    assert str(tmp_path / "career_profile.yaml") in message


def test_required_model_field_left_unasked(tmp_path: Path) -> None:
    original = (ROOT / "forms" / "career_profile.yaml").read_text(encoding="utf-8")
    broken = original.replace(
        "      - field: admission_date\n        question: When did the person enter IPS-SE?\n", ""
    )
    assert broken != original
    with pytest.raises(FormError, match="'admission_date' is never asked"):
        load_form("career_profile", _write_form(tmp_path, broken))


def test_condition_on_a_later_field_is_refused(tmp_path: Path) -> None:
    original = (ROOT / "forms" / "career_profile.yaml").read_text(encoding="utf-8")
    broken = original.replace(
        "      - field: employment_goals\n", "      - field: employment_goals\n        when: skills\n"
    )
    with pytest.raises(FormError, match="skills, which is not asked before it"):
        load_form("career_profile", _write_form(tmp_path, broken))


def test_malformed_yaml_form(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="not valid YAML"):
        load_form("career_profile", _write_form(tmp_path, "sections: [unclosed\n"))
