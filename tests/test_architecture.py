"""The house: packages layered in the order of the flow, no import cycles, public names kept.

``lint-imports`` (import-linter) checks the contracts in ``pyproject.toml``; these tests show
that the contracts hold on the real tree and that they bite when an upward import or a cycle is
added to a copy of it.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ipsdocs

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=300,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ipsdocs", tmp_path / "ipsdocs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold_on_the_tree() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n{line}\n")


def test_an_upward_import_breaks_the_layers(tree_copy: Path) -> None:
    """A model that reaches up into rendering (the ring this contract was written to end)."""
    _append(tree_copy / "ipsdocs/definitions/models/career_profile.py", "from ipsdocs.render import views  # noqa")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "layered in the order of the flow BROKEN" in result.stdout
    assert "ipsdocs.definitions.models.career_profile -> ipsdocs.render.views" in result.stdout


def test_a_lazy_import_inside_a_function_counts_too(tree_copy: Path) -> None:
    """Render calling the linter from inside a function was one of the circles."""
    _append(tree_copy / "ipsdocs/render/docx.py", "def _lint():\n    from ipsdocs.agency import lint  # noqa")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "ipsdocs.render.docx -> ipsdocs.agency.lint" in result.stdout


def test_a_cycle_between_two_modules_of_one_package_breaks_the_acyclic_contract(tree_copy: Path) -> None:
    """batch.run and batch.finish imported each other until their shared types moved to batch.options."""
    _append(tree_copy / "ipsdocs/batch/plan.py", "from ipsdocs.batch import run  # noqa")
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    assert "No import cycles between the modules of any package BROKEN" in result.stdout


PUBLIC_NAMES = {
    "Agency", "BatchOptions", "DocumentBase", "DraftStore", "FormError", "FormSpec", "Interview",
    "IpsdocsError", "Jurisdiction", "MODELS", "Problem", "RecordBase", "RecordError", "RenderResult",
    "ScriptedAsker", "TemplateProblem", "TemplateSet", "Workspace", "build_context", "compare",
    "find_workspace", "generate", "init_workspace", "known_jurisdictions", "lint_forms", "lint_templates",
    "load_form", "load_jurisdiction", "load_manifest", "load_record", "load_scale", "person_findings",
    "render_record", "results", "run_batch", "validate_record", "verify",
}  # fmt: skip


def test_every_public_name_is_there_and_importable() -> None:
    """A move can never silently drop a name the README or an agency's script uses."""
    assert set(ipsdocs.__all__) == PUBLIC_NAMES
    for name in PUBLIC_NAMES:
        assert getattr(ipsdocs, name) is not None, name


def test_importing_ipsdocs_loads_no_heavy_library() -> None:
    """``ipsdocs --help`` stays instant: weasyprint, docxtpl and matplotlib load only when a document renders."""
    heavy = "('weasyprint', 'docxtpl', 'matplotlib', 'docx')"
    code = f"import sys, ipsdocs, ipsdocs.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "package", ["definitions", "interview", "agency", "render", "evidence", "reports", "batch", "cli"]
)
def test_every_package_says_what_it_owns_and_may_use(package: str) -> None:
    module = importlib.import_module(f"ipsdocs.{package}")
    assert module.__doc__ and len(module.__doc__.split()) > 8
    if package != "cli":
        assert "use" in module.__doc__.lower()
