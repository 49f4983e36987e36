"""Suggestions in the store: the ones a person turned down — dismissed ("not interested") or blocked ("never
suggest")."""

from __future__ import annotations

from collections.abc import Iterable

from kithkin.store.base import StoreBase, in_chunks

#: One batch suggestion: person, rank, candidate, score, reason in words.
BatchRow = tuple[int, int, int, float, str]


class SuggestionsStore(StoreBase):
    """Writes here do not bump the store's revision (``derived=True``): a dismissal changes no cached data —
    suggestions filter it out after ranking — so it must not make the next query rebuild the network snapshot,
    which takes minutes on a large store."""

    def set_dismissal(self, person_id: int, other_id: int, *, blocked: bool = False) -> None:
        """Stop suggesting ``other_id`` to ``person_id``; ``blocked`` overrides an earlier plain dismissal
        and the other way round."""
        with self.transaction(derived=True):
            self.db.execute(
                "INSERT INTO dismissals(person_id, other_id, blocked) VALUES (?, ?, ?) "
                "ON CONFLICT (person_id, other_id) DO UPDATE SET blocked = excluded.blocked",
                (person_id, other_id, int(blocked)),
            )

    def dismissals(self, person_id: int) -> dict[int, bool]:
        """Who ``person_id`` dismissed: other person's id -> whether blocked."""
        rows = self.db.execute("SELECT other_id, blocked FROM dismissals WHERE person_id = ?", (person_id,))
        return {int(other): bool(blocked) for other, blocked in rows}

    def dismissals_of(self, person_ids: list[int]) -> dict[int, set[int]]:
        """Everyone each of ``person_ids`` dismissed or blocked (people with none are left out)."""
        found: dict[int, set[int]] = {}
        for part, marks in in_chunks(person_ids):
            for person, other in self.db.execute(
                f"SELECT person_id, other_id FROM dismissals WHERE person_id IN ({marks})", part
            ):
                found.setdefault(int(person), set()).add(int(other))
        return found

    def clear_dismissal(self, person_id: int, other_id: int) -> bool:
        """Suggest ``other_id`` again; false when there was nothing to undo."""
        with self.transaction(derived=True):
            gone = self.db.execute(
                "DELETE FROM dismissals WHERE person_id = ? AND other_id = ?", (person_id, other_id)
            ).rowcount
        return bool(gone)

    def replace_batch_suggestions(self, rows: Iterable[BatchRow], revision: int) -> int:
        """Put a batch job's suggestions in place of the last ones (made from the store at ``revision``);
        derived data: no cache is stale for it. Returns how many were written."""
        written = 0
        with self.transaction(derived=True):
            self.db.execute("DELETE FROM batch_suggestions")
            batch: list[tuple[int, int, int, float, str, int]] = []
            for row in rows:
                batch.append((*row, revision))
                if len(batch) >= 10_000:
                    written += self._insert_batch(batch)
            written += self._insert_batch(batch)
        return written

    def _insert_batch(self, batch: list[tuple[int, int, int, float, str, int]]) -> int:
        self.db.executemany("INSERT INTO batch_suggestions VALUES (?, ?, ?, ?, ?, ?)", batch)
        done = len(batch)
        batch.clear()
        return done

    def batch_suggestions(self, person_id: int) -> list[tuple[int, int, float, str, int]]:
        """A person's batch suggestions, best first: (rank, candidate, score, reason, revision)."""
        rows = self.db.execute(
            "SELECT rank, candidate_id, score, reason, revision FROM batch_suggestions "
            "WHERE person_id = ? ORDER BY rank",
            (person_id,),
        )
        return [(int(r), int(c), float(s), str(why), int(rev)) for r, c, s, why, rev in rows]
