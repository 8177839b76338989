"""Interviews: every form through the scripted asker and through questionary driven by a pipe.

The questionary tests type real key presses into prompt_toolkit's pipe input (as questionary's
own tests do): a ``Typist`` sends the keys for each answer just before its prompt reads them.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from pydantic import BaseModel, Field

from ipsdocs.definitions.forms import FieldSpec, FormSpec, SectionSpec, load_form
from ipsdocs.definitions.models._types import LongText
from ipsdocs.definitions.records import load_record
from ipsdocs.errors import IpsdocsError, RecordError
from ipsdocs.interview.ask_scripted import ScriptedAsker, unused_problems
from ipsdocs.interview.ask_terminal import QuestionaryAsker
from ipsdocs.interview.drafts import DraftError, DraftStore, save_record
from ipsdocs.interview.loop import Interview, dotted, restore_answers
from ipsdocs.interview.questions import Kind, Question, question_for
from ipsdocs.interview.session import Options, interview_command
from ipsdocs.render.checks import pdf_pages, text_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in (".yaml", ".json"))
ONE_PER_TYPE = list({load_record(p).record.record_type: p for p in SAMPLES}.values())
DOWN, ENTER, ESC, CLEAR_LINE, CTRL_C = "\x1b[B", "\r", "\x1b", "\x15", "\x03"


def answers_of(path: Path) -> dict[str, Any]:
    """A sample record as the answers a person would give (ipsdocs fills in type and version)."""
    data = load_record(path).record.model_dump(mode="json", exclude_none=True)
    return {k: v for k, v in data.items() if k not in ("record_type", "schema_version") and v != []}


def in_menu_order(record: Any, form: FormSpec) -> Any:
    """Ticked choices come back in the menu's order, whatever order a sample lists them in."""
    update = {}
    for _, spec in form.fields():
        question = question_for(form.model, spec.field)
        if question.kind is Kind.MULTI_CHOICE:
            order = [o.value for o in question.options]
            update[spec.field] = sorted(getattr(record, spec.field), key=order.index)
    return record.model_copy(update=update)


def lookup(tree: Any, path: tuple[Any, ...]) -> tuple[bool, Any]:
    for part in path:
        if isinstance(part, int):
            if not isinstance(tree, list) or part >= len(tree):
                return False, None
        elif not isinstance(tree, Mapping) or part not in tree:
            return False, None
        tree = tree[part]
    return True, tree


def code(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def keys_for(question: Question, value: Any, default: Any) -> str:
    """The key presses that give ``value`` to a questionary prompt showing ``default``."""
    kind = question.kind
    if kind is Kind.CHOICE:
        codes = [code(o.value) for o in question.options] + ([] if question.required else ["(skip)"])
        start = codes.index(code(default)) if default is not None and code(default) in codes else 0
        target = codes.index("(skip)" if value is None else code(value))
        return DOWN * (target - start) + ENTER if target >= start else "\x1b[A" * (start - target) + ENTER
    if kind is Kind.MULTI_CHOICE:
        want, have = {code(v) for v in value or []}, {code(v) for v in default or []}
        keys = [
            "".join((" " if (code(o.value) in want) != (code(o.value) in have) else "", DOWN)) for o in question.options
        ]
        return "".join(keys) + ENTER
    if kind is Kind.YES_NO:
        return "y" if value else "n"
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    clear = CLEAR_LINE if default not in (None, "", []) else ""
    # Longer answers are pasted (bracketed paste, one key event), as people paste notes: much faster to test.
    typed = f"\x1b[200~{text}\x1b[201~" if len(text) > 12 else text.replace("\n", "\r")
    return clear + typed + (ESC + ENTER if kind is Kind.LONG_TEXT else ENTER)


class Typist(QuestionaryAsker):
    """A person at the keyboard, answering from a record-shaped mapping; ``typed`` overrides the keys for
    a question (one entry per time it is asked), ``menus`` picks the review and edit choices."""

    def __init__(
        self,
        pipe: Any,
        answers: Mapping[str, Any],
        typed: Mapping[str, list[str]] | None = None,
        menus: list[str] | None = None,
    ) -> None:
        self.screen = io.StringIO()
        super().__init__(input=pipe, output=DummyOutput(), stream=self.screen, width=80)
        self.pipe, self.tree = pipe, answers
        self.typed = {k: list(v) for k, v in (typed or {}).items()}
        self.menus = list(menus or [])
        self.prompts: list[str] = []

    def answer(self, question: Question, path: Any, default: Any) -> Any:
        key = dotted(path)
        self.prompts.append(key)
        if self.typed.get(key):
            self.pipe.send_text(self.typed[key].pop(0))
        else:
            found, value = lookup(self.tree, path)
            self.pipe.send_text(keys_for(question, value if found else default, default))
        return super().answer(question, path, default)

    def another(self, question: Question, path: Any, count: int) -> bool:
        found, items = lookup(self.tree, path)
        self.pipe.send_text("y" if found and len(items) > count else "n")
        return super().another(question, path, count)

    def menu(self, key: str, message: str, options: Any) -> str:
        codes = [c for c, _ in options]
        wanted = self.menus.pop(0) if self.menus else ("save" if "save" in codes else codes[-1])
        self.pipe.send_text(DOWN * codes.index(wanted) + ENTER)
        return super().menu(key, message, options)


def run_typist(form: FormSpec, answers: Mapping[str, Any], **kwargs: Any) -> tuple[Any, Typist, Interview]:
    interview_kwargs = {k: kwargs.pop(k) for k in ("done", "on_change", "model", "current") if k in kwargs}
    current = interview_kwargs.pop("current", {})
    with create_pipe_input() as pipe:
        typist = Typist(pipe, answers, **kwargs)
        interview = Interview(form, typist, dict(current), **interview_kwargs)
        return interview.run(), typist, interview


@pytest.fixture(autouse=True)
def _no_hang() -> Any:
    """A prompt waiting for keys nobody types would hang the suite: fail the test instead."""
    import signal

    def stop(*_: Any) -> None:
        raise TimeoutError("the interview waited for input that never came")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# --- every form, scripted and typed ---------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_sample_through_the_scripted_asker(sample: Path) -> None:
    expected = load_record(sample).record
    asker = ScriptedAsker(answers_of(sample), where=str(sample))
    record = Interview(load_form(expected.record_type), asker).run()
    assert record == expected
    assert asker.unused() == []


@pytest.mark.parametrize("sample", ONE_PER_TYPE, ids=lambda p: p.stem)
def test_every_form_through_questionary_key_presses(sample: Path) -> None:
    expected = load_record(sample).record
    form = load_form(expected.record_type)
    answers = answers_of(sample)
    # A yes/no prompt always gives an answer (Enter means no): where the sample left one open, say no.
    unanswered = {
        f.field: False
        for _, f in form.fields()
        if question_for(form.model, f.field).kind is Kind.YES_NO and f.field not in answers
    }
    record, typist, _ = run_typist(form, answers | unanswered)
    # Signatures are not typed as answers: a person signs the complete record at the review.
    unsigned = {"signatures": []} if "signatures" in form.model.model_fields else {}
    assert record == in_menu_order(expected, form).model_copy(update=unanswered | unsigned)
    screen = typist.screen.getvalue()
    assert "== Review:" in screen and max(len(line) for line in screen.splitlines()) <= 80


def test_a_condition_asks_a_question_only_when_it_applies() -> None:
    form = load_form("disclosure_discussion")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "disclosure_discussion.yaml")
    answers.pop("revisit_reason", None)
    first = ScriptedAsker({**answers, "occasion": "first"})
    record = Interview(form, first).run()
    assert "revisit_reason" not in first.asked and record.revisit_reason is None
    revisited = ScriptedAsker({**answers, "occasion": "revisited", "revisit_reason": "No job after two months"})
    record = Interview(form, revisited).run()
    assert "revisit_reason" in revisited.asked and record.revisit_reason == "No job after two months"
    # Chosen, then un-chosen in the review: the answer that no longer applies stays out of the record.
    answers = {**answers, "occasion": "revisited", "revisit_reason": "No job after two months"}
    typed = {"occasion": [DOWN + ENTER, "\x1b[A" + ENTER]}
    record, _, _ = run_typist(form, answers, typed=typed, menus=["edit", "occasion", "save"])
    assert record.occasion.value == "first" and record.revisit_reason is None


def test_a_repeating_group_adds_items_until_told_to_stop() -> None:
    form = load_form("employment_plan")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "employment_plan.yaml")
    record, typist, _ = run_typist(form, answers)
    assert len(record.services) == len(answers["services"]) >= 2
    assert [p for p in typist.prompts if p.startswith("services.")][:2] == [
        "services.0.service",
        "services.0.frequency",
    ]
    assert "Add another planned service?" not in typist.screen.getvalue()  # questions go to the prompt, not print


# --- wrong answers ---------------------------------------------------------------------------------


def test_a_wrong_answer_is_asked_again_with_the_models_message() -> None:
    form = load_form("career_profile")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "career_profile.yaml")
    typed = {
        "admission_date": ["31/31/2026" + ENTER, "2999-01-01" + ENTER, "3/2/2026" + ENTER],
        "jobs.0.end_date": ["2020-01-01" + ENTER, "11/15/2025" + ENTER],
        "preferred_hours_per_week": ["ninety" + ENTER, "24" + ENTER],
    }
    record, typist, _ = run_typist(form, answers, typed=typed)
    screen = typist.screen.getvalue()
    assert record.admission_date == date(2026, 3, 2) and record.jobs[0].end_date == date(2025, 11, 15)
    assert "Not accepted - Date of entry into IPS-SE: not a date" in screen
    assert "Date of entry into IPS-SE: the date is in the future" in screen
    assert "Not accepted - Job 1 › End date: the job cannot end before it started" in screen
    assert "Preferred hours per week: must be a whole number" in screen
    assert typist.prompts.count("admission_date") == 3
    for wrong in ("31/31/2026", "2999-01-01", "ninety"):
        assert wrong not in screen


def test_a_cross_field_rule_across_the_record_is_checked_when_its_second_field_comes() -> None:
    form = load_form("employment_plan")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "employment_plan.yaml")
    plan = answers["plan_date"]
    record, typist, _ = run_typist(form, answers, typed={"review_date": ["2020-01-01" + ENTER, plan + ENTER]})
    assert "Not accepted - Plan review date: the review must come after the plan date" in typist.screen.getvalue()
    assert record.review_date.isoformat() == plan


def test_an_answer_file_stops_at_a_wrong_answer_naming_file_and_field(tmp_path: Path) -> None:
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "career_profile.yaml")
    answers["jobs"][1]["hours_per_week"] = "Confidential-7781"
    with pytest.raises(RecordError) as caught:
        Interview(load_form("career_profile"), ScriptedAsker(answers, where="answers.yaml")).run()
    message = str(caught.value)
    assert message == "answers.yaml: jobs[2].hours_per_week: must be a whole number"


def test_unknown_and_inapplicable_keys_in_an_answer_file_are_errors() -> None:
    form = load_form("disclosure_discussion")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "disclosure_discussion.yaml")
    answers |= {"occasion": "first", "revisit_reason": "x", "strenghts": "y"}
    answers["person"] = {**answers["person"], "nickname": "z"}
    asker = ScriptedAsker(answers, where="a.yaml")
    interview = Interview(form, asker)
    interview.run()
    problems = {p.field: p.what for p in unused_problems(asker, form, interview.answers)}
    assert problems["revisit_reason"].startswith("this question does not apply")
    assert problems["strenghts"] == "not a question of this form"
    assert problems["person.nickname"].startswith("not a question of this form")


# --- review and edit ---------------------------------------------------------------------------


def test_review_then_edit_an_answer_and_a_repeating_group() -> None:
    form = load_form("career_profile")
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "career_profile.yaml")
    menus = ["edit", "strengths", "edit", "jobs", "remove 3", "change 0", "done", "save"]
    typed = {"strengths": ["Punctual" + ESC + ENTER, CLEAR_LINE * 3 + "Punctual and kind" + ESC + ENTER]}
    typed |= {"jobs.0.employer": ["Harbor Street Bakery" + ENTER, CLEAR_LINE + "Harbor Bakery" + ENTER]}
    record, typist, _ = run_typist(form, answers, typed=typed, menus=menus)
    assert record.strengths == "Punctual and kind"
    assert [j.employer for j in record.jobs] == ["Harbor Bakery", "Greenway Grocers", "Lakeside Diner"]
    screen = typist.screen.getvalue()
    assert screen.count("== Review: Career Profile ==") == 3
    assert "   Strengths: Punctual" in screen and "Jobs held: 4 jobs" in screen


def test_review_shows_what_is_missing_and_a_draft_can_be_kept() -> None:
    form = load_form("career_profile")
    answers = {
        k: v
        for k, v in answers_of(ROOT / "samples" / "marisol-vega" / "career_profile.yaml").items()
        if k in ("record_id", "person", "staff", "admission_date")
    }
    record, typist, _ = run_typist(form, answers, menus=["stop"])
    assert record is None
    screen = typist.screen.getvalue()
    assert "Strengths: (no answer yet - needed for a complete record)" in screen
    assert "Interests and hobbies: (no answer yet)" in screen


# --- never lose an answer ---------------------------------------------------------------------------


def _saving(store: DraftStore, record_type: str) -> tuple[Any, Any]:
    draft = store.new(record_type, "RB-100482")

    def save(interview: Interview) -> None:
        from ipsdocs.interview.questions import plain_value

        draft.answers, draft.done = plain_value(interview.answers), sorted(interview.done)
        store.save(draft)

    return draft, save


@pytest.mark.parametrize("stop_at", ["strengths", "jobs.1.job_title"])
def test_resume_after_ctrl_c_continues_where_it_stopped(tmp_path: Path, stop_at: str) -> None:
    form = load_form("career_profile")
    sample = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"
    answers = answers_of(sample)
    store = DraftStore(tmp_path / "records")
    draft, save = _saving(store, "career_profile")
    with pytest.raises(KeyboardInterrupt):
        run_typist(form, answers, typed={stop_at: [CTRL_C]}, on_change=save)
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    saved = json.loads(draft.path.read_text())
    assert saved["answers"]["jobs"][0]["employer"] == "Harbor Street Bakery"
    if stop_at == "jobs.1.job_title":
        assert saved["answers"]["jobs"][1] == {"employer": "Greenway Grocers"}

    [again], problems = store.find(draft.id)
    restored, dropped = restore_answers(form.model, again.answers)
    assert problems == [] and dropped == []
    record, typist, _ = run_typist(form, answers, current=restored, done=set(again.done), on_change=save)
    assert typist.prompts[0] == stop_at
    assert record == in_menu_order(load_record(sample).record, form).model_copy(update={"signatures": []})


def test_a_corrupt_draft_is_reported_and_kept_aside(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    good = store.new("career_profile")
    store.save(good)
    bad = store.folder / "career_profile-new-20260101-000000.draft"
    bad.write_text('{"draft_format": 1, "answers": [')
    drafts, problems = store.all()
    assert [d.id for d in drafts] == [good.id]
    assert (
        len(problems) == 1 and "not a readable draft" in problems[0].what and "nothing was deleted" in problems[0].what
    )
    kept = list(store.folder.glob("*.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == '{"draft_format": 1, "answers": ['
    with pytest.raises(DraftError):
        store.load(kept[0])


def test_saving_over_a_record_keeps_the_earlier_version(tmp_path: Path) -> None:
    path = tmp_path / "p" / "career_profile_X.yaml"
    assert save_record(path, b"first: 1\n") is None
    assert save_record(path, b"first: 1\n") is None  # unchanged: no copy needed
    kept = save_record(path, b"second: 2\n")
    assert kept is not None and kept.read_bytes() == b"first: 1\n" and path.read_bytes() == b"second: 2\n"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.parent.name == ".versions"


# --- any model: long anchors, definitions shown first ----------------------------------------------


ANCHOR = (
    "The program has a written plan for every item, reviewed each quarter by the team leader with the "
    "employment specialists, and the plan is shared with the people served in plain words."
)


class _Rating(BaseModel):
    score: int = Field(
        ge=1,
        le=5,
        title="Score",
        description="Caseload size: the ratio of people served to employment specialists.",
        json_schema_extra={
            "choices": [[n, f"{n} = {ANCHOR} Level {n}."] for n in range(1, 6)],
            "show_description": True,
        },
    )
    notes: LongText | None = Field(default=None, title="Evidence notes")


class _Review(BaseModel):
    site: str = Field(title="Site", min_length=1)
    staffing_1: _Rating = Field(title="Staffing 1: Caseload size")
    more: list[_Rating] = Field(default_factory=list, title="More ratings", max_length=1)


def test_long_anchors_wrap_in_80_columns_and_the_definition_comes_first() -> None:
    section = SectionSpec(
        id="s",
        title="Staffing",
        fields=(FieldSpec(field="site"), FieldSpec(field="staffing_1"), FieldSpec(field="more")),
    )
    form = FormSpec(record_type="fidelity_like", title="A review", sections=(section,))
    answers = {"site": "North team", "staffing_1": {"score": 4, "notes": "Seen in the MIS."}, "more": [{"score": 2}]}
    record, typist, _ = run_typist(form, answers, model=_Review)
    assert record.staffing_1.score == 4 and record.more[0].score == 2
    screen = typist.screen.getvalue()
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert screen.index("Caseload size: the ratio") < screen.index("  4 = The program")
    flat = " ".join(screen.split())
    assert f"4 = {ANCHOR} Level 4." in flat


# --- the command -----------------------------------------------------------------------------------


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Test Agency"\n')
    return tmp_path


def test_command_with_answers_prefills_the_person_and_renders(tmp_path: Path, capsys: Any) -> None:
    ws = _workspace(tmp_path)
    person_dir = ws / "records" / "RB-100482"
    person_dir.mkdir(parents=True)
    sample = ROOT / "samples" / "marisol-vega" / "admission_discharge.json"
    (person_dir / "admission.json").write_bytes(sample.read_bytes())
    answers = answers_of(ROOT / "samples" / "marisol-vega" / "disclosure_discussion.yaml")
    del answers["person"]
    answer_file = tmp_path / "answers.yaml"
    answer_file.write_text(yaml.safe_dump(answers))
    code = interview_command(Options("disclosure_discussion", client="RB-100482", answers=answer_file, workspace=ws))
    out = capsys.readouterr().out
    assert code == 0, out
    saved = person_dir / f"disclosure_discussion_{answers['record_id']}.yaml"
    record = load_record(saved).record
    assert record.person.name == "Marisol Vega" and record.person.date_of_birth == date(1984, 6, 12)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    pdf = next((ws / "output").glob("*/disclosure_discussion_*.pdf"))
    text = " ".join(text_lines(pdf_pages(pdf.read_bytes())))
    assert "Marisol Vega" in text and "Complete: every required section has an answer." in out
    assert not (ws / "records" / ".drafts").exists()  # answers from a file: no draft is written


def test_command_updates_a_record_and_keeps_the_earlier_version(tmp_path: Path, capsys: Any) -> None:
    ws = _workspace(tmp_path)
    record_file = ws / "records" / "cp.yaml"
    record_file.parent.mkdir()
    record_file.write_bytes((ROOT / "samples" / "marisol-vega" / "career_profile.yaml").read_bytes())
    original = record_file.read_bytes()
    change = tmp_path / "change.yaml"
    change.write_text("strengths: Calm under pressure\n")
    code = interview_command(Options(record=record_file, answers=change, workspace=ws))
    assert code == 0, capsys.readouterr()
    assert load_record(record_file).record.strengths == "Calm under pressure"
    [kept] = (record_file.parent / ".versions").glob("cp.yaml.*.bak")
    assert kept.read_bytes() == original
    assert (
        load_record(record_file).record.jobs
        == load_record(ROOT / "samples" / "marisol-vega" / "career_profile.yaml").record.jobs
    )


def test_command_saves_an_incomplete_record_and_names_what_is_missing(tmp_path: Path, capsys: Any) -> None:
    ws = _workspace(tmp_path)
    answers = {
        k: v
        for k, v in answers_of(ROOT / "samples" / "darnell-price" / "discharge_plan.yaml").items()
        if k in ("record_id", "person", "staff", "discussed_on")
    }
    answer_file = tmp_path / "a.yaml"
    answer_file.write_text(yaml.safe_dump(answers))
    code = interview_command(Options("discharge_plan", answers=answer_file, workspace=ws))
    out = capsys.readouterr().out
    assert code == 1
    assert "Still missing for a complete record:" in out and "Reason(s) for discharge: no answer yet" in out
    assert "ipsdocs interview --record" in out


def test_command_refuses_a_bad_client_id_and_a_program_record_with_a_client(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    answer_file = tmp_path / "a.yaml"
    answer_file.write_text("{}\n")
    with pytest.raises(IpsdocsError, match="--client: use letters"):
        interview_command(Options("career_profile", client="../etc", answers=answer_file, workspace=ws))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "ipsdocs", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_without_a_terminal_or_answers_it_says_so_and_exits(tmp_path: Path) -> None:
    result = _cli("interview", "career_profile", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no terminal" in result.stderr and "--answers FILE.yaml" in result.stderr


def test_listing_drafts_reports_a_corrupt_one(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "records")
    draft = store.new("benefits_counseling", "RB-7")
    draft.answers = {"person": {"name": "Someone Private", "client_id": "RB-7"}}
    draft.done = ["record_id"]
    store.save(draft)
    (store.folder / "broken.draft").write_text("not json")
    result = _cli("interview", "--drafts", cwd=tmp_path)
    assert result.returncode == 2
    assert draft.id in result.stdout and "client RB-7: 1 of" in result.stdout
    assert "broken.draft: it is not a readable draft" in result.stderr and "Someone Private" not in result.stdout
    assert list(store.folder.glob("broken.draft.unreadable-*"))
    (tmp_path / "a.yaml").write_text("{}\n")
    resumed = _cli("interview", "--resume", "nothing-like-this", "--answers", "a.yaml", cwd=tmp_path)
    assert resumed.returncode == 2 and "no draft matching 'nothing-like-this'" in resumed.stderr
