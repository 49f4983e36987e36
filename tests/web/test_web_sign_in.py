"""Signing in lasts across restarts (the cookie key is the store's), and password guessing is slowed down."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin.web import create_app
from kithkin.web.security import hash_password
from kithkin.web.signing import key_path
from kithkin.web.throttle import MAX_FAILURES

PASSWORD = "correct horse battery"


def _token(browser: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert found
    return found[1]


def _sign_in(browser: TestClient, password: str) -> int:
    form = {"password": password, "csrf_token": _token(browser)}
    return browser.post("/login", data=form, follow_redirects=False).status_code


def test_a_restarted_server_keeps_you_signed_in(demo_db: Path) -> None:
    hashed = hash_password(PASSWORD)
    with TestClient(create_app(demo_db, password_hash=hashed), base_url="http://127.0.0.1") as before:
        assert _sign_in(before, PASSWORD) == 303
        cookies = dict(before.cookies)
    key = key_path(demo_db)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    # The server restarts: a new app over the same store, the browser still holding its cookie.
    with TestClient(create_app(demo_db, password_hash=hashed), base_url="http://127.0.0.1", cookies=cookies) as after:
        assert after.get("/api/v1/people?limit=1").status_code == 200
        assert after.get("/people", follow_redirects=False).status_code == 200
    with TestClient(create_app(demo_db, password_hash=hashed), base_url="http://127.0.0.1") as stranger:
        assert stranger.get("/api/v1/people?limit=1").status_code == 401


def test_another_store_has_another_key(demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    other.write_bytes(demo_db.read_bytes())
    hashed = hash_password(PASSWORD)
    with TestClient(create_app(demo_db, password_hash=hashed), base_url="http://127.0.0.1") as first:
        assert _sign_in(first, PASSWORD) == 303
        cookies = dict(first.cookies)
    with TestClient(create_app(other, password_hash=hashed), base_url="http://127.0.0.1", cookies=cookies) as second:
        assert second.get("/api/v1/people?limit=1").status_code == 401
    assert key_path(demo_db).read_text() != key_path(other).read_text()


def test_too_many_wrong_passwords_are_refused_for_a_while(demo_db: Path) -> None:
    with TestClient(create_app(demo_db, password_hash=hash_password(PASSWORD)), base_url="http://127.0.0.1") as guesser:
        assert [_sign_in(guesser, f"guess {n}") for n in range(MAX_FAILURES)] == [401] * MAX_FAILURES
        response = guesser.post("/login", data={"password": PASSWORD, "csrf_token": _token(guesser)})
        assert response.status_code == 429  # even the right password: not checked until the wait is over
        assert "Too many wrong passwords: try again in 5 minutes." in response.text
        assert 0 < int(response.headers["retry-after"]) <= 300
        assert guesser.get("/api/v1/people?limit=1").status_code == 401


def test_a_right_password_clears_the_wrong_ones(demo_db: Path) -> None:
    with TestClient(create_app(demo_db, password_hash=hash_password(PASSWORD)), base_url="http://127.0.0.1") as user:
        for attempt in range(3):
            assert [_sign_in(user, "typo") for _ in range(MAX_FAILURES - 1)] == [401] * (MAX_FAILURES - 1)
            assert _sign_in(user, PASSWORD) == 303, attempt
