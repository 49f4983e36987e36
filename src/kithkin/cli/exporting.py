"""`kithkin export`: the whole network out — a lossless backup, vCard, CSV, GraphML or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import opened, written
from kithkin.errors import InputError


def export_command(
    ctx: typer.Context,
    format: Annotated[
        str, typer.Option("--format", "-f", help="json (complete backup), vcard, csv, graphml or parquet (a folder).")
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The file to write (default: stdout).")] = None,
    folder: Annotated[
        Path | None, typer.Argument(help="The file to write (as --output), or with --format parquet the folder.")
    ] = None,
) -> None:
    """Export everyone: a lossless JSON backup, vCard 4.0, a CSV spreadsheet, GraphML for Gephi, or Parquet
    tables for batch jobs (`kithkin batch`)."""
    from kithkin.services import exporting

    if format == "parquet":
        _export_parquet(ctx, folder or output)
        return
    if format not in exporting.EXPORT_FORMATS:
        raise InputError(f"unknown export format {format!r}; use one of: {', '.join(exporting.EXPORT_FORMATS)}")
    if folder is not None:  # `kithkin export -f csv people.csv` printed to the terminal and wrote no file
        if output is not None and output != folder:
            raise InputError(f"two files to write: {folder} and --output {output}; name one")
        output = folder
    with opened(ctx) as store:
        if output is None:
            exporting.export(store, format, sys.stdout)
            return
        newline = "" if format in ("csv", "vcard") else None
        with written(output, newline=newline, text=True) as out:
            exporting.export(store, format, out)
    render.done(f"exported {format} to {output}")


def _export_parquet(ctx: typer.Context, folder: Path | None) -> None:
    from kithkin.services import batch

    if folder is None:
        raise InputError("--format parquet writes a folder: kithkin export --format parquet DIR")
    with opened(ctx) as store:
        rows = batch.export_parquet(store, folder)
    render.done(f"exported parquet to {folder}: " + ", ".join(f"{n} {name}" for name, n in rows.items()))
