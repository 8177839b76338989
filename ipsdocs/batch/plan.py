"""Which documents a batch makes, where each goes, and everything its bytes depend on.

A document's ``render_key`` folds together the record's bytes, the template, the form, the
agency's branding and the ipsdocs version: when none of them changed, a second run keeps the
file it already wrote instead of rendering it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ipsdocs.agency.workspace import Workspace
from ipsdocs.batch.manifest import sha256_of
from ipsdocs.batch.sources import SourceRecord
from ipsdocs.definitions.models import MODELS
from ipsdocs.errors import IpsdocsError
from ipsdocs.paths import builtin_dir
from ipsdocs.render.document import Format
from ipsdocs.render.output import person_folder
from ipsdocs.store import document_name


@dataclass(frozen=True)
class DocumentJob:
    """One document to make: a record in one format."""

    index: int
    source: SourceRecord
    format: Format
    relpath: str
    template: str
    template_sha256: str
    render_key: str
    archival: bool = False
    """PDF/A-3a instead of PDF/UA-1: part of the job, so every engine's workers make the same file."""

    @property
    def folder(self) -> str:
        return self.relpath.rpartition("/")[0]


def ipsdocs_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ipsdocs")
    except PackageNotFoundError:
        return "unknown"


class Planner:
    """Builds the jobs; templates, forms and branding are hashed once per type, not per record."""

    def __init__(self, workspace: Workspace, archival: bool = False) -> None:
        self.workspace = workspace
        self.archival = archival
        self.version = ipsdocs_version()
        self._templates = workspace.templates
        agency = workspace.agency
        logo = sha256_of(agency.logo) if agency.logo and agency.logo.is_file() else ""
        self._agency_digest = _digest(repr(agency), logo)

    def jobs(self, records: Sequence[SourceRecord], formats: Sequence[Format]) -> list[DocumentJob]:
        jobs = []
        for source in records:
            record = source.record
            for fmt in formats:
                name = document_name(record.record_type, record.record_id, record.document_date, fmt)
                template, template_sha = self.template(fmt, record.record_type)
                key = _digest(self.version, source.sha256, fmt, template_sha, self.form_digest(record.record_type))
                key = _digest(key, self._agency_digest, "pdf/a-3a" if self.archival and fmt == "pdf" else "")
                relpath = f"{person_folder(record)}/{name}"
                jobs.append(DocumentJob(len(jobs), source, fmt, relpath, template, template_sha, key, self.archival))
        return jobs

    @cache  # noqa: B019 - one planner per batch
    def form_digest(self, record_type: str) -> str:
        try:
            return _digest(self.workspace.form(record_type).model_dump_json())
        except IpsdocsError:
            return ""

    @cache  # noqa: B019 - one planner per batch
    def template(self, fmt: Format, record_type: str) -> tuple[str, str]:
        """The template a document uses (as shown in the manifest) and the sha256 of what it reads."""
        try:
            if fmt == "docx":
                path = self._templates.docx_template(record_type)
                return self._shown(path), sha256_of(path)
            return self._pdf_template(record_type)
        except (IpsdocsError, OSError):
            return "", ""

    def _pdf_template(self, record_type: str) -> tuple[str, str]:
        """The type's HTML and every shared file beside it (base.html, style.css, fonts, images)."""
        dirs = self._templates.pdf_dirs
        main = next((d / f"{record_type}.html" for d in dirs if (d / f"{record_type}.html").is_file()), None)
        if main is None:
            return "", ""
        others = {f"{t}.html" for t in MODELS if t != record_type}
        digest = hashlib.sha256()
        for place, folder in enumerate(dirs):
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                relative = path.relative_to(folder).as_posix()
                if relative not in others:
                    digest.update(f"{place}:{relative}\0{sha256_of(path)}\0".encode())
        return self._shown(main), digest.hexdigest()

    def _shown(self, path: Path) -> str:
        """``built-in: templates/docx/x.docx`` or ``workspace: templates/...``: no machine-specific paths."""
        root = self.workspace.root
        if root and path.resolve().is_relative_to(root):
            return f"workspace: {path.resolve().relative_to(root).as_posix()}"
        builtin = builtin_dir("templates").resolve()
        if path.resolve().is_relative_to(builtin):
            return f"built-in: templates/{path.resolve().relative_to(builtin).as_posix()}"
        return str(path)


def _digest(*parts: str) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
