"""One record to its documents: context, render, read back, verify, write atomically.

A rendered file whose text does not show every required section is never written: the
template is at fault and the user is told which section it dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..agency import Agency
from ..checks import Finding, data_findings, docx_lines, pdf_pages, rendered_findings, text_lines
from ..errors import Problem, TemplateProblem
from ..forms import FormSpec
from ..models import RecordBase
from ..paths import builtin_dir
from ..store import atomic_write, document_name, inside
from .views import section_views, show_date

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")


@dataclass(frozen=True)
class TemplateSet:
    """Where templates are looked up: agency folders first, the built-in folder last."""

    folders: tuple[Path, ...] = ()

    @property
    def search_path(self) -> tuple[Path, ...]:
        return (*self.folders, builtin_dir("templates"))

    def docx_template(self, record_type: str) -> Path:
        for folder in self.search_path:
            candidate = folder / "docx" / f"{record_type}.docx"
            if candidate.is_file():
                return candidate
        raise TemplateProblem.one(str(builtin_dir("templates") / "docx"), f"no Word template for '{record_type}'")

    @property
    def pdf_dirs(self) -> tuple[Path, ...]:
        return tuple(folder / "pdf" for folder in self.search_path if (folder / "pdf").is_dir())


@dataclass
class RenderedFile:
    format: Format
    path: Path | None
    size: int = 0
    pages: int | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RenderResult:
    """What rendering one record produced and what its checks found."""

    record: RecordBase
    missing: list[Finding]
    files: list[RenderedFile]

    @property
    def ok(self) -> bool:
        return not self.missing and all(not f.problems for f in self.files)


def build_context(record: RecordBase, form: FormSpec, agency: Agency) -> dict[str, Any]:
    """Everything a template may use; ``ipsdocs templates fields`` documents each name."""
    sections = section_views(record, form)
    day = record.document_date
    return {
        "agency": agency.as_context(),
        "document": {"type": form.record_type, "title": form.title, "rule": form.rule or "", "intro": form.intro or ""},
        "record_id": record.record_id,
        "person_name": record.person.name,
        "person_line": f"{record.person.name} · Record {record.record_id}",
        "client_id": record.person.client_id,
        "staff_name": record.staff.name,
        "staff_role": record.staff.role,
        "document_date": show_date(day) if day else "",
        "sections": sections,
        "fields": {f.name: f for s in sections for f in s.fields},
        "confidentiality_notice": agency.confidentiality_notice,
    }


def running_texts(context: dict[str, Any]) -> list[str]:
    """Texts the templates repeat on every page; not content under a heading."""
    return [
        context["agency"]["name"],
        context["agency"]["contact_line"],
        context["confidentiality_notice"],
        context["person_line"],
        context["document"]["title"],
    ]


def render_bytes(
    fmt: Format, record: RecordBase, form: FormSpec, context: dict[str, Any], templates: TemplateSet, agency: Agency
) -> bytes:
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(templates.docx_template(record.record_type), context, form.title, agency.logo)
    from .pdf import html_to_pdf, render_html

    pdf_dirs = templates.pdf_dirs
    html = render_html(pdf_dirs, f"{record.record_type}.html", context)
    logos = (agency.logo,) if agency.logo else ()
    return html_to_pdf(html, pdf_dirs[0], pdf_dirs, logos)


def read_back(fmt: Format, data: bytes) -> tuple[list[str], int | None]:
    """The file's text lines, and its page count (PDF only: Word lays out pages when opened)."""
    if fmt == "docx":
        return docx_lines(data), None
    pages = pdf_pages(data)
    return text_lines(pages), len(pages)


def render_record(
    record: RecordBase,
    form: FormSpec,
    out_dir: Path,
    formats: Sequence[Format] = FORMATS,
    agency: Agency | None = None,
    templates: TemplateSet | None = None,
) -> RenderResult:
    """Render one record in each format, verify each file, and write the sound ones."""
    agency = agency or Agency()
    templates = templates or TemplateSet()
    context = build_context(record, form, agency)
    result = RenderResult(record, data_findings(record, form, context["sections"]), [])
    for fmt in formats:
        name = document_name(record.record_type, record.record_id, record.document_date, fmt)
        try:
            data = render_bytes(fmt, record, form, context, templates, agency)
        except TemplateProblem as exc:
            result.files.append(RenderedFile(fmt, None, problems=exc.problems))
            continue
        lines, pages = read_back(fmt, data)
        lost = rendered_findings(lines, form, running_texts(context))
        if lost:
            where = str(out_dir / name)
            problems = [Problem(where, f"not written: {finding}") for finding in lost]
            result.files.append(RenderedFile(fmt, None, problems=problems))
            continue
        path = atomic_write(inside(out_dir, name), data)
        result.files.append(RenderedFile(fmt, path, len(data), pages))
    return result
