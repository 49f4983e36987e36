"""Importing, as the Import page and ``/api/v1/imports``: upload files or an export's .zip, see a dry run of
what they would add, merge and propose, then commit exactly that (or cancel). The files wait in a private
folder meanwhile (:mod:`kithkin.web.staging`); the same use case as ``kithkin import`` does the work."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from kithkin.services.importing import FORMATS, ImportOptions
from kithkin.services.resolving import ImportReport
from kithkin.web import errors, schemas
from kithkin.web.pages import is_fragment, render, today
from kithkin.web.security import megabytes
from kithkin.web.staging import RUNNING, StagedImport, Staging, State

router = APIRouter()
_CREATING = threading.Lock()

Files = Annotated[list[UploadFile], File(description="vCard, jCard, xCard, iCalendar, CSV files, an export's .zip.")]
Format = Annotated[str, Form(max_length=20, description="The format of every file; empty: told from each file.")]
Community = Annotated[str, Form(max_length=200, description="Everyone in a member directory is in this community.")]
Strict = Annotated[bool, Form(description="All or nothing: fail if any file, record or property cannot be read.")]
Wait = Annotated[bool, Query(description="Answer when the job is done (true) or at once, to poll (false).")]


class ProgressOut(BaseModel):
    file: str
    lines_done: int
    lines_total: int  # 0 when not known (a .zip)
    files_done: int


class ReportOut(BaseModel):
    file: str
    format: str
    records: int
    added: int
    merged: int
    updated: int
    unchanged: int
    ties: int
    meetings: int
    proposals: int
    group_proposals: int
    skipped: int
    merges: list[str]
    groups_resolved: list[str]
    notices: list[str]
    failed: str


class CancelledOut(BaseModel):
    message: str


class ImportOut(BaseModel):
    id: str
    state: State
    preview: bool  # the reports say what a commit would do; nothing was written
    files: list[str]
    progress: ProgressOut
    reports: list[ReportOut]
    notice: str
    error: schemas.ErrorDetail | None


def staging(request: Request) -> Staging:
    """The app's uploads, made at the first one."""
    state = request.app.state
    with _CREATING:
        if getattr(state, "staging", None) is None:
            state.staging = Staging(state.db_path)
    found: Staging = state.staging
    return found


def _owner(request: Request) -> str:
    return str(request.state.session.csrf)


def _options(fmt: str, community: str, strict: bool) -> ImportOptions:
    if fmt and fmt not in FORMATS:
        raise errors.Refused(422, "bad_parameter", f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}",
                             "format")  # fmt: skip
    return ImportOptions(format=fmt or None, community=community.strip() or None, strict=strict)


def _stage(request: Request, files: list[UploadFile], options: ImportOptions) -> StagedImport:
    uploads = [(upload.filename or "", upload.file) for upload in files if upload.filename or upload.size]
    return staging(request).stage(_owner(request), uploads, options, today())


def _report(r: ImportReport) -> ReportOut:
    return ReportOut(
        file=r.path, format=r.format, records=r.records, added=r.added, merged=r.merged, updated=r.updated,
        unchanged=r.unchanged, ties=r.ties, meetings=r.meetings, proposals=r.proposals,
        group_proposals=r.group_proposals, skipped=r.skipped, merges=r.merges, groups_resolved=r.groups_resolved,
        notices=r.notices, failed=r.failed,
    )  # fmt: skip


def _out(job: StagedImport) -> ImportOut:
    p = job.progress
    error = schemas.ErrorDetail(code=job.error[0], message=job.error[1], field=job.error[2]) if job.error else None
    return ImportOut(
        id=job.token, state=job.state, preview=job.state == State.PREVIEWED, files=job.names,
        progress=ProgressOut(file=p.file, lines_done=p.done, lines_total=p.total, files_done=p.files_done),
        reports=[_report(r) for r in job.reports], notice=job.notice, error=error,
    )  # fmt: skip


def _answer(job: StagedImport, asked: State) -> Response:
    """The job as JSON: 202 while it runs; the error shape when it failed (or became a new preview)."""
    if job.running:
        return JSONResponse(_out(job).model_dump(mode="json"), status_code=202)
    if job.error is not None:
        code, message, field = job.error
        return JSONResponse(errors.body(code, message, field), status_code=500 if code == "internal" else 400)
    if asked == State.COMMITTED and job.state == State.PREVIEWED:
        return JSONResponse(errors.body("store_changed", job.notice), status_code=409)
    return JSONResponse(_out(job).model_dump(mode="json"))


# Pages


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request) -> HTMLResponse:
    return render(request, "import.html", {"formats": FORMATS, "max_upload": request.app.state.max_upload,
                                           "max_upload_text": megabytes(request.app.state.max_upload)})  # fmt: skip


@router.post("/import", include_in_schema=False)
def upload_form(
    request: Request, files: Files, format: Format = "", community: Community = "", strict: Strict = False
) -> Response:
    job = _stage(request, files, _options(format, community, strict))
    staging(request).preview(job, wait=False)
    return RedirectResponse(f"/import/{job.token}", status_code=303)


@router.get("/import/{token}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, token: str) -> HTMLResponse:
    job = staging(request).get(token, _owner(request))
    polling = is_fragment(request) and request.headers.get("hx-target") == "job"
    return render(request, "_import_job.html" if polling else "import_job.html", {"job": job, "State": State})


@router.post("/import/{token}/commit", include_in_schema=False)
def commit_form(request: Request, token: str) -> Response:
    job = staging(request).get(token, _owner(request))
    if job.state not in (State.COMMITTING, State.COMMITTED):  # a second click shows the first one's progress
        staging(request).commit(job, wait=False)
    return RedirectResponse(f"/import/{token}", status_code=303)


@router.post("/import/{token}/cancel", include_in_schema=False)
def cancel_form(request: Request, token: str) -> Response:
    job = staging(request).get(token, _owner(request))
    staging(request).cancel(job)
    return RedirectResponse(f"/import/{token}", status_code=303)


# API

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": schemas.ErrorOut} for code in (400, 403, 404, 409, 413)
}  # fmt: skip


@router.post(
    "/api/v1/imports", tags=["imports"], response_model=ImportOut, responses={202: {"model": ImportOut}, **_ERRORS}
)
def upload_api(
    request: Request,
    files: Files,
    format: Format = "",
    community: Community = "",
    strict: Strict = False,
    dry_run: Annotated[bool, Query(description="Preview only (then commit by id), or import at once.")] = True,
    wait: Wait = True,
) -> Response:
    """Upload files and preview their import (`dry_run=true`: nothing is written; commit it with
    `POST /api/v1/imports/{id}/commit`), or import them at once. Needs `X-CSRF-Token`."""
    job = _stage(request, files, _options(format, community, strict))
    if dry_run:
        staging(request).preview(job, wait=wait)
    else:
        staging(request).commit(job, wait=wait, previewed=False)
    return _answer(job, State.PREVIEWED if dry_run else State.COMMITTED)


@router.get("/api/v1/imports/{token}", tags=["imports"], responses=_ERRORS)
def job_api(request: Request, token: str) -> ImportOut:
    """Where an upload stands: its progress while it runs, then its reports (a preview, or what was imported)."""
    return _out(staging(request).get(token, _owner(request)))


@router.post(
    "/api/v1/imports/{token}/commit",
    tags=["imports"],
    response_model=ImportOut,
    responses={202: {"model": ImportOut}, **_ERRORS},
)
def commit_api(request: Request, token: str, wait: Wait = True) -> Response:
    """Import exactly what the preview showed. When the store changed since the preview, nothing is imported,
    the files are previewed again and the answer is 409 `store_changed`. Needs `X-CSRF-Token`."""
    job = staging(request).get(token, _owner(request))
    staging(request).commit(job, wait=wait)
    return _answer(job, State.COMMITTED)


@router.delete("/api/v1/imports/{token}", tags=["imports"], responses=_ERRORS)
def cancel_api(request: Request, token: str) -> CancelledOut:
    """Drop an upload (stopping its job if it runs: nothing is written) and delete its files."""
    job = staging(request).get(token, _owner(request))
    was_running = job.state in RUNNING
    staging(request).cancel(job)
    return CancelledOut(message="stopped; nothing was imported" if was_running else "cancelled; files deleted")
