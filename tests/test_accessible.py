"""Every PDF is tagged (PDF/UA-1) with its language, title and the logo's alternative text, and
``--archival`` writes PDF/A-3a; the manifest says which variant and fonts each PDF has (issue 12,
items 5 and 6). The tags are read back from the written files."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ipsdocs.agency.workspace import find_workspace
from ipsdocs.batch.options import BatchOptions
from ipsdocs.batch.progress import PlainProgress
from ipsdocs.batch.run import run_batch
from ipsdocs.definitions.records import load_record
from ipsdocs.render.checks import pdf_body_pages, rendered_findings, text_lines
from ipsdocs.render.document import render_record
from ipsdocs.render.pdf_facts import pdf_identification
from tests.system_tools import require_tool

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
AGENCY = "Harbor Clinic"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("ws")
    Image.new("RGB", (240, 120), "#1f3a5f").save(root / "logo.png")
    (root / "ipsdocs.toml").write_text(f'[agency]\nname = "{AGENCY}"\nlogo = "logo.png"\n')
    return find_workspace(root)


def render_pdf(workspace, out: Path, archival: bool = False) -> bytes:  # type: ignore[no-untyped-def]
    record = load_record(SAMPLE).record
    form = workspace.form(record.record_type)
    result = render_record(record, form, out, ("pdf",), workspace.agency, workspace.templates, archival=archival)
    assert result.ok, [str(p) for f in result.files for p in f.problems]
    return result.files[0].path.read_bytes()  # type: ignore[union-attr]


def structure(data: bytes) -> list[tuple[str, dict]]:
    """Every structure element of the tag tree, in reading order: (type, its dictionary)."""
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    found: list[tuple[str, dict]] = []

    def walk(kid) -> None:  # type: ignore[no-untyped-def]
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, list):
            for k in kid:
                walk(k)
        elif isinstance(kid, dict) and "/S" in kid:
            found.append((str(kid["/S"]), kid))
            walk(kid.get("/K", []))

    walk(root["/StructTreeRoot"].get_object()["/K"])
    return found


def test_pdf_is_tagged_with_headings_lists_tables_language_title_and_alt_text(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = render_pdf(workspace, tmp_path)
    pdfinfo = require_tool("pdfinfo")
    info = subprocess.run([pdfinfo, "-"], input=data, capture_output=True).stdout.decode()
    assert "Tagged:          yes" in info and "Title:           Career Profile" in info
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == "en" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    tags = structure(data)
    kinds = {kind for kind, _ in tags}
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TR", "/TH", "/TD"} <= kinds
    # The logo (alt: the agency's name) is in the running header, a page margin box, which WeasyPrint
    # keeps out of the tag tree like the rest of the header; any figure in the body has its alt text.
    assert all(element.get("/Alt") for kind, element in tags if kind == "/Figure")
    headers = [e for kind, e in tags if kind == "/TH"]
    assert headers and all(e["/A"]["/O"] == "/Table" for e in headers)
    assert pdf_identification(data) == {"tagged": True, "pdfua_part": "1"}


def test_the_written_pdf_body_leaves_the_running_header_and_footer_out(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Read back from the file (not the layout): the body is what the tag tree holds."""
    data = render_pdf(workspace, tmp_path)
    body = text_lines(pdf_body_pages(data))
    assert body[0] == "Career Profile" and "5. Strengths" in body
    assert not any(AGENCY in line or "CONFIDENTIAL" in line or line.startswith("Page ") for line in body)
    record = load_record(SAMPLE).record
    assert rendered_findings(body, workspace.form(record.record_type)) == []


def test_archival_pdf_is_pdfa_3a_tagged_and_reproducible(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = render_pdf(workspace, tmp_path / "a", archival=True)
    assert render_pdf(workspace, tmp_path / "b", archival=True) == first
    assert pdf_identification(first) == {"tagged": True, "pdfa_part": "3", "pdfa_conformance": "A"}
    root = PdfReader(io.BytesIO(first)).trailer["/Root"]
    assert "/OutputIntents" in root


def test_archival_batch_manifest_names_each_pdfs_variant_and_fonts(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    options = BatchOptions([SAMPLE], tmp_path / "audit", ("pdf",), 1, workspace, archival=True)
    outcome = run_batch(options, lambda total: PlainProgress(total, every=3600))
    assert outcome.exit_code == 0
    (entry,) = json.loads((tmp_path / "audit" / "manifest.json").read_text())["documents"]
    assert entry["pdf"]["variant"] == "pdf/a-3a"
    assert "ipsdocs-Sans" in entry["pdf"]["fonts"] and entry["pdf"]["host_fonts"] == []
    data = (tmp_path / "audit" / entry["path"]).read_bytes()
    assert pdf_identification(data)["pdfa_part"] == "3"
    summary = (tmp_path / "audit" / "audit-summary.pdf").read_bytes()  # every PDF ipsdocs writes is tagged
    assert pdf_identification(summary) == {"tagged": True, "pdfua_part": "1"}


def test_archival_pdf_embeds_the_record_only_when_the_agency_turns_it_on(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert PdfReader(io.BytesIO(render_pdf(workspace, tmp_path / "off", archival=True))).attachments == {}
    root = tmp_path / "ws"
    root.mkdir()
    (root / "logo.png").write_bytes((workspace.root / "logo.png").read_bytes())
    (root / "ipsdocs.toml").write_text(
        f'[agency]\nname = "{AGENCY}"\nlogo = "logo.png"\nattach_record_to_archival = true\n'
    )
    turned_on = find_workspace(root)
    data = render_pdf(turned_on, tmp_path / "on", archival=True)
    (name,) = PdfReader(io.BytesIO(data)).attachments
    (embedded,) = PdfReader(io.BytesIO(data)).attachments[name]
    assert name == "career_profile_CP-2026-0141.json"
    assert json.loads(embedded)["record_id"] == "CP-2026-0141"
    assert pdf_identification(data)["pdfa_part"] == "3"
    assert render_pdf(turned_on, tmp_path / "again", archival=True) == data
    assert PdfReader(io.BytesIO(render_pdf(turned_on, tmp_path / "plain"))).attachments == {}
