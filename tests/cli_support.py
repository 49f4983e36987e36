"""One way for tests to run a CLI command that must succeed, on a store, on a fixed day."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from kithkin.cli import app

runner = CliRunner()


def ok(db: Path, *args: str, today: str = "2026-01-15") -> Result:
    """``kithkin --db DB ARGS…`` with ``KITHKIN_TODAY=today``; fails the test unless it succeeded."""
    result = runner.invoke(app, ["--db", str(db), *args], env={"KITHKIN_TODAY": today})
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    return result
