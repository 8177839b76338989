"""An agency, from an empty folder: init, export, edit the career profile in Word (python-docx,
as a person would: new wording, a moved paragraph, a restyled heading) and its PDF template,
lint, render — and find its logo and its words in both documents."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt, RGBColor

from ipsdocs.render.checks import docx_header_footer_text, docx_lines, pdf_lines
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "marisol-vega"
LOGO_SIZE = (240, 80)


def make_logo(path: Path) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", LOGO_SIZE, (31, 58, 95))
    ImageDraw.Draw(image).ellipse((8, 8, 72, 72), fill=(240, 180, 40))
    image.save(path, "PNG")
    return path.read_bytes()


def edit_in_word(path: Path) -> None:
    """What a person does in Word: retype the intro, move the rule under the title, restyle headings."""
    document = Document(str(path))
    paragraphs = {p.text: p for p in document.paragraphs}
    intro = paragraphs["{{ document.intro }}"]
    intro.runs[0].text = "Written together with {{ person_name }} at Harbor Clinic."
    rule = paragraphs["Documentation rule: {{ document.rule }}"]
    rule.runs[0].text = "The rule we follow: {{ document.rule }}"
    intro._p.addnext(rule._p)  # cut and paste: the rule now sits right under the introduction
    heading = document.styles["Heading 1"]
    heading.font.size, heading.font.color.rgb = Pt(16), RGBColor(0x8B, 0x1A, 0x1A)
    closing = document.add_paragraph("Reviewed with the person on ")
    closing.add_run("{{ document_date }}").italic = True
    closing.add_run(".")
    section = document.sections[0]
    section.left_margin = section.right_margin = Pt(54)
    document.save(str(path))


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("empty") / "harbor"
    root.mkdir()
    assert not any(root.iterdir())
    assert run_cli("init", "--name", "Harbor Clinic", cwd=root).returncode == 0
    logo = make_logo(root / "logo.png")
    settings = (root / "ipsdocs.toml").read_text()
    settings = settings.replace('address = ""', 'address = "12 Quay Street, Wilmington, NC 28401"')
    settings = settings.replace('phone = ""', 'phone = "(910) 555-0199"').replace('logo = ""', 'logo = "logo.png"')
    (root / "ipsdocs.toml").write_text(settings)

    export = run_cli("templates", "export", "career_profile", cwd=root)
    assert export.returncode == 0 and "templates/docx/career_profile.docx" in export.stdout
    edit_in_word(root / "templates" / "docx" / "career_profile.docx")
    html = root / "templates" / "pdf" / "career_profile.html"
    html.write_text(
        html.read_text()
        + '{% block intro %}<p class="intro">Written together with {{ person_name }} at Harbor Clinic.</p>'
        "<p>The rule we follow: {{ document.rule }}</p>{% endblock %}\n{% block rule %}{% endblock %}\n"
    )
    css = root / "templates" / "pdf" / "style.css"
    css.write_text(css.read_text() + "\nh2 { color: #8b1a1a; font-size: 14pt; }\n")

    lint = run_cli("templates", "lint", cwd=root)
    assert lint.returncode == 0, (lint.stdout, lint.stderr)
    shutil.copy(SAMPLES / "career_profile.yaml", root / "records" / "career_profile.yaml")
    shutil.copy(SAMPLES / "employment_plan.yaml", root / "records" / "employment_plan.yaml")
    render = run_cli("render", "records/career_profile.yaml", "records/employment_plan.yaml", cwd=root)
    assert render.returncode == 0, (render.stdout, render.stderr)
    out = root / "output" / "RB-100482"  # a folder per person (issue 12.4)
    return {
        "logo": logo,
        "docx": next(out.glob("career_profile_*.docx")),
        "pdf": next(out.glob("career_profile_*.pdf")),
        "plan_pdf": next(out.glob("employment_plan_*.pdf")),
    }


def test_word_document_has_the_agencys_words_layout_and_logo(agency: dict[str, object]) -> None:
    data = Path(agency["docx"]).read_bytes()  # type: ignore[arg-type]
    lines = docx_lines(data)
    assert lines[1] == "Written together with Marisol Vega at Harbor Clinic."
    assert lines[2].startswith("The rule we follow: NC IPS-SE service definition")
    assert lines.index("1. Person and profile sessions") > 2
    assert lines[-1] == "Reviewed with the person on March 19, 2026."
    assert not any(line.startswith("Documentation rule:") for line in lines)
    header = docx_header_footer_text(data)
    for text in ("Harbor Clinic", "12 Quay Street, Wilmington, NC 28401 · (910) 555-0199", "Marisol Vega"):
        assert text in header
    document = Document(io.BytesIO(data))
    heading = document.styles["Heading 1"]
    assert heading.font.size == Pt(16) and heading.font.color.rgb == RGBColor(0x8B, 0x1A, 0x1A)
    images = [p.blob for p in document.sections[0].header.part.related_parts.values() if "image" in p.content_type]
    assert images == [agency["logo"]]


def test_pdf_has_the_agencys_words_and_logo(agency: dict[str, object]) -> None:
    from pypdf import PdfReader

    data = Path(agency["pdf"]).read_bytes()  # type: ignore[arg-type]
    text = " ".join(pdf_lines(data))
    for fragment in (
        "Harbor Clinic",
        "12 Quay Street, Wilmington, NC 28401 · (910) 555-0199",
        "Written together with Marisol Vega at Harbor Clinic.",
        "The rule we follow: NC IPS-SE service definition",
    ):
        assert fragment in text
    assert "Documentation rule:" not in text
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert [image.image.size for image in page.images] == [LOGO_SIZE]


def test_types_not_overridden_use_the_built_in_with_the_agencys_branding(agency: dict[str, object]) -> None:
    text = " ".join(pdf_lines(Path(agency["plan_pdf"]).read_bytes()))  # type: ignore[arg-type]
    assert "Harbor Clinic" in text and "Documentation rule:" in text and "Written together" not in text
