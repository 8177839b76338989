"""One record to its documents: context, render, read back, verify, write atomically.

A rendered file whose text does not show every required section is never written: the
template is at fault and the user is told which section it dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from ipsdocs.definitions.agency import Agency
from ipsdocs.definitions.forms import FormSpec
from ipsdocs.definitions.jurisdiction import Jurisdiction, load_jurisdiction
from ipsdocs.definitions.models import DocumentBase, RecordBase
from ipsdocs.errors import Problem, TemplateProblem
from ipsdocs.paths import builtin_dir
from ipsdocs.render.checks import Finding, data_findings, docx_lines, pdf_body_pages, rendered_findings, text_lines
from ipsdocs.render.limits import RenderLimits
from ipsdocs.render.program_context import program_extras
from ipsdocs.render.views import FieldView, SectionView, field_view, frozen, section_views, show_date
from ipsdocs.store import atomic_write, document_name, inside

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")


TemplateCheck = Callable[[Format, "Path | str", dict[str, Any], tuple[Path, ...]], list[Problem]]
"""The agency's template lint for one template against one document's context (``agency.lint``)."""


@dataclass(frozen=True)
class TemplateSet:
    """Where templates are looked up: agency folders first, the built-in folder last.

    An agency's templates come with ``check``, the agency package's lint, which the workspace
    hands over (``Workspace.templates``); rendering never imports the linter. Agency folders
    without a check are refused: nothing renders an agency template that lint has not seen.
    """

    folders: tuple[Path, ...] = ()
    check: TemplateCheck | None = None

    @property
    def search_path(self) -> tuple[Path, ...]:
        return (*self.folders, builtin_dir("templates"))

    def docx_template(self, record_type: str) -> Path:
        """The first Word template for the type; a link or a file outside its folder is refused, not skipped."""
        from ipsdocs.render.jinja import TemplateRefused, describe_template_error, template_file

        for folder in self.search_path:
            try:
                candidate = template_file(folder / "docx", f"{record_type}.docx")
            except TemplateRefused as exc:
                raise TemplateProblem.one(str(exc.path), describe_template_error(exc)) from None
            if candidate is not None:
                return candidate
        raise TemplateProblem.one(str(builtin_dir("templates") / "docx"), f"no Word template for '{record_type}'")

    def template_path(self, fmt: Format, record_type: str) -> Path:
        """The file a document of this type and format is made from (for messages)."""
        if fmt == "docx":
            return self.docx_template(record_type)
        from ipsdocs.render.jinja import TemplateRefused, template_file

        for folder in self.pdf_dirs:
            try:
                found = template_file(folder, f"{record_type}.html")
            except TemplateRefused as exc:
                return exc.path
            if found is not None:
                return found
        return builtin_dir("templates") / "pdf" / f"{record_type}.html"

    @property
    def pdf_dirs(self) -> tuple[Path, ...]:
        return tuple(folder / "pdf" for folder in self.search_path if (folder / "pdf").is_dir())

    def refuse_unlinted(self, fmt: Format, record_type: str, context: dict[str, Any]) -> None:
        """An agency's template that fails lint is refused with lint's messages, before it renders.

        Built-in templates are linted by the test suite, not on every render.
        """
        if fmt == "docx":
            template: Path | str = self.docx_template(record_type)
            if template.resolve().is_relative_to(builtin_dir("templates").resolve()):
                return
        elif not any((folder / "pdf").is_dir() for folder in self.folders):
            return
        else:
            template = f"{record_type}.html"
        if self.check is None:
            where = str(self.folders[0]) if self.folders else str(template)
            raise TemplateProblem.one(
                where, "these agency templates have not been checked; render through the workspace"
            )
        problems = self.check(fmt, template, context, self.pdf_dirs)
        if problems:
            raise TemplateProblem(problems)


@dataclass
class RenderedFile:
    format: Format
    path: Path | None
    size: int = 0
    pages: int | None = None
    problems: list[Problem] = field(default_factory=list)
    pdf: dict[str, Any] = field(default_factory=dict)
    """A PDF's variant (``pdf/ua-1``, ``pdf/a-3a``) and embedded fonts, for the manifest (``pdf_facts``)."""


@dataclass
class RenderResult:
    """What rendering one record produced and what its checks found."""

    record: RecordBase
    missing: list[Finding]
    files: list[RenderedFile]

    @property
    def ok(self) -> bool:
        return not self.missing and all(not f.problems for f in self.files)


def build_context(
    record: DocumentBase, form: FormSpec, agency: Agency, jurisdiction: Jurisdiction | None = None
) -> dict[str, Any]:
    """Everything a template may use; ``ipsdocs templates fields`` documents each name.

    Plain data only (``render/views.py``): text, numbers, yes/no, read-only mappings and tuples, and
    the frozen views; built once per document and shared by both formats, lint and the field list.
    A program's record (a fidelity review) has no person: its person keys are blank, and its own
    extras (``program_context``: derived totals, levels, dates under ``jurisdiction``'s rules) are added.
    """
    sections = section_views(record, form)
    day = record.document_date
    person = record.person if isinstance(record, RecordBase) else None
    staff = record.staff if isinstance(record, RecordBase) else getattr(record, "specialist", None)
    owner = person.name if person else (staff.name if staff else None)  # a specialist's record names them
    context = {
        "agency": agency.as_context(),
        "document": {"type": form.record_type, "title": form.title, "rule": form.rule or "", "intro": form.intro or ""},
        "record_id": record.record_id,
        "person_name": person.name if person else "",
        "person_line": f"{owner} · Record {record.record_id}" if owner else f"Record {record.record_id}",
        "client_id": person.client_id if person else "",
        "staff_name": staff.name if staff else "",
        "staff_role": staff.role if staff else "",
        "document_date": show_date(day) if day else "",
        "sections": tuple(sections),
        "fields": all_fields(record, form, sections),
        "confidentiality_notice": agency.confidentiality_notice,
    }
    context.update(program_extras(record, jurisdiction or load_jurisdiction()))
    return {name: frozen(value) for name, value in context.items()}


def all_fields(record: RecordBase, form: FormSpec, sections: Sequence[SectionView]) -> Mapping[str, FieldView]:
    """Every field of the form by name, also those whose ``when`` does not hold (shown empty), so a
    template that names a field works for every record, not only for those where it applies."""
    shown = {f.name: f for s in sections for f in s.fields}
    return MappingProxyType(
        {
            spec.field: shown.get(spec.field) or field_view(record, section, spec, applies=False)
            for section, spec in form.fields()
        }
    )


def pdf_variant(archival: bool) -> str:
    """Every PDF is tagged PDF/UA-1; ``--archival`` makes it PDF/A-3a (archival and tagged) instead."""
    from ipsdocs.render.pdf import ACCESSIBLE, ARCHIVAL

    return ARCHIVAL if archival else ACCESSIBLE


def render_and_read(
    fmt: Format,
    record: RecordBase,
    form: FormSpec,
    context: dict[str, Any],
    templates: TemplateSet,
    agency: Agency,
    archival: bool = False,
) -> tuple[bytes, list[str], int | None]:
    """The file's bytes, its body's text lines and page count; PDF text comes from the pages just laid out."""
    templates.refuse_unlinted(fmt, record.record_type, context)
    if fmt == "docx":
        from ipsdocs.render.docx import render_docx

        data = render_docx(templates.docx_template(record.record_type), context, form.title, agency.logo)
        lines, count = read_back(fmt, data)
        return data, lines, count
    from ipsdocs.render.pdf import html_to_pdf_pages, render_html

    pdf_dirs = templates.pdf_dirs
    html = render_html(pdf_dirs, f"{record.record_type}.html", context)
    logos = (agency.logo,) if agency.logo else ()
    attached = record_attachment(record) if archival and agency.attach_record_to_archival else ()
    data, pages = html_to_pdf_pages(
        html, pdf_dirs[0], pdf_dirs, logos, pdf_variant(archival), attached, title=form.title
    )
    if pages is None:  # the laid-out pages could not be read: read the file back instead
        lines, count = read_back(fmt, data)
        return data, lines, count
    return data, text_lines(pages), len(pages)


def render_limited(
    fmt: Format,
    record: RecordBase,
    form: FormSpec,
    context: dict[str, Any],
    templates: TemplateSet,
    agency: Agency,
    document: str = "",
    limits: RenderLimits | None = None,
    archival: bool = False,
) -> tuple[bytes, list[str], int | None]:
    """``render_and_read`` within the time and memory limits (``render/limits.py``); a template they
    stop is a ``TemplateProblem`` naming the template and the document, and the next document goes on."""
    from ipsdocs.render.limits import Stopped, current, run_limited

    limits = limits or current()
    args = (fmt, record, form, context, templates, agency, archival)
    outcome = run_limited(render_and_read, args, limits, prepare=(warm_up, (fmt,)))
    if isinstance(outcome, Stopped):
        try:
            where = str(templates.template_path(fmt, record.record_type))
        except TemplateProblem as error:
            raise error from None
        raise TemplateProblem.one(where, stopped_message(outcome, limits, document or record.record_id))
    return outcome


def stopped_message(stopped: Any, limits: RenderLimits, document: str) -> str:
    if stopped.reason == "time":
        return (
            f"stopped after {limits.seconds:g} s making {document} (the time limit; --time-limit changes it): "
            "the template may loop without end"
        )
    if stopped.reason == "memory":
        return (
            f"stopped making {document}: it needed more than {limits.memory_bytes >> 20} MiB of memory "
            "(the memory limit); the template may build text without end"
        )
    if stopped.reason == "crash":
        return f"the renderer stopped unexpectedly while making {document} (out of memory?)"
    return f"could not make {document} (unexpected {stopped.detail}; an ipsdocs defect: please report it)"


def warm_up(fmt: Format) -> None:
    """Load the format's library once in the process that renders, outside any document's time limit."""
    if fmt == "docx":
        from ipsdocs.render.docx import warm_up as docx_warm_up

        docx_warm_up()
    else:
        from ipsdocs.render.pdf import warm_up as pdf_warm_up

        pdf_warm_up()


def read_back(fmt: Format, data: bytes) -> tuple[list[str], int | None]:
    """The body's text lines, and the page count (PDF only: Word lays out pages when opened)."""
    if fmt == "docx":
        return docx_lines(data), None
    pages = pdf_body_pages(data)
    return text_lines(pages), len(pages)


def render_record(
    record: RecordBase,
    form: FormSpec,
    out_dir: Path,
    formats: Sequence[Format] = FORMATS,
    agency: Agency | None = None,
    templates: TemplateSet | None = None,
    jurisdiction: Jurisdiction | None = None,
    limits: RenderLimits | None = None,
    archival: bool = False,
) -> RenderResult:
    """Render one record in each format, verify each file, and write the sound ones; each document
    within the time and memory limits (default: ``render.limits.current()``).

    PDFs are tagged PDF/UA-1, or PDF/A-3a when ``archival``."""
    agency = agency or Agency()
    templates = templates or TemplateSet()
    context = build_context(record, form, agency, jurisdiction)
    result = RenderResult(record, data_findings(record, form, context["sections"]), [])
    for fmt in formats:
        name = document_name(record.record_type, record.record_id, record.document_date, fmt)
        try:
            data, lines, pages = render_limited(fmt, record, form, context, templates, agency, name, limits, archival)
        except TemplateProblem as exc:
            result.files.append(RenderedFile(fmt, None, problems=exc.problems))
            continue
        lost = rendered_findings(lines, form)
        if lost:
            where = str(out_dir / name)
            problems = [Problem(where, f"not written: {finding}") for finding in lost]
            result.files.append(RenderedFile(fmt, None, problems=problems))
            continue
        path = atomic_write(inside(out_dir, name), data)
        result.files.append(RenderedFile(fmt, path, len(data), pages, pdf=pdf_facts(fmt, data, archival)))
    return result


def record_attachment(record: DocumentBase) -> tuple[tuple[str, bytes]]:
    """The record's data as an archival PDF's embedded file (only when the agency turns it on)."""
    name = f"{record.record_type}_{record.record_id}.json"
    return ((name, record.model_dump_json(indent=2).encode()),)


def pdf_facts(fmt: Format, data: bytes, archival: bool) -> dict[str, Any]:
    """What the manifest says of a PDF: its variant and the fonts it embeds (none for Word)."""
    if fmt != "pdf":
        return {}
    from ipsdocs.render.pdf_facts import host_fonts, pdf_fonts

    fonts = pdf_fonts(data)
    return {"variant": pdf_variant(archival), "fonts": fonts, "host_fonts": host_fonts(fonts)}
