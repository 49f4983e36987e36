"""X/Twitter archive: the real follower.js / following.js in tests/data/twitter, then hostile files."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind
from kithkin.sources import twitter
from kithkin.sources.detection import detect_format
from kithkin.sources.records import ME, Follow, Item, Link, Notice, Record
from shared_data import TWITTER, sample


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def ids_in(path: Path) -> list[str]:
    """Account ids found by a regular expression, independently of the parser."""
    return re.findall(r'"accountId" : "(\d+)"', path.read_text(encoding="utf-8"))


def write_js(folder: Path, name: str, kind: str, entries: list[dict[str, str]], part: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    body = json.dumps([{kind: entry} for entry in entries], indent=2)
    path.write_text(f"window.YTD.{kind}.part{part} = {body}", encoding="utf-8")
    return path


def entry(account_id: str, **extra: str) -> dict[str, str]:
    return {"accountId": account_id, "userLink": f"https://twitter.com/intent/user?user_id={account_id}", **extra}


# --- the real archive -----------------------------------------------------------------------------


def test_real_archive_gives_exactly_the_mutual_follows_in_following_order() -> None:
    following, follower = ids_in(sample("following.js")), set(ids_in(sample("follower.js")))
    expected = [account for account in following if account in follower]
    assert len(expected) == 36

    items = list(twitter.parse(TWITTER))

    people = [r for r in records(items) if r.key in {f"x:{a}" for a in expected}]
    assert [r.key for r in people] == [f"x:{account}" for account in expected]
    assert people[0] == Record(
        "x:18086138",
        "X account 18086138",
        contacts=(Contact(ContactKind.URL, "https://twitter.com/intent/user?user_id=18086138"),),
    )
    assert [item for item in items if isinstance(item, Link)] == [
        Link(ME, r.key, how="mutual follow on X") for r in people
    ]
    # Issue 16: one-way follows were dropped (a notice only); each is now a person with a Follow, not a tie.
    follows = [item for item in items if isinstance(item, Follow)]
    assert (sum(not f.follows_me for f in follows), sum(f.follows_me for f in follows)) == (43, 728)
    assert {f.key for f in follows}.isdisjoint(r.key for r in people)
    assert len(records(items)) == 36 + 43 + 728
    # none has a name in the archive: said (807 "X account …" people arrived without a word)
    assert [n.message for n in items if isinstance(n, Notice)] == [
        "807 accounts the archive names only by their X id (follower.js and following.js give no name): kept as "
        "'X account …' with a link to their profile; rename them as you recognise them"
    ]


def test_one_file_reads_its_sibling_and_the_archive_folder_reads_data(tmp_path: Path) -> None:
    archive = tmp_path / "twitter-2023-08-01"
    shutil.copytree(TWITTER, archive / "data")

    from_file = list(twitter.parse(archive / "data" / "following.js"))
    from_archive = list(twitter.parse(archive))

    assert from_file == from_archive == list(twitter.parse(TWITTER))


def test_names_and_handles_when_the_archive_has_them(tmp_path: Path) -> None:
    write_js(tmp_path, "following.js", "following", [entry("1", screenName="danar", name="Dana  Reyes"), entry("2")])
    write_js(tmp_path, "follower.js", "follower", [entry("2", screenName="bo_chen"), entry("1"), entry("3")])

    items = list(twitter.parse(tmp_path))

    assert records(items) == [
        Record(
            "x:1",
            "Dana Reyes",
            contacts=(
                Contact(ContactKind.URL, "https://twitter.com/intent/user?user_id=1"),
                Contact(ContactKind.HANDLE, "danar", "x"),
            ),
        ),
        Record(
            "x:2",
            "bo_chen",
            contacts=(
                Contact(ContactKind.URL, "https://twitter.com/intent/user?user_id=2"),
                Contact(ContactKind.HANDLE, "bo_chen", "x"),
            ),
        ),
        Record("x:3", "X account 3", contacts=(Contact(ContactKind.URL, "https://twitter.com/intent/user?user_id=3"),)),
    ]
    assert [item for item in items if isinstance(item, Follow)] == [Follow("x:3", follows_me=True, network="X")]


def test_parts_are_read_together_and_account_js_is_the_user(tmp_path: Path) -> None:
    write_js(tmp_path, "following.js", "following", [entry("1")])
    write_js(tmp_path, "following-part1.js", "following", [entry("2")], part=1)
    write_js(tmp_path, "follower.js", "follower", [entry("2"), entry("1")])
    account = {"email": "me@example.com", "username": "me_on_x", "accountId": "9", "accountDisplayName": "Me Myself"}
    write_js(tmp_path, "account.js", "account", [account])

    items = list(twitter.parse(tmp_path))

    assert items[0] == Record(
        ME,
        "Me Myself",
        contacts=(Contact(ContactKind.HANDLE, "me_on_x", "x"), Contact(ContactKind.EMAIL, "me@example.com")),
        is_me=True,
    )
    assert [r.key for r in records(items)[1:]] == ["x:1", "x:2"]


def test_sniff_reads_the_wrapper_not_the_name() -> None:
    assert twitter.sniff((sample("follower.js")).read_text(encoding="utf-8")[:65536], "follower.js")
    assert not twitter.sniff("window.YTD.tweets.part0 = [", "following.js")
    assert not twitter.sniff("First Name,Last Name\n", "following.js")


# --- malformed and hostile files ------------------------------------------------------------------


def test_a_wrapper_that_is_not_window_ytd_is_refused(tmp_path: Path) -> None:
    (tmp_path / "following.js").write_text('var following = [{"following": {"accountId": "1"}}]')

    with pytest.raises(SourceError, match=r"following\.js, line 1: does not start with window\.YTD"):
        list(twitter.parse(tmp_path))


def test_the_wrong_list_in_a_file_is_refused(tmp_path: Path) -> None:
    write_js(tmp_path, "following.js", "tweets", [entry("1")])

    with pytest.raises(SourceError, match=r"holds window\.YTD\.tweets, expected window\.YTD\.following"):
        list(twitter.parse(tmp_path))


def test_deep_nesting_is_a_clear_error_not_a_recursion_error(tmp_path: Path) -> None:
    (tmp_path / "following.js").write_text("window.YTD.following.part0 = " + "[" * 200_000 + "]" * 200_000)

    with pytest.raises(SourceError, match="nested too deeply"):
        list(twitter.parse(tmp_path))


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "follower.js").write_text(
        'window.YTD.follower.part0 = [\n  {\n    "follower" : {\n      "accountId" : 1,,\n'
    )

    with pytest.raises(SourceError) as caught:
        list(twitter.parse(tmp_path))
    assert caught.value.line == 4
    assert "not valid JSON" in str(caught.value)


@pytest.mark.parametrize(
    ("inner", "field"),
    [({"userLink": "https://twitter.com/x"}, "accountId"), ({"accountId": "12; DROP"}, "accountId"), ("1", "follower")],
)
def test_entries_without_a_numeric_account_id_are_refused(tmp_path: Path, inner: object, field: str) -> None:
    body = json.dumps([{"follower": {"accountId": "5"}}, {"follower": inner}])
    (tmp_path / "follower.js").write_text(f"window.YTD.follower.part0 = {body}")

    with pytest.raises(SourceError, match="entry 2") as caught:
        list(twitter.parse(tmp_path))
    assert caught.value.field == field


def test_binary_junk_and_oversized_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk" / "following.js"
    junk.parent.mkdir()
    junk.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    with pytest.raises(SourceError, match="binary"):
        list(twitter.parse(junk.parent))

    big = write_js(tmp_path / "big", "following.js", "following", [entry(str(n)) for n in range(2000)])
    monkeypatch.setattr(twitter, "MAX_BYTES", 10_000)
    with pytest.raises(SourceError, match="larger than 200 MB"):
        list(twitter.parse(big))


def test_a_folder_without_follow_files(tmp_path: Path) -> None:
    (tmp_path / "tweets.js").write_text("window.YTD.tweets.part0 = []")

    with pytest.raises(SourceError, match=r"no following\.js, follower\.js or contact\.js"):
        list(twitter.parse(tmp_path))


def test_contact_js_alone_is_sniffed_and_read(tmp_path: Path) -> None:
    """Issue 16: an X archive's contact.js (the uploaded address book) was "cannot tell which format"."""
    from kithkin.sources.detection import detect_format

    path = tmp_path / "contact.js"
    path.write_text(
        'window.YTD.contact.part0 = [ {\n  "contact" : {\n    "id" : "1234",\n'
        '    "emails" : [ "ana.lima@example.com" ],\n    "phoneNumbers" : [ "+14155550100" ]\n  }\n}, {\n'
        '  "contact" : {\n    "id" : "5678",\n    "emails" : [ ],\n    "phoneNumbers" : [ "+442079460000" ]\n  }\n'
        '}, {\n  "contact" : {\n    "id" : "9",\n    "emails" : [ ],\n    "phoneNumbers" : [ ]\n  }\n} ]\n',
        encoding="utf-8",
    )
    assert detect_format(path) == "twitter"
    items = list(twitter.parse(path))
    assert [(r.key, r.name, r.contacts) for r in records(items)] == [
        (
            "x-contact:1234",
            "Ana Lima",
            (Contact(ContactKind.EMAIL, "ana.lima@example.com"), Contact(ContactKind.PHONE, "+14155550100")),
        ),
        ("x-contact:5678", "+442079460000", (Contact(ContactKind.PHONE, "+442079460000"),)),
    ]
    assert [n.message for n in items if isinstance(n, Notice)] == [
        "1 entries of contact.js without an email or phone skipped"
    ]


# --- the archive's .zip ---------------------------------------------------------------------------


def _zipped(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "twitter-2023-08-01.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_the_zip_reads_as_its_folder_and_nothing_else_in_it(tmp_path: Path) -> None:
    path = _zipped(
        tmp_path,
        {
            "data/following.js": sample("following.js").read_bytes(),
            "data/follower.js": sample("follower.js").read_bytes(),
            "data/tweets.js": b"window.YTD.tweets.part0 = [ not read ]",
            "../../follower.js": b"window.YTD.follower.part0 = []",  # a second copy, by a hostile path: ignored
            "assets/images/x.png": b"\x89PNG",
        },
    )
    assert list(twitter.parse(path)) == list(twitter.parse(TWITTER))
    assert detect_format(path) == "twitter"


def test_a_bad_file_in_the_zip_is_named_as_the_member(tmp_path: Path) -> None:
    path = _zipped(tmp_path, {"data/following.js": b"window.YTD.following.part0 = [ {"})
    with pytest.raises(SourceError, match=r"twitter-2023-08-01\.zip:data/following\.js, line 1: not valid JSON"):
        list(twitter.parse(path))
    empty = _zipped(tmp_path, {"data/tweets.js": b"window.YTD.tweets.part0 = []"})
    with pytest.raises(SourceError, match=r"no following\.js, follower\.js or contact\.js in this archive"):
        list(twitter.parse(empty))
