"""`kithkin merge`, `merges accept --all/--rule` and `unmerge` through the CLI, on a real store file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kithkin.cli import app

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
