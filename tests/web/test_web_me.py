"""Saying who you are from the web app — before, a store made by importing in the browser needed `kithkin me` in a
terminal before common ground, introductions or suggestions could show."""

from __future__ import annotations

import html
import re
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
        assert f'action="/people/{ben.id}/me"' not in client.get(f"/people/{ben.id}").text  # once set: under Manage
        assert f'action="/people/{ben.id}/me"' in client.get(f"/people/{ben.id}/manage").text
        assert "Both Marketing majors at SDSU" in client.get(f"/people/{ben.id}").text  # now told from you
        assert client.post("/api/v1/me", json={"person": "Ben Cho"}).status_code == 403  # no token
        moved = client.post("/api/v1/me", json={"person": "Ben Cho"}, headers={"X-CSRF-Token": csrf_token(client)})
        assert moved.json()["name"] == "Ben Cho"
        assert moved.json()["is_me"] is True


def test_what_two_other_people_share(tmp_path: Path) -> None:
    """Before: the web app showed common ground with you only; a host about to introduce two guests had to use
    `kithkin common A B`."""
    db = tmp_path / "hosts.sqlite"
    with Store.open(db) as store:
        services.add_person(store, "Me Myself")
        services.set_me(store, "Me Myself")
        ana = services.add_person(store, "Ana Ruiz")
        services.add_person(store, "Ben Cho")
        services.affiliate(store, "Ana Ruiz", "school", "SDSU", role="Marketing", start="1998", end="2002")
        services.affiliate(store, "Ben Cho", "school", "SDSU", role="Marketing", start="1999", end="2003")
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        assert f'href="/people/{ana.id}/common"' in client.get(f"/people/{ana.id}").text
        shared = client.get(f"/api/v1/people/{ana.id}/common", params={"other": "Ben Cho"}).json()
        assert [s["sentence"] for s in shared["items"]] == ["Both Marketing majors at SDSU, overlapping 1999–2002"]
        assert (shared["known_to_each_other"], shared["tie"], shared["items"][0]["opener"] != "") == (False, None, True)
        page = client.get(f"/people/{ana.id}/common", params={"other": "Ben"})
        assert "Both Marketing majors at SDSU, overlapping 1999–2002" in page.text
        # the openers are Ana's words to Ben, not the user's (before: "Opener: Ask Ben …" as if the user would say it)
        assert "Ana could open with: Ask Ben which Marketing professors they had at SDSU around 1999." in page.text
        assert "Opener:" not in page.text
        same = client.get(f"/people/{ana.id}/common", params={"other": "Ana Ruiz"})
        assert same.status_code == 400
        assert "same person twice" in same.text
    with Store.open(db, create=False) as store:  # once they know each other, no openers as to a stranger
        services.add_person(store, "Cy Park")
        services.tie(store, "Ana Ruiz", "Ben Cho", how="classmates", since="2001", introduced_by="Cy Park")
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        page = client.get(f"/people/{ana.id}/common", params={"other": "Ben"}).text
        assert "Ana and Ben already know each other (classmates) since 2001; Cy Park introduced them." in page
        assert "Both Marketing majors at SDSU, overlapping 1999–2002" in page
        assert "could open with" not in page
        shared = client.get(f"/api/v1/people/{ana.id}/common", params={"other": "Ben Cho"}).json()
        # before: the API gave the list alone, with openers as to a stranger
        assert shared["known_to_each_other"]
        assert shared["introducer"] == "Cy Park"
        assert (
            shared["sentence"]
            == "Ana and Ben already know each other (classmates) since 2001; Cy Park introduced them."
        )
        assert (shared["tie"]["how"], shared["tie"]["since"]) == ("classmates", "2001")
        assert [s["opener"] for s in shared["items"]] == [""]


def test_who_introduced_two_people_is_named_on_the_page_and_in_the_api(client: TestClient, demo_db: Path) -> None:
    """The demo keeps who introduced 93 pairs; the page said only the tie's words ("introduced by a friend")."""
    with Store.open(demo_db, create=False) as store:
        tie = next(t for t in store.all_ties() if t.introduced_by)
        introducer = store.get_person(tie.introduced_by or 0)
    page = client.get(f"/people/{tie.a}").text
    link = f'<a href="/people/{introducer.id}">{html.escape(introducer.name)}</a>'
    if "introduced" in tie.how.lower():  # said once: "introduced by a friend · introduced by Meghan Owen" was twice
        assert f"— {html.escape(tie.how)} ({link})" in page
    else:
        assert f"introduced by {link}" in page
    [shown] = [t for t in client.get(f"/api/v1/people/{tie.a}").json()["ties"] if t["person"]["id"] == tie.b]
    assert shown["introduced_by"] == {"id": introducer.id, "name": introducer.name}


def test_what_is_left_off_a_page_is_one_click_away(client: TestClient, demo_db: Path) -> None:
    """The person page showed 8 things shared and did not say there were 20; Suggestions said "… and 9 others"
    with no way to see them, nor to get introduced."""
    from kithkin.services import common_ground

    with Store.open(demo_db, create=False) as store:
        me = store.me()
        assert me is not None
        many = next(
            (p, len(g.items))
            for p in store.get_people(list(range(2, 300)))
            if p.id != me.id and len((g := common_ground.common(store, "me", f"#{p.id}")).items) > 8
        )
    page = client.get(f"/people/{many[0].id}").text
    assert f'<a href="/people/{many[0].id}/common?other=me" id="all-shared">All {many[1]} things you share</a>' in page
    listed = client.get(f"/people/{many[0].id}/common", params={"other": "me"})
    assert listed.status_code == 200
    assert listed.text.count('<li><span class="sentence">') == many[1]
    assert (
        f'What <a href="/people/{many[0].id}">{html.escape(many[0].name)}</a> and <a href="/people/{me.id}">'
        in listed.text
    )
    assert "Opener: " in listed.text  # said to the user, who was named second
    suggestions = client.get("/suggestions").text
    first = re.search(r'<a href="(/people/(\d+)/common\?other=me)">Everything you share</a>', suggestions)
    assert first is not None
    assert client.get(html.unescape(first[1])).status_code == 200
    assert f'<a href="/people/{first[2]}/introductions">Get introduced</a>' in suggestions
    assert client.get(f"/people/{first[2]}/introductions").status_code == 200
