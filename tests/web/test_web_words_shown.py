"""Every sentence true, every entered fact visible, in the web app (issues 13/16 follow-ups).

The same store as tests/test_words_shown.py: the user, Ana Lima with an introduction the user made, and a
meetup a week ahead at a place the invitation names.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.test_words_shown import TODAY, build
from tests.web.support import csrf_token

from kithkin import services
from kithkin.model import GroupKind
from kithkin.store import Store
from kithkin.web import create_app


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, pathlib.Path]]:
    db = build(tmp_path)
    monkeypatch.setenv("KITHKIN_TODAY", TODAY)
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        yield client, db


def _ids(db: pathlib.Path) -> tuple[int, int]:
    """Ana Lima's id and the meetup's."""
    with Store.open(db, create=False) as store:
        (ana,) = store.people_named("ana lima")
        meetup = store.find_group(GroupKind.EVENT, "Tech meetup")
        assert meetup is not None
        return ana, meetup.id or 0


def _text(html: str) -> str:
    """A page's words, tags dropped and spaces folded, as a reader sees them."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


def test_kinds_read_as_words_on_the_log_and_the_person_and_stay_values_in_the_api(
    site: tuple[TestClient, pathlib.Path],
) -> None:
    client, db = site
    ana, _ = _ids(db)
    log = client.get("/log")
    assert "30 Nov 2026 introduction made with Ana Lima" in _text(log.text)
    assert '<option value="intro-made">introduction made</option>' in log.text
    manage = client.get(f"/people/{ana}/manage")
    assert "30 Nov 2026 introduction made — introduced her to a designer" in _text(manage.text)
    assert [item["kind"] for item in client.get("/api/v1/log").json()["items"]] == ["intro-made"]


def test_the_person_page_says_an_events_day_in_words_its_tense_and_place(
    site: tuple[TestClient, pathlib.Path],
) -> None:
    client, db = site
    ana, _ = _ids(db)
    page = _text(client.get(f"/people/{ana}").text)
    assert "Tech meetup at Impact Hub, Oakland event" in page
    assert "coming up on 12 Dec 2026" in page
    assert "2026-12-12" not in page


def test_the_briefing_page_says_when_and_where(site: tuple[TestClient, pathlib.Path]) -> None:
    client, db = site
    _, meetup = _ids(db)
    page = _text(client.get("/brief", params={"event": f"#{meetup}"}).text)
    # Ana is in the contacts with no tie: not one "you know" (before: "1 other attendee, 1 you know of")
    assert (
        "Sat 12 Dec 2026 at Impact Hub, Oakland · 1 other attendee: none you know, 1 on file with no tie to you" in page
    )
    assert "Tech meetup · 12 Dec 2026 · Impact Hub, Oakland (2 people)" in page
    assert "No tie recorded; you were last in touch on Mon 30 Nov 2026 (introduction made)." in page
    api = client.get("/api/v1/briefing", params={"event": f"#{meetup}"}).json()
    assert (api["when"], api["place"]) == ("2026-12-12", "Impact Hub, Oakland")  # the API keeps values
    assert api["attendees"][0]["last_contact"]["kind"] == "intro-made"


def test_a_follow_up_added_on_the_person_page_is_shown_there(site: tuple[TestClient, pathlib.Path]) -> None:
    client, db = site
    ana, _ = _ids(db)
    form = {"text": "send her the deck", "due": "2026-12-18", "csrf_token": csrf_token(client)}
    done = client.post(f"/people/{ana}/followups", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    manage = _text(client.get(f"/people/{ana}/manage").text)
    assert "Follow-ups send her the deck due Fri 18 Dec 2026" in manage
    late = {**form, "text": "thank her", "due": "2026-12-01"}
    assert client.post(f"/people/{ana}/followups", data=late, follow_redirects=False).status_code == 303
    # the briefing's words: before, "was due Tue 1 Dec 2026", with no word of how long
    assert "thank her overdue since Tue 1 Dec 2026 (4 days)" in _text(client.get(f"/people/{ana}/manage").text)
    refused = client.post(f"/people/{ana}/followups", data={**form, "due": "someday"}, headers={"HX-Request": "true"})
    assert "cannot read 'someday' as a day" in _text(refused.text)
    assert 'id="followup-due-error"' in refused.text


def test_an_event_added_in_the_form_is_its_day_never_a_period_to_now(site: tuple[TestClient, pathlib.Path]) -> None:
    client, db = site
    ana, _ = _ids(db)
    form = {"kind": "event", "name": "Climbing night", "role": "guest", "start": "2026-12-20", "csrf_token": ""}
    form["csrf_token"] = csrf_token(client)
    done = client.post(f"/people/{ana}/affiliations", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = _text(client.get(f"/people/{ana}").text)
    assert "Climbing night event guest coming up on 20 Dec 2026" in page
    assert "20 Dec 2026–now" not in page


def test_your_own_page_offers_no_log_or_goal_with_yourself(site: tuple[TestClient, pathlib.Path]) -> None:
    client, db = site
    with Store.open(db, create=False) as store:
        me = store.me()
        assert me is not None
    manage = _text(client.get(f"/people/{me.id}/manage").text)
    assert "This is you: what you log, your goals and follow-ups are with the people you know" in manage
    assert "Log an interaction with Michael Brennan" not in manage
    assert "No keep-in-touch timer" not in manage


def test_a_birthday_is_shown_with_the_profile_the_users_own_too(site: tuple[TestClient, pathlib.Path]) -> None:
    """A birthday entered was shown only in the panel of what the user and someone did together, never the user's."""
    client, db = site
    ana, _ = _ids(db)
    with Store.open(db, create=False) as store:
        me = store.me()
        assert me is not None
        services.edit_person(store, "me", services.PersonEdit(birthday="1990-03-14"))
        services.edit_person(store, f"#{ana}", services.PersonEdit(birthday="--12-24"))
    assert "Born 14 Mar 1990 · next birthday Sun 14 Mar 2027" in _text(client.get(f"/people/{me.id}").text)
    assert "Born 24 Dec · next birthday Thu 24 Dec 2026" in _text(client.get(f"/people/{ana}").text)
