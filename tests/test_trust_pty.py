"""Issue 11 (Trust), items 7 and 10, in real pseudo-terminals: a second interview of the same record
or draft is told who has it open (and may wait or look read-only), a crashed interview's lock is
taken over, and Esc then Enter on a menu answers it instead of crashing the interview."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from ipsdocs.agency.init import init_workspace
from ipsdocs.locks import lock_path

IPSDOCS = Path(sys.executable).with_name("ipsdocs")
ROOT = Path(__file__).resolve().parents[1]
CAREER = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
DOWN, ESC = "\x1b[B", "\x1b"
FIRST_PROMPT = "Add another profile session?"
"""Reopening the complete sample asks its repeating groups again, this one first."""

pytestmark = pytest.mark.skipif(not IPSDOCS.exists(), reason="the ipsdocs command is not installed in this environment")


def spawn(args: list[str], cwd: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    env.pop("IPSDOCS_DEBUG", None)
    return pexpect.spawn(str(IPSDOCS), args, cwd=str(cwd), env=env, dimensions=(40, 100), encoding="utf-8", timeout=30)


def words(text: str) -> re.Pattern[str]:
    """``text`` as the interview prints it, wrapped anywhere between words."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    text = child.before
    child.close()
    assert "Traceback" not in text, text
    return text


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    init_workspace(tmp_path, "Harbor Clinic")
    record = tmp_path / "records" / "RB-100482" / "career_profile.yaml"
    record.parent.mkdir(parents=True)
    shutil.copy(CAREER, record)
    return tmp_path, record


def test_a_second_interview_of_a_record_may_look_read_only_or_wait(workspace: tuple[Path, Path]) -> None:
    root, record = workspace
    before = record.read_bytes()
    first = spawn(["interview", "--record", str(record)], root)
    first.expect_exact(FIRST_PROMPT)  # the first interview waits for an answer

    second = spawn(["interview", "--record", str(record)], root)
    second.expect(words("is open in another interview ("))  # the message wraps at the terminal's width
    second.expect(words(f"process {first.pid})."))
    second.expect_exact("What do you want to do?")
    second.send(DOWN + "\r")  # Look at the answers without changing anything
    screen = " ".join(finish(second).split())
    assert second.exitstatus == 0, screen
    assert "as it is saved now" in screen and "Marisol Vega" in screen and "Nothing was changed." in screen
    assert record.read_bytes() == before

    third = spawn(["interview", "--record", str(record)], root)
    third.expect_exact("What do you want to do?")
    third.send("\r")  # Wait until that interview is closed
    third.expect(words("Waiting for the other interview to be closed"))
    first.sendcontrol("c")  # the first is paused: its draft is kept, the record released
    finish(first)
    assert first.exitstatus == 130
    third.expect(words("The other interview is closed; continuing with what it saved."))
    third.expect_exact(FIRST_PROMPT)
    third.sendcontrol("c")
    finish(third)
    assert third.exitstatus == 130
    assert not lock_path(record).exists()
    assert record.read_bytes() == before


def test_a_crashed_interviews_lock_is_taken_over_and_said(workspace: tuple[Path, Path]) -> None:
    root, record = workspace
    crashed = spawn(["interview", "--record", str(record)], root)
    crashed.expect_exact(FIRST_PROMPT)
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.expect(pexpect.EOF)
    crashed.close()
    left = json.loads(lock_path(record).read_text())
    assert left["pid"] == crashed.pid and left["what"] == "interview"

    again = spawn(["interview", "--record", str(record)], root)
    again.expect(words("ended without closing it, perhaps in a crash; every answer it saved is kept."))
    again.expect_exact(FIRST_PROMPT)
    again.sendcontrol("c")
    finish(again)
    assert again.exitstatus == 130


def test_a_draft_resumed_twice_tells_the_second_who_has_it(workspace: tuple[Path, Path]) -> None:
    root, _ = workspace
    first = spawn(["interview", "disclosure_discussion", "--client", "RB-100482"], root)
    first.expect_exact("Record ID for this discussion")
    first.send("\x15DD-LOCK-1\r")
    first.expect_exact("Name")  # the record id is saved in the draft; the interview goes on
    (draft,) = (root / "records" / ".drafts").glob("*.draft")

    second = spawn(["interview", "--resume", draft.stem], root)
    second.expect(words(f"The draft {draft.stem} is open in another interview ("))
    second.expect_exact("What do you want to do?")
    second.send(DOWN * 2 + "\r")  # Stop
    screen = " ".join(finish(second).split())
    assert second.exitstatus == 2 and "Stopped; nothing was changed." in screen

    listing = spawn(["interview", "--drafts"], root)
    assert "open now in an interview (" in finish(listing)
    first.sendcontrol("c")
    finish(first)
    assert first.exitstatus == 130


def test_esc_then_enter_on_a_choice_question_answers_it_and_the_interview_goes_on(workspace: tuple[Path, Path]) -> None:
    root, _ = workspace
    child = spawn(["interview", "disclosure_discussion", "--client", "RB-100482"], root)
    child.expect_exact("Record ID for this discussion")
    child.send("\r")
    child.expect_exact("Name")
    child.send("\r")
    child.expect_exact("Role")
    child.send("\r")
    child.expect_exact("Credentials")
    child.send("\r")
    child.expect_exact("Date of the discussion")
    child.send("\x15today\r")
    child.expect_exact("first discussion or a revisit?")
    child.send(DOWN)  # "Revisited"
    child.send(ESC)
    child.send("\r")
    child.expect_exact("Why was disclosure revisited?")  # asked only after "Revisited": the choice counted
    child.sendcontrol("c")
    screen = finish(child)
    assert child.exitstatus == 130, screen
    assert "ValueError" not in screen and "unexpected problem" not in screen
    (draft,) = (root / "records" / ".drafts").glob("*.draft")
    assert json.loads(draft.read_text())["answers"]["occasion"] == "revisited"


def test_a_new_interview_never_overwrites_a_record_another_interview_has_open(tmp_path: Path) -> None:
    init_workspace(tmp_path, "Harbor Clinic")
    record = tmp_path / "records" / "RB-100482" / "career_profile_CP-2026-0141.yaml"
    record.parent.mkdir(parents=True)
    shutil.copy(CAREER, record)
    before = record.read_bytes()
    first = spawn(["interview", "--record", str(record)], tmp_path)
    first.expect_exact(FIRST_PROMPT)
    answers = tmp_path / "answers.yaml"
    answers.write_text(CAREER.read_text(encoding="utf-8").replace("Jordan Ellis", "Someone Else"), encoding="utf-8")
    second = spawn(["interview", "career_profile", "--answers", str(answers)], tmp_path)
    screen = " ".join(finish(second).split())
    assert second.exitstatus == 2, screen
    assert f"{record}: this record is open in another interview (" in screen and "so it is not overwritten" in screen
    assert record.read_bytes() == before and not (record.parent / ".versions").exists()
    first.sendcontrol("c")
    finish(first)
