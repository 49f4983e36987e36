"""Suggestions in the store: the ones a person turned down — dismissed ("not interested") or blocked ("never
suggest")."""

from __future__ import annotations

from kithkin.store.base import StoreBase, in_chunks


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
