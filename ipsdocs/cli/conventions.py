"""What people expect of a click/typer command line: ``RECORD...`` and ``DIR`` in the help rather than
``{records}...`` and ``<path>``, and shell completion of record types, draft ids and paths.

Kept light (no pydantic, no models) so that ``ipsdocs --help`` and every completion stay quick: the
record types are the names of the built-in forms, one per type (a test keeps them equal to the models).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.core import TyperCommand

from ipsdocs.paths import builtin_dir

_TYPE_WORDS = {"path": "PATH", "int": "INTEGER", "float": "NUMBER", "str": "TEXT", "bool": "BOOLEAN"}


def record_types() -> list[str]:
    """Every record type, from the built-in forms (``forms/<record_type>.yaml``)."""
    return sorted(path.stem for path in builtin_dir("forms").glob("*.yaml"))


def record_types_help(before: str) -> str:
    """A help text followed by the record types, so ``--help`` shows what a TYPE may be."""
    return f"{before} One of: {', '.join(record_types())}."


class Command(TyperCommand):
    """A typer command whose help names arguments and values as click tools do."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if getattr(param, "param_type_name", "") == "argument":
                name = argument_metavar(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            if getattr(param, "param_type_name", "") == "argument":
                arguments.append((argument_metavar(param), param.help or ""))
                continue
            record = param.get_help_record(ctx)
            if record is not None:
                options.append((_conventional(record[0]), record[1]))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def argument_metavar(param: Any) -> str:
    """``RECORD...`` for a list of records, ``TYPE`` for a record type: the metavar, else the name in capitals."""
    name = param.metavar or param.name.upper()
    return name if param.nargs == 1 or name.endswith("...") else f"{name}..."


def _conventional(option: str) -> str:
    """``--workers <int>`` -> ``--workers INTEGER``, ``--format <docx|pdf|all>`` -> ``--format [docx|pdf|all]``."""

    def word(match: re.Match[str]) -> str:
        inner = match.group(1)
        if "|" in inner:
            return f"[{inner}]"
        return _TYPE_WORDS.get(inner.lower(), inner.upper())

    return re.sub(r"<([^<>]+)>", word, option)


def use_conventions(app: Any) -> None:
    """Every command of ``app`` and of its sub-apps uses ``Command`` (also commands added by others)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_conventions(group.typer_instance)


# --- shell completion ----------------------------------------------------------------------------


def complete_record_type(incomplete: str) -> list[str]:
    return [name for name in record_types() if name.startswith(incomplete)]


def complete_interview(ctx: Any, incomplete: str) -> list[str]:
    """A record type to start, or with ``--resume`` also a draft id of the workspace."""
    found = complete_record_type(incomplete)
    if ctx.params.get("resume"):
        found += [draft for draft in draft_ids(ctx.params.get("workspace")) if draft.startswith(incomplete)]
    return found


def draft_ids(workspace: Path | None) -> list[str]:
    """The ids of the drafts that can be resumed (nothing when there is no workspace here)."""
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.errors import IpsdocsError
    from ipsdocs.interview.drafts import DRAFT_SUFFIX, DRAFTS_FOLDER

    try:
        folder = find_workspace(workspace).records_dir / DRAFTS_FOLDER
    except IpsdocsError:
        return []
    return sorted(path.name.removesuffix(DRAFT_SUFFIX) for path in folder.glob(f"*{DRAFT_SUFFIX}"))
