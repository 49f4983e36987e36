"""Every file format kithkin imports, in one list: adding a format is adding its module here.

>>> [source.name for source in SOURCES]
['vcard', 'ics', 'twitter', 'linkedin', 'google', 'jcard', 'xcard', 'directory']
>>> by_name("vcard").sniff("BEGIN:VCARD\\r\\nVERSION:3.0\\r\\n", "contacts.txt")
True
"""

from __future__ import annotations

from kithkin.errors import InputError
from kithkin.sources import backup, directory, google, linkedin, twitter
from kithkin.sources.icalendar import calendars
from kithkin.sources.source import Source
from kithkin.sources.vcard import reader, structured

SOURCES: tuple[Source, ...] = (
    reader.SOURCE,
    calendars.SOURCE,
    twitter.SOURCE,
    linkedin.SOURCE,
    google.SOURCE,
    structured.JCARD,
    structured.XCARD,
    directory.SOURCE,
)
"""In the order detection tries them: the member directory last, since it takes any table."""

_BY_NAME = {source.name: source for source in SOURCES}

FORMAT_NAMES = (*_BY_NAME, backup.NAME)
"""What ``kithkin import --format`` accepts: every source, and a kithkin backup."""


def by_name(name: str) -> Source:
    """The source called ``name``; raises :class:`InputError` for a name no source has."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; use one of: {', '.join(FORMAT_NAMES)}") from None
