"""PDFs use the fonts shipped in templates/pdf/fonts: the same bytes whatever fonts the machine has,
and Chinese, Japanese, Korean and emoji drawn with real glyphs (issue 12, item 2)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import validate_record
from ipsdocs.render.document import render_record
from ipsdocs.render.pdf_facts import host_fonts, pdf_fonts
from tests.system_tools import require_font, require_tool

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "darnell-price" / "discharge_plan.yaml"
RENDER = """
import sys
from pathlib import Path
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import load_record
from ipsdocs.render.document import render_record
record = load_record(Path(sys.argv[1])).record
result = render_record(record, load_form(record.record_type), Path(sys.argv[2]), ("pdf",))
sys.stdout.write(str(result.files[0].path))
"""


def fontconfig_file(tmp_path: Path, name: str, folders: list[str]) -> Path:
    """A Fontconfig set-up of our own: only these font folders, nothing of the host's."""
    conf = tmp_path / f"{name}.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in folders)
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig>{dirs}<cachedir>{tmp_path / name}-cache</cachedir></fontconfig>"
    )
    return conf


def render_with_fonts(tmp_path: Path, name: str, folders: list[str]) -> bytes:
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp_path, name, folders))}
    out = tmp_path / name
    path = subprocess.run(
        [sys.executable, "-c", RENDER, str(SAMPLE), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return Path(path).read_bytes()


def test_same_pdf_bytes_with_only_dejavu_and_with_every_font_installed(tmp_path: Path) -> None:
    minimal = render_with_fonts(tmp_path, "dejavu-only", ["/usr/share/fonts/truetype/dejavu"])
    everything = render_with_fonts(tmp_path, "all-fonts", ["/usr/share/fonts", "/usr/local/share/fonts"])
    nothing = render_with_fonts(tmp_path, "no-fonts", [])
    assert minimal == everything == nothing
    assert host_fonts(pdf_fonts(minimal)) == []
    assert "ipsdocs-Sans" in pdf_fonts(minimal)


def _glyphs_for(data: bytes) -> dict[str, set[int]]:
    """Each character the PDF's fonts map back to Unicode, with the glyph ids drawn for it."""
    import io

    from pypdf import PdfReader

    found: dict[str, set[int]] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object().get("/ToUnicode")
            text = cmap.get_object().get_data().decode("latin-1") if cmap is not None else ""
            for glyph, code in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4,8})>", text):
                found.setdefault(bytes.fromhex(code).decode("utf-16-be"), set()).add(int(glyph, 16))
    return found


def test_a_chinese_name_and_an_emoji_are_drawn_with_real_glyphs(tmp_path: Path) -> None:
    require_font("Noto Sans CJK SC", "fonts-noto-cjk")
    data = yaml.safe_load(SAMPLE.read_text())
    data["person"]["name"] = "李小龍"
    data["person_comments"] = "Thank you 😀 — 감사합니다, ありがとう"
    record = validate_record(data, "test")
    result = render_record(record, load_form(record.record_type), tmp_path, ("pdf",))
    pdf = result.files[0].path.read_bytes()  # type: ignore[union-attr]
    glyphs = _glyphs_for(pdf)
    for character in "李小龍감사ありがとう😀":
        assert glyphs.get(character) and 0 not in glyphs[character], character
    require_font("Noto Color Emoji", "fonts-noto-color-emoji")
    assert {"Noto-Sans-CJK-SC", "Noto-Color-Emoji"} <= set(pdf_fonts(pdf))
    pdffonts = require_tool("pdffonts")
    listed = subprocess.run([pdffonts, str(result.files[0].path)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in listed
