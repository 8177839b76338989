"""What a batch is asked to do and what it did: shared by the run, its finish and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.sources import Failure
from ipsdocs.errors import EXIT_INTERRUPTED, EXIT_OK, Problem
from ipsdocs.errors import EXIT_PROBLEMS as EXIT_SOME_FAILED
from ipsdocs.render.document import Format

DEFAULT_TIME_LIMIT = 120.0


@dataclass
class BatchOptions:
    sources: list[Path]
    out: Path
    formats: tuple[Format, ...] = ("docx", "pdf")
    workers: int | None = None
    workspace: Workspace = field(default_factory=Workspace)
    time_limit: float = DEFAULT_TIME_LIMIT
    zip: bool = False
    archival: bool = False
    """PDF/A-3a instead of PDF/UA-1 (both tagged)."""
    signing_key: Path | None = None
    """The agency's private key (``ipsdocs keys init``): manifest.json is signed with it when set."""
    engine: str = "local"
    """``local`` (a process pool on this machine) or ``dask`` (engine.py)."""
    scheduler: str | None = None
    """``--engine dask``: the address of an existing Dask scheduler; None starts a LocalCluster."""


@dataclass
class DocumentFailure:
    origin: str
    path: str
    format: str
    problems: tuple[Problem, ...]


@dataclass
class BatchOutcome:
    """What the batch did; the CLI reports it and turns it into an exit code."""

    out: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    rendered: int = 0
    kept: int = 0
    removed: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    unusable: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    disk_full: bool = False
    problems: list[Problem] = field(default_factory=list)
    audit_files: list[str] = field(default_factory=list)
    signed_by: str = ""
    """The fingerprint of the key that signed manifest.json; empty when it is not signed."""
    peak_rss_kib: list[int] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.interrupted or self.disk_full)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_OK if not (self.failures or self.unusable or self.problems or self.disk_full) else EXIT_SOME_FAILED
