"""`kithkin merge`, `merges accept --all/--rule` and `unmerge` through the CLI, on a real store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.store import Store

runner = CliRunner()


def kithkin(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, f"{args}\n{result.output}"
    return result.stdout


def test_a_merge_by_hand_can_be_undone(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    kithkin(db, "person", "add", "Dana Reyes", "--email", "dana@work.example")
    kithkin(db, "person", "add", "Dana R.", "--email", "dana@home.example")
    kithkin(db, "merge", "Dana Reyes", "Dana R.")
    shown = json.loads(kithkin(db, "person", "show", "Dana Reyes", "--json"))
    assert {c["value"] for c in shown["person"]["contacts"]} == {"dana@work.example", "dana@home.example"}
    assert "Dana R." in shown["person"]["aliases"]
    kithkin(db, "unmerge", "Dana Reyes")
    listed = json.loads(kithkin(db, "person", "list", "--json"))
    assert sorted(p["name"] for p in listed) == ["Dana R.", "Dana Reyes"]


def test_accept_proposals_in_bulk_by_rule(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    vcards = tmp_path / "family.vcf"
    vcards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Smith\nEMAIL:ann@smith.example\nTEL:+1 619 555 0147\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Smith\nEMAIL:bob@smith.example\nTEL:+1 619 555 0147\nEND:VCARD\n",
        encoding="utf-8",
    )
    kithkin(db, "import", str(vcards))
    proposals = json.loads(kithkin(db, "merges", "--json"))
    assert len(proposals) == 1
    assert "same phone" in proposals[0]["proposal"]["reason"]
    assert "accepted 0 proposals" in kithkin(db, "merges", "accept", "--rule", "same email")
    assert "accepted 1 proposal" in kithkin(db, "merges", "accept", "--all")
    assert len(json.loads(kithkin(db, "person", "list", "--json"))) == 1


def test_a_merge_keeps_both_and_unmerging_gives_back_all_that_came_with_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge lost the absorbed person's birthday and notes for good, and unmerging left their file's record
    (with its email and employer), follow-ups, goals, cadence and meetings with the person kept."""
    monkeypatch.setenv("KITHKIN_TODAY", "2027-03-02")
    db = tmp_path / "k.sqlite"
    card = tmp_path / "tom.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Tom Becker\nEMAIL:tom@illumina.example\nORG:Illumina\nBDAY:1977-06-01\n"
        "NOTE:met at ASHG\nEND:VCARD\n",
        encoding="utf-8",
    )
    kithkin(db, "person", "add", "Ann Able")
    kithkin(db, "me", "Ann Able")
    kithkin(db, "person", "add", "Thomas Becker", "--email", "tb@home.example", "--note", "climbs on Sundays")
    kithkin(db, "import", str(card))
    tom = json.loads(kithkin(db, "person", "show", "tom@illumina.example", "--json"))["person"]["id"]
    thomas = json.loads(kithkin(db, "person", "show", "tb@home.example", "--json"))["person"]["id"]
    kithkin(db, "followups", "add", f"#{tom}", "send the paper", "--due", "2027-03-09")
    kithkin(db, "goal", "add", "hear about the sequencing job", "--with", f"#{tom}")
    kithkin(db, "cadence", f"#{tom}", "30d")
    kithkin(db, "log", "lunch", "--with", f"#{tom}", "--on", "2027-02-01")
    kithkin(db, "log", "climbing", "--with", f"#{tom}", "--with", f"#{thomas}", "--on", "2027-02-10")

    said = kithkin(db, "merge", f"#{thomas}", f"#{tom}")
    merged = json.loads(kithkin(db, "person", "show", f"#{thomas}", "--json"))
    assert merged["birthday"] == "1977-06-01"
    assert merged["person"]["notes"] == "climbs on Sundays\n\nmet at ASHG"
    undo = said.splitlines()[0].split("(undo: ")[1].rstrip(")")
    assert undo.startswith(f"kithkin unmerge '#{thomas}' --record ")
    assert kithkin(db, *undo.removeprefix("kithkin ").replace("'", "").split())  # the hint works as printed

    back = json.loads(kithkin(db, "person", "show", f"#{tom}", "--json"))  # the id they had, links work again
    kept = json.loads(kithkin(db, "person", "show", f"#{thomas}", "--json"))
    assert back["person"]["name"] == "Tom Becker"
    assert back["birthday"] == "1977-06-01"
    assert kept["birthday"] in ("", None)
    assert kept["person"]["notes"] == "climbs on Sundays"
    assert {c["value"] for c in back["person"]["contacts"]} == {"tom@illumina.example"}
    assert {c["value"] for c in kept["person"]["contacts"]} == {"tb@home.example"}
    assert "Illumina" in {a["group"]["name"] for a in back["affiliations"]}
    assert "Illumina" not in {a["group"]["name"] for a in kept["affiliations"]}
    records = kithkin(db, "unmerge", f"#{tom}", "--list")
    assert "vcard" in records
    assert "merge" not in records  # as before the merge: nothing left to split off
    assert "merge" not in kithkin(db, "unmerge", f"#{thomas}", "--list")
    due = json.loads(kithkin(db, "followups", "--days", "30", "--json"))
    assert {(i["what"], i["person"]["id"]) for i in due if i["what"] == "send the paper"} == {("send the paper", tom)}
    goals = json.loads(kithkin(db, "goal", "list", "--json"))
    assert [g["person_id"] for g in goals if g["text"] == "hear about the sequencing job"] == [tom]
    logged = json.loads(kithkin(db, "log", "list", "--json"))
    people = {entry["note"]: sorted(entry["people"]) for entry, _ in logged["entries"]}
    assert people == {"lunch": [tom], "climbing": sorted([tom, thomas])}
    assert [i["person"]["id"] for i in due if i["what"].startswith("keep in touch (every 30 days")] == [tom]


def test_the_merges_done_are_listed_and_pairs_kept_apart_are_not_offered_for_review(tmp_path: Path) -> None:
    """`merges --status accepted` listed nothing (an accepted pair is one person); `--status rejected` showed
    "Merges to review" and "Accept with …" above pairs already kept apart."""
    db = tmp_path / "k.sqlite"
    vcards = tmp_path / "family.vcf"
    vcards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Smith\nTEL:+1 619 555 0147\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Smith\nTEL:+1 619 555 0147\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cy Jones\nTEL:+1 619 555 0199\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Di Jones\nTEL:+1 619 555 0199\nEND:VCARD\n",
        encoding="utf-8",
    )
    kithkin(db, "import", str(vcards))
    first, second = json.loads(kithkin(db, "merges", "--json"))
    kithkin(db, "merges", "accept", str(first["proposal"]["id"]))
    kithkin(db, "merges", "reject", str(second["proposal"]["id"]))
    done = json.loads(kithkin(db, "merges", "--done", "--json"))
    assert len(done) == 1
    assert done[0]["reason"].startswith(f"accepted proposal #{first['proposal']['id']}")
    assert done[0]["undo"].startswith(f"kithkin unmerge '#{done[0]['person']['id']}' --record ")
    kept_apart = kithkin(db, "merges", "--status", "rejected")
    assert "Pairs kept apart" in kept_apart
    assert "Accept with" not in kept_apart
    result = runner.invoke(app, ["--db", str(db), "merges", "--status", "accepted"])
    assert result.exit_code == 1
    assert "kithkin merges --done" in result.output
    kithkin(db, *done[0]["undo"].removeprefix("kithkin ").replace("'", "").split())
    assert "No merges done." in kithkin(db, "merges", "--done")


def test_a_record_is_split_off_by_its_format_alone(tmp_path: Path) -> None:
    """`unmerge --source linkedin` was refused as ambiguous with one LinkedIn record: only the whole label
    ("linkedin:Basic_LinkedInDataExport.zip") was taken."""
    db = tmp_path / "k.sqlite"
    card = tmp_path / "dana.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Dana R.\nEMAIL:dana@home.example\nEND:VCARD\n", encoding="utf-8")
    kithkin(db, "person", "add", "Dana Reyes", "--email", "dana@work.example")
    kithkin(db, "import", str(card))
    kithkin(db, "merge", "Dana Reyes", "Dana R.")
    assert "split off Dana R." in kithkin(db, "unmerge", "Dana Reyes", "--source", "vcard")
    assert sorted(p["name"] for p in json.loads(kithkin(db, "person", "list", "--json"))) == ["Dana R.", "Dana Reyes"]


def test_a_merge_says_what_it_sets_aside_and_keeps_one_cadence(tmp_path: Path) -> None:
    """A merged duplicate's "every 90 days" silently replaced "every 30 days (everyone tagged inner-circle)", and the
    absorbed birthday was set aside without a word; two people's own cadences became two rows, either applying."""
    db = tmp_path / "k.sqlite"
    kithkin(db, "person", "add", "Richard Watson", "--tag", "inner-circle")
    kithkin(db, "person", "add", "Rich Watson")
    kithkin(db, "person", "add", "Ann Able")
    kithkin(db, "person", "add", "Ann A.")
    kithkin(db, "cadence", "--tag", "inner-circle", "30d")
    kithkin(db, "cadence", "Rich Watson", "3m")
    kithkin(db, "person", "edit", "Richard Watson", "--birthday", "1980-06-15")
    kithkin(db, "person", "edit", "Rich Watson", "--birthday", "1980-06-14")
    said = kithkin(db, "merge", "Richard Watson", "Rich Watson")
    assert "the birthdays differ: Richard Watson's (1980-06-15) is kept, Rich Watson's (1980-06-14) set aside" in said
    assert "Rich Watson's keep-in-touch, every 90 days, becomes Richard Watson's (was: every 30 days (everyone " in said
    kithkin(db, "cadence", "Ann Able", "30d")
    kithkin(db, "cadence", "Ann A.", "2w")
    said = kithkin(db, "merge", "Ann Able", "Ann A.")
    assert "Ann Able's keep-in-touch, every 30 days, stays; Ann A.'s (every 14 days) is set aside" in said
    with Store.open(db) as store:
        [ann] = [p for p in store.list_people() if p.name == "Ann Able"]
        assert store.cadence_of(ann.id or 0) == (30, None)
    kithkin(db, "unmerge", "Ann Able")
    with Store.open(db) as store:
        [back] = [p for p in store.list_people() if p.name == "Ann A."]
        assert store.cadence_of(back.id or 0) == (14, None)  # given back
