"""Today (the daily digest, marked in place) and Merges (possible duplicates, decided in place)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.support import csrf_token

from kithkin import services
from kithkin.store import Store
from kithkin.web import create_app


@pytest.fixture(autouse=True)
def demo_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITHKIN_TODAY", "2026-12-05")


def test_today_lists_who_is_overdue_and_what_is_coming(client: TestClient) -> None:
    body = client.get("/api/v1/today").json()
    assert body["today"] == "2026-12-05"
    assert body["overdue"]
    assert all(item["id"].startswith("p") and item["overdue_days"] >= 0 for item in body["overdue"])
    due = body["late"] + body["upcoming"]  # on this day the demo's follow-up is late
    assert due
    page = client.get("/today").text
    assert body["overdue"][0]["person"]["name"] in page
    assert due[0]["what"] in page


def test_a_follow_up_is_marked_done_in_place(client: TestClient) -> None:
    body = client.get("/api/v1/today").json()
    [item] = [i for i in body["late"] + body["upcoming"] if i["id"].startswith("f")][:1]
    token = csrf_token(client)
    response = client.post(
        f"/today/items/{item['id']}", data={"status": "done", "csrf_token": token}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'class="settled"' in response.text
    after = client.get("/api/v1/today").json()
    assert item["id"] not in [i["id"] for i in after["late"] + after["upcoming"]]
    # it says what was done, not "F1 done.", and can be undone (before: a mistaken click was for good)
    assert f"Done: {item['what']} ({item['id']})." in response.text
    assert '<button type="submit" name="status" value="open"' in response.text
    undone = client.post(
        f"/today/items/{item['id']}", data={"status": "open", "csrf_token": token}, headers={"HX-Request": "true"}
    )
    assert f"Reopened: {item['what']} ({item['id']})." in undone.text
    again = client.get("/api/v1/today").json()
    assert item["id"] in [i["id"] for i in again["late"] + again["upcoming"]]


def test_snoozing_someone_overdue_through_the_api(client: TestClient) -> None:
    first = client.get("/api/v1/today").json()["overdue"][0]
    assert client.post(f"/api/v1/today/items/{first['id']}", json={"status": "snoozed"}).status_code == 403
    response = client.post(
        f"/api/v1/today/items/{first['id']}", json={"status": "snoozed"}, headers={"X-CSRF-Token": csrf_token(client)}
    )
    assert response.status_code == 200, response.text
    assert "snoozed" in response.json()["message"]
    assert first["id"] not in [i["id"] for i in client.get("/api/v1/today").json()["overdue"]]


def test_a_contact_reminder_cannot_be_marked_done(client: TestClient) -> None:
    first = client.get("/api/v1/today").json()["overdue"][0]
    response = client.post(
        f"/api/v1/today/items/{first['id']}", json={"status": "done"}, headers={"X-CSRF-Token": csrf_token(client)}
    )
    assert response.status_code == 400
    assert "kithkin log" in response.json()["error"]["message"]
    bad = client.post("/api/v1/today/items/zz9", json={"status": "done"}, headers={"X-CSRF-Token": csrf_token(client)})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "input_error"


@pytest.fixture
def twins(tmp_path: Path) -> Iterator[tuple[TestClient, list[int]]]:
    """A store with two possible duplicates proposed, and a client for it."""
    path = tmp_path / "twins.sqlite"
    with Store.open(path) as store:
        pairs = [("Dana Reyes", "Diana Reyes"), ("Bo Chen", "Bo Chen")]
        for one, two in pairs:
            a = services.add_person(store, one, emails=[f"{one.split()[0].lower()}@a.org"])
            b = services.add_person(store, two, emails=[f"{two.split()[0].lower()}@b.org"], new=True)
            store.set_proposal(a.id or 0, b.id or 0, "open", reason="similar names; both at Qualcomm")
        ids = [p.id for p in store.proposals()]
    with TestClient(create_app(path), base_url="http://127.0.0.1") as test_client:
        yield test_client, ids


def test_merges_are_accepted_or_rejected(twins: tuple[TestClient, list[int]]) -> None:
    client, (first, second) = twins
    listed = client.get("/api/v1/merges").json()["items"]
    assert {p["id"] for p in listed} == {first, second}
    page = client.get("/merges").text
    assert "similar names; both at Qualcomm" in page
    token = csrf_token(client)
    merged = client.post(f"/api/v1/merges/{first}", json={"decision": "accept"}, headers={"X-CSRF-Token": token})
    assert merged.status_code == 200, merged.text
    assert merged.json()["person"]["name"] in ("Dana Reyes", "Diana Reyes")
    kept = client.post(f"/merges/{second}", data={"decision": "reject", "csrf_token": token}, follow_redirects=False)
    assert kept.status_code == 303
    assert client.get("/api/v1/merges").json()["items"] == []
    again = client.post(f"/api/v1/merges/{first}", json={"decision": "accept"}, headers={"X-CSRF-Token": token})
    assert again.status_code == 404  # the merge took the proposal with the absorbed person
    assert set(again.json()["error"]) == {"code", "message", "field"}


def test_merge_every_pair_or_those_a_reason_names(tmp_path: Path) -> None:
    """Before: after a large import each proposed pair was merged by hand, one click each."""
    path = tmp_path / "many.sqlite"
    with Store.open(path) as store:
        reasons = {
            "Dana Reyes": "same employer: Qualcomm",
            "Bo Chen": "similar names",
            "Cy Park": "same employer: Intuit",
        }
        for name, reason in reasons.items():
            a = services.add_person(store, name, emails=[f"{name.split()[0].lower()}@a.org"])
            b = services.add_person(store, name, emails=[f"{name.split()[0].lower()}@b.org"], new=True)
            store.set_proposal(a.id or 0, b.id or 0, "open", reason=reason)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        assert 'action="/merges/all"' in client.get("/merges").text
        token = csrf_token(client)
        done = client.post("/merges/all", data={"csrf_token": token, "rule": "same employer"}, follow_redirects=False)
        assert done.status_code == 303
        left = client.get("/api/v1/merges").json()["items"]
        assert [p["reason"] for p in left] == ["similar names"]
        assert len(client.get("/api/v1/people").json()["items"]) == 4  # two pairs became two people
        rest = client.post("/api/v1/merges/all", headers={"X-CSRF-Token": token})
        assert [p["name"] for p in rest.json()["merged"]] == ["Bo Chen"]
        assert client.get("/api/v1/merges").json()["items"] == []


def test_the_page_says_how_many_more_are_overdue_rather_than_dropping_them(client: TestClient) -> None:
    """The digest shows the most valuable few; the rest are counted, never dropped without a word."""
    import datetime as dt

    from kithkin.services import followups

    with Store.open(client.app.state.db_path, create=False) as store:
        digest = followups.today_digest(store, dt.date(2026, 12, 5))  # the day demo_day sets
    page = client.get("/today").text
    assert digest.more_overdue > 0
    assert f"and {digest.more_overdue} more" in page
    everyone = client.get("/today?all=1").text
    assert "show everyone" in page
    assert "show everyone" not in everyone
    with Store.open(client.app.state.db_path, create=False) as store:
        full = followups.today_digest(store, dt.date(2026, 12, 5), limit=1_000_000)
    assert full.more_overdue == 0
    assert len(full.overdue) == len(digest.overdue) + digest.more_overdue
    coming = sum(i.id.startswith("p") for i in full.upcoming)  # keep-in-touch due later this week
    assert everyone.count('id="item-p') == len(full.overdue) + coming > page.count('id="item-p')


def test_the_log_page_offers_every_entry_not_just_the_last_fifteen(client: TestClient) -> None:
    """Before: "53 in all." under fifteen entries, and no way to see the other 38."""
    page = client.get("/log").text
    total = client.get("/api/v1/log", params={"limit": 200}).json()
    assert len(total["items"]) > 15
    assert f"The last 15 of {total['total']:,}" in page
    assert f'href="/log?show={total["total"]}">show all</a>' in page
    everything = client.get("/log", params={"show": total["total"]}).text
    assert everything.count('<span class="kind">') == total["total"]
    assert "show all" not in everything


def test_today_lists_an_event_coming_up_and_links_its_briefing(
    client: TestClient, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's happy hour, three days ahead, is on Today with its guests, and its link opens its briefing, whose
    headline counts the same people the user knows (the page had no events at all, nor the birthdays it computed)."""
    with Store.open(demo_db, create=False) as store:
        [event] = [g for g, _ in store.list_groups() if g.name == "Happy hour at Hui-Ling's"]
    assert event.on is not None
    assert event.on.day is not None
    day = event.on.first_day.toordinal()
    monkeypatch.setenv("KITHKIN_TODAY", dt.date.fromordinal(day - 3).isoformat())
    [soon] = [e for e in client.get("/api/v1/today").json()["events"] if e["id"] == event.id]
    assert (soon["name"], soon["on"], soon["you"]) == (event.name, event.on.first_day.isoformat(), True)
    assert soon["others"] > soon["known"] > 0
    page = client.get("/today").text
    assert f'<a href="/brief?event=%23{event.id}">Happy hour at Hui-Ling&#39;s</a>' in page
    assert f"you and {soon['others']} others on its list ({soon['known']} you know)" in page
    briefing = client.get(f"/brief?event=%23{event.id}").text
    assert f"{soon['others']} other attendees: {soon['known']} you know" in briefing
    monkeypatch.setenv("KITHKIN_TODAY", dt.date.fromordinal(day + 1).isoformat())  # the day after: gone
    assert event.id not in [e["id"] for e in client.get("/api/v1/today").json()["events"]]
    assert "Happy hour at Hui-Ling" not in client.get("/today").text


def test_today_shows_the_birthdays_of_the_week(tmp_path: Path) -> None:
    """The digest counted this week's birthdays and the page never showed them (the CLI did)."""
    path = tmp_path / "birthdays.sqlite"
    with Store.open(path) as store:
        services.add_person(store, "Alex Morgan")
        services.set_me(store, "Alex Morgan")
        for name, birthday in (("Dana Reyes", "12-09"), ("Sam Lee", "12-20")):  # in four days; not this week
            services.add_person(store, name)
            services.edit_person(store, name, services.PersonEdit(birthday=birthday))
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        assert [(b["person"]["name"], b["on"]) for b in client.get("/api/v1/today").json()["birthdays"]] == [
            ("Dana Reyes", "2026-12-09")
        ]
        page = client.get("/today").text
        for said in ("Birthdays this week", "Wed 9 Dec 2026", "Dana Reyes"):
            assert said in page
        assert "Sam Lee" not in page
        assert "No event dated in the next fortnight." in page


def test_goals_are_listed_and_added_on_today(tmp_path: Path) -> None:
    """Undated goals were shown nowhere in the web app, and a goal not about a person needed the CLI."""
    db = tmp_path / "k.sqlite"
    with Store.open(db) as store:
        services.add_person(store, "Me Myself")
        services.set_me(store, "Me Myself")
        services.add_person(store, "Ana Ruiz")
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        token = csrf_token(client)
        assert "No goals yet" in client.get("/today").text
        added = client.post(
            "/goals", data={"text": "host a spring dinner", "csrf_token": token}, follow_redirects=False
        )
        assert added.status_code == 303
        form = {"text": "reach a CFO", "person": "Ana", "due": "2026-12-20", "csrf_token": token}
        assert client.post("/goals", data=form, follow_redirects=False).status_code == 303
        late = client.post("/goals", data={**form, "due": "2026-12-01"})
        assert late.status_code == 422
        assert "Tue 1 Dec 2026 is before today: a goal&#39;s day is still to come" in late.text
        page = " ".join(client.get("/today").text.split())
        assert 'host a spring dinner</span> <span class="muted">no day set</span>' in page
        assert (
            'reach a CFO</span> <a href="/people/2">Ana Ruiz</a> <span class="muted">by Sun 20 Dec 2026</span>' in page
        )
        done = client.post("/today/items/g1", data={"status": "done", "csrf_token": token}, follow_redirects=False)
        assert done.status_code == 303
        assert "host a spring dinner" not in client.get("/today").text
