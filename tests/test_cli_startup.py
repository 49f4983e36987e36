"""Issue 14, speed a person feels: a read command imports only what it uses.

What a command imports is checked, not how long it takes (the machine is shared): `person show` must not
load pydantic (typer's coercion of text, paths and flags, done by kithkin.cli.coercion), rich.progress,
phonenumbers, rapidfuzz, numpy or the demo generator. bench/bench_cli.py measures the CPU seconds.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from kithkin.cli import app, coercion

HEAVY = ("pydantic", "rich.progress", "phonenumbers", "rapidfuzz", "numpy", "scipy", "kithkin.generate", "click")
runner = CliRunner()


def loaded_by(*args: str) -> set[str]:
    """The heavy modules loaded by one run of ``kithkin args`` in a fresh interpreter."""
    code = (
        "import sys, json\nfrom kithkin.cli import main\nsys.argv = ['kithkin', *json.loads(sys.argv[1])]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True,
        env={**os.environ, "KITHKIN_TODAY": "2026-12-05"},
    )  # fmt: skip
    return {m.split(".")[0] if not m.startswith("rich.") else m for m in json.loads(done.stderr.splitlines()[-1])}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    db = tmp_path_factory.mktemp("startup") / "k.sqlite"
    for args in (["person", "add", "Dana Reyes", "--email", "dana@example.com", "--phone", "+1 619 555 0100"],
                 ["affiliate", "Dana Reyes", "employer", "Nestwise"]):  # fmt: skip
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
    return db


def test_person_show_and_help_import_nothing_heavy(store: pathlib.Path) -> None:
    assert loaded_by("--db", str(store), "person", "show", "Dana Reyes") == set()
    assert loaded_by("--db", str(store), "person", "show", "Dana Reyes", "--json") == set()
    assert loaded_by("--help") == set()
    assert loaded_by("--db", str(store), "person", "search", "reyes") == set()
    assert loaded_by("--db", str(store), "followups") == set()
    assert loaded_by("--db", str(store), "group", "list", "--kind", "employer") == set()
    assert loaded_by("--db", str(store), "today") == set()


def test_text_paths_and_flags_coerce_as_typers_own_adapters_do(tmp_path: pathlib.Path) -> None:
    """The same values as typer's pydantic path, and the same message for a path that must exist."""
    assert coercion.install()
    seen: dict[str, object] = {}
    mini = typer.Typer()

    @mini.command()
    def run(
        text: str,
        where: pathlib.Path = typer.Option(pathlib.Path("default.txt")),  # noqa: B008
        must: pathlib.Path | None = typer.Option(None, exists=True),  # noqa: B008
        flag: bool = False,
    ) -> None:
        seen.update(text=text, where=where, must=must, flag=flag)

    result = runner.invoke(mini, ["héllo wörld", "--where", "a/b.txt", "--must", str(tmp_path), "--flag"])
    assert result.exit_code == 0, result.output
    assert seen == {"text": "héllo wörld", "where": pathlib.Path("a/b.txt"), "must": tmp_path, "flag": True}
    missing = ["x", "--must", str(tmp_path / "nope")]
    ours = runner.invoke(mini, missing)
    assert ours.exit_code == 2
    assert "does" in ours.output
    assert "exist" in ours.output
    from typer import core

    core.build_runtime_param = coercion._typers_own[0]  # typer's own coercion, for the same run
    try:
        typers = runner.invoke(mini, missing)
    finally:
        coercion.install()
    assert ours.output == typers.output
    # An int still goes through typer's own (pydantic) coercion, with its message.
    numbers = typer.Typer()

    @numbers.command()
    def count(n: int) -> None:
        seen["n"] = n

    assert runner.invoke(numbers, ["7"]).exit_code == 0
    assert seen["n"] == 7
    bad = runner.invoke(numbers, ["seven"])
    assert bad.exit_code == 2
    assert "valid integer" in " ".join(bad.output.replace("│", " ").split())


@pytest.mark.parametrize("given", ["7", "0042", "123456789012345678", "-3", "1_000", " 7", "7.0", "seven", ""])
def test_counts_coerce_as_typers_own_adapter_does(given: str) -> None:
    """Every whole number read past pydantic equals what typer's pydantic path reads (or both refuse it)."""
    assert coercion.install()
    from typer import core

    bounded = typer.Typer()
    got: list[object] = []

    @bounded.command()
    def count(n: int, limit: int = typer.Option(10, min=1, max=100)) -> None:
        got.append((n, limit))

    ours = runner.invoke(bounded, [given, "--limit", "50"]), runner.invoke(bounded, ["1", "--limit", given])
    core.build_runtime_param = coercion._typers_own[0]
    try:
        typers = runner.invoke(bounded, [given, "--limit", "50"]), runner.invoke(bounded, ["1", "--limit", given])
    finally:
        coercion.install()
    assert [(r.exit_code, r.output) for r in ours] == [(r.exit_code, r.output) for r in typers]
    assert got[: len(got) // 2] == got[len(got) // 2 :]
