"""Exporting, as the Export page and ``/api/v1/export/{format}``: the whole store as a download — the
lossless JSON backup, vCard 4.0, a CSV spreadsheet or GraphML — by the use case ``kithkin export`` calls.

The file is written to a private temporary file first and streamed from there (then deleted), so a large
store never has to fit in memory and a failure midway never sends half a file as if it were whole.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask

from kithkin.services import exporting, people
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today

router = APIRouter()

ExportFormat = Literal["json", "vcard", "csv", "graphml"]


@dataclass(frozen=True)
class Download:
    """How one export format is served."""

    label: str
    extension: str
    media_type: str
    about: str
    newline: str | None  # None: "\n" as written; "": the writer's own "\r\n" (vCard and CSV say so)


DOWNLOADS: dict[str, Download] = {
    "json": Download("JSON backup", "json", "application/json",
                     "Everything, every row: import it into an empty store to get this one back.", None),
    "vcard": Download("vCard 4.0", "vcf", "text/vcard; charset=utf-8",
                      "Everyone as contact cards, for a phone or a mail client's address book.", ""),
    "csv": Download("CSV spreadsheet", "csv", "text/csv; charset=utf-8",
                    "One row per person: contacts, tags, employers, schools and how many ties.", ""),
    "graphml": Download("GraphML", "graphml", "application/graphml+xml; charset=utf-8",
                        "People, groups and ties as a graph, for Gephi, yEd or networkx.", None),
}  # fmt: skip
assert tuple(DOWNLOADS) == exporting.EXPORT_FORMATS


def _filename(fmt: str) -> str:
    kind = "backup" if fmt == "json" else "people"
    return f"kithkin-{kind}-{today().isoformat()}.{DOWNLOADS[fmt].extension}"


def _download(store: StoreDep, fmt: str) -> FileResponse:
    found = DOWNLOADS[fmt]
    handle, name = tempfile.mkstemp(prefix="kithkin-export-", suffix=f".{found.extension}")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=found.newline) as out:
            exporting.export(store, fmt, out)
    except BaseException:
        os.unlink(name)
        raise
    return FileResponse(
        name, media_type=found.media_type, filename=_filename(fmt), background=BackgroundTask(os.unlink, name)
    )


@router.get("/export", response_class=HTMLResponse, include_in_schema=False)
def export_page(request: Request, store: StoreDep) -> HTMLResponse:
    context = {"downloads": DOWNLOADS, "summary": people.summary(store), "filename": _filename}
    return render(request, "export.html", context)


@router.get("/export/{fmt}", include_in_schema=False)
def export_download(store: StoreDep, fmt: ExportFormat) -> FileResponse:
    return _download(store, fmt)


@router.get(
    "/api/v1/export/{fmt}",
    tags=["export"],
    response_class=FileResponse,
    responses={
        200: {"description": "The file, as an attachment.",
              "content": {d.media_type.split(";")[0]: {} for d in DOWNLOADS.values()}},
        400: {"model": schemas.ErrorOut},
    },
)  # fmt: skip
def export_api(store: StoreDep, fmt: Annotated[ExportFormat, Path(description="json, vcard, csv or graphml")]
               ) -> FileResponse:  # fmt: skip
    """Everyone in the store as one file: `json` (a complete backup), `vcard`, `csv` or `graphml`."""
    return _download(store, fmt)
