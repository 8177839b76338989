"""The browser interview in a real browser (Debian's chromium through Playwright), with axe-core.

One browser for the module. A career profile is filled with two jobs, a wrong date corrected at
the field as it is typed (htmx), a help text opened and a reload in the middle; then reviewed, an
answer changed, signed by the person and the specialist, saved, and the PDF downloaded and read
back. axe-core (vendored in tests/vendor) finds no violation on any page type.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ipsdocs.definitions.records import load_record
from tests.cli_runner import run_cli
from tests.web_server import serving

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install --no-install-recommends chromium)"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("browser") / "ws"
    assert run_cli("init", folder, "--name", "Harbor Clinic").returncode == 0
    with serving(folder) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        # bypass_csp only lets the test inject axe-core; the server's policy stays as it is.
        context = browser.new_context(accept_downloads=True, viewport={"width": 1000, "height": 900}, bypass_csp=True)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(server.url)
        tab.workspace = folder  # type: ignore[attr-defined]
        yield tab
        browser.close()


def no_axe_violations(page: Any, what: str) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == [], f"axe on the {what} page: {found}"


def answer(page: Any, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.dispatch_event("change")


def test_a_whole_career_profile_in_the_browser(page: Any) -> None:
    from playwright.sync_api import expect

    no_axe_violations(page, "start")
    page.keyboard.press("Tab")  # the keyboard's first stop skips the navigation, and it is visible
    assert page.evaluate("document.activeElement.textContent") == "Skip to the questions"
    assert page.locator(".skip").bounding_box()["x"] >= 0
    page.get_by_label("Career Profile").check()
    page.get_by_label("Client ID (optional: fills in the person from their earlier records)").fill("RB-700")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("heading", name="Person and profile sessions").wait_for()
    answer(page, "Full name (needed for a complete record)", "Lena Ortiz")
    page.locator("#q-staff-name").fill("Jordan Ellis")
    page.locator("#q-staff-name").dispatch_event("change")
    # A wrong date is refused at the field as soon as it is typed, with the terminal's message.
    answer(page, "When did the person enter IPS-SE? (needed for a complete record)", "31/31/2026")
    error = page.locator("#q-admission_date-error")
    error.wait_for()
    assert "not a date; write it like 2026-03-04, 3/4/2026 or today" in error.inner_text()
    assert page.locator("#q-admission_date").get_attribute("aria-invalid") == "true"
    answer(page, "When did the person enter IPS-SE? (needed for a complete record)", "3/2/2026")
    page.locator("#save-status").filter(has_text=re.compile(r"^Saved: When did the person enter IPS-SE\?")).wait_for()
    page.locator("#q-admission_date-error").wait_for(state="detached")
    page.locator("#f-q-admission_date details summary").click()
    assert "within 30 days" in page.locator("#q-admission_date-help").inner_text()
    no_axe_violations(page, "section")
    # A reload in the middle loses nothing: every answer was saved as it was given.
    page.reload()
    assert page.locator("#q-person-name").input_value() == "Lena Ortiz"
    assert page.locator("#q-admission_date").input_value() == "2026-03-02"
    page.get_by_role("link", name="Add a profile session").click()
    page.get_by_label("Session date (needed for a complete record)").fill("2026-03-05")
    page.get_by_role("button", name="Keep this profile").click()
    page.locator("#q-completed_on").fill("2026-03-20")  # complete only once its completion date is recorded
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Previous work experience").wait_for()
    page.locator("#q-work_history_summary").fill("Bakery and grocery work.")
    for employer, title in (("Harbor Street Bakery", "Baker"), ("Greenway Grocers", "Stocker")):
        page.get_by_role("link", name="Add").click()
        page.get_by_label("Employer (needed for a complete record)").fill(employer)
        page.get_by_label("Job title (needed for a complete record)").fill(title)
        page.get_by_label("Start date").fill("2024-01-05")
        page.get_by_role("button", name="Keep this job").click()
    expect(page.locator(".items li")).to_have_count(2)  # waits for the page the last click loaded
    no_axe_violations(page, "section with a repeating group")
    page.get_by_role("button", name="Save and continue").click()

    answers = {
        "Goals": "Work in a bakery.",
        "Preferences": "Mornings.",
        "Strengths": "Careful.",
        "Barriers": "Bus routes.",
        "Skills": "Baking.",
        "Career advancement and higher education": "A certificate.",
        "Current adjustment": "Stable.",
    }
    for _ in range(12):
        heading = page.locator("h1").inner_text()
        if heading.startswith("Review"):
            break
        for box in page.locator("textarea").all():
            if not box.input_value():
                box.fill(answers.get(heading, "Noted."))
        if heading == "Disclosure preferences":
            page.get_by_label("Undecided; wants to discuss further").check()
        if heading == "Sources of information":
            page.get_by_label("The person").check()
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Review: Career Profile").wait_for()
    no_axe_violations(page, "review")
    # A phone-width screen (or 200 % zoom of a 720-pixel window): nothing wider than the screen.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.go_back()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.go_forward()
    page.set_viewport_size({"width": 1000, "height": 900})

    page.get_by_role("link", name="Change the answers of Strengths").click()
    page.locator("#q-strengths").fill("Careful and punctual.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Review all answers").click()
    expect(page.locator("main")).to_contain_text("Careful and punctual.")

    for who, name in (("Lena Ortiz, Person served", "Lena Ortiz"), ("Jordan Ellis", "Jordan Ellis")):
        page.get_by_role("link", name="Sign the record").click()
        no_axe_violations(page, "sign")
        page.get_by_label(who).check()
        page.get_by_label("Type your full name to sign").fill(name)
        if name == "Jordan Ellis":  # a drawn signature as well (optional; the typed name signs)
            box = page.locator("#pad").bounding_box()
            page.mouse.move(box["x"] + 20, box["y"] + 60)
            page.mouse.down()
            for step in range(1, 8):
                page.mouse.move(box["x"] + 20 + step * 30, box["y"] + 60 - (step % 2) * 30)
            page.mouse.up()
        page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Signed by Lena Ortiz, Person served").wait_for()  # the review, once the page has loaded

    page.get_by_role("button", name="Save the record and make its documents").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF document").click()
    pdf = Path(download.value.path())
    text = pdf_text(pdf)
    assert "Electronically signed by Lena Ortiz, Person served on" in text
    assert "Electronically signed by Jordan Ellis, Employment Support Professional on" in text
    assert "record sha256 " in text
    [record_file] = (page.workspace / "records" / "RB-700").glob("career_profile_*.yaml")
    record = load_record(record_file).record
    assert record.signatures[1].drawn.startswith("M") and record.signatures[0].drawn is None

    page.get_by_role("link", name="Saved records").click()
    no_axe_violations(page, "record list")


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_what_is_due_in_the_browser(page: Any) -> None:
    """The due page reached from the navigation, a caseload chosen and a day typed, and no axe violation."""
    from tests.test_web import due_caseload

    due_caseload(page.workspace / "records" / "due-test")
    page.get_by_role("link", name="What is due").click()
    page.get_by_role("heading", name="What is due").wait_for()
    page.get_by_label("Caseload").select_option("Dee Ewing")
    page.get_by_label("As of").fill("2026-11-20")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("1 person, 1 with something overdue, as of 2026-11-20").wait_for()
    rows = page.locator("table.due tbody tr")
    assert rows.count() == 4  # person A's four items; C is discharged, B is another caseload
    assert rows.nth(0).locator("strong").inner_text() == "now"
    assert page.locator("table.due tr.overdue").count() == 1
    assert rows.nth(0).locator("td").first.inner_text() == "Ann <b>Lee</b> (C-A)"  # shown, not obeyed
    no_axe_violations(page, "what is due")
