"""`kithkin demo --samples DIR`: small sample files to try every import on, for a new user without exports.

The files are written for kithkin by hand (``src/kithkin/data/samples``, see ``data/PROVENANCE.md``): a
vCard file, a calendar with a past lunch and a monthly book club, an invitation to a gathering to come, a
Google Contacts CSV, a member directory, a LinkedIn export (zipped here, as LinkedIn sends it), an X
archive and a phone's export folder. Their people meet the README tour's (Dana Reyes, Michael Brennan), so
the imports merge, propose and log meetings as real exports would. A file already in ``DIR`` is kept as
it is, never overwritten.
"""

from __future__ import annotations

import importlib.resources
import zipfile
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from kithkin.errors import InputError

#: Each sample (as written in the folder) and what it shows.
SAMPLES = {
    "contacts.vcf": "a vCard file: 3 contacts with employers, addresses and a birthday",
    "calendar.ics": "a calendar: a past lunch with Dana and Sam, a monthly book club",
    "invite.ics": "an invitation to a gathering to come (kithkin brief invite.ics)",
    "google.csv": "a Google Contacts export",
    "members.csv": "a member directory (kithkin import members.csv --community NAME)",
    "Basic_LinkedInDataExport.zip": "a LinkedIn data export with 2 connections",
    "twitter-archive": "an X archive: a mutual follow, one account you follow, one follower",
    "phone-export": "a phone's export folder: a card, a calendar and a note that is skipped",
}


@dataclass(frozen=True)
class Samples:
    """What :func:`write_samples` wrote into ``folder`` and what it found already there (kept)."""

    folder: Path
    written: tuple[str, ...]
    kept: tuple[str, ...]


def write_samples(folder: Path) -> Samples:
    """Write the sample files into ``folder`` (made if missing); raises :class:`InputError` if it cannot."""
    source = importlib.resources.files("kithkin.data") / "samples"
    written: list[str] = []
    kept: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in SAMPLES:
            target = folder / name
            if target.exists():
                kept.append(name)
                continue
            if name == "Basic_LinkedInDataExport.zip":
                with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                    archive.writestr("Connections.csv", (source / "linkedin" / "Connections.csv").read_bytes())
            else:
                _copy(source / name, target)
            written.append(name)
    except OSError as exc:
        raise InputError(f"cannot write the samples into {folder}: {exc.strerror or exc}") from None
    return Samples(folder, tuple(written), tuple(kept))


def _copy(source: Traversable, target: Path) -> None:
    """A sample file, or a folder of them, copied byte for byte."""
    if source.is_dir():
        target.mkdir()
        for child in source.iterdir():
            _copy(child, target / child.name)
    else:
        target.write_bytes(source.read_bytes())
