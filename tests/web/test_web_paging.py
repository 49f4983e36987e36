"""Cursor pages on every listing: walking ``next_cursor`` shows each row once, in order, and ends; page
sizes and cursors outside what was handed out are one clear 400 naming the parameter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kithkin import services
from kithkin.store import Store
from kithkin.web import create_app

SCORES = (0.9, 0.9, 0.8, 0.8, 0.8, 0.5, 0.5)


def _walk(client: TestClient, url: str, limit: int, most: int = 50) -> list[dict[str, Any]]:
    """Every item of a listing, following ``next_cursor`` page by page."""
    items: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(most):
        response = client.get(url, params={"limit": limit, "cursor": cursor})
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        cursor = page["next_cursor"]
    raise AssertionError(f"{url} did not end after {most} pages")


@pytest.fixture(scope="module")
def merges_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fourteen people and seven proposals to merge them in pairs, with tied scores."""
    path = tmp_path_factory.mktemp("merges") / "merges.sqlite"
    with Store.open(path) as store:
        ids = [services.add_person(store, f"Person {n:02d}").id or 0 for n in range(14)]
        with store.transaction():
            for k, score in enumerate(SCORES):
                store.db.execute(
                    "INSERT INTO merge_proposals(a, b, score, reason, status) VALUES (?, ?, ?, ?, 'open')",
                    (ids[2 * k], ids[2 * k + 1], score, f"similar names, pair {k}"),
                )
    return path


def test_merge_proposals_page_by_score_then_id(merges_db: Path) -> None:
    with TestClient(create_app(merges_db), base_url="http://127.0.0.1") as client:
        walked = _walk(client, "/api/v1/merges", limit=2)
        whole = client.get("/api/v1/merges", params={"limit": 200}).json()
    assert whole["next_cursor"] is None
    assert [p["id"] for p in walked] == [p["id"] for p in whole["items"]]
    assert [p["score"] for p in walked] == list(SCORES)
    assert walked == sorted(walked, key=lambda p: (-p["score"], p["id"]))  # ties by id
    assert len({p["id"] for p in walked}) == len(SCORES)


def test_the_merges_page_links_to_the_next(merges_db: Path) -> None:
    with TestClient(create_app(merges_db), base_url="http://127.0.0.1") as client:
        first = client.get("/merges", params={"limit": 3}).text
        assert first.count('class="reason"') == 3
        assert "More pairs" in first
        link = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
        second = client.get(link).text
    assert second.count('class="reason"') == 3
    assert "pair 3" in second
    assert "pair 0" not in second
    assert "Strongest first" in second


def test_suggestions_page_best_first_without_repeats(client: TestClient) -> None:
    walked = _walk(client, "/api/v1/suggestions", limit=7, most=40)
    ids = [s["person"]["id"] for s in walked]
    assert len(ids) == len(set(ids)) > 7
    scores = [s["score"] for s in walked]
    assert scores == sorted(scores, reverse=True)
    first = client.get("/api/v1/suggestions", params={"limit": 7}).json()["items"]
    assert [s["person"]["id"] for s in first] == ids[:7]


def test_the_suggestions_page_links_to_more(client: TestClient) -> None:
    page = client.get("/suggestions", params={"limit": 4}).text
    assert page.count('class="reasons"') == 4
    link = page.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    more = client.get(link)
    assert more.status_code == 200
    assert more.text.count('class="reasons"') >= 1
    assert "Best first" in more.text


@pytest.mark.parametrize(
    ("url", "field", "code"),
    [
        ("/api/v1/merges?limit=0", "limit", "bad_parameter"),
        ("/api/v1/merges?limit=201", "limit", "bad_parameter"),
        ("/api/v1/merges?cursor=WyJhIiwgMV0", "cursor", "bad_cursor"),  # a people cursor: ("a", 1)
        ("/api/v1/suggestions?limit=51", "limit", "bad_parameter"),
        ("/api/v1/suggestions?cursor=bm9wZQ", "cursor", "bad_cursor"),
        ("/api/v1/people?limit=201", "limit", "bad_parameter"),
        ("/api/v1/people?cursor=WzAuNSwgMV0", "cursor", "bad_cursor"),  # a score cursor: (0.5, 1)
    ],
)
def test_limits_and_cursors_are_checked(client: TestClient, url: str, field: str, code: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["code"] == code
