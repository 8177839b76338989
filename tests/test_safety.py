"""Safety tests: hostile answers, control characters, metadata, file modes and bad input.

Everything here renders real documents (Word via docxtpl, PDF via WeasyPrint) and reads
their text back; nothing is mocked.
"""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import load_record
from ipsdocs.errors import RecordError
from ipsdocs.render.checks import docx_header_footer_text, docx_lines, pdf_lines
from ipsdocs.render.document import RenderResult, render_record
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "marisol-vega"
CAREER = SAMPLES / "career_profile.yaml"
ADMISSION = SAMPLES / "admission_discharge.json"

HOSTILE = (
    "Smith & Sons <b>bold</b> \"quoted\" 'single' {{ 7*7 }} {%p if x %} "
    "<script>alert(1)</script> ![x](file:///etc/passwd) [link](file:///etc/passwd)"
)
CONTROL_CHARS = "\x00\x0b\x1f\x07\x0c"
SECRET = "SECRET-VALUE-123"


def sample(path: Path = CAREER) -> dict[str, Any]:
    """A fresh, mutable copy of a sample record."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write_record(folder: Path, name: str, data: dict[str, Any]) -> Path:
    """Write ``data`` as YAML (or JSON for a .json name) and return the path."""
    path = folder / name
    if path.suffix == ".json":
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def render(path: Path, out: Path) -> RenderResult:
    record = load_record(path).record
    return render_record(record, load_form(record.record_type), out, ("docx", "pdf"))


def written(result: RenderResult) -> dict[str, Path]:
    """Format to path of every file written; fails with the problems if one was not."""
    files: dict[str, Path] = {}
    for file in result.files:
        assert not file.problems, [str(p) for p in file.problems]
        assert file.path is not None
        files[file.format] = file.path
    assert set(files) == {"docx", "pdf"}
    return files


def joined(lines: list[str]) -> str:
    return "\n".join(lines)


def passwd_marker() -> bytes:
    """The start of /etc/passwd's first line, or a stand-in when it cannot be read."""
    try:
        first = Path("/etc/passwd").read_bytes().splitlines()[0]
    except (OSError, IndexError):
        return b"root:x:0:0:"
    return first.split(b":")[0] + b":"


# --- 1. injection --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    data = sample()
    data["strengths"] = f"{HOSTILE}\n\nSecond paragraph of strengths.\n"
    data["person"]["name"] = HOSTILE
    data["signatures"][0]["signer"] = "Marisol Vega"
    return written(render(write_record(folder, "hostile.yaml", data), folder / "out"))


LITERAL = ("Smith & Sons", "<b>bold</b>", "{{ 7*7 }}", "{%p if x %}", "<script>alert(1)</script>")


def assert_literal(text: str, lines: list[str]) -> None:
    """Typed text comes out as typed, and the section after it is still there."""
    for fragment in (*LITERAL, "Second paragraph of strengths."):
        assert fragment in text
    assert any(line.startswith("6.") and "Barriers" in line for line in lines)


def test_hostile_text_is_literal_in_docx(hostile_files: dict[str, Path]) -> None:
    data = hostile_files["docx"].read_bytes()
    text = joined(docx_lines(data)) + "\n" + docx_header_footer_text(data)
    assert_literal(text, docx_lines(data))


def test_hostile_text_is_literal_in_pdf(hostile_files: dict[str, Path]) -> None:
    lines = pdf_lines(hostile_files["pdf"].read_bytes())
    text = " ".join(lines)
    assert_literal(text, lines)


def test_hostile_text_is_not_evaluated(hostile_files: dict[str, Path]) -> None:
    for path in hostile_files.values():
        data = path.read_bytes()
        lines = docx_lines(data) if path.suffix == ".docx" else pdf_lines(data)
        assert not any("Smith & Sons" in line and "49" in line for line in lines)


def test_no_local_file_is_embedded_or_linked(hostile_files: dict[str, Path]) -> None:
    from pypdf import PdfReader

    marker = passwd_marker()
    docx_bytes = hostile_files["docx"].read_bytes()
    pdf_bytes = hostile_files["pdf"].read_bytes()
    assert marker not in pdf_bytes
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        for name in archive.namelist():
            assert marker not in archive.read(name), name
            assert not name.startswith("word/media/") or name.endswith((".png", ".jpeg", ".jpg", ".gif"))
    assert marker not in joined(docx_lines(docx_bytes)).encode()
    assert marker not in joined(pdf_lines(pdf_bytes)).encode()

    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert not reader.attachments
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                uri = str(action.get_object().get("/URI", ""))
                assert not uri.startswith("file:"), uri
    assert b"/URI (file:" not in pdf_bytes


# --- 2. control characters -----------------------------------------------------------------


def test_control_characters_are_removed(tmp_path: Path) -> None:
    data = sample()
    data["strengths"] = f"Friendly{CONTROL_CHARS}with customers and punctual."
    data["interests"] = f"Baking{CONTROL_CHARS}at home."
    path = write_record(tmp_path, "control.yaml", data)
    record = load_record(path).record
    assert not any(ch in record.strengths for ch in CONTROL_CHARS)  # type: ignore[attr-defined]
    files = written(render_record(record, load_form(record.record_type), tmp_path / "out"))
    docx_text = joined(docx_lines(files["docx"].read_bytes()))
    pdf_text = joined(pdf_lines(files["pdf"].read_bytes()))
    for text in (docx_text, pdf_text):
        assert "Friendly" in text
        assert "punctual" in text
        assert not any(ch in text for ch in CONTROL_CHARS)


# --- 3. metadata ---------------------------------------------------------------------------


def test_metadata_names_the_document_not_the_person(tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    files = written(render(CAREER, tmp_path))
    secrets = ("Marisol", "Vega", "RB-100482", "CP-2026-0141")

    metadata = PdfReader(files["pdf"]).metadata
    assert metadata is not None
    assert metadata.title == "Career Profile"
    for value in metadata.values():
        assert not any(s in str(value) for s in secrets), value

    core = Document(str(files["docx"])).core_properties
    assert core.title == "Career Profile"
    for value in (
        core.title,
        core.author,
        core.comments,
        core.subject,
        core.keywords,
        core.last_modified_by,
        core.category,
        core.identifier,
    ):
        assert not any(s in (value or "") for s in secrets), value


# --- 4. file modes and names ---------------------------------------------------------------


def test_files_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        files = written(render(CAREER, tmp_path / "out"))
    finally:
        os.umask(old)
    for path in files.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700


def test_traversal_record_id_stays_inside_out_dir(tmp_path: Path) -> None:
    data = sample()
    data["record_id"] = "A/../../etc x#1"
    out = tmp_path / "deep" / "out"
    files = written(render(write_record(tmp_path, "traversal.yaml", data), out))
    for path in files.values():
        assert path.resolve().parent == out.resolve()
        assert all(ch.isalnum() or ch in "._-" for ch in path.name), path.name
        assert path.name not in {".", ".."}
    assert not (tmp_path / "etc").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files.values())


# --- 5. bad input through the CLI ----------------------------------------------------------


def bad_career(tmp_path: Path, name: str, change: dict[str, Any]) -> Path:
    data = sample()
    data.update(change)
    return write_record(tmp_path, name, data)


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str, str]]:
    """Name to (file, field path expected in the message or "", value that must not be echoed)."""
    future = (date.today() + timedelta(days=400)).isoformat()
    admission = json.loads(ADMISSION.read_text(encoding="utf-8"))
    admission["criterion_b_areas"] = ["crisis"]
    malformed_json = tmp_path / "malformed.json"
    malformed_json.write_text('{"record_type": "career_profile", "strengths": "SECRET-VALUE-123",,}', encoding="utf-8")
    malformed_yaml = tmp_path / "malformed.yaml"
    malformed_yaml.write_text("record_type: career_profile\nstrengths: [SECRET-VALUE-123\n  : : x\n", encoding="utf-8")
    extra = sample()
    extra["secret_field_xyz"] = SECRET
    return {
        "missing file": (tmp_path / "nowhere.yaml", "", ""),
        "malformed json": (malformed_json, "", SECRET),
        "malformed yaml": (malformed_yaml, "", SECRET),
        "unknown type": (bad_career(tmp_path, "unknown.yaml", {"record_type": SECRET}), "record_type", SECRET),
        "future date": (bad_career(tmp_path, "future.yaml", {"admission_date": future}), "admission_date", future),
        "wrong enum": (
            bad_career(tmp_path, "enum.yaml", {"disclosure_preference": SECRET}),
            "disclosure_preference",
            SECRET,
        ),
        "extra field": (write_record(tmp_path, "extra.yaml", extra), "secret_field_xyz", SECRET),
        "one criterion b area": (
            write_record(tmp_path, "admission.json", admission),
            "criterion_b_areas",
            "",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing file",
        "malformed json",
        "malformed yaml",
        "unknown type",
        "future date",
        "wrong enum",
        "extra field",
        "one criterion b area",
    ],
)
@pytest.mark.parametrize("command", ["check", "render"])
def test_bad_input_is_reported_without_values(tmp_path: Path, case: str, command: str) -> None:
    path, field, secret = bad_inputs(tmp_path)[case]
    args: list[str | Path] = [command, path] + (["--out", tmp_path / "out"] if command == "render" else [])
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert str(path) in result.stderr
    if field:
        assert field in result.stderr
    if secret:
        assert secret not in result.stderr + result.stdout


def test_bad_input_raises_record_error_with_field(tmp_path: Path) -> None:
    path = bad_career(tmp_path, "enum.yaml", {"disclosure_preference": SECRET})
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert caught.value.exit_code == 2
    assert [p.field for p in caught.value.problems] == ["disclosure_preference"]
    assert all(p.where == str(path) for p in caught.value.problems)
    assert SECRET not in str(caught.value)


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = bad_career(tmp_path, "enum.yaml", {"disclosure_preference": SECRET})
    good_yaml = SAMPLES / "employment_plan.yaml"
    out = tmp_path / "out"
    result = run_cli("render", CAREER, bad, ADMISSION, good_yaml, "--out", out, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert str(bad) in result.stderr
    assert SECRET not in result.stderr + result.stdout
    names = sorted(p.name for p in out.rglob("*") if p.is_file())  # in the person's folder (issue 12.4)
    for prefix in ("career_profile_", "admission_discharge_", "employment_plan_"):
        for suffix in (".docx", ".pdf"):
            assert any(n.startswith(prefix) and n.endswith(suffix) for n in names), (prefix, suffix, names)
    assert not any(n.startswith(".") or n.endswith(".part") for n in names), names


# --- 6. check ------------------------------------------------------------------------------


def test_check_complete_sample_exits_0(tmp_path: Path) -> None:
    result = run_cli("check", CAREER, cwd=tmp_path)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "OK" in result.stdout


def test_check_incomplete_sample_exits_1(tmp_path: Path) -> None:
    data = sample()
    del data["strengths"]
    path = write_record(tmp_path, "incomplete.yaml", data)
    result = run_cli("check", path, cwd=tmp_path)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Strengths" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# --- 7. agency templates: sandbox escapes, local files, the network ------------------------------
# The escapes Jinja's sandbox documentation names: internal and private attributes (``__class__``,
# ``__globals__``, ``_TemplateReference__context``), format-string attacks (``str.format``),
# changing data in the immutable sandbox, huge ranges; plus names a template might hope for
# (``config``, ``os``) and files outside the template folder.

SANDBOX_ESCAPES = {
    "class hierarchy": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "function globals": "{{ cycler.__init__.__globals__.os.environ }}",
    "lipsum globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "private attribute": "{{ self._TemplateReference__context }}",
    "attr filter": "{{ sections|attr('__class__') }}",
    "format string": "{{ '{0.__class__.__mro__}'.format(person_name) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': person_name}) }}",
    "changing a list": "{{ sections.append(sections) }}",
    "changing a dict": "{{ agency.update({'name': 'x'}) }}",
    "huge range": "{% for i in range(1000000000) %}.{% endfor %}",
    "environment": "{{ os.environ }}",
    "settings": "{{ config.items() }}",
    "absolute include": "{% include '/etc/passwd' %}",
    "relative include": "{% include '../../../../../../etc/passwd' %}",
}


def agency_templates(folder: Path, fragment: str, fmt: str) -> Path:
    """A workspace-like template folder whose career profile template carries ``fragment``."""
    import shutil

    from docx import Document

    templates = folder / "templates"
    if fmt == "pdf":
        (templates / "pdf").mkdir(parents=True)
        shutil.copy(ROOT / "templates" / "pdf" / "style.css", templates / "pdf")
        base = (ROOT / "templates" / "pdf" / "base.html").read_text()
        (templates / "pdf" / "career_profile.html").write_text(base.replace("</h1>", "</h1>" + fragment, 1))
    else:
        (templates / "docx").mkdir(parents=True)
        document = Document(str(ROOT / "templates" / "docx" / "career_profile.docx"))
        document.add_paragraph(fragment)
        document.save(str(templates / "docx" / "career_profile.docx"))
    return templates


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("escape", list(SANDBOX_ESCAPES))
def test_sandbox_escapes_are_refused(tmp_path: Path, escape: str, fmt: str) -> None:
    from ipsdocs.agency.workspace import checked_templates

    templates = agency_templates(tmp_path, SANDBOX_ESCAPES[escape], fmt)
    record = load_record(CAREER).record
    out = tmp_path / "out"
    result = render_record(record, load_form("career_profile"), out, (fmt,), templates=checked_templates((templates,)))  # type: ignore[arg-type]
    (file,) = result.files
    assert file.path is None and file.problems
    message = " ".join(str(p) for p in file.problems)
    assert str(templates) in message
    assert any(
        words in message
        for words in (
            "may not use",
            "unknown placeholder",
            "not a template in the template folder",
            "cannot use other template files",
            "at most",
        )
    ), message
    assert passwd_marker().decode() not in message and os.environ.get("HOME", "~~") not in message
    assert not out.exists() or not list(out.iterdir())


class _Counter:
    """A local web server that counts every request it gets: a PDF must make none."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[str] = []
        counter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                counter.requests.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def web() -> Any:
    server = _Counter()
    yield server
    server.close()


def test_pdf_template_fetches_nothing_outside_its_folder(tmp_path: Path, web: _Counter) -> None:
    from pypdf import PdfReader

    from ipsdocs.agency.workspace import checked_templates

    fragment = (
        f'<img src="{web.url}/logo.png"><link rel="stylesheet" href="{web.url}/x.css">'
        f'<style>@import url("{web.url}/y.css"); h1 {{ background: url("file:///etc/passwd") }}</style>'
        '<img src="file:///etc/passwd"><img src="../../../../../../../../etc/passwd"><img src="linked.png">'
        f'<a rel="attachment" href="file:///etc/passwd">a</a><a rel="attachment" href="{web.url}/att">b</a>'
        '<object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe>'
    )
    templates = agency_templates(tmp_path, fragment, "pdf")
    (templates / "pdf" / "linked.png").symlink_to("/etc/passwd")
    record = load_record(CAREER).record
    result = render_record(
        record, load_form("career_profile"), tmp_path / "out", ("pdf",), templates=checked_templates((templates,))
    )
    (file,) = result.files
    assert file.path is not None, [str(p) for p in file.problems]
    data = file.path.read_bytes()
    assert web.requests == []
    assert passwd_marker() not in data
    assert not PdfReader(io.BytesIO(data)).attachments


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_answers_fetch_nothing_from_the_network(tmp_path: Path, web: _Counter, fmt: str) -> None:
    data = sample()
    data["strengths"] = (
        f"Good with people ![x]({web.url}/a.png) [site]({web.url}/b) <img src='{web.url}/c.png'> "
        f"<link rel='stylesheet' href='{web.url}/d.css'> ![y](file:///etc/passwd) [z](file:///etc/passwd)"
    )
    path = write_record(tmp_path, "net.yaml", data)
    record = load_record(path).record
    result = render_record(record, load_form("career_profile"), tmp_path / "out", (fmt,))  # type: ignore[arg-type]
    (file,) = result.files
    assert file.path is not None, [str(p) for p in file.problems]
    written_bytes = file.path.read_bytes()
    assert web.requests == []
    assert passwd_marker() not in written_bytes
    text = joined(docx_lines(written_bytes) if fmt == "docx" else pdf_lines(written_bytes))
    assert "Good with people" in text
    if fmt == "docx":
        import zipfile

        with zipfile.ZipFile(io.BytesIO(written_bytes)) as archive:
            rels = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
        assert "127.0.0.1" not in rels and "file:" not in rels
    else:
        assert b"127.0.0.1" not in written_bytes


def test_new_parent_folders_are_owner_only_too(tmp_path: Path) -> None:
    """Every folder ipsdocs creates on the way to a record is 0700, not just the last one."""
    from ipsdocs.store import atomic_write

    atomic_write(tmp_path / "records" / "client-1" / "drafts" / "x.yaml", b"a: 1\n")
    for folder in ("records", "records/client-1", "records/client-1/drafts"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
