"""`kithkin import`: contacts, connections and events in, who is who resolved, all in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today, write_file


def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files, export folders (LinkedIn, X), folders of files (every .vcf, .ics, … in them), or the "
            "output folder of a `kithkin batch` job."
        ),
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
    from kithkin.services import batch_import, importing
    from kithkin.sources.directory import load_mapping, parse_mapping_flags

    if len(paths) == 1 and batch_import.is_batch_output(paths[0]):
        _import_batch(ctx, paths[0], json)
        return

    mapping: dict[str, str] = {}
    if mapping_file is not None:
        mapping.update(load_mapping(mapping_file))
    if map_:
        mapping.update(parse_mapping_flags(map_))
    options = importing.ImportOptions(format, dry_run, mapping or None, community, strict)
    with opened(ctx, write=True) as store, render.progress_bar("importing") as progress:
        reports = importing.import_files(store, paths, options, today=today(), progress=progress)
    if report is not None:
        write_file(report, render.json_text(reports))
    render.as_json(reports) if json else render.import_reports(reports)


def _import_batch(ctx: typer.Context, folder: Path, json: bool) -> None:
    """A `kithkin batch` job's output: its suggestions or round written back, in one transaction."""
    from kithkin.services import batch_import

    with opened(ctx, write=True) as store:
        found = batch_import.import_batch(store, folder)
    if json:
        render.as_json(found)
        return
    for warning in found.warnings:
        render.note(f"warning: {warning}")
    what = "suggestions" if found.job == "suggest" else "pairs of a matchmaking round"
    render.done(f"{found.written} {what} imported from {folder}")
