"""Issue 16 on the web edge: a person's page shows their postal addresses and one-way follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin import services
from kithkin.services.importing import ImportOptions, import_files
from kithkin.store import Store
from kithkin.web import create_app


def test_the_person_page_shows_the_address_and_a_one_way_follow(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    card = tmp_path / "a.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\n"
        "ADR;TYPE=home:;;1 Main St;Albany;NY;12207;USA\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    data = tmp_path / "x" / "data"
    data.mkdir(parents=True)
    (data / "follower.js").write_text(
        'window.YTD.follower.part0 = [{"follower":{"accountId":"7","userLink":"https://twitter.com/intent/user?'
        'user_id=7","name":"Bo Chen"}}]',
        encoding="utf-8",
    )
    with Store.open(db) as store:
        services.set_me(store, f"#{services.add_person(store, 'Michael Brennan').id}")
        import_files(store, [card, data.parent], ImportOptions(), today=dt.date(2026, 12, 5))
        ids = {p.name: p.id for p in store.list_people()}
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        ana = client.get(f"/people/{ids['Ana Lima']}")
        bo = client.get(f"/people/{ids['Bo Chen']}")
    assert ana.status_code == 200
    assert "1 Main St, Albany NY 12207, USA" in ana.text
    assert bo.status_code == 200
    assert "Follows you on X (one way, not a tie)" in bo.text
