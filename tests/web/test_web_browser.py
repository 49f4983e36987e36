"""End to end: a real server on a free port, Debian's Chromium driven headless by Playwright.

Skipped only when /usr/bin/chromium is missing outside CI; under CI (``CI`` set) these must run.
Each journey saves a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests.web.support import XSS_NAMES, XSS_QUERY, me_id

from kithkin.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over ``db`` served by uvicorn on 127.0.0.1 in a background thread; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KITHKIN_TODAY", "2026-12-05")  # the demo's history is dated around this day
        thread.start()
        deadline = time.monotonic() + 20
        while not running.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    """The app on the session's demo store."""
    with serving(demo_db) as url:
        yield url


@pytest.fixture
def own_server(demo_db: Path, tmp_path: Path) -> Iterator[str]:
    """The app on a copy of the demo store, for a journey that writes (the other tests read the demo as built)."""
    copy = tmp_path / "demo-copy.sqlite"
    shutil.copy(demo_db, copy)
    with serving(copy) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs, page errors and console errors (CSP violations show there)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.dialogs, opened.problems = [], []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    opened.on("console", lambda msg: opened.problems.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_as_you_type_then_open_the_person(server: str, page: Any) -> None:
    page.goto(f"{server}/people")
    _shot(page, "people")
    page.fill("#q", "Dana Rey")
    page.wait_for_selector("#results a:has-text('Dana Reyes')")
    assert page.locator("#results li").count() == 1
    assert "q=Dana" in page.url  # the search is in the address, so reload and back work
    _shot(page, "people-search")
    page.click("#results a:has-text('Dana Reyes')")
    page.wait_for_selector("h1:has-text('Dana Reyes')")
    shared = page.locator(".shared .sentence")
    assert shared.count() > 0
    assert shared.first.inner_text().strip()
    assert page.locator("textarea#draft").input_value().startswith("Hi ")
    _shot(page, "person")
    assert page.problems == []


def test_the_graph_holds_what_the_api_sent(server: str, page: Any) -> None:
    page.goto(f"{server}/network")
    page.wait_for_function("() => window.kithkinGraph !== undefined")
    drawn = page.evaluate("[window.kithkinGraph.nodes().length, window.kithkinGraph.edges().length]")
    sent = page.evaluate("fetch('/api/v1/graph?depth=1').then(r => r.json())")
    assert drawn == [len(sent["nodes"]), len(sent["edges"])]
    assert page.locator("#legend li").count() == len(sent["circles"]) + 1
    rest = len(sent["nodes"]) - sum(c["size"] for c in sent["circles"])
    assert page.locator("#legend li").last.inner_text() == f"another circle or none ({rest} drawn so)"
    first = sent["circles"][0]
    assert page.locator("#legend li").first.inner_text() == f"{first['name']} ({first['size']} drawn in it)"
    assert "the largest circle they are in" in page.inner_text("#legend")
    assert "people" in page.inner_text("#graph-status")
    _shot(page, "network")
    page.evaluate("window.kithkinGraph.nodes().not('[centre = 1]').first().addClass('hover')")  # as pointing does
    _shot(page, "network-pointing")
    assert page.problems == []


def test_clicking_a_node_opens_the_person(server: str, page: Any, demo_db: Path) -> None:
    page.goto(f"{server}/network")
    page.wait_for_function("() => window.kithkinGraph !== undefined")
    where = page.evaluate(
        f"""(() => {{
            const node = window.kithkinGraph.getElementById('p{me_id(demo_db)}').renderedPosition();
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + node.x, box.top + node.y];
        }})()"""
    )
    page.mouse.click(*where)
    page.wait_for_url(f"**/people/{me_id(demo_db)}")
    assert page.locator(".badge:has-text('you')").count() == 1


def test_the_wider_graph_draws_too(server: str, page: Any) -> None:
    page.goto(f"{server}/network?depth=2")
    page.wait_for_function("() => window.kithkinGraph !== undefined")
    sent = page.evaluate("fetch('/api/v1/graph?depth=2').then(r => r.json())")
    assert page.evaluate("window.kithkinGraph.nodes().length") == len(sent["nodes"])
    _shot(page, "network-depth-2")


def test_hostile_names_render_as_text(server: str, page: Any) -> None:
    page.goto(f"{server}/people")
    page.fill("#q", XSS_QUERY)
    page.wait_for_selector("#results li:has-text('onerror')")
    shown = page.locator("#results li a").all_inner_texts()
    assert set(XSS_NAMES) <= set(shown)
    _shot(page, "people-xss")
    page.click(f"#results a:text-is('{XSS_NAMES[0]}')")
    page.wait_for_selector("h1")
    assert XSS_NAMES[0] in page.inner_text("h1")
    page.goto(f"{server}/network")
    page.wait_for_function("() => window.kithkinGraph !== undefined")
    labels = page.evaluate("window.kithkinGraph.nodes().map(n => n.data('label'))")
    assert set(XSS_NAMES) <= set(labels)
    assert page.locator("img[src='x']").count() == 0
    assert page.dialogs == []


def test_dismissing_a_suggestion_removes_its_row(server: str, page: Any) -> None:
    page.goto(f"{server}/suggestions")
    rows = page.locator(".suggestions > li")
    before = rows.count()
    assert before > 1
    _shot(page, "suggestions")
    first = rows.first.get_attribute("id")
    page.locator(f"#{first} button").click()
    page.wait_for_selector(f"#{first}.dismissed")
    assert page.locator(".suggestions > li:not(.dismissed)").count() == before - 1
    page.reload()
    assert page.locator(f"#{first}").count() == 0
    assert page.problems == []


def test_a_dismissal_is_undone_in_place(own_server: str, page: Any) -> None:
    page.goto(f"{own_server}/suggestions")
    first = page.locator(".suggestions > li").first.get_attribute("id")
    page.locator(f"#{first} button").click()
    page.wait_for_selector(f"#{first}.dismissed")
    page.locator(f"#{first} button:has-text('Undo')").click()
    page.wait_for_selector(f"#{first}:not(.dismissed) .who")  # the page reloaded with them back
    assert page.problems == []


def test_home_page(server: str, page: Any) -> None:
    page.goto(server)
    assert page.locator("h1").inner_text().startswith("Hello, ")
    assert page.locator("nav a").all_inner_texts() == [
        *("Today", "Log", "People", "Find", "Groups", "Network", "Suggestions", "Briefing", "Plan", "Match"),
        *("Merges", "Import", "Export"),
    ]
    _shot(page, "home")
    assert page.problems == []


def test_find_from_your_own_years_then_narrow_to_a_major(server: str, page: Any) -> None:
    page.goto(server)
    page.click("nav a:has-text('Find')")
    page.click(".starters a:has-text('San Diego State University, 1998–2002')")
    page.wait_for_selector("#found-h")
    everyone = page.locator(".found > li").count()
    assert everyone > 1
    assert page.is_checked("#f-shared")  # ranked by what they share with you, said in the form
    assert page.input_value("#f-school") == "San Diego State University"
    page.fill("#f-role", "Business Administration")
    page.click("form.find button[type=submit]")
    page.wait_for_selector(".found a:has-text('Hui-Ling Chen')")
    majors = page.locator(".found .matched").all_inner_texts()
    assert 0 < len(majors) < everyone
    assert all("Business Administration" in m for m in majors)
    first = page.locator(".found > li").first.locator(".reasons li").first.inner_text()
    assert first.startswith("Both at San Diego State University, overlapping")  # the place searched for, first
    assert "role=Business+Administration" in page.url  # the search is in the address: reload and back work
    _shot(page, "find")
    assert page.problems == []


def test_compare_two_people_then_find_a_way_in_at_an_employer(server: str, page: Any) -> None:
    page.goto(f"{server}/people?q=Dana+Reyes")
    page.click("#results a:has-text('Dana Reyes')")
    page.click("a:has-text('Compare with someone else')")
    page.fill("#f-other", "Hui-Ling Chen")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("h1:has-text('Hui-Ling Chen')")
    assert page.locator("h1").inner_text() == "What Dana Reyes and Hui-Ling Chen share"
    assert page.locator(".ground .shared li").count() > 0
    _shot(page, "common")
    page.goto(f"{server}/find")
    page.fill("#f-at", "ServiceNow")
    page.click("button:has-text('Find a way in')")
    page.wait_for_selector("h1:has-text('Getting introduced to someone at ServiceNow')")
    assert page.locator("text=no introduction needed").count() > 0  # the demo's user knows someone there
    assert "at=ServiceNow" in page.url
    _shot(page, "introductions-at")
    assert page.problems == []


def test_forget_asks_first_and_the_person_is_gone(own_server: str, page: Any) -> None:
    page.goto(f"{own_server}/people?q=Dana+Reyes")
    page.click("#results a:has-text('Dana Reyes')")
    page.goto(page.url.rstrip("/") + "/manage")
    page.click("a:has-text('Forget Dana Reyes')")
    page.wait_for_selector("h1:has-text('Forget Dana Reyes?')")
    _shot(page, "forget")
    page.click("button:has-text('Forget Dana Reyes')")
    page.wait_for_url(f"{own_server}/people")
    page.goto(f"{own_server}/people?q=Dana+Reyes")
    assert page.locator("#results a:has-text('Dana Reyes')").count() == 0
    assert page.problems == []


def test_from_match_to_whom_each_member_should_meet(server: str, page: Any) -> None:
    page.goto(f"{server}/match?community=Toastmasters+San+Diego")
    page.click("a:has-text('whom each member of Toastmasters San Diego should meet')")
    page.wait_for_selector("h2:has-text('8 members of Toastmasters San Diego')")
    assert page.locator("article.member").count() == 8
    assert page.locator("article.member ol.suggestions > li").count() > 8
    _shot(page, "suggestions-community")
    assert page.problems == []


def test_today_items_are_settled_in_place(server: str, page: Any) -> None:
    page.goto(f"{server}/today")
    _shot(page, "today")
    rows = page.locator(".digest > li:not(.settled)")
    before = rows.count()
    assert before > 0
    first = rows.first.get_attribute("id")
    page.locator(f"#{first} button").first.click()
    page.wait_for_selector(f"#{first}.settled")
    assert rows.count() == before - 1
    _shot(page, "today-settled")
    assert page.problems == []


def test_today_leads_to_the_give_and_take_and_the_calendar_file(server: str, page: Any) -> None:
    page.goto(f"{server}/today")
    with page.expect_download() as download:
        page.click("a[href='/today/reminders.ics']")
    assert download.value.suggested_filename == "kithkin-reminders.ics"
    assert Path(download.value.path()).read_bytes().startswith(b"BEGIN:VCALENDAR")
    page.click("a:has-text('Give and take')")
    page.wait_for_selector("h1:has-text('Give and take')")
    rows = page.locator("table.ledger tbody tr")
    assert rows.count() > 0
    gave, got, balance = (rows.first.locator("td").nth(i).inner_text() for i in (1, 2, 3))
    assert balance == ("even" if gave == got else f"{int(gave) - int(got):+d}")
    _shot(page, "ledger")
    assert page.problems == []


def test_groups_page_lists_each_kind_with_its_other_names(server: str, page: Any) -> None:
    page.goto(server)
    page.click("nav a:has-text('Groups')")
    row = page.locator("table.groups tr", has_text="San Diego State University")
    assert "SDSU" in row.inner_text()
    _shot(page, "groups")
    page.click(".tabs a:has-text('Employers')")
    page.wait_for_selector("h2:has-text('Employers, largest first')")
    assert page.locator("table.groups tbody tr").count() > 10
    assert page.problems == []


def test_merges_page(server: str, page: Any) -> None:
    page.goto(f"{server}/merges")
    assert page.locator("h1").inner_text() == "Possible duplicates"
    _shot(page, "merges")
    assert page.problems == []


def test_an_expired_page_says_so(server: str, page: Any) -> None:
    page.goto(f"{server}/suggestions")
    page.context.clear_cookies()  # as after a restart: the page's token no longer matches any session
    row = page.locator(".suggestions > li").first
    row.locator("button").click()
    page.wait_for_selector("#request-error")
    assert "expired" in page.inner_text("#request-error")
    assert row.is_visible()


def test_log_a_coffee_and_see_the_cadence_reset_on_today(own_server: str, page: Any) -> None:
    server = own_server
    page.goto(f"{server}/today")
    page.wait_for_selector("form#log-form")  # the small log form loads after the page
    overdue = page.locator("#overdue-h ~ .digest > li:not(.settled) .what a")
    name = overdue.first.inner_text()
    page.fill("#log-people", name)
    page.fill("#log-note", "coffee at the harbour")
    page.fill("#log-on", "2026-00-05")
    page.click("form#log-form button[type=submit]")
    page.wait_for_selector("#log-on-error")  # refused by the server, said next to the field
    assert "not a real date" in page.inner_text("#log-on-error")
    assert page.input_value("#log-note") == "coffee at the harbour"  # nothing typed is lost
    _shot(page, "today-log-refused")
    page.fill("#log-on", "yesterday")
    with page.expect_navigation():
        page.click("form#log-form button[type=submit]")
    page.wait_for_selector("form#log-form")
    assert page.inner_text(".quick-log .logged") == f"Logged meal with {name} on 4 Dec 2026 — coffee at the harbour."
    assert name not in page.locator("#overdue-h ~ .digest .what a").all_inner_texts()
    _shot(page, "today-after-log")
    page.goto(f"{server}/log")
    assert f"with {name}" in " ".join(page.locator(".log-entries li").first.inner_text().split())
    _shot(page, "log")
    assert page.problems == []


def test_edit_a_person_and_add_an_affiliation(own_server: str, page: Any) -> None:
    server = own_server
    page.goto(f"{server}/people?q=Dana+Reyes")
    page.click("#results a:has-text('Dana Reyes')")
    page.wait_for_selector("#manage section")  # the editing panel loads after the profile
    page.click("a.edit-link")
    page.wait_for_selector("form#person-edit")
    page.fill("#f-aliases", "Dee")
    page.fill("#f-birthday", "1988-02-30")
    page.click("form#person-edit button[type=submit]")
    page.wait_for_selector("#f-birthday-error")
    _shot(page, "person-edit-refused")
    page.fill("#f-birthday", "--02-14")
    with page.expect_navigation():
        page.click("form#person-edit button[type=submit]")
    page.wait_for_selector("#manage section")
    assert "Also known as Dee" in page.inner_text(".person-head")
    assert "Birthday 14 February — next on Sunday 14 February 2027" in page.inner_text("#manage")
    page.click("#add-affiliation summary")
    page.select_option("#aff-kind", "community")
    page.fill("#aff-name", "Harbour Rowing Club")
    page.fill("#aff-role", "cox")
    page.fill("#aff-start", "2021")
    _shot(page, "person-affiliation-form")
    with page.expect_navigation():
        page.click("#affiliation-form button[type=submit]")
    row = page.locator(".facts tr:has-text('Harbour Rowing Club')")
    assert " ".join(row.inner_text().split()).startswith("Harbour Rowing Club community cox 2021–now typed by the user")
    _shot(page, "person-after-edit")
    assert page.problems == []
