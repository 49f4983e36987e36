"""Group sizes for rarity weights, and the queries common ground and `find` need."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kithkin.store import migrations
from kithkin.store.base import StoreBase

if TYPE_CHECKING:  # numpy is imported where the arrays are made: commands that need none start faster
    import numpy as np


class CountsStore(StoreBase):
    """Group sizes: read from ``group_counts``, which every write keeps fresh (the groups it touched are
    recounted in its own transaction; bulk loads rebuild the whole table), and counted from the affiliations
    themselves only when the table is stale (a restored backup) — a read never writes, so a read never waits
    for, or fails on, another kithkin writing the same store."""

    def _counts_fresh(self) -> bool:
        made = self.db.execute("SELECT value FROM meta WHERE key = 'counts_revision'").fetchone()
        return made is not None and int(made[0]) == self.revision

    def refresh_counts(self) -> None:
        """Rebuild ``group_counts``; call inside the write transaction that changed the groups (it is fresh as
        of that transaction's commit)."""
        assert self._depth, "refresh_counts belongs inside a write transaction"
        migrations.recount_groups(self.db)
        self.db.execute("DELETE FROM counts_touched")
        # The commit adds one to the revision.
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('counts_revision', ?)", (str(self.revision + 1),))

    def _before_commit(self, *, derived: bool) -> None:
        """Keep fresh counts fresh through this write: recount the groups its affiliations touched (noted by the
        triggers of schema step 12), and mark the counts as of the revision the commit makes. Counts that were
        already stale (a restored backup) stay so until the next rebuild; the reads count for themselves."""
        touched = [int(r[0]) for r in self.db.execute("DELETE FROM counts_touched RETURNING group_id")]
        if not self._counts_fresh():
            return
        for start in range(0, len(touched), 400):
            migrations.recount_groups(self.db, touched[start : start + 400])
        if not derived:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('counts_revision', ?)", (str(self.revision + 1),))

    def group_counts(self, keys: Sequence[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """Members per (group id, role key); role key '' counts the whole group (roles: places only).

        Stale (written since the last rebuild), each group is counted on its own through the
        ``affiliations_by_group`` index, roles of places only as in the rebuilt table: counting every group
        at once read all affiliations for each page of keys, 12 s for one common ground at 10^5 people after
        a single ``kithkin log``."""
        wanted = list(dict.fromkeys(keys))
        found: dict[tuple[int, str], int] = {}
        fresh = self._counts_fresh()
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            params = [value for key in chunk for value in key]
            if fresh:
                where = " OR ".join("(group_id = ? AND role_key = ?)" for _ in chunk)
                sql = f"SELECT group_id, role_key, members FROM group_counts WHERE {where}"
            else:
                values = ", ".join("(?, ?)" for _ in chunk)
                sql = (
                    f"WITH wanted(group_id, role_key) AS (VALUES {values}) "
                    "SELECT group_id, role_key, (SELECT count(DISTINCT a.person_id) FROM affiliations a "
                    "WHERE a.group_id = wanted.group_id AND (wanted.role_key = '' OR "
                    "(trim(a.role) <> '' AND lower(trim(a.role)) = wanted.role_key))) AS members FROM wanted "
                    "WHERE role_key = '' OR group_id IN (SELECT id FROM groups WHERE kind = 'place')"
                )
            for gid, key, members in self.db.execute(sql, params):
                if members:
                    found[(gid, key)] = members
        return found

    def mutual_contacts(self, a: int, b: int) -> list[int]:
        """People tied to both ``a`` and ``b``.

        Each side's contacts in a sub-select of its own: SQLite reads ``A UNION B INTERSECT C UNION D`` left to
        right, as ``((A ∪ B) ∩ C) ∪ D``, so the query written that way also returned every contact of ``b``
        stored with the lower id of its tie — "Both know" people the user had never met.
        """
        rows = self.db.execute(
            "SELECT x FROM (SELECT b AS x FROM ties WHERE a = ?1 UNION SELECT a FROM ties WHERE b = ?1) "
            "INTERSECT "
            "SELECT x FROM (SELECT b AS x FROM ties WHERE a = ?2 UNION SELECT a FROM ties WHERE b = ?2)",
            (a, b),
        )
        return sorted(int(r[0]) for r in rows if int(r[0]) not in (a, b))

    def neighbours(self, person_id: int) -> list[int]:
        rows = self.db.execute("SELECT b FROM ties WHERE a = ?1 UNION SELECT a FROM ties WHERE b = ?1", (person_id,))
        return [int(r[0]) for r in rows]

    def affiliated(
        self,
        group_ids: Sequence[int],
        *,
        roles: Sequence[str] | None = None,
        start: int | None = None,
        end: int | None = None,
        now: int,
        top: int | None = None,
    ) -> dict[int, tuple[list[int], float]]:
        """People in any of ``group_ids`` (optionally with one of ``roles``, as stored — :meth:`roles_at` lists
        them —, overlapping the years ``start``–``end``).

        Returns person id -> (ids of the matching affiliations, fit). The fit,
        computed in SQL so that ranking a hundred thousand matches costs no
        Python per row, is 1 for the role asked for plus a tenth per year of
        overlap with the range asked for, summed over the person's matches. With
        ``top``, only the best ``top`` people come back. An open end runs to
        ``now``; an unknown start with a known end is its end year alone (a directory's "Class of 1999" was
        there in 1999: left out of a search for 1997–2001, the user's own classmates were not found); a
        period with no date at all matches only when no years are asked.
        """
        wanted = ",".join(f":r{i}" for i in range(len(roles or ()))) or "NULL"
        first = "CAST(substr(COALESCE(start_date, end_date), 1, 4) AS INTEGER)"
        last = "CAST(substr(COALESCE(end_date, :now), 1, 4) AS INTEGER)"
        fit = (
            f"(CASE WHEN role IN ({wanted}) THEN 1.0 ELSE 0.0 END) + "
            f"(CASE WHEN COALESCE(start_date, end_date) IS NULL THEN 0.0 ELSE "
            f"max(0, min({last}, COALESCE(:end, :now)) - max({first}, COALESCE(:start, {first})) + 1) / 10.0 END)"
        )
        marks = ",".join(f":g{i}" for i in range(len(group_ids)))
        sql = f"SELECT person_id, group_concat(id), sum({fit}) AS fit FROM affiliations WHERE group_id IN ({marks})"
        params: dict[str, object] = {f"g{i}": gid for i, gid in enumerate(group_ids)}
        params.update({f"r{i}": role for i, role in enumerate(roles or ())})
        params.update(start=start, end=end, now=str(now))
        if roles is not None:
            sql += f" AND role IN ({wanted})"
        if end is not None:
            sql += f" AND {first} <= :end"  # NULL (no date at all) is not <=: left out
        if start is not None:
            sql += f" AND COALESCE(start_date, end_date) IS NOT NULL AND {last} >= :start"
        sql += " GROUP BY person_id"
        if top is not None:
            sql += " ORDER BY fit DESC, person_id LIMIT :top"
            params["top"] = top
        return {
            pid: ([int(a) for a in str(ids).split(",")], float(score))
            for pid, ids, score in self.db.execute(sql, params)
        }

    def roles_at(self, group_id: int) -> list[str]:
        """Every role anyone holds at one group, as stored (what ``find --role`` chooses among)."""
        rows = self.db.execute(
            "SELECT DISTINCT role FROM affiliations WHERE group_id = ? AND trim(role) <> '' ORDER BY role", (group_id,)
        )
        return [str(r[0]) for r in rows]

    def shared_weights(self, person_id: int, *, max_members: int) -> list[tuple[int, int]]:
        """(other person, group) for every group ``person_id`` shares with someone, skipping huge groups.

        Groups with more than ``max_members`` members say almost nothing about
        two people and would make this the cost of the whole query.
        """
        sizes = (
            "group_counts"
            if self._counts_fresh()
            else "(SELECT group_id, '' AS role_key, count(DISTINCT person_id) AS members FROM affiliations "
            "WHERE group_id IN (SELECT group_id FROM affiliations WHERE person_id = ?2) GROUP BY group_id)"
        )
        rows = self.db.execute(
            "SELECT DISTINCT other.person_id, mine.group_id FROM affiliations mine "
            f"JOIN {sizes} c ON c.group_id = mine.group_id AND c.role_key = '' AND c.members <= ?1 "
            "JOIN affiliations other ON other.group_id = mine.group_id AND other.person_id <> mine.person_id "
            "WHERE mine.person_id = ?2",
            (max_members, person_id),
        )
        return [(int(p), int(g)) for p, g in rows]

    def tie_table(self) -> list[tuple[int, int, int | None]]:
        """Every tie as (a, b, stated closeness or None): the graph snapshot's input."""
        return [(int(a), int(b), c) for a, b, c in self.db.execute("SELECT a, b, closeness FROM ties")]

    def tie_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every tie as three arrays — person ids ``a`` and ``b``, stated closeness (0: not stated) — read
        straight into numpy: no Python object per tie (10^7 ties as tuples took gigabytes)."""
        a, b, closeness = _columns(self.db.execute("SELECT a, b, IFNULL(closeness, 0) FROM ties"), 3)
        return a, b, closeness

    def group_kinds(self) -> dict[int, str]:
        """Every group's kind by id (the ranker weighs schools, employers and places each on its own)."""
        return {int(g): str(k) for g, k in self.db.execute("SELECT id, kind FROM groups")}

    def membership_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (person, group) membership, once, as two arrays of ids."""
        person, group = _columns(self.db.execute("SELECT DISTINCT person_id, group_id FROM affiliations"), 2)
        return person, group

    def person_ids(self) -> list[int]:
        return [int(r[0]) for r in self.db.execute("SELECT id FROM people ORDER BY id")]


def _columns(rows: Iterable[Sequence[int]], width: int) -> tuple[np.ndarray, ...]:
    """Integer rows as one array per column, filled from the cursor without building the rows as a list."""
    import numpy as np

    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64).reshape(-1, width)
    return tuple(np.ascontiguousarray(flat[:, column]) for column in range(width))
