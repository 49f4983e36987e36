"""Writing from the web: every write is seen afterwards through the read API or the page; a refused value is
a 422 naming its field (a page shows the message next to the field) and leaves the store as it was."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.support import XSS_NAMES, csrf_token, xss_ids

from kithkin.store import Store
from kithkin.web import create_app


@pytest.fixture
def writer(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    """A client over a copy of the demo store (these tests write), and the copy's path."""
    path = tmp_path / "copy.sqlite"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("KITHKIN_TODAY", "2026-12-05")
    with TestClient(create_app(path), base_url="http://127.0.0.1:8765") as client:
        yield client, path


def _headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf_token(client)}


def _overdue_person(client: TestClient) -> dict[str, Any]:
    person: dict[str, Any] = client.get("/api/v1/today").json()["overdue"][0]["person"]
    return person


def _revision(path: Path) -> int:
    with Store.open(path, create=False) as store:
        return store.revision


def _field_errors(html: str) -> list[str]:
    found = re.findall(r'class="field-error" id="([^"]+)-error">([^<]*)<', html)
    return [(fid, unescape(text)) for fid, text in found]


def test_add_a_person_then_read_them(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    sent = {"name": "Ottilie Marsh", "emails": ["otti@marsh.example"], "tags": ["climbing"], "aliases": ["Otti"]}
    made = client.post("/api/v1/people", json=sent, headers=_headers(client))
    assert made.status_code == 201, made.text
    pid = made.json()["person"]["id"]
    read = client.get(f"/api/v1/people/{pid}").json()
    assert read["person"]["name"] == "Ottilie Marsh"
    assert read["aliases"] == ["Otti"]
    assert [c["value"] for c in read["contacts"]] == ["otti@marsh.example"]
    assert read["person"]["tags"] == ["climbing"]


def test_a_name_already_there_needs_new(writer: tuple[TestClient, Path]) -> None:
    client, path = writer
    before = _revision(path)
    refused = client.post("/api/v1/people", json={"name": "Dana Reyes"}, headers=_headers(client))
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "name"
    assert "Dana Reyes (#" in refused.json()["error"]["message"]
    assert _revision(path) == before
    page = client.post("/people/new", data={"name": "Dana Reyes", "csrf_token": csrf_token(client)})
    assert page.status_code == 422
    assert ("f-name", "Dana Reyes (#2, ServiceNow) is already in your network.") in _field_errors(page.text)
    assert 'name="new"' in page.text  # the box that says it is someone else
    second = client.post(
        "/people/new", data={"name": "Dana Reyes", "new": "true", "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert second.status_code == 303
    assert client.get(second.headers["location"]).text.count("<h1>Dana Reyes") == 1


def test_edit_a_person_from_the_form(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    form = {
        "name": "Genaro Q. Leiva", "aliases": "Gen\nGQ", "emails": "gen@leiva.example", "phones": "+1 619 555 0100",
        "tags": "inner-circle, climbing", "birthday": "--04-15", "notes": "likes <b>bold</b> coffee",
        "csrf_token": csrf_token(client),
    }  # fmt: skip
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://127.0.0.1:8765/people/{pid}"}
    done = client.post(f"/people/{pid}/edit", data=form, headers=htmx)
    assert done.status_code == 200
    assert done.headers["HX-Refresh"] == "true"  # the page it was on, drawn again
    read = client.get(f"/api/v1/people/{pid}").json()
    assert read["person"]["name"] == "Genaro Q. Leiva"
    assert sorted(read["aliases"]) == ["GQ", "Gen"]
    assert sorted(read["person"]["tags"]) == ["climbing", "inner-circle"]
    assert {c["value"] for c in read["contacts"]} >= {"gen@leiva.example", "+1 619 555 0100"}
    assert read["notes"] == "likes <b>bold</b> coffee"
    assert client.get(f"/api/v1/people/{pid}/relationship").json()["birthday"] == "--04-15"
    page = client.get(f"/people/{pid}").text
    assert "likes &lt;b&gt;bold&lt;/b&gt; coffee" in page


@pytest.mark.parametrize(
    ("method", "where", "body", "field"),
    [
        ("PATCH", "", {"birthday": "1980-00-12"}, "birthday"),  # month 00
        ("PATCH", "", {"name": "  "}, "name"),
        ("PATCH", "", {"emails": ["not an address"]}, "emails"),
        ("PATCH", "", {"phones": ["12"]}, "phones"),
        ("POST", "/affiliations", {"kind": "club", "name": "Chess"}, "kind"),
        ("POST", "/affiliations", {"kind": "school", "name": ""}, "name"),
        ("POST", "/affiliations", {"kind": "school", "name": "SDSU", "start": "2001-13"}, "start"),
        ("POST", "/affiliations", {"kind": "school", "name": "SDSU", "start": "2005", "end": "2001"}, "end"),
        ("POST", "/ties", {"other": "Nobody Zzyzx"}, "other"),
        ("POST", "/ties", {"other": "Dana Reyes", "closeness": 9}, "closeness"),
        ("POST", "/merge", {"other": "Nobody Zzyzx"}, "other"),
    ],
)
def test_a_bad_write_is_a_422_naming_the_field_and_changes_nothing(
    writer: tuple[TestClient, Path], method: str, where: str, body: dict[str, Any], field: str
) -> None:
    client, path = writer
    pid = _overdue_person(client)["id"]
    before, revision = client.get(f"/api/v1/people/{pid}").json(), _revision(path)
    refused = client.request(method, f"/api/v1/people/{pid}{where}", json=body, headers=_headers(client))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert client.get(f"/api/v1/people/{pid}").json() == before
    assert _revision(path) == revision


def test_the_edit_form_shows_the_message_by_the_field(writer: tuple[TestClient, Path]) -> None:
    client, path = writer
    pid = _overdue_person(client)["id"]
    revision = _revision(path)
    form = {"name": "Someone", "birthday": "1980-00-12", "csrf_token": csrf_token(client)}
    part = client.post(f"/people/{pid}/edit", data=form, headers={"HX-Request": "true"})
    assert part.status_code == 200  # htmx swaps the form in again
    assert _field_errors(part.text) == [("f-birthday", "'1980-00-12' is not a real date")]
    assert 'value="Someone"' in part.text  # what was typed stays
    whole = client.post(f"/people/{pid}/edit", data=form)
    assert whole.status_code == 422
    assert "<html" in whole.text
    assert _revision(path) == revision


def test_add_and_remove_an_affiliation(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    sent = {"kind": "school", "name": "SDSU", "role": "Biology", "start": "2001", "end": "2005"}
    added = client.post(f"/api/v1/people/{pid}/affiliations", json=sent, headers=_headers(client))
    assert added.status_code == 201, added.text
    assert added.json()["affiliation"]["group"] == "San Diego State University"  # resolved as `affiliate` does
    aid = added.json()["id"]
    shown = client.get(f"/api/v1/people/{pid}").json()["affiliations"]
    assert {"kind": "school", "group": "San Diego State University", "role": "Biology", "start": "2001",
            "end": "2005", "source": "typed by the user"} in shown  # fmt: skip
    assert "Biology" in client.get(f"/people/{pid}").text
    gone = client.delete(f"/api/v1/people/{pid}/affiliations/{aid}", headers=_headers(client))
    assert gone.status_code == 200
    assert gone.json()["message"] == "no longer school San Diego State University"
    assert aid not in [a["id"] for a in client.get(f"/api/v1/people/{pid}/affiliations").json()]


def test_the_affiliation_form_refuses_by_field(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    form = {"kind": "school", "name": "SDSU", "start": "2005", "end": "2001", "csrf_token": csrf_token(client)}
    part = client.post(f"/people/{pid}/affiliations", data=form, headers={"HX-Request": "true"})
    assert _field_errors(part.text) == [("aff-end", "the end (2001) comes before the start (2005)")]


def test_a_tie_then_its_change(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    sent = {"other": "Dana Reyes", "how": "climbing", "closeness": 4, "since": "2019"}
    made = client.post(f"/api/v1/people/{pid}/ties", json=sent, headers=_headers(client))
    assert made.status_code == 201, made.text
    ties = client.get(f"/api/v1/people/{pid}").json()["ties"]
    assert [(t["how"], t["closeness"], t["since"]) for t in ties if t["person"]["name"] == "Dana Reyes"] == [
        ("climbing", 4, "2019")
    ]


def test_log_resets_the_cadence_on_today(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    person = _overdue_person(client)
    logged = client.post(
        "/api/v1/log", json={"people": [f"#{person['id']}"], "note": "coffee", "gave": "advice"},
        headers=_headers(client),
    )  # fmt: skip
    assert logged.status_code == 201, logged.text
    assert logged.json()["kind"] == "favour"  # what changed hands says the kind, as `kithkin log --gave` does
    assert person["id"] not in [o["person"]["id"] for o in client.get("/api/v1/today").json()["overdue"]]
    together = client.get(f"/api/v1/people/{person['id']}/relationship").json()
    assert together["interactions"][0]["note"] == "coffee"
    latest = client.get("/api/v1/log", params={"person": f"#{person['id']}"}).json()["items"][0]
    assert latest["id"] == logged.json()["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"people": ["#2"], "on": "2026-00-05"}, "on"),  # month 00
        ({"people": ["#2"], "on": "2027-01-01"}, "on"),  # the future
        ({"people": ["Nobody Zzyzx"]}, "people"),
        ({"people": []}, "people"),
        ({"people": ["#1"]}, "people"),  # the user: "Michael Brennan is you" (was logged "with" the user)
        ({"people": ["#2"], "kind": "telepathy"}, "kind"),
        ({"people": ["#2"], "gave": "a kidney"}, "gave"),
    ],
)
def test_a_bad_log_is_refused(writer: tuple[TestClient, Path], body: dict[str, Any], field: str) -> None:
    client, path = writer
    revision = _revision(path)
    refused = client.post("/api/v1/log", json={"note": "coffee", **body}, headers=_headers(client))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert _revision(path) == revision


def test_the_log_form_shows_the_message_by_the_field(writer: tuple[TestClient, Path]) -> None:
    client, path = writer
    revision = _revision(path)
    form = {"people": "Dana Reyes", "note": "coffee", "on": "2026-00-05", "csrf_token": csrf_token(client)}
    page = client.post("/log", data=form)
    assert page.status_code == 422
    assert _field_errors(page.text) == [("log-on", "'2026-00-05' is not a real date")]
    assert _revision(path) == revision
    done = client.post("/log", data={**form, "on": "yesterday"}, follow_redirects=False)
    assert done.status_code == 303
    shown = client.get(done.headers["location"]).text
    assert re.search(r'class="just-logged".*4 Dec 2026.*Dana Reyes', shown, re.S)


def test_cadence_and_goal(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    set_ = client.put(f"/api/v1/people/{pid}/cadence", json={"every": "2w"}, headers=_headers(client))
    assert set_.status_code == 200
    assert client.get(f"/api/v1/people/{pid}/relationship").json()["cadence_days"] == 14
    bad = client.put(f"/api/v1/people/{pid}/cadence", json={"every": "2q"}, headers=_headers(client))
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "every")
    assert client.get(f"/api/v1/people/{pid}/relationship").json()["cadence_days"] == 14
    cleared = client.delete(f"/api/v1/people/{pid}/cadence", headers=_headers(client)).json()
    assert cleared["cadence_days"] is None or cleared["cadence_tag"] is not None  # a tag's cadence may remain
    goal = client.post(
        "/api/v1/goals", json={"text": "ask about the design role", "person": f"#{pid}", "due": "2027-01-15"},
        headers=_headers(client),
    )  # fmt: skip
    assert goal.status_code == 201
    goals = client.get(f"/api/v1/people/{pid}/relationship").json()["goals"]
    assert {"id": goal.json()["id"], "text": "ask about the design role", "person": pid, "due": "2027-01-15"} in goals
    bad_goal = client.post("/api/v1/goals", json={"text": "x", "due": "2027-02-30"}, headers=_headers(client))
    assert (bad_goal.status_code, bad_goal.json()["error"]["field"]) == (422, "due")


def test_merge_by_hand_asks_first_then_unmerge(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    headers = _headers(client)
    a = client.post("/api/v1/people", json={"name": "Wren Castillo", "emails": ["wren@a.example"]}, headers=headers)
    b = client.post("/api/v1/people", json={"name": "W. Castillo", "emails": ["wren@b.example"]}, headers=headers)
    keep, other = a.json()["person"]["id"], b.json()["person"]["id"]
    same = client.post(f"/people/{keep}/merge", data={"other": f"#{keep}", "csrf_token": csrf_token(client)})
    assert _field_errors(same.text) == [("merge-other", "Wren Castillo is the same person twice; name two people")]
    ask = client.post(f"/people/{keep}/merge", data={"other": f"#{other}", "csrf_token": csrf_token(client)})
    assert ask.status_code == 200
    assert ask.url.path == f"/people/{keep}/merge"  # the question is a page of its own (reload asks again)
    assert "One person, recorded twice?" in ask.text
    assert client.get(f"/api/v1/people/{other}").status_code == 200  # nothing merged yet
    done = client.post(
        f"/people/{keep}/merge", data={"other": f"#{other}", "confirm": "yes", "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert done.headers["location"] == f"/people/{keep}"
    assert client.get(f"/api/v1/people/{other}").status_code == 404
    emails = {c["value"] for c in client.get(f"/api/v1/people/{keep}").json()["contacts"]}
    assert emails == {"wren@a.example", "wren@b.example"}
    records = client.get(f"/api/v1/people/{keep}/records").json()
    assert "Split off" in client.get(f"/people/{keep}/manage").text
    split = client.post(f"/api/v1/people/{keep}/unmerge", json={"record": records[-1]["id"]}, headers=headers)
    assert split.status_code == 200, split.text
    assert split.json()["name"] == "W. Castillo"
    assert {c["value"] for c in client.get(f"/api/v1/people/{keep}").json()["contacts"]} == {"wren@a.example"}


def test_writes_need_the_csrf_token(writer: tuple[TestClient, Path]) -> None:
    client, path = writer
    revision = _revision(path)
    pid = _overdue_person(client)["id"]
    for method, url, body in [
        ("POST", "/api/v1/people", {"name": "X Y"}),
        ("PATCH", f"/api/v1/people/{pid}", {"name": "X Y"}),
        ("POST", "/api/v1/log", {"people": [f"#{pid}"]}),
        ("DELETE", f"/api/v1/people/{pid}/cadence", None),
    ]:
        response = client.request(method, url, json=body)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "csrf"
    assert client.post("/log", data={"people": f"#{pid}", "note": "coffee"}).status_code == 403
    assert _revision(path) == revision


def test_hostile_text_in_forms_is_shown_as_text(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    form = {"people": XSS_NAMES[1], "note": XSS_NAMES[0], "on": XSS_NAMES[0], "csrf_token": csrf_token(client)}
    page = client.post("/log", data=form).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"><img' not in page
    manage = client.get(f"/people/{pid}/manage").text
    assert "<img src=x" not in manage


def _htmx(client: TestClient, pid: int) -> dict[str, str]:
    """The headers htmx sends from a person's page."""
    return {"HX-Request": "true", "HX-Current-URL": f"http://127.0.0.1:8765/people/{pid}", **_headers(client)}


@pytest.mark.parametrize(
    ("url", "form", "field_id", "message"),
    [
        ("ties", {"other": "Nobody Zzyzx"}, "tie-other", "no person matches 'Nobody Zzyzx'"),
        ("ties", {"other": "Dana Reyes", "since": "2019-00"}, "tie-since", "'2019-00' is not a real date"),
        (
            "ties",
            {"other": "Dana Reyes", "closeness": "²"},
            "tie-closeness",
            "closeness is a number from 1 (acquaintance) to 5 (closest)",
        ),
        ("cadence", {"every": "now and then"}, "cadence-every", "cannot read 'now and then' as a cadence"),
        ("goals", {"text": ""}, "goal-text", "a goal needs some words"),
        ("goals", {"text": "lunch", "due": "2027-02-30"}, "goal-due", "'2027-02-30' is not a real date"),
    ],
)
def test_the_panel_forms_refuse_by_field(
    writer: tuple[TestClient, Path], url: str, form: dict[str, str], field_id: str, message: str
) -> None:
    client, path = writer
    pid = _overdue_person(client)["id"]
    revision = _revision(path)
    part = client.post(f"/people/{pid}/{url}", data=form, headers=_htmx(client, pid))
    assert part.status_code == 200
    [(where, said)] = _field_errors(part.text)
    assert (where, said.split(":")[0]) == (field_id, message)
    assert _revision(path) == revision


def test_the_panel_forms_write(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    for url, form in [
        ("cadence", {"every": "3w"}),
        ("goals", {"text": "ask about the design role", "due": "2027-01-15"}),
        ("ties", {"other": "Dana Reyes", "how": "rowing", "closeness": "2"}),
        ("affiliations", {"kind": "employer", "name": "Nestwise, Inc.", "role": "designer", "start": "2024"}),
    ]:
        done = client.post(f"/people/{pid}/{url}", data=form, headers=_htmx(client, pid))
        assert done.headers.get("HX-Refresh") == "true", (url, done.text)
    together = client.get(f"/api/v1/people/{pid}/relationship").json()
    assert together["cadence_days"] == 21
    assert [g["text"] for g in together["goals"]][-1] == "ask about the design role"
    read = client.get(f"/api/v1/people/{pid}").json()
    assert ("rowing", 2) in [(t["how"], t["closeness"]) for t in read["ties"] if t["person"]["name"] == "Dana Reyes"]
    [added] = [
        a for a in client.get(f"/api/v1/people/{pid}/affiliations").json() if a["affiliation"]["role"] == "designer"
    ]
    row = client.post(f"/people/{pid}/affiliations/{added['id']}/remove", headers=_htmx(client, pid))
    assert row.text.startswith('<tr class="settled"><td colspan="6">Removed: employer Nestwise')
    assert added["id"] not in [a["id"] for a in client.get(f"/api/v1/people/{pid}/affiliations").json()]
    page = client.get(f"/people/{pid}/manage").text
    assert "Every 21 days" in page
    assert "ask about the design role" in page


def test_log_from_a_person_page_keeps_them_and_adds_others(writer: tuple[TestClient, Path]) -> None:
    client, _ = writer
    pid = _overdue_person(client)["id"]
    form = {"people": f"#{pid}", "also": "Nobody Zzyzx", "note": "lunch", "next": f"/people/{pid}", "compact": "true"}
    part = client.post("/log", data=form, headers=_htmx(client, pid))
    assert _field_errors(part.text)[0][0] == "log-also"
    assert f'name="people" value="#{pid}"' in part.text  # still about this person
    done = client.post("/log", data={**form, "also": "Dana Reyes"}, headers=_htmx(client, pid))
    latest = client.get("/api/v1/log").json()["items"][0]
    assert done.headers["HX-Redirect"] == f"/people/{pid}?logged={latest['id']}"
    panel = client.get(
        f"/people/{pid}/manage", headers={**_htmx(client, pid), "HX-Current-URL": done.headers["HX-Redirect"]}
    )
    assert re.search(r'class="logged" role="status"><strong>Logged</strong> meal on 5 Dec 2026 with ', panel.text)
    assert "Dana Reyes" in [p["name"] for p in latest["people"]]
    assert pid in [p["id"] for p in latest["people"]]


def _editing_pages(client: TestClient, db: Path) -> list[str]:
    """Every editing page and part, for a person with a hostile name."""
    pid, other = xss_ids(db)
    return [
        client.get("/people/new").text,
        client.get("/log").text,
        client.get("/log/form", params={"next": "/today"}).text,
        client.get(f"/people/{pid}").text,
        client.get(f"/people/{pid}/edit").text,
        client.get(f"/people/{pid}/edit", headers={"HX-Request": "true"}).text,
        client.get(f"/people/{pid}/manage").text,
        client.get(f"/people/{pid}/manage", headers={"HX-Request": "true"}).text,
        client.get(f"/people/{pid}/merge", params={"other": f"#{other}"}).text,
    ]


def test_editing_pages_escape_hostile_names(client: TestClient, demo_db: Path) -> None:
    pages = _editing_pages(client, demo_db)
    for page in pages:
        for name in XSS_NAMES:
            assert name not in page
        assert "<b>tag</b>" not in page
        assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[4]  # the name, as text in the edit form
    assert "&lt;i&gt;note&lt;/i&gt;</textarea>" in pages[4]


def test_every_editing_form_carries_the_token_and_no_inline_script(client: TestClient, demo_db: Path) -> None:
    pages = _editing_pages(client, demo_db)
    for page in pages:
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, flags=re.S)
        assert forms or page is pages[3]  # the profile itself has none without affiliations: the panel loads after
        assert all('name="csrf_token"' in form for form in forms)
        assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page), "inline script"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), "an on* attribute"
        assert "style=" not in page


def test_an_affiliation_is_changed_in_place_and_a_refused_change_keeps_the_old(writer: tuple[TestClient, Path]) -> None:
    """A typo in a year had to be removed and added again: each affiliation has Change (a page, and PUT)."""
    client, path = writer
    pid = _overdue_person(client)["id"]
    made = client.post(
        f"/api/v1/people/{pid}/affiliations",
        json={"kind": "school", "name": "Grossmont College", "role": "Biology", "start": "2008", "end": "2010"},
        headers=_headers(client),
    ).json()
    page = client.get(f"/people/{pid}").text
    assert f'href="/people/{pid}/affiliations/{made["id"]}/edit"' in page
    form = client.get(f"/people/{pid}/affiliations/{made['id']}/edit").text
    assert 'value="Biology"' in form
    assert 'value="2008"' in form
    revision = _revision(path)
    refused = client.post(
        f"/people/{pid}/affiliations/{made['id']}/edit",
        data={"role": "Biology", "start": "2011", "end": "2010", "csrf_token": csrf_token(client)},
    )
    assert refused.status_code == 400
    assert "comes before the start" in refused.text
    assert _revision(path) == revision  # nothing written: the old one stands
    done = client.post(
        f"/people/{pid}/affiliations/{made['id']}/edit",
        data={"role": "Chemistry", "start": "2007", "end": "2010", "csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    rows = [a for a in client.get(f"/api/v1/people/{pid}/affiliations").json()
            if a["affiliation"]["group"] == "Grossmont College"]  # fmt: skip
    assert [(a["affiliation"]["role"], a["affiliation"]["start"], a["affiliation"]["end"]) for a in rows] == [
        ("Chemistry", "2007", "2010")
    ]
    put = client.put(f"/api/v1/people/{pid}/affiliations/{rows[0]['id']}", json={"role": "Chemistry", "start": "2007"},
                     headers=_headers(client))  # fmt: skip
    assert put.status_code == 200, put.text
    assert (put.json()["affiliation"]["start"], put.json()["affiliation"]["end"]) == ("2007", None)
    assert client.get(f"/people/{pid}/affiliations/999999/edit").status_code == 404


def test_every_entry_logged_with_someone_is_a_click_from_their_page(writer: tuple[TestClient, Path]) -> None:
    """A person page said "6 interactions logged" above five, with no way to the sixth."""
    client, _ = writer
    pid = _overdue_person(client)["id"]
    for day in range(1, 8):
        made = client.post("/api/v1/log", json={"people": [f"#{pid}"], "note": f"walk {day}", "on": f"2026-11-0{day}"},
                           headers=_headers(client))  # fmt: skip
        assert made.status_code == 201, made.text
    manage = client.get(f"/people/{pid}/manage").text
    link = re.search(r'<a href="(/log\?person=\d+&amp;show=200)" id="all-logged">all (\d+) on the Log page</a>', manage)
    assert link is not None, manage
    listed = client.get(unescape(link[1])).text
    assert f'Logged with <a href="/people/{pid}">' in listed
    assert listed.count("— walk ") == 7
    assert len(re.findall(r'<span class="when">', listed.split('id="recent-h"')[1])) == int(link[2])
