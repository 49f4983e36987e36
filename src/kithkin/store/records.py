"""Imported records: which person each came from, the facts it brought, merges and proposals.

An import writes many rows per record; one statement per row would make a
million-row directory take many minutes. So the importer hands rows over in
batches (:meth:`RecordStore.write_batch`, typed rows of :mod:`kithkin.store.rows`) with ids it allocated itself inside
the import's transaction (:meth:`RecordStore.next_ids`), and looks up only
what existed before the import (:meth:`RecordStore.people_by_contact`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kithkin.errors import NotFound
from kithkin.store.base import StoreBase
from kithkin.store.groups import norm_key
from kithkin.store.rows import (
    AliasRow,
    ContactRow,
    ImportBatch,
    MergeRow,
    RecordFollowRow,
    TagRow,
    TieRow,
    insert_sql,
)

_Row = TypeVar("_Row", bound=tuple[Any, ...])

# The facts a record brings, by table; each has person_id and record_id columns.
FACT_TABLES = ("person_aliases", "contacts", "tags", "affiliations", "addresses", "follows")


@dataclass(frozen=True)
class Proposal:
    """Two people who may be one, with the evidence."""

    id: int
    a: int
    b: int
    score: float
    reason: str
    status: str


@dataclass(frozen=True)
class RecordRow:
    """One imported record as stored: its source, key, person and what the file said."""

    id: int
    source: str
    key: str
    person_id: int
    payload: str


class RecordStore(StoreBase):
    def next_ids(self, table: str) -> int:
        """The first id free in ``table`` (people or records); valid until the transaction ends."""
        assert table in ("people", "records")
        return int(self.db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])

    def write_batch(self, batch: ImportBatch) -> None:
        """Write and empty what an import has prepared, parents first; call inside a transaction."""
        for rows in (batch.people, batch.records, batch.aliases, batch.contacts, batch.tags, batch.affiliations,
                     batch.addresses, batch.merges, batch.proposals):  # fmt: skip
            self._add(rows)
            rows.clear()

    def add_aliases(self, rows: Sequence[AliasRow]) -> None:
        self._add(rows)

    def add_contacts(self, rows: Sequence[ContactRow]) -> None:
        self._add(rows)

    def add_tags(self, rows: Sequence[TagRow]) -> None:
        self._add(rows)

    def add_ties(self, rows: Sequence[TieRow]) -> None:
        self._add(rows)

    def add_follows(self, rows: Sequence[RecordFollowRow]) -> None:
        self._add(rows)

    def set_event_details(self, group_id: int, place_id: int | None, about: str) -> None:
        """Say where an event took place and what it was about, where nothing was said yet."""
        self.db.execute(
            "UPDATE groups SET place_id = COALESCE(place_id, ?), about = CASE WHEN about = '' THEN ? ELSE about END "
            "WHERE id = ?",
            (place_id, about, group_id),
        )

    def add_merge(self, row: MergeRow) -> None:
        self._add([row])

    def _add(self, rows: Sequence[_Row]) -> None:
        """Insert rows of one type in one ``executemany``."""
        if rows:
            self.db.executemany(insert_sql(type(rows[0])), rows)

    def source_records(self, source_id: int) -> Iterator[tuple[str, int, int, str]]:
        """(key, record id, person id, payload) for every record already imported from a source."""
        yield from self.db.execute("SELECT key, id, person_id, payload FROM records WHERE source_id = ?", (source_id,))

    def people_by_contact(self, kind: str, key: str, *, limit: int | None = None) -> list[int]:
        """People who have a contact of ``kind`` with match key ``key``, lowest id first (at most ``limit``)."""
        rows = self.db.execute(
            "SELECT DISTINCT person_id FROM contacts WHERE kind = ? AND value_key = ? ORDER BY person_id LIMIT ?",
            (kind, key, -1 if limit is None else limit),
        )
        return [int(r[0]) for r in rows]

    def name_keys(self) -> Iterator[tuple[int, str]]:
        """(person id, name key) of everyone, and of every alias, for name matching."""
        yield from self.db.execute(
            "SELECT id, name_key FROM people UNION ALL SELECT person_id, alias_key FROM person_aliases"
        )

    def group_keys_of(self, person_id: int) -> set[int]:
        """The ids of the groups a person belongs to."""
        rows = self.db.execute("SELECT group_id FROM affiliations WHERE person_id = ?", (person_id,))
        return {int(r[0]) for r in rows}

    def group_size(self, group_id: int) -> int:
        """How many affiliations a group has."""
        return int(self.db.execute("SELECT count(*) FROM affiliations WHERE group_id = ?", (group_id,)).fetchone()[0])

    def group_index(self) -> Iterator[tuple[str, str, int]]:
        """(kind, alias key, group id) for every name of every group."""
        yield from self.db.execute("SELECT kind, alias_key, group_id FROM group_aliases")

    def add_group_row(self, kind: str, name: str, key: str, on: str | None, source_id: int) -> int:
        """A new group called ``name`` (``key`` its :func:`~kithkin.identity.name_key`); returns its id."""
        gid = int(
            self.db.execute(
                "INSERT INTO groups(kind, name, on_date, source_id) VALUES (?, ?, ?, ?) RETURNING id",
                (kind, name, on, source_id),
            ).fetchone()[0]
        )
        self.add_group_alias_row(kind, key, name, gid, source_id)
        return gid

    def add_group_alias_row(self, kind: str, key: str, alias: str, group_id: int, source_id: int) -> None:
        """Let ``alias`` (``key`` its name key, not yet an alias of any group) name group ``group_id``."""
        self.db.execute(
            "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id, norm_key) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, key, alias, group_id, source_id, norm_key(kind, alias)),
        )

    def replace_record(self, record_id: int, person_id: int, payload: str) -> None:
        """Forget the facts a record brought (before writing its new ones) and keep its new payload.

        The person's id narrows each delete to an index range: ``record_id`` has no index of its own.
        """
        for table in FACT_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE person_id = ? AND record_id = ?", (person_id, record_id))
        self.db.execute("UPDATE records SET payload = ? WHERE id = ?", (payload, record_id))

    def fill_blanks(self, person_id: int, notes: str, birthday: str) -> None:
        """Give a person notes and a birthday from a record when they had none."""
        self.db.execute(
            "UPDATE people SET notes = CASE WHEN notes = '' THEN ? ELSE notes END, "
            "birthday = CASE WHEN birthday = '' THEN ? ELSE birthday END WHERE id = ?",
            (notes, birthday, person_id),
        )

    def rejected_pair(self, a: int, b: int) -> bool:
        low, high = min(a, b), max(a, b)
        row = self.db.execute(
            "SELECT 1 FROM merge_proposals WHERE a = ? AND b = ? AND status = 'rejected'", (low, high)
        ).fetchone()
        return row is not None

    def add_meeting(self, source_id: int, key: str, on: dt.date, title: str, people: Iterable[int]) -> bool:
        """Log a past event as an interaction once per (source, key); returns whether it was new."""
        row = self.db.execute(
            "INSERT OR IGNORE INTO interactions(on_date, kind, note, source_id, record_key) "
            "VALUES (?, 'event', ?, ?, ?) RETURNING id",
            (on.isoformat(), title, source_id, key),
        ).fetchone()
        if row is None:
            return False
        self.db.executemany(
            "INSERT OR IGNORE INTO interaction_people(interaction_id, person_id, on_date) VALUES (?, ?, ?)",
            [(int(row[0]), pid, on.isoformat()) for pid in people],
        )
        return True

    # -- proposals and merges -------------------------------------------------------------

    def proposals(self, status: str | None = "open") -> list[Proposal]:
        where, args = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self.db.execute(
            f"SELECT id, a, b, score, reason, status FROM merge_proposals {where} ORDER BY score DESC, id", args
        )
        return [Proposal(int(r[0]), int(r[1]), int(r[2]), float(r[3]), r[4], r[5]) for r in rows]

    def proposals_page(self, status: str, after: tuple[float, int] | None, limit: int) -> list[Proposal]:
        """Proposals with ``status``, strongest first (score down, then id up), after the keyset ``after``."""
        sql = "SELECT id, a, b, score, reason, status FROM merge_proposals WHERE status = ?"
        args: list[object] = [status]
        if after is not None:
            sql += " AND (score < ? OR (score = ? AND id > ?))"
            args += [after[0], after[0], after[1]]
        rows = self.db.execute(sql + " ORDER BY score DESC, id LIMIT ?", [*args, limit])
        return [Proposal(int(r[0]), int(r[1]), int(r[2]), float(r[3]), r[4], r[5]) for r in rows]

    def get_proposal(self, proposal_id: int) -> Proposal:
        for p in self.proposals(None):
            if p.id == proposal_id:
                return p
        raise NotFound(f"no merge proposal #{proposal_id}: run `kithkin merges` to list them")

    def set_proposal(self, a: int, b: int, status: str, reason: str = "") -> None:
        low, high = min(a, b), max(a, b)
        with self.transaction():
            self.db.execute(
                "INSERT INTO merge_proposals(a, b, score, reason, status) VALUES (?, ?, 0, ?, ?) "
                "ON CONFLICT (a, b) DO UPDATE SET status = excluded.status",
                (low, high, reason, status),
            )

    def records_of(self, person_id: int) -> list[RecordRow]:
        rows = self.db.execute(
            "SELECT r.id, s.label, r.key, r.person_id, r.payload FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.person_id = ? ORDER BY r.id",
            (person_id,),
        )
        return [RecordRow(int(r[0]), r[1], r[2], int(r[3]), r[4]) for r in rows]

    def merge_log(self, limit: int = 50) -> list[tuple[int, int, int, str, str, str]]:
        """Recent merges not undone: (merge id, person id, record id, source label, reason, when), newest first."""
        rows = self.db.execute(
            "SELECT m.id, m.person_id, m.record_id, s.label, m.reason, m.at FROM merges m "
            "JOIN records r ON r.id = m.record_id JOIN sources s ON s.id = r.source_id ORDER BY m.id DESC LIMIT ?",
            (limit,),
        )
        return [(int(r[0]), int(r[1]), int(r[2]), r[3], r[4], r[5]) for r in rows]

    def adopt_manual_facts(self, person_id: int, source_id: int, key: str, payload: str) -> int:
        """Give a person's facts that came from no record a record of their own, so they can be unmerged later."""
        rid = int(
            self.db.execute(
                "INSERT INTO records(source_id, key, person_id, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source_id, key) DO UPDATE SET person_id = excluded.person_id, payload = excluded.payload "
                "RETURNING id",
                (source_id, key, person_id, payload),
            ).fetchone()[0]
        )
        for table in FACT_TABLES:
            self.db.execute(
                f"UPDATE {table} SET record_id = ? WHERE person_id = ? AND record_id IS NULL", (rid, person_id)
            )
        self.db.execute(
            "UPDATE ties SET record_id = ? WHERE (a = ? OR b = ?) AND record_id IS NULL", (rid, person_id, person_id)
        )
        return rid

    def note_merge_moves(self, gone: int, keep: int, record_id: int) -> None:
        """Note, under the merge's record, what :meth:`move_person` is about to move from ``gone`` to ``keep``:
        their other records, follow-ups, goals, cadences and logged meetings (those ``keep`` was in too apart),
        so that unmerging gives them back. Call before it, inside the merge's transaction."""
        self.db.execute(
            "INSERT INTO merge_moves(record_id, kind, item_id) SELECT ?, 'record', id FROM records "
            "WHERE person_id = ? AND id <> ?",
            (record_id, gone, record_id),
        )
        if self.db.execute("SELECT 1 FROM cadences WHERE person_id = ?", (keep,)).fetchone():
            # the kept person's own cadence stays (two would leave which one applies to chance): the other's is
            # set aside, its days noted, for an unmerge to give back
            self.db.execute(
                "INSERT INTO merge_moves(record_id, kind, value) SELECT ?, 'cadence', CAST(every_days AS TEXT) "
                "FROM cadences WHERE person_id = ?",
                (record_id, gone),
            )
            self.db.execute("DELETE FROM cadences WHERE person_id = ?", (gone,))
        for table, kind in (("followups", "followup"), ("goals", "goal"), ("cadences", "cadence")):
            self.db.execute(
                f"INSERT INTO merge_moves(record_id, kind, item_id) SELECT ?, '{kind}', id FROM {table} "
                "WHERE person_id = ?",
                (record_id, gone),
            )
        self.db.execute(
            "INSERT INTO merge_moves(record_id, kind, item_id) SELECT ?, CASE WHEN EXISTS (SELECT 1 FROM "
            "interaction_people k WHERE k.interaction_id = g.interaction_id AND k.person_id = ?) "
            "THEN 'shared_interaction' ELSE 'interaction' END, g.interaction_id FROM interaction_people g "
            "WHERE g.person_id = ?",
            (record_id, keep, gone),
        )

    def join_merged_fields(self, keep: int, record_id: int, *, notes: str, birthday: str) -> None:
        """Set the kept person's notes and birthday to what the merge joined, noting what they were (for
        :meth:`undo_merge_moves`)."""
        row = self.db.execute("SELECT notes, birthday FROM people WHERE id = ?", (keep,)).fetchone()
        for kind, before, after in (("notes", row[0], notes), ("birthday", row[1], birthday)):
            if before != after:
                self.db.execute(f"UPDATE people SET {kind} = ? WHERE id = ?", (after, keep))
                self.db.execute(
                    "INSERT INTO merge_moves(record_id, kind, value) VALUES (?, ?, ?)",
                    (record_id, kind, json.dumps([before, after])),
                )

    def undo_merge_moves(self, record_id: int, old: int, new: int) -> None:
        """Give ``new`` (split off ``old`` by :meth:`detach_record` of a merge's record) back what the merge
        moved: each record still ``old``'s with its facts and ties, follow-ups, goals, cadences and logged
        meetings; and ``old``'s notes and birthday as they were, unless changed since the merge."""
        moves = self.db.execute(
            "SELECT kind, item_id, value FROM merge_moves WHERE record_id = ?", (record_id,)
        ).fetchall()
        tables = {"followup": "followups", "goal": "goals", "cadence": "cadences"}
        for kind, item, value in moves:
            if kind == "record":
                if self.db.execute("SELECT 1 FROM records WHERE id = ? AND person_id = ?", (item, old)).fetchone():
                    for table in FACT_TABLES:
                        self.db.execute(f"UPDATE {table} SET person_id = ? WHERE record_id = ?", (new, item))
                    self.db.execute("UPDATE records SET person_id = ? WHERE id = ?", (new, item))
                    self._move_ties(old, new, item)
            elif kind == "cadence" and item is None:  # set aside at the merge: theirs again
                self.db.execute("INSERT INTO cadences(person_id, every_days) VALUES (?, ?)", (new, int(value)))
            elif kind in tables:
                self.db.execute(
                    f"UPDATE {tables[kind]} SET person_id = ? WHERE id = ? AND person_id = ?", (new, item, old)
                )
            elif kind == "interaction":
                self.db.execute(
                    "UPDATE OR IGNORE interaction_people SET person_id = ? WHERE interaction_id = ? AND person_id = ?",
                    (new, item, old),
                )
            elif kind == "shared_interaction":
                self.db.execute(
                    "INSERT OR IGNORE INTO interaction_people(interaction_id, person_id) "
                    "SELECT id, ? FROM interactions WHERE id = ?",
                    (new, item),
                )
            else:  # notes, birthday
                before, after = json.loads(value)
                self.db.execute(f"UPDATE people SET {kind} = ? WHERE id = ? AND {kind} = ?", (before, old, after))
        self.db.execute("DELETE FROM merge_moves WHERE record_id = ?", (record_id,))

    def drop_record(self, record_id: int) -> None:
        """Forget a record, keeping the facts it brought as facts of no record (typed in): what a merge's record
        becomes once unmerged, so that the person split off is as they were, with nothing left to split."""
        self.db.execute("DELETE FROM records WHERE id = ?", (record_id,))

    def move_person(self, gone: int, keep: int) -> None:
        """Everything of ``gone`` becomes ``keep``'s; ``gone`` is removed. Call inside a transaction."""
        for table in (*FACT_TABLES, "records", "interaction_people", "followups", "cadences", "dismissals"):
            self.db.execute(f"UPDATE OR IGNORE {table} SET person_id = ? WHERE person_id = ?", (keep, gone))
        self.db.execute("UPDATE goals SET person_id = ? WHERE person_id = ?", (keep, gone))
        self._move_ties(gone, keep)
        if self.db.execute("SELECT is_me FROM people WHERE id = ?", (gone,)).fetchone()[0]:
            self.db.execute("UPDATE people SET is_me = 0 WHERE id = ?", (gone,))
            self.db.execute("UPDATE people SET is_me = 1 WHERE id = ?", (keep,))
        self.db.execute("DELETE FROM people WHERE id = ?", (gone,))

    def _move_ties(self, gone: int, keep: int, record_id: int | None = None) -> None:
        """Re-point ``gone``'s ties (only those a record brought, when given) at ``keep``."""
        extra, args = ("AND record_id = ?", (record_id,)) if record_id is not None else ("", ())
        ties = self.db.execute(
            f"SELECT a, b, how, since, introduced_by, closeness, via_group_id, source_id, record_id FROM ties "
            f"WHERE (a = ? OR b = ?) {extra}",
            (gone, gone, *args),
        ).fetchall()
        for row in ties:
            other = row[1] if row[0] == gone else row[0]
            self.db.execute("DELETE FROM ties WHERE a = ? AND b = ?", (row[0], row[1]))
            if other == keep:
                continue
            self.db.execute(
                "INSERT OR IGNORE INTO ties(a, b, how, since, introduced_by, closeness, via_group_id, source_id, "
                "record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (min(other, keep), max(other, keep), *row[2:]),
            )

    def detach_record(
        self,
        record_id: int,
        *,
        name: str,
        name_key: str,
        notes: str,
        birthday: str,
        source_id: int,
        former_id: int | None = None,
    ) -> int:
        """Take a record and the facts it brought off its person into a new person (named ``name``, and so
        on, from the record); returns the new id: ``former_id`` (the id the person had before a merge, so
        links to them work again) when no one has it since."""
        row = self.db.execute("SELECT person_id FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record #{record_id}")
        old = int(row[0])  # whether it may be split off (not the person's only record) is the caller's rule
        if former_id is not None and self.db.execute("SELECT 1 FROM people WHERE id = ?", (former_id,)).fetchone():
            former_id = None
        new = int(
            self.db.execute(
                "INSERT INTO people(id, name, name_key, notes, birthday, source_id) VALUES (?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (former_id, name, name_key, notes, birthday, source_id),
            ).fetchone()[0]
        )
        for table in FACT_TABLES:
            self.db.execute(f"UPDATE {table} SET person_id = ? WHERE record_id = ?", (new, record_id))
        self.db.execute("UPDATE records SET person_id = ? WHERE id = ?", (new, record_id))
        self._move_ties(old, new, record_id)
        self.db.execute("DELETE FROM merges WHERE record_id = ?", (record_id,))
        return new

    def drop_alias_of_self(self, person_id: int) -> None:
        """Remove aliases that are just the person's own name (left over after an unmerge)."""
        self.db.execute(
            "DELETE FROM person_aliases WHERE person_id = ? AND alias_key = (SELECT name_key FROM people WHERE id = ?)",
            (person_id, person_id),
        )
