"""``ipsdocs due``: what is due for each person on a caseload, from the records and the state's rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import validate_record
from ipsdocs.evidence.due import due_items

NC, NY = load_jurisdiction("nc"), load_jurisdiction("ny")
AS_OF = date(2026, 11, 20)


def rec(record_type: str, record_id: str, who: str, staff: str, **fields: Any) -> dict[str, Any]:
    person = {"name": f"Person {who}", "client_id": f"C-{who}"}
    return {"record_type": record_type, "schema_version": 1, "record_id": record_id, "person": person,
            "staff": {"name": staff}, **fields}  # fmt: skip


def caseload() -> list[dict[str, Any]]:
    jordan, priya = "Jordan Ellis", "Priya Raman"
    return [
        # A: admitted Nov 1; one disclosure discussion; plan review Dec 10; no profile, no benefits session yet
        rec("admission_discharge", "AD-A", "A", jordan, admission_date="2026-11-01", criterion_a_smi=True,
            criterion_b_areas=["crisis", "justice"], criterion_c_desire_to_work=True,
            criterion_c_employment_pattern=True, criterion_c_needs_assistance=True),
        rec("disclosure_discussion", "DD-A", "A", jordan, discussion_date="2026-11-05"),
        rec("employment_plan", "EP-A", "A", jordan, plan_date="2026-11-10", review_date="2026-12-10"),
        # B: everything done in time; the plan's review date has passed
        rec("admission_discharge", "AD-B", "B", priya, admission_date="2026-09-01"),
        rec("career_profile", "CP-B", "B", priya, admission_date="2026-09-01", completed_on="2026-09-20",
            sessions=[{"session_date": "2026-09-10"}, {"session_date": "2026-09-20"}]),
        rec("benefits_counseling", "BC-B", "B", priya, session_date="2026-09-03", occasion="service_initiation"),
        rec("disclosure_discussion", "DD-B1", "B", priya, discussion_date="2026-09-05"),
        rec("disclosure_discussion", "DD-B2", "B", priya, discussion_date="2026-10-05"),
        rec("employment_plan", "EP-B", "B", priya, plan_date="2026-09-15", review_date="2026-11-01"),
        # C: discharged: nothing is due
        rec("admission_discharge", "AD-C", "C", jordan, admission_date="2026-06-01", discharge_date="2026-10-01",
            discharge_reason="requested"),
    ]  # fmt: skip


def test_the_due_list_by_hand() -> None:
    records = [validate_record(r, "t", NC) for r in caseload()]
    found = [(i.client_id, i.rule, i.due, i.overdue, i.when(AS_OF)) for i in due_items(records, NC, AS_OF)]
    assert found == [
        ("C-A", "benefits_at_initiation", None, True, "now"),  # NC: begins at service initiation
        ("C-B", "employment_plan_review", date(2026, 11, 1), True, "19 days overdue"),
        ("C-A", "career_profile_on_time", date(2026, 12, 1), False, "in 11 days"),  # 30 days after Nov 1
        ("C-A", "employment_plan_review", date(2026, 12, 10), False, "in 20 days"),
        ("C-A", "disclosure_more_than_once", date(2027, 1, 5), False, "in 46 days"),  # two months after the first
    ]
    mine = due_items(records, NC, AS_OF, specialist="jordan ellis")
    assert {i.client_id for i in mine} == {"C-A"} and len(mine) == 4
    # in NY there is no benefits-at-initiation rule
    in_ny = [validate_record(r, "t", NY) for r in caseload()]
    assert "benefits_at_initiation" not in {i.rule for i in due_items(in_ny, NY, AS_OF)}


def test_the_command_lists_a_caseload_of_25_in_one_80_column_screen(tmp_path: Path) -> None:
    from ipsdocs.definitions.generate import generate, write_folder
    from tests.cli_runner import run_cli

    write_folder(generate(25, seed=3), tmp_path / "records")
    pdf = tmp_path / "due.pdf"
    result = run_cli("due", tmp_path / "records", "--as-of", "2025-03-31", "--pdf", pdf, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Due as of 2025-03-31, every caseload, North Carolina rules"
    assert lines[-1] == f"Wrote {pdf}"  # a path is as long as it is; every line of the list fits 80
    assert all(len(line) <= 80 for line in lines[:-1]), max(lines[:-1], key=len)
    people = lines[3:-1]  # after the title, the count and the column heads; the last line names the PDF
    assert lines[1].startswith(f"{len(people)} people") and 5 <= len(people) <= 25
    assert len({line.split()[2] for line in people}) == len(people)  # one line a person (the client id)
    assert len(lines) <= 30  # one screen
    from ipsdocs.render.checks import pdf_pages

    [page] = pdf_pages(pdf.read_bytes())  # the caseload of 25 on one page to print
    text = " ".join(page.split())
    for line in people:  # each person named once, with their client id, their items after
        client_id = next(word for word in line.split() if word.startswith("GEN-"))
        assert text.count(f"({client_id})") == 1, client_id
    assert f"{len(people)} people, " in text and text.count("☐") >= len(people)
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(caseload()[0]), encoding="utf-8")
    bad = run_cli("due", tmp_path / "a.yaml", "--as-of", "someday", cwd=tmp_path)
    assert bad.returncode == 2 and "--as-of" in bad.stderr
    report = run_cli("report", "compliance", tmp_path / "records", "--csv", tmp_path / "c.csv", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Career profile within the days after admission" in report.stdout
    rows = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "client_id,specialist,episode,rule,status,due,quarter" and len(rows) > 25 * 5
    assert not any(row.endswith(",'") for row in rows)


def test_compliance_by_rule_and_by_specialist_by_hand() -> None:
    """A: open, benefits at initiation missing, profile and second disclosure not yet due (left out of the
    rates). B: everything in time, but no eligibility answers. C: discharged with nothing but the
    admission (no answers, no profile, benefits, disclosure or discharge plan)."""
    from ipsdocs.evidence.compliance import compliance

    found = compliance([validate_record(r, "t", NC) for r in caseload()], NC, AS_OF)
    rates = {r.rule: (r.met, r.applied, sorted(r.missed_by)) for r in found.rules if r.applied}
    assert rates == {
        "admission_record": (3, 3, []),
        "eligibility": (1, 3, ["C-B", "C-C"]),
        "career_profile_on_time": (1, 2, ["C-C"]),
        "career_profile_sessions": (1, 1, []),
        "benefits_at_initiation": (1, 3, ["C-A", "C-C"]),
        "disclosure_more_than_once": (1, 2, ["C-C"]),
        "discharge_plan": (0, 1, ["C-C"]),
        "discharge_reason": (1, 1, []),
    }
    jordan = {r.rule: (r.met, r.applied) for r in found.by_specialist["Jordan Ellis"]}
    assert jordan["benefits_at_initiation"] == (0, 2) and jordan["admission_record"] == (2, 2)
    assert ("C-A", "Jordan Ellis", 1, "career_profile_on_time", "due", "2026-12-01") in found.rows


def test_a_long_name_is_cut_never_the_client_id(tmp_path: Path) -> None:
    from tests.cli_runner import run_cli

    long_name = "Maria Guadalupe Fontaine-Okonkwo"
    data = caseload()[:3]  # person A: admitted Nov 1, with a disclosure discussion and a plan
    for record in data:
        record["person"] = {"name": long_name, "client_id": "GEN-000123"}
    for record in data:
        (tmp_path / f"{record['record_id']}.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    result = run_cli("due", tmp_path, "--as-of", "2026-11-20", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "GEN-000123" in line]
    assert line.startswith("Maria Guadalu… GEN-000123 benefits now"), line  # 25 columns: 13 + … + id
    assert len(line) <= 80
