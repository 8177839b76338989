"""Lint: each finding with a real broken Word template, a real broken PDF template and a real
broken form, found by ``ipsdocs templates lint`` / ``forms lint`` and refused by ``render``
with the same message. Templates are edited with python-docx as a person would in Word."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from docx import Document

from ipsdocs.agency.fields import context_shape
from ipsdocs.agency.init import export_forms, export_templates, init_workspace
from ipsdocs.agency.lint import html_chain, html_problems
from ipsdocs.agency.lint_docx import docx_problems
from ipsdocs.agency.lint_forms import lint_forms
from ipsdocs.agency.lint_templates import lint_templates
from ipsdocs.agency.workspace import Workspace, find_workspace
from ipsdocs.definitions.models import MODELS
from ipsdocs.errors import Problem
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
BUILTIN_TYPES = [t for t in MODELS if (ROOT / "templates" / "docx" / f"{t}.docx").is_file()]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "agency", "Harbor Clinic")
    export_templates(ws, ["career_profile"], ("docx", "pdf"))
    return ws


def docx_path(ws: Workspace) -> Path:
    return ws.template_folders[0] / "docx" / "career_profile.docx"


def pdf_path(ws: Workspace, name: str = "career_profile.html") -> Path:
    return ws.template_folders[0] / "pdf" / name


def edit_paragraph(ws: Workspace, old: str, new: str) -> None:
    """Retype a paragraph's text in the Word template (the first paragraph whose text is ``old``)."""
    path = docx_path(ws)
    document = Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text == old)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = new
    document.save(str(path))


def edit_html(ws: Workspace, old: str, new: str, name: str = "base.html") -> None:
    path = pdf_path(ws, name)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def joined(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --- the built-ins are clean ---------------------------------------------------------------------


@pytest.mark.parametrize("record_type", BUILTIN_TYPES)
def test_built_in_templates_lint_clean(record_type: str) -> None:
    ws = Workspace()
    docx = ROOT / "templates" / "docx" / f"{record_type}.docx"
    assert docx_problems(docx, context_shape(ws, record_type, "docx")) == []
    dirs = (ROOT / "templates" / "pdf",)
    shape = context_shape(ws, record_type, "pdf")
    assert [p for path in html_chain(f"{record_type}.html", dirs) for p in html_problems(path, shape, dirs)] == []


def test_exported_workspace_lints_clean_through_the_cli(workspace: Workspace) -> None:
    export_forms(workspace, [])
    for args in (("templates", "lint", "career_profile"), ("forms", "lint")):
        result = run_cli(*args, cwd=workspace.root)
        assert result.returncode == 0, (result.stdout, result.stderr)
        assert "OK: no problems" in result.stdout


# --- each finding, in Word and in PDF --------------------------------------------------------------

WORD_CASES: dict[str, tuple[str, str, list[str]]] = {
    # name: (paragraph as exported, paragraph as broken, what the message must say)
    "syntax error": (
        "Documentation rule: {{ document.rule }}",
        "Documentation rule: {{ document.rule }",
        ["template syntax error", "paragraph “Documentation rule: {{ document.rule }"],
    ),
    "unknown placeholder": (
        "{{ document.intro }}",
        "Prepared for {{ person_nmae }}",
        ["unknown placeholder: 'person_nmae'", "did you mean 'person_name'?", "paragraph “Prepared for"],
    ),
    "unknown part of a placeholder": (
        "{{ loop.index }}. {{ section.title }}",
        "{{ loop.index }}. {{ section.titel }}",
        ["unknown placeholder: 'section.titel'", "did you mean 'section.title'?"],
    ),
    "misspelt field": (
        "{{ document.intro }}",
        "Strengths first: {{ fields.strenghts.text }}",
        ["unknown placeholder: 'fields.strenghts'", "did you mean 'fields.strengths'?"],
    ),
    "unknown filter": (
        "{{ document.title }}",
        "{{ document.title|uppercase }}",
        ["unknown filter 'uppercase'", "did you mean 'upper'?"],
    ),
    "program internals": (
        "{{ document.intro }}",
        "{{ person_name.__class__.__mro__ }}",
        ["program internals", "may not use"],
    ),
    "required section dropped": (
        "{%p for section in sections %}",
        "{%p for section in sections if section.id != 'skills' %}",
        ["lacks the required section 'Skills'"],
    ),
}

PDF_CASES: dict[str, tuple[str, str, list[str]]] = {
    "syntax error": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title }</h1>",
        ["template syntax error", "base.html: line "],
    ),
    "unknown placeholder": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title }}</h1><p>Prepared for {{ person_nmae }}</p>",
        ["unknown placeholder: 'person_nmae'", "did you mean 'person_name'?", "base.html: line 21"],
    ),
    "unknown part of a placeholder": (
        "<h2>{{ loop.index }}. {{ section.title }}</h2>",
        "<h2>{{ loop.index }}. {{ section.titel }}</h2>",
        ["unknown placeholder: 'section.titel'", "did you mean 'section.title'?"],
    ),
    "misspelt field": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title }}</h1>{{ fields.strenghts.html }}",
        ["unknown placeholder: 'fields.strenghts'", "did you mean 'fields.strengths'?"],
    ),
    "unknown filter": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title|uppercase }}</h1>",
        ["unknown filter 'uppercase'", "did you mean 'upper'?"],
    ),
    "program internals": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title.__class__.__mro__ }}</h1>",
        ["program internals", "may not use"],
    ),
    "required section dropped": (
        "{% for section in sections %}",
        "{% for section in sections if section.id != 'skills' %}",
        ["career_profile.html: the document made with this template lacks the required section 'Skills'"],
    ),
    "curly quotes": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title|replace(‘Career’, ‘Vocational’) }}</h1>",
        ["a curly quote ‘ inside", "type a straight quote", "base.html: line 21"],
    ),
    "missing include": (
        "<h1>{{ document.title }}</h1>",
        "<h1>{{ document.title }}</h1>{% include 'letterhead.html' %}",
        ["uses 'letterhead.html', which is not a template in the template folder"],
    ),
}


def assert_found(problems: list[Problem], path: Path, expected: list[str]) -> None:
    text = joined(problems)
    assert problems, "lint found nothing"
    assert all(p.where == str(path) for p in problems), text
    for fragment in expected:
        assert fragment in text, (fragment, text)


@pytest.mark.parametrize("case", list(WORD_CASES))
def test_word_template_finding(workspace: Workspace, case: str) -> None:
    old, new, expected = WORD_CASES[case]
    edit_paragraph(workspace, old, new)
    assert_found(lint_templates(workspace, record_types=["career_profile"]), docx_path(workspace), expected)


@pytest.mark.parametrize("case", list(PDF_CASES))
def test_pdf_template_finding(workspace: Workspace, case: str) -> None:
    old, new, expected = PDF_CASES[case]
    edit_html(workspace, old, new)
    # A section the shared layout drops is found by rendering: it names the type's template.
    name = "career_profile.html" if case == "required section dropped" else "base.html"
    assert_found(lint_templates(workspace, record_types=["career_profile"]), pdf_path(workspace, name), expected)


def test_header_placeholders_are_checked_and_placed(workspace: Workspace) -> None:
    path = docx_path(workspace)
    document = Document(str(path))
    header = document.sections[0].header.paragraphs[1]
    header.runs[0].text = "{{ agency.adress }}"
    document.save(str(path))
    text = joined(lint_templates(workspace, record_types=["career_profile"]))
    assert "unknown placeholder: 'agency.adress'" in text and "did you mean 'agency.address'?" in text
    assert "header paragraph “{{ agency.adress }}" in text


def test_curly_quotes_in_a_word_template_are_straightened_and_render(workspace: Workspace, tmp_path: Path) -> None:
    """Word types curly quotes; docxtpl straightens them inside tags, so lint does not flag them."""
    edit_paragraph(workspace, "{{ document.title }}", "{{ document.title|replace(‘Career’, ‘Vocational’) }}")
    assert lint_templates(workspace, record_types=["career_profile"]) == []
    result = run_cli("render", SAMPLE, "--format", "docx", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    written = next((workspace.root / "output").glob("*/*.docx"))
    assert "Vocational Profile" in [p.text for p in Document(str(written)).paragraphs]


def test_template_for_no_record_type(workspace: Workspace) -> None:
    shutil.copy(docx_path(workspace), docx_path(workspace).with_name("carer_profile.docx"))
    text = joined(lint_templates(workspace, record_types=["career_profile"]))
    assert "carer_profile.docx" in text and "did you mean 'career_profile.docx'?" in text


# --- refused at render with the same message ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "edit"),
    [
        ("docx", lambda ws: edit_paragraph(ws, "{{ document.intro }}", "Prepared for {{ person_nmae }}")),
        ("pdf", lambda ws: edit_html(ws, "<h1>{{ document.title }}</h1>", "<h1>{{ person_nmae }}</h1>")),
    ],
)
def test_render_refuses_a_template_that_fails_lint(
    workspace: Workspace, fmt: str, edit: Callable[[Workspace], None]
) -> None:
    edit(workspace)
    lint = run_cli("templates", "lint", "career_profile", cwd=workspace.root)
    assert lint.returncode == 1
    render = run_cli("render", SAMPLE, "--format", fmt, cwd=workspace.root)
    assert render.returncode == 1, (render.stdout, render.stderr)
    assert "Traceback" not in render.stderr + lint.stderr
    message = next(line for line in lint.stderr.splitlines() if "person_nmae" in line)
    assert message in render.stderr
    assert "FAILED" in render.stdout
    assert not list((workspace.root / "output").iterdir())


# --- forms ------------------------------------------------------------------------------------------------


def broken_form(ws: Workspace, change: Callable[[dict], None]) -> Path:
    export_forms(ws, ["career_profile"])
    path = ws.form_folders[0] / "career_profile.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def section(data: dict, section_id: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == section_id)


FORM_CASES: dict[str, tuple[Callable[[dict], None], list[str]]] = {
    "required section dropped": (
        lambda d: d["sections"].remove(section(d, "skills")),
        ["the required section 'skills' (Skills) is missing"],
    ),
    "required section made optional": (
        lambda d: section(d, "skills").update(required=False),
        ["sections.skills", "keep 'required: true'"],
    ),
    "question for a field that does not exist": (
        lambda d: section(d, "strengths")["fields"].append({"field": "strenghts_notes", "question": "Notes?"}),
        ["has no field 'strenghts_notes'"],
    ),
    "misspelt field": (
        lambda d: section(d, "skills")["fields"][0].update(field="skils"),
        ["has no field 'skils' (did you mean 'skills'?)"],
    ),
    "choice the model does not allow": (
        lambda d: section(d, "disclosure")["fields"][0].update(choices={"full": "Tell everyone", "al_of_it": "All"}),
        ["the choice 'al_of_it' is not one the record allows"],
    ),
    "unknown key": (
        lambda d: section(d, "skills").update(titel="Skills"),
        ["sections[", "titel", "not part of the form (did you mean 'title'?)"],
    ),
}


@pytest.mark.parametrize("case", list(FORM_CASES))
def test_form_finding(workspace: Workspace, case: str) -> None:
    change, expected = FORM_CASES[case]
    path = broken_form(workspace, change)
    problems = lint_forms(workspace)
    assert_found(problems, path, expected)


def test_forms_lint_cli_exit_1_and_render_refuses(workspace: Workspace) -> None:
    broken_form(workspace, FORM_CASES["misspelt field"][0])
    lint = run_cli("forms", "lint", cwd=workspace.root)
    assert lint.returncode == 1 and "did you mean 'skills'?" in lint.stderr and "Traceback" not in lint.stderr
    render = run_cli("render", SAMPLE, cwd=workspace.root)
    assert render.returncode == 2 and "did you mean 'skills'?" in render.stderr
    assert not list((workspace.root / "output").iterdir())


def test_form_file_for_no_record_type(workspace: Workspace) -> None:
    (workspace.form_folders[0] / "carrer_profile.yaml").write_text("title: x\n", encoding="utf-8")
    assert "did you mean 'career_profile.yaml'?" in joined(lint_forms(workspace))


def test_lint_outside_a_workspace_checks_the_built_ins(tmp_path: Path) -> None:
    result = run_cli("forms", "lint", cwd=tmp_path)
    assert result.returncode == 0 and "built-in" in result.stdout
    assert find_workspace(start=tmp_path).root is None


def test_an_override_of_a_scoped_block_sees_the_parents_loop_variables_and_nothing_else(tmp_path: Path) -> None:
    """base.html's ``{% block field scoped %}`` sits in the section and field loops: an override may
    use ``field`` and ``section`` there, and a misspelling is still an unknown placeholder."""
    dirs = (tmp_path, ROOT / "templates" / "pdf")
    shape = context_shape(Workspace(), "career_profile", "pdf")
    good = tmp_path / "career_profile.html"
    good.write_text('{% extends "base.html" %}{% block field %}<p>{{ section.title }}: {{ field.label }}</p>'
                    "{{ super() }}{% endblock %}")  # fmt: skip
    assert html_problems(good, shape, dirs) == []
    good.write_text('{% extends "base.html" %}{% block field %}{{ feild.label }}{% endblock %}')
    assert "unknown placeholder: 'feild' (did you mean 'field'?)" in joined(html_problems(good, shape, dirs))
    good.write_text('{% extends "base.html" %}{% block intro %}{{ field.label }}{% endblock %}')
    assert "unknown placeholder: 'field'" in joined(html_problems(good, shape, dirs))  # not scoped there
