"""End to end in Chromium: plan a 7-seat gathering and download its invitation, a briefing from an uploaded
invitation (on screen and on paper), a matchmaking round previewed then recorded. The server, browser and
page fixtures are the journeys' own (tests/web/test_web_browser.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
from tests.web import test_web_browser as journeys

from kithkin.store import Store

pytestmark = journeys.pytestmark
server, browser, page, _shot = journeys.server, journeys.browser, journeys.page, journeys._shot


def test_plan_a_seven_seat_gathering_and_download_its_invitation(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/plan")
    _shot(page, "plan-empty")
    page.fill("#plan-q", "Dana Rey")
    page.click("#plan-pick button:has-text('Must invite')")
    page.wait_for_selector("#must .chip:has-text('Dana Reyes')")
    page.fill("input[name=seats]", "7")
    page.fill("input[name=tables]", "2")
    page.click("button:has-text('Plan the guest list')")
    page.wait_for_selector(".guests")
    guests = page.locator(".guests li a").all_inner_texts()
    assert len(guests) == len(set(guests)) == 7
    assert "Dana Reyes" in guests
    assert "seats=7" in page.url  # the plan is in the address: reload and share work
    assert "must=%232" in page.url
    assert page.locator(".tables .table").count() == 2
    assert page.locator(".intros-list li").count() > 0
    table_of = {
        name: number
        for number in (1, 2)
        for name in page.locator(f".tables .table:nth-child({number}) li").all_inner_texts()
    }
    checked = 0
    for intro in page.locator(".intros-list li").all():  # each pair to introduce says where the two sit, truly
        pair = intro.locator(".sentence").inner_text().split(":")[0].split(" and ")
        seating = intro.locator(".seating").inner_text()
        if len(pair) == 2 and pair[0] in table_of and pair[1] in table_of:
            a, b = sorted((table_of[pair[0]], table_of[pair[1]]))
            assert seating == (
                f"Both sit at table {a}."
                if a == b
                else f"They sit at tables {a} and {b} — introduce them before everyone sits down."
            )
            checked += 1
    assert checked > 0
    _shot(page, "plan")
    page.fill("input[name=on]", "2026-12-12")
    page.fill("input[name=title]", "Harbor dinner")
    with page.expect_download() as waiting:
        page.click("#download-ics")
    download = waiting.value
    assert download.suggested_filename == "gathering-2026-12-12.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    [event] = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Harbor dinner"
    assert sorted(str(a.params["CN"]) for a in event["ATTENDEE"]) == sorted(guests)  # every demo guest has an email
    assert page.problems == []


def _invite(db: Path, path: Path) -> Path:
    with Store.open(db, create=False) as store:
        people = store.get_people([2, 7])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:harbor@example.com",
             "SUMMARY:Harbor dinner", "DTSTART:20261212T190000Z",
             "ORGANIZER;CN=Paula Host:mailto:paula@harborworks.co"]  # fmt: skip
    lines += [f"ATTENDEE;CN={p.name};PARTSTAT=ACCEPTED:mailto:{sorted(p.emails)[0]}" for p in people]
    path.write_bytes("\r\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""]).encode())
    return path


def test_a_briefing_from_an_uploaded_invitation(server: str, page: Any, demo_db: Path, tmp_path: Path) -> None:
    page.goto(f"{server}/brief")
    _shot(page, "brief-empty")
    page.set_input_files("#invite", str(_invite(demo_db, tmp_path / "harbor.ics")))
    page.click("button:has-text('Brief me on this invitation')")
    page.wait_for_selector("h1:has-text('Briefing: Harbor dinner')")
    assert page.locator(".attendee").count() == 2
    assert page.locator(".attendee h2 a").first.inner_text() == "Dana Reyes"  # the one you are trying to reach
    assert "Reach Dana Reyes" in page.inner_text(".reach")
    assert "Paula Host" in page.inner_text(".strangers")
    _shot(page, "brief")
    page.emulate_media(media="print")
    assert not page.locator(".masthead").is_visible()
    assert not page.locator("#invite").is_visible()
    assert page.locator(".attendee").first.is_visible()
    _shot(page, "brief-print")
    assert page.problems == []


def test_pick_people_then_brief(server: str, page: Any) -> None:
    page.goto(f"{server}/brief")
    page.fill("#pick-q", "Dana Rey")
    page.click("#pick-results button:has-text('Add')")
    page.wait_for_selector("#picked .chip:has-text('Dana Reyes')")
    page.click("button:has-text('Brief me on them')")
    page.wait_for_selector("h1:has-text('Briefing:')")
    assert page.locator(".attendee h2 a").all_inner_texts() == ["Dana Reyes"]
    assert page.locator("#picked .chip").count() == 1  # the picked stay picked
    assert page.problems == []


def test_a_matchmaking_round_previewed_then_recorded(server: str, page: Any) -> None:
    page.goto(f"{server}/match")
    page.select_option("select[name=community]", "San Diego Running Club")
    page.click("button:has-text('Preview the next round')")
    page.wait_for_selector(".pairs")
    preview = page.locator(".pairs .sentence").all_inner_texts()
    assert len(preview) == 3  # 6 members
    _shot(page, "match")
    page.click("#record-round")
    page.wait_for_selector(".done")
    assert page.locator(".pairs .sentence").all_inner_texts() == preview
    assert "Past rounds" in page.inner_text("main")
    _shot(page, "match-recorded")
    assert page.problems == []
