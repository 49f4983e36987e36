"""`kithkin batch`: batch jobs over a Parquet folder (`kithkin export --format parquet DIR`), in-process or on
Apache Spark (`pip install 'kithkin[spark]'` and a Java runtime)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App

app = App(help="Batch jobs over a Parquet export: in-process (--engine local) or on Apache Spark (--engine spark).")


@app.command("suggest")
def suggest(
    source: Annotated[Path, typer.Option("--input", "-i", help="The folder `kithkin export --format parquet` wrote.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write suggestions.parquet into.")],
    engine: Annotated[str, typer.Option("--engine", help="local (in-process) or spark.")] = "local",
    master: Annotated[
        str, typer.Option("--master", help="Spark's master URL: local[2], spark://host:7077, yarn, …")
    ] = "local[2]",
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=1000, help="Suggestions per person.")] = 20,
    ranker: Annotated[
        Path | None, typer.Option("--ranker", help="A saved ranker (.npz) instead of learning one in-process.")
    ] = None,
) -> None:
    """Everyone's top people to meet, from a Parquet export into OUTPUT/suggestions.parquet (person, rank,
    candidate, score); both engines give the same lists."""
    from kithkin.services import batch

    rows = batch.suggest(engine, source, output, top=top, master=master, ranker_path=ranker, say=render.note)
    render.done(f"{rows} suggestions in {output / 'suggestions.parquet'}")
