"""The README stays true: its two set-up commands, and every tour command runs."""

from __future__ import annotations

import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from shared_data import OWN, TWITTER, sample

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_exactly_the_two_setup_commands() -> None:
    first = _blocks()[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def _tour_files(folder: Path) -> None:
    """The files the tour imports, made from the real samples in ../shared/data."""
    shutil.copy(sample("gmail-list.vcf"), folder / "contacts.vcf")
    with zipfile.ZipFile(folder / "Basic_LinkedInDataExport.zip", "w") as archive:
        archive.write(sample("CareerManager__Connections.csv"), "Connections.csv")
    shutil.copytree(TWITTER, folder / "twitter-archive")
    shutil.copy(sample("valid__incoming.ics"), folder / "calendar.ics")
    shutil.copy(OWN / "google" / "contacts_legacy.csv", folder / "google.csv")
    (folder / "phone-export" / "calendar").mkdir(parents=True)
    shutil.copy(sample("John_Doe_IPHONE.vcf"), folder / "phone-export" / "john.vcf")
    shutil.copy(sample("valid__Standup.ics"), folder / "phone-export" / "calendar" / "standup.ics")
    (folder / "phone-export" / "README.txt").write_text("exported from my phone\n", encoding="utf-8")
    (folder / "members.csv").write_text(
        "Full Name,Email,Alma Mater,Class Year\nAna Ruiz,ana@example.org,San Diego State University,2001\n",
        encoding="utf-8",
    )


@pytest.mark.slow
def test_every_tour_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tour_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = str(tmp_path / "tour.sqlite")
    tour = [line.split("  #")[0].strip() for line in _blocks()[1].splitlines() if line.startswith("kithkin")]
    assert len(tour) >= 10
    for command in tour:
        args = shlex.split(command)[1:]
        if args[0] == "demo":
            args = [*args[: args.index("--out")], "--out", str(tmp_path / "demo.sqlite")]
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, f"{command}\n{result.output}"


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
