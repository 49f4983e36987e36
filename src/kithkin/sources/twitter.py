"""An X/Twitter archive: the accounts the user follows and that follow back.

"Download an archive of your data" gives a folder whose ``data/`` holds
JavaScript files such as ``following.js`` and ``follower.js``, each a JSON
array behind an assignment::

    window.YTD.following.part0 = [ { "following" : { "accountId" : "…", "userLink" : "…" } }, … ]

Large lists are split into ``following-part1.js``… (``part1``…). Current
archives give only the numeric ``accountId`` and a ``userLink``; older ones and
third-party tools add ``screenName`` and ``name``, which are used when there.

Only a *mutual* follow says the two people know each other (a tie); following a
famous account does not, so a one-way follow makes a person with a :class:`Follow`
of its own — "you follow" or "follows you" — which is never a tie (the network,
common friends and suggestions do not count it). The optional ``account.js`` says who the user is, and
``contact.js`` holds the address book the user uploaded to X (emails and phone
numbers, no names): each entry becomes a person named by their first email or
phone, so a later vCard or LinkedIn import merges with them.

The archive's ``.zip`` itself is read too, without extracting it: only the
files named above are copied (each capped, by their base name, so no ``../``
member reaches outside) into a temporary folder and read from there; the
tweets, media and everything else in it are left alone.

The files are JSON from a download, so they are read defensively: at most
:data:`MAX_BYTES` each, the wrapper must be exactly ``window.YTD.<name>.partN
=``, and nesting deep enough to exhaust the parser's stack is refused with a
clear message rather than a ``RecursionError``.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind
from kithkin.sources import reading
from kithkin.sources.directory import readable_name
from kithkin.sources.records import ME, Follow, Item, Link, Notice, Record
from kithkin.sources.source import Format

MAX_BYTES = 200 * 1024 * 1024
"""Largest file read: a following.js of 5,000 accounts is about 750 KB."""

KINDS = ("following", "follower", "account", "contact")

_WRAPPER = re.compile(r"\A\ufeff?\s*window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)[ \t]*=[ \t]*")
_FILE = re.compile(r"^(following|follower|account|contact)(?:-part\d+)?\.js$", re.IGNORECASE)
_ID = re.compile(r"^\d{1,25}$")


@dataclass(frozen=True)
class Account:
    """One entry of following.js / follower.js."""

    id: str
    link: str
    screen_name: str = ""
    name: str = ""


def sniff(head: str, name: str) -> bool:
    """Is this a following.js, follower.js or account.js of an X/Twitter archive?

    >>> sniff('window.YTD.following.part0 = [ {\\n  "following" : {', "following.js")
    True
    >>> sniff('window.YTD.tweets.part0 = [', "tweets.js")
    False
    """
    match = _WRAPPER.match(head)
    return match is not None and match[1] in KINDS


def parse(path: pathlib.Path) -> Iterator[Item]:
    """Mutual follows as people linked to the user, one-way follows as people with a :class:`Follow`, and the
    user from account.js.

    ``path`` is the archive folder, its ``data/`` folder, or one of the files
    (then the other files beside it are read too: a mutual follow needs both
    lists). Raises :class:`~kithkin.errors.SourceError` on a file that is too
    large, not wrapped as ``window.YTD.<name>.partN =``, not JSON, nested too
    deeply, or whose entries lack an ``accountId``. ``path`` may also be the
    archive's ``.zip``.
    """
    if path.is_file() and zipfile.is_zipfile(path):
        yield from _parse_zip(path)
        return
    files = _files(path)
    if "account" in files:
        yield from _me(files["account"])
    for file in files.get("contact", []):
        yield from _contacts(file)
    following: dict[str, Account] = {}
    for file in files.get("following", []):
        for account in accounts(file, "following"):
            following.setdefault(account.id, account)
    followers: dict[str, Account] = {}
    for file in files.get("follower", []):
        for account in accounts(file, "follower"):
            followers.setdefault(account.id, account)
    for account_id, account in following.items():
        if account_id in followers:
            yield from _person(account, followers[account_id])
        else:
            yield from _one_way(account, follows_me=False)
    for account_id, account in followers.items():
        if account_id not in following:
            yield from _one_way(account, follows_me=True)
    unnamed = sum(1 for a in {**followers, **following}.values() if not (a.name or a.screen_name))
    if unnamed:  # 807 people called "X account 23792365" arrived without a word
        yield Notice(f"{unnamed:,} accounts the archive names only by their X id (follower.js and following.js "
                     "give no name): kept as 'X account …' with a link to their profile; rename them as you "
                     "recognise them")  # fmt: skip


def in_archive(names: list[str]) -> bool:
    """Do these member names of a zip hold an X archive's follow lists or address book?

    >>> in_archive(["twitter-2024/data/following.js", "twitter-2024/data/tweets.js"]), in_archive(["Connections.csv"])
    (True, False)
    """
    return any(_FILE.match(name.replace("\\", "/").rsplit("/", 1)[-1]) for name in names)


def _parse_zip(path: pathlib.Path) -> Iterator[Item]:
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory(prefix="kithkin-") as tmp:
            folder = pathlib.Path(tmp)
            shown = _unpack(path, archive, folder)
            try:
                yield from parse(folder)
            except SourceError as error:  # name the member in the archive, not the temporary copy
                where = shown.get(pathlib.Path(error.path).name, str(path))
                raise SourceError(where, error.message, error.line, error.field) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise SourceError(str(path), f"cannot read this archive: {exc}") from None


def _unpack(path: pathlib.Path, archive: zipfile.ZipFile, folder: pathlib.Path) -> dict[str, str]:
    """Copy the archive's following/follower/account/contact files into ``folder`` under their base names
    (the first of each name; at most :data:`MAX_BYTES` each, whatever the member claims); returns each copy's
    name -> ``archive.zip:member`` for messages."""
    shown: dict[str, str] = {}
    for info in archive.infolist():
        base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if info.is_dir() or not _FILE.match(base) or base.lower() in shown:
            continue
        where = f"{path}:{info.filename}"
        if info.file_size > MAX_BYTES:
            raise SourceError(where, "larger than 200 MB; not an X archive file")
        with archive.open(info) as source, (folder / base.lower()).open("wb") as sink:
            shutil.copyfileobj(source, sink)  # zipfile never gives more than the size checked above
        shown[base.lower()] = where
    if not shown:
        raise SourceError(str(path), "no following.js, follower.js or contact.js in this archive; is it an X archive?")
    return shown


def accounts(path: pathlib.Path, kind: str) -> Iterator[Account]:
    """The entries of one following/follower file, checked."""
    for number, entry in enumerate(load(path, kind), start=1):
        inner = entry.get(kind) if isinstance(entry, dict) else None
        if not isinstance(inner, dict):
            raise SourceError(str(path), f'entry {number} is not {{"{kind}": {{…}}}}', field=kind)
        account_id = inner.get("accountId")
        if isinstance(account_id, int) and not isinstance(account_id, bool):
            account_id = str(account_id)
        if not isinstance(account_id, str) or not _ID.match(account_id):
            raise SourceError(str(path), f"entry {number} has no numeric accountId", field="accountId")
        yield Account(
            account_id,
            _text(inner.get("userLink")) or f"https://twitter.com/intent/user?user_id={account_id}",
            _text(inner.get("screenName")),
            " ".join(_text(inner.get("name")).split()),
        )


def load(path: pathlib.Path, kind: str) -> list[Any]:
    """The JSON array of a ``window.YTD.<kind>.partN = [...]`` file."""
    text = _read(path)
    match = _WRAPPER.match(text)
    if match is None:
        raise SourceError(str(path), "does not start with window.YTD.<name>.partN = ; not an X archive file", 1)
    if match[1] != kind:
        raise SourceError(str(path), f"holds window.YTD.{match[1]}, expected window.YTD.{kind}", 1)
    try:
        data = json.loads(text[match.end() :])
    except RecursionError:
        raise SourceError(str(path), "JSON nested too deeply; not an X archive file") from None
    except json.JSONDecodeError as exc:
        line = exc.lineno + text.count("\n", 0, match.end())
        raise SourceError(str(path), f"not valid JSON: {exc.msg}", line) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise SourceError(str(path), f"not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise SourceError(str(path), f"window.YTD.{kind} is not a list", 1)
    return data


def _read(path: pathlib.Path) -> str:
    raw = reading.bounded_bytes(path, MAX_BYTES, "larger than 200 MB; not an X archive file")
    if b"\x00" in raw[:4096]:
        raise SourceError(str(path), "this is a binary file, not an X archive file")
    return raw.decode("utf-8", errors="replace")


def _files(path: pathlib.Path) -> dict[str, list[pathlib.Path]]:
    """The archive's following/follower/account files, by kind, parts in order."""
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    folder = path.parent if path.is_file() else path
    if path.is_dir() and (path / "data").is_dir():
        folder = path / "data"
    found: dict[str, list[pathlib.Path]] = {}
    for file in sorted(folder.iterdir(), key=lambda p: _part_order(p.name)):
        match = _FILE.match(file.name)
        if match and file.is_file():
            found.setdefault(match[1].lower(), []).append(file)
    if path.is_file() and path not in [f for files in found.values() for f in files]:
        text = _read(path)[:200]
        match = _WRAPPER.match(text)
        if match is None or match[1] not in KINDS:
            raise SourceError(str(path), "not a following.js, follower.js or account.js of an X archive", 1)
        found.setdefault(match[1], []).append(path)
    if not found.keys() & {"following", "follower", "contact"}:
        raise SourceError(str(path), "no following.js, follower.js or contact.js here; is this an X archive "
                          "(or its data/ folder)?")  # fmt: skip
    return found


def _part_order(name: str) -> tuple[str, int]:
    """following.js, following-part1.js, following-part2.js… in that order."""
    match = re.match(r"^(.*?)(?:-part(\d+))?\.js$", name, re.IGNORECASE)
    return (match[1].lower(), int(match[2] or 0)) if match else (name.lower(), 0)


def _person(followed: Account, follower: Account) -> Iterator[Item]:
    """A mutual follow: a person and a tie with the user."""
    record = _record(followed, follower)
    yield record
    yield Link(ME, record.key, how="mutual follow on X")


def _one_way(account: Account, *, follows_me: bool) -> Iterator[Item]:
    """A one-way follow: a person and a :class:`Follow`, not a tie."""
    record = _record(account, account)
    yield record
    yield Follow(record.key, follows_me, "X")


def _record(followed: Account, follower: Account) -> Record:
    screen_name = followed.screen_name or follower.screen_name
    name = followed.name or follower.name or screen_name or f"X account {followed.id}"
    contacts = [Contact(ContactKind.URL, followed.link or follower.link)]
    if screen_name:
        contacts.append(Contact(ContactKind.HANDLE, screen_name, "x"))
    return Record(f"x:{followed.id}", name, contacts=tuple(contacts))


def _contacts(path: pathlib.Path) -> Iterator[Item]:
    """The entries of contact.js: ``{"contact": {"id": "…", "emails": [...], "phoneNumbers": [...]}}``.

    An entry that is not of that shape, or has neither an email nor a phone, is skipped with a notice.
    """
    skipped = 0
    for number, entry in enumerate(load(path, "contact"), start=1):  # entries, not lines: no line numbers
        inner = entry.get("contact") if isinstance(entry, dict) else None
        inner = inner if isinstance(inner, dict) else {}
        emails = [e for e in (_text(v) for v in _list(inner.get("emails"))) if "@" in e]
        phones = [p for p in (_text(v) for v in _list(inner.get("phoneNumbers"))) if p]
        if not emails and not phones:
            skipped += 1
            continue
        contacts = [Contact(ContactKind.EMAIL, e) for e in emails] + [Contact(ContactKind.PHONE, p) for p in phones]
        ident = _text(inner.get("id")) or str(number)
        name = readable_name(emails[0]) if emails else phones[0]
        yield Record(f"x-contact:{ident}", name, contacts=tuple(contacts))
    if skipped:
        yield Notice(f"{skipped:,} entries of {path.name} without an email or phone skipped", unreadable=True)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _me(files: list[pathlib.Path]) -> Iterator[Item]:
    for file in files:
        for entry in load(file, "account"):
            account = entry.get("account") if isinstance(entry, dict) else None
            if not isinstance(account, dict):
                continue
            username, email = _text(account.get("username")), _text(account.get("email"))
            contacts = [Contact(ContactKind.HANDLE, username, "x")] if username else []
            contacts += [Contact(ContactKind.EMAIL, email)] if email else []
            name = " ".join(_text(account.get("accountDisplayName")).split()) or username
            yield Record(ME, name, contacts=tuple(contacts), is_me=True)
            return


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


SOURCE = Format("twitter", sniff, lambda path, options: parse(path))
