"""Every real export in ``../shared/data/formats`` imports -- or, when truly unreadable, says so clearly -- with
no hang; the names, emails and attendees it holds are kept; a folder of all of them imports in one command."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import shutil

import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.errors import SourceError
from kithkin.identity import email_key
from kithkin.model import ContactKind
from kithkin.sources.detection import detect_format
from kithkin.sources.records import Item, Meeting, Notice, Record
from kithkin.sources.registry import by_name
from kithkin.sources.source import ParseOptions
from shared_data import FORMATS, no_hang

TODAY = dt.date(2026, 12, 5)
CAP = 60
"""A hang guard per real file, not a speed test (the slowest takes well under a second)."""
FILES = sorted(p for p in FORMATS.rglob("*") if p.is_file() and p.suffix not in (".md", ".txt"))
UNREADABLE = {
    "calendars__small_bad_calendar.ics": "never closed",  # deliberately broken: cut short
}
"""Real files that are truly unreadable, and what their notice says."""
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def parsed(path: pathlib.Path) -> tuple[str, list[Item]]:
    fmt = detect_format(path)
    return fmt, list(by_name(fmt).parse(path, ParseOptions(until=TODAY)))


def emails(items: list[Item]) -> set[str]:
    return {
        email_key(c.value) for r in items if isinstance(r, Record) for c in r.contacts if c.kind is ContactKind.EMAIL
    }


def vcard_emails(text: str) -> set[str]:
    """The addresses on EMAIL lines (unfolded) of a vCard file."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    found = set()
    for line in unfolded.splitlines():
        if re.match(r"(?:[\w-]+\.)?EMAIL[;:]", line, re.IGNORECASE):
            found |= {email_key(e) for e in _EMAIL.findall(line.split(":", 1)[-1])}
    return found


def guest_emails(text: str) -> set[str]:
    """The people of a calendar's events: ORGANIZER and ATTENDEE emails of VEVENTs, not of their alarms, not
    rooms, resources or mailing lists."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    found, inside, alarm = set(), False, False
    for line in unfolded.splitlines():
        upper = line.strip().upper()
        inside = (inside or upper == "BEGIN:VEVENT") and upper != "END:VEVENT"
        alarm = (alarm or upper == "BEGIN:VALARM") and upper != "END:VALARM"
        if inside and not alarm and re.match(r"(ATTENDEE|ORGANIZER)[;:]", upper):
            if re.search(r"CUTYPE=(\"?)(ROOM|RESOURCE|GROUP)", upper):
                continue
            address = re.search(r"mailto:\s*([^\s;:<>\"]+@[^\s;:<>\"]+)\s*$", line, re.IGNORECASE)
            if address:
                found.add(email_key(address[1]))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_real_file_imports_or_says_clearly_why_not(path: pathlib.Path) -> None:
    if path.name in UNREADABLE:
        with no_hang(CAP), pytest.raises(SourceError, match=UNREADABLE[path.name]) as caught:
            parsed(path)
        assert str(path) in str(caught.value)
        return
    with no_hang(CAP):
        fmt, items = parsed(path)
    text = path.read_bytes().decode("utf-8", "replace")
    if fmt == "vcard":
        assert vcard_emails(text) <= emails(items), path.name
        assert all(r.name.strip() for r in items if isinstance(r, Record))
    elif fmt == "ics":
        # a calendar's own address (Google's birthday calendar, "Contacts" @virtual) is no person, and is said
        calendars = {e for e in guest_emails(text) if e.endswith("@virtual") or e.endswith("calendar.google.com")}
        assert guest_emails(text) - calendars <= emails(items), path.name
        said = " ".join(n.message for n in items if isinstance(n, Notice))
        assert all(e in said for e in calendars), path.name
        for meeting in (m for m in items if isinstance(m, Meeting)):
            assert meeting.on <= TODAY
    elif fmt in ("jcard", "xcard"):
        assert [(r.name, sorted(emails([r]))) for r in items if isinstance(r, Record)] == [
            ("Simon Perreault", ["simon.perreault@viagenie.ca"])
        ]
        (record,) = [r for r in items if isinstance(r, Record)]
        assert record.birthday == "--02-03"
    else:
        assert any(isinstance(i, Record) for i in items) or any(isinstance(i, Notice) for i in items)


def test_the_real_vcards_keep_names_and_birthdays() -> None:
    _, items = parsed(FORMATS / "vcard" / "ez-vcard" / "John_Doe_IPHONE.vcf")
    (john,) = [r for r in items if isinstance(r, Record)]
    assert "John" in john.name
    assert "Doe" in john.name
    assert "john.doe@ibm.com" in emails(items)


def test_a_folder_of_every_real_file_imports_in_one_command(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "formats"
    shutil.copytree(FORMATS, folder)
    db = tmp_path / "k.sqlite"
    report = tmp_path / "report.json"
    with no_hang():
        result = CliRunner().invoke(app, ["--db", str(db), "import", str(folder), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output  # the one deliberately broken calendar, named
    assert "calendars__small_bad_calendar.ics" in result.output
    assert report.exists()
