"""The give-and-take ledger and the calendar of reminders in the web app — before, only `kithkin ledger` and
`kithkin reminders` showed them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient

from kithkin.services import followups
from kithkin.store import Store
from kithkin.web import create_app

DAY = dt.date(2026, 12, 5)


@pytest.fixture
def own(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    """A client on a copy of the demo store (these tests write), on the demo's day."""
    monkeypatch.setenv("KITHKIN_TODAY", DAY.isoformat())
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    with TestClient(create_app(copy), base_url="http://127.0.0.1:8765") as client:
        yield client, copy


def test_the_ledger_counts_what_was_given_and_got(own: tuple[TestClient, Path]) -> None:
    client, db = own
    before = {r["person"]["name"]: r for r in client.get("/api/v1/ledger").json()["people"]}
    with Store.open(db, create=False) as store:
        for _ in range(3):  # three favours to Dana, none back: one-sided
            followups.log(store, "intro to a designer", with_refs=["Dana Reyes"], today=DAY, gave="introduction")
    body = client.get("/api/v1/ledger").json()
    dana = {r["person"]["name"]: r for r in body["people"]}["Dana Reyes"]
    was = before.get("Dana Reyes", {"gave": 0, "got": 0})
    assert (dana["gave"], dana["got"]) == (was["gave"] + 3, was["got"])
    assert dana["balance"] == dana["gave"] - dana["got"]
    assert dana["last"] == DAY.isoformat()
    assert "Dana Reyes" in [r["person"]["name"] for r in body["one_sided"]]
    page = client.get("/ledger")
    assert page.status_code == 200
    row = re.search(r"<tr><td><a href=\"/people/\d+\">Dana Reyes</a></td>(.*?)</tr>", page.text)
    assert row is not None
    assert re.findall(r"<td>([^<]*)</td>", row[1])[:3] == [str(dana["gave"]), str(dana["got"]), f"{dana['balance']:+d}"]
    assert re.search(r"Dana Reyes</a>: you have given more", page.text)
    assert client.get("/ledger", params={"window": 0}).status_code == 400


def test_the_reminders_download_is_what_kithkin_reminders_writes(own: tuple[TestClient, Path]) -> None:
    client, db = own
    assert 'href="/today/reminders.ics"' in client.get("/today").text
    first, second = client.get("/today/reminders.ics"), client.get("/today/reminders.ics")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/calendar")
    assert "attachment" in first.headers["content-disposition"]
    events = icalendar.Calendar.from_ical(first.content).walk("VEVENT")
    with Store.open(db, create=False) as store:
        expected = followups.reminders(store, DAY, horizon_days=60)
        due = followups.due_items(store, DAY, horizon_days=60)
    assert len(events) == expected.count > 0
    uids = [str(e["UID"]) for e in events]
    assert uids == [str(e["UID"]) for e in icalendar.Calendar.from_ical(second.content).walk("VEVENT")]
    assert {f"{item.id}@kithkin" for item in due} <= set(uids)  # every item due, under its own lasting UID
    assert min(e["DTSTART"].dt for e in events) >= DAY  # nothing overdue is put in the past, where no one sees it
    todo = icalendar.Calendar.from_ical(client.get("/today/reminders.ics", params={"todo": "true"}).content)
    assert len(todo.walk("VTODO")) == expected.count
    # both files imported into one calendar app: no to-do takes the place of an event
    assert not {str(t["UID"]) for t in todo.walk("VTODO")} & set(uids)
