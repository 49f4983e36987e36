"""People: rows of ``people`` with their aliases, contacts and tags."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence

from kithkin.errors import UnknownPerson
from kithkin.identity import contact_key, name_key
from kithkin.model import Address, Contact, ContactKind, Person
from kithkin.store.base import StoreBase, in_chunks

#: People counts by the store state they were counted in (see :meth:`PeopleStore.count_people`).
_PEOPLE_COUNTS: dict[str, int] = {}


class PeopleStore(StoreBase):
    def add_person(self, person: Person, source: str) -> Person:
        """Save a new person with their aliases, contacts and tags; returns it with its id."""
        with self.transaction():
            sid = self.source_id(source)
            row = self.db.execute(
                "INSERT INTO people(name, name_key, notes, source_id) VALUES (?, ?, ?, ?) RETURNING id",
                (person.name, name_key(person.name), person.notes, sid),
            ).fetchone()
            pid = int(row[0])
            self._add_details(pid, person.aliases, person.contacts, person.tags, sid)
            if person.is_me:
                self.set_me(pid)
        return self.get_person(pid)

    def _add_details(
        self,
        pid: int,
        aliases: Iterable[str],
        contacts: Iterable[Contact],
        tags: Iterable[str],
        sid: int,
    ) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO person_aliases(person_id, alias, alias_key, source_id) VALUES (?, ?, ?, ?)",
            [(pid, a, name_key(a), sid) for a in aliases if name_key(a)],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO contacts(person_id, kind, value, value_key, label, source_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(pid, c.kind.value, c.value, contact_key(c.kind.value, c.value), c.label, sid) for c in contacts],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO tags(person_id, tag, source_id) VALUES (?, ?, ?)",
            [(pid, t, sid) for t in tags],
        )

    def update_person(
        self,
        pid: int,
        source: str,
        *,
        name: str | None = None,
        notes: str | None = None,
        add_aliases: Sequence[str] = (),
        remove_aliases: Sequence[str] = (),
        add_contacts: Sequence[Contact] = (),
        remove_contacts: Sequence[Contact] = (),
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        birthday: str | None = None,
    ) -> Person:
        """Change a person in one transaction; returns them as they now are."""
        self.get_person(pid)
        with self.transaction():
            sid = self.source_id(source)
            if name is not None:
                self.db.execute("UPDATE people SET name = ?, name_key = ? WHERE id = ?", (name, name_key(name), pid))
            if notes is not None:
                self.db.execute("UPDATE people SET notes = ? WHERE id = ?", (notes, pid))
            if birthday is not None:
                self.db.execute("UPDATE people SET birthday = ? WHERE id = ?", (birthday, pid))
            self._add_details(pid, add_aliases, add_contacts, add_tags, sid)
            self.db.executemany(
                "DELETE FROM contacts WHERE person_id = ? AND kind = ? AND value_key = ?",
                [(pid, c.kind.value, contact_key(c.kind.value, c.value)) for c in remove_contacts],
            )
            self.db.executemany("DELETE FROM tags WHERE person_id = ? AND tag = ?", [(pid, t) for t in remove_tags])
            self.db.executemany(
                "DELETE FROM person_aliases WHERE person_id = ? AND alias = ?", [(pid, a) for a in remove_aliases]
            )
        return self.get_person(pid)

    def remove_person(self, pid: int) -> Person:
        """Forget a person: delete them and every trace of them the store holds — their contacts, records,
        affiliations and ties (by cascade), the interactions and goals about them alone, the groups only they
        belonged to, the sources only their rows came from, and their words in the search index — with
        SQLite's secure delete on (every store has it), so freed pages are zeroed. Returns who was removed."""
        person = self.get_person(pid)
        with self.transaction():
            groups = [
                g for (g,) in self.db.execute("SELECT DISTINCT group_id FROM affiliations WHERE person_id = ?", (pid,))
            ]
            sources = {s for (s,) in self.db.execute(_SOURCES_OF, {"pid": pid}) if s is not None}
            self.db.execute(
                "DELETE FROM interactions WHERE id IN (SELECT interaction_id FROM interaction_people "
                "GROUP BY interaction_id HAVING count(*) = 1 AND max(person_id) = ?)",
                (pid,),
            )
            self.db.execute("DELETE FROM goals WHERE person_id = ?", (pid,))
            self.db.execute("DELETE FROM people WHERE id = ?", (pid,))
            for chunk, marks in in_chunks(groups):
                self.db.execute(
                    f"DELETE FROM groups WHERE id IN ({marks}) AND NOT EXISTS "
                    "(SELECT 1 FROM affiliations WHERE group_id = groups.id)",
                    list(chunk),
                )
            for source in sorted(sources):
                self._drop_source_if_unused(source)
            # FTS5 keeps deleted terms in its index segments until they are merged: merge them now.
            self.db.execute("INSERT INTO people_search(people_search) VALUES ('optimize')")
        return person

    def _drop_source_if_unused(self, source: int) -> None:
        """Delete a source (its label names a file) once no row points at it; one still used stays."""
        self.db.execute("SAVEPOINT drop_source")
        try:
            self.db.execute("DELETE FROM sources WHERE id = ?", (source,))
        except sqlite3.IntegrityError:  # still used by someone else's rows
            self.db.execute("ROLLBACK TO drop_source")
        self.db.execute("RELEASE drop_source")

    def compact(self) -> None:
        """Rewrite the file without free pages (VACUUM) and empty the write-ahead log: what was deleted is
        gone from the file's bytes too."""
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def set_me(self, pid: int) -> Person:
        """Mark ``pid`` as the user (and nobody else)."""
        self.get_person(pid)
        with self.transaction():
            self.db.execute("UPDATE people SET is_me = 0 WHERE is_me = 1")
            self.db.execute("UPDATE people SET is_me = 1 WHERE id = ?", (pid,))
        return self.get_person(pid)

    def me(self) -> Person | None:
        row = self.db.execute("SELECT id FROM people WHERE is_me = 1").fetchone()
        return None if row is None else self.get_person(int(row[0]))

    def get_person(self, pid: int) -> Person:
        found = self.get_people([pid])
        if not found:
            raise UnknownPerson(f"#{pid}")
        return found[0]

    def get_people(self, ids: Sequence[int]) -> list[Person]:
        """People by id, in the order asked, skipping ids that do not exist."""
        if not ids:
            return []
        wanted = list(dict.fromkeys(ids))
        aliases: dict[int, list[str]] = defaultdict(list)
        contacts: dict[int, list[Contact]] = defaultdict(list)
        tags: dict[int, list[str]] = defaultdict(list)
        rows: dict[int, tuple[str, str, int]] = {}
        for chunk, marks in in_chunks(wanted):
            for pid, name, notes, is_me in self.db.execute(
                f"SELECT id, name, notes, is_me FROM people WHERE id IN ({marks})", chunk
            ):
                rows[pid] = (name, notes, is_me)
            for pid, alias in self.db.execute(
                f"SELECT person_id, alias FROM person_aliases WHERE person_id IN ({marks}) ORDER BY alias", chunk
            ):
                aliases[pid].append(alias)
            for pid, kind, value, label in self.db.execute(
                f"SELECT person_id, kind, value, label FROM contacts WHERE person_id IN ({marks})", chunk
            ):
                contacts[pid].append(Contact(ContactKind(kind), value, label))
            for pid, tag in self.db.execute(f"SELECT person_id, tag FROM tags WHERE person_id IN ({marks})", chunk):
                tags[pid].append(tag)
        return [
            Person(
                id=pid,
                name=rows[pid][0],
                notes=rows[pid][1],
                is_me=bool(rows[pid][2]),
                aliases=tuple(aliases[pid]),
                contacts=tuple(contacts[pid]),
                tags=tuple(tags[pid]),
            )
            for pid in wanted
            if pid in rows
        ]

    def names_of(self, ids: Sequence[int]) -> dict[int, str]:
        """Just the names of people by id (a drawing of 2,000 people needs no more)."""
        names: dict[int, str] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(ids))):
            names.update(self.db.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", chunk).fetchall())
        return names

    def people_named(self, key: str) -> list[int]:
        """Ids of people whose name or an alias has exactly this match key."""
        rows = self.db.execute(
            "SELECT id FROM people WHERE name_key = ? UNION SELECT person_id FROM person_aliases WHERE alias_key = ?",
            (key, key),
        )
        return sorted(int(r[0]) for r in rows)

    def people_with_contact(self, kind: ContactKind, value: str) -> list[int]:
        """Ids of people who have this email, phone, handle or URL."""
        rows = self.db.execute(
            "SELECT DISTINCT person_id FROM contacts WHERE kind = ? AND value_key = ? ORDER BY person_id",
            (kind.value, contact_key(kind.value, value)),
        )
        return [int(r[0]) for r in rows]

    def search_people(self, text: str, limit: int = 50) -> list[Person]:
        """People ``text`` finds, best first, each once: an exact email, phone, handle or URL; then words
        starting each word of ``text`` in a name, alias or notes (BM25 over the full-text index); then an
        email starting with ``text``; then members of a school or employer one of whose names starts with
        ``text`` (current members first).

        Each lookup is an index seek with a limit, so a search stays fast on 10^5 people.
        """
        found = [
            *self._people_by_contact(text),
            *self._people_by_words(text, limit),
            *self._people_by_email_start(text, limit),
            *self._people_by_group(text, limit),
        ]
        return self.get_people(list(dict.fromkeys(found))[:limit])

    def people_reached_by(self, text: str, limit: int = 20) -> list[Person]:
        """People with ``text`` as an email, phone, handle or URL, then those with an email starting with it: what
        a search box finds that no word of a name does."""
        found = [*self._people_by_contact(text), *self._people_by_email_start(text, limit)]
        return self.get_people(list(dict.fromkeys(found))[:limit])

    def _people_by_words(self, text: str, limit: int) -> list[int]:
        words = name_key(text).split()
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)
        rows = self.db.execute(
            "SELECT rowid FROM people_search WHERE people_search MATCH ? ORDER BY rank LIMIT ?", (query, limit)
        )
        return [int(r[0]) for r in rows]

    def _people_by_contact(self, text: str) -> list[int]:
        found: list[int] = []
        for kind in ContactKind:
            key = contact_key(kind.value, text.strip())
            if key:
                found += self.people_with_contact(kind, text.strip())
        return found

    def _people_by_email_start(self, text: str, limit: int) -> list[int]:
        start = contact_key(ContactKind.EMAIL.value, text.strip())
        if len(start) < 3 or " " in start:
            return []
        rows = self.db.execute(
            "SELECT person_id FROM contacts WHERE kind = 'email' AND value_key >= ? AND value_key < ? LIMIT ?",
            (start, start + "\U0010ffff", limit),
        )
        return [int(r[0]) for r in rows]

    def _people_by_group(self, text: str, limit: int) -> list[int]:
        start = name_key(text)
        if len(start) < 2:
            return []
        rows = self.db.execute(
            "SELECT a.person_id FROM (SELECT DISTINCT group_id FROM group_aliases WHERE kind IN ('school', 'employer') "
            "AND alias_key >= ? AND alias_key < ? LIMIT 20) g "
            "JOIN affiliations a ON a.group_id = g.group_id ORDER BY a.end_date IS NOT NULL, a.person_id LIMIT ?",
            (start, start + "\U0010ffff", limit),
        )
        return [int(r[0]) for r in rows]

    def list_people(self, *, tag: str | None = None, limit: int | None = None, offset: int = 0) -> list[Person]:
        """People in name order, optionally only those with ``tag``."""
        sql = "SELECT id FROM people"
        params: list[object] = []
        if tag is not None:
            sql += " WHERE id IN (SELECT person_id FROM tags WHERE tag = ?)"
            params.append(tag)
        sql += " ORDER BY name_key, id LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        return self.get_people([int(r[0]) for r in self.db.execute(sql, params)])

    def addresses_of(self, pid: int) -> list[Address]:
        """A person's postal addresses, in the order they were stored."""
        rows = self.db.execute(
            "SELECT pobox, extended, street, locality, region, postcode, country, label FROM addresses "
            "WHERE person_id = ? ORDER BY id",
            (pid,),
        )
        return list(dict.fromkeys(Address(*row) for row in rows))

    def follows_of(self, pid: int) -> list[tuple[bool, str]]:
        """(they follow the user, network) for each one-way follow between a person and the user."""
        rows = self.db.execute(
            "SELECT follows_me, network FROM follows WHERE person_id = ? ORDER BY network, follows_me DESC", (pid,)
        )
        return [(bool(follows_me), network) for follows_me, network in rows]

    def count_people(self) -> int:
        """How many people the store holds; remembered per state of the file (:attr:`identity`: its id and
        the mark of its last write) by every store of this process, as the web app opens the store for each
        request and counting 10^5 rows each time was a third of the person page."""
        if self.path is None or self._depth:  # inside a write, the mark has not moved yet
            return self._count_people()
        with self.reading():
            identity = self.identity
            known = _PEOPLE_COUNTS.get(identity)
            if known is not None:
                return known
            counted = self._count_people()
        if len(_PEOPLE_COUNTS) >= 64:
            _PEOPLE_COUNTS.clear()
        _PEOPLE_COUNTS[identity] = counted
        return counted

    def _count_people(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM people").fetchone()[0])

    def birthdays(self, ids: Sequence[int] | None = None) -> dict[int, str]:
        """Person -> birthday as kept ("1980-04-15", "--04-15" or "1980"), for everyone who has one
        (or only ``ids``)."""
        if ids is None:
            rows = self.db.execute("SELECT id, birthday FROM people WHERE birthday <> ''")
        else:
            rows = self.db.execute(
                "SELECT p.id, p.birthday FROM json_each(?) wanted JOIN people p ON p.id = wanted.value "
                "WHERE p.birthday <> ''",
                (json.dumps(list(ids)),),
            )
        return {int(pid): str(day) for pid, day in rows}

    def people_with_notes_like(self, words: Sequence[str], limit: int = 20) -> list[tuple[int, str]]:
        """People whose notes mention any of ``words`` (for suggesting a give)."""
        if not words:
            return []
        where = " OR ".join("notes LIKE ?" for _ in words)
        rows = self.db.execute(
            f"SELECT id, notes FROM people WHERE {where} LIMIT ?", [*(f"%{w}%" for w in words), limit]
        )
        return [(pid, notes) for pid, notes in rows]

    def people_page(
        self, *, text: str = "", tag: str | None = None, after: tuple[str, int] | None = None, limit: int = 50
    ) -> list[tuple[str, int]]:
        """One page of (name key, id) in name order, after the keyset ``after``: people whose name, aliases or
        notes have words starting with each word of ``text`` (all when empty), optionally only with ``tag``.
        Keyset paging walks the ``name_key`` index, so the millionth page costs what the first does."""
        sql = "SELECT name_key, id FROM people WHERE 1"
        params: list[object] = []
        words = name_key(text).split()
        if words:
            sql += " AND id IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)"
            params.append(" ".join(f'"{w}"*' for w in words))
        if tag is not None:
            sql += " AND id IN (SELECT person_id FROM tags WHERE tag = ?)"
            params.append(tag)
        if after is not None:
            sql += " AND (name_key, id) > (?, ?)"
            params += [after[0], after[1]]
        sql += " ORDER BY name_key, id LIMIT ?"
        rows = self.db.execute(sql, [*params, limit])
        return [(str(key), int(pid)) for key, pid in rows]

    def tag_counts(self, limit: int = 200) -> list[tuple[str, int]]:
        """The most used tags with how many people carry each, most used first."""
        rows = self.db.execute(
            "SELECT tag, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?", (limit,)
        )
        return [(str(tag), int(n)) for tag, n in rows]


#: The sources of the rows about one person (``:pid``), whose labels may name a file only they came from.
_SOURCES_OF = """
    SELECT source_id FROM people WHERE id = :pid
    UNION SELECT source_id FROM person_aliases WHERE person_id = :pid
    UNION SELECT source_id FROM contacts WHERE person_id = :pid
    UNION SELECT source_id FROM tags WHERE person_id = :pid
    UNION SELECT source_id FROM affiliations WHERE person_id = :pid
    UNION SELECT source_id FROM records WHERE person_id = :pid
    UNION SELECT source_id FROM ties WHERE a = :pid OR b = :pid
"""
