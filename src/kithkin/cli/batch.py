"""`kithkin batch`: batch jobs over a Parquet folder (`kithkin export --format parquet DIR`), in-process or on
Apache Spark (`pip install 'kithkin[spark]'` and a Java runtime)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, today
from kithkin.dates import parse_day

app = App(help="Batch jobs over a Parquet export: in-process (--engine local) or on Apache Spark (--engine spark).")

Input = Annotated[Path, typer.Option("--input", "-i", help="The folder `kithkin export --format parquet` wrote.")]
Engine = Annotated[str, typer.Option("--engine", help="local (in-process) or spark.")]
Master = Annotated[str, typer.Option("--master", help="Spark's master URL: local[2], spark://host:7077, yarn, …")]


@app.command("suggest")
def suggest(
    source: Input,
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write suggestions.parquet into.")],
    engine: Engine = "local",
    master: Master = "local[2]",
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=1000, help="Suggestions per person.")] = 20,
    ranker: Annotated[
        Path | None, typer.Option("--ranker", help="A saved logistic ranker (.npz) instead of learning one in-process.")
    ] = None,
    slices: Annotated[
        int | None,
        typer.Option(
            "--slices",
            min=1,
            help="Spark only: score people in this many slices, each freeing its disk before the next "
            "(default one per 250,000 people). More slices, less disk.",
        ),
    ] = None,
) -> None:
    """Everyone's top people to meet, from a Parquet export into OUTPUT/suggestions.parquet (person, rank,
    candidate, score); both engines give the same lists."""
    from kithkin.services import batch

    rows = batch.suggest(
        engine, source, output, top=top, master=master, ranker_path=ranker, say=render.note, slices=slices
    )
    render.done(f"{rows} suggestions in {output / 'suggestions.parquet'}")


@app.command("match")
def match(
    source: Input,
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the round into.")],
    community: Annotated[str, typer.Option("--community", "-c", help="The community's name (as exported) or id.")],
    engine: Engine = "local",
    master: Master = "local[2]",
    on: Annotated[str | None, typer.Option("--on", help="The round's day (default today).")] = None,
    pairs: Annotated[
        int | None, typer.Option("--pairs", min=1, help="At most this many pairs; the rest sit out this round.")
    ] = None,
) -> None:
    """A matchmaking round for a community of a Parquet export — no pair repeated from an earlier round, no one
    who opted out — into OUTPUT/pairs.parquet and sat_out.parquet; both engines make the same pairs. `kithkin
    import OUTPUT` records the round."""
    from kithkin.services import batch_match

    day = parse_day(on) if on else today()
    found = batch_match.match(engine, source, output, community, on=day, master=master, say=render.note, size=pairs)
    render.done(f"{len(found.pairs)} pairs (value {found.value:.2f}) in {output / 'pairs.parquet'}")
