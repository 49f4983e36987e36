"""`kithkin demo`: builds the demo network, tours it, and every command it suggests to explore runs."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app


@pytest.mark.slow
def test_the_demo_tours_and_every_command_it_suggests_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the suggestions write briefing.html, intro.txt, network.graphml here
    runner = CliRunner()
    db = tmp_path / "demo.sqlite"
    result = runner.invoke(app, ["demo", "--out", str(db)])
    assert result.exit_code == 0, result.output
    assert "Explore it yourself" in result.stdout
    suggested = [line.strip() for line in result.stdout.split("Explore it yourself", 1)[1].splitlines()]
    commands = [shlex.split(line)[1:] for line in suggested if line.startswith("kithkin ")]
    assert len(commands) >= 15
    for args in commands:
        ran = runner.invoke(app, args)
        assert ran.exit_code == 0, f"{shlex.join(args)}\n{ran.output}"
    assert (tmp_path / "intro.txt").read_text(encoding="utf-8").startswith("Hi ")
    assert (tmp_path / "network.graphml").stat().st_size > 0


def test_demo_never_replaces_a_store_of_ones_own_without_force(tmp_path: Path) -> None:
    mine = tmp_path / "mine.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(mine), "person", "add", "Ann Able"]).exit_code == 0
    before = mine.read_bytes()
    refused = runner.invoke(app, ["demo", "--size", "20", "--out", str(mine)])
    assert refused.exit_code == 1
    assert "not a demo" in refused.output
    assert mine.read_bytes() == before
    (tmp_path / ".kithkin-demo-killed.sqlite").write_bytes(b"half a demo")  # what a killed build left
    forced = runner.invoke(app, ["demo", "--size", "20", "--out", str(mine), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not list(tmp_path.glob(".kithkin-demo-*"))
    again = runner.invoke(app, ["demo", "--size", "20", "--out", str(mine)])  # a demo store may be rebuilt
    assert again.exit_code == 0, again.output


def test_demo_samples_writes_files_that_all_import_and_keeps_what_is_there(tmp_path: Path) -> None:
    """Issue 14: the tour's sample files ship with kithkin (no ../shared); a file already there is kept."""
    from kithkin.services.samples import SAMPLES

    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "google.csv").write_text("mine\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--samples", str(folder)])
    assert result.exit_code == 0, result.output
    assert "7 samples written" in " ".join(result.output.split())
    assert (folder / "google.csv").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted(SAMPLES)
    (folder / "google.csv").unlink()
    assert runner.invoke(app, ["demo", "--samples", str(folder)]).exit_code == 0
    db = tmp_path / "k.sqlite"
    report = tmp_path / "report.json"
    files = [str(folder / name) for name in SAMPLES if name != "members.csv"]
    imported = runner.invoke(app, ["--db", str(db), "import", *files, "--strict", "--report", str(report)])
    assert imported.exit_code == 0, imported.output
    members = runner.invoke(app, ["--db", str(db), "import", str(folder / "members.csv"), "--community", "Alumni"])
    assert members.exit_code == 0, members.output
    names = {p["name"] for p in json.loads(runner.invoke(app, ["--db", str(db), "person", "list", "--json"]).output)}
    assert {"Dana Reyes", "Sam Patel", "Priya Shah", "Tom Becker", "John Doe", "Ana Ruiz", "Mei Lin"} <= names


def test_the_demo_story_is_told_from_the_day_it_is_built(tmp_path: Path) -> None:
    """The tour's coming gathering is still to come on the day the demo is run (it was fixed at 20 Nov 2026,
    so from December on the tour called a past party "coming up")."""
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "d.sqlite")], env={"KITHKIN_TODAY": "2027-03-01"})
    assert result.exit_code == 0, result.output
    assert "Today, Mon 1 Mar 2027" in result.stdout
    assert "Happy hour at Hui-Ling's — guest, coming up on 15 Mar 2027" in result.stdout
    assert "Thu 4 Mar 2027 Hui-Ling Chen: Thank Hui-Ling for the invitation" in result.stdout
