"""Whom each member of a community should meet, as a page and as ``/api/v1/suggestions/community`` — before, only
`kithkin suggest --community` in a terminal."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin import services
from kithkin.store import Store

COMMUNITY = "Toastmasters San Diego"  # the demo's largest community: 8 members


def test_each_member_gets_the_suggestions_the_cli_gives(client: TestClient, demo_db: Path) -> None:
    body = client.get("/api/v1/suggestions/community", params={"name": COMMUNITY, "limit": 3}).json()
    with Store.open(demo_db, create=False) as store:
        members = set(store.members(services.groups.find_group(store, COMMUNITY, "community").id or 0))
        batch = services.suggestions.suggest_community(store, COMMUNITY, limit=3)
    assert {m["member"]["id"] for m in body} == members
    assert len(members) == 8
    assert [[s["person"]["id"] for s in m["items"]] for m in body] == [[s.person.id for s in f] for _, f in batch]
    assert all(0 < len(m["items"]) <= 3 for m in body)
    assert all(s["person"]["id"] != m["member"]["id"] for m in body for s in m["items"])
    reasons = [r for m in body for s in m["items"] for r in s["reasons"]]
    with Store.open(demo_db, create=False) as store:
        me = store.me()
    assert me is not None
    # the organiser among two others' mutual contacts is "you" (before: "Both know Michael Brennan", their own name)
    assert not [r for r in reasons if me.name in r]
    assert any(r.startswith("Both know you") for r in reasons)
    page = client.get("/suggestions/community", params={"name": COMMUNITY, "limit": 3})
    assert page.status_code == 200
    assert "8 members of Toastmasters San Diego" in page.text
    for member in body:
        section = page.text.split(f'id="member-{member["member"]["id"]}"', 1)[1].split("</article>", 1)[0]
        assert html.escape(member["member"]["name"]) in section
        for s in member["items"]:
            assert html.escape(s["person"]["name"]) in section
            assert html.escape(s["reasons"][0]) in section


def test_an_unknown_community_is_said_beside_the_form(client: TestClient) -> None:
    page = client.get("/suggestions/community", params={"name": "Nope Club"})
    assert page.status_code == 400
    assert 'id="f-community-error">' in page.text
    assert "Nope Club" in page.text
    api = client.get("/api/v1/suggestions/community", params={"name": "Nope Club"})
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "input_error"
    assert 'href="/suggestions/community"' in client.get("/suggestions").text
    assert f">{COMMUNITY} (8 members)</option>" in client.get("/suggestions/community").text
