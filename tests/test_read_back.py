"""The read-back check tells the running header and footer from the body by where text is, never by
what it says (issue 19): an answer may repeat the person line, the agency's name, the document's
title or the confidentiality notice, and the document is still written and complete."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ipsdocs.definitions.agency import Agency
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import validate_record
from ipsdocs.render.checks import docx_lines, pdf_pages
from ipsdocs.render.document import build_context, render_record

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
AGENCY = Agency(name="Riverbend Behavioral Health", address="120 River Road, Raleigh, NC 27601")
ODD_NAME = "Smith & Sons <Ltd> \"quoted\" 'single' a<b>c"


def record_whose_strengths_are(text: str, name: str = "Marisol Vega"):  # type: ignore[no-untyped-def]
    data = yaml.safe_load(SAMPLE.read_text())
    data["strengths"] = text
    data["person"]["name"] = name
    return validate_record(data, "test")


def running_text(which: str, record) -> str:  # type: ignore[no-untyped-def]
    context = build_context(record, load_form("career_profile"), AGENCY)
    return {
        "person line": context["person_line"],
        "agency name": context["agency"]["name"],
        "document title": context["document"]["title"],
        "confidentiality notice": context["confidentiality_notice"],
    }[which]


@pytest.mark.parametrize("which", ["person line", "agency name", "document title", "confidentiality notice"])
def test_an_answer_equal_to_a_running_text_is_content(which: str, tmp_path: Path) -> None:
    text = running_text(which, record_whose_strengths_are("placeholder"))
    record = record_whose_strengths_are(text)
    result = render_record(record, load_form("career_profile"), tmp_path, agency=AGENCY)
    assert result.missing == []
    for file in result.files:
        assert file.problems == [] and file.path is not None, (file.format, file.problems)
    files = {f.format: f.path.read_bytes() for f in result.files}  # type: ignore[union-attr]
    body = docx_lines(files["docx"])
    assert body[body.index("5. Strengths") + 1] == " ".join(text.split())
    assert " ".join(text.split()) in " ".join(" ".join(pdf_pages(files["pdf"])).split())


def test_a_person_named_like_the_only_answer(tmp_path: Path) -> None:
    """The issue's case: the person's name is also the one line under Strengths."""
    record = record_whose_strengths_are(ODD_NAME, name=ODD_NAME)
    result = render_record(record, load_form("career_profile"), tmp_path, agency=AGENCY)
    assert result.ok, [str(p) for f in result.files for p in f.problems]
    assert {f.format for f in result.files if f.path} == {"docx", "pdf"}


def test_a_truly_empty_required_section_is_still_refused(tmp_path: Path) -> None:
    """Only the running header and footer follow the empty section's heading: that is no content."""
    from ipsdocs.render.checks import rendered_findings

    form = load_form("career_profile")
    lines = ["5. Strengths", "6. Barriers", "Transportation"]
    findings = rendered_findings(lines, form)
    assert any(f.section == "Strengths" and "no content" in f.message for f in findings)
