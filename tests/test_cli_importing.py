"""`kithkin import`, `export`, `merges`, `unmerge` end to end on the real sample files, through the CLI."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.store import Store
from shared_data import OWN, TWITTER, sample

runner = CliRunner()


def kithkin(db: pathlib.Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == code, result.output
    return result.output


def dump(db: pathlib.Path) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(db) as store:
        return {t: list(store.table_rows(t)[1]) for t in store.data_tables() if t != "meta"}


@pytest.fixture
def linkedin(tmp_path: pathlib.Path) -> pathlib.Path:
    """A LinkedIn export folder as LinkedIn names its files."""
    folder = tmp_path / "Basic_LinkedInDataExport"
    folder.mkdir()
    for name in ("Connections", "Positions", "Profile"):
        shutil.copy(sample(f"CareerManager__{name}.csv"), folder / f"{name}.csv")
    return folder


def test_linkedin_export_folder_imports_you_your_connections_and_ties(
    tmp_path: pathlib.Path, linkedin: pathlib.Path
) -> None:
    db = tmp_path / "k.sqlite"
    report = json.loads(kithkin(db, "import", str(linkedin), "--json"))[0]
    assert report["format"] == "linkedin"
    me = json.loads(kithkin(db, "person", "show", "me", "--json"))
    assert me["person"]["name"] == "James Rothering"
    ada = json.loads(kithkin(db, "person", "show", "Ada Lovelace", "--json"))
    assert ada["person"]["contacts"][0]["value"] == "ada@example.com"
    employers = [a for a in ada["affiliations"] if a["group"]["kind"] == "employer"]
    assert (employers[0]["group"]["name"], employers[0]["role"]) == ("Analytical Engines", "Mathematician")
    assert ada["ties"][0][0]["how"] == "LinkedIn connection"
    assert ada["ties"][0][0]["since"] == "2020-01-16"


def test_reimport_changes_nothing_and_dry_run_writes_nothing(tmp_path: pathlib.Path, linkedin: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    kithkin(db, "import", str(linkedin))
    before = dump(db)
    again = json.loads(kithkin(db, "import", str(linkedin), "--json"))[0]
    assert again["added"] == again["merged"] == again["updated"] == 0
    assert dump(db) == before
    google = OWN / "google" / "contacts_current.csv"
    preview = json.loads(kithkin(db, "import", str(google), "--dry-run", "--json"))[0]
    assert preview["dry_run"] is True
    assert preview["added"] > 0
    assert dump(db) == before


def test_bad_files_give_one_line_and_change_nothing(tmp_path: pathlib.Path, linkedin: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    kithkin(db, "import", str(linkedin))
    before = dump(db)
    junk = tmp_path / "junk.vcf"
    junk.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    output = kithkin(db, "import", str(junk), code=1)
    assert output.startswith("error: ")
    assert "junk.vcf" in output
    assert "Traceback" not in output
    broken = tmp_path / "Connections.csv"
    broken.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Ruiz,,,,,31 Foo 2020\n"
    )
    output = kithkin(db, "import", str(google_copy(tmp_path)), str(broken), "--strict", code=1)
    assert "Connections.csv, line 2" in output
    assert "--strict" in output
    assert dump(db) == before
    assert "cannot tell which format" in kithkin(db, "import", str(write(tmp_path / "x.txt", "hello\n")), code=1)


def google_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    target = tmp_path / "google.csv"
    shutil.copy(OWN / "google" / "contacts_current.csv", target)
    return target


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.write_text(text, encoding="utf-8")
    return path


def every_format(tmp_path: pathlib.Path, linkedin: pathlib.Path) -> list[str]:
    """One real sample of each import format."""
    return [
        str(linkedin),
        str(TWITTER),
        str(google_copy(tmp_path)),
        str(sample("gmail-list.vcf")),
        str(sample("John_Doe_IPHONE.vcf")),
        str(sample("valid__incoming.ics")),
        str(sample("recur_instances_finite.ics")),
        str(OWN / "directory" / "alumni.csv"),
    ]


def test_every_format_round_trips_through_the_json_backup(tmp_path: pathlib.Path, linkedin: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    reports = json.loads(kithkin(db, "import", *every_format(tmp_path, linkedin), "--json"))
    assert {r["format"] for r in reports} == {"linkedin", "twitter", "google", "vcard", "ics", "directory"}
    assert all(r["records"] > 0 for r in reports)
    backup = tmp_path / "backup.json"
    kithkin(db, "export", "--format", "json", "-o", str(backup))
    copy = tmp_path / "copy.sqlite"
    kithkin(copy, "import", str(backup))
    assert dump(copy) == dump(db)


def test_vcard_export_imports_back_with_every_name_and_email(tmp_path: pathlib.Path, linkedin: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    kithkin(db, "import", *every_format(tmp_path, linkedin))
    cards = tmp_path / "everyone.vcf"
    kithkin(db, "export", "--format", "vcard", "-o", str(cards))
    copy = tmp_path / "copy.sqlite"
    kithkin(copy, "import", str(cards))

    def people(path: pathlib.Path) -> set[tuple[str, tuple[str, ...]]]:
        with Store.open(path) as store:
            return {(p.name, tuple(sorted(p.emails))) for p in store.list_people()}

    assert people(copy) == people(db)
    assert (
        json.loads(kithkin(copy, "summary", "--json"))["affiliations"]
        == json.loads(kithkin(db, "summary", "--json"))["affiliations"]
    )


def test_merges_accept_and_unmerge_through_the_cli(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    first = write(tmp_path / "a.csv", "Full Name,Email,Company,City\nDana Reyes,dana@a.com,Qualcomm,San Diego\n")
    second = write(tmp_path / "b.csv", "Full Name,Email,Company,City\nDiana Reyes,diana@b.com,Qualcomm,Carlsbad\n")
    kithkin(db, "import", str(first), str(second), "--format", "directory")
    listing = json.loads(kithkin(db, "merges", "--json"))
    assert len(listing) == 1
    assert "Qualcomm" in listing[0]["proposal"]["reason"]
    kithkin(db, "merges", "accept", str(listing[0]["proposal"]["id"]))
    assert json.loads(kithkin(db, "summary", "--json"))["people"] == 1
    assert "b.csv" in kithkin(db, "unmerge", "Dana Reyes", "--list")
    kithkin(db, "unmerge", "Dana Reyes", "--source", "directory:b.csv")
    people = {p["name"] for p in json.loads(kithkin(db, "person", "list", "--json"))}
    assert {"Dana Reyes", "Diana Reyes"} <= people


def test_a_folder_of_cards_and_invites_imports_every_file_it_can_read(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "phone-export"
    (folder / "calendar").mkdir(parents=True)
    shutil.copy(sample("John_Doe_IPHONE.vcf"), folder / "john.vcf")
    shutil.copy(sample("fullcontact.vcf"), folder / "fullcontact.vcf")
    shutil.copy(sample("valid__incoming.ics"), folder / "calendar" / "invite.ics")
    (folder / "README.txt").write_text("exported from my phone\n", encoding="utf-8")
    db = tmp_path / "k.sqlite"
    out = kithkin(db, "import", str(folder), "--json")
    reports = json.loads(out)
    names = sorted(pathlib.Path(r["path"]).relative_to(folder).as_posix() for r in reports)
    assert names == ["calendar/invite.ics", "fullcontact.vcf", "john.vcf"]
    assert {r["format"] for r in reports} == {"ics", "vcard"}
    notes = [n for r in reports for n in r["notices"]]
    assert any(n.startswith("skipped README.txt: ") for n in notes)
    with Store.open(db) as store:
        assert store.count_people() >= 3
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.md").write_text("# hi\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(db), "import", str(empty)])
    assert result.exit_code == 1
    assert "no file in this folder is one kithkin reads" in result.stderr


def test_a_folder_keeps_same_named_files_apart_and_takes_an_export_inside_it_whole(
    tmp_path: pathlib.Path, linkedin: pathlib.Path
) -> None:
    folder = tmp_path / "everything"
    for sub, body in (("work", "TEL:+1 619 555 0100\nORG:Qualcomm\n"), ("personal", "CATEGORIES:climbing\n")):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "contacts.vcf").write_text(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Dana Reyes\nEMAIL:dana@example.com\n{body}END:VCARD\n", encoding="utf-8"
        )
    shutil.copytree(linkedin, folder / "Basic_LinkedInDataExport")
    (folder / "notes.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip: not a LinkedIn export
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    db = tmp_path / "k.sqlite"
    reports = json.loads(kithkin(db, "import", str(folder), "--json"))
    assert {(pathlib.Path(r["path"]).relative_to(folder).as_posix(), r["format"]) for r in reports} == {
        ("Basic_LinkedInDataExport", "linkedin"), ("personal/contacts.vcf", "vcard"), ("work/contacts.vcf", "vcard")
    }  # fmt: skip
    notes = [n for r in reports for n in r["notices"]]
    assert "skipped notes.zip: an archive that is not a LinkedIn or X export" in notes
    again = json.loads(kithkin(db, "import", str(folder), "--json"))  # the same folder again changes nothing
    assert all(r["added"] == r["updated"] == 0 for r in again)
    with Store.open(db) as store:
        dana = store.search_people("Dana Reyes")[0]
        assert dana.id is not None
        profile = {a.group.name for a in store.affiliations_of(dana.id)}
        assert "Qualcomm" in profile  # the work card's facts survive the personal card's
    only_cards = runner.invoke(app, ["--db", str(db), "import", str(folder / "work"), "--format", "vcard"])
    assert only_cards.exit_code == 0, only_cards.output


def test_linkedin_profile_is_read_first_whatever_order_the_files_come_in(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    positions, profile = (sample(f"CareerManager__{n}.csv") for n in ("Positions", "Profile"))
    reports = json.loads(kithkin(db, "import", str(positions), str(profile), "--json"))
    assert [pathlib.Path(r["path"]).name for r in reports] == [profile.name, positions.name]
    with Store.open(db) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        assert store.affiliations_of(me.id)  # the positions landed on "you", named by Profile.csv


def test_a_dry_run_does_not_send_the_user_to_review_merges_it_never_saved(tmp_path: pathlib.Path) -> None:
    """Before: "1 merge to review … Review the proposed merges with `kithkin merges`", which then had none."""
    db = tmp_path / "k.sqlite"
    kithkin(db, "person", "add", "Dana Reyes", "--email", "dana@a.example")
    kithkin(db, "affiliate", "Dana Reyes", "employer", "Acme")
    card = tmp_path / "d.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nN:Reyes;Dana;;;\r\nEMAIL:dana@b.example\r\n"
                    "ORG:Acme\r\nEND:VCARD\r\n", encoding="utf-8")  # fmt: skip
    said = kithkin(db, "import", str(card), "--dry-run")
    assert "1 merge it would propose" in said
    assert "The import would propose 1 merge for review (a dry run saves none)." in said
    assert "kithkin merges" not in said
    assert "No merges to review." in kithkin(db, "merges")
    assert "Review the proposed merges with `kithkin merges`." in kithkin(db, "import", str(card))


def test_strict_does_not_say_what_it_would_have_kept(tmp_path: pathlib.Path) -> None:
    """Before: "… the card is never closed … what the card had is kept (--strict: nothing imported)"."""
    db = tmp_path / "k.sqlite"
    cut = tmp_path / "cut.vcf"
    cut.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n", encoding="utf-8")
    said = kithkin(db, "import", str(cut), "--strict", code=1)
    assert "END:VCARD missing" in said
    assert "(--strict: nothing imported)" in said
    assert "is kept" not in said
    assert "what the card had is kept" in kithkin(db, "import", str(cut))
