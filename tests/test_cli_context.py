"""What every command shares (cli/context.py): writing the files a user names, safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.cli.context import write_file
from kithkin.errors import InputError


def test_writing_through_a_link_updates_the_file_it_points_at(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_file(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_new_file_is_private_to_the_user(tmp_path: Path) -> None:
    write_file(tmp_path / "reminders.ics", b"BEGIN:VCALENDAR")
    assert (tmp_path / "reminders.ics").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("target", ["/dev/null", "folder"])
def test_anything_but_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    path = Path(target) if target.startswith("/") else tmp_path / target
    path.mkdir(exist_ok=True) if not target.startswith("/") else None
    with pytest.raises(InputError, match="not a regular file"):
        write_file(path, "x")


@pytest.mark.parametrize(
    "args",
    [
        ["reminders", "--ics", "/missing/dir/x.ics"],
        ["brief", "--people", "Ann Able", "-o", "/missing/dir/b.md", "--format", "markdown"],
    ],
)
def test_a_missing_folder_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    for setup in (["person", "add", "Ann Able"], ["me", "Ann Able"]):
        assert runner.invoke(app, ["--db", db, *setup]).exit_code == 0
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "the folder /missing/dir does not exist" in result.output


def test_names_with_terminal_control_characters_or_markup_are_shown_as_typed(tmp_path: Path) -> None:
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    name = "\x1b[2J\x1b[31mEve [bold]Evil[/bold]"
    added = runner.invoke(app, ["--db", db, "person", "add", name])
    assert added.exit_code == 0, added.output
    shown = runner.invoke(app, ["--db", db, "person", "show", "#1"])
    assert "\x1b" not in shown.output
    assert "\\x1b[2J\\x1b[31mEve [bold]Evil[/bold]" in shown.output


def test_export_writes_through_a_link_privately_and_never_over_a_device(tmp_path: Path) -> None:
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "person", "add", "Ann Able"]).exit_code == 0
    real = tmp_path / "real.json"
    real.write_text("stale", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert runner.invoke(app, ["--db", db, "export", "--format", "json", "-o", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert '"kithkin_backup"' in real.read_text(encoding="utf-8")
    fresh = tmp_path / "backup.json"
    assert runner.invoke(app, ["--db", db, "export", "--format", "json", "-o", str(fresh)]).exit_code == 0
    assert fresh.stat().st_mode & 0o777 == 0o600
    refused = runner.invoke(app, ["--db", db, "export", "--format", "json", "-o", "/dev/null"])
    assert refused.exit_code == 1
    assert "not a regular file" in refused.output


def test_export_writes_the_file_named_after_the_options(tmp_path: Path) -> None:
    """`kithkin export -f csv people.csv` printed to the terminal and wrote no file."""
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "person", "add", "Ann Able"]).exit_code == 0
    out = tmp_path / "people.csv"
    done = runner.invoke(app, ["--db", db, "export", "-f", "csv", str(out)])
    assert done.exit_code == 0, done.output
    assert "Ann Able" in out.read_text(encoding="utf-8")
    assert "Ann Able" not in done.stdout
    both = runner.invoke(app, ["--db", db, "export", "-f", "csv", str(out), "-o", str(tmp_path / "other.csv")])
    assert both.exit_code == 1
    assert "two files to write" in both.stderr
