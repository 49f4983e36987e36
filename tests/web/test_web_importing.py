"""Importing through the web edge: upload, a dry run that writes nothing, a commit that writes exactly the
preview, and every refusal (too large, no CSRF token, another session, a file that cannot be read) leaving
the store as it was. Each test has its own small store: imports write, and the demo store is shared."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.shared_data import sample
from tests.web.support import csrf_token

from kithkin import services
from kithkin.services.people import people_page
from kithkin.store import Store
from kithkin.web import create_app, staging

#: Ada is in the store already (same email): merged; Grace and Alan are new; the birthday is unreadable.
CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ada Lovelace
EMAIL:ada@example.org
TEL:+44 20 7946 0001
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Grace Hopper
EMAIL:grace@example.org
BDAY:sometime in spring
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Alan Turing
EMAIL:alan@example.org
END:VCARD
"""
LIMIT = 256 * 1024


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    with Store.open(path, create=True) as store:
        services.add_person(store, "Ada Lovelace", emails=["ada@example.org"])
        services.add_person(store, "Charles Babbage", emails=["charles@example.org"])
    return path


@pytest.fixture
def web(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, max_upload=LIMIT), base_url="http://127.0.0.1:8765") as client:
        client.headers["X-CSRF-Token"] = csrf_token(client)
        yield client


def _state(db: Path) -> tuple[int, int, list[str]]:
    """People, the store's revision, and everyone's name: what must not move when nothing is imported."""
    with Store.open(db, create=False) as store:
        names = sorted(p.name for p in people_page(store, "", limit=200).people)
        return store.count_people(), store.revision, names


def _upload(web: TestClient, files: list[tuple[str, bytes]], **params: Any) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return web.post("/api/v1/imports", files=parts, params=params)


def test_a_dry_run_writes_nothing_and_the_commit_writes_exactly_the_preview(web: TestClient, db: Path) -> None:
    before = _state(db)
    preview = _upload(web, [("friends.vcf", CARDS.encode())])
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["state"] == "previewed"
    assert body["preview"] is True
    (report,) = body["reports"]
    assert (report["file"], report["format"], report["records"]) == ("friends.vcf", "vcard", 3)
    assert (report["added"], report["merged"]) == (2, 1)
    assert report["merges"]
    assert report["merges"][0].startswith("Ada Lovelace (line 1)")
    assert any("BDAY: 'sometime in spring' is not a date" in n for n in report["notices"])
    assert _state(db) == before  # same people, same revision: the dry run was rolled back

    done = web.post(f"/api/v1/imports/{body['id']}/commit")
    assert done.status_code == 200, done.text
    committed = done.json()
    assert committed["state"] == "committed"
    assert committed["preview"] is False
    counts = ("records", "added", "merged", "updated", "unchanged", "proposals")
    assert {k: committed["reports"][0][k] for k in counts} == {k: report[k] for k in counts}
    people, _, names = _state(db)
    assert people == before[0] + 2
    assert names == ["Ada Lovelace", "Alan Turing", "Charles Babbage", "Grace Hopper"]
    assert not (web.app.state.staging.root / body["id"]).exists()  # type: ignore[attr-defined]
    again = web.post(f"/api/v1/imports/{body['id']}/commit")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_previewed"


def test_the_page_previews_then_commits(web: TestClient, db: Path) -> None:
    before = _state(db)
    page = web.get("/import")
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="csrf_token"' in page.text
    sent = web.post(
        "/import",
        files=[("files", ("friends.vcf", CARDS.encode(), "text/vcard"))],
        data={"csrf_token": web.headers.pop("X-CSRF-Token")},  # the form's own field is enough
        follow_redirects=False,
    )
    web.headers["X-CSRF-Token"] = csrf_token(web)
    assert sent.status_code == 303, sent.text
    job_url = sent.headers["location"]
    shown = _settled(web, job_url)
    assert "Preview: this is what the import would do" in shown
    assert "<strong>2</strong><span>new people</span>" in shown
    assert "BDAY: &#39;sometime in spring&#39; is not a date" in shown
    assert _state(db) == before
    committed = web.post(f"{job_url}/commit", follow_redirects=False)
    assert committed.status_code == 303
    shown = _settled(web, job_url)
    assert ">Imported<" in shown
    assert _state(db)[0] == before[0] + 2


def _settled(web: TestClient, url: str) -> str:
    """The job's page once it is no longer running (polled as the page's htmx does)."""
    deadline = time.monotonic() + 60
    while True:
        fragment = web.get(url, headers={"HX-Request": "true", "HX-Target": "job"})
        assert fragment.status_code == 200
        assert "<html" not in fragment.text
        if not re.search(r'data-state="(previewing|committing)"', fragment.text):
            return fragment.text
        assert time.monotonic() < deadline, fragment.text
        time.sleep(0.1)


def test_a_file_that_cannot_be_read_is_one_clear_error_and_the_store_is_unchanged(web: TestClient, db: Path) -> None:
    before = _state(db)
    answer = _upload(web, [("photo.vcf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")])
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "source_error"
    assert error["message"] == "photo.vcf: this is a binary file, not a text export"
    assert _state(db) == before
    assert list(web.app.state.staging.root.iterdir()) == []  # type: ignore[attr-defined]


def test_among_several_files_a_bad_one_is_reported_and_the_rest_previewed(web: TestClient, db: Path) -> None:
    files = [("friends.vcf", CARDS.encode()), ("notes.txt", b"just some words\n")]
    body = _upload(web, files).json()
    assert body["state"] == "previewed"
    by_file = {r["file"]: r for r in body["reports"]}
    assert by_file["friends.vcf"]["added"] == 2
    assert any("notes.txt" in n and "not a format kithkin reads" in n for n in by_file["friends.vcf"]["notices"])
    assert "/tmp" not in str(body)  # the private folder is never shown


def test_a_too_large_upload_is_refused_before_anything_is_kept(web: TestClient, db: Path) -> None:
    before = _state(db)
    answer = _upload(web, [("big.vcf", b"x" * (LIMIT + 1))])
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "too_large"
    assert "at most 0.25 MB" in error["message"]
    assert "kithkin import" in error["message"]
    assert _state(db) == before
    assert web.get("/people?q=x").status_code == 200  # other routes keep the small limit, untouched by this
    assert web.post("/api/v1/merges/1", content=b"{" + b" " * (2 << 20) + b"}").status_code == 413


def test_a_too_large_upload_sent_without_a_length_is_refused_as_it_streams(web: TestClient, db: Path) -> None:
    before = _state(db)

    def chunks() -> Iterator[bytes]:
        yield b'--cut\r\nContent-Disposition: form-data; name="files"; filename="big.vcf"\r\n\r\n'
        for _ in range(LIMIT // 8192 + 2):
            yield b"x" * 8192
        yield b"\r\n--cut--\r\n"

    answer = web.post(
        "/api/v1/imports", content=chunks(), headers={"content-type": "multipart/form-data; boundary=cut"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
    assert _state(db) == before


def test_uploads_need_the_csrf_token_and_belong_to_their_session(web: TestClient, db: Path) -> None:
    before = _state(db)
    parts = [("files", ("friends.vcf", CARDS.encode(), "text/vcard"))]
    refused = web.post("/api/v1/imports", files=parts, headers={"X-CSRF-Token": "forged"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf"
    body = _upload(web, [("friends.vcf", CARDS.encode())]).json()
    assert web.post(f"/api/v1/imports/{body['id']}/commit", headers={"X-CSRF-Token": "forged"}).status_code == 403
    with TestClient(web.app, base_url="http://127.0.0.1:8765") as stranger:
        stranger.headers["X-CSRF-Token"] = csrf_token(stranger)
        assert stranger.get(f"/api/v1/imports/{body['id']}").status_code == 404
        gone = stranger.post(f"/api/v1/imports/{body['id']}/commit")
        assert gone.status_code == 404
        assert gone.json()["error"]["code"] == "no_such_import"
    assert _state(db) == before


def test_cancel_deletes_the_files_and_nothing_can_commit_them(web: TestClient, db: Path) -> None:
    before = _state(db)
    body = _upload(web, [("friends.vcf", CARDS.encode())]).json()
    folder = web.app.state.staging.root / body["id"]  # type: ignore[attr-defined]
    assert (folder / "uploaded files" / "friends.vcf").read_text() == CARDS
    assert web.delete(f"/api/v1/imports/{body['id']}").json() == {"message": "cancelled; files deleted"}
    assert not folder.exists()
    late = web.post(f"/api/v1/imports/{body['id']}/commit")
    assert late.status_code == 409
    assert "cancelled" in late.json()["error"]["message"]
    assert _state(db) == before


def test_a_store_changed_since_the_preview_is_previewed_again_not_committed(web: TestClient, db: Path) -> None:
    body = _upload(web, [("friends.vcf", CARDS.encode())]).json()
    assert body["reports"][0]["added"] == 2
    with Store.open(db, create=False) as store:
        services.add_person(store, "Grace Hopper", emails=["grace@example.org"])
    count = _state(db)[0]
    answer = web.post(f"/api/v1/imports/{body['id']}/commit")
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "store_changed"
    assert _state(db)[0] == count
    fresh = web.get(f"/api/v1/imports/{body['id']}").json()
    assert fresh["state"] == "previewed"
    assert (fresh["reports"][0]["added"], fresh["reports"][0]["merged"]) == (1, 2)
    assert web.post(f"/api/v1/imports/{body['id']}/commit").json()["state"] == "committed"
    assert _state(db)[0] == count + 1


def test_a_linkedin_export_zip_previews_its_connections(web: TestClient, db: Path) -> None:
    connections = sample("CareerManager__Connections.csv").read_bytes()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Basic_LinkedInDataExport_01-01-2026/Connections.csv", connections)
        out.writestr("Basic_LinkedInDataExport_01-01-2026/Messages.csv", "FROM,TO\n")
    body = _upload(web, [("linkedin.zip", archive.getvalue())]).json()
    (report,) = body["reports"]
    assert report["format"] == "linkedin"
    assert (report["records"], report["added"]) == (3, 3)  # Ada, John Doe and Ghost (who has no profile URL)
    assert "other files in the archive not read: 1" in report["notices"]


def test_an_x_archive_zip_imports_its_mutual_follows(web: TestClient, db: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for name in ("following.js", "follower.js"):
            out.writestr(f"twitter-2023-08-01/data/{name}", sample(name).read_bytes())
        out.writestr("twitter-2023-08-01/data/tweets.js", "window.YTD.tweets.part0 = []")
    before = _state(db)[0]
    body = _upload(web, [("twitter-2023-08-01.zip", archive.getvalue())], dry_run=False).json()
    (report,) = body["reports"]
    # the real archive's 36 mutual follows, 43 who follow you and 728 you follow, one way
    assert (report["format"], report["added"]) == ("twitter", 36 + 43 + 728)
    assert _state(db)[0] == before + 36 + 43 + 728


def test_a_linkedin_export_uploaded_file_by_file_is_one_export(web: TestClient, db: Path) -> None:
    parts = [(f"{kind}.csv", sample(f"CareerManager__{kind}.csv").read_bytes()) for kind in ("Connections", "Profile")]
    (report,) = _upload(web, parts, dry_run=False).json()["reports"]
    assert (report["file"], report["format"], report["added"]) == ("uploaded files", "linkedin", 4)  # and you
    again = _upload(web, parts, dry_run=True).json()["reports"][0]
    assert (again["added"], again["unchanged"]) == (0, report["records"])  # the same source: nothing new


def test_hostile_file_names_are_kept_inside_and_shown_as_text(web: TestClient) -> None:
    hostile = "<img src=x onerror=alert(1)>.vcf"
    body = _upload(web, [(f"../../{hostile}", CARDS.encode())]).json()
    assert body["files"] == [hostile]
    page = web.get(f"/import/{body['id']}").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.vcf" in page


def test_an_upload_untouched_for_an_hour_is_gone(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    body = _upload(web, [("friends.vcf", CARDS.encode())]).json()
    folder = web.app.state.staging.root / body["id"]  # type: ignore[attr-defined]
    assert folder.exists()
    monkeypatch.setattr(staging, "EXPIRES", -1)
    gone = web.get(f"/api/v1/imports/{body['id']}")
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "no_such_import"
    assert not folder.exists()


def test_without_waiting_the_job_is_polled_to_its_end_and_can_import_at_once(web: TestClient, db: Path) -> None:
    before = _state(db)
    started = _upload(web, [("friends.vcf", CARDS.encode())], dry_run=False, wait=False)
    assert started.status_code in (200, 202)
    deadline = time.monotonic() + 60
    body = started.json()
    while body["state"] == "committing":
        assert time.monotonic() < deadline
        time.sleep(0.05)
        body = web.get(f"/api/v1/imports/{body['id']}").json()
    assert body["state"] == "committed"
    assert body["progress"]["file"] == "friends.vcf"
    assert _state(db)[0] == before[0] + 2


def test_bad_options_and_no_files_are_refused_by_field(web: TestClient) -> None:
    wrong = web.post("/api/v1/imports", files=[("files", ("a.vcf", CARDS.encode()))], data={"format": "docx"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["field"] == "format"
    none = web.post("/api/v1/imports", data={"format": ""})
    assert none.status_code == 422
    assert none.json()["error"]["field"] == "files"
