"""Issue 11 (Trust), items 6, 8 and 9: hostile files never stop a run, a manifest cannot be forged,
and no answer, key or file name can steer the terminal or a spreadsheet.

Every case runs the real ``ipsdocs`` command in a real workspace on a real hostile file, and
asserts what was refused, that nothing leaked, and that the other files of the same command
were still processed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml

from ipsdocs.agency.init import init_workspace
from ipsdocs.batch.manifest import LOCK_NAME, SIGNATURE_NAME, load_manifest, manifest_bytes
from ipsdocs.definitions.readers import Unreadable, parse_json, parse_yaml
from ipsdocs.render.text import markdown_to_html
from tests.cli_runner import ROOT, run_cli

SAMPLES = ROOT / "samples" / "marisol-vega"
CAREER = SAMPLES / "career_profile.yaml"
DISCLOSURE = SAMPLES / "disclosure_discussion.yaml"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"


def sample(path: Path = CAREER) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def hostile_records(folder: Path) -> dict[str, Path]:
    """One good record and one of each hostile kind, each with its own record id."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"good": folder / "good.yaml"}
    shutil.copy(CAREER, files["good"])
    files["deep_json"] = folder / "deep.json"
    files["deep_json"].write_text("[" * 100_000 + "]" * 100_000)
    for name, text in (("deep_quote", ">" * 19000 + " deep"), ("deep_list", "- " * 9000 + "deep")):
        data = sample()
        data["record_id"] = f"CP-{name}"
        data["strengths"] = text
        files[name] = dump(folder / f"{name}.yaml", data)
    consent = DISCLOSURE.read_text(encoding="utf-8").replace(
        "employer_contact_consent: true", "employer_contact_consent: false\nemployer_contact_consent: true"
    )
    files["duplicate_yaml"] = folder / "duplicate.yaml"
    files["duplicate_yaml"].write_text(consent, encoding="utf-8")
    data = sample()
    data["record_id"] = "CP-dup-json"
    text = json.dumps(data, default=str, indent=1)
    files["duplicate_json"] = folder / "duplicate.json"
    files["duplicate_json"].write_text(text.replace('\n "strengths"', '\n "barriers": "again",\n "strengths"', 1))
    files["tab"] = folder / "tab.yaml"
    files["tab"].write_text(CAREER.read_text(encoding="utf-8").replace("\n  name:", "\n\tname:", 1))
    return files


def line_of(path: Path, text: str, nth: int = 1) -> int:
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return lines[nth - 1]


def assert_refused(stderr: str, files: dict[str, Path]) -> None:
    """Each hostile file is one clear line naming it; nothing is "unexpected"."""
    assert "unexpected problem" not in stderr and "Traceback" not in stderr
    lines = stderr.splitlines()

    def about(key: str) -> list[str]:
        return [line for line in lines if f"{files[key].name}:" in line]

    assert about("deep_json") == [
        f"error: {files['deep_json']}: nested too deeply (more than 64 levels of lists and mappings)"
    ]
    for key, depth in (("deep_quote", 19000), ("deep_list", 9000)):
        (line,) = about(key)
        assert f"strengths: Strengths: the answer nests lists or quotes {depth} levels deep" in line
    first = line_of(files["duplicate_yaml"], "employer_contact_consent")
    (line,) = about("duplicate_yaml")
    assert f"the key 'employer_contact_consent' is given twice (lines {first} and {first + 1})" in line
    (line,) = about("duplicate_json")
    first, second = line_of(files["duplicate_json"], '"barriers"'), line_of(files["duplicate_json"], '"barriers"', 2)
    assert f"the key 'barriers' is given twice (lines {first} and {second})" in line
    (line,) = about("tab")
    assert f"line {line_of(files['tab'], chr(9) + 'name:')} starts with a tab; indent with spaces" in line


def test_check_reports_each_hostile_file_on_one_line_and_checks_the_good_one(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", "Harbor Clinic")
    files = hostile_records(tmp_path / "ws" / "records")
    started = time.monotonic()
    result = run_cli("check", *files.values(), cwd=tmp_path / "ws")
    assert result.returncode == 2, result.stderr
    assert time.monotonic() - started < 60
    assert f"OK          {files['good']}: every required section is complete" in result.stdout
    assert_refused(result.stderr, files)
    assert "Marisol" not in result.stderr  # no answer in any message


def test_render_writes_the_good_record_and_nothing_for_the_hostile_ones(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", "Harbor Clinic")
    files = hostile_records(tmp_path / "ws" / "records")
    result = run_cli("render", *files.values(), "--format", "docx", cwd=tmp_path / "ws")
    assert result.returncode == 2, result.stderr
    assert_refused(result.stderr, files)
    written = sorted(
        str(p.relative_to(tmp_path / "ws" / "output")) for p in (tmp_path / "ws" / "output").rglob("*.docx")
    )
    assert written == ["RB-100482/career_profile_CP-2026-0141_2026-03-19.docx"], written
    assert result.stdout.count("INVALID") == len(files) - 1


def test_batch_lists_hostile_files_and_lines_and_renders_the_rest(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", "Harbor Clinic")
    files = hostile_records(tmp_path / "ws" / "records")
    good = json.dumps(sample(DISCLOSURE), default=str)
    export = tmp_path / "ws" / "export.jsonl"
    export.write_text(
        "\n".join([good, "[" * 100_000 + "]" * 100_000, '{"record_type": "x", "record_type": "y"}']) + "\n"
    )
    result = run_cli("batch", tmp_path / "ws" / "records", export, "--out", tmp_path / "out", "--format", "docx",
                     "--workers", "1", cwd=tmp_path / "ws")  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert_refused(result.stderr, files)
    assert f"error: {export} line 2: nested too deeply" in result.stderr
    assert f"error: {export} line 3: the key 'record_type' is given twice (lines 1 and 1)" in result.stderr
    manifest = load_manifest(tmp_path / "out")
    rendered = sorted(d["record"]["record_id"] for d in manifest["documents"])
    assert rendered == ["CP-2026-0141", "DD-2026-0141-1"], rendered
    assert len(manifest["unusable_records"]) == len(files) - 1 + 2


def test_readers_refuse_what_would_take_the_memory_or_silently_pick_a_value() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    started = time.monotonic()
    with pytest.raises(Unreadable, match="holds more than 1,000,000 values"):
        parse_yaml(laughs)
    assert time.monotonic() - started < 10
    with pytest.raises(Unreadable, match=r"the key 'b' is given twice \(lines 2 and 4\)"):
        parse_json('{"a": {\n "b": 1,\n "c": 2,\n "b": 3}}')
    with pytest.raises(Unreadable, match=r"the key 'name' is given twice \(lines 2 and 3\)"):
        parse_yaml("person:\n  name: a\n  name: b\n")
    with pytest.raises(Unreadable, match="line 2: a colon where none can be"):
        parse_yaml("a: b\nc: d: e\n")
    assert parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  x: 2\n") == {"base": {"x": 1}, "other": {"x": 2}}


def test_markdown_nested_thousands_deep_renders_as_plain_text_quickly() -> None:
    """The model refuses such an answer; the converter itself also never recurses on one."""
    started = time.monotonic()
    html = markdown_to_html(">" * 19000 + " deep")
    assert html.startswith("<p>&gt;&gt;&gt;") and "<blockquote>" not in html
    assert "<ul>" not in markdown_to_html("- " * 9000 + "deep")
    assert time.monotonic() - started < 5
    assert markdown_to_html("- a\n    - b").count("<ul>") == 2  # ordinary nesting still formats


# --- the logo ------------------------------------------------------------------------------------


def png(path: Path, width: int, height: int) -> Path:
    """A black-and-white PNG: a huge picture in a small file, as a decompression bomb is made."""
    rows = b"".join(b"\x00" + b"\x00" * ((width + 7) // 8) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    ("side", "pixels"), [(20000, "400,000,000 pixels"), (12000, "144,000,000 pixels (12000 × 12000)")]
)
def test_a_logo_that_is_a_decompression_bomb_is_refused_with_its_size(tmp_path: Path, side: int, pixels: str) -> None:
    init_workspace(tmp_path, "Harbor Clinic")
    logo = png(tmp_path / "logo.png", side, side)
    assert logo.stat().st_size < 60_000
    settings = tmp_path / "ipsdocs.toml"
    settings.write_text(settings.read_text().replace('logo = ""', 'logo = "logo.png"'))
    started = time.monotonic()
    result = run_cli("render", CAREER, "--format", "docx", cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert f"ipsdocs.toml: agency.logo: the logo 'logo.png' has {pixels}; a logo may have at most 16 million" in line
    assert not list((tmp_path / "output").iterdir())


# --- a read-only output folder -------------------------------------------------------------------


def as_user(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a person without root's right to write anywhere (root drops CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return run_cli(*args, cwd=cwd)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made read-only for root")
    env = {**os.environ, "COLUMNS": "500", "NO_COLOR": "1"}
    env.pop("IPSDOCS_DEBUG", None)
    command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", sys.executable, "-m", "ipsdocs"]
    result = subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env,
                            timeout=300, check=False)  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_batch_into_a_read_only_folder_is_one_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    result = as_user("batch", CAREER, "--out", out, "--format", "docx", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: {out}: cannot write into this folder (permission denied); choose a folder you can write to"
    )
    assert not list(out.iterdir())


def test_batch_with_one_persons_folder_read_only_renders_everyone_else(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(CAREER, records / "marisol.yaml")
    shutil.copy(ROOT / "samples" / "darnell-price" / "career_profile.json", records / "darnell.json")
    first = as_user("batch", records, "--out", tmp_path / "out", "--format", "docx", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    for name in ("marisol.yaml", "darnell.json"):  # both records change: both documents are due again
        path = records / name
        data = sample(path)
        data["staff"]["name"] += " Moore"
        path.write_text(json.dumps(data, default=str) if path.suffix == ".json" else yaml.safe_dump(data))
    locked = tmp_path / "out" / "RB-100482"
    locked.chmod(0o555)
    try:
        again = as_user("batch", records, "--out", tmp_path / "out", "--format", "docx", cwd=tmp_path)
    finally:
        locked.chmod(0o700)
    assert again.returncode == 1
    failed = [line for line in again.stderr.splitlines() if line.startswith("error:")]
    assert len(failed) == 1 and "RB-100482/career_profile_" in failed[0] and "could not be written" in failed[0]
    assert "1 documents failed" in again.stdout and "1 rendered now" in again.stdout


# --- a manifest that cannot be forged ------------------------------------------------------------


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A workspace with the agency's key and one signed batch of one record."""
    root = tmp_path_factory.mktemp("signed")
    init_workspace(root / "ws", "Harbor Clinic")
    made = run_cli("keys", "init", cwd=root / "ws")
    assert made.returncode == 0, made.stderr
    result = run_cli("batch", CAREER, "--out", root / "out", "--format", "docx", "--zip", cwd=root / "ws")
    assert result.returncode == 0, result.stderr
    assert "manifest.json is signed by the agency's key SHA256:" in result.stdout
    return root / "ws", root / "out"


def test_keys_init_keeps_the_private_key_owner_only_and_out_of_the_batch(signed: tuple[Path, Path]) -> None:
    ws, out = signed
    private, public = ws / "keys" / "ipsdocs-signing.key", ws / "keys" / "ipsdocs-signing.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    assert b"PRIVATE KEY" in private.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    for path in [*out.rglob("*"), out.with_name("out.zip")]:
        assert not path.is_file() or b"PRIVATE KEY" not in path.read_bytes(), path
    again = run_cli("keys", "init", cwd=ws)
    assert again.returncode == 2 and "a signing key is already there" in again.stderr
    inside = run_cli("batch", CAREER, "--out", out, "--signing-key", out / "k.key", cwd=ws)
    assert inside.returncode == 2 and "the signing key is inside the batch output" in inside.stderr


def test_verify_checks_the_signature_first_and_names_the_key(signed: tuple[Path, Path]) -> None:
    ws, out = signed
    manifest = load_manifest(out)
    fingerprint = manifest["signing"]["fingerprint"]
    assert (out / SIGNATURE_NAME).is_file() and fingerprint.startswith("SHA256:")
    plain = run_cli("verify", out)
    assert plain.returncode == 0 and f"signed by the key {fingerprint}" in plain.stdout
    given = run_cli("verify", out, "--key", ws / "keys" / "ipsdocs-signing.pub")
    assert given.returncode == 0 and f"signed by the key in {ws / 'keys' / 'ipsdocs-signing.pub'}" in given.stdout


def test_a_file_and_its_hash_changed_together_fail_verification(signed: tuple[Path, Path], tmp_path: Path) -> None:
    ws, out = signed
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    manifest = load_manifest(copy)
    entry = manifest["documents"][0]
    forged = (copy / entry["path"]).read_bytes() + b"forged"
    (copy / entry["path"]).write_bytes(forged)
    entry.update(sha256=hashlib.sha256(forged).hexdigest(), size=len(forged))
    (copy / "manifest.json").write_bytes(manifest_bytes(manifest))
    result = run_cli("verify", copy)
    assert result.returncode == 1
    assert "FAILED: the signature does not match: manifest.json was changed after it was signed" in result.stdout
    # Re-signed with another key (whose public half is put in the manifest): only the agency's key tells.
    other = tmp_path / "other.key"
    assert run_cli("keys", "init", "--key", other, cwd=tmp_path).returncode == 0
    resigned = tmp_path / "resigned"
    result = run_cli("batch", CAREER, "--out", resigned, "--format", "docx", "--signing-key", other, cwd=ws)
    assert result.returncode == 0, result.stderr
    checked = run_cli("verify", resigned, "--key", ws / "keys" / "ipsdocs-signing.pub")
    assert checked.returncode == 1 and "FAILED: signed by the key SHA256:" in checked.stdout
    assert "not by the key in" in checked.stdout


def test_an_unsigned_manifest_verifies_its_hashes_with_a_warning(tmp_path: Path, signed: tuple[Path, Path]) -> None:
    ws, _ = signed
    result = run_cli("batch", CAREER, "--out", tmp_path / "out", "--format", "docx", cwd=tmp_path)
    assert result.returncode == 0 and "manifest.json is not signed" in result.stderr
    assert not (tmp_path / "out" / SIGNATURE_NAME).exists() and "signing" not in load_manifest(tmp_path / "out")
    plain = run_cli("verify", tmp_path / "out")
    assert plain.returncode == 0 and "WARNING: manifest.json is not signed" in plain.stderr
    expected = run_cli("verify", tmp_path / "out", "--key", ws / "keys" / "ipsdocs-signing.pub")
    assert (
        expected.returncode == 1
        and "the manifest is not signed, but a key to check it with was given" in expected.stdout
    )


# --- two batches into one folder ---------------------------------------------------------------------


def test_a_second_batch_into_the_same_folder_is_refused_and_a_crashed_ones_lock_is_taken_over(tmp_path: Path) -> None:
    """Two real ``ipsdocs batch`` processes: the first is paused (SIGSTOP) while it holds the folder."""
    out = tmp_path / "out"
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "ipsdocs", "batch", CAREER, "--out", out, "--format", "docx"]
    first = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out / LOCK_NAME).exists() or not (out / LOCK_NAME).read_text():
            assert time.monotonic() < deadline and first.poll() is None, "the first batch never took the folder"
            time.sleep(0.05)
        first.send_signal(signal.SIGSTOP)
        second = run_cli("batch", CAREER, "--out", out, "--format", "docx", cwd=tmp_path)
        assert second.returncode == 2
        assert f"{out}: another batch is writing into this folder (" in second.stderr
        assert f"process {first.pid}); wait for it to finish, or choose another --out" in second.stderr
        first.send_signal(signal.SIGKILL)  # a crash, while it holds the folder
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()
    assert json.loads((out / LOCK_NAME).read_text())["pid"] == first.pid  # the crash left its lock file
    third = run_cli("batch", CAREER, "--out", out, "--format", "docx", cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert not (out / LOCK_NAME).exists()
    assert run_cli("verify", out).returncode == 0


# --- terminal and CSV output ---------------------------------------------------------------------


def test_a_key_with_an_osc52_sequence_is_shown_not_obeyed(tmp_path: Path) -> None:
    data = sample()
    data[f"x{OSC52}"] = "y"
    data["record_id"] = "CP-OSC"
    hostile = dump(tmp_path / "hostile.yaml", data)
    fake = sample()
    fake["record_id"] = "CP-FAKE"
    fake["z\rOK          everything.yaml: every required section is complete\n"] = "y"
    faker = dump(tmp_path / "fake.yaml", fake)
    result = run_cli("check", hostile, faker, CAREER, cwd=tmp_path)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output and "\r" not in output
    assert "x^[]52;c;ZWNobyBwd25lZA==^G: this field is not part of the record" in result.stderr
    assert "z^MOK          everything.yaml: every required section is complete^J: this field" in result.stderr
    assert [line for line in output.splitlines() if line.startswith("OK")] == [
        f"OK          {CAREER}: every required section is complete"
    ]


def test_terminal_output_in_a_real_terminal_keeps_its_colour_but_not_the_records_sequences(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    data = sample()
    data[f"x{OSC52}"] = "y"
    hostile = dump(tmp_path / "hostile.yaml", data)
    env = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "TERM": "xterm-256color", "COLUMNS": "200"}
    args = ["-m", "ipsdocs", "check", str(hostile)]
    child = pexpect.spawn(sys.executable, args, cwd=str(ROOT), env=env, encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 2
    assert "\x1b]52" not in screen and "^[]52;c;" in screen
    assert "\x1b[" in screen  # rich's own colour for "error:" is still there


def test_csv_cells_cannot_run_a_formula_or_carry_control_characters(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for number, name in enumerate(('=HYPERLINK("https://example.invalid")', "  +SUM(A1)", "@cmd", "Ana\x9b31m Ruiz")):
        data = sample()
        data["person"]["name"], data["person"]["client_id"] = name, f"RB-{number}"
        data["record_id"] = f"CP-{number}"
        dump(records / f"p{number}.yaml", data)
    bad = sample()
    bad[f"=cmd{OSC52}"] = "y"
    dump(records / "hostile.yaml", bad)
    result = run_cli("batch", records, "--out", tmp_path / "out", "--format", "docx", "--workers", "1", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    text = (tmp_path / "out" / "audit-summary.csv").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    rows = list(csv.reader(io.StringIO(text)))
    people = {row[0]: row[1] for row in rows[1:] if row[0]}
    assert people["RB-0"] == '\'=HYPERLINK("https://example.invalid")'
    assert people["RB-1"] == "'+SUM(A1)" and people["RB-2"] == "'@cmd"
    assert people["RB-3"] == "Ana<U+009B>31m Ruiz"
    (unusable,) = [row[-1] for row in rows if not row[0] and row[-1]]
    assert "=cmd^[]52;c;ZWNobyBwd25lZA==^G: this field is not part of the record" in unusable
    assert "Ana" not in result.stdout + result.stderr


def test_a_form_with_a_key_given_twice_is_refused_naming_it(tmp_path: Path) -> None:
    init_workspace(tmp_path, "Harbor Clinic")
    assert run_cli("forms", "export", "career_profile", cwd=tmp_path).returncode == 0
    form = tmp_path / "forms" / "career_profile.yaml"
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("\ntitle:", "\ntitle: Career Profile\ntitle:", 1), encoding="utf-8")
    result = run_cli("forms", "lint", cwd=tmp_path)
    assert result.returncode != 0
    first = line_of(form, "title: Career Profile")
    assert f"the key 'title' is given twice (lines {first} and {first + 1})" in result.stderr
