"""Signatures that bind: signed in the terminal interview at the review, bound to the record's
sha256, printed on the documents, blank until signed, locked after, and checked by ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.records import load_record
from ipsdocs.definitions.signing import content_hash, signature_problems, with_addendum
from ipsdocs.interview.ask_scripted import ScriptedAsker
from ipsdocs.interview.loop import Interview
from ipsdocs.interview.questions import AnswerError
from ipsdocs.interview.signing import sign, signers
from ipsdocs.render.checks import docx_lines
from ipsdocs.render.document import render_record
from tests.cli_runner import ROOT, run_cli

PLAN = ROOT / "samples" / "marisol-vega" / "employment_plan.yaml"


def unsigned_plan() -> dict:
    data = yaml.safe_load(PLAN.read_text())
    data.pop("signatures")
    return data


class Signing(ScriptedAsker):
    """The scripted asker, made interactive: it picks 'sign' at the review and types the names."""

    interactive = True

    def __init__(self, answers: dict, menus: list[str], names: list[str]) -> None:
        super().__init__(answers, menus=menus)
        self.names = list(names)
        self.rejections: list[str] = []

    def answer(self, question, path, default):  # type: ignore[no-untyped-def]
        if path == ("signatures", "signer"):
            return self.names.pop(0)
        return super().answer(question, path, default)

    def rejected(self, question, path, message):  # type: ignore[no-untyped-def]
        self.rejections.append(message)
        if path[0] not in ("signatures", "addenda"):
            super().rejected(question, path, message)


def test_the_terminal_interview_signs_at_the_review_with_the_record_hash() -> None:
    form = load_form("employment_plan")
    asker = Signing(
        unsigned_plan(),
        menus=["sign", "person", "sign", "staff", "save"],
        names=["Marisol V.", "marisol vega", "Jordan Ellis"],
    )
    record = Interview(form, asker).run()
    assert asker.rejections == ["type the name exactly as the record gives it (person served) to sign"]
    assert any("By typing my name I sign this employment plan" in said for said in asker.said)
    person, staff = record.signatures
    assert (person.signer, person.role, staff.signer) == ("Marisol Vega", "Person served", "Jordan Ellis")
    assert person.record_sha256 == staff.record_sha256 == content_hash(record)
    assert person.signed_on is not None and signature_problems(record) == []
    assert any("answers are locked" in said for said in asker.said), "no 'Change an answer' once signed"


def test_an_incomplete_record_is_not_signed_and_says_what_is_missing() -> None:
    data = unsigned_plan()
    data.pop("review_date")
    asker = Signing(data, menus=["sign", "stop"], names=[])
    Interview(load_form("employment_plan"), asker).run()
    said = "\n".join(asker.said)
    assert "cannot be signed until it is complete" in said and "missing Plan review" in said


def test_unsigned_lines_have_a_blank_date_and_signed_ones_say_who_when_and_the_hash(tmp_path: Path) -> None:
    record = load_record(PLAN).record.model_copy(update={"signatures": []})
    form = load_form("employment_plan")
    [file] = render_record(record, form, tmp_path / "blank", ("docx",)).files
    lines = docx_lines(file.path.read_bytes())
    assert "Marisol Vega — Person servedDate: ____________" in lines, "blank until signed, never the plan's date"
    person, staff, _ = signers(record)
    signed = sign(sign(record, person, "Marisol Vega"), staff, "Jordan Ellis")
    [file] = render_record(signed, form, tmp_path / "signed", ("docx",)).files
    lines = docx_lines(file.path.read_bytes())
    day = signed.signatures[0].signed_on
    assert f"Electronically signed by Marisol Vega, Person served on {day:%B} {day.day}, {day.year}" in lines
    assert f"record sha256 {content_hash(signed)}" in lines
    with pytest.raises(AnswerError):
        sign(signed, staff, "J. Ellis")


def test_check_reports_a_signature_that_no_longer_matches(tmp_path: Path) -> None:
    record = load_record(PLAN).record.model_copy(update={"signatures": []})
    person = signers(record)[0]
    signed = with_addendum(sign(record, person, "Marisol Vega"), "She now prefers evening shifts.")
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(signed.model_dump(mode="json", exclude_none=True), sort_keys=False))
    assert run_cli("check", path).returncode == 0, "an addendum does not break the original's signature"
    data = yaml.safe_load(path.read_text())
    data["employment_goal"] = "Something else"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run_cli("check", path)
    assert result.returncode == 1
    assert "SIGNATURE" in result.stdout and "signatures[1]" in result.stdout
    assert "no longer matches the record" in result.stdout and "Something else" not in result.stdout


def test_a_signed_record_is_not_reopened_for_editing(tmp_path: Path) -> None:
    record = load_record(PLAN).record.model_copy(update={"signatures": []})
    signed = sign(record, signers(record)[0], "Marisol Vega")
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(signed.model_dump(mode="json", exclude_none=True), sort_keys=False))
    result = run_cli("interview", "--record", path, "--answers", PLAN, cwd=tmp_path)
    assert result.returncode == 2 and "signed, so it is locked" in result.stderr


def test_the_terminal_adds_a_signed_addendum_to_a_signed_record(tmp_path: Path) -> None:
    from ipsdocs.interview.session import Options, interview_command

    assert run_cli("init", tmp_path / "ws").returncode == 0
    record = load_record(PLAN).record.model_copy(update={"signatures": []})
    signed = sign(record, signers(record)[0], "Marisol Vega")
    path = tmp_path / "ws" / "records" / "plan.yaml"
    path.write_text(yaml.safe_dump(signed.model_dump(mode="json", exclude_none=True), sort_keys=False))
    original = path.read_bytes()
    asker = Signing({}, menus=["staff", "done"], names=["Jordan Ellis"])
    typed = {("addenda", "text"): "", ("addenda", "signer"): "Jordan Ellis"}
    texts = ["", "She now prefers evening shifts."]

    def answer(question, path, default):  # type: ignore[no-untyped-def]
        return texts.pop(0) if path == ("addenda", "text") else typed[path]

    asker.answer = answer  # type: ignore[method-assign]
    options = Options(record=path, workspace=tmp_path / "ws")
    assert interview_command(options, make_asker=lambda: asker) == 0
    assert asker.rejections == ["this answer is required"]
    updated = load_record(path).record
    assert updated.addenda[0].text == "She now prefers evening shifts."
    assert updated.addenda[0].signatures[0].signer == "Jordan Ellis"
    assert signature_problems(updated) == [] and updated.signatures == signed.signatures
    [kept] = (path.parent / ".versions").iterdir()
    assert kept.read_bytes() == original, "the version as signed is kept"
