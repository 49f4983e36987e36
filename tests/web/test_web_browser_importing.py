"""End to end, in Chromium: import vCards with a dry run then commit, and download an export.

On a store of its own (imports write; the demo store is shared by the other journeys). The server, the
browser and the screenshots are those of ``test_web_browser.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.shared_data import sample
from tests.web import test_web_browser as journeys
from tests.web.test_web_browser import browser, page, serving  # noqa: F401 (fixtures)

from kithkin import services
from kithkin.store import Store

pytestmark = journeys.pytestmark

#: Written by the test: one card merges with Ada (same email), one has a hostile name, one a bad birthday.
OWN_CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ada Lovelace
EMAIL:ada@example.org
ORG:Analytical Engines
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:<script>alert(1)</script>
EMAIL:mallory@example.org
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Grace Hopper
EMAIL:grace@example.org
BDAY:sometime in spring
END:VCARD
"""


@pytest.fixture(scope="module")
def own_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-import") / "store.sqlite"
    with Store.open(path, create=True) as store:
        services.add_person(store, "Ada Lovelace", emails=["ada@example.org"])
    return path


@pytest.fixture(scope="module")
def own_server(own_db: Path) -> Iterator[str]:
    with serving(own_db) as url:
        yield url


def _people(db: Path) -> int:
    with Store.open(db, create=False) as store:
        return store.count_people()


def test_import_vcards_with_a_dry_run_then_commit_and_download_an_export(
    own_server: str,
    own_db: Path,
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    real = sample("gmail-list.vcf")  # a real Gmail export of three contacts
    own = tmp_path / "friends.vcf"
    own.write_text(OWN_CARDS, encoding="utf-8")
    before = _people(own_db)

    page.goto(f"{own_server}/import")
    page.set_input_files("#files", [str(real), str(own)])
    assert "gmail-list.vcf, friends.vcf" in page.inner_text("#chosen")
    journeys._shot(page, "import")
    page.click("button:has-text('Preview the import')")
    page.wait_for_selector("#job[data-state='previewed']", timeout=60_000)
    totals = " ".join(page.inner_text(".totals").split())
    assert "5 new people" in totals  # three from Gmail, the hostile name and Grace
    assert "1 merged with someone already there or earlier in these files" in totals
    assert page.locator(".report h3").all_inner_texts() == ["friends.vcf vcard", "gmail-list.vcf vcard"]
    assert "BDAY: 'sometime in spring' is not a date" in page.inner_text(".notices")
    assert _people(own_db) == before  # a preview writes nothing
    journeys._shot(page, "import-preview")

    page.click("#commit")
    page.wait_for_selector("#job[data-state='committed']", timeout=60_000)
    assert "Imported" in page.inner_text("#job h2")
    assert _people(own_db) == before + 5
    journeys._shot(page, "import-done")

    page.click("a:has-text('See your people')")
    page.wait_for_selector("#results")
    listed = page.inner_text("#results")
    for name in ("Arnold Smith", "Chris Beatle", "Doug White", "Grace Hopper", "<script>alert(1)</script>"):
        assert name in listed

    page.goto(f"{own_server}/export")
    journeys._shot(page, "export")
    with page.expect_download() as started:
        page.click("#download-vcard")
    download = started.value
    assert download.suggested_filename.startswith("kithkin-people-")
    assert download.suggested_filename.endswith(".vcf")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == before + 5
    assert "FN:Doug White" in text
    assert page.dialogs == []  # the hostile name never ran
    assert page.problems == []
