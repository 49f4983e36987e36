"""Saying who you are from the web app — before, a store made by importing in the browser needed `kithkin me` in a
terminal before common ground, introductions or suggestions could show."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.support import csrf_token

from kithkin import services
from kithkin.store import Store
from kithkin.web import create_app


def test_this_is_me_sets_who_you_are(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    with Store.open(db) as store:
        ana = services.add_person(store, "Ana Ruiz")
        ben = services.add_person(store, "Ben Cho")
        for ref in (f"#{ana.id}", f"#{ben.id}"):
            services.affiliate(store, ref, "school", "SDSU", role="Marketing", start="1998", end="2002")
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        assert "press “This is me” on your" in client.get("/").text
        page = client.get(f"/people/{ben.id}").text
        assert f'action="/people/{ben.id}/me"' in page
        assert "say who you are, to see what you share" in page
        assert "Both Marketing majors" not in page
        done = client.post(f"/people/{ana.id}/me", data={"csrf_token": csrf_token(client)}, follow_redirects=False)
        assert done.status_code == 303
        assert done.headers["location"] == f"/people/{ana.id}"
        mine = client.get(f"/people/{ana.id}").text
        assert '<span class="badge">you</span>' in mine
        assert f'action="/people/{ana.id}/me"' not in mine  # no button on your own page
        assert "Both Marketing majors at SDSU" in client.get(f"/people/{ben.id}").text  # now told from you
        assert client.post("/api/v1/me", json={"person": "Ben Cho"}).status_code == 403  # no token
        moved = client.post("/api/v1/me", json={"person": "Ben Cho"}, headers={"X-CSRF-Token": csrf_token(client)})
        assert moved.json()["name"] == "Ben Cho"
        assert moved.json()["is_me"] is True
