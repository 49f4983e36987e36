"""One error shape for the API, a calm page for a browser, never a 500 for the user's mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kithkin.store import Store
from kithkin.web import create_app


def _error(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    return dict(body["error"])


def test_unknown_person_is_a_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/people/999999")
    assert response.status_code == 404
    assert _error(response) == {"code": "unknown_person", "message": "no person matches '#999999'", "field": None}


@pytest.mark.parametrize(
    ("url", "field", "code"),
    [
        ("/api/v1/people?limit=0", "limit", "bad_parameter"),
        ("/api/v1/people?limit=lots", "limit", "bad_parameter"),
        ("/api/v1/people?cursor=not-a-cursor", "cursor", "bad_cursor"),
        ("/api/v1/graph?depth=3", "depth", "bad_parameter"),
        ("/api/v1/people/abc", "pid", "bad_parameter"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_the_field(client: TestClient, url: str, field: str, code: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    error = _error(response)
    assert error["field"] == field
    assert error["code"] == code


def test_unknown_api_path_and_method_use_the_shape(client: TestClient) -> None:
    assert _error(client.get("/api/v1/nothing"))["code"] == "not_found"
    assert client.delete("/api/v1/people").status_code in (403, 405)


@pytest.mark.parametrize("url", ["/people/999999", "/network?person=999999", "/people?cursor=zzz", "/nowhere"])
def test_pages_show_a_calm_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text
    assert '<section class="notice">' in response.text


def test_a_store_without_me_says_so(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.sqlite").close()
    with TestClient(create_app(tmp_path / "empty.sqlite"), base_url="http://127.0.0.1") as fresh:
        page = fresh.get("/suggestions")
        assert page.status_code == 404
        assert "kithkin me NAME" in page.text
        # Today, the first page in the menu, said "Not found": it says what to do first, and where
        today = fresh.get("/today")
        assert "<h1>First, say who you are</h1>" in today.text
        assert "“This is me” on your own page" in today.text
        assert '<a href="/people">Find yourself under People</a>' in today.text
        assert _error(fresh.get("/api/v1/graph"))["code"] == "no_me"
        assert fresh.get("/").status_code == 200
        assert "Nobody here yet" in fresh.get("/people").text


def test_an_error_page_leads_back_to_the_page_it_came_from(client: TestClient) -> None:
    """A refused invitation time left only "Back to people": the planned guest list was gone."""
    plan = "/plan?seats=7"
    refused = client.get("/plan/invitation.ics", params={"seats": 7, "on": "2099-01-01", "start": "7"},
                         headers={"referer": f"http://127.0.0.1:8765{plan}"})  # fmt: skip
    assert refused.status_code == 400
    assert "could be morning or evening" in refused.text
    assert f'<a href="{plan}">Back to the page you came from</a>' in refused.text
    elsewhere = client.get("/people/999999", headers={"referer": "https://example.com/x"})
    assert "Back to the page you came from" not in elsewhere.text  # only this app's own pages
