"""Find in the web app: the people of a school or employer in given years, as a page (with the user's own years to
start from) and as ``/api/v1/find`` — before, only ``kithkin find`` could ask it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin.services import common_ground
from kithkin.store import Store


def _sdsu_years(demo_db: Path) -> dict[str, tuple[int, int | None]]:
    """Everyone at San Diego State University in the demo, with the years of their (first) row there."""
    with Store.open(demo_db, create=False) as store:
        found = common_ground.find(store, common_ground.FindQuery(school="San Diego State University", limit=10_000))
        return {
            f.person.name: (f.matched[0].start.year, f.matched[0].end.year if f.matched[0].end else None)
            for f in found
            if f.matched[0].start is not None
        }


def test_the_api_finds_the_people_of_a_school_in_given_years(client: TestClient, demo_db: Path) -> None:
    response = client.get("/api/v1/find", params={"school": "SDSU", "from": "1998", "to": "2002"})
    assert response.status_code == 200
    found = {r["person"]["name"]: r for r in response.json()}
    assert "Hui-Ling Chen" in found
    assert "Michael Brennan" in found
    for row in found.values():
        (school,) = {a["group"] for a in row["matched"]}
        assert school == "San Diego State University"
        assert any(int(a["start"][:4]) <= 2002 and (a["end"] is None or int(a["end"][:4]) >= 1998)
                   for a in row["matched"])  # fmt: skip
    outside = {n for n, (start, end) in _sdsu_years(demo_db).items() if start > 2002 or (end or 9999) < 1998}
    assert outside
    assert not outside & set(found)


def test_the_page_starts_from_the_users_own_years_and_ranks_by_what_they_share(client: TestClient) -> None:
    page = client.get("/find")
    assert page.status_code == 200
    starters = dict(re.findall(r'<li><a href="(/find\?[^"]+)">([^<]+)</a></li>', page.text))
    link = next(href for href, label in starters.items() if label == "San Diego State University, 1998–2002")
    assert "Qualcomm, 2002–2006" in starters.values()
    assert "Intuit, 2011–now" in starters.values()
    found = client.get(html.unescape(link))
    assert found.status_code == 200
    names = re.findall(r'<a href="/people/\d+">([^<]+)</a>', found.text.split('id="found"')[1])
    assert names
    assert "Michael Brennan" not in names
    assert "Hui-Ling Chen" in names
    assert re.search(rf"<h2 id=\"found-h\">{len(names)} people", found.text)


def test_mistakes_are_shown_beside_the_field_and_a_role_no_one_holds_offers_the_search_without_it(
    client: TestClient,
) -> None:
    year = client.get("/find", params={"school": "SDSU", "from": "199x"})
    assert year.status_code == 400
    assert re.search(r'id="f-from-error">[^<]*199x[^<]*is not a year', year.text)
    superscript = client.get("/find", params={"school": "SDSU", "from": "199²"})  # '²'.isdigit() is True
    assert superscript.status_code == 400
    assert "is not a year" in superscript.text
    school = client.get("/find", params={"school": "Nowhere U"})
    assert school.status_code == 400
    assert "no school called" in school.text
    assert "did you mean" in school.text
    api = client.get("/api/v1/find", params={"school": "SDSU", "to": "soon"})
    assert api.status_code == 400
    assert api.json()["error"]["field"] == "to"
    nobody = client.get("/find", params={"school": "SDSU", "role": "Astrophysics", "from": "1998", "to": "2002"})
    assert nobody.status_code == 200
    assert "Nobody matches" in nobody.text
    assert 'href="/find?school=SDSU&amp;employer=&amp;role=&amp;from=1998&amp;to=2002' in nobody.text


def test_introductions_to_anyone_at_an_organisation(client: TestClient) -> None:
    """Before: only `kithkin path me --at ServiceNow`; and a path to someone you know directly showed an empty
    paragraph where the request would be."""
    api = client.get("/api/v1/introductions", params={"at": "ServiceNow"}).json()
    assert api["target"] == "someone at ServiceNow"
    ends = [path["people"][-1]["name"] for path in api["paths"]]
    assert ends
    page = client.get("/introductions", params={"at": "ServiceNow"})
    assert page.status_code == 200
    for name in ends:
        assert html.escape(name) in page.text
    assert len(api["paths"][0]["people"]) == 2  # the demo's user knows someone there: no one to ask
    assert f"You know {html.escape(ends[0])} directly: no introduction needed" in page.text
    assert "<p></p>" not in page.text
    unknown = client.get("/introductions", params={"at": "Nowherecorp"})
    assert unknown.status_code == 400
    assert re.search(r'id="f-at-error">no employer, school or community called', unknown.text)
    assert 'action="/introductions"' in client.get("/find").text  # offered beside Find


def test_shared_alone_finds_who_shares_the_most_with_you(client: TestClient) -> None:
    page = client.get("/find", params={"shared": "1"})
    assert page.status_code == 200
    names = re.findall(r'<a href="/people/\d+">([^<]+)</a>', page.text.split('id="found"')[1])
    assert len(names) > 5
    assert "Michael Brennan" not in names
    api = client.get("/api/v1/find", params={"shared": "1"}).json()
    scores = [r["score"] for r in api]
    assert scores == sorted(scores, reverse=True)
    assert [r["person"]["name"] for r in api][: len(names)] == [html.unescape(n) for n in names]


def test_more_than_fifty_are_offered_not_hidden(client: TestClient) -> None:
    """Before: "50 people (the best 50)" of Qualcomm's 85, with no way to see the rest."""
    first = client.get("/find", params={"employer": "Qualcomm"})
    everyone = client.get("/api/v1/find", params={"employer": "Qualcomm", "limit": 1000}).json()
    assert f"50 of {len(everyone)} people (the 50 who fit best)" in first.text  # before: "there may be more"
    assert (
        'href="/find?school=&amp;employer=Qualcomm&amp;role=&amp;from=&amp;to=&amp;shared=&amp;kind=&amp;name=&amp;limit=1000"'
        in first.text
    )
    assert len(everyone) > 50
    page = client.get("/find", params={"employer": "Qualcomm", "limit": 1000})
    assert f"{len(everyone)} people</h2>" in page.text
    assert "Show up to" not in page.text
    assert len(client.get("/api/v1/find", params={"employer": "Qualcomm"}).json()) == 50
    exact = client.get("/find", params={"employer": "Qualcomm", "limit": len(everyone)}).text  # all of them: not cut
    assert f"{len(everyone)} people</h2>" in exact
    assert "there may be more" not in exact
    assert "Show up to" not in exact


def test_every_group_on_the_groups_page_opens_its_members_in_find(client: TestClient) -> None:
    """Events, communities, places and interests were plain text on the Groups page: no way to see who belongs."""
    page = client.get("/groups", params={"kind": "community"}).text
    link = re.search(r'<a href="(/find\?kind=community&amp;name=[^"]+)">([^<]+)</a>', page)
    assert link is not None, page
    found = client.get(html.unescape(link[1]))
    assert found.status_code == 200
    names = re.findall(r'<a href="/people/\d+">([^<]+)</a>', found.text.split('id="found"')[1])
    api = client.get("/api/v1/find", params={"kind": "community", "name": html.unescape(link[2])}).json()
    assert names
    assert sorted(names) == sorted(html.escape(r["person"]["name"]) for r in api)
    assert 'name="kind"' in found.text
    half = client.get("/find", params={"kind": "event"})
    assert half.status_code == 400
    assert re.search(r'id="f-name-error">name the group of that kind', half.text)
