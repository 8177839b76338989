"""The browser interview against the running server, over plain HTTP: its guard (Host, session
cookie, CSRF, Origin, no-store, idle lock), and a career profile filled, signed, saved, downloaded."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipsdocs.definitions.records import load_record
from ipsdocs.definitions.signing import content_hash
from ipsdocs.interview.drafts import DraftStore
from tests.cli_runner import ROOT, run_cli
from tests.web_server import Browser, handle_of, serving

SAMPLE = ROOT / "samples" / "marisol-vega" / "career_profile.yaml"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web") / "ws"
    assert run_cli("init", folder, "--name", "Harbor Clinic").returncode == 0
    return folder


@pytest.fixture(scope="module")
def served(workspace: Path) -> Any:
    with serving(workspace) as server:
        yield server


@pytest.fixture(scope="module")
def browser(served: Any) -> Any:
    """The one session of the server (its opening link works once)."""
    client = Browser(served)
    yield client
    client.close()


def drafts(workspace: Path) -> list[Any]:
    return DraftStore(workspace / "records").all()[0]


def as_posted(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record's answers as a browser posts them: dotted names, dates as text, ticked codes as lists."""
    posted: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            posted |= as_posted(value, f"{name}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            continue
        elif isinstance(value, list):
            posted[name] = [str(v) for v in value] if name != "preferred_job_types" else "\n".join(value)
        else:
            posted[name] = "" if value is None else str(value)
    return posted


# --- the guard -------------------------------------------------------------------------------------


def test_the_server_refuses_whoever_is_not_the_page_it_opened(served: Any, browser: Browser, workspace: Path) -> None:
    import httpx

    base = served.base
    assert httpx.get(base + "/").status_code == 403, "no session cookie"
    assert httpx.get(base + "/open?key=guessed").status_code == 403, "a wrong opening key"
    cookie = browser.opening.history[0].headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert browser.page.headers["cache-control"] == "no-store"
    assert httpx.get(served.url).status_code == 403, "the opening link works once"
    foreign = browser.client.get("/", headers={"Host": "evil.example:80"})
    assert foreign.status_code == 403, "DNS rebinding: a Host that is not 127.0.0.1 or localhost"
    start = {"record_type": "career_profile", "client": "RB-9"}
    assert browser.client.post("/start", data=start, headers={"Origin": base}).status_code == 403, "no CSRF token"
    wrong = {**start, "csrf": "x" * 43}
    assert browser.client.post("/start", data=wrong, headers={"Origin": base}).status_code == 403, "a wrong token"
    right = {**start, "csrf": browser.csrf}
    assert browser.client.post("/start", data=right, headers={"Origin": "http://evil.example"}).status_code == 403
    assert browser.client.post("/start", data=right).status_code == 403, "no Origin or Referer"
    assert drafts(workspace) == [], "nothing refused was saved"
    page = browser.post("/start", start)
    assert page.status_code == 200 and "RB-9" not in str(page.url), "no PHI in a URL"
    assert len(drafts(workspace)) == 1


def test_an_idle_session_locks_and_the_terminal_prints_a_new_link(workspace: Path) -> None:
    with serving(workspace, "--idle-minutes", "0.02") as server:
        browser = Browser(server)
        time.sleep(1.6)
        locked = browser.get("/")
        assert locked.status_code == 403 and "Locked" in locked.text
        server.process.terminate()
        _, err = server.process.communicate(timeout=10)
        assert "locked after" in err and re.search(r"open: http://127\.0\.0\.1:\d+/open\?key=", err)


# --- a whole career profile --------------------------------------------------------------------------


def fill_sections(browser: Browser, handle: str, answers: dict[str, Any], jobs: list[dict[str, Any]]) -> None:
    posted = as_posted(answers)
    for number in range(14):
        page = browser.get(f"/i/{handle}/section/{number}")
        if "/review" in str(page.url):
            continue
        page = browser.post(f"/i/{handle}/section/{number}", posted)
        assert page.status_code == 200, (number, page.text[-2000:])
        if number == 0:
            browser.get(f"/i/{handle}/item/sessions/0")
            assert (
                browser.post(f"/i/{handle}/item/sessions/0", {"sessions.0.session_date": "2026-03-05"}).status_code
                == 200
            )
        if number == 1:
            for index, job in enumerate(jobs):
                browser.get(f"/i/{handle}/item/jobs/{index}")
                page = browser.post(f"/i/{handle}/item/jobs/{index}", as_posted(job, f"jobs.{index}."))
                assert page.status_code == 200, page.text[-2000:]


def test_a_career_profile_filled_signed_saved_and_downloaded(browser: Browser, workspace: Path) -> None:
    sample = yaml.safe_load(SAMPLE.read_text())
    sample.pop("signatures")
    jobs = sample.pop("jobs")[:2]
    sample.pop("sessions")
    sample["person"]["client_id"] = "RB-500"
    page = browser.post("/start", {"record_type": "career_profile", "client": "RB-500"})
    handle = handle_of(str(page.url))

    # A wrong date is refused at the field with the terminal's message; the other answers are kept.
    bad = as_posted({**sample, "admission_date": "31/31/2026"})
    page = browser.post(f"/i/{handle}/section/0", bad)
    assert page.status_code == 422
    assert "not a date; write it like 2026-03-04, 3/4/2026 or today" in page.text
    assert re.search(r'id="q-admission_date"[^>]*aria-invalid="true"', page.text)
    assert 'aria-describedby="q-admission_date-error' in page.text
    [draft] = [d for d in drafts(workspace) if d.client_id == "RB-500"]
    assert draft.answers["person"]["name"] == "Marisol Vega" and "admission_date" not in draft.answers

    # A job that ends before it starts is refused by the model's own rule.
    browser.get(f"/i/{handle}/item/jobs/0")
    wrong = as_posted({**jobs[0], "end_date": "2020-01-01", "start_date": "2021-01-01"}, "jobs.0.")
    page = browser.post(f"/i/{handle}/item/jobs/0", wrong)
    assert page.status_code == 422 and "the job cannot end before it started" in page.text

    fill_sections(browser, handle, sample, jobs)
    review = browser.get(f"/i/{handle}/review")
    assert "Harbor Street Bakery" in review.text and "Sign the record" in review.text

    # Signing: the typed name must be the record's; then the person and the specialist sign.
    browser.get(f"/i/{handle}/sign")
    assert "By typing my name I sign this career profile" in browser.page.text
    refused = browser.post(f"/i/{handle}/sign", {"who": "person", "name": "Someone Else"})
    assert refused.status_code == 422 and "type the name exactly as the record gives it" in refused.text
    browser.get(f"/i/{handle}/sign")
    assert browser.post(f"/i/{handle}/sign", {"who": "person", "name": "marisol vega"}).status_code == 200
    browser.get(f"/i/{handle}/sign")
    assert browser.post(f"/i/{handle}/sign", {"who": "staff", "name": "Jordan Ellis"}).status_code == 200
    review = browser.get(f"/i/{handle}/review")
    assert "Signed by Marisol Vega, Person served" in review.text and "Change the answers" not in review.text
    locked = browser.post(f"/i/{handle}/section/2", {"employment_goals": "changed"})
    assert locked.status_code == 409, "a signed record's answers are locked"

    browser.get(f"/i/{handle}/review")
    saved = browser.post(f"/i/{handle}/save", {})
    assert saved.status_code == 200 and "Complete: every required section has an answer." in saved.text
    [pdf_link] = re.findall(r'href="(/download/[^"]+)" download>Download the PDF', saved.text)
    pdf = browser.client.get(pdf_link)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.headers["cache-control"] == "no-store"
    record_file = next((workspace / "records" / "RB-500").glob("career_profile_*.yaml"))
    record = load_record(record_file).record
    text = pdf_text(pdf.content, workspace)
    day = f"{record.signatures[0].signed_on:%B} {record.signatures[0].signed_on.day}"
    assert f"Electronically signed by Marisol Vega, Person served on {day}" in text
    assert "Electronically signed by Jordan Ellis, Employment Support Professional" in text
    assert f"record sha256 {content_hash(record)}" in text
    assert [d for d in drafts(workspace) if d.client_id == "RB-500"] == [], "the draft is gone once saved"
    assert run_cli("check", record_file, "--workspace", workspace).returncode == 0

    # The signed record is locked: a change is a signed addendum, shown after the original.
    browser.get("/records")
    key = re.search(r'href="/records/([^"]+)">Career Profile', browser.page.text).group(1)
    browser.get(f"/records/{key}")
    assert "Update or complete it" not in browser.page.text
    browser.post(f"/records/{key}", {"action": "addendum", "text": "She now prefers evening shifts."})
    browser.post(f"/records/{key}", {"action": "sign-addendum-0", "who": "staff", "name": "Jordan Ellis"})
    record = load_record(record_file).record
    assert record.addenda[0].text == "She now prefers evening shifts." and record.addenda[0].signatures
    assert list((record_file.parent / ".versions").iterdir()), "the earlier version is kept"
    assert run_cli("check", record_file, "--workspace", workspace).returncode == 0


def pdf_text(data: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    path = folder / "downloaded.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_a_second_tab_on_the_same_draft_is_told_and_saves_nothing(browser: Browser, workspace: Path) -> None:
    page = browser.post("/start", {"record_type": "disclosure_discussion", "client": "RB-600"})
    handle = handle_of(str(page.url))
    other_tab = browser.get(f"/i/{handle}/section/0")  # the same draft opened in a second tab
    browser.page = page
    first = browser.post(f"/i/{handle}/section/0", {"person.name": "Ana Ruiz", "person.client_id": "RB-600"})
    assert first.status_code == 422 and "this answer is required" in first.text, "the staff member is still needed"
    browser.page = other_tab  # the second tab still shows the page as it was
    second = browser.post(f"/i/{handle}/section/0", {"person.name": "Someone Else", "person.client_id": "RB-600"})
    assert second.status_code == 409 and "changed in another tab" in second.text
    [draft] = [d for d in drafts(workspace) if d.client_id == "RB-600"]
    assert draft.answers["person"]["name"] == "Ana Ruiz"


def test_a_terminal_draft_continues_in_the_browser_and_back(browser: Browser, workspace: Path) -> None:
    from ipsdocs.agency.workspace import find_workspace
    from ipsdocs.interview.open_once import Locks
    from ipsdocs.interview.session import Options, resume_session

    store = DraftStore(workspace / "records")
    draft = store.new("career_profile", "RB-800")
    draft.answers = {"record_id": "CP-800", "person": {"name": "Ana Ruiz", "client_id": "RB-800"}}
    draft.done = ["record_id", "person"]
    store.save(draft)  # as the terminal leaves it after Ctrl-C

    home = browser.get("/")
    link = re.search(r'href="(/i/[^"]+/section/0)">Career Profile, client RB-800', home.text).group(1)
    page = browser.get(link)
    assert 'value="Ana Ruiz"' in page.text
    handle = handle_of(link)
    browser.get(f"/i/{handle}/item/jobs/0")
    job = {"jobs.0.employer": "Greenway Grocers", "jobs.0.job_title": "Stocker"}
    assert browser.post(f"/i/{handle}/item/jobs/0", job).status_code == 200
    browser.get(f"/i/{handle}/item/jobs/1")
    job = {"jobs.1.employer": "Corner Deli", "jobs.1.job_title": "Cook"}
    page = browser.post(f"/i/{handle}/item/jobs/1", job)
    assert "Remove job 2" in page.text
    page = browser.post(f"/i/{handle}/item/jobs/1/remove", {})
    assert "Corner Deli" not in page.text and "Greenway Grocers" in page.text

    options = Options(resume=True, record_type=draft.id)
    session = resume_session(find_workspace(workspace), store, options, None, Locks(None, drafts=False))
    assert session.answers["jobs"] == [{"employer": "Greenway Grocers", "job_title": "Stocker"}]
    assert session.answers["person"]["name"] == "Ana Ruiz"


@pytest.mark.parametrize(
    "record_type",
    [
        "admission_discharge",
        "benefits_counseling",
        "discharge_plan",
        "disclosure_discussion",
        "employment_plan",
        "fidelity_review",
        "fidelity_action_plan",
    ],
)
def test_every_record_type_has_its_sections_in_the_browser(browser: Browser, record_type: str) -> None:
    page = browser.post("/start", {"record_type": record_type})
    assert page.status_code == 200, page.text[-1000:]
    handle = handle_of(str(page.url))
    for number in range(40):
        page = browser.get(f"/i/{handle}/section/{number}")
        assert page.status_code == 200, (number, page.text[-1000:])
        if "/review" in str(page.url):
            break
        assert "<label" in page.text or "<legend" in page.text or "<h2" in page.text
    assert browser.get(f"/i/{handle}/review").status_code == 200


def test_a_when_condition_asks_its_question_once_its_answer_makes_it_apply(browser: Browser) -> None:
    page = browser.post("/start", {"record_type": "disclosure_discussion", "client": "RB-900"})
    handle = handle_of(str(page.url))
    page = browser.get(f"/i/{handle}/section/1")
    assert "Is this the first discussion or a revisit?" in page.text
    assert "Why was disclosure revisited?" not in page.text
    page = browser.post(f"/i/{handle}/section/1", {"occasion": "revisited"})
    assert "Why was disclosure revisited?" in page.text and "More questions apply now" in page.text
    page = browser.post(f"/i/{handle}/section/1", {"occasion": "revisited", "revisit_reason": "No job yet"})
    assert "/section/2" in str(page.url)


def test_an_incomplete_record_is_not_signed_in_the_browser(browser: Browser) -> None:
    page = browser.post("/start", {"record_type": "benefits_counseling", "client": "RB-950"})
    handle = handle_of(str(page.url))
    page = browser.get(f"/i/{handle}/sign")
    assert page.status_code == 422 and "cannot be signed until it is valid and complete" in page.text
    assert "person.name:" in page.text and "this answer is required" in page.text
    page = browser.post(f"/i/{handle}/sign", {"who": "person", "name": "Anyone"})
    assert page.status_code == 422 and "Signed by" not in browser.get(f"/i/{handle}/review").text


# --- what is due (issue 16) ------------------------------------------------------------------------


def due_caseload(folder: Path) -> None:
    """tests/test_due.py's caseload under two specialists of its own (the workspace holds other
    tests' records too), person A's name with markup in it."""
    from tests.test_due import caseload

    folder.mkdir(parents=True, exist_ok=True)
    staff = {"Jordan Ellis": "Dee Ewing", "Priya Raman": "Pat Quill"}
    for data in caseload():
        data["staff"]["name"] = staff[data["staff"]["name"]]
        if data["person"]["client_id"] == "C-A":
            data["person"]["name"] = "Ann <b>Lee</b>"
        (folder / f"{data['record_id']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def test_what_is_due_lists_each_caseload_most_urgent_first(browser: Browser, workspace: Path) -> None:
    """The due list of the saved records, as ``ipsdocs due`` gives it: chosen caseload, as-of day,
    overdue said in words (not by colour), a name with markup shown as text."""
    folder = workspace / "records" / "due-test"
    due_caseload(folder)
    try:
        page = browser.get("/due?as_of=2026-11-20&specialist=Dee+Ewing").text
        assert "1 person, 1 with something overdue, as of 2026-11-20 (North Carolina rules)" in page
        rows = re.findall(r"<tr( class=\"overdue\")?><td>([^<]*)</td><td>([^<]*)</td><td>(?:<strong>)?([^<]*)", page)
        assert [(bool(o), who, when) for o, who, _, when in rows] == [
            (True, "Ann &lt;b&gt;Lee&lt;/b&gt; (C-A)", "now"),  # NC: benefits counseling begins at initiation
            (False, "Ann &lt;b&gt;Lee&lt;/b&gt; (C-A)", "in 11 days"),  # career profile by day 30 of Nov 1
            (False, "Ann &lt;b&gt;Lee&lt;/b&gt; (C-A)", "in 20 days"),  # the plan's own review date
            (False, "Ann &lt;b&gt;Lee&lt;/b&gt; (C-A)", "in 46 days"),  # two months after the first discussion
        ]  # C-C, also Dee Ewing's, was discharged: nothing is due
        assert "<b>Lee</b>" not in page and '<option value="Dee Ewing" selected>' in page
        theirs = browser.get("/due?as_of=2026-11-20&specialist=Pat+Quill").text
        assert "1 person, 1 with something overdue" in theirs and "19 days overdue" in theirs
        assert "C-A" not in theirs
        everyone = browser.get("/due?as_of=2026-11-20").text
        assert "(C-A)" in everyone and "(C-B)" in everyone and '<th scope="col">Specialist</th>' in everyone
        wrong = browser.get("/due?as_of=next+week").text
        assert "That is not a date; showing today." in wrong
    finally:
        shutil.rmtree(folder)
