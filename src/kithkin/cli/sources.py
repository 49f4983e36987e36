"""`kithkin import` and `kithkin export`: getting a network in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today, written
from kithkin.errors import InputError
from kithkin.services import exporting, importing
from kithkin.sources.directory import load_mapping, parse_mapping_flags


def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files, export folders (LinkedIn, X), or folders of files (every .vcf, .ics, … in them)."),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="vcard, jcard, xcard, linkedin, google, twitter, ics, directory or json (a backup)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added and merged; change nothing.")
    ] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Directory column for a field, e.g. --map 'email=E-mail Address' (repeat)."),
    ] = None,
    mapping_file: Annotated[
        Path | None, typer.Option("--mapping", help="A file of field = column lines (or JSON) for a directory.")
    ] = None,
    community: Annotated[
        str | None, typer.Option("--community", help="Everyone in a directory belongs to this community.")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="All or nothing: fail if any file, record or property cannot be read."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also save the report (counts, kept fields, every notice) as this JSON file."),
    ] = None,
    json: Json = False,
) -> None:
    """Import contacts, connections and events; duplicates across sources are merged safely, all in one transaction.

    What cannot be read (a property, a record, a whole file among several) is skipped and named in the report;
    --strict makes any of it an error instead.
    """
    mapping: dict[str, str] = {}
    if mapping_file is not None:
        mapping.update(load_mapping(mapping_file))
    if map_:
        mapping.update(parse_mapping_flags(map_))
    options = importing.ImportOptions(format, dry_run, mapping or None, community, strict)
    with opened(ctx, write=True) as store, render.progress_bar("importing") as progress:
        reports = importing.import_files(store, paths, options, today=today(), progress=progress)
    if report is not None:
        try:
            report.write_text(render.json_text(reports), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the report {report}: {exc.strerror or exc}") from None
    render.as_json(reports) if json else render.import_reports(reports)


def export_command(
    ctx: typer.Context,
    format: Annotated[
        str, typer.Option("--format", "-f", help="json (complete backup), vcard, csv, graphml or parquet (a folder).")
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The file to write (default: stdout).")] = None,
    folder: Annotated[Path | None, typer.Argument(help="With --format parquet: the folder to write.")] = None,
) -> None:
    """Export everyone: a lossless JSON backup, vCard 4.0, a CSV spreadsheet, GraphML for Gephi, or Parquet
    tables for batch jobs (`kithkin batch`)."""
    if format == "parquet":
        _export_parquet(ctx, folder or output)
        return
    if format not in exporting.EXPORT_FORMATS:
        raise InputError(f"unknown export format {format!r}; use one of: {', '.join(exporting.EXPORT_FORMATS)}")
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
