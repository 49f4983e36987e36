"""Exporting through the web edge: each format a download with its type and name, holding everyone."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin.services.people import summary
from kithkin.store import Store

TYPES = {
    "json": ("application/json", ".json"),
    "vcard": ("text/vcard; charset=utf-8", ".vcf"),
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "graphml": ("application/graphml+xml; charset=utf-8", ".graphml"),
}


def _counts(db: Path) -> tuple[int, int]:
    with Store.open(db, create=False) as store:
        found = summary(store)
        return found.people, found.ties


def test_each_format_is_an_attachment_with_its_type_and_name(client: TestClient) -> None:
    for fmt, (media_type, extension) in TYPES.items():
        for url in (f"/export/{fmt}", f"/api/v1/export/{fmt}"):
            response = client.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            assert response.headers["content-type"] == media_type
            disposition = response.headers["content-disposition"]
            assert disposition.startswith('attachment; filename="kithkin-'), disposition
            assert disposition.endswith(f'{extension}"'), disposition


def test_the_downloads_hold_everyone(client: TestClient, demo_db: Path) -> None:
    people, ties = _counts(demo_db)
    vcards = client.get("/api/v1/export/vcard").text
    assert vcards.count("BEGIN:VCARD\r\n") == people
    assert "FN:Dana Reyes\r\n" in vcards
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export/csv").text)))
    assert len(rows) == people
    assert "Dana Reyes" in {row["name"] for row in rows}
    graph = ET.fromstring(client.get("/api/v1/export/graphml").content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = graph.findall(".//g:node", ns)
    assert sum(1 for n in nodes if n.get("id", "").startswith("p")) == people
    edges = graph.findall(".//g:edge", ns)
    assert sum(1 for e in edges if e.get("source", "").startswith("p") and e.get("target", "").startswith("p")) == ties
    backup = json.loads(client.get("/api/v1/export/json").text)
    assert backup["kithkin_backup"] == 1
    assert len(backup["tables"]["people"]["rows"]) == people
    assert len(backup["tables"]["ties"]["rows"]) == ties


def test_the_export_page_links_every_format(client: TestClient, demo_db: Path) -> None:
    page = client.get("/export").text
    for fmt in TYPES:
        assert f'href="/export/{fmt}"' in page
    people, _ = _counts(demo_db)
    assert f"{people:,} people" in page


def test_an_unknown_format_is_the_one_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/export/parquet")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "fmt"
    assert client.get("/export/docx").status_code == 400
