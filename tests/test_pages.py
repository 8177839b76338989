"""Pages an agency signs (issue 12, item 3), shown by the text read back from the written files:
the signature block is never split nor alone on a page, the header keeps the agency's line apart
from the title and person line, and no record id or phone number breaks across lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from ipsdocs.agency.workspace import find_workspace
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.render.checks import docx_header_footer_text, pdf_body_pages, pdf_pages, text_lines
from ipsdocs.render.document import render_record

ROOT = Path(__file__).resolve().parents[1]
LONG_ID = "RB-100482-20261201"
AGENCY = "Riverbend Behavioral Health — IPS Supported Employment"
PHONE = "(910) 555-0199"


@pytest.fixture(scope="module")
def ny_workspace(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("ny")
    Image.new("RGB", (240, 120), "#1f3a5f").save(root / "logo.png")
    (root / "ipsdocs.toml").write_text(
        f'jurisdiction = "ny"\n[agency]\nname = "{AGENCY}"\naddress = "120 River Road, Raleigh, NC 27601"\n'
        f'phone = "{PHONE}"\nlogo = "logo.png"\n'
    )
    return find_workspace(root)


def render(workspace, record, out: Path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    form = workspace.form(record.record_type)
    result = render_record(
        record, form, out, ("docx", "pdf"), workspace.agency, workspace.templates, workspace.jurisdiction
    )
    assert all(not f.problems for f in result.files), [str(p) for f in result.files for p in f.problems]
    return {f.format: f.path.read_bytes() for f in result.files}  # type: ignore[union-attr]


def signature_pages(pdf: bytes, signers: list[str]) -> list[int]:
    """The page of each signer's line."""
    pages = [" ".join(page.split()) for page in pdf_body_pages(pdf)]
    return [next(i for i, page in enumerate(pages) if f"{signer} —" in page) for signer in signers]


@pytest.mark.parametrize(
    "sample", ["marisol-vega/admission_discharge.json", "marisol-vega/employment_plan.yaml"], ids=lambda s: s
)
def test_signature_block_is_whole_and_kept_with_the_section_before(ny_workspace, sample: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = load_record(ROOT / "samples" / sample).record
    files = render(ny_workspace, record, tmp_path)
    signers = [record.person.name, record.staff.name]
    (page,) = set(signature_pages(files["pdf"], signers))
    lines = text_lines(pdf_body_pages(files["pdf"])[page : page + 1])
    heading = next(i for i, line in enumerate(lines) if line.endswith("Signatures"))
    assert heading > 0, f"page {page + 1} holds only the signature block: {lines}"


def test_header_keeps_ids_and_phone_whole_and_the_title_apart(ny_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((ROOT / "samples" / "marisol-vega" / "admission_discharge.json").read_text())
    data["record_id"] = LONG_ID
    record = validate_record(data, "test")
    files = render(ny_workspace, record, tmp_path)
    person_line = f"{record.person.name} · Record {LONG_ID}"
    for page in pdf_pages(files["pdf"]):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        assert any(person_line in line for line in lines), lines[:6]
        assert any(PHONE in line for line in lines), lines[:6]
        assert not any(line.endswith(("· Record", " RB-", "RB-100482-", "(910)")) for line in lines), lines[:6]
    header = [" ".join(line.split()) for line in docx_header_footer_text(files["docx"]).splitlines()]
    title = ny_workspace.form("admission_discharge").title
    agency_line = next(line for line in header if AGENCY in line)
    assert PHONE in agency_line and title not in agency_line
    assert f"{title} {person_line}" in header
