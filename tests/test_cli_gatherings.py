"""`kithkin gathering plan` and `kithkin gathering match` through the CLI, on the Davis Southern Women store."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from test_services_gatherings import HOST, davis_store

runner = CliRunner()


def kithkin(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.stdout


def fails(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    return result.stderr.strip()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "davis.sqlite"
    davis_store(path).close()
    return path


def test_plan_json_and_text(db: Path) -> None:
    data = json.loads(kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "6", "--exact", "--tables", "2",
                              "--json"))  # fmt: skip
    assert len(data["guests"]) == 6
    assert all(g["reason"] for g in data["guests"])
    assert data["pool"] == 18
    assert data["value"] <= data["exact_value"] + 1e-9
    assert 0 <= data["gap"] <= 0.02
    assert sorted(len(t) for t in data["tables"]) == [3, 3]
    intro = data["introductions"][0]
    assert intro["why"]
    assert intro["opener"]
    text = kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "6", "--exact")
    assert "Introductions to make" in text
    assert "Value of the new connections" not in text  # a bare number nobody can read
    assert re.search(r"\n\d+ pairs of guests have something in common and no recorded tie; ", text)
    assert "short of the best list possible" in text or "no other list does better" in text


@pytest.mark.parametrize(("seats", "together"), [("10", 7), ("6", 3)])
def test_plan_seats_the_people_to_introduce_at_one_table(db: Path, seats: str, together: int) -> None:
    """Ten guests at two tables: all seven introductions can be made at their tables; six: the first three."""
    data = json.loads(kithkin(db, "gathering", "plan", "--host", HOST, "--seats", seats, "--tables", "2", "--json"))
    table_of = {p["id"]: number for number, table in enumerate(data["tables"]) for p in table}
    pairs = [(i["a"]["id"], i["b"]["id"]) for i in data["introductions"]]
    assert all(table_of[a] == table_of[b] for a, b in pairs[:together])


def test_plan_says_where_each_pair_to_introduce_sits(db: Path) -> None:
    """Six guests at two tables: five introductions, not all at one table; each says where its two sit."""
    data = json.loads(kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "6", "--tables", "2", "--json"))
    table_of = {p["id"]: number for number, table in enumerate(data["tables"], start=1) for p in table}
    apart = 0
    for intro in data["introductions"]:
        a, b = table_of[intro["a"]["id"]], table_of[intro["b"]["id"]]
        if a == b:
            assert intro["seating"] == f"both sit at table {a}"
        else:
            apart += 1
            tables = f"{min(a, b)} and {max(a, b)}"
            assert intro["seating"] == f"they sit at tables {tables} — introduce them before everyone sits down"
    assert apart > 0
    text = kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "6", "--tables", "2")
    assert "— introduce them before everyone sits down)" in text
    unseated = json.loads(kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "6", "--json"))
    assert all(intro["seating"] is None for intro in unseated["introductions"])


def test_plan_writes_an_invitation(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITHKIN_TODAY", "2025-04-01")
    invite = tmp_path / "party.ics"
    out = kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--goal", "bridge the circles",
                  "--ics", str(invite), "--title", "Spring tea", "--on", "2025-04-12")  # fmt: skip
    assert f"invitation for 5 guests (Sat 12 Apr 2025, all day) written to {invite}" in out
    event = icalendar.Calendar.from_ical(invite.read_bytes()).walk("VEVENT")[0]
    assert str(event["summary"]) == "Spring tea"
    assert event.decoded("dtstart").isoformat() == "2025-04-12"
    assert event["organizer"].params["CN"] == HOST
    assert "no email on file" in str(event["description"])  # the Davis women have no emails
    again = tmp_path / "again.ics"
    kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--ics", str(again), "--title", "Spring tea",
            "--on", "2025-04-12")  # fmt: skip
    assert icalendar.Calendar.from_ical(again.read_bytes()).walk("VEVENT")[0]["uid"] == event["uid"]  # stable UID
    # a time and a place: the invitation was all day and said nowhere
    timed = tmp_path / "timed.ics"
    said = kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--ics", str(timed), "--on", "2025-04-12",
                   "--at", "10pm", "--until", "1:00", "--where", "The Tipsy Crow")  # fmt: skip
    assert f"(Sat 12 Apr 2025, 22:00–01:00 (the next day), at The Tipsy Crow) written to {timed}" in said
    event = icalendar.Calendar.from_ical(timed.read_bytes()).walk("VEVENT")[0]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        dt.datetime(2025, 4, 12, 22), dt.datetime(2025, 4, 13, 1)
    )  # fmt: skip
    assert str(event["location"]) == "The Tipsy Crow"
    two = kithkin(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--ics", str(timed), "--on", "2025-04-12",
                  "--at", "18:30")  # fmt: skip
    assert "(Sat 12 Apr 2025, 18:30–20:30 (2 hours: no end given))" in two
    past = fails(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--ics", str(timed), "--on", "2025-03-12")
    assert past == "error: 12 March 2025 is before today: an invitation is for a day to come"
    assert fails(db, "gathering", "plan", "--host", HOST, "--seats", "5", "--on", "2025-04-12").startswith(
        "error: --on, --at, --until, --where and --title are the invitation's: add --ics FILE"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "Nobody Here", "--seats", "4"], "error: no person matches 'Nobody Here'"),
        (["--host", HOST, "--seats", "30"], "error: 30 seats but only 18 people to invite"),
        (["--host", HOST, "--seats", "4", "--must", "Nora", "--never", "Nora"],
         "error: someone is both a must-invite and a never-invite"),
        (["--host", HOST, "--seats", "4", "--community", "Chess Club"],
         "error: no community called 'Chess Club' in your network"),
        (["--host", HOST, "--seats", "4", "--pool", "nobody"],
         "error: the pool of people to invite is empty: add ties, or loosen --pool/--city/--community"),
        (["--host", HOST, "--seats", "4", "--apart", "Nora"],
         "error: --apart takes two people separated by a comma, not 'Nora'"),
    ],
)  # fmt: skip
def test_bad_plans_are_one_line_and_write_nothing(db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    invite = tmp_path / "x.ics"
    assert fails(db, "gathering", "plan", *args, "--ics", str(invite), "--on", "2025-04-12") == message
    assert not invite.exists()


def test_match_rounds_history_and_opt_out(db: Path) -> None:
    club = "Davis Women's Club"
    dry = json.loads(
        kithkin(db, "gathering", "match", "--community", club, "--on", "2025-01-01", "--dry-run", "--json")
    )
    assert dry["round_id"] is None
    assert len(dry["pairs"]) == 9
    small = kithkin(db, "gathering", "match", "--community", club, "--pairs", "3", "--dry-run", "--json")
    assert (len(json.loads(small)["pairs"]), len(json.loads(small)["sat_out"])) == (3, 12)
    assert "no rounds yet" in kithkin(db, "gathering", "match", "--community", club, "--history")
    first = json.loads(kithkin(db, "gathering", "match", "--community", club, "--on", "2025-01-01", "--json"))
    assert first["round_id"] == 1
    made = {frozenset((p["a"]["name"], p["b"]["name"])) for p in first["pairs"]}
    assert "opted out of Davis Women's Club" in kithkin(db, "gathering", "match", "--community", club,
                                                        "--opt-out", "Flora Price")  # fmt: skip
    second = json.loads(kithkin(db, "gathering", "match", "--community", club, "--on", "2025-02-01", "--json"))
    assert not made & {frozenset((p["a"]["name"], p["b"]["name"])) for p in second["pairs"]}
    assert len(second["sat_out"]) == 1
    assert second["opted_out"] == 1
    history = kithkin(db, "gathering", "match", "--community", club, "--history")
    assert "Wed 1 Jan 2025 (round #1)" in history
    assert "sat out" in history
    # a round recorded by mistake is forgotten from the CLI too (it was the web page's alone): its pairs free again
    assert kithkin(db, "gathering", "match", "--community", club, "--forget", "#2") == (
        "forgot the round of 1 February 2025: its pairs may be made again\n"
    )
    assert "round #2" not in kithkin(db, "gathering", "match", "--community", club, "--history")
    assert (
        fails(db, "gathering", "match", "--community", club, "--forget", "#2")
        == "error: Davis Women's Club has no round #2"
    )
    assert fails(db, "gathering", "match", "--community", club, "--forget", "second").startswith(
        "error: 'second' is not a round's id"
    )
    third = json.loads(kithkin(db, "gathering", "match", "--community", club, "--on", "2025-02-01", "--json"))
    assert third["round_id"] == 3  # never a forgotten round's id again: "#2" must not come to name another round
    assert {frozenset((p["a"]["name"], p["b"]["name"])) for p in third["pairs"]} == {
        frozenset((p["a"]["name"], p["b"]["name"])) for p in second["pairs"]
    }
    assert (
        fails(db, "gathering", "match", "--community", "Chess Club")
        == "error: no community called 'Chess Club' in your network"
    )


def test_a_goal_to_reach_someone_invites_them_with_a_friend_and_introduces_the_host_first(tmp_path: Path) -> None:
    from kithkin import services

    demo = tmp_path / "demo.sqlite"
    services.build_demo(demo, size=300, seed=7)
    data = json.loads(kithkin(demo, "gathering", "plan", "--host", "me", "--seats", "7", "--goal",
                              "help me reach Dana Reyes", "--json"))  # fmt: skip
    guests = {g["person"]["name"]: g["reason"] for g in data["guests"]}
    # Dana is not the host's contact, yet comes: with Hui-Ling, her neighbour and the host's friend.
    assert guests["Dana Reyes"].startswith("the person you want to reach")
    assert guests["Hui-Ling Chen"].startswith("knows Dana Reyes, whom you want to reach")
    # "knows X" names every guest known, or says how many more ("knows Mei-Yu Su" left out Jennifer Watts)
    import re

    from kithkin.store import Store

    with Store.open(demo, create=False) as store:
        ids = {p["person"]["name"]: p["person"]["id"] for p in data["guests"]}
        for name, reason in guests.items():
            found = re.search(r"(?:^|; )knows (.+?)(?: and (\d+) other guests?)?(?:;|$)", reason)
            if found is None or "whom you want to reach" in reason:
                continue
            known = {n for n, pid in ids.items() if n != name and store.get_tie(ids[name], pid) is not None}
            assert found[1] in known, (name, reason)
            assert len(known) == 1 + int(found[2] or 0), (name, reason, known)
    first = data["introductions"][0]
    assert (first["a"]["name"], first["b"]["name"]) == ("Michael Brennan", "Dana Reyes")
    assert first["why"] == "the person you want to reach; Hui-Ling Chen knows them; both know Silvano Cabrera"
    assert first["opener"].startswith("Ask Hui-Ling to introduce you to Dana")
    # At tables, the host has no seat of their own: the introduction says where the one they meet sits.
    seated = json.loads(kithkin(demo, "gathering", "plan", "--host", "me", "--seats", "7", "--tables", "2",
                                "--goal", "help me reach Dana Reyes", "--json"))  # fmt: skip
    table = next(n for n, t in enumerate(seated["tables"], start=1) if "Dana Reyes" in {p["name"] for p in t})
    assert "Michael Brennan" not in {p["name"] for t in seated["tables"] for p in t}
    assert seated["introductions"][0]["seating"] == f"Dana Reyes sits at table {table}"


def test_an_exact_solve_stopped_at_its_time_limit_is_not_called_the_best(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kithkin.services import gatherings

    monkeypatch.setattr(gatherings, "EXACT_SECONDS", 0.01)
    text = kithkin(demo_copy, "gathering", "plan", "--host", "me", "--seats", "7", "--exact")
    assert "the exact solver stopped at 0.01 s without a proof: at most " in text
    assert "no other list does better" not in text
    data = json.loads(kithkin(demo_copy, "gathering", "plan", "--host", "me", "--seats", "7", "--exact", "--json"))
    assert data["proved"] is False
    assert data["exact_bound"] >= data["exact_value"] >= data["value"] - 1e-9
