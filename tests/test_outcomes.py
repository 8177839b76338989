"""Issue 16: the outcome report by quarter and the IPS-25 evidence, on a small program worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.records import validate_record
from ipsdocs.evidence.fidelity_evidence import fidelity_evidence
from ipsdocs.evidence.outcomes import outcomes, quarter_span

NC = load_jurisdiction("nc")
STAFF = {"name": "Jordan Ellis"}
NC_TEST = [{"condition": c, "answer": "yes"} for c in ("integrated_community", "paid_minimum_wage", "not_set_aside")]


def rec(record_type: str, record_id: str, who: str, **fields: Any) -> dict[str, Any]:
    person = {"name": f"Person {who}", "client_id": f"C-{who}"}
    return {"record_type": record_type, "schema_version": 1, "record_id": record_id, "person": person,
            "staff": STAFF, **fields}  # fmt: skip


def job(record_id: str, who: str, start: str, arrangement: str = "individual_community", **more: Any) -> dict:
    return rec("job_start", record_id, who, employer_id="E1", employer_name="Bakery", job_title="Baker",
               start_date=start, competitive_test="nc", arrangement=arrangement, cie_answers=NC_TEST, hours_per_week=20,
               hourly_wage="15.00", **more)  # fmt: skip


def contact(record_id: str, day: str, who: str, reviewed: str | None = None) -> dict[str, Any]:
    review = {"reviewed_by": "A. Moreno", "reviewed_on": reviewed} if reviewed else {}
    return {"record_type": "employer_contact", "schema_version": 1, "record_id": record_id, "specialist": STAFF,
            "contact_date": day, "mode": "in_person", "face_to_face": True, "employer": {"employer_id": "E1",
            "name": "Bakery"}, "client_ids": [f"C-{who}"], **review}  # fmt: skip


def program() -> list[Any]:
    """A: admitted Jan 5, counseled Feb 10, job Feb 16 (42 days), still working.
    B: admitted Feb 1, counseled Feb 20, job Mar 3 (30 days) ended May 1 (59 days).
    C: admitted Mar 1, a set-aside job Apr 1 (not competitive), first employer contact May 15 (75 days).
    D: admitted Oct 1 2025, discharged Jan 10 2026 (served in Q1, not Q2)."""
    raw = [
        rec("admission_discharge", "AD-A", "A", admission_date="2026-01-05"),
        rec("benefits_counseling", "BC-A", "A", session_date="2026-02-10"),
        job("JS-A", "A", "2026-02-16"),
        contact("EC-A", "2026-01-20", "A"),
        rec("admission_discharge", "AD-B", "B", admission_date="2026-02-01"),
        rec("benefits_counseling", "BC-B", "B", session_date="2026-02-20"),
        job("JS-B", "B", "2026-03-03"),
        rec("job_end", "JE-B", "B", job_start_id="JS-B", end_date="2026-05-01", learned_on="2026-05-01"),
        rec("admission_discharge", "AD-C", "C", admission_date="2026-03-01"),
        job("JS-C", "C", "2026-04-01", arrangement="set_aside"),
        contact("EC-C", "2026-05-15", "C"),
        rec("admission_discharge", "AD-D", "D", admission_date="2025-10-01", discharge_date="2026-01-10",
            discharge_reason="requested"),
    ]  # fmt: skip
    return [validate_record(r, "t", NC) for r in raw]


def test_quarter_spans() -> None:
    assert quarter_span("2026Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_span("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))


def test_outcomes_by_quarter_by_hand() -> None:
    q1, q2 = outcomes(program(), "2026Q2", trend=2)
    # Q1: A, B, C, D served; A and B working: 2 of 4 = 50% (excellent); first jobs after 42 and 30 days
    assert (q1.quarter, q1.served, q1.working, q1.rate, q1.band) == ("2026Q1", 4, 2, 0.5, "excellent")
    assert (q1.job_starts, q1.first_job_starts, q1.days_to_first_job, q1.job_endings) == (2, 2, 36.0, 0)
    assert q1.working_90_days == 0  # A: Feb 16 to Mar 31 is 43 days
    # Q2: A, B, C served (D discharged Jan 10); A and B held jobs; C's set-aside job is not competitive
    assert (q2.served, q2.working, round(q2.rate, 3), q2.band) == (3, 2, 0.667, "excellent")
    assert (q2.job_starts, q2.job_endings, q2.tenure_days) == (0, 1, 59.0)  # B: Mar 3 to May 1
    assert q2.working_90_days == 1  # A: Feb 16 to Jun 30 is 134 days; B's job lasted 59
    assert (q2.average_hours, q2.average_wage) == (20.0, 15.0)


def test_ips25_evidence_by_hand() -> None:
    items = {i.item.split(" ")[1]: i for i in fidelity_evidence(program(), NC, date(2026, 6, 30))}
    # Services 4: first contacts 15 (A, Jan 20), 30 (B's job start), 75 (C, May 15) days: average 40 -> anchor 4
    assert items["4"].anchor == 4 and "on average 40 days" in items["4"].figure
    # Services 1: A and B were counseled before their starts, C (set-aside job) was not: 2 of 3, no anchor
    assert "2 of 3 (67%) job starts" in items["1"].figure and items["1"].anchor is None
    assert items["2"].anchor is None and "0 of 3" in items["2"].figure  # supports only; no disclosure recorded
    assert "meets anchor 4" in items["4"].text() and "3 counted" in items["4"].text()


def test_services_6_is_the_average_weekly_contacts_and_needs_weekly_review() -> None:
    """Six face-to-face contacts in each of two weeks: 6 a week -> 5 when reviewed weekly, 3 when not."""
    days = [f"2026-03-{d:02d}" for d in (2, 3, 4, 5, 6, 6, 9, 10, 11, 12, 13, 13)]
    admitted = validate_record(rec("admission_discharge", "AD-A", "A", admission_date="2026-03-01"), "t", NC)
    reviewed = [validate_record(contact(f"EC-{n}", d, "A", reviewed="2026-03-14"), "t", NC) for n, d in enumerate(days)]
    [s6] = [
        i for i in fidelity_evidence([admitted, *reviewed], NC, date(2026, 3, 18)) if i.item.startswith("Services 6")
    ]
    assert "6.0 face-to-face employer contacts per specialist per week" in s6.figure and s6.anchor == 5
    plain = [validate_record(contact(f"EC-{n}", d, "A"), "t", NC) for n, d in enumerate(days)]
    [s6] = [i for i in fidelity_evidence([admitted, *plain], NC, date(2026, 3, 18)) if i.item.startswith("Services 6")]
    assert s6.anchor == 3 and "12 not reviewed weekly" in s6.figure


def test_the_outcome_report_pdf_has_the_chart_the_figures_and_the_definitions(tmp_path) -> None:
    from ipsdocs.render.checks import pdf_lines
    from ipsdocs.reports.outcome_figures import outcome_figures
    from ipsdocs.reports.outcomes_pdf import write_outcomes_pdf

    figures = outcome_figures(program(), NC, "2026Q2", 2, date(2026, 6, 30))
    write_outcomes_pdf(tmp_path / "outcomes.pdf", figures, "Confidential.")
    assert (tmp_path / "outcomes.pdf").stat().st_mode & 0o777 == 0o600
    text = " ".join(pdf_lines((tmp_path / "outcomes.pdf").read_bytes()))
    assert "2026Q2: 2 of 3 people served held a competitive job (67%, excellent)" in text
    assert "50% excellent" in text and "31% minimum" in text and "67% (2/3)" in text  # the chart's lines and bar
    assert "served in a quarter: an episode of service open on any day of it" in text
    assert "Good Fidelity 39%" in text


def test_the_commands_on_the_samples(tmp_path) -> None:
    """``report outcomes`` and ``fidelity evidence`` as a team lead runs them; a bad quarter is refused."""
    from tests.cli_runner import ROOT, run_cli

    found = run_cli("report", "outcomes", ROOT / "samples", "--quarter", "2026Q3", "--trend", "2")
    assert found.returncode == 0, found.stderr
    assert "Employment rate" in found.stdout and "2026Q2" in found.stdout and "31% minimum" in found.stdout
    bad = run_cli("report", "outcomes", ROOT / "samples", "--quarter", "2026-3")
    assert bad.returncode == 2 and "--quarter" in bad.stderr and "2026Q3" in bad.stderr
    evidence = run_cli("fidelity", "evidence", ROOT / "samples", "--as-of", "2026-11-20")
    assert evidence.returncode == 0, evidence.stderr
    assert "Services 4 Rapid search for competitive job: on average 29 days" in evidence.stdout
    assert "never the rating" in evidence.stdout and "completed career profiles: 2 of the 2 people" in evidence.stdout
