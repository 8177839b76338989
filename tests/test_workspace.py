"""Workspaces, overrides, branding checks and jurisdiction profiles (NC, NY, CA).

Documents are rendered for real and read back; the CLI runs as a subprocess, as a person runs it.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.agency.fields import MEANINGS, context_shape, derived_names, placeholders
from ipsdocs.agency.init import export_forms, export_templates, init_workspace
from ipsdocs.agency.workspace import Workspace, WorkspaceSettings, find_workspace
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.jurisdiction import Jurisdiction, choice_universe, known_jurisdictions, load_jurisdiction
from ipsdocs.definitions.jurisdiction_forms import adapt_form
from ipsdocs.definitions.models import MODELS, RecordBase
from ipsdocs.definitions.models._types import DischargeReason
from ipsdocs.definitions.models.admission_discharge import EligibilityArea
from ipsdocs.definitions.records import validate_record
from ipsdocs.errors import FormError
from ipsdocs.paths import data_file
from ipsdocs.render.checks import data_findings, docx_lines, pdf_lines
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
ADMISSION = ROOT / "samples" / "darnell-price" / "admission_discharge.yaml"
CAREER = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
BASE_TYPES = [t for t in MODELS if (ROOT / "forms" / f"{t}.yaml").is_file()]
PERSON_TYPES = [t for t, model in MODELS.items() if issubclass(model, RecordBase)]
"""Types whose context is build_context's alone (others add their own extras, explained by TEMPLATE_HELP)."""


def set_setting(root: Path, key: str, value: str) -> None:
    path = root / "ipsdocs.toml"
    lines = [f'{key} = "{value}"' if line.startswith(f"{key} =") else line for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")


def discharged(reason: str) -> dict[str, Any]:
    data = yaml.safe_load(ADMISSION.read_text(encoding="utf-8"))
    data.update(discharge_date=data["admission_date"], discharge_reason=reason, employment_status_at_discharge="other")
    return data


# --- init and finding the workspace -------------------------------------------------------------------


def test_init_creates_a_private_workspace(tmp_path: Path) -> None:
    result = run_cli("init", "agency", "--name", "Harbor Clinic", "--jurisdiction", "ny", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "agency"
    for folder in ("records", "output", "templates", "templates/docx", "templates/pdf", "forms"):
        assert stat.S_IMODE((root / folder).stat().st_mode) == 0o700, folder
        assert not any((root / folder).iterdir()) or folder == "templates"
    assert stat.S_IMODE((root / "ipsdocs.toml").stat().st_mode) == 0o600
    workspace = find_workspace(start=root / "records")
    assert workspace.root == root.resolve()
    assert workspace.agency.name == "Harbor Clinic"
    assert workspace.jurisdiction.code == "ny"


def test_init_never_overwrites_a_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path, "First")
    before = (tmp_path / "ipsdocs.toml").read_bytes()
    result = run_cli("init", tmp_path, "--name", "Second", cwd=tmp_path)
    assert result.returncode == 2 and "already an ipsdocs workspace" in result.stderr
    assert (tmp_path / "ipsdocs.toml").read_bytes() == before


def test_init_refuses_an_unknown_jurisdiction_before_writing(tmp_path: Path) -> None:
    result = run_cli("init", "agency", "--jurisdiction", "tx", cwd=tmp_path)
    assert result.returncode == 2 and "unknown jurisdiction 'tx'" in result.stderr and "nc" in result.stderr
    assert not (tmp_path / "agency").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jurisdiction = 'nc'\n[agency]\nname = 'x'\nlogo = \n", "not valid TOML"),
        ("[agency]\nnmae = 'Harbor'\n", "agency.nmae"),
        ("jurisdiction = 'zz'\n", "unknown jurisdiction 'zz'"),
    ],
)
def test_broken_settings_are_one_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "ipsdocs.toml").write_text(text)
    result = run_cli("check", CAREER, cwd=tmp_path)
    assert result.returncode == 2 and expected in result.stderr and "ipsdocs.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_explicit_workspace_must_be_one(tmp_path: Path) -> None:
    result = run_cli("check", CAREER, "--workspace", tmp_path, cwd=ROOT)
    assert result.returncode == 2 and "not an ipsdocs workspace" in result.stderr


# --- the logo ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda root: None, "does not exist"),
        (lambda root: (root / "logo.png").write_text("not a picture"), "is not a PNG, JPEG or GIF image"),
        (lambda root: (root / "logo.png").write_bytes(b"%PDF-1.4\n"), "is not a PNG, JPEG or GIF image"),
    ],
    ids=["missing", "text", "pdf"],
)
def test_bad_logo_is_one_message_and_nothing_is_written(tmp_path: Path, make: Any, expected: str) -> None:
    init_workspace(tmp_path, "Harbor Clinic")
    make(tmp_path)
    set_setting(tmp_path, "logo", "logo.png")
    result = run_cli("render", CAREER, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "ipsdocs.toml: agency.logo" in lines[0]
    assert not list((tmp_path / "output").iterdir())


def test_logo_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    init_workspace(root, "Harbor Clinic")
    set_setting(root, "logo", "/etc/hostname")
    result = run_cli("check", CAREER, cwd=root)
    assert result.returncode == 2 and "inside the workspace folder" in result.stderr


# --- overrides and fallbacks ---------------------------------------------------------------------------------


def test_form_override_replaces_the_built_in_and_others_fall_back(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path, "Harbor Clinic")
    export_forms(workspace, ["career_profile"])
    path = workspace.form_folders[0] / "career_profile.yaml"
    data = yaml.safe_load(path.read_text())
    data["title"] = "Vocational Profile"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert workspace.form("career_profile").title == "Vocational Profile"
    assert workspace.form("employment_plan") == load_form("employment_plan")


def test_export_keeps_edited_files_unless_forced(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path, "Harbor Clinic")
    first = export_templates(workspace, ["career_profile"], ("pdf",))
    assert {p.name for p in first.written} == {"career_profile.html", "base.html", "style.css"}
    edited = workspace.template_folders[0] / "pdf" / "base.html"
    edited.write_text(edited.read_text() + "<!-- ours -->")
    again = export_templates(workspace, ["career_profile"], ("pdf",))
    assert edited in again.kept and "<!-- ours -->" in edited.read_text()
    export_templates(workspace, ["career_profile"], ("pdf",), force=True)
    assert "<!-- ours -->" not in edited.read_text()


def test_export_needs_a_workspace(tmp_path: Path) -> None:
    result = run_cli("templates", "export", cwd=tmp_path)
    assert result.returncode == 2 and "run 'ipsdocs init'" in result.stderr


# --- the placeholder list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", BASE_TYPES)
def test_every_placeholder_is_explained(record_type: str) -> None:
    """The names come from the real context; each needs a meaning, and no meaning is orphaned."""
    names = set(derived_names(context_shape(Workspace(), record_type, "docx")))
    extras = getattr(MODELS[record_type], "TEMPLATE_HELP", {})
    assert set(MEANINGS) <= names
    if record_type in PERSON_TYPES or extras:
        assert names == set(MEANINGS) | set(extras)


def test_fields_lists_each_field_with_an_example() -> None:
    rows = {row.name: row for row in placeholders(Workspace(), "career_profile")}
    assert rows["fields.strengths.text"].meaning.startswith("Strengths")
    assert rows["fields.strengths.text"].example
    assert rows["person_name"].example == "Marisol Vega"
    assert rows["logo"].formats == "Word" and rows["field.html"].formats == "PDF"
    result = run_cli("templates", "fields", "career_profile", cwd=ROOT)
    assert result.returncode == 0 and "{{ fields.strengths.text }}" in result.stdout and "Marisol Vega" in result.stdout
    bad = run_cli("templates", "fields", "carer_profile", cwd=ROOT)
    assert bad.returncode == 2 and "unknown record type" in bad.stderr


# --- jurisdictions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["nc", "ny", "ca"])
def test_every_profile_adapts_every_form(code: str) -> None:
    jurisdiction = load_jurisdiction(code)
    for record_type in BASE_TYPES:
        form = adapt_form(load_form(record_type), jurisdiction)
        assert form.required_sections, record_type


def test_profiles_hold_their_states_numbers() -> None:
    nc, ny, ca = (load_jurisdiction(code) for code in ("nc", "ny", "ca"))
    assert (nc.community_time_target, ny.community_time_target, ny.community_time_recommended) == (0.75, 0.5, 0.65)
    assert ca.community_time_target == 0.65 and ca.team is not None and ca.team.caseload == (35, 40)
    assert (nc.caseload_limit, ny.caseload_limit, ca.caseload_limit) == (25, 20, 20)
    assert nc.min_eligibility_areas == 2 and ny.min_eligibility_areas == ca.min_eligibility_areas == 0
    assert len(nc.discharge_reasons) == 4 and len(nc.eligibility_areas) == 6
    assert set(known_jurisdictions()) >= {"nc", "ny", "ca"}


def test_model_choices_come_from_the_profiles() -> None:
    """The enums hold every code a profile defines, worded as the default profile words them."""
    nc = load_jurisdiction("nc")
    assert [(m.value, m.label) for m in DischargeReason] == choice_universe("discharge_reasons")
    assert [(c.code, c.label) for c in nc.discharge_reasons] == [(m.value, m.label) for m in DischargeReason]
    assert [(c.code, c.label) for c in nc.eligibility_areas] == [(m.value, m.label) for m in EligibilityArea]
    for code in known_jurisdictions():
        assert load_jurisdiction(code).discharge_reason_codes <= {m.value for m in DischargeReason}


def test_a_profile_that_names_an_unknown_section_is_reported() -> None:
    raw = yaml.safe_load((data_file("jurisdictions") / "ny.yaml").read_text())
    raw["forms"]["admission_discharge"]["sections"]["eligibilty"] = {"title": "x"}
    with pytest.raises(FormError) as caught:
        adapt_form(load_form("admission_discharge"), Jurisdiction.model_validate(raw))
    assert "no section 'eligibilty'" in str(caught.value) and "ny.yaml" in str(caught.value)


def test_ny_words_the_admission_form_and_leaves_out_nc_criteria() -> None:
    form = Workspace(None, WorkspaceSettings(jurisdiction="ny")).form("admission_discharge")
    asked = {spec.field: spec for _, spec in form.fields()}
    assert form.title == "IPS Admission and Discharge Record"
    assert "criterion_b_areas" not in asked and "criterion_a_primary_sud" not in asked
    assert set(asked["discharge_reason"].choices or {}) == {"requested", "moved", "no_longer_eligible"}
    # one answer, one fact: the interest in employment, and the NYESS entry as answers of their own
    assert asked["criterion_c_desire_to_work"].label == "Expresses an interest in employment"
    assert {"nyess_entry_date", "nyess_id", "rehabilitation_program"} <= set(asked)
    assert set(asked["rehabilitation_program"].choices or {}) == {"act", "core_psr"}
    assert "criterion_c_employment_pattern" not in asked and "criterion_a_smi" not in asked


@pytest.mark.parametrize(("code", "accepted"), [("nc", True), ("ny", False), ("ca", False)])
def test_check_reports_a_reason_the_jurisdiction_does_not_accept(tmp_path: Path, code: str, accepted: bool) -> None:
    record = tmp_path / "admission.json"
    record.write_text(json.dumps(discharged("medical"), default=str))
    init_workspace(tmp_path / "agency", "Harbor Clinic", code)
    result = run_cli("check", record, cwd=tmp_path / "agency")
    assert result.returncode == (0 if accepted else 1), (result.stdout, result.stderr)
    if not accepted:
        assert "Discharge reason: the answer is not one of the choices this form offers" in result.stdout
        assert "medical" not in result.stdout + result.stderr  # the answer itself is never shown
        assert "requested, moved" in result.stdout


@pytest.mark.parametrize(
    ("code", "wording"),
    [
        ("nc", "The individual has requested that IPS-SE be discontinued"),
        ("ny", "The individual has asked to end IPS services"),
        ("ca", "The individual has chosen to end IPS services"),
    ],
)
def test_documents_show_the_jurisdictions_wording(tmp_path: Path, code: str, wording: str) -> None:
    from ipsdocs.render.document import render_record

    workspace = init_workspace(tmp_path / "agency", "Harbor Clinic", code)
    data = discharged("requested")
    if code == "ny":  # NY asks which of the agency's programs serves the person, and the NYESS entry
        data.update(rehabilitation_program="act", nyess_entry_date=data["admission_date"])
    else:
        for key in ("criterion_c_employment_pattern", "criterion_c_needs_assistance"):
            data.setdefault(key, True)
    record = validate_record(data, "x", workspace.jurisdiction)
    form = workspace.form("admission_discharge")
    assert data_findings(record, form) == []
    result = render_record(record, form, tmp_path / "out", agency=workspace.agency, templates=workspace.templates)
    files = {f.format: f.path for f in result.files}
    assert all(not f.problems for f in result.files), [str(p) for f in result.files for p in f.problems]
    docx_text = " ".join(docx_lines(files["docx"].read_bytes()))
    pdf_text = " ".join(pdf_lines(files["pdf"].read_bytes()))
    for text in (docx_text, pdf_text):
        assert wording in text
        assert form.title in text
        assert ("LME-MCO" in text) == (code == "nc")


def _pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    fonts: set[str] = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_a_workspace_without_its_own_stylesheet_keeps_the_built_in_one(tmp_path: Path) -> None:
    """An empty templates/pdf/ (as init makes it) must not lose style.css: files fall back folder by folder."""
    init_workspace(tmp_path / "ws", name="Test Agency")
    plain = run_cli("render", CAREER, "-f", "pdf", "--out", tmp_path / "plain", cwd=tmp_path)
    in_ws = run_cli("render", CAREER, "-f", "pdf", cwd=tmp_path / "ws")
    assert plain.returncode == 0 and in_ws.returncode == 0, in_ws.stderr
    built_in = _pdf_fonts(next((tmp_path / "plain").glob("*/*.pdf")))
    assert _pdf_fonts(next((tmp_path / "ws" / "output").glob("*/*.pdf"))) == built_in

    (tmp_path / "ws" / "templates" / "pdf" / "style.css").write_text("body { font-family: serif; }")
    assert run_cli("render", CAREER, "-f", "pdf", cwd=tmp_path / "ws").returncode == 0
    assert _pdf_fonts(next((tmp_path / "ws" / "output").glob("*/*.pdf"))) != built_in  # the agency's own wins


def test_record_files_skip_drafts_versions_and_other_files(tmp_path: Path) -> None:
    """The one walk of a records folder (the interview's earlier records, the browser's list)."""
    from ipsdocs.definitions.records import record_files

    for name in ("RB-1/career_profile.yaml", "RB-1/.versions/career_profile.yaml", ".drafts/d.json",
                 "RB-2/plan.json", "RB-2/notes.txt", "b.yml"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "odd.yaml").mkdir()  # a folder named like a record is not one
    found = [p.relative_to(tmp_path).as_posix() for p in record_files(tmp_path)]
    assert found == ["RB-1/career_profile.yaml", "RB-2/plan.json", "b.yml"]
    assert record_files(tmp_path / "absent") == []
