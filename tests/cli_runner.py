"""Run the real ``ipsdocs`` command as a person does, in a subprocess; shared by the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Wide, colourless output; a traceback is a failure whatever the exit code (no IPSDOCS_DEBUG)."""
    env = {**os.environ, "COLUMNS": "500", "NO_COLOR": "1"}
    env.pop("IPSDOCS_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "ipsdocs", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result
