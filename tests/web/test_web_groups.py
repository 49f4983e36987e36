"""Groups in the web app: their names and sizes, the groups that may be one merged or kept apart, a merge undone,
another name given — before, only `kithkin group …` could, so one school under two names split what people share."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.support import csrf_token

from kithkin import services
from kithkin.services import groups
from kithkin.store import Store
from kithkin.web import create_app


@pytest.fixture
def own(demo_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """A copy of the demo where Dana's school was typed 'State University San Diego' (proposed as SDSU, not
    merged: the words are the same, the order not) and her employer 'Qualcomm Technologies'."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    with Store.open(copy, create=False) as store:
        services.add_person(store, "Ana Ruiz")
        groups.affiliate_resolved(store, "Dana Reyes", "school", "State University San Diego", start="1999", end="2003")
        groups.affiliate_resolved(store, "Ana Ruiz", "employer", "Qualcomm Technologies")
    with TestClient(create_app(copy), base_url="http://127.0.0.1:8765") as client:
        yield client, copy


def _sdsu(client: TestClient) -> dict[str, object]:
    found = client.get("/api/v1/groups", params={"kind": "school"}).json()
    return next(g for g in found if g["name"] == "San Diego State University")


def test_a_proposed_school_is_merged_then_the_merge_undone(own: tuple[TestClient, Path]) -> None:
    client, _ = own
    before = _sdsu(client)["members"]
    [proposal] = [p for p in client.get("/api/v1/groups/proposals").json() if p["keep"]["kind"] == "school"]
    assert (proposal["keep"]["name"], proposal["other"]["name"]) == (
        "San Diego State University",
        "State University San Diego",
    )
    page = client.get("/groups", params={"kind": "school"})
    assert re.search(
        r"<strong>San Diego State University</strong> <span class=\"muted\">\(\d+ people\)</span>", page.text
    )
    token = csrf_token(client)
    merged = client.post(f"/groups/proposals/{proposal['id']}/merge", data={"csrf_token": token, "kind": "school"})
    assert merged.status_code == 200  # followed to the page again
    assert _sdsu(client)["members"] == before + 1  # Dana joins the school under its one name
    assert "State University San Diego" in _sdsu(client)["aliases"]
    assert not [p for p in client.get("/api/v1/groups/proposals").json() if p["keep"]["kind"] == "school"]
    [undo] = re.findall(r'action="(/groups/merges/\d+/undo)"', merged.text)
    assert "‘State University San Diego’ into San Diego State University" in merged.text
    client.post(undo, data={"csrf_token": token, "kind": "school"})
    assert _sdsu(client)["members"] == before
    names = {g["name"] for g in client.get("/api/v1/groups", params={"kind": "school"}).json()}
    assert "State University San Diego" in names  # back, with Dana in it


def test_a_proposal_kept_apart_is_not_proposed_again_and_a_name_is_added(own: tuple[TestClient, Path]) -> None:
    client, db = own
    [proposal] = [p for p in client.get("/api/v1/groups/proposals").json() if p["keep"]["kind"] == "employer"]
    token = csrf_token(client)
    client.post(f"/groups/proposals/{proposal['id']}/reject", data={"csrf_token": token, "kind": "employer"})
    with Store.open(db, create=False) as store:
        groups.scan_groups(store)  # looking again does not bring it back
    assert not [p for p in client.get("/api/v1/groups/proposals").json() if p["keep"]["kind"] == "employer"]
    added = client.post(
        "/groups/alias",
        data={"csrf_token": token, "kind": "school", "name": "SDSU", "alias": "San Diego State U"},
    )
    assert added.status_code == 200
    assert "San Diego State U" in _sdsu(client)["aliases"]
    empty = client.post("/groups/alias", data={"csrf_token": token, "kind": "school", "name": "SDSU", "alias": " "})
    assert empty.status_code == 400
    assert "type the other name" in empty.text
    unknown = client.post(
        "/groups/alias", data={"csrf_token": token, "kind": "school", "name": "Nowhere U", "alias": "NU"}
    )
    assert unknown.status_code == 400
    assert "no school called" in unknown.text


def test_the_alias_form_gives_an_example_of_the_kind_shown(client: TestClient) -> None:
    """Before: "San Diego State University / SDSU" as the example on the events' and places' forms too."""
    assert 'placeholder="SDSU"' in client.get("/groups", params={"kind": "school"}).text
    events = client.get("/groups", params={"kind": "event"}).text
    assert 'placeholder="SD Startup Week 2025"' in events
    assert "SDSU" not in events.split('id="f-alias"', 1)[1].split(">", 1)[0]
