"""Briefing, the gathering planner and matchmaking over the web: pages and ``/api/v1``, on the real demo store
(matchmaking records rounds, so it works on a copy of the store)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient
from tests.store_support import copy_store
from tests.web.support import XSS_NAMES, XSS_QUERY, csrf_token, xss_ids

from kithkin import services
from kithkin.services import common_ground
from kithkin.store import Store
from kithkin.web import create_app

COMMUNITY = "Toastmasters San Diego"  # the demo's largest community: 8 members


def _error(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    return dict(body["error"])


def _invite(*attendees: tuple[str, str], summary: str = "Harbor dinner") -> bytes:
    """An invitation as a calendar app mails it (written by hand, not by kithkin)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST", "BEGIN:VEVENT",
             "UID:harbor-1@example.com", f"SUMMARY:{summary}", "DTSTART:20261212T190000Z",
             "ORGANIZER;CN=Paula Host:mailto:paula@harborworks.co"]  # fmt: skip
    lines += [f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:{email}" for name, email in attendees]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode()


def _emails(db: Path, *ids: int) -> list[tuple[str, str]]:
    with Store.open(db, create=False) as store:
        return [(p.name, sorted(p.emails)[0]) for p in store.get_people(list(ids))]


# --- the gathering planner ---------------------------------------------------------------------------------


def test_a_seven_seat_plan_gives_seven_guests_with_reasons(client: TestClient, demo_db: Path) -> None:
    body = client.get("/api/v1/plan", params={"seats": 7, "tables": 2}).json()
    assert body["host"]["is_me"] is True
    guests = [g["person"]["id"] for g in body["guests"]]
    assert len(guests) == len(set(guests)) == 7
    assert body["host"]["id"] not in guests
    assert all(g["reason"] for g in body["guests"])
    assert body["introductions"]
    assert all(i["opener"] and i["why"] for i in body["introductions"])
    assert sorted(p["id"] for table in body["tables"] for p in table) == sorted(guests)
    assert len(body["tables"]) == 2
    table_of = {p["id"]: number for number, table in enumerate(body["tables"], start=1) for p in table}
    for intro in body["introductions"]:  # where each pair sits, from the same seating
        a, b = table_of.get(intro["a"]["id"]), table_of.get(intro["b"]["id"])
        assert (intro["seating"] == f"both sit at table {a}") is (a is not None and a == b)
    with Store.open(demo_db, create=False) as store:  # the same use case the CLI calls gives the same guests
        view = services.gatherings.plan(store, services.gatherings.PlanRequest("me", 7, tables=2))
    assert [g.person.id for g in view.guests] == guests


def test_an_introductions_opener_says_whose_words_it_is(client: TestClient) -> None:
    """Before: "Opener: Ask Hui-Ling which team they were on…" told the host to say what is one guest's question to
    the other; an opener from what two guests share is the first guest's, the host's only when they share nothing."""
    body = client.get("/api/v1/plan", params={"seats": 7}).json()
    page = client.get("/plan", params={"seats": 7}).text
    assert body["introductions"]
    for intro in body["introductions"]:
        first = intro["a"]["name"].split()[0]
        assert intro["opener_by"] in ("", first)
        assert (intro["opener_by"] == "") is intro["opener"].startswith("Tell ")  # the host's own words
        said = f"{intro['opener_by']} could open with" if intro["opener_by"] else "Opener"
        assert html.escape(f"{said}: {intro['opener']}") in page
    assert any(intro["opener_by"] for intro in body["introductions"])


def test_must_never_and_apart_are_kept(client: TestClient) -> None:
    first = client.get("/api/v1/plan", params={"seats": 7}).json()
    left_out, kept = first["guests"][0]["person"], first["guests"][1]["person"]
    params: dict[str, object] = {"seats": 7, "never": f"#{left_out['id']}", "must": "Dana Reyes"}
    body = client.get("/api/v1/plan", params=params).json()
    names = {g["person"]["name"]: g["reason"] for g in body["guests"]}
    assert left_out["name"] not in names
    assert names["Dana Reyes"].startswith("you asked for them")
    apart = client.get(
        "/api/v1/plan", params={"seats": 7, "must": f"#{kept['id']}", "apart": f"#{kept['id']}, Dana Reyes"}
    )
    assert "Dana Reyes" not in {g["person"]["name"] for g in apart.json()["guests"]}


def test_the_invitation_lists_the_seven_guests(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITHKIN_TODAY", "2026-12-05")
    guests = {g["person"]["name"] for g in client.get("/api/v1/plan", params={"seats": 7}).json()["guests"]}
    response = client.get("/plan/invitation.ics", params={"seats": 7, "on": "2026-12-12", "title": "Harbor dinner"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == 'attachment; filename="gathering-2026-12-12.ics"'
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Harbor dinner"
    assert event.decoded("DTSTART").isoformat() == "2026-12-12"
    assert {str(a.params["CN"]) for a in event["ATTENDEE"]} == guests
    assert client.get("/api/v1/plan/invitation", params={"seats": 7, "on": "2026-12-12"}).content.startswith(
        b"BEGIN:VCALENDAR"
    )
    # a time and a place (it was all day, and where was nowhere)
    timed = client.get(
        "/api/v1/plan/invitation",
        params={"seats": 7, "on": "2026-12-12", "start": "18:30", "end": "21:00", "where": "Harbor Grill, pier 3"},
    )
    [event] = icalendar.Calendar.from_ical(timed.content).walk("VEVENT")
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.datetime(2026, 12, 12, 18, 30), dt.datetime(2026, 12, 12, 21, 0)
    )  # fmt: skip
    assert str(event["LOCATION"]) == "Harbor Grill, pier 3"
    page = client.get("/plan", params={"seats": 7}).text
    assert {'name="start"', 'name="end"', 'name="where"', 'min="2026-12-05"'} <= set(re.findall(r'\w+="[^"]*"', page))
    for params, field, said in [
        ({"on": "2026-12-01"}, "on", "1 December 2026 is before today"),
        ({"on": "2026-12-12", "start": "7"}, "start", "'7' could be morning or evening: say 07:00 or 19:00"),
        ({"on": "2026-12-12", "end": "21:00"}, "start", "an end time needs a start time"),
        ({"on": "2026-12-12", "start": "18:30", "end": "25:00"}, "end", "'25:00' is not a time of day"),
        ({"on": "2026-12-12", "start": "21:00", "end": "18:00"}, "end", "the end (18:00) is before the start (21:00)"),
    ]:
        error = _error(client.get("/api/v1/plan/invitation", params={"seats": 7, **params}), 400)
        assert (error["field"], error["message"].split(":")[0]) == (field, said.split(":")[0]), error
        assert error["message"].startswith(said)


@pytest.mark.parametrize(
    ("params", "status", "code", "field"),
    [
        ({"seats": 0}, 400, "bad_parameter", "seats"),
        ({"seats": 7, "tables": 0}, 400, "bad_parameter", "tables"),
        ({"seats": 7, "apart": "Dana Reyes"}, 400, "input_error", None),
        ({"seats": 7, "community": "No Such Club"}, 400, "input_error", None),
        ({"seats": 7, "must": "Nobody Atall"}, 404, "unknown_person", None),
        ({"seats": 7, "goal": "zzzz"}, 400, "input_error", None),
    ],
)
def test_plan_mistakes_use_the_error_shape(
    client: TestClient, params: dict[str, object], status: int, code: str, field: str | None
) -> None:
    error = _error(client.get("/api/v1/plan", params=params), status)
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def test_the_invitation_needs_a_day(client: TestClient) -> None:
    error = _error(client.get("/api/v1/plan/invitation", params={"seats": 7}), 400)
    assert error["field"] == "on"
    assert (
        _error(client.get("/api/v1/plan/invitation", params={"seats": 7, "on": "someday"}), 400)["code"] == "bad_date"
    )


def test_the_plan_page_keeps_the_form_and_says_what_is_wrong(client: TestClient) -> None:
    page = client.get("/plan", params={"seats": 7, "must": "Dana Reyes", "tables": ""})  # a number left empty
    assert page.status_code == 200
    assert "Dana Reyes" in page.text
    assert 'id="download-ics"' in page.text
    wrong = client.get("/plan", params={"seats": 7, "goal": "zzzz"})
    assert wrong.status_code == 400
    assert "nobody in the pool fits the goal" in wrong.text
    assert 'value="zzzz"' in wrong.text  # what was typed is still there


def test_picking_people_for_must_and_never(client: TestClient) -> None:
    found = client.get("/plan/pick", params={"q": "dana rey"}, headers={"HX-Request": "true"})
    assert "<html" not in found.text
    assert found.text.count('hx-get="/plan/chip/') == 2
    chip = client.get("/plan/chip/must", params={"pid": 2})
    assert 'name="must" value="#2" checked' in chip.text
    assert client.get("/plan/chip/maybe", params={"pid": 2}).status_code == 400


# --- the briefing --------------------------------------------------------------------------------------------


def test_a_briefing_from_an_uploaded_invitation(client: TestClient, demo_db: Path) -> None:
    coming = _emails(demo_db, 2, 7)
    data = _invite(*coming, ("Stranger Danger", "stranger@gmail.com"))
    token = csrf_token(client)
    response = client.post(
        "/api/v1/briefing", files={"invite": ("dinner.ics", data, "text/calendar")}, headers={"X-CSRF-Token": token}
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["title"] == "Harbor dinner"
    assert {a["person"]["name"] for a in body["attendees"]} == {name for name, _ in coming}
    strangers = {s["name"]: s["guess"] for s in body["strangers"]}
    assert strangers == {"Paula Host": "email at harborworks.co", "Stranger Danger": "personal email address"}
    dana = next(a for a in body["attendees"] if a["person"]["id"] == 2)
    assert dana["trying_to_reach"] == ["Reach Dana Reyes about a partnership with their product team"]
    with Store.open(demo_db, create=False) as store:
        ground = common_ground.common(store, "me", "#2")
    assert dana["mutual"] == [i.name for i in ground.items if i.kind is None]
    assert [s["name"] for s in dana["shared"]] == [i.name for i in ground.items if i.kind is not None]


def test_the_briefing_page_takes_an_upload_with_its_form_token(client: TestClient, demo_db: Path) -> None:
    data = _invite(*_emails(demo_db, 2), summary="Coffee <b>soon</b>")
    files = {"invite": ("coffee.ics", data, "text/calendar")}
    refused = client.post("/brief", files=files)
    assert refused.status_code == 403
    page = client.post("/brief", files=files, data={"csrf_token": csrf_token(client)})
    assert page.status_code == 200
    assert "Briefing: Coffee &lt;b&gt;soon&lt;/b&gt;" in page.text
    assert "You have been trying to reach" in page.text
    assert 'href="/static/planning.css"' in page.text


def test_a_bad_upload_is_one_calm_error(client: TestClient) -> None:
    headers = {"X-CSRF-Token": csrf_token(client)}
    broken = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:cut short\r\n"
    error = _error(client.post("/api/v1/briefing", files={"invite": ("cut.ics", broken)}, headers=headers), 400)
    assert error["code"] == "source_error"
    assert str(error["message"]).startswith("cut.ics")
    error = _error(client.post("/api/v1/briefing", files={"invite": ("notes.txt", b"hello")}, headers=headers), 400)
    assert error["message"] == "notes.txt is not an invitation: choose a calendar file (.ics)"


def test_a_briefing_for_picked_people_or_an_event(client: TestClient, demo_db: Path) -> None:
    body = client.get("/api/v1/briefing", params=[("person", 2), ("person", 7)]).json()
    assert sorted(a["person"]["id"] for a in body["attendees"]) == [2, 7]
    assert body["strangers"] == []
    with Store.open(demo_db, create=False) as store:
        event = services.briefing.events(store)[0][0]
        me = store.me()
        assert me is not None
        others = [p for p in store.members(event.id or 0) if p != me.id]
    body = client.get("/api/v1/briefing", params={"event": f"#{event.id}"}).json()
    assert body["title"] == event.name
    assert sorted(a["person"]["id"] for a in body["attendees"]) == sorted(others)
    page = client.get("/brief", params={"event": f"#{event.id}"})
    assert page.status_code == 200
    assert f"Briefing: {event.name}" in html.unescape(page.text)
    assert _error(client.get("/api/v1/briefing"), 400)["code"] == "input_error"
    assert _error(client.get("/api/v1/briefing", params={"event": "#2"}), 400)["code"] == "input_error"


def test_an_event_the_user_was_not_on_says_so_and_a_past_one_is_marked(
    client: TestClient, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "42 other attendees: 12 you know, …" of a film festival the user was not on the list of, and a
    briefing of a past event read as one to prepare for."""
    with Store.open(demo_db, create=False) as store:
        me = store.me()
        assert me is not None
        dated = [g for g, n in services.briefing.events(store) if g.on is not None and g.on.day is not None and n > 3]
        event = next(g for g in dated if me.id not in store.members(g.id or 0))
        assert event.on is not None
        guests = len(store.members(event.id or 0))
    monkeypatch.setenv("KITHKIN_TODAY", (event.on.first_day + dt.timedelta(days=1)).isoformat())
    body = client.get("/api/v1/briefing", params={"event": f"#{event.id}"}).json()
    assert (body["you"], body["past"], len(body["attendees"])) == (False, True, guests)
    text = " ".join(html.unescape(client.get("/brief", params={"event": f"#{event.id}"}).text).split())
    assert f"{event.on.first_day.day} " in text
    assert "(past)" in text
    assert f"{guests} people on its list, not you:" in text
    assert "other attendees" not in text
    monkeypatch.setenv("KITHKIN_TODAY", (event.on.first_day - dt.timedelta(days=1)).isoformat())
    assert client.get("/api/v1/briefing", params={"event": f"#{event.id}"}).json()["past"] is False


def test_a_tie_is_said_once_on_the_briefing_page(client: TestClient, demo_db: Path) -> None:
    with Store.open(demo_db, create=False) as store:
        event = services.briefing.events(store)[0][0]
    page = re.sub(r"\s+", " ", html.unescape(client.get("/brief", params={"event": f"#{event.id}"}).text))
    said = re.findall(r"You know each other[^.]*\.", page)
    assert "You know each other (friends) since 2018." in said  # was "… since 2018 — friend."
    # a closeness word "how" does not say; the group that explains the tie named (was "(fellow members)" alone)
    assert any(re.fullmatch(r"You know each other \(fellow members of [^)]+\) — friend\.", line) for line in said)
    assert not [line for line in said if "(friends)" in line and "— friend" in line]


# --- matchmaking ----------------------------------------------------------------------------------------------


@pytest.fixture
def match_client(demo_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a copy of the demo store, so that recorded rounds stay in this test."""
    with TestClient(create_app(copy_store(demo_db, tmp_path)), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def _pairs(body: dict[str, object]) -> set[frozenset[int]]:
    return {frozenset((p["a"]["id"], p["b"]["id"])) for p in body["pairs"]}  # type: ignore[attr-defined,index]


def test_a_recorded_round_is_never_repeated(match_client: TestClient) -> None:
    client = match_client
    preview = client.get("/api/v1/match", params={"community": COMMUNITY}).json()
    assert preview["round_id"] is None
    assert len(preview["pairs"]) == 4  # 8 members
    assert _error(client.post("/api/v1/match", json={"community": COMMUNITY}), 403)["code"] == "csrf"
    headers = {"X-CSRF-Token": csrf_token(client)}
    first = client.post("/api/v1/match", json={"community": COMMUNITY}, headers=headers).json()
    assert isinstance(first["round_id"], int)
    assert _pairs(first) == _pairs(preview)  # what was previewed is what was recorded
    second = client.post("/api/v1/match", json={"community": COMMUNITY, "on": "2027-01-05"}, headers=headers).json()
    assert _pairs(second)
    assert not _pairs(second) & _pairs(first)
    history = client.get("/api/v1/match/history", params={"community": COMMUNITY}).json()
    assert [r["on"] for r in history["rounds"]][-1] == "2027-01-05"
    assert len(history["rounds"]) == 2


def test_round_size_and_opt_outs(match_client: TestClient) -> None:
    client = match_client
    small = client.get("/api/v1/match", params={"community": COMMUNITY, "size": 2}).json()
    assert len(small["pairs"]) == 2
    assert len(small["sat_out"]) == 4
    someone = small["pairs"][0]["a"]
    headers = {"X-CSRF-Token": csrf_token(client)}
    out = client.post(
        "/api/v1/match/opt-out", json={"community": COMMUNITY, "person": f"#{someone['id']}"}, headers=headers
    )
    assert out.json() == {"community": COMMUNITY, "person": someone, "out": True}
    after = client.get("/api/v1/match", params={"community": COMMUNITY}).json()
    assert someone["id"] not in {x for pair in _pairs(after) for x in pair}
    assert after["opted_out"] == 1
    assert len(after["sat_out"]) == 1  # 7 take part: one sits out
    page = client.get("/match", params={"community": COMMUNITY})
    assert f'{someone["name"]} <span class="muted">opted out</span>' in page.text
    error = _error(
        client.post("/api/v1/match/opt-out", json={"community": COMMUNITY, "person": "Dana Reyes"}, headers=headers),
        400,
    )
    assert error["message"] == f"Dana Reyes is not a member of {COMMUNITY}"
    assert _error(client.get("/api/v1/match", params={"community": "Nope Club"}), 400)["code"] == "input_error"


def test_the_user_sitting_out_is_said_as_you(client: TestClient) -> None:
    """Before: "sitting out: Michael Brennan", the user named in the third person on their own page."""
    alumni = "San Diego State University Alumni Association"  # 7 members: one sits out
    sat_out = client.get("/api/v1/match", params={"community": alumni}).json()["sat_out"]
    assert len(sat_out) == 1
    page = client.get("/match", params={"community": alumni}).text
    said = html.escape(sat_out[0]["name"]) + (" (you)" if sat_out[0]["is_me"] else "")
    assert f"sitting out: {said}." in page


def test_the_match_page_previews_then_records(match_client: TestClient) -> None:
    client = match_client
    page = client.get("/match", params={"community": COMMUNITY})
    assert page.status_code == 200
    assert 'id="record-round"' in page.text
    pairs = client.get("/api/v1/match", params={"community": COMMUNITY}).json()["pairs"]
    assert any(p["opener"] for p in pairs)
    for pair in (p for p in pairs if p["opener"]):  # a's words to b, said as a's (before: "Opener:", the user's)
        assert pair["opener_by"] == pair["a"]["name"].split()[0]
        assert html.escape(f"{pair['opener_by']} could open with: {pair['opener']}") in page.text
    assert "Opener:" not in page.text
    done = client.post("/match", data={"community": COMMUNITY, "csrf_token": csrf_token(client)})
    assert done.status_code == 200
    assert "Recorded the round of" in done.text
    assert "Past rounds" in done.text
    # a mistaken click is not for good: the round can be forgotten, and the same pairs are offered again
    found = re.search(r'name="round_id" value="(\d+)"', done.text)
    assert found is not None
    undone = client.post("/match/undo", data={"community": COMMUNITY, "round_id": found[1],
                                              "csrf_token": csrf_token(client)})  # fmt: skip
    assert "its pairs may be made again." in undone.text
    assert "Past rounds" not in undone.text
    # on to the community's page with the next round's preview: a refresh or Back at /match/undo was an error page
    assert undone.url.path == "/match"
    assert 'id="record-round"' in undone.text
    again = client.get("/api/v1/match", params={"community": COMMUNITY}).json()["pairs"]
    assert [(p["a"]["id"], p["b"]["id"]) for p in again] == [(p["a"]["id"], p["b"]["id"]) for p in pairs]


# --- safety: every page of this feature escapes what people wrote, runs no inline script, posts with the token --


def test_hostile_names_are_text_on_these_pages(client: TestClient, demo_db: Path) -> None:
    ids = xss_ids(demo_db)
    pages = [
        client.get("/brief", params=[("person", pid) for pid in ids]).text,
        client.get("/brief/pick", params={"q": XSS_QUERY}).text,
        client.get("/brief/chip", params={"pid": ids[0]}).text,
        client.get("/plan", params=[("seats", 7), *(("must", f"#{pid}") for pid in ids)]).text,
        client.get("/plan/pick", params={"q": XSS_QUERY}).text,
        client.get("/plan/chip/never", params={"pid": ids[1]}).text,
    ]
    for page in pages:
        for name in XSS_NAMES:
            assert name not in page
        assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[3]


@pytest.mark.parametrize("url", ["/brief", "/brief?person=2", "/plan", "/plan?seats=7", "/match",
                                 f"/match?community={COMMUNITY}"])  # fmt: skip
def test_no_inline_script_and_every_form_posts_its_token(client: TestClient, url: str) -> None:
    page = client.get(url).text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert " src=" in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), "an on* attribute"
    assert "style=" not in page
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, flags=re.S)
    assert all('name="csrf_token"' in form for form in forms)


def test_an_exact_solve_says_whether_it_proved_the_best_list(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Solved to the end, the page names the optimum; stopped at its time limit, it says the solver stopped
    and gives the bound it proved, not an "optimum" it never proved."""
    from kithkin.services import gatherings

    solved = client.get("/api/v1/plan", params={"seats": 7, "exact": "true"}).json()
    assert solved["proved"] is True
    assert solved["exact_bound"] == solved["exact_value"] >= solved["value"]
    assert "The exact optimum is" in client.get("/plan", params={"seats": 7, "exact": "true"}).text
    monkeypatch.setattr(gatherings, "EXACT_SECONDS", 0.01)
    stopped = client.get("/api/v1/plan", params={"seats": 7, "exact": "true"}).json()
    assert stopped["proved"] is False
    assert stopped["exact_bound"] > solved["exact_value"]  # a bound, above the optimum proved above
    assert stopped["gap"] == pytest.approx(1 - stopped["value"] / stopped["exact_bound"], abs=1e-3)
    page = client.get("/plan", params={"seats": 7, "exact": "true"}).text
    assert "The exact optimum is" not in page
    assert "The exact solver stopped at its 0.01-second limit before proving the best list" in page
    assert client.get("/api/v1/plan", params={"seats": 7}).json()["proved"] is None  # not asked
