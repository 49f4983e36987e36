"""The vendored files are what VENDORED.md says they are, each with its licence, and all served locally."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

import kithkin.web

STATIC = Path(kithkin.web.__file__).parent / "static"


def test_every_vendored_file_is_listed_with_its_hash_and_licence() -> None:
    table = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"`(vendor/[\w.]+\.js)` \| `package/[^`]+` \| `([0-9a-f]{64})`", table))
    scripts = {f"vendor/{p.name}" for p in (STATIC / "vendor").glob("*.js")}
    assert set(listed) == scripts
    for name, digest in listed.items():
        assert hashlib.sha256((STATIC / name).read_bytes()).hexdigest() == digest, name
        licence = STATIC / name.replace(".min.js", ".LICENSE.txt")
        assert licence.exists(), licence


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for url in ["/", "/people", "/network", "/suggestions", "/today", "/merges"]:
        page = client.get(url).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert not ref.startswith(("http:", "https:", "//")), (url, ref)
    for path in ["/static/vendor/htmx.min.js", "/static/vendor/cytoscape.min.js", "/static/graph.js"]:
        assert client.get(path).status_code == 200
