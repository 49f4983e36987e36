"""`kithkin common`, `find` and `brief` through the CLI, on real files: a store, a real invite, the outputs."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from shared_data import sample

runner = CliRunner()


def kithkin(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.sqlite"
    kithkin(path, "person", "add", "Michael Brennan", "--email", "michael@example.com")
    kithkin(path, "me", "Michael")
    kithkin(path, "person", "add", "James Lal", "--email", "jlal@mozilla.com")
    kithkin(path, "person", "add", "Dana Reyes", "--email", "dana@example.com")
    for who in ("me", "James Lal", "Dana"):
        kithkin(path, "affiliate", who, "employer", "Mozilla", "--from", "2010", "--alias", "Mozilla Corporation")
    kithkin(path, "affiliate", "me", "school", "San Diego State University", "--role", "Marketing",
            "--from", "1998", "--to", "2002", "--alias", "SDSU")  # fmt: skip
    kithkin(path, "affiliate", "Dana", "school", "SDSU", "--role", "marketing", "--from", "1999", "--to", "2003")
    kithkin(path, "tie", "James Lal", "Dana Reyes", "--how", "colleagues")
    kithkin(path, "tie", "me", "James Lal", "--closeness", "4")
    return path


def test_common_json_and_text(db: Path) -> None:
    data = json.loads(kithkin(db, "common", "me", "Dana", "--json"))
    assert data["a"]["name"] == "Michael Brennan"
    sentences = [item["sentence"] for item in data["items"]]
    assert "Both Marketing majors at San Diego State University, overlapping 1999–2002" in sentences
    assert "Both know James Lal" in sentences
    assert data["score"] == pytest.approx(sum(item["weight"] for item in data["items"]))
    text = kithkin(db, "common", "me", "Dana")
    assert "Both Marketing majors" in text
    assert text.splitlines()[-1].startswith("other names of these groups: ")  # was "names matched through aliases",
    assert "San Diego State University = SDSU" in text.splitlines()[-1]  # said of every alias, used or not
    header = next(row for row in text.splitlines() if "in common" in row)
    assert "opener" in header
    assert "'s opener" not in header  # the user's own openers


def test_common_of_two_others_says_whose_openers_they_are(db: Path) -> None:
    """Before: the opener column of `kithkin common Dana James` read as the user's words ("Ask James which team…"),
    though they are Dana's to James."""
    kithkin(db, "person", "add", "Sam Ito")
    kithkin(db, "affiliate", "Sam Ito", "employer", "Mozilla", "--from", "2012")
    text = kithkin(db, "common", "Dana", "Sam Ito")
    header = next(row for row in text.splitlines() if "in common" in row)
    assert "Dana's opener" in header
    # the user named second is still the one spoken to (the web's "compare with me" said "Ask Michael…" to Michael)
    mine = kithkin(db, "common", "Dana", "me")
    assert "'s opener" not in next(row for row in mine.splitlines() if "in common" in row)
    assert json.loads(kithkin(db, "common", "Dana", "me", "--json"))["a"]["name"] == "Michael Brennan"


def test_two_who_know_each_other_are_said_to_and_get_no_openers(db: Path) -> None:
    """Before: comparing Dana and James, colleagues with a tie, offered openers as if they had never met."""
    kithkin(db, "person", "add", "Gregorio Cadena")
    kithkin(db, "person", "add", "Luis Miguel Llamas")
    kithkin(db, "tie", "Luis Miguel Llamas", "Dana", "--how", "introduced by a friend", "--since", "2015",
            "--introduced-by", "Gregorio")  # fmt: skip
    for who in ("Luis Miguel", "Dana"):
        kithkin(db, "affiliate", who, "employer", "Mozilla", "--from", "2012")
    text = kithkin(db, "common", "Dana", "Luis Miguel")
    assert (
        "Dana and Luis Miguel already know each other (introduced by a friend) since 2015; Gregorio Cadena "
        "introduced them." in " ".join(text.split())
    )
    header = next(row for row in text.splitlines() if "in common" in row)
    assert "opener" not in header
    data = json.loads(kithkin(db, "common", "Dana", "Luis Miguel", "--json"))
    assert (data["tie"]["how"], data["introducer"]) == ("introduced by a friend", "Gregorio Cadena")
    assert json.loads(kithkin(db, "common", "me", "Dana", "--json"))["tie"] is None


def test_find_json(db: Path) -> None:
    found = json.loads(kithkin(db, "find", "--school", "SDSU", "--role", "Marketing", "--from", "1995", "--to", "2005",
                               "--json"))  # fmt: skip
    assert {f["person"]["name"] for f in found} == {"Michael Brennan", "Dana Reyes"}
    ranked = json.loads(kithkin(db, "find", "--shares-with", "me", "--json"))
    assert ranked[0]["person"]["name"] == "Dana Reyes"
    assert ranked[0]["score"] > ranked[-1]["score"]


def test_find_mistake_is_one_line(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "find", "--school", "Hogwarts"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no school called 'Hogwarts' in your network"


def test_brief_a_real_invite(db: Path) -> None:
    out = kithkin(db, "brief", str(sample("recur_instances_finite.ics")), "--format", "json")
    view = json.loads(out)
    assert view["title"] == "Crazy Event Thingy!"
    assert [e["person"]["name"] for e in view["entries"]] == ["James Lal"]  # matched by email
    assert view["entries"][0]["headline"] == "Mozilla"
    strangers = {s["email"]: s["guess"] for s in view["strangers"]}
    assert strangers["calmozilla1@gmail.com"] == "personal email address"
    assert strangers["james@lightsofapollo.com"] == "email at lightsofapollo.com"


def test_brief_markdown_and_self_contained_html(db: Path, tmp_path: Path) -> None:
    md = kithkin(db, "brief", "--people", "Dana, James Lal, someone@mozilla.com", "--format", "markdown")
    assert md.startswith("# Briefing: Your gathering\n")
    assert "## Dana Reyes" in md
    # before: "3 people you know have worked there" — the user and Dana, whom the user has no tie to, counted
    assert (
        "- someone@mozilla.com — probably works at Mozilla (mozilla.com); 1 person you know has worked there (2 on "
        "file, and you)" in md
    )
    page = tmp_path / "brief.html"
    kithkin(db, "brief", "--people", "Dana,James Lal", "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.external: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name in ("src", "href") and value:
                    self.external.append(value)

    parser = Links()
    parser.feed(html)
    assert parser.external == []  # nothing to fetch: one file a phone can open
    assert "<h2>Dana Reyes</h2>" in html
    assert "<script" not in html


def test_brief_escapes_names_in_html(db: Path, tmp_path: Path) -> None:
    kithkin(db, "person", "add", "Eve <script>alert(1)</script>")
    page = tmp_path / "b.html"
    kithkin(db, "brief", "--people", "Eve", "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "Eve &lt;script&gt;" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", str(sample("calendars__small_bad_calendar.ics"))], "calendars__small_bad_calendar.ics"),
        (["brief", str(sample("calendars__bom_calendar.ics"))], "has no VEVENT"),
        (["brief", "--people", "Nobody Atall"], "no person matches 'Nobody Atall'"),
        (["brief"], "brief one thing"),
    ],
)
def test_brief_mistakes_are_one_line(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_brief_an_invite_with_no_attendees(db: Path, tmp_path: Path) -> None:
    invite = tmp_path / "solo.ics"
    invite.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART:20250101T100000Z\r\nSUMMARY:Solo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--db", str(db), "brief", str(invite)])
    assert result.exit_code == 1
    assert "has no attendees" in result.stderr


@pytest.mark.parametrize(("today", "said"), [("2030-04-01", "Both going to"), ("2030-06-01", "Both attended")])
def test_common_tells_the_tense_by_kithkin_today(db: Path, today: str, said: str) -> None:
    for who in ("me", "Dana", "James Lal"):
        kithkin(db, "affiliate", who, "event", "Founders dinner", "--from", "2030-05-01")
    result = runner.invoke(app, ["--db", str(db), "common", "me", "Dana", "--json"], env={"KITHKIN_TODAY": today})
    assert result.exit_code == 0, result.output
    sentences = [item["sentence"] for item in json.loads(result.stdout)["items"]]
    assert f"{said} Founders dinner" in sentences


def test_common_joins_a_promotion_into_one_time_at_the_employer(db: Path) -> None:
    """The demo's Michael and Dana were said to overlap at Qualcomm 2006–2009: his two rows (a promotion)
    were each compared with hers alone. Through the store, as the person page and briefings read them."""
    kithkin(db, "affiliate", "me", "employer", "Qualcomm", "--role", "Coordinator", "--from", "2002", "--to", "2006")
    kithkin(db, "affiliate", "me", "employer", "Qualcomm", "--role", "Manager", "--from", "2006", "--to", "2011")
    kithkin(db, "affiliate", "Dana", "employer", "Qualcomm", "--role", "Engineer", "--from", "2003", "--to", "2009")
    sentences = [item["sentence"] for item in json.loads(kithkin(db, "common", "me", "Dana", "--json"))["items"]]
    assert "Colleagues at Qualcomm, overlapping 2003–2009" in sentences
