"""The conventions of click/typer tools, from the installed command: --version, -h, shell completion,
conventional metavars, --workspace everywhere, record types in the help, each --help at 80 columns;
and where ``demo`` writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ipsdocs.cli.conventions import record_types
from ipsdocs.definitions.models import MODELS
from tests.cli_runner import run_cli

IPSDOCS = Path(sys.executable).with_name("ipsdocs")
installed = pytest.mark.skipif(not IPSDOCS.exists(), reason="the ipsdocs command is not installed in this environment")


def command(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed ``ipsdocs``, as a shell runs it, at 80 columns."""
    environment = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", **env}
    return subprocess.run(
        [str(IPSDOCS), *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=120, check=False
    )


def commands() -> list[list[str]]:
    """Every command and sub-command, read from the help itself (so one added later is checked too)."""
    found: list[list[str]] = []
    for name in _listed(command("--help").stdout):
        sub = _listed(command(name, "--help").stdout)
        found += [[name, s] for s in sub] if sub else [[name]]
    return found


def _listed(help_text: str) -> list[str]:
    if "Commands:" not in help_text:
        return []
    block = help_text.split("Commands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z-]*)\s", block, re.MULTILINE)]


@installed
def test_version_and_short_help() -> None:
    version = command("--version")
    assert version.returncode == 0 and re.fullmatch(r"ipsdocs \d+\.\d+\.\d+\S*\n", version.stdout)
    assert command("-h").stdout == command("--help").stdout
    assert command("render", "-h").stdout == command("render", "--help").stdout
    assert "--install-completion" in command("--help").stdout


@installed
def test_every_help_at_80_columns_uses_conventional_names_and_takes_a_workspace() -> None:
    every = commands()
    assert ["templates", "lint"] in every and ["interview"] in every
    for args in every:
        result = command(*args, "--help")
        text = result.stdout
        assert result.returncode == 0, args
        assert max(len(line) for line in text.splitlines()) <= 80, args
        for python_word in ("{", "<list[", "<path>", "<int>", "<str>", "<float>", "<docx"):
            assert python_word not in text, (args, python_word)
        assert "--workspace DIR" in text, args
        assert "-h, --help" in text, args
        if re.search(r"\bTYPE\b", text.split("\n", 1)[0]):
            assert all(t in " ".join(text.split()) for t in record_types()), args
    render = command("render", "--help").stdout
    assert render.startswith("Usage: ipsdocs render [OPTIONS] RECORD...") and "--out DIR" in render
    assert "--format [docx|pdf|all]" in render
    assert command("schema", "--help").stdout.startswith("Usage: ipsdocs schema [OPTIONS] TYPE")


def test_the_record_types_the_help_lists_are_the_models() -> None:
    assert set(record_types()) == set(MODELS)


@installed
def test_completion_of_record_types_and_draft_ids(tmp_path: Path) -> None:
    def complete(line: str) -> list[str]:
        words = line.split(" ")
        result = command(
            cwd=tmp_path, _IPSDOCS_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1)
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert complete("ipsdocs schema car") == ["career_profile"]
    assert complete("ipsdocs interview disc") == ["discharge_plan", "disclosure_discussion"]
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "X"\n')
    drafts = tmp_path / "records" / ".drafts"
    drafts.mkdir(parents=True)
    (drafts / "disclosure_discussion-RB-1-20260312-101502.draft").write_text("{}")
    assert "disclosure_discussion-RB-1-20260312-101502" in complete("ipsdocs interview --resume disc")
    assert "disclosure_discussion-RB-1-20260312-101502" not in complete("ipsdocs interview disc")


def test_the_generator_describes_its_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ipsdocs.generate", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )
    assert result.returncode == 0 and "fictional people" in result.stdout
    for option in ("--people N", "--seed N", "--broken N", "--out DIR", "--jsonl FILE"):
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(option))
        assert len(line.strip()) > len(option) + 5, f"{option} has no description"


# --- where the demo writes ------------------------------------------------------------------------


def test_demo_writes_into_the_workspace_output_and_never_into_records(tmp_path: Path) -> None:
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.cli.records import demo_folder
    from ipsdocs.errors import IpsdocsError

    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "X"\n')
    (tmp_path / "records" / "RB-1").mkdir(parents=True)
    inside = find_workspace(None, start=tmp_path / "records" / "RB-1")
    assert demo_folder(None, inside).resolve() == (tmp_path / "output" / "demo").resolve()
    with pytest.raises(IpsdocsError, match="records folder"):
        demo_folder(tmp_path / "records" / "demo", inside)
    refused = run_cli("demo", "--out", tmp_path / "records" / "x", cwd=tmp_path / "records")
    assert refused.returncode == 2 and "do not belong in the records folder" in refused.stderr
    assert not (tmp_path / "records" / "x").exists() and not (tmp_path / "records" / "output").exists()
    assert demo_folder(None, find_workspace(None, start=Path("/"))) == Path("output") / "demo"
