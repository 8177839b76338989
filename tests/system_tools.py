"""System tools some tests need: a missing one skips the test with how to install it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

INSTALL = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdffonts": "poppler-utils",
    "fc-list": "fontconfig",
}


def require_tool(tool: str) -> str:
    """The tool's path; the test is skipped, saying how to install it, when it is not there."""
    path = shutil.which(tool)
    if path is None:
        package = INSTALL.get(tool, tool)
        pytest.skip(f"needs '{tool}': run 'make system-deps' as root, or 'apt-get install {package}'")
    return path


def require_font(family: str, package: str) -> None:
    """Skip, saying how to install it, when Fontconfig knows no font of this family."""
    fc_list = require_tool("fc-list")
    found = subprocess.run([fc_list, f":family={family}", "family"], capture_output=True, text=True).stdout
    if not found.strip():
        pytest.skip(f"needs the font '{family}': run 'make system-deps' as root, or 'apt-get install {package}'")
