"""Issue 16, items 2 and 3: the program compliance report (PDF) and the quarterly outcome report (PDF
and Word), on a dozen people worked out by hand, on the samples and on a generated program of 300.

Documents are read back with pdftotext and python-docx; the expected figures are written out here.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import validate_record
from tests.system_tools import require_tool

NC = load_jurisdiction("nc")
AS_OF = date(2026, 11, 20)
JORDAN, PRIYA = "Jordan Ellis", "Priya Raman"
KEPT = {"admission_record", "career_profile_on_time", "benefits_at_initiation"}
"""The person-level rules the dozen are judged by (the others off), so every figure can be worked out."""
QUARTERS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]


def three_rules() -> Any:
    from ipsdocs.evidence.checks import PERSON_CHECKS

    person = {c.rule for c in PERSON_CHECKS}
    rules = {k: r if k in KEPT or k not in person else r.model_copy(update={"applies": False})
             for k, r in NC.rules.items()}  # fmt: skip
    return NC.model_copy(update={"rules": rules})


def rec(record_type: str, number: int, staff: str, name: str | None = None, **fields: Any) -> dict[str, Any]:
    person = {"name": name or f"Person {number:02d}", "client_id": f"C-{number:02d}"}
    return {"record_type": record_type, "schema_version": 1, "record_id": f"{record_type[:2].upper()}-{number:02d}",
            "person": person, "staff": {"name": staff}, **fields}  # fmt: skip


def contact(number: int, day: str, staff: str) -> dict[str, Any]:
    return {"record_type": "employer_contact", "schema_version": 1, "record_id": f"EC-{number:02d}",
            "specialist": {"name": staff}, "contact_date": day, "mode": "in_person", "face_to_face": True,
            "employer": {"employer_id": "E1", "name": "Bakery"}, "client_ids": [f"C-{number:02d}"]}  # fmt: skip


# (number, specialist, admitted, career profile completed on, benefits counseled at initiation)
DOZEN = [
    (1, JORDAN, "2026-01-10", "2026-01-30", True),  # profile in 20 days: met, due Feb 9 (Q1)
    (2, JORDAN, "2026-02-20", "2026-04-01", False),  # 40 days: missed, due Mar 22 (Q1)
    (3, PRIYA, "2026-03-15", "2026-04-10", True),  # met, due Apr 14 (Q2); benefits in Q1 (admission's)
    (4, PRIYA, "2026-04-05", None, True),  # none: overdue, due May 5 (Q2)
    (5, JORDAN, "2026-05-01", "2026-05-25", False),  # met, due May 31 (Q2)
    (6, PRIYA, "2026-06-10", "2026-07-05", True),  # met, due Jul 10 (Q3); benefits in Q2
    (7, JORDAN, "2026-07-01", "2026-08-15", True),  # 45 days: missed, due Jul 31 (Q3)
    (8, PRIYA, "2026-08-01", None, False),  # overdue, due Aug 31 (Q3)
    (9, JORDAN, "2026-09-05", "2026-09-30", False),  # met, due Oct 5 (Q4); benefits in Q3
    (10, PRIYA, "2026-10-01", "2026-10-20", True),  # met, due Oct 31 (Q4)
    (11, JORDAN, "2026-11-01", None, False),  # due Dec 1, not yet: left out; benefits overdue (Q4)
    (12, PRIYA, "2026-11-05", "2026-11-15", True),  # met; due Dec 5, after the report's day: counts in Q4
]


def dozen(names: dict[int, str] | None = None, staff: dict[int, str] | None = None) -> list[Any]:
    raw = []
    for number, specialist, admitted, completed, counseled in DOZEN:
        who = (staff or {}).get(number, specialist)
        name = (names or {}).get(number)
        raw.append(rec("admission_discharge", number, who, name, admission_date=admitted))
        if completed:
            raw.append(rec("career_profile", number, who, name, admission_date=admitted, completed_on=completed,
                           sessions=[{"session_date": admitted}, {"session_date": completed}]))  # fmt: skip
        if counseled:
            raw.append(rec("benefits_counseling", number, who, name, session_date=admitted,
                           occasion="service_initiation"))  # fmt: skip
    raw += [contact(1, "2026-01-20", JORDAN), contact(5, "2026-05-21", JORDAN), contact(3, "2026-04-24", PRIYA)]
    return [validate_record(r, "t", NC) for r in raw]


def test_the_compliance_trend_by_quarter_by_hand() -> None:
    from ipsdocs.evidence.compliance import compliance

    found = compliance(dozen(), three_rules(), AS_OF)
    trend = found.trend(QUARTERS)
    assert trend["admission_record"] == [(3, 3), (3, 3), (3, 3), (3, 3)]  # the quarter of each admission
    # due dates: Q1 people 1 (met) and 2 (missed); Q2 3 (met), 4 (overdue), 5 (met); Q3 6 (met), 7 (missed),
    # 8 (overdue); Q4 9, 10 and 12 (met early, due after the report's day); 11 not yet due
    assert trend["career_profile_on_time"] == [(1, 2), (2, 3), (1, 3), (3, 3)]
    # no due date in NC: the quarter of admission; 2, 5, 8, 9 and 11 had no session at initiation
    assert trend["benefits_at_initiation"] == [(2, 3), (2, 3), (1, 3), (2, 3)]
    jordan = found.trend(QUARTERS, specialist=JORDAN)
    assert jordan["career_profile_on_time"] == [(1, 2), (1, 1), (0, 1), (1, 1)]
    assert found.trend(QUARTERS, specialist=PRIYA)["career_profile_on_time"] == [(0, 0), (1, 2), (1, 2), (2, 2)]
    assert found.trend(["2025Q4"]) == {r: [(0, 0)] for r in trend}  # before anyone was admitted


def pdftotext(path: Path, *pages: int) -> str:
    tool = require_tool("pdftotext")
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run([tool, *span, str(path), "-"], capture_output=True, text=True, check=True).stdout


def table_lines(path: Path) -> list[str]:
    """The PDF's lines as laid out (a table row on one line, its first cell's first line first), spaces collapsed."""
    tool = require_tool("pdftotext")
    text = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


def row_of(lines: list[str], title: str, figures: str) -> bool:
    """Whether a row starts with (the first words of) ``title`` and then shows ``figures``."""
    return any(line.startswith(title[:24]) and f" {figures}" in line for line in lines)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def test_the_compliance_pdf_of_the_dozen_reads_back_with_the_figures_by_hand(tmp_path: Path) -> None:
    from ipsdocs.reports.compliance_pdf import write_compliance_pdf

    path = tmp_path / "compliance.pdf"
    write_compliance_pdf(path, dozen(), three_rules(), AS_OF, "CONFIDENTIAL: protected health information.")
    assert path.stat().st_mode & 0o777 == 0o600
    first = " ".join(pdftotext(path, 1).split())
    # 12 admissions met; profiles 7 of 11 (11 not yet due); benefits 7 of 12: 26 of 35 = 74%
    assert "the program met 74% of the 35 times a North Carolina rule applied (26 met; 3 rules)" in first
    # misses: benefits 5, profile 4; the lowest rate is benefits too (58% < 64%), so it is said once
    assert "Missed most: Benefits counseling at service initiation (met 7 of 12, 58%)" in first
    assert "Lowest rate" not in first
    # Jordan: 6 + 3 of 5 profiles + 2 of 6 sessions = 11 of 17; Priya: 6 + 4 of 6 + 5 of 6 = 15 of 18
    assert "Needs help most: Jordan Ellis (met 11 of 17, 65%)" in first
    for bar in ("58% (7/12)", "64% (7/11)", "100% (12/12)", "program 74%"):  # chart 1, as text
        assert bar in first, bar
    # chart 2: Jordan 2 contacts over the 43 weeks Jan 19 - Nov 9, Priya 1 over the 30 weeks Apr 20 - Nov 9
    assert "0.0 (43 wk)" in first and "0.0 (30 wk)" in first
    # chart 3: Jordan 10 and 20 days (median 15), Priya 40 days
    assert "15 d (2)" in first and "40 d (1)" in first
    # where to help first: benefits (Jordan's 2, 5, 9, 11; Priya's 8), then profiles (2 and 7; 4 and 8)
    lines = table_lines(path)
    at = lines.index("Where to help first")
    assert row_of(lines[at:], "Benefits counseling at service initiation",
                  "58% (7/12) 67% (2/3) 67% (2/3) 33% (1/3) 67% (2/3) Jordan Ellis (4), Priya")  # fmt: skip
    assert row_of(lines[at:], "Career profile within the days after admission",
                  "64% (7/11) 50% (1/2) 67% (2/3) 33% (1/3) 100% (3/3) Jordan Ellis (2), Priya")  # fmt: skip
    assert "Priya Raman (1)" in first and "Priya Raman (2)" in first
    assert "CONFIDENTIAL: protected health information." in first and "page 1 of" in first
    rest = " ".join(pdftotext(path).split())
    # the rule table: applied, met, rate, then Q1-Q4 of the trend
    profile, benefits = "Career profile within the days after admission", "Benefits counseling at service initiation"
    assert row_of(lines, profile, "11 7 64% 50% (1/2) 67% (2/3) 33% (1/3) 100% (3/3)")
    assert row_of(lines, benefits, "12 7 58% 67% (2/3) 67% (2/3) 33% (1/3) 67% (2/3)")
    assert row_of(lines, "Admission record", "12 12 100% 100% (3/3) 100% (3/3) 100% (3/3) 100% (3/3)")
    assert row_of(lines, "Jordan Ellis", "17 11 65%") and row_of(lines, "Priya Raman", "18 15 83%")
    # each rule by specialist, Jordan then Priya: profiles 1, 5, 9 of 1, 2, 5, 7, 9; benefits 1 and 7 of six
    assert row_of(lines, profile, "60% (3/5) 67% (4/6)") and row_of(lines, benefits, "33% (2/6) 83% (5/6)")
    assert row_of(lines, "Admission record", "100% (6/6) 100% (6/6)")
    missed = rest.split("Who missed each rule")[1]
    assert "Career profile within the days after admission (4) Person 02 (C-02); Person 04 (C-04); Person 07 " \
           "(C-07); Person 08 (C-08)" in missed  # fmt: skip
    assert "Benefits counseling at service initiation (5) Person 02 (C-02); Person 05 (C-05); Person 08 (C-08); " \
           "Person 09 (C-09); Person 11 (C-11)" in missed  # fmt: skip
    assert "a judgement belongs to the quarter of its due date" in rest  # the definition, in the report


def test_names_with_html_or_dollars_are_shown_as_written_not_run(tmp_path: Path) -> None:
    """A person's or a specialist's name is text everywhere: the tables, the lists and the charts' SVG."""
    from ipsdocs.reports.compliance_figures import compliance_figures
    from ipsdocs.reports.compliance_pdf import compliance_html, write_compliance_pdf

    hostile = '<b>Jo</b> & $x$ "Ellis"'
    records = dozen(names={2: "<script>alert(1)</script>"}, staff={n: hostile for n in (1, 2, 5, 7, 9, 11)})
    html = compliance_html(compliance_figures(records, three_rules(), AS_OF), "Notice </style><b>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; (C-02)" in html
    assert "<b>Jo</b>" not in html and "&lt;b&gt;Jo&lt;/b&gt; &amp; $x$" in html  # in the tables and the SVG
    assert "</style><b>" not in html
    path = tmp_path / "c.pdf"
    write_compliance_pdf(path, records, three_rules(), AS_OF, "Notice")
    text = " ".join(pdftotext(path).split())
    assert '<b>Jo</b> & $x$ "Ellis"' in text and "<script>alert(1)</script> (C-02)" in text


def test_the_charts_are_svg_text_and_do_not_change_between_runs() -> None:
    from ipsdocs.reports.charts import Anchor, hbar

    drawn = [hbar(["A", "B"], [3.0, 7.5], ["3.0", "7.5"], title="T", axis="x", anchor=Anchor(6, "6 a week"))
             for _ in range(2)]  # fmt: skip
    assert drawn[0].svg == drawn[1].svg and drawn[0].svg.startswith("<svg")
    assert ">7.5<" in drawn[0].svg and ">6 a week<" in drawn[0].svg  # text kept as text, no glyph paths
    assert "DejaVu Sans" in drawn[0].svg and drawn[0].png()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "A: 3.0; B: 7.5" in drawn[0].alt
    odd = hbar(["Jo\x07<b>&"], [1.0], ["1\x1b"], title="T", axis="x")  # SVG is XML: no control characters
    assert ">Jo &lt;b&gt;&amp;<" in odd.svg and ">1 <" in odd.svg and "\x07" not in odd.svg


def test_days_to_first_contact_per_specialist_are_ips25_services_4s(program_of_300: Path) -> None:
    """The report's chart 3 and the IPS-25 evidence read the same first contacts (one definition)."""
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.evidence.fidelity_evidence import fidelity_evidence
    from ipsdocs.evidence.ips25_items.base import program_records
    from ipsdocs.evidence.ips25_items.contacts import first_contacts

    records = [s.record for s in scan_sources([program_of_300], jurisdiction=NC).records]
    as_of = max(r.document_date for r in records)
    firsts = first_contacts(program_records(records, NC, as_of))
    days = [f.days for f in firsts]
    [s4] = [i for i in fidelity_evidence(records, NC, as_of) if i.item.startswith("Services 4")]
    assert len(days) > 200 and f"on average {sum(days) / len(days):.0f} days" in s4.figure
    staff = {r.staff.name for r in records if hasattr(r, "staff")}
    assert {f.specialist for f in firsts} <= staff


def test_a_report_that_cannot_be_written_says_where_and_why(tmp_path: Path) -> None:
    from tests.cli_runner import ROOT, run_cli

    (tmp_path / "file").write_text("not a folder")
    for args in (("compliance", "--pdf"), ("outcomes", "--docx"), ("outcomes", "--pdf")):
        found = run_cli("report", args[0], ROOT / "samples", args[1], tmp_path / "file" / "report")
        assert found.returncode != 0 and "Traceback" not in found.stderr
        assert str(tmp_path / "file") in found.stderr and "error:" in found.stderr


def outcome_program() -> list[Any]:
    """tests/test_outcomes.py's program (A, B, C, D) and E, admitted Apr 2 and in education."""
    from tests.test_outcomes import program
    from tests.test_outcomes import rec as outcome_rec

    e = outcome_rec("admission_discharge", "AD-E", "E", admission_date="2026-04-02",
                    employment_status_at_admission="education")  # fmt: skip
    return [*program(), validate_record(e, "t", NC)]


def test_the_outcome_word_document_reads_back(tmp_path: Path) -> None:
    from docx import Document

    from ipsdocs.reports.outcome_figures import outcome_figures
    from ipsdocs.reports.outcomes_docx import write_outcomes_docx

    figures = outcome_figures(outcome_program(), NC, "2026Q2", 2, date(2026, 6, 30))
    path = tmp_path / "outcomes.docx"
    write_outcomes_docx(path, figures, "CONFIDENTIAL")
    assert path.stat().st_mode & 0o777 == 0o600
    document = Document(str(path))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Outcomes by quarter to 2026Q2 (North Carolina records)"
    # Q2: A, B, C and E served (D discharged Jan 10); A and B held competitive jobs: 2 of 4
    assert text[1].startswith("2026Q2: 2 of 4 people served held a competitive job (50%, excellent); 0 job starts")
    assert "The rate was 50% in 2026Q1 (+0 points)" in text[1]  # Q1: A, B of A, B, C, D
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in document.tables[0].rows}
    assert rows[""] == ["2026Q1", "2026Q2"]
    assert rows["People served"] == ["4", "4"] and rows["Employment rate"] == ["50%", "50%"]
    assert rows["In education or training"] == ["0", "1"]  # E, from the admission form, from Q2
    # Jordan's log: 1 contact in the 11 weeks Jan 19 - Mar 30, 1 in the 12 weeks Apr 6 - Jun 22
    assert rows["Employer contacts per specialist per week"] == ["0.1", "0.1"]
    assert rows["Job starts (first jobs)"] == ["2 (2)", "0 (0)"] and rows["Working 90+ days"] == ["0", "1"]
    [picture] = document.inline_shapes
    alt = picture._inline.docPr.get("descr")
    assert "2026Q1 50% (2/4); 2026Q2 50% (2/4)" in alt and "31% minimum" in alt
    joined = " ".join(text)
    assert "31% minimum, 41% average, 50% excellent" in joined and "Good Fidelity 39%" in joined
    assert "served in a quarter: an episode of service open on any day of it" in joined
    assert "in education: people served in the quarter whose latest employment status" in joined
    assert document.sections[0].footer.paragraphs[0].text == "CONFIDENTIAL"
    assert document.core_properties.author == "" and document.core_properties.title == "Quarterly outcome report"


def test_the_commands_write_the_reports_from_the_samples(tmp_path: Path) -> None:
    from docx import Document

    from tests.cli_runner import ROOT, run_cli

    found = run_cli("report", "compliance", ROOT / "samples", "--pdf", tmp_path / "c.pdf", "--csv", tmp_path / "c.csv")
    assert found.returncode == 0, found.stderr
    text = " ".join(pdftotext(tmp_path / "c.pdf").split())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text())))
    _agrees_with_the_csv(text, table_lines(tmp_path / "c.pdf"), rows)
    assert page_count(tmp_path / "c.pdf") <= 4
    outcomes = run_cli("report", "outcomes", ROOT / "samples", "--quarter", "2026Q3", "--pdf", tmp_path / "o.pdf",
                       "--docx", tmp_path / "o.docx")  # fmt: skip
    assert outcomes.returncode == 0, outcomes.stderr
    assert page_count(tmp_path / "o.pdf") == 1
    pdf = " ".join(pdftotext(tmp_path / "o.pdf").split())
    table = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in Document(str(tmp_path / "o.docx")).tables[0].rows}
    assert "People served " + " ".join(table["People served"]) in pdf  # the Word and the PDF show the same
    assert table[""] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]


def _agrees_with_the_csv(text: str, lines: list[str], rows: list[dict[str, str]]) -> None:
    """Every rule that applied is in the report with the applied and met counts the long form gives."""
    from ipsdocs.evidence.compliance import COLUMNS

    assert tuple(rows[0]) == COLUMNS
    applied = Counter(r["rule"] for r in rows if r["status"] != "due")
    met = Counter(r["rule"] for r in rows if r["status"] == "met")
    for rule, count in applied.items():
        title = NC.rule(rule).title
        assert row_of(lines, title, f"{count} {met[rule]} {round(100 * met[rule] / count)}%"), title
    assert sum(met.values()) and f"({sum(met.values())} met; {len(applied)} rules)" in text


@pytest.fixture(scope="module")
def program_of_300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ipsdocs.definitions.generate import generate, write_folder

    folder = tmp_path_factory.mktemp("p300") / "records"
    write_folder(generate(300, seed=11, practice=True), folder)
    return folder


def test_the_compliance_report_of_300_people(program_of_300: Path, tmp_path: Path) -> None:
    from tests.cli_runner import run_cli

    done = run_cli("report", "compliance", program_of_300, "--pdf", tmp_path / "c.pdf", "--csv", tmp_path / "c.csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text())))
    assert len({r["client_id"] for r in rows}) == 300
    text = " ".join(pdftotext(tmp_path / "c.pdf").split())
    _agrees_with_the_csv(text, table_lines(tmp_path / "c.pdf"), rows)
    first = " ".join(pdftotext(tmp_path / "c.pdf", 1).split())
    for said in ("Missed most:", "Needs help most:", "Compliance by rule (met where the rule applied)",
                 "Face-to-face employer contacts a week", "Days to first employer contact (median)",
                 "6 (IPS-25 Services 6)", "30 days (IPS-25 Services 4)"):  # fmt: skip
        assert said in first, said
    missed = [r for r in rows if r["status"] in ("missed", "overdue")]
    assert 3 <= page_count(tmp_path / "c.pdf") <= 4 + len(missed) // 150  # page 1, the tables, the people
    assert all(f"({r['client_id']}" in text for r in missed)


def test_the_due_list_of_each_caseload_of_300_people(program_of_300: Path, tmp_path: Path) -> None:
    """Each specialist's due list from the generated program: every line in 80 columns, one line a
    person, each person once on the printed page, the terminal and the page agreeing on the count."""
    from ipsdocs.batch.sources import scan_sources
    from ipsdocs.evidence.due import due_items
    from tests.cli_runner import run_cli

    records = [s.record for s in scan_sources([program_of_300], jurisdiction=NC).records]
    as_of = max(r.document_date for r in records)
    items = due_items(records, NC, as_of)
    caseloads = sorted({i.specialist for i in items if i.client_id})
    assert len(caseloads) >= 3
    for name in caseloads:
        pdf = tmp_path / f"{name}.pdf"
        done = run_cli("due", program_of_300, "--specialist", name, "--as-of", as_of.isoformat(), "--pdf", pdf)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[-1] == f"Wrote {pdf}"  # a path is as long as it is; every line of the list fits 80
        assert all(len(line) <= 80 for line in lines[:-1]), max(lines[:-1], key=len)
        people = {i.client_id for i in items if i.specialist == name and i.client_id}
        listed = [line for line in lines[3:-1] if any(word in people for word in line.split())]
        assert len(listed) == len(people) and lines[1].startswith(f"{len(people) + 1} people")  # + their own week
        text = " ".join(pdftotext(pdf).split())
        assert all(text.count(f"({client_id})") == 1 for client_id in people)
        assert f"{len(people) + 1} people" in text


def test_the_outcome_reports_of_300_people(program_of_300: Path, tmp_path: Path) -> None:
    from docx import Document

    from tests.cli_runner import run_cli

    done = run_cli("report", "outcomes", program_of_300, "--trend", "6", "--pdf", tmp_path / "o.pdf",
                   "--docx", tmp_path / "o.docx")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert page_count(tmp_path / "o.pdf") == 1
    document = Document(str(tmp_path / "o.docx"))
    table = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in document.tables[0].rows}
    assert len(table[""]) == 6 and all(100 <= int(n) <= 300 for n in table["People served"])
    for served, working, rate in zip(table["People served"], table["With a competitive job"],
                                     table["Employment rate"], strict=True):  # fmt: skip
        assert rate == f"{round(100 * int(working) / int(served))}%"
    text = " ".join(pdftotext(tmp_path / "o.pdf").split())
    assert "People served " + " ".join(table["People served"]) in text
    assert "31% minimum" in text and "50% excellent" in text and len(document.inline_shapes) == 1


def test_a_batch_writes_the_report_pdfs_beside_the_audit_summary(tmp_path: Path) -> None:
    from ipsdocs.definitions.generate import generate, write_folder
    from tests.cli_runner import run_cli

    write_folder(generate(12, seed=5, practice=True), tmp_path / "records")
    result = run_cli("batch", tmp_path / "records", "--out", tmp_path / "out", "--format", "docx", "--workers", "1")
    assert result.returncode == 0, result.stderr
    compliance = " ".join(pdftotext(tmp_path / "out" / "compliance.pdf", 1).split())
    assert "Program compliance as of" in compliance and "Needs help most" in compliance
    outcomes = " ".join(pdftotext(tmp_path / "out" / "outcomes.pdf").split())
    assert "Outcomes by quarter to" in outcomes
    quarters = list(csv.DictReader(io.StringIO((tmp_path / "out" / "outcomes.csv").read_text())))
    assert len(quarters) == 4 and "employer_contacts_per_specialist_week" in quarters[0]
    assert "People served " + " ".join(q["served"] for q in quarters) in outcomes  # the CSV and the PDF agree
    assert "In education or training " + " ".join(q["in_education"] for q in quarters) in outcomes
    assert (tmp_path / "out" / "compliance.pdf").stat().st_mode & 0o777 == 0o600
