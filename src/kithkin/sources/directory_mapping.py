"""Which column of a member directory fills which kithkin field.

Every community names its columns differently ("E-mail Address", "Class Of",
"Company Name"), so :mod:`kithkin.sources.directory` matches a column to a
field by its header, case, spaces and punctuation ignored (:func:`header_key`),
against the spellings in :data:`HEADERS`; a field the user maps outright
(``--map email="E-mail"``) wins over any guess. :class:`Columns` places
columns as they are first seen, because a JSON directory reveals its keys
object by object rather than in a header row, and reports the guesses and
every column left unread as notices, so the user can see and correct them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from kithkin.errors import InputError, SourceError
from kithkin.sources.records import Notice

FIELDS = (
    *("id", "name", "first_name", "last_name", "email", "phone", "school", "major", "graduation_year", "degree"),
    *("employer", "title", "city", "interests", "tags", "linkedin", "notes"),
)
"""The kithkin fields a directory column can fill."""

HEADERS = {
    "id": ("member id", "id", "member number", "membership number", "attendee id", "registration id", "user id"),
    "name": ("name", "full name", "member name", "display name", "contact name", "attendee name"),
    "first_name": ("first name", "given name", "first", "forename"),
    "last_name": ("last name", "surname", "family name", "last"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "primary email", "work email"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "cell", "telephone", "tel", "work phone"),
    "school": ("school", "university", "college", "institution", "alma mater"),
    "major": ("major", "field of study", "concentration", "program", "subject"),
    "graduation_year": ("class year", "grad year", "graduation year", "class of", "class", "year of graduation"),
    "degree": ("degree", "degree name"),
    "employer": ("company", "organization", "organisation", "employer", "company name", "current company"),
    "title": ("job title", "title", "position", "role", "current title", "occupation"),
    "city": ("city", "location", "town", "hometown", "locality"),
    "interests": ("interests", "interest", "topics", "hobbies", "expertise"),
    "tags": ("tags", "tag", "labels", "categories"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "linkedin profile url"),
    "notes": ("notes", "note", "bio", "about", "comments"),
}
"""Header spellings recognised without a mapping (compared by :func:`header_key`)."""

_AUTO = {key: name for name, spellings in HEADERS.items() for key in (re.sub(r"[\W_]+", "", s) for s in spellings)}


def header_key(text: str) -> str:
    """A header compared without case, spaces or punctuation.

    >>> header_key(" E-mail Address "), header_key("Class_Of")
    ('emailaddress', 'classof')
    """
    return re.sub(r"[\W_]+", "", text.casefold())


def guess_field(header: str) -> str | None:
    """The field a header names by one of the :data:`HEADERS` spellings, else ``None``.

    >>> guess_field("E-mail Address"), guess_field("Class_Of"), guess_field("Shoe size")
    ('email', 'graduation_year', None)
    """
    return _AUTO.get(header_key(header))


def check_fields(mapping: Mapping[str, str]) -> None:
    """Raise :class:`InputError` when a mapping names a field not in :data:`FIELDS`."""
    for name in mapping:
        if name not in FIELDS:
            raise InputError(f"unknown field {name!r} in the mapping; fields: {', '.join(FIELDS)}")


@dataclass
class Columns:
    """Which column fills which field, and how often the unread ones held a value."""

    line: int
    field_of: dict[str, str | None] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)
    unread: dict[str, int] = field(default_factory=dict)

    def add(self, column: str, mapping: Mapping[str, str]) -> None:
        """Place a newly seen column: mapped by the user, matched by name, or unread."""
        if column in self.field_of:
            return
        wanted = {c: f for f, c in mapping.items()}
        wanted_loose = {header_key(c): f for f, c in mapping.items()}
        name = wanted.get(column) or wanted_loose.get(header_key(column))
        taken = set(self.field_of.values())
        if name is None and (guess := guess_field(column)) and guess not in mapping and guess not in taken:
            name = guess
            self.chosen[guess] = column
        self.field_of[column] = name if name not in taken else None
        if self.field_of[column] is None:
            self.unread.setdefault(column, 0)

    def missing(self, mapping: Mapping[str, str]) -> list[tuple[str, str]]:
        """The (field, column) pairs of the mapping whose column has not been seen."""
        found = {f for f in self.field_of.values() if f}
        return [(f, c) for f, c in mapping.items() if f not in found]

    def chosen_notice(self) -> Iterator[Notice]:
        """One notice listing the columns matched by name, if any were."""
        if self.chosen:
            shown = ", ".join(f'{f} = "{c}"' for f, c in self.chosen.items())
            yield Notice(f"columns matched by name: {shown}", self.line)

    def unread_notices(self) -> Iterator[Notice]:
        """A notice per column not read, with how many rows held a value in it."""
        for column, count in self.unread.items():
            rows = "1 row has" if count == 1 else f"{count:,} rows have"
            yield Notice(f'column "{column}" is not read ({rows} a value)', self.line)


def check_columns(path: str, columns: Columns, mapping: Mapping[str, str], line: int) -> None:
    """Raise :class:`SourceError` for a mapped column the file lacks, or when no column gives a name or email."""
    for name, column in columns.missing(mapping):
        shown = ", ".join(f'"{c}"' for c in list(columns.field_of)[:30])
        raise SourceError(path, f'no column "{column}" (mapped to {name}); the columns are {shown}', line, column)
    if not any(f in ("name", "first_name", "last_name", "email") for f in columns.field_of.values()):
        raise SourceError(path, "no column holds a name or an email; name one with --map name=COLUMN", line)
