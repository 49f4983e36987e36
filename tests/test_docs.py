"""The README stays true: its two set-up commands, and every tour command runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_exactly_the_two_setup_commands() -> None:
    first = _blocks()[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


@pytest.mark.slow
def test_every_tour_command_runs_in_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new user runs it: from an empty folder, nothing from ../shared — the tour writes its own sample
    files (`kithkin demo --samples .`) before importing them."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = str(tmp_path / "tour.sqlite")
    tour = [line.split("  #")[0].strip() for line in _blocks()[1].splitlines() if line.startswith("kithkin")]
    assert len(tour) >= 10
    said: dict[str, str] = {}
    for command in tour:
        args = shlex.split(command)[1:]
        if args[0] == "demo" and "--out" in args:
            args = [*args[: args.index("--out")], "--out", str(tmp_path / "demo.sqlite")]
        result = runner.invoke(app, ["--db", db, *args], env={"KITHKIN_TODAY": "2026-12-05"})
        assert result.exit_code == 0, f"{command}\n{result.output}"
        said[command] = " ".join(result.output.split())
    # On a fresh store the tour shows common ground, and the sample files land as real exports do.
    assert "San Diego State University" in said['kithkin common me "Dana Reyes"']
    assert "Marketing" in said['kithkin common me "Dana Reyes"']
    imported = next(text for command, text in said.items() if command.startswith("kithkin import contacts.vcf"))
    assert "Dana Reyes" in imported  # the card, the LinkedIn row and the X account are the Dana you added
    assert "Sam Patel" in said["kithkin brief invite.ics"]
    assert not (tmp_path / "shared").exists()


@pytest.mark.slow
def test_the_tour_on_the_demo_store_breaks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same tour after `make demo`, on the demo store, where you (Michael Brennan) and Dana Reyes already
    are: adding them again is refused in one line that names `--new`, and every other command runs on the one
    Michael and the one Dana (before, a second Michael made every later step fail with "matches 2 people")."""
    from kithkin.services.demo import build_demo

    monkeypatch.chdir(tmp_path)
    db = tmp_path / "demo.sqlite"
    build_demo(db)
    runner = CliRunner()
    tour = [line.split("  #")[0].strip() for line in _blocks()[1].splitlines() if line.startswith("kithkin")]
    refused, said = [], {}
    for command in tour:
        args = shlex.split(command)[1:]
        if args[0] == "demo" and "--out" in args:
            args = [*args[: args.index("--out")], "--out", str(tmp_path / "big.sqlite")]
        result = runner.invoke(app, ["--db", str(db), *args], env={"KITHKIN_TODAY": "2026-11-20"})
        assert "Traceback" not in result.output, command
        if result.exit_code != 0:
            assert args[:2] == ["person", "add"], f"{command}\n{result.output}"
            assert "--new" in result.output
            refused.append(args[2])
        said[command] = " ".join(result.output.split())
    assert refused == ["Michael Brennan", "Dana Reyes"]
    assert "San Diego State University" in said['kithkin common me "Dana Reyes"']
    assert "Dana Reyes" in said['kithkin person show "Dana Reyes"']


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library example in the README, on a store where you and Dana share a school."""
    (example,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (
        ["person", "add", "Michael Brennan"],
        ["me", "Michael Brennan"],
        ["person", "add", "Dana Reyes"],
        ["affiliate", "me", "school", "San Diego State University", "--from", "1998", "--to", "2002"],
        ["affiliate", "Dana", "school", "San Diego State University", "--from", "1999", "--to", "2003"],
    ):
        assert runner.invoke(app, ["--db", "network.sqlite", *args]).exit_code == 0
    printed: list[str] = []
    monkeypatch.setattr("builtins.print", lambda *values: printed.append(" ".join(map(str, values))))
    exec(compile(example, "README.md", "exec"), {})
    assert printed
    assert "San Diego State University" in printed[0]
