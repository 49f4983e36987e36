"""The JSON API and the pages over a real demo store: the same use cases the CLI calls."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.support import csrf_token, me_id

from kithkin.store import Store

PAGES = ["/", "/people", "/people?q=mich", "/people?tag=work", "/network", "/network?depth=2", "/suggestions"]


def test_every_page_renders(client: TestClient, demo_db: Path) -> None:
    for url in [*PAGES, f"/people/{me_id(demo_db)}", "/people/2"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")


def test_people_pages_by_cursor_cover_everyone_once(client: TestClient, demo_db: Path) -> None:
    seen: list[int] = []
    names: list[str] = []
    cursor = ""
    while True:
        page = client.get("/api/v1/people", params={"limit": 37, "cursor": cursor}).json()
        seen += [p["id"] for p in page["items"]]
        names += [p["name"] for p in page["items"]]
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]
    with Store.open(demo_db, create=False) as store:
        assert len(seen) == len(set(seen)) == store.count_people()
    assert names[0] < names[-1]


def test_search_finds_by_word_start_and_tag_filters(client: TestClient) -> None:
    found = client.get("/api/v1/people", params={"q": "dana rey"}).json()["items"]
    assert [p["name"] for p in found] == ["Dana Reyes"]
    tagged = client.get("/api/v1/people", params={"tag": "inner-circle", "limit": 200}).json()["items"]
    assert tagged
    assert all("inner-circle" in p["tags"] for p in tagged)


def test_search_finds_an_email_and_an_employer_as_the_cli_does(client: TestClient, demo_db: Path) -> None:
    """Before: the search box found nobody for an email or for "Qualcomm" (`kithkin person search` found both)."""
    with Store.open(demo_db, create=False) as store:
        qualcomm = sum(1 for _ in store.db.execute(
            "SELECT DISTINCT person_id FROM affiliations a JOIN groups g ON g.id = a.group_id "
            "WHERE g.kind = 'employer' AND g.name = 'Qualcomm'"))  # fmt: skip
    body = client.get("/api/v1/people", params={"q": "dana.reyes@example.com"}).json()
    assert ([p["name"] for p in body["by_contact"]], body["items"]) == (["Dana Reyes"], [])
    body = client.get("/api/v1/people", params={"q": "qualcom"}).json()
    assert [(g["kind"], g["name"], g["members"]) for g in body["groups"]] == [("employer", "Qualcomm", qualcomm)]
    page = " ".join(client.get("/people", params={"q": "qualcom"}).text.split())
    assert f'Qualcomm (employer): <a href="/find?employer=Qualcomm">{qualcomm} people in Find</a>' in page
    assert "Nobody matches" not in page
    page = client.get("/people", params={"q": "dana.reyes@example.com"}).text
    assert "as an email, phone or handle:" in page
    assert 'href="/people/2">Dana Reyes</a>' in page


def test_search_partial_is_a_fragment(client: TestClient) -> None:
    response = client.get("/people", params={"q": "dana"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Dana Reyes" in response.text


def test_person_has_profile_and_common_ground(client: TestClient, demo_db: Path) -> None:
    body = client.get("/api/v1/people/2").json()
    assert body["person"]["name"] == "Dana Reyes"
    assert body["affiliations"]
    assert all(a["source"] for a in body["affiliations"])
    assert body["common_ground"]
    assert all(item["sentence"] for item in body["common_ground"])
    mine = client.get(f"/api/v1/people/{me_id(demo_db)}").json()
    assert mine["person"]["is_me"]
    assert mine["common_ground"] is None
    page = client.get("/people/2").text
    assert body["common_ground"][0]["sentence"].replace("'", "&#39;") in page


def test_introductions_give_paths_and_a_draft(client: TestClient) -> None:
    body = client.get("/api/v1/people/2/introductions").json()
    assert body["paths"]
    assert body["paths"][0]["people"][-1]["name"] == "Dana Reyes"
    assert "Dana Reyes" in body["draft"]
    assert body["note"]
    person = client.get("/people/2").text
    assert 'hx-get="/people/2/introductions" hx-trigger="load"' in person  # loaded after the page
    assert 'href="/people/2/introductions"' in person  # and without JavaScript, a page of its own
    part = client.get("/people/2/introductions", headers={"HX-Request": "true"}).text
    assert "<html" not in part
    assert '<textarea id="draft"' in part
    assert 'data-copy="draft"' in part
    whole = client.get("/people/2/introductions").text
    assert "<html" in whole
    assert '<textarea id="draft"' in whole


def test_graph_is_the_ego_network(client: TestClient, demo_db: Path) -> None:
    me = me_id(demo_db)
    one = client.get("/api/v1/graph").json()
    ids = {n["id"] for n in one["nodes"]}
    assert one["centre"] == me
    assert [n["id"] for n in one["nodes"] if n["centre"]] == [me]
    assert all(n["distance"] <= 1 for n in one["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in one["edges"])
    assert all(0 < e["strength"] <= 1 for e in one["edges"])
    assert len(one["circles"]) <= 8
    assert min(c["size"] for c in one["circles"]) >= 2  # before: four circles of one person each in the legend
    coloured = client.get("/api/v1/graph", params={"depth": 2}).json()
    sizes = [c["size"] for c in coloured["circles"]]
    assert sizes == sorted(sizes, reverse=True)  # the legend reads largest first
    for circle in coloured["circles"]:  # a circle's count is the people drawn in its colour: the counts add up
        assert circle["size"] == sum(1 for n in coloured["nodes"] if n["circle"] == circle["index"])
    two = client.get("/api/v1/graph", params={"depth": 2}).json()
    assert len(two["nodes"]) > len(one["nodes"])
    capped = client.get("/api/v1/graph", params={"depth": 2, "limit": 5}).json()
    assert len(capped["nodes"]) == 5
    assert capped["truncated"]
    theirs = client.get("/api/v1/graph", params={"person": 2}).json()
    assert theirs["centre"] == 2


def test_suggestions_have_reasons_and_can_be_dismissed(client: TestClient) -> None:
    items = client.get("/api/v1/suggestions", params={"limit": 5}).json()["items"]
    assert items
    assert any(s["reasons"] for s in items)
    assert any(s["mutual"] and any(r.startswith("Both know") for r in s["reasons"]) for s in items)
    for s in items:  # mutual contacts in one sentence, so that what else they share has room among three
        both = sum(r.startswith("Both know") for r in s["reasons"])
        assert both <= (1 if s["mutual"] else 0)
        if s["mutual"] and not both:  # the ranker weighed three shared groups above them (the count is still given)
            assert len(s["reasons"]) == 3
            assert all(r.startswith("Both ") for r in s["reasons"])
        if s["mutual"] > 3 and both:
            assert f" and {s['mutual'] - 2} others" in next(r for r in s["reasons"] if r.startswith("Both know"))
    first = items[0]["person"]["id"]
    response = client.post(f"/api/v1/suggestions/{first}/dismiss", headers={"X-CSRF-Token": csrf_token(client)})
    assert response.status_code == 200, response.text
    assert response.json()["dismissed"]["id"] == first
    again = client.get("/api/v1/suggestions", params={"limit": 5}).json()["items"]
    assert first not in [s["person"]["id"] for s in again]


def test_dismiss_from_the_page_with_htmx_and_without(client: TestClient) -> None:
    items = client.get("/api/v1/suggestions", params={"limit": 3}).json()["items"]
    token = csrf_token(client)
    htmx = client.post(
        f"/suggestions/{items[0]['person']['id']}/dismiss", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert htmx.status_code == 200
    name = items[0]["person"]["name"]
    assert f"Dismissed {name}: not suggested again." in htmx.text
    assert f'hx-post="/suggestions/{items[0]["person"]["id"]}/undo"' in htmx.text
    undo = client.post(
        f"/suggestions/{items[0]['person']['id']}/undo", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert undo.headers["HX-Refresh"] == "true"
    back = [s["person"]["name"] for s in client.get("/api/v1/suggestions", params={"limit": 3}).json()["items"]]
    assert name in back
    again = client.post(f"/api/v1/suggestions/{items[0]['person']['id']}/undo", headers={"X-CSRF-Token": token})
    assert again.status_code == 400  # not dismissed any more
    plain = client.post(
        f"/suggestions/{items[1]['person']['id']}/dismiss", data={"csrf_token": token}, follow_redirects=False
    )
    assert plain.status_code == 303
    assert plain.headers["location"] == "/suggestions"


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/people", "/api/v1/people/{pid}", "/api/v1/graph", "/api/v1/suggestions"} <= set(paths)
