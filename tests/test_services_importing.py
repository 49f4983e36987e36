"""`kithkin import` over several files: one bad record or file never blocks the rest, --strict, --report."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.errors import SourceError
from kithkin.services.importing import ImportOptions, import_files
from kithkin.sources.records import Item
from kithkin.store import Store

runner = CliRunner()
TODAY = dt.date(2026, 12, 5)
GOOD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n"
BROKEN = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEMAIL\r\nEND:VCARD\r\n"
NAMELESS = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN: \r\nNICKNAME:\r\nEND:VCARD\r\n"


def write(path: pathlib.Path, text: str | bytes) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def names(store: Store) -> list[str]:
    return sorted(p.name for p in store.list_people())


def test_a_file_that_cannot_be_read_is_skipped_and_the_others_land(store: Store, tmp_path: pathlib.Path) -> None:
    good = write(tmp_path / "a.vcf", GOOD)
    junk = write(tmp_path / "b.txt", "hello, this is not a contact file\n")
    cut = write(tmp_path / "c.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE:mailto:x@example.com\r\n")
    reports = import_files(store, [good, junk, cut], ImportOptions(), today=TODAY)
    assert names(store) == ["Ana Lima"]
    by_path = {pathlib.Path(r.path).name: r for r in reports}
    assert by_path["a.vcf"].added == 1
    assert not by_path["a.vcf"].failed
    assert "cannot tell which format" in by_path["b.txt"].failed
    assert "never closed" in by_path["c.ics"].failed
    assert by_path["c.ics"].notices[0].startswith("file skipped, nothing imported from it:")


def test_a_file_failing_halfway_is_undone_alone(
    store: Store, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kithkin.sources.vcard import reader

    first = write(tmp_path / "a.vcf", GOOD)
    second = write(tmp_path / "b.vcf", GOOD.replace("Ana Lima", "Cy Dee").replace("ana@", "cy@") * 2)
    third = write(tmp_path / "c.vcf", GOOD.replace("Ana Lima", "Di Eff").replace("ana@", "di@"))
    parse = reader.parse

    def failing(path: pathlib.Path) -> Iterator[Item]:
        for number, item in enumerate(parse(path)):
            if path.name == "b.vcf" and number == 1:
                raise SourceError(str(path), "cut short", 7)
            yield item

    monkeypatch.setattr(reader, "parse", failing)
    reports = import_files(store, [first, second, third], ImportOptions(), today=TODAY)
    assert names(store) == ["Ana Lima", "Di Eff"]  # Cy Dee, written before the failure, was undone
    assert [bool(r.failed) for r in reports] == [False, True, False]


def test_strict_is_all_or_nothing(store: Store, tmp_path: pathlib.Path) -> None:
    good = write(tmp_path / "a.vcf", GOOD)
    broken = write(tmp_path / "b.vcf", BROKEN)
    with pytest.raises(SourceError, match="--strict"):
        import_files(store, [good, broken], ImportOptions(strict=True), today=TODAY)
    assert names(store) == []
    reports = import_files(store, [good, broken], ImportOptions(), today=TODAY)
    assert names(store) == ["Ana Lima", "Bo Chen"]
    assert reports[1].skipped == 1
    assert reports[1].notices == ["line 4: EMAIL: a vCard line needs a ':' between property and value; this property "
                                  "skipped, the rest of the card kept"]  # fmt: skip


def test_a_record_without_a_name_is_skipped_with_a_notice(store: Store, tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "a.vcf", GOOD + NAMELESS.replace("NICKNAME:", "X-ONLY:x"))
    (report,) = import_files(store, [path], ImportOptions(), today=TODAY)
    assert names(store) == ["Ana Lima"]
    assert report.records == 1


def test_report_file_holds_counts_kept_fields_and_every_notice(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "export"
    write(folder / "a.vcf", GOOD)
    write(folder / "b.vcf", BROKEN)
    write(folder / "c.ics", b"\x00\x01binary")
    saved = tmp_path / "report.json"
    db = tmp_path / "k.db"
    result = runner.invoke(app, ["--db", str(db), "import", str(folder), "--report", str(saved)])
    assert result.exit_code == 0, result.output
    report = json.loads(saved.read_text(encoding="utf-8"))
    by_name = {pathlib.Path(r["path"]).name: r for r in report}
    assert by_name["a.vcf"]["records"] == 1
    assert by_name["a.vcf"]["fields"] == {"names": 1, "emails": 1}
    assert by_name["b.vcf"]["skipped"] == 1
    assert any("EMAIL" in n for n in by_name["b.vcf"]["notices"])
    assert "could not be read" in result.output
    strict = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "import", str(folder), "--strict"])
    assert strict.exit_code == 1
    assert "--strict" in strict.output
