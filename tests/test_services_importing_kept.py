"""Issue 16, "nothing dropped without a word": what an import used to drop is stored and shown.

A vCard ADR's street and post code, an event's LOCATION (a place, resolved like every place name) and
DESCRIPTION, an attendee's ROLE, and X's one-way follows (a follow of its own, never a tie).
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.model import Address, GroupKind
from kithkin.services.importing import ImportOptions, import_files
from kithkin.store import Store

runner = CliRunner()
TODAY = dt.date(2026, 12, 5)


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def test_a_vcard_address_is_stored_whole_and_shown_on_the_person(tmp_path: pathlib.Path) -> None:
    card = write(
        tmp_path / "a.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nEMAIL:ana@example.com\n"
        "ADR;TYPE=home:;Flat 2;1 Main St;Albany;NY;12207;USA\nEND:VCARD\n",
    )
    db = tmp_path / "k.db"
    assert runner.invoke(app, ["--db", str(db), "import", str(card)]).exit_code == 0
    shown = runner.invoke(app, ["--db", str(db), "person", "show", "Ana Lima"])
    assert shown.exit_code == 0, shown.output
    assert "address Flat 2, 1 Main St, Albany NY 12207, USA (home)" in shown.output
    as_json = json.loads(runner.invoke(app, ["--db", str(db), "person", "show", "Ana Lima", "--json"]).output)
    assert as_json["addresses"][0]["postcode"] == "12207"
    assert as_json["addresses"][0]["street"] == "1 Main St"
    with Store.open(db) as store:
        (ana,) = store.list_people()
        assert store.addresses_of(ana.id or 0) == [
            Address("", "Flat 2", "1 Main St", "Albany", "NY", "12207", "USA", "home")
        ]
    # Importing the same file again changes nothing (the address is not doubled).
    again = runner.invoke(app, ["--db", str(db), "import", str(card)])
    assert again.exit_code == 0, again.output
    with Store.open(db) as store:
        assert len(store.addresses_of(ana.id or 0)) == 1


def test_an_event_keeps_its_place_resolved_its_description_and_each_attendees_role(
    store: Store, tmp_path: pathlib.Path
) -> None:
    known = write(tmp_path / "a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Di Wu\nADR:;;;San Diego;;;\nEND:VCARD\n")
    calendar = write(
        tmp_path / "cal.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:a\nSUMMARY:Planning\n"
        "DTSTART:20240110T100000Z\nLOCATION:SAN DIEGO\nDESCRIPTION:Quarterly plans\\, room 4\n"
        "ORGANIZER;CN=Ana:mailto:ana@example.com\n"
        "ATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN=Bo:mailto:bo@example.com\n"
        "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Cy:mailto:cy@example.com\n"
        "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED;CN=Ed:mailto:ed@example.com\n"
        "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Fay:mailto:fay@example.com\n"
        "END:VEVENT\nEND:VCALENDAR\n",
    )
    import_files(store, [known, calendar], ImportOptions(), today=TODAY)
    event = store.find_group(GroupKind.EVENT, "Planning")
    san_diego = store.find_group(GroupKind.PLACE, "San Diego")
    assert event is not None
    assert san_diego is not None
    place_id, about = store.db.execute("SELECT place_id, about FROM groups WHERE id = ?", (event.id,)).fetchone()
    assert (place_id, about) == (san_diego.id, "Quarterly plans, room 4")  # 'SAN DIEGO' is the known place
    roles = {
        p.name: a.role
        for p in store.list_people()
        for a in store.affiliations_of(p.id or 0)
        if a.group.kind is GroupKind.EVENT
    }
    assert roles == {"Ana": "organizer", "Bo": "chair", "Cy": "optional", "Ed": "declined (optional)", "Fay": ""}


def test_one_way_follows_on_x_are_people_with_a_follow_not_a_tie(tmp_path: pathlib.Path) -> None:
    data = tmp_path / "data"

    def js(name: str, kind: str, ids: list[str]) -> None:
        entries = ",".join(
            f'{{"{kind}":{{"accountId":"{i}","userLink":"https://twitter.com/intent/user?user_id={i}"}}}}' for i in ids
        )
        write(data / name, f"window.YTD.{kind}.part0 = [{entries}]")

    js("following.js", "following", ["1", "2"])
    js("follower.js", "follower", ["2", "3"])
    db = tmp_path / "k.db"
    assert runner.invoke(app, ["--db", str(db), "person", "add", "Michael Brennan"]).exit_code == 0
    # a preview writes nothing: what it leaves out "would not be" saved (it said "were not saved")
    preview = runner.invoke(app, ["--db", str(db), "import", "--dry-run", str(data)])
    assert "2 one-way follows would not be saved" in preview.output
    assert runner.invoke(app, ["--db", str(db), "me", "Michael Brennan"]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "import", str(data)])
    assert result.exit_code == 0, result.output
    assert "1 tie, 2 one-way follows, 0 meetings logged" in result.output  # said (saved, unsaid)
    with Store.open(db) as store:
        me = store.me()
        assert me is not None
        ids = {p.name: p.id or 0 for p in store.list_people()}
        assert store.follows_of(ids["X account 1"]) == [(False, "X")]
        assert store.follows_of(ids["X account 3"]) == [(True, "X")]
        assert store.follows_of(ids["X account 2"]) == []
        # Only the mutual follow is a tie: a follow is not a friendship.
        assert [(t.how, t.other(me.id or 0)) for t in store.ties_of(me.id or 0)] == [
            ("mutual follow on X", ids["X account 2"])
        ]
    shown = runner.invoke(app, ["--db", str(db), "person", "show", "X account 3"])
    assert "follows you on X (one way)" in shown.output
    shown = runner.invoke(app, ["--db", str(db), "person", "show", "X account 1"])
    assert "you follow them on X (one way)" in shown.output
