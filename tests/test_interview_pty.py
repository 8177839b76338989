"""End to end in a pseudo-terminal: the real ``ipsdocs interview``, typed at as a person would.

A full career profile; then a disclosure discussion for the same person (identity filled in from
the profile), interrupted with Ctrl-C and resumed with ``--resume``. The saved records and the
rendered Word and PDF documents are read back.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest

from ipsdocs.definitions.records import load_record
from ipsdocs.render.checks import docx_lines, pdf_pages, text_lines

IPSDOCS = Path(sys.executable).with_name("ipsdocs")
DOWN, ESC = "\x1b[B", "\x1b"
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|38;5;\d+|38;2;[\d;]+)m")

pytestmark = pytest.mark.skipif(not IPSDOCS.exists(), reason="the ipsdocs command is not installed in this environment")


class Person:
    """Types into the terminal, waiting for each prompt first (as a person reads before typing)."""

    def __init__(self, args: list[str], cwd: Path, columns: int = 80, rows: int = 40) -> None:
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "TERM": "xterm",
            "COLUMNS": str(columns),
            "LINES": str(rows),
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        self.columns, self.rows = columns, rows
        self.child = pexpect.spawn(
            str(IPSDOCS), args, cwd=str(cwd), env=env, dimensions=(rows, columns), encoding="utf-8", timeout=20
        )
        self.seen: list[str] = []
        self.long_answers = 0

    def at(self, prompt: str, keys: str) -> None:
        self.child.expect_exact(prompt)
        self.seen.append(self.child.before + prompt)
        self.child.send(keys)

    def text(self, prompt: str, answer: str) -> None:
        self.at(prompt, "\x15" + answer + "\r")  # Ctrl-U clears any default first

    def long(self, prompt: str, answer: str) -> None:
        self.long_answers += 1
        self.at(prompt, answer.replace("\n", "\r") + ESC + "\r")

    def finish(self) -> str:
        self.child.expect(pexpect.EOF)
        self.seen.append(self.child.before)
        self.child.close()
        return "".join(self.seen)

    def screen(self) -> list[str]:
        """Every line the terminal showed, scrolled-off ones included, as a terminal emulator (pyte) drew them."""
        screen = pyte.HistoryScreen(self.columns, self.rows, history=100_000, ratio=0.5)
        pyte.Stream(screen).feed("".join(self.seen))

        def text(line: Any) -> str:
            return "".join(line[x].data for x in range(self.columns)).rstrip()

        return [text(line) for line in screen.history.top] + [line.rstrip() for line in screen.display]


def cut_lines(lines: list[str], columns: int) -> list[str]:
    """Lines that reach the terminal's edge in the middle of text: cut off (a prompt_toolkit prompt is cut,
    not wrapped). A single long word (a file path) or a command to type, which the terminal itself carries
    on to the next line so that it can be copied whole, is not cut."""
    return [
        line
        for line in lines
        if len(line) >= columns and " " in line.strip() and not line.strip().startswith("ipsdocs ")
    ]


def test_a_full_career_profile_then_an_interrupted_and_resumed_interview(tmp_path: Path) -> None:
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Pine Ridge IPS"\n')

    # --- a full career profile, typed ------------------------------------------------------------
    p = Person(["interview", "career_profile"], tmp_path)
    p.text("Record ID for this career profile", "CP-PTY-1")
    p.text("Full name", "Ana Ruiz")
    p.text("Client ID", "RB-9001")
    p.text("Date of birth", "5/6/1990")
    p.text("Preferred name", "")
    p.text("Name", "Jordan Ellis")
    p.at("Role", "\r")  # the model's default role, accepted
    p.text("Credentials", "")
    p.text("When did the person enter IPS-SE?", "31/31/2025")
    p.text("When did the person enter IPS-SE?", "1/6/2025")
    p.at("Add a profile session?", "y")
    p.text("Session date", "today")
    p.text("Where it took place", "Public library")
    p.text("Topics covered", "")
    p.at("Add another profile session?", "n")
    p.text("On what date was the profile completed?", "today")
    p.long("what work have they done before?", "Cashier for two years.\nVolunteer at a food bank.")
    p.at("Add a job?", "y")
    p.text("Employer", "Greenway Grocers")
    p.text("Job title", "Cashier")
    p.text("Start date", "2020-01-15")
    p.text("End date", "6/30/2021")
    p.text("Hours per week", "30")
    p.text("Hourly wage", "$12.10")
    p.text("Why the job ended", "Moved")
    p.long("What the person liked", "Liked the **team**.")
    p.at("Add another job?", "n")
    p.long("employment goals", "Work mornings at a bakery.")
    p.text("What kinds of work does the person want?", "Bakery; Café counter")
    p.text("How many hours a week", "24")
    p.long("What does the person prefer about schedule", "Mornings, on the bus line.")
    p.long("What strengths does the person bring", "Friendly & reliable.")
    p.at("In which areas does the person see barriers?", DOWN * 4 + " \r")  # Transportation
    p.long("Describe the barriers", "No car; plan bus routes.")
    p.long("What skills does the person have", "Cash handling.")
    p.at("What does the person prefer about disclosing", DOWN + "\r")  # Disclose some information
    p.long("Notes on disclosure", "")
    p.long("hopes for advancement", "A baking certificate.")
    p.long("What education and training", "High school diploma.")
    p.long("How is the person doing now", "Stable; good routine.")
    p.at("Add a contact?", "n")
    p.at("Where did the information in this profile come from?", " \r")  # The person
    p.text("How does the person get around?", "Bus")
    p.long("interests and hobbies", "")
    p.long("Legal history", "")
    p.at("What next?", "\r")  # Save the record and make its documents
    screen = p.finish()
    assert p.child.exitstatus == 0, screen
    lines = p.screen()
    assert cut_lines(lines, 80) == [], "a line of the interview was cut at the terminal's edge"
    long_questions = sum("press Esc then Enter to finish" in line for line in lines)
    assert long_questions == p.long_answers == 13, "the way to finish is on screen for every long answer"
    assert max(len(line) for line in lines) <= 80

    assert "Not accepted - Date of entry into IPS-SE: not a date" in screen
    assert "31/31/2025" in screen.split("Not accepted")[0]  # shown while typed, never in the message
    assert "Complete: every required section has an answer." in screen
    assert not COLOUR.search(screen), "NO_COLOR is set: no colour codes"
    record_file = tmp_path / "records" / "RB-9001" / "career_profile_CP-PTY-1.yaml"
    profile = load_record(record_file).record
    assert profile.person.name == "Ana Ruiz" and profile.staff.role == "Employment Support Professional"
    assert str(profile.jobs[0].hourly_wage) == "12.10" and profile.jobs[0].lessons_learned == "Liked the **team**."
    assert profile.work_history_summary == "Cashier for two years.\nVolunteer at a food bank."
    assert [a.value for a in profile.barrier_areas] == ["transportation"]
    assert profile.preferred_job_types == ["Bakery", "Café counter"]
    assert stat.S_IMODE(record_file.stat().st_mode) == 0o600
    docx = next((tmp_path / "output").glob("*/career_profile_CP-PTY-1_*.docx"))
    pdf = next((tmp_path / "output").glob("*/career_profile_CP-PTY-1_*.pdf"))
    assert "Friendly & reliable." in docx_lines(docx.read_bytes())
    assert "Work mornings at a bakery." in " ".join(text_lines(pdf_pages(pdf.read_bytes())))

    # --- a second interview, interrupted with Ctrl-C -------------------------------------------------
    p = Person(["interview", "disclosure_discussion", "--client", "RB-9001"], tmp_path)
    p.at("Record ID for this discussion", "\x15DD-PTY-1\r")
    p.at("Name", "\r")  # the specialist, offered from the person's earlier record
    p.at("Role", "\r")
    p.at("Credentials", "\r")
    p.text("Date of the discussion", "today")
    p.at("Is this the first discussion or a revisit?", "\r")  # First discussion
    p.at("Was it explained that disclosure", "y")
    p.long("Which pros and cons of disclosure were discussed?", "Pros: schedule help.\nCons: stigma.")
    p.at("What specific information might the person disclose?", "\x03")
    screen = p.finish()
    assert p.child.exitstatus == 130, screen
    assert "Ana Ruiz, client RB-9001" in screen  # the person came from the career profile
    assert "Why was disclosure revisited?" not in screen  # a first discussion has no reason to revisit
    resume = re.search(r"To continue where you left off, type:\s+ipsdocs interview --resume (\S+)", screen)
    assert resume, screen
    [draft] = (tmp_path / "records" / ".drafts").glob("*.draft")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600 and resume.group(1) in draft.name

    # --- resumed where it stopped --------------------------------------------------------------------
    p = Person(["interview", "--resume"], tmp_path)
    p.long("What specific information might the person disclose?", "A health condition.")
    p.long("Examples of what the person could say", "I have appointments on Tuesdays.")
    p.at("What did the person decide?", DOWN + "\r")  # Partial disclosure
    p.text("To whom and when will the person disclose?", "The manager, after an offer")
    p.long("The wording the person chose", "A health condition that is well managed.")
    p.at("Does the person consent to the specialist", "y")
    p.long("Which accommodations might the person request?", "")
    p.text("When will disclosure be discussed again?", "")
    p.at("What next?", "\r")
    screen = p.finish()
    assert p.child.exitstatus == 0, screen
    assert "Continuing the draft" in screen and "Record ID for this discussion" not in screen
    saved = tmp_path / "records" / "RB-9001" / "disclosure_discussion_DD-PTY-1.yaml"
    discussion = load_record(saved).record
    assert discussion.person == profile.person
    assert discussion.pros_and_cons == "Pros: schedule help.\nCons: stigma."  # typed before Ctrl-C
    assert discussion.employer_contact_consent is True and discussion.decision.value == "partial"
    assert not draft.exists()
    pdf = next((tmp_path / "output").glob("*/disclosure_discussion_DD-PTY-1_*.pdf"))
    text = " ".join(text_lines(pdf_pages(pdf.read_bytes())))
    assert "Pros: schedule help." in text and "A health condition." in text


@pytest.mark.parametrize("columns", [40, 120])
def test_at_40_and_120_columns_nothing_is_cut_and_the_resume_command_is_whole(tmp_path: Path, columns: int) -> None:
    """Prompts, hints, a choice menu and the pause message at a narrow and a wide terminal, read back."""
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Pine Ridge IPS"\n')
    p = Person(["interview", "disclosure_discussion"], tmp_path, columns=columns, rows=30)
    p.text("Record ID", "DD-PTY-40")
    p.text("Full name", "Ana Ruiz")
    p.text("Client ID", "RB-9001")
    p.text("Date of birth", "")
    p.text("Preferred name", "")
    p.text("Name", "Jordan Ellis")
    p.at("Role", "\r")
    p.text("Credentials", "")
    p.text("Date of the discussion", "today")
    p.at("Is this the first", DOWN + "\r")  # Revisited
    p.text("Why was disclosure", "No job after two months")
    p.at("Was it explained", "y")
    p.long("Which pros and cons", "Pros: schedule help.\nCons: stigma.")
    p.at("What specific information", "\x03")
    screen = p.finish()
    assert p.child.exitstatus == 130, screen
    lines = p.screen()
    assert cut_lines(lines, columns) == [], lines
    assert sum("press Esc then Enter to finish" in line for line in lines) == 2  # answered, and the one paused at
    [draft] = (tmp_path / "records" / ".drafts").glob("*.draft")
    command = f"ipsdocs interview --resume {draft.stem}"
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("ipsdocs interview --resume"))
    assert "To continue where you left off, type:" in lines[at - 1]
    # Whole on its own line: at 120 columns one screen line; at 40 the terminal carries it on, unbroken.
    shown = lines[at].strip() + "".join(lines[at + 1 : at + 1 + len(command) // columns])
    assert shown == command
    if columns == 120:
        assert lines[at].strip() == command


def test_signing_at_the_review_in_a_terminal(tmp_path: Path) -> None:
    import yaml

    sample = Path(__file__).resolve().parents[1] / "samples" / "marisol-vega" / "employment_plan.yaml"
    data = yaml.safe_load(sample.read_text())
    data.pop("signatures")
    plan = tmp_path / "records" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(yaml.safe_dump(data, sort_keys=False))
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Harbor Clinic"\n')
    p = Person(["interview", "--record", str(plan)], tmp_path)
    while p.child.expect_exact(["Add another", "What next?"]) == 0:
        p.child.send("n")  # nothing to add to the lists the plan already has
    p.child.send(DOWN + "\r")  # Sign the record
    p.at("Who signs now?", "\r")  # Marisol Vega, Person served
    p.text("Type your full name to sign", "Marisol Vega")
    p.at("What next?", "\r")  # Save the record and make its documents
    screen = p.finish()
    assert p.child.exitstatus == 0, screen
    assert "By typing my name I sign this employment plan electronically" in screen
    assert "answers are locked" in screen
    [signature] = load_record(plan).record.signatures
    assert signature.signer == "Marisol Vega" and signature.record_sha256
