"""What the CLI could do to people and the web app could not: forget someone (asked first, then every trace gone,
as `kithkin forget`), and keep in touch with everyone of a tag (`kithkin cadence --tag`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.support import csrf_token

from kithkin.store import Store
from kithkin.web import create_app

EMAIL = b"dana.reyes@example.com"


@pytest.fixture
def own(demo_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path, int]]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    with TestClient(create_app(copy), base_url="http://127.0.0.1:8765") as client:
        [dana] = client.get("/api/v1/people", params={"q": "dana reyes"}).json()["items"]
        yield client, copy, dana["id"]


def _on_disk(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


def test_forget_asks_first_then_leaves_no_trace(own: tuple[TestClient, Path, int]) -> None:
    client, db, dana = own
    assert EMAIL in _on_disk(db)
    assert f'href="/people/{dana}/forget"' in client.get(f"/people/{dana}/manage").text
    question = client.get(f"/people/{dana}/forget")
    assert question.status_code == 200
    assert "<h1>Forget Dana Reyes?</h1>" in question.text
    assert "cannot be undone" in question.text
    assert client.post(f"/people/{dana}/forget", data={}).status_code == 403  # no token: nothing happens
    assert client.get(f"/api/v1/people/{dana}").status_code == 200
    done = client.post(
        f"/people/{dana}/forget", data={"csrf_token": csrf_token(client), "vacuum": "1"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/people"
    assert client.get(f"/api/v1/people/{dana}").status_code == 404
    assert client.get("/api/v1/people", params={"q": "dana reyes"}).json()["items"] == []
    with Store.open(db, create=False) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        assert all(dana not in (t.a, t.b) for t in store.ties_of(me.id))
    assert EMAIL not in _on_disk(db)  # rewritten: not even a free page holds her


def test_forget_through_the_api_needs_the_token(own: tuple[TestClient, Path, int]) -> None:
    client, _, dana = own
    assert client.delete(f"/api/v1/people/{dana}").status_code == 403
    gone = client.delete(f"/api/v1/people/{dana}", headers={"X-CSRF-Token": csrf_token(client)})
    assert gone.status_code == 200
    assert gone.json() == {
        "forgotten": {"id": dana, "name": "Dana Reyes", "tags": [], "is_me": False},
        "vacuumed": False,
    }
    assert client.delete(f"/api/v1/people/{dana}", headers={"X-CSRF-Token": csrf_token(client)}).status_code == 404


def test_keep_in_touch_with_everyone_of_a_tag(own: tuple[TestClient, Path, int]) -> None:
    """Before: only `kithkin cadence --tag work 30d`; the page of a tag could not set it."""
    client, _, _ = own
    tagged = client.get("/api/v1/people", params={"tag": "work"}).json()["items"]
    assert tagged
    assert 'action="/people/tag-cadence"' in client.get("/people", params={"tag": "work"}).text
    token = csrf_token(client)
    bad = client.post("/people/tag-cadence", data={"csrf_token": token, "tag": "work", "every": "soon"})
    assert bad.status_code == 422
    assert 'id="f-every-error"' in bad.text
    done = client.post(
        "/people/tag-cadence", data={"csrf_token": token, "tag": "work", "every": "45d"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/people?tag=work"
    assert "now every 45 days" in client.get("/people", params={"tag": "work"}).text
    ruled = [client.get(f"/api/v1/people/{p['id']}/relationship").json() for p in tagged]
    assert any((r["cadence_days"], r["cadence_tag"]) == (45, "work") for r in ruled)  # unless their own wins
    client.post("/people/tag-cadence", data={"csrf_token": token, "tag": "work", "clear": "1"})
    assert "now every" not in client.get("/people", params={"tag": "work"}).text
