"""IPS-25 fidelity reviews: the scale in the model and form, results at the NC boundaries, counted
items, bad input, the score sheet rendered and read back in both formats, action plans, comparisons.

The scale's text against the reference document is tested in ``test_ips25_scale.py``; here the
scale file is the truth every other part must follow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.definitions.forms import load_form
from ipsdocs.definitions.jurisdiction import load_jurisdiction
from ipsdocs.definitions.models.fidelity_review import RATING_MODELS, FidelityReview
from ipsdocs.definitions.records import load_record, validate_record
from ipsdocs.definitions.scale import load_scale
from ipsdocs.errors import RecordError
from ipsdocs.evidence.fidelity import compare, mark, plan_problems, result_rows, results
from ipsdocs.render.checks import docx_lines, pdf_pages, text_lines
from ipsdocs.render.document import render_record

ROOT = Path(__file__).resolve().parents[1]
TEAM = ROOT / "samples" / "riverbend-ips-team"
FIRST = TEAM / "fidelity_review_2026-02.yaml"
SECOND = TEAM / "fidelity_review_2026-08.yaml"
PLAN = TEAM / "fidelity_action_plan_2026-03.yaml"
NC = load_jurisdiction("nc")
SCALE = load_scale()
RAW_SCALE = yaml.safe_load((ROOT / "ipsdocs" / "data" / "ips25_scale.yaml").read_text(encoding="utf-8"))
COUNTED = {"organization_2", "organization_5", "organization_7", "organization_8", "services_2", "services_14"}


def raw(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def rating_for(item_id: str, score: int) -> dict[str, Any]:
    """An item rated ``score``; a counted item by the fewest components the scale scores so."""
    item = SCALE.item(item_id)
    if not item.counted:
        return {"score": score, "data_sources": list(item.data_sources)}
    count = min(n for n, s in item.score_by_count.items() if s == score)
    return {"components": [c.id for c in item.components[:count]]}


def review_data(total: int, evaluation: str = "first", report: str | None = "2026-03-03") -> dict[str, Any]:
    """A valid review whose scores add up to ``total`` (25-125)."""
    scores = dict.fromkeys(SCALE.item_ids, 1)
    left = total - len(scores)
    for item_id in scores:
        step = min(4, left)
        scores[item_id] += step
        left -= step
    data = raw(FIRST)
    data.update({item_id: rating_for(item_id, score) for item_id, score in scores.items()})
    data["evaluation"] = evaluation
    data["final_report_date"] = report
    return data


def review(total: int, **kwargs: Any) -> Any:
    record = validate_record(review_data(total, **kwargs), "review.yaml")
    assert record.total == total
    return record


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RecordError) as caught:
        validate_record(data, "review.yaml")
    return [str(p) for p in caught.value.problems]


# --- the scale is the one source ------------------------------------------------------------------


def test_loader_reads_every_item_anchor_and_component_of_the_file() -> None:
    raw_items = [item for section in RAW_SCALE["sections"] for item in section["items"]]
    assert [i.id for i in SCALE.items] == [i["id"] for i in raw_items] and len(SCALE.items) == 25
    for item, source in zip(SCALE.items, raw_items, strict=True):
        assert item.name == source["name"] and item.anchors == source["anchors"]
        assert [c.text for c in item.components] == [c["text"] for c in source.get("components", [])]
    assert {i.id for i in SCALE.items if i.counted} == COUNTED
    assert (SCALE.minimum_total, SCALE.maximum_total) == (25, 125)


def test_each_item_field_offers_its_five_anchors_and_shows_its_definition_first() -> None:
    """The guided rating's contract: definition shown before the first question, anchors as choices."""
    for item in SCALE.items:
        model = RATING_MODELS[item.id]
        fields = model.model_fields
        assert list(fields) == (["components"] if item.counted else []) + ["score", "data_sources", "evidence"]
        first = fields[next(iter(fields))]
        assert first.description == item.definition and first.json_schema_extra["show_description"] is True
        choices = fields["score"].json_schema_extra["choices"]
        assert choices == [[n, f"{n} = {item.anchors[n]}"] for n in range(1, 6)]
        if item.counted:
            offered = [(m.value, m.label) for m in fields["components"].annotation.__args__[0].__args__[0]]
            assert offered == [(c.id, c.text) for c in item.components]
        assert FidelityReview.model_fields[item.id].title == f"{item.label}: {item.name}"


def test_form_sections_follow_the_scale() -> None:
    form = load_form("fidelity_review")
    by_id = {section.id: section for section in form.sections}
    for section in SCALE.sections:
        assert by_id[section.id].title == section.title and by_id[section.id].required
        assert [f.field for f in by_id[section.id].fields] == [item.id for item in section.items]


# --- results at the NC boundaries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "level", "next_review", "plan_required"),
    [
        (73, "Not Supported Employment", None, False),
        (74, "Fair Fidelity", date(2026, 9, 3), True),
        (99, "Fair Fidelity", date(2026, 9, 3), True),
        (100, "Good Fidelity", date(2027, 3, 3), False),
        (114, "Good Fidelity", date(2027, 3, 3), False),
        (115, "Exemplary Fidelity", date(2027, 3, 3), False),
    ],
)
def test_level_next_review_and_action_plan_at_the_boundaries(
    total: int, level: str, next_review: date | None, plan_required: bool
) -> None:
    found = results(review(total), NC)  # final report received March 3, 2026
    assert found.tier.level == level
    report = date(2026, 3, 3)
    assert found.next_review_due == next_review
    assert found.action_plan_required is plan_required
    assert found.action_plan_due == (report + timedelta(days=30) if plan_required else None)
    assert found.tier.certified is (total >= 74)


@pytest.mark.parametrize(
    ("total", "evaluation", "possible"),
    [(59, "first", False), (60, "first", True), (73, "first", True), (74, "first", False), (65, "subsequent", False)],
)
def test_follow_up_evaluation_only_after_a_first_score_of_60_to_73(total: int, evaluation: str, possible: bool) -> None:
    found = results(review(total, evaluation=evaluation), NC)
    assert found.follow_up_possible is possible
    assert found.follow_up_by == (date(2026, 3, 3) + timedelta(days=180) if possible else None)


def test_dates_wait_for_the_final_report_and_months_end_cleanly() -> None:
    rows = dict(result_rows(review(80, report=None), NC))
    assert "not recorded yet" in rows["Next review due"] and "not recorded yet" in rows["Action plan"]
    assert results(review(80, report="2026-08-31"), NC).next_review_due == date(2027, 2, 28)


def test_another_states_rules_come_from_its_profile() -> None:
    ny = load_jurisdiction("ny")
    rows = dict(result_rows(review(80), ny))
    assert "Certification" not in rows and "Follow-up evaluation" not in rows
    assert rows["Action plan"].startswith("Not required")
    assert "12 months" in rows["Next review due"]


# --- counted items and bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "count", "score"),
    [
        ("organization_2", 0, 1),
        ("organization_2", 1, 1),
        ("organization_2", 5, 5),
        ("services_2", 0, 1),
        ("services_2", 4, 5),
        ("services_14", 2, 1),
        ("services_14", 3, 2),
        ("services_14", 6, 5),
    ],
)
def test_counted_item_score_follows_from_the_components(item_id: str, count: int, score: int) -> None:
    item = SCALE.item(item_id)
    data = raw(FIRST)
    data[item_id] = {"components": [c.id for c in item.components[:count]]}
    assert validate_record(data, "r").rating(item_id).value == score
    data[item_id]["score"] = score
    assert validate_record(data, "r").rating(item_id).value == score


def test_a_score_that_contradicts_the_count_names_the_item() -> None:
    data = raw(FIRST)
    data["services_2"]["score"] = 5  # three of four components: the scale gives 4
    [message] = problems(data)
    assert "services_2.score" in message and "Services 2 (Disclosure)" in message
    assert "3 of 4 key components" in message and "gives 4" in message


def test_counted_item_without_components_or_with_one_twice() -> None:
    data = raw(FIRST)
    data["organization_5"] = {"score": 3}
    [message] = problems(data)
    assert "organization_5.components" in message and "Organization 5 (Role of IPS supervisor)" in message
    data["organization_5"] = {"components": ["field_mentoring", "field_mentoring"]}
    assert any("twice" in p for p in problems(data))


@pytest.mark.parametrize("bad", [0, 6, "five", 3.5, True])
def test_score_outside_1_to_5_names_the_item(bad: object) -> None:
    data = raw(FIRST)
    data["staffing_1"]["score"] = bad
    [message] = problems(data)
    assert "staffing_1.score" in message and "Staffing 1 (Caseload size)" in message and "1 to 5" in message


def test_missing_item_and_unknown_data_source_are_named() -> None:
    data = raw(FIRST)
    del data["services_3"], data["staffing_2"]["score"]
    data["services_4"]["data_sources"] = ["MIS", "XYZ"]
    found = problems(data)
    assert any(p.startswith("review.yaml: services_3:") and "required" in p for p in found)
    assert any(p.startswith("review.yaml: staffing_2.score:") and "required" in p for p in found)
    assert any("services_4.data_sources[2]" in p for p in found)


def test_review_date_in_the_future_and_report_before_review() -> None:
    data = raw(FIRST)
    data["review_date"] = (date.today() + timedelta(days=1)).isoformat()
    assert any("review_date" in p and "future" in p for p in problems(data))
    data = raw(FIRST)
    data["final_report_date"] = "2026-01-01"
    assert any("final_report_date" in p for p in problems(data))


def test_bad_review_on_the_command_line_is_one_clear_message(tmp_path: Path) -> None:
    data = raw(FIRST)
    data["organization_7"]["score"] = 5
    bad = tmp_path / "review.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("fidelity", "results", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "organization_7.score" in result.stderr and "Organization 7" in result.stderr
    wrong = run("fidelity", "results", str(PLAN))
    assert wrong.returncode == 2 and "not a fidelity review" in wrong.stderr


# --- the score sheet, rendered and read back ------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    record = load_record(FIRST).record
    result = render_record(record, load_form("fidelity_review"), tmp_path_factory.mktemp("sheet"))
    assert result.ok, [str(p) for f in result.files for p in f.problems]
    return {f.format: f.path for f in result.files if f.path}


def test_score_sheet_in_word_has_every_item_its_score_and_the_total(rendered: dict[str, Path]) -> None:
    lines = docx_lines(rendered["docx"].read_bytes())
    record = load_record(FIRST).record
    sheet = lines[lines.index("IPS-25 Supported Employment Fidelity Scale Score Sheet") :]
    position = 0
    for section in SCALE.sections:
        position = sheet.index(section.title.upper(), position)
        for item in section.items:  # each row reads number, name, score, in the scale's order
            position = sheet.index(item.name, position)
            assert sheet[position - 1 : position + 2] == [f"{item.number}.", item.name, str(record.scores[item.id])]
    assert sheet[sheet.index("Total", position) + 1] == "90"
    for label in ("Rater", "Site", "Date", "Total score"):
        assert label in lines
    assert "90 (Fair Fidelity)" in lines and "Dana Whitfield; Luis Ortega" in lines


def test_score_sheet_in_pdf_has_every_item_its_score_and_the_total(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["pdf"].read_bytes())
    record = load_record(FIRST).record
    first_page = text_lines(pages[:1])
    for item in SCALE.items:
        assert f"{item.number}. {item.name} {record.scores[item.id]}" in first_page, item.id
    assert "Total 90" in first_page and "STAFFING" in first_page and "SERVICES" in first_page
    text = " ".join(" ".join(pages).split())
    assert "Fair Fidelity (74-99, North Carolina)" in text and "Required; due April 2, 2026" in text
    assert "Riverbend IPS Team · Record FR-2026-01" in text


def test_each_items_evidence_follows_in_both_formats(rendered: dict[str, Path]) -> None:
    docx = " ".join(docx_lines(rendered["docx"].read_bytes()))
    pdf = " ".join(" ".join(pdf_pages(rendered["pdf"].read_bytes())).split())
    for text in (docx, pdf):
        evidence = text[text.index("1. Review details") :]
        for item in SCALE.items:
            assert f"{item.label}. {item.name}" in evidence, item.id
        assert "Score 2: Two are present." in evidence  # Organization 7's anchor
        assert "☑ Agency intake includes questions about interest in employment." in evidence
        assert "☐ Agency measures rate of competitive employment" in evidence
        assert "Specialists average two face-to-face employer contacts a week" in evidence


# --- action plan and comparison -----------------------------------------------------------------------------


def test_sample_plan_covers_every_low_item_and_a_gap_is_named() -> None:
    """A goal for every item scored below a number is the agency's setting (no source asks for it)."""
    first, plan = load_record(FIRST).record, load_record(PLAN).record
    asks = NC.with_rule("fidelity_low_items_goal", below=4)
    assert plan_problems(first, plan, "plan.yaml", NC) == plan_problems(first, plan, "plan.yaml", asks) == []
    data = raw(PLAN)
    data["goals"] = [g for g in data["goals"] if g["item"] != "services_6"]
    data["goals"][0]["score"] = 5
    shorter = validate_record(data, "plan.yaml")
    found = [str(p) for p in plan_problems(first, shorter, "plan.yaml", asks)]
    assert any("Services 6 (Job development—Frequent employer contact) scored 2 and has no goal" in p for p in found)
    assert any("goals[1].score" in p for p in found)
    unset = [str(p) for p in plan_problems(first, shorter, "plan.yaml", NC)]
    assert not any("has no goal" in p for p in unset) and any("goals[1].score" in p for p in unset)


def test_plan_rules_name_the_goal() -> None:
    data = raw(PLAN)
    data["goals"].append(dict(data["goals"][0]))
    with pytest.raises(RecordError, match=r"goals\[10\].item: .*Organization 2 .* has a second goal"):
        validate_record(data, "plan.yaml")
    data = raw(PLAN)
    data["goals"][1]["target_date"] = "2026-01-01"
    with pytest.raises(RecordError, match=r"goals\[2\]\.target_date"):
        validate_record(data, "plan.yaml")


def test_action_plan_renders_each_goal_in_both_formats(tmp_path: Path) -> None:
    record = load_record(PLAN).record
    result = render_record(record, load_form("fidelity_action_plan"), tmp_path)
    assert result.ok
    files = {f.format: f.path for f in result.files}
    for text in (
        " ".join(docx_lines(files["docx"].read_bytes())),
        " ".join(" ".join(pdf_pages(files["pdf"].read_bytes())).split()),
    ):
        assert "Goal 7: Services 6. Job development—Frequent employer contact (score 2)" in text
        assert "Introduce the weekly employer contact tracking form." in text


def test_comparison_marks_each_change_oldest_first() -> None:
    first, second = load_record(FIRST).record, load_record(SECOND).record
    result = compare([(SECOND, second), (FIRST, first)], NC)
    assert result.columns[0].startswith("February 10, 2026")
    rows = {row.label: row for row in result.items}
    assert rows["Organization 7. Agency focus on competitive employment"].cells() == ["2", "4 ▲ +2"]
    assert rows["Staffing 2. Employment services staff"].cells() == ["5", "5 ="]
    assert result.total.scores == (90, 106) and result.levels == ("Fair Fidelity", "Good Fidelity")
    assert mark(3, -2) == "3 ▼ -2"


def test_comparison_needs_two_reviews_of_one_program(tmp_path: Path) -> None:
    first = load_record(FIRST).record
    with pytest.raises(RecordError, match="two or more"):
        compare([(FIRST, first)], NC)
    data = raw(SECOND)
    data["program"] = {"name": "Another Team", "program_id": "OTHER-1"}
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("fidelity", "compare", str(FIRST), str(other))
    assert result.returncode == 2 and str(other) in result.stderr and "another program" in result.stderr


def test_results_and_compare_commands() -> None:
    result = run("fidelity", "results", str(FIRST), "--plan", str(PLAN))
    assert result.returncode == 0, result.stderr
    assert (
        "Fair Fidelity" in result.stdout and "April 2, 2026" in result.stdout and "answers its review" in result.stdout
    )
    result = run("fidelity", "compare", str(FIRST), str(SECOND))
    assert result.returncode == 0 and "106 ▲ +16" in result.stdout


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ipsdocs", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_reviews_and_plans_travel_to_batch_workers_and_render_there(tmp_path: Path) -> None:
    """Batch workers receive records pickled: the item models and component choices built from the
    scale must be found by name, or a whole audit stops on the first fidelity review."""
    import json
    import pickle

    for path in sorted(TEAM.glob("*.yaml")):
        record = load_record(path).record
        assert pickle.loads(pickle.dumps(record)) == record, path.name

    from tests.cli_runner import run_cli

    result = run_cli("batch", TEAM, "--out", tmp_path / "audit", "--format", "docx", "--workers", "2")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "audit" / "manifest.json").read_text())
    names = sorted(Path(doc["path"]).name for doc in manifest["documents"])
    assert len(names) == 3 and all(name.endswith(".docx") for name in names)


def test_an_audit_names_a_required_action_plan_that_is_missing() -> None:
    """NC: a Fair review requires an action plan; the batch audit summary says when none is there."""
    from ipsdocs.evidence.fidelity import program_findings

    nc = load_jurisdiction("nc")
    first, second = load_record(FIRST).record, load_record(SECOND).record
    plan = load_record(TEAM / "fidelity_action_plan_2026-03.yaml").record
    alone = program_findings([first, second], nc)["Riverbend IPS Team"]
    assert alone[0] == "review FR-2026-01 of 2026-02-10: 90, Fair Fidelity"
    assert any("FR-2026-01: an action plan is required (due 2026-04-02)" in line for line in alone)
    with_plan = program_findings([first, plan, second], nc)["Riverbend IPS Team"]
    assert not any("action plan is required" in line for line in with_plan) and len(with_plan) == 2


def test_the_batch_audit_summary_lists_the_program_and_its_results(tmp_path: Path) -> None:
    from tests.cli_runner import run_cli

    result = run_cli("batch", FIRST, "--out", tmp_path / "audit", "--format", "docx")
    assert result.returncode == 0, result.stderr
    csv_text = (tmp_path / "audit" / "audit-summary.csv").read_text()
    assert "program: Riverbend IPS Team" in csv_text and "an action plan is required" in csv_text
    pdf_text = " ".join(" ".join(pdf_pages((tmp_path / "audit" / "audit-summary.pdf").read_bytes())).split())
    assert "Programs and specialists: IPS-25 fidelity reviews, action plans" in pdf_text
    assert "90, Fair Fidelity" in pdf_text
