"""Real documents from the sample records, read back with python-docx and pypdf."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from ipsdocs.agency.workspace import checked_templates
from ipsdocs.definitions.agency import Agency
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.models import RecordBase
from ipsdocs.definitions.records import load_record
from ipsdocs.render.checks import docx_header_footer_text, docx_lines, pdf_pages, rendered_findings
from ipsdocs.render.document import build_context, render_record
from ipsdocs.render.views import show_date

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in {".json", ".yaml"})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, object]:
    out = tmp_path_factory.mktemp("docs")
    results = {}
    for path in SAMPLES:
        record = load_record(path).record
        results[path] = render_record(record, load_form(record.record_type), out)
    return results


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_sample_renders_complete_in_both_formats(sample: Path, rendered: dict[Path, object]) -> None:
    result = rendered[sample]
    record = result.record  # type: ignore[attr-defined]
    form = load_form(record.record_type)
    assert result.missing == []  # type: ignore[attr-defined]
    files = {f.format: f for f in result.files}  # type: ignore[attr-defined]
    assert set(files) == {"docx", "pdf"} and all(not f.problems for f in files.values())

    docx_bytes = files["docx"].path.read_bytes()
    lines = docx_lines(docx_bytes)
    for number, section in enumerate(form.sections, 1):
        assert f"{number}. {section.title}" in lines
    assert rendered_findings(lines, form) == []
    header = docx_header_footer_text(docx_bytes)
    running = build_context(record, form, Agency())["person_line"]
    if isinstance(record, RecordBase):
        assert running == f"{record.person.name} · Record {record.record_id}"
    elif hasattr(record, "specialist"):  # a specialist's record (an employer contact) names the specialist
        assert running == f"{record.specialist.name} · Record {record.record_id}"
    else:  # a program's record (fidelity review, action plan) names the program, not a person
        assert running == f"{record.program.name} · Record {record.record_id}"
    assert running in header
    assert "CONFIDENTIAL" in header

    pages = pdf_pages(files["pdf"].path.read_bytes())
    assert files["pdf"].pages == len(pages)
    for index, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert running in flat
        assert f"Page {index} of {len(pages)}" in flat
        assert "CONFIDENTIAL" in flat
    text = " ".join(" ".join(pages).split())
    for number, section in enumerate(form.sections, 1):
        assert f"{number}. {section.title}" in text
    assert files["docx"].path.name.startswith(f"{record.record_type}_")


def test_career_profile_content_and_formatting(rendered: dict[Path, object]) -> None:
    sample = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
    result = rendered[sample]
    files = {f.format: f.path for f in result.files}  # type: ignore[attr-defined]
    document = Document(str(files["docx"]))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Morning or daytime shifts, ending by 3 pm" in bullets
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "food service and retail" in bold
    jobs = document.tables[3] if len(document.tables) > 3 else None
    table_text = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Harbor Street Bakery" in table_text and "$14.25" in table_text
    assert jobs is not None
    # Eight columns do not fit a portrait page: in Word each job is a label/answer card, no word broken.
    assert max(len(t.columns) for t in document.tables) <= 3
    cards = [[(row.cells[0].text, row.cells[1].text) for row in t.rows] for t in document.tables]
    assert [("Employer", "Greenway Grocers"), ("Job title", "Cashier"), ("Start date", "04/15/2019")] in [
        card[:3] for card in cards
    ]
    pdf_text = " ".join(" ".join(pdf_pages(files["pdf"].read_bytes())).split())
    assert "A small team & a steady routine" in pdf_text
    assert show_date(result.record.completed_on) in pdf_text  # type: ignore[attr-defined]


def test_same_record_gives_identical_bytes(tmp_path: Path) -> None:
    record = load_record(ROOT / "samples" / "darnell-price" / "discharge_plan.yaml").record
    form = load_form(record.record_type)
    first = render_record(record, form, tmp_path / "a")
    second = render_record(record, form, tmp_path / "b")
    for a, b in zip(first.files, second.files, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.format


def test_incomplete_record_is_rendered_and_reported(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((ROOT / "samples" / "marisol-vega" / "career_profile.yaml").read_text())
    del data["strengths"], data["skills"]
    from ipsdocs.definitions.records import validate_record

    record = validate_record(data, "x")
    result = render_record(record, load_form("career_profile"), tmp_path)
    assert [(f.section, f.field) for f in result.missing] == [("Strengths", "Strengths"), ("Skills", "Skills")]
    pdf = next(f.path for f in result.files if f.format == "pdf")
    assert "Not recorded" in " ".join(pdf_pages(pdf.read_bytes()))


def test_template_that_drops_a_required_section_is_not_written(tmp_path: Path) -> None:
    agency = tmp_path / "templates"
    (agency / "pdf").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "pdf" / "style.css", agency / "pdf" / "style.css")
    base = (ROOT / "templates" / "pdf" / "base.html").read_text()
    dropped = base.replace("{% for section in sections %}", "{% for section in sections if section.id != 'skills' %}")
    assert dropped != base
    (agency / "pdf" / "career_profile.html").write_text(dropped)
    (agency / "docx").mkdir()
    original = Document(str(ROOT / "templates" / "docx" / "career_profile.docx"))
    for paragraph in original.paragraphs:
        if paragraph.text == "{%p for section in sections %}":
            paragraph.runs[0].text = "{%p for section in sections if section.id != 'goals' %}"
    original.save(str(agency / "docx" / "career_profile.docx"))

    record = load_record(ROOT / "samples" / "marisol-vega" / "career_profile.yaml").record
    out = tmp_path / "out"
    result = render_record(record, load_form("career_profile"), out, templates=checked_templates((agency,)))
    problems = {f.format: " ".join(str(p) for p in f.problems) for f in result.files}
    assert "Skills" in problems["pdf"] and "not written" in problems["pdf"]
    assert "Goals" in problems["docx"]
    assert not out.exists() or not list(out.iterdir())


def test_built_in_word_templates_are_reproducible_from_source() -> None:
    from tools.build_templates import build

    for path in sorted((ROOT / "templates" / "docx").glob("*.docx")):
        rebuilt = Document(io.BytesIO(build(path.stem)))
        committed = Document(str(path))
        assert [p.text for p in rebuilt.paragraphs] == [p.text for p in committed.paragraphs]
        assert [s.name for s in rebuilt.styles] == [s.name for s in committed.styles]


def test_file_names_are_safe() -> None:
    from ipsdocs.store import document_name

    name = document_name("career_profile", "A/../../etc x#1", None, "pdf")
    assert re.fullmatch(r"career_profile_[A-Za-z0-9._-]+_undated\.pdf", name)
    assert "/" not in name and ".." not in name.split("_")[1].split("-")[0]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "may not use"),
        ("{{ person_nmae }}", "unknown placeholder: 'person_nmae'"),
        ("{% for x in sections %}", "template syntax error"),
    ],
)
def test_broken_or_unsafe_templates_are_refused(tmp_path: Path, template: str, message: str) -> None:
    agency = tmp_path / "templates"
    (agency / "pdf").mkdir(parents=True)
    (agency / "pdf" / "career_profile.html").write_text(template)
    (agency / "docx").mkdir()
    document = Document()
    document.add_paragraph(f"Intro {template}")
    document.save(str(agency / "docx" / "career_profile.docx"))
    record = load_record(ROOT / "samples" / "marisol-vega" / "career_profile.yaml").record
    out = tmp_path / "out"
    result = render_record(record, load_form("career_profile"), out, templates=checked_templates((agency,)))
    for file in result.files:
        assert file.path is None
        assert message in " ".join(str(p) for p in file.problems), file.format
    assert not out.exists() or not list(out.iterdir())


def test_an_open_admission_says_so_instead_of_not_recorded(rendered: dict[Path, object]) -> None:
    """The form's ``if_empty`` wording replaces "Not recorded" where an empty answer means something."""
    result = rendered[ROOT / "samples" / "marisol-vega" / "admission_discharge.json"]
    files = {f.format: f.path for f in result.files}  # type: ignore[attr-defined]
    wording = "None yet: the person is still served (open admission)"
    assert wording in " ".join(docx_lines(files["docx"].read_bytes()))
    assert wording in " ".join(" ".join(pdf_pages(files["pdf"].read_bytes())).split())
