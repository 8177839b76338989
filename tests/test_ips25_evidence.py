"""Issue 16 item 4: IPS-25 evidence from the records, on a dozen-person program worked out by hand.

The program (NC rules, as of 2026-06-30), three specialists:

- Jordan Ellis admitted P01, P02, P03 (open) and P04 (admitted Feb 15, discharged May 1);
- Priya Raman admitted P04 again on Jun 1 (a second episode, open), P05, P06 (open) and P07 (admitted
  Jul 15: after the day, not counted);
- Marcus Hill admitted P08, P09, P10, P11 and P12 (P12 on Jun 30 itself: open that day).

The expected figures below are worked out from that list, not by calling the code under test.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.evidence.fidelity_evidence import fidelity_evidence, program_evidence
from ipsdocs.evidence.ips25_items import base, jobs
from ipsdocs.evidence.ips25_items.base import program_records
from ipsdocs.evidence.ips25_items.community import services_13
from tests.cli_runner import ROOT, run_cli

NC, NY = load_jurisdiction("nc"), load_jurisdiction("ny")
DAY = date(2026, 6, 30)
JORDAN, PRIYA, MARCUS = "Jordan Ellis", "Priya Raman", "Marcus Hill"
NC_TEST = [{"condition": c, "answer": "yes"} for c in ("integrated_community", "paid_minimum_wage", "not_set_aside")]


def rec(record_type: str, record_id: str, who: str, staff: str, **fields: Any) -> dict[str, Any]:
    person = {"name": f"Person {who}", "client_id": who}
    return {"record_type": record_type, "schema_version": 1, "record_id": record_id, "person": person,
            "staff": {"name": staff}, **fields}  # fmt: skip


def admission(record_id: str, who: str, staff: str, admitted: str, discharged: str | None = None) -> dict[str, Any]:
    ends = {"discharge_date": discharged, "discharge_reason": "requested"} if discharged else {}
    return rec("admission_discharge", record_id, who, staff, admission_date=admitted, **ends)


def job(record_id: str, who: str, staff: str, start: str, kind: str | None, arrangement: str = "individual_community"):
    kind_field = {"employment_type": kind} if kind else {}
    return rec("job_start", record_id, who, staff, employer_id="E1", employer_name="Bakery", job_title="Baker",
               start_date=start, competitive_test="nc", arrangement=arrangement, cie_answers=NC_TEST,
               hourly_wage="15.00", **kind_field)  # fmt: skip


def note(record_id: str, who: str, staff: str, day: str, place: str | None, minutes: int | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"service_date": day}
    if place:
        fields["place"] = place
        fields["face_to_face"] = place not in ("phone", "video")
    if minutes:
        fields["duration_minutes"] = minutes
    return rec("service_note", record_id, who, staff, **fields)


def dozen() -> list[dict[str, Any]]:
    raw = [
        admission("AD-01", "P01", JORDAN, "2026-01-05"),
        admission("AD-02", "P02", JORDAN, "2026-01-10"),
        admission("AD-03", "P03", JORDAN, "2026-02-01"),
        admission("AD-04", "P04", JORDAN, "2026-02-15", discharged="2026-05-01"),
        admission("AD-04B", "P04", PRIYA, "2026-06-01"),
        admission("AD-05", "P05", PRIYA, "2026-01-20"),
        admission("AD-06", "P06", PRIYA, "2026-03-01"),
        admission("AD-07", "P07", PRIYA, "2026-07-15"),
        admission("AD-08", "P08", MARCUS, "2026-02-01"),
        admission("AD-09", "P09", MARCUS, "2026-03-10"),
        admission("AD-10", "P10", MARCUS, "2026-04-01"),
        admission("AD-11", "P11", MARCUS, "2026-05-01"),
        admission("AD-12", "P12", MARCUS, "2026-06-30"),
        # Jobs (Services 10)
        job("JS-01", "P01", JORDAN, "2026-03-01", "permanent"),
        job("JS-01B", "P01", JORDAN, "2026-06-01", "permanent"),  # a second job, held with the first
        job("JS-02", "P02", JORDAN, "2026-03-15", "permanent"),
        job("JS-02B", "P02", JORDAN, "2026-02-01", "permanent"),
        rec("job_end", "JE-02B", "P02", JORDAN, job_start_id="JS-02B", end_date="2026-06-30"),  # last day: held
        job("JS-03", "P03", JORDAN, "2026-05-01", "seasonal"),  # counts (l.162)
        job("JS-04", "P04", JORDAN, "2026-03-01", "permanent"),
        rec("job_end", "JE-04", "P04", JORDAN, job_start_id="JS-04", end_date="2026-04-15"),  # not held on Jun 30
        job("JS-05", "P05", PRIYA, "2026-04-01", "temp_agency"),  # counts (l.162)
        job("JS-06", "P06", PRIYA, "2026-05-10", "temporary"),  # held, not permanent
        job("JS-08", "P08", MARCUS, "2026-04-20", "permanent", arrangement="set_aside"),  # NC test: not competitive
        job("JS-09", "P09", MARCUS, "2026-04-15", "permanent"),
        job("JS-10", "P10", MARCUS, "2026-05-15", "self_employed"),
        job("JS-11", "P11", MARCUS, "2026-06-10", None),  # no type recorded: not counted
        # Notes (Services 13)
        note("SN-J0", "P01", JORDAN, "2026-05-01", None, 60),  # no place: left out
        note("SN-J1", "P01", JORDAN, "2026-05-04", "coffee_shop", 60),
        note("SN-J2", "P01", JORDAN, "2026-05-05", "office", 30),
        note("SN-J3", "P01", JORDAN, "2026-05-06", "employer_site", 45),
        note("SN-J4", "P01", JORDAN, "2026-05-07", "home", 45),
        note("SN-J5", "P01", JORDAN, "2026-05-08", "phone", 20),
        note("SN-J6", "P01", JORDAN, "2026-07-02", "office", 60),  # after the day: not counted
        note("SN-P1", "P05", PRIYA, "2026-05-04", "home", None),
        note("SN-P2", "P05", PRIYA, "2026-05-05", "office", None),
        note("SN-P3", "P05", PRIYA, "2026-05-06", "office", None),
        note("SN-P4", "P05", PRIYA, "2026-05-07", "training_site", None),
        note("SN-M1", "P08", MARCUS, "2026-05-04", "office", 60),
        note("SN-M2", "P08", MARCUS, "2026-05-05", "video", 30),
        note("SN-M3", "P08", MARCUS, "2026-05-06", "employer_site", 30),
    ]
    return raw


def program(day: date = DAY, state: Any = NC) -> list[Any]:
    return [validate_record(r, "t", state) for r in dozen()]


def items(day: date = DAY) -> dict[str, Any]:
    return {i.item_id: i for i in fidelity_evidence(program(), NC, day)}


def test_the_anchor_numbers_are_the_scales_own() -> None:
    """Read from the anchor texts of reference/002 l.78 (Staffing 1), l.162 (Services 10), l.173 (Services 13)."""
    assert base.anchor_numbers("staffing_1", last=True) == {5: 20, 4: 25, 3: 30, 2: 40}
    assert base.anchor_numbers("services_10", last=False) == {5: 95, 4: 85, 3: 75, 2: 65}
    assert base.anchor_numbers("services_13", last=False) == {5: 65, 4: 50, 3: 40, 2: 30}
    assert jobs.fewest_current_jobs() == 10
    # Staffing 1: <=20 -> 5, 21-25 -> 4, 26-30 -> 3, 31-40 -> 2, >=41 -> 1
    assert [base.score_at_most("staffing_1", n) for n in (20, 21, 25, 26, 30, 31, 40, 41)] == [5, 4, 4, 3, 3, 2, 2, 1]
    assert [base.score_at_least("services_13", n) for n in (29, 30, 39, 40, 49, 50, 64, 65)] == [1, 2, 2, 3, 3, 4, 4, 5]
    assert [base.score_at_least("services_10", n) for n in (64, 65, 74, 75, 85, 94, 95)] == [1, 2, 2, 3, 4, 4, 5]
    assert (base.whole(22.5), base.whole(22.49), base.whole(72.7)) == (23, 22, 73)


def test_staffing_1_caseload_by_hand() -> None:
    """Open on Jun 30: Jordan P01-P03 (P04 discharged May 1) = 3; Priya P04's second episode, P05, P06
    (P07 admitted Jul 15) = 3; Marcus P08-P12 = 5. 11 people / 3 specialists = 3.7 -> 4 -> anchor 5."""
    st1 = items()["staffing_1"]
    assert st1.anchor == 5 and st1.records == 11
    assert st1.figure.startswith("3.7 people per specialist on 2026-06-30 (11 people, 3 specialists:")
    assert "Jordan Ellis 3, Marcus Hill 5, Priya Raman 3" in st1.figure
    assert st1.behind == (
        "AD-01",
        "AD-02",
        "AD-03",
        "AD-08",
        "AD-09",
        "AD-10",
        "AD-11",
        "AD-12",
        "AD-04B",
        "AD-05",
        "AD-06",
    )
    assert "part-time staff need the roster" in st1.how and "admission form" in st1.how
    # On Apr 10: Jordan P01-P04 = 4; Priya P05, P06 = 2; Marcus P08-P10 = 3: 9 / 3 = 3.0
    assert items(date(2026, 4, 10))["staffing_1"].figure.startswith("3.0 people per specialist on 2026-04-10 (9 people")


def test_services_10_competitive_jobs_by_hand() -> None:
    """Held on Jun 30: JS-01, 01B, 02, 02B (ends that day), 03, 05, 06, 08, 09, 10, 11 = 11 (JS-04 ended Apr 15).
    Counted: 01, 01B, 02, 02B (permanent), 03 (seasonal), 05 (temp agency), 09, 10 (self-employed) = 8;
    not: 06 (temporary), 08 (set aside: the NC test fails), 11 (no type). 8 / 11 = 72.7 % -> 73 -> anchor 2."""
    s10 = items()["services_10"]
    assert s10.anchor == 2 and s10.records == 11
    assert s10.figure.startswith("8 of the 11 jobs held on 2026-06-30 are permanent competitive jobs (73%)")
    assert "1 without a recorded job type or test result" in s10.figure
    # in the order they started
    assert s10.behind == ("JS-02B", "JS-01", "JS-02", "JS-05", "JS-09", "JS-08", "JS-03", "JS-06", "JS-10", "JS-01B",
                          "JS-11")  # fmt: skip
    # On Apr 10: JS-02B, JS-01, JS-04, JS-02, JS-05 held = 5 current jobs: fewer than 10 scores 1 (anchor 1)
    early = items(date(2026, 4, 10))["services_10"]
    assert early.anchor == 1 and "fewer than 10 current jobs, which the scale scores 1" in early.figure
    assert early.figure.startswith("5 of the 5 jobs held on 2026-04-10")


def test_services_13_community_time_by_hand() -> None:
    """Jordan: community 60 + 45 + 45 = 150 of 200 minutes (office 30, phone 20) = 75 %; SN-J0 has no place,
    SN-J6 is after the day. Priya: no durations, 2 of 4 notes in the community = 50 %. Marcus: 30 of 120
    minutes (office 60, video 30) = 25 %. Average (75 + 50 + 25) / 3 = 50 % -> anchor 4 (50-64 %).
    NC's target 75 %: Priya and Marcus below it (Jordan's 75 % is not)."""
    s13 = items()["services_13"]
    assert s13.anchor == 4 and s13.records == 12
    assert s13.figure.startswith("50% of recorded service time in the community, averaged over 3 specialists")
    assert "(Jordan Ellis 75%, Marcus Hill 25%, Priya Raman 50% of notes)" in s13.figure
    assert "not of scheduled hours" in s13.figure
    assert "North Carolina's target: at least 75%, 2 specialist(s) below it" in s13.figure
    assert "1 note(s) without a place left out" in s13.figure
    expected = (
        "SN-J1",
        "SN-J2",
        "SN-J3",
        "SN-J4",
        "SN-J5",
        "SN-M1",
        "SN-M2",
        "SN-M3",
        "SN-P1",
        "SN-P2",
        "SN-P3",
        "SN-P4",
    )
    assert s13.behind == expected
    assert s13.behind_text() == "SN-J1, SN-J2, SN-J3, SN-J4, SN-J5, SN-M1, SN-M2, SN-M3 and 4 more"
    ny = services_13(program_records(program(), NY, DAY))
    assert "New York's target: at least 50% (65% recommended)" in ny.figure and ny.anchor == 4


def test_every_item_of_the_scale_in_its_order() -> None:
    from ipsdocs.definitions.scale import load_scale

    evidence = program_evidence(program(), NC, DAY, "Test team")
    scale = load_scale()
    assert [i.item_id for i in evidence.items] == list(scale.item_ids)
    from_records = [i.item_id for i in evidence.items if i.from_records]
    assert from_records == ["staffing_1", *(f"services_{n}" for n in (1, 2, 3, 4, 6, 10, 12, 13))]
    staffing_2 = evidence.items[1]
    assert staffing_2.text() == (
        "needs interviews or observation (the scale's data sources for this item: MIS, DOC, INT)"
    )
    suggested = evidence.suggestions()
    # no career profile and no employer contact among the records: Services 3 and 6 are asked as without evidence
    assert set(suggested) == set(from_records) - {"services_3", "services_6"}
    services_6 = {i.item_id: i for i in evidence.items}["services_6"]
    assert services_6.text() == "no employer contacts recorded: nothing in the records to score or support it yet"
    assert suggested["services_10"]["score"] == 2
    assert suggested["services_2"]["score"] is None  # supports only: the rater scores it
    assert suggested["services_13"]["evidence"].startswith("Suggested from the records, you decide: 50% of")


def _consistent(evidence: Any) -> None:
    from ipsdocs.definitions.scale import load_scale

    assert [i.item_id for i in evidence.items] == list(load_scale().item_ids)
    for item in evidence.items:
        assert item.anchor is None or item.anchor in (1, 2, 3, 4, 5)
        if item.from_records and item.anchor:
            assert item.records > 0 and item.behind, item.item_id
    found = {i.item_id: i for i in evidence.items}
    st1 = found["staffing_1"]
    counts = [int(part.rsplit(" ", 1)[1]) for part in st1.figure.split(": ", 1)[1].rstrip(")").split(", ")]
    assert sum(counts) == st1.records == len(st1.behind)  # each specialist's people add up to the total
    assert found["services_10"].records == len(found["services_10"].behind)
    assert found["services_13"].records == len(found["services_13"].behind)


def test_the_generated_program_of_300(tmp_path: Path) -> None:
    """In the library and through the command, from a JSON Lines export: the same 25 items."""
    from ipsdocs.definitions.generate import generate, write_jsonl
    from ipsdocs.definitions.models import MODELS

    generated = generate(300, seed=16, practice=True)
    records = [MODELS[g.record_type].model_validate(g.data) for g in generated]
    day = max(r.document_date for r in records)
    evidence = program_evidence(records, NC, day, "generated")
    _consistent(evidence)
    scored = {i.item_id for i in evidence.items if i.anchor}
    assert {"staffing_1", "services_4", "services_6", "services_10", "services_13"} <= scored
    assert "people receiving services" in evidence.completion.sentence()
    export = write_jsonl(generated, tmp_path / "program.jsonl")
    found = run_cli("fidelity", "evidence", export, "--as-of", day.isoformat(), "--json", tmp_path / "e.json")
    assert found.returncode == 0, found.stderr
    written = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert [i["anchor"] for i in written["items"]] == [i.anchor for i in evidence.items]
    assert [i["text"] for i in written["items"]] == [i.text() for i in evidence.items]


def test_the_command_on_the_samples_with_json(tmp_path: Path) -> None:
    out = tmp_path / "evidence.json"
    found = run_cli("fidelity", "evidence", ROOT / "samples", "--as-of", "2026-11-20", "--program", "RBH-IPS-01",
                    "--json", out)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert "for RBH-IPS-01 (Riverbend IPS Team) as of 2026-11-20" in found.stdout
    assert "Staffing 2 Employment services staff: needs interviews or observation" in found.stdout
    assert "Services 13 Community-based services: 100% of recorded service time" in found.stdout
    assert "Records: AD-2026-0141, AD-2026-0207." in found.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kind"] == "ipsdocs IPS-25 evidence" and len(data["items"]) == 25
    assert data["items"][0]["item"] == "staffing_1" and data["items"][0]["anchor"] == 5
    _consistent(program_evidence(program(), NC, DAY, "t"))


def test_an_unknown_program_is_refused_in_one_line() -> None:
    found = run_cli("fidelity", "evidence", ROOT / "samples", "--program", "RBH-IPS-99")
    assert found.returncode == 2 and found.stdout == ""
    assert found.stderr.strip() == (
        "error: --program: no fidelity review in these records is about this program; they are about: "
        "RBH-IPS-01 (Riverbend IPS Team)"
    )
    bad_day = run_cli("fidelity", "evidence", ROOT / "samples", "--as-of", "30/06/2026")
    assert bad_day.returncode == 2 and "--as-of" in bad_day.stderr


def test_markup_and_control_characters_in_the_records_are_shown_not_obeyed(tmp_path: Path) -> None:
    """A specialist's name with rich markup and a C1 control character (CSI, U+009B): printed as text."""
    hostile = "[bold red]Jo[/] \u009b31mRay"
    raw = [
        admission("AD-H1", "H1", hostile, "2026-05-01"),
        note("SN-H1", "H1", hostile, "2026-05-04", "library", 30),
    ]
    for record in raw:
        (tmp_path / f"{record['record_id']}.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    found = run_cli("fidelity", "evidence", tmp_path, "--as-of", "2026-06-30", "--program", "[red]T-1")
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith(
        "IPS-25 evidence from the records for [red]T-1 (no review among the records names it; every record "
        "given is counted) as of 2026-06-30"
    )
    line = next(x for x in found.stdout.splitlines() if x.startswith("Services 13"))
    assert "[bold red]Jo[/] <U+009B>31mRay 100%" in line
    assert "\u009b" not in found.stdout and "\x1b" not in found.stdout


# --- the interview offers the evidence; the rater decides (a real pseudo-terminal) ---------------------

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DOWN, ESC = "\x1b[B", "\x1b"


class Rater:
    """Types into ``ipsdocs interview`` in a pseudo-terminal, reading the screen without its escape codes."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import pexpect

        env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
               "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
        ipsdocs = Path(sys.executable).with_name("ipsdocs")
        self.child = pexpect.spawn(str(ipsdocs), args, cwd=str(cwd), env=env, dimensions=(40, 100),
                                   encoding="utf-8", timeout=30)  # fmt: skip
        self.raw, self.seen = "", 0

    def wait(self, *patterns: str) -> tuple[int, re.Match[str]]:
        """The first of ``patterns`` that appears on screen after the last one found."""
        import pexpect

        compiled = [re.compile(p) for p in patterns]
        while True:
            text = ANSI.sub("", self.raw)
            found = [(m.start(), n, m) for n, c in enumerate(compiled) if (m := c.search(text, self.seen))]
            if found:
                _, number, match = min(found)
                self.seen = match.end()
                return number, match
            try:
                self.raw += self.child.read_nonblocking(100_000, timeout=30)
            except (pexpect.EOF, pexpect.TIMEOUT):
                raise AssertionError(f"no {patterns} on the screen: {text[-2000:]}") from None

    def at(self, pattern: str, keys: str) -> None:
        self.wait(pattern)
        self.child.send(keys)

    def screen(self) -> str:
        """What was shown, its lines as wrapped by the terminal joined again (one space between words)."""
        return " ".join(ANSI.sub("", self.raw).split())


REVIEW_DETAILS = [
    ("Record ID for this review", "\x15FR-PTY-1\r"),
    ("Program or site", "Riverbend IPS Team\r"),
    ("Agency", "\r"),
    ("Program ID", "RBH-IPS-01\r"),
    (r"Add a rater\?", "y"),
    ("Name", "Dana Whitfield\r"),
    ("Role", "\r"),
    ("Organization", "\r"),
    (r"Add another rater\?", "n"),
    ("Date of the review", "2026-11-20\r"),
    (r"self-assessment or an external review\?\s+\(arrows", "\r"),
    (r"first fidelity review, a later one.*\?\s+\(arrows", "\r"),
    ("When was the final report received", "\r"),
]


def _rate_every_item(rater: Rater, changes: dict[str, str], notes: dict[str, str]) -> list[str]:
    """Each item as it comes: Enter accepts what is offered, except the scores and notes the rater changes."""
    item, asked, handled = "", [], set()
    prompts = (r"(Staffing|Organization|Services) (\d+): \w", r"Key components present \(of \d\)\s+\(",
               r"Score\s+\(arrows[^»]*»", r"Data sources used\s+\(", r"Evidence notes\s", r"What next\?",
               r"strengths and the reviewers' recommendations\s")  # fmt: skip
    while True:
        kind, match = rater.wait(*prompts)
        if kind == 0:
            item, handled = f"{match.group(1).lower()}_{match.group(2)}", set()
            asked.append(item)
            continue
        if kind in handled:
            continue  # the same prompt drawn again (a key moved the pointer)
        handled.add(kind)
        if kind == 2 and item in changes:
            time.sleep(0.5)  # the choices drawn, the prompt reads keys (an arrow key is an escape sequence)
        if kind == 2:
            rater.child.send(changes.get(item, "") + "\r")
        elif kind in (4, 6):
            rater.child.send(notes.get(item, "") + ESC + "\r")
        elif kind == 5:
            rater.child.send("\r")  # save
            return asked
        else:
            rater.child.send("\r")  # no components ticked, no data sources ticked


@pytest.mark.skipif(not Path(sys.executable).with_name("ipsdocs").exists(), reason="ipsdocs is not installed")
def test_the_interview_offers_the_evidence_and_saves_what_the_rater_decides(tmp_path: Path) -> None:
    """From the samples: Staffing 1 is offered 5 (accepted), Services 10 is offered 1 (fewer than 10 current
    jobs; the rater moves it down one to 2 and adds a note), Services 2 has its evidence notes filled in
    (the records do not score it), Staffing 2 has no evidence (asked as before)."""
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Pine Ridge IPS"\n')
    evidence_file = tmp_path / "evidence.json"
    written = run_cli("fidelity", "evidence", ROOT / "samples", "--as-of", "2026-11-20", "--json", evidence_file)
    assert written.returncode == 0, written.stderr

    rater = Rater(["interview", "fidelity_review", "--evidence", str(evidence_file)], tmp_path)
    for pattern, keys in REVIEW_DETAILS:
        rater.at(pattern, keys)
    asked = _rate_every_item(rater, {"services_10": DOWN}, {"services_10": " Rater: two jobs seen on the visit."})
    rater.child.expect(pexpect_eof(), timeout=120)
    rater.child.close()
    screen = rater.screen()
    assert rater.child.exitstatus == 0, screen[-3000:]
    assert len(set(asked)) == 25  # every item asked, suggested or not
    assert "evidence.json, as of 2026-11-20) is offered for 9 items" in screen
    assert "Staffing 1 (Caseload size). Suggested from the records, you decide: score 5" in screen
    assert "Services 2 (Disclosure). Suggested from the records, you decide: the records support this item" in screen

    [saved] = (tmp_path / "records").rglob("fidelity_review_FR-PTY-1.yaml")
    review = load_record(saved).record
    assert review.staffing_1.score == 5  # accepted
    assert review.staffing_1.evidence.startswith("Suggested from the records, you decide: 1.0 people per specialist")
    assert review.services_10.score == 2  # offered 1, changed by the rater
    assert review.services_10.evidence.endswith("Records: JS-2026-0141-1. Rater: two jobs seen on the visit.")
    assert review.services_2.score == 1 and review.services_2.evidence.startswith("Suggested from the records")
    assert review.staffing_2.score == 1 and review.staffing_2.evidence is None  # no evidence: asked as before


@pytest.mark.skipif(not Path(sys.executable).with_name("ipsdocs").exists(), reason="ipsdocs is not installed")
def test_a_suggestion_is_never_saved_as_the_rating_unless_the_rater_goes_on(tmp_path: Path) -> None:
    """Interrupted at the first suggested score: no review is saved, only the rater's draft."""
    (tmp_path / "ipsdocs.toml").write_text('[agency]\nname = "Pine Ridge IPS"\n')
    rater = Rater(["interview", "fidelity_review", "--evidence", str(ROOT / "samples")], tmp_path)
    for pattern, keys in REVIEW_DETAILS:
        rater.at(pattern, keys)
    rater.at(r"Score\s+\(arrows", "\x03")
    rater.child.expect(pexpect_eof(), timeout=60)
    rater.child.close()
    assert rater.child.exitstatus == 130
    assert "RBH-IPS-01 (Riverbend IPS Team), as of 2026-11-20) is offered for 9 items" in rater.screen()
    assert not list((tmp_path / "records").rglob("fidelity_review_*.yaml"))
    assert len(list((tmp_path / "records" / ".drafts").glob("*.draft"))) == 1


def pexpect_eof() -> Any:
    import pexpect

    return pexpect.EOF
