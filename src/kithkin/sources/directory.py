"""Member directories: alumni associations, chambers of commerce, attendee lists.

A community hands out its members as a spreadsheet (CSV with ``,``, ``;`` or
tab between cells), a JSON array of objects (or an object holding one such
array) or JSON Lines. Every community names its columns differently, so
columns are matched to kithkin's fields by name — case, spaces and
punctuation ignored, so "E-mail Address" is ``email`` — and the user can name
them outright with a mapping (``--map email="E-mail"`` or a mapping file). The
mapping chosen is reported in a :class:`Notice`, as is every column not read
(the matching lives in :mod:`kithkin.sources.directory_mapping`).

Directories can be big (a national alumni association has a million rows), so
parsing streams: CSV row by row, JSON through :mod:`kithkin.sources.jsonstream`
(a sliding window of at most :data:`~kithkin.sources.jsonstream.MAX_JSON_VALUE`
characters), so memory does not grow with the file. The
only per-row state kept is the set of keys already given, which makes keys
unique within the file ("#2" for a second identical one).

What a row becomes: a :class:`Record` keyed by the member id, else the
LinkedIn URL, else the email, else the name; school (with major or degree and
the graduation year as its end), employer (with title), city (a place),
interests, and the community the whole directory belongs to.
"""

from __future__ import annotations

import csv
import json
import pathlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kithkin.dates import parse_fuzzy
from kithkin.errors import BadDate, InputError, SourceError
from kithkin.identity import email_key, name_key, url_key
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources import jsonstream, reading
from kithkin.sources.directory_mapping import FIELDS, Columns, check_columns, check_fields, guess_field
from kithkin.sources.records import Item, Membership, Notice, Record
from kithkin.sources.source import Format

_SPLIT = re.compile(r"\s*[;|,]\s*")
_MANY = re.compile(r"\s*[;|]\s*")


#: A jCard (vCard as JSON, RFC 7095) starts ``["vcard", [`` (or a list of those): kithkin does not read it.
_JCARD = re.compile(r'^\[\s*(\[\s*)?"vcard"\s*,', re.I)


def sniff(head: str, name: str) -> bool:
    """A JSON array/object/JSON Lines, or a table whose header has a column kithkin knows.

    >>> sniff('[{"Full Name": "Dana Reyes"}]', "members.json")
    True
    >>> sniff("Full Name;E-mail;Class Year\\nDana Reyes;d@x.org;2001\\n", "members.txt")
    True
    >>> sniff("hello world\\n", "notes.txt"), sniff("a,b\\rc,d\\n", "x.csv")
    (False, False)
    >>> sniff('["vcard", [["version", {}, "text", "4.0"]]]', "card.json")  # jCard (RFC 7095), not a directory
    False
    """
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith(("[", "{")):
        return _JCARD.match(text) is None
    first = text.split("\n", 1)[0]
    try:
        cells = next(csv.reader([first], delimiter=_delimiter(first)), [])
    except csv.Error:  # a lone CR inside the first line (found by tests/test_sources_fuzz.py)
        return False
    known = any(guess_field(cell) is not None for cell in cells)
    return len(cells) >= 2 and (known or name.lower().endswith((".csv", ".tsv")))


def parse(
    path: pathlib.Path, *, mapping: Mapping[str, str] | None = None, community: str | None = None
) -> Iterator[Item]:
    """The members of a directory file, one :class:`Record` each, then notices.

    ``mapping`` maps kithkin fields (:data:`.directory_mapping.FIELDS`) to column names; fields
    it leaves out are matched by header name. ``community`` is a group every
    member belongs to. Raises :class:`SourceError` naming the file, line and
    column for a mapped column the file lacks, a bad graduation year, or
    malformed CSV/JSON; :class:`InputError` for a mapping naming an unknown field.
    """
    check_fields(mapping or {})
    builder = _Builder(str(path), (community or "").strip())
    head = reading.head(path)
    reading.refuse_binary(path, head)
    text = head.lstrip("\ufeff \t\r\n")
    if path.suffix.lower() in (".jsonl", ".ndjson") or (text.startswith("{") and jsonstream.is_json_lines(text)):
        yield from _objects(path, jsonstream.json_lines(path), mapping, builder)
    elif text.startswith(("[", "{")):
        yield from _objects(path, jsonstream.array_objects(path), mapping, builder)
    else:
        yield from _table(path, head, mapping, builder)
    yield from builder.notices()


def load_mapping(path: pathlib.Path) -> dict[str, str]:
    """A mapping file: a JSON object ``{"email": "E-mail"}`` or lines ``email = E-mail`` (``#`` comments).

    Raises :class:`SourceError` naming the line of a malformed entry or unknown field.
    """
    text = "\n".join(line for _, line in reading.lines(path))
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise SourceError(str(path), f"not a valid JSON mapping: {exc}", 1) from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise SourceError(str(path), 'a JSON mapping is an object of "field": "column" strings', 1)
        entries = [(1, k, v) for k, v in data.items()]
    else:
        entries = []
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                field_name, sep, column = line.partition("=")
                if not sep or not column.strip():
                    raise SourceError(str(path), f"expected field = column, got {line.strip()!r}", number)
                entries.append((number, field_name, column))
    mapping: dict[str, str] = {}
    for number, field_name, column in entries:
        name = field_name.strip().lower().replace("-", "_").replace(" ", "_")
        if name not in FIELDS:
            raise SourceError(str(path), f"unknown field {field_name.strip()!r}; fields: {', '.join(FIELDS)}", number)
        mapping[name] = column.strip()
    return mapping


def parse_mapping_flags(flags: Iterable[str]) -> dict[str, str]:
    """``["email=E-mail Address", "graduation_year=Class"]`` as a mapping.

    >>> parse_mapping_flags(["email = E-mail Address", "graduation_year=Class"])
    {'email': 'E-mail Address', 'graduation_year': 'Class'}
    >>> parse_mapping_flags(["Class Year=Class"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kithkin.errors.InputError: unknown field 'Class Year' in --map; fields: id, name, first_name, ...
    """
    mapping: dict[str, str] = {}
    for flag in flags:
        field_name, sep, column = flag.partition("=")
        if not sep or not column.strip():
            raise InputError(f"--map expects field=column, got {flag!r}")
        name = field_name.strip()
        if name not in FIELDS:
            raise InputError(f"unknown field {name!r} in --map; fields: {', '.join(FIELDS)}")
        mapping[name] = column.strip()
    return mapping


# -- CSV ------------------------------------------------------------------------------------------


def _delimiter(header: str) -> str:
    """The delimiter of a header line: the most frequent of , ; tab |, preferring the comma on a tie.

    >>> _delimiter("Name;E-mail;Company, Inc"), _delimiter("Name\\tEmail")
    (';', '\\t')
    """
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _table(path: pathlib.Path, head: str, mapping: Mapping[str, str] | None, builder: _Builder) -> Iterator[Item]:
    first = head.lstrip("\ufeff\r\n").split("\n", 1)[0]
    delimiter = _delimiter(first)
    try:
        dialect = csv.Sniffer().sniff(head[:16384], delimiters=",;\t|")
        if dialect.delimiter in first:
            delimiter = dialect.delimiter
    except csv.Error:
        pass
    rows = reading.csv_rows(path, delimiter=delimiter)
    line, header = next(((n, cells) for n, cells in rows if any(c.strip() for c in cells)), (1, []))
    columns = Columns(line)
    for cell in header:
        columns.add(cell.strip().lstrip("\ufeff"), mapping or {})
    check_columns(str(path), columns, mapping or {}, line)
    names = [cell.strip().lstrip("\ufeff") for cell in header]
    index = [(columns.field_of[c], i) for i, c in enumerate(names)]
    builder.columns = {f: c for c, f in columns.field_of.items() if f}
    known = [(f, i) for f, i in index if f]
    unread = [(c, i) for i, c in enumerate(names) if columns.field_of[c] is None]
    yield from columns.chosen_notice()
    for number, cells in rows:
        size = len(cells)
        for column, i in unread:
            if i < size and cells[i].strip():
                columns.unread[column] += 1
        record = builder.record({f: cells[i].strip() for f, i in known if i < size}, number)
        if record is not None:
            yield record
    yield from columns.unread_notices()


# -- JSON -----------------------------------------------------------------------------------------


def _objects(
    path: pathlib.Path,
    objects: Iterator[tuple[int, dict[str, Any]]],
    mapping: Mapping[str, str] | None,
    builder: _Builder,
) -> Iterator[Item]:
    """Records from JSON objects; columns are the keys, placed as they first appear."""
    columns = Columns(1)
    nested: dict[str, int] = {}
    for line, obj in objects:
        values: dict[str, str] = {}
        for key, value in obj.items():
            if key not in columns.field_of:
                if len(columns.field_of) >= reading.MAX_COLUMNS:
                    raise SourceError(str(path), f"more than {reading.MAX_COLUMNS:,} different keys", line, key)
                columns.add(key, mapping or {})
                if (field := columns.field_of[key]) is not None:
                    builder.columns.setdefault(field, key)
            text = value if type(value) is str else _json_text(value)
            name = columns.field_of[key]
            if text is None:
                nested[key] = nested.get(key, 0) + 1
            elif name is not None:
                values[name] = text.strip()
            elif text.strip():
                columns.unread[key] += 1
        record = builder.record(values, line)
        if record is not None:
            yield record
    if builder.count:
        check_columns(str(path), columns, mapping or {}, 1)
    yield from columns.chosen_notice()
    yield from columns.unread_notices()
    for key, count in nested.items():
        members = "1 member" if count == 1 else f"{count:,} members"
        yield Notice(f'key "{key}" holds nested objects, which are not read ({members})')


def _json_text(value: Any) -> str | None:
    """A JSON value as cell text; lists joined by "; "; ``None`` for a nested object."""
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [_json_text(v) for v in value]
        return None if any(p is None for p in parts) else "; ".join(p for p in parts if p)
    return None


# -- records --------------------------------------------------------------------------------------


class _Builder:
    """Turns one row's field values into a Record; keeps keys unique and counts skipped rows."""

    def __init__(self, path: str, community: str) -> None:
        self.path = path
        self.community = community
        self.seen: dict[str, int] = {}
        self.count = 0
        self.skipped = 0
        self.lost_years = 0
        self.shared: dict[tuple[GroupKind, str, str, int], Membership] = {}
        self.years: dict[str, FuzzyDate | None] = {}
        #: field -> the file's own column ("graduation_year" -> "Class Year"): errors name what the user sees
        self.columns: dict[str, str] = {}

    def record(self, v: dict[str, str], line: int) -> Record | None:
        self.count += 1
        emails = [e for e in _split(v.get("email", "")) if "@" in e]
        name = " ".join((v.get("name") or f"{v.get('first_name', '')} {v.get('last_name', '')}").split())
        if not name and emails:
            name = readable_name(emails[0])
        if not name:
            self.skipped += any(v.values())
            return None
        linkedin = v.get("linkedin", "")
        contacts = [Contact(ContactKind.EMAIL, e) for e in emails]
        contacts += [Contact(ContactKind.PHONE, p) for p in _MANY.split(v.get("phone", "")) if p]
        contacts += [Contact(ContactKind.URL, linkedin)] if linkedin else []
        return Record(
            key=self.key(v.get("id", ""), linkedin, emails, name),
            name=name,
            line=line,
            contacts=tuple(contacts),
            tags=tuple(_split(v.get("tags", ""))),
            notes=v.get("notes", ""),
            memberships=tuple(self.memberships(v, line)),
        )

    def memberships(self, v: dict[str, str], line: int) -> Iterator[Membership]:
        year = self.year(v.get("graduation_year", ""), line)
        school, role = v.get("school", ""), v.get("major") or v.get("degree", "")
        if school:
            yield self.membership(GroupKind.SCHOOL, school, role, year)
        if employer := v.get("employer"):
            yield self.membership(GroupKind.EMPLOYER, employer, v.get("title", ""))
        if city := v.get("city", "").split(",", 1)[0].strip():
            yield self.membership(GroupKind.PLACE, city)
        for interest in _split(v.get("interests", "")):
            yield self.membership(GroupKind.INTEREST, interest)
        if self.community:
            # An alumni list without a school column: the class year still says who overlapped.
            klass = f"class of {year.year}" if year and not school else ""
            yield self.membership(GroupKind.COMMUNITY, self.community, klass)
        elif year and not school:
            self.lost_years += 1

    def membership(self, kind: GroupKind, name: str, role: str = "", end: FuzzyDate | None = None) -> Membership:
        """Memberships are frozen, so equal ones are shared: most members repeat a school or city."""
        slot = (kind, name, role, end.year if end else 0)
        found = self.shared.get(slot)
        if found is None:
            if len(self.shared) > 100_000:
                self.shared.clear()  # bound memory when every value is different
            found = self.shared[slot] = Membership(kind, name, role=role, end=end)
        return found

    def year(self, text: str, line: int) -> FuzzyDate | None:
        if text in self.years:
            return self.years[text]
        value = self._year(text, line)
        if len(self.years) < 10_000:
            self.years[text] = value
        return value

    def _year(self, text: str, line: int) -> FuzzyDate | None:
        cleaned = re.sub(r"(?i)^class\s+of\s+|^'|\.0+$", "", text.strip())
        if not cleaned:
            return None
        try:
            year = parse_fuzzy(cleaned).year
        except BadDate:
            year = 0
        if not 1900 <= year <= 2100:
            column = self.columns.get("graduation_year", "graduation_year")
            raise SourceError(self.path, f"graduation year {text!r} is not a year such as 2001", line, column)
        return FuzzyDate(year)

    def key(self, member_id: str, linkedin: str, emails: list[str], name: str) -> str:
        if member_id:
            key = "member:" + member_id
        elif linkedin:
            key = url_key(re.split(r"[?#]", linkedin, maxsplit=1)[0])
        elif emails:
            key = email_key(emails[0])
        else:
            key = "name:" + name_key(name)
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        return key if count == 1 else f"{key}#{count}"

    def notices(self) -> Iterator[Notice]:
        if self.skipped:
            rows = "1 row" if self.skipped == 1 else f"{self.skipped:,} rows"
            yield Notice(f"{rows} with neither a name nor an email skipped")
        if self.lost_years:
            years = "1 graduation year" if self.lost_years == 1 else f"{self.lost_years:,} graduation years"
            yield Notice(f"{years} not kept: no school column (give --community)")


def _split(text: str) -> list[str]:
    """The values of a cell holding several, separated by ``;``, ``|`` or ``,``.

    >>> _split("jazz; go |chess,"), _split("hiking"), _split("")
    (['jazz', 'go', 'chess'], ['hiking'], [])
    """
    if not text:
        return []
    if ";" not in text and "," not in text and "|" not in text:
        return [text]  # the common case, without a regex
    return [part for part in _SPLIT.split(text) if part]


def readable_name(email: str) -> str:
    """A name made from an email's local part, for a member listed only by address.

    >>> readable_name("dana.reyes@example.com"), readable_name("jsmith@x.org"), readable_name("ann_O-Brien@x")
    ('Dana Reyes', 'Jsmith', 'Ann O Brien')
    """
    local = email.split("@", 1)[0].split("+", 1)[0]
    return " ".join(part[:1].upper() + part[1:] for part in re.split(r"[._\-]+", local) if part)


SOURCE = Format(
    "directory", sniff, lambda path, options: parse(path, mapping=options.mapping, community=options.community)
)
