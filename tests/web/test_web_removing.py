"""Taking back what was entered by mistake: a tie, a logged interaction (before, the only way was to forget a
person; a wrong log moved keep-in-touch timers and the ledger for good)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.support import csrf_token

from kithkin import services
from kithkin.services import followups
from kithkin.store import Store
from kithkin.web import create_app


def test_a_tie_and_a_logged_interaction_can_be_taken_back(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    with Store.open(db) as store:
        services.add_person(store, "Me Myself")
        services.set_me(store, "Me Myself")
        ana = services.add_person(store, "Ana Ruiz")
        services.add_person(store, "Ben Cho")
        services.tie(store, "Ana", "Ben", how="classmates")
        logged = followups.log(store, "lunch", with_refs=["Ana"], today=dt.date(2026, 12, 1))
        other = followups.log(store, "call", with_refs=["Ben"], today=dt.date(2026, 12, 2))
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        page = client.get(f"/people/{ana.id}").text
        assert f'action="/people/{ana.id}/ties/3/remove"' in page
        token = csrf_token(client)
        gone = client.post(
            f"/people/{ana.id}/ties/3/remove", data={"csrf_token": token}, headers={"HX-Request": "true"}
        )
        assert gone.status_code == 200, gone.text
        assert "Forgot that Ana Ruiz and Ben Cho know each other." in gone.text
        again = client.post(
            f"/people/{ana.id}/ties/3/remove", data={"csrf_token": token}, headers={"HX-Request": "true"}
        )
        assert again.status_code == 422
        assert "have no tie on record" in again.text
        assert 'action="/log/1/remove"' in client.get("/log").text
        done = client.post(f"/log/{logged.id}/remove", data={"csrf_token": token}, headers={"HX-Request": "true"})
        assert "Forgot the meal with Ana Ruiz on Tue 1 Dec 2026." in done.text
        api = client.delete(f"/api/v1/log/{other.id}", headers={"X-CSRF-Token": token})
        assert api.json() == {"message": "forgot the call with Ben Cho on Wed 2 Dec 2026"}
        assert client.get("/api/v1/log").json()["items"] == []
    with Store.open(db, create=False) as store:
        assert store.ties_of(ana.id or 0) == []
        assert store.people_named("ben cho")  # both people stay


def test_the_new_person_form_says_every_bad_field_at_once(tmp_path: Path) -> None:
    """The form said one bad field a submit: the email first, the phone only on the next try."""
    db = tmp_path / "k.sqlite"
    with Store.open(db) as store:
        services.add_person(store, "Me Myself")
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        form = {"name": "Ana Ruiz", "emails": "ana-at-x", "phones": "n/a", "csrf_token": csrf_token(client)}
        refused = client.post("/people/new", data=form)
        assert refused.status_code == 422
        assert "&#39;ana-at-x&#39; is not an email address" in refused.text
        assert "&#39;n/a&#39; is not a phone number" in refused.text
        with Store.open(db, create=False) as store:
            assert store.count_people() == 1  # nothing written
