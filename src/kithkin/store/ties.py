"""Ties: who knows whom, stored once per pair with the smaller id first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kithkin.model import Tie
from kithkin.store.base import StoreBase, fuzzy_from_text, fuzzy_to_text, in_chunks

_COLUMNS = "a, b, how, since, introduced_by, closeness, via_group_id"


class TiesStore(StoreBase):
    def add_tie(self, tie: Tie, source: str) -> Tie:
        """Record a tie, or update the known one with every field given here."""
        a, b = sorted((tie.a, tie.b))
        with self.transaction():
            self.db.execute(
                f"INSERT INTO ties({_COLUMNS}, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(a, b) DO UPDATE SET "
                "how = CASE WHEN excluded.how <> '' THEN excluded.how ELSE how END, "
                "since = COALESCE(excluded.since, since), "
                "introduced_by = COALESCE(excluded.introduced_by, introduced_by), "
                "closeness = COALESCE(excluded.closeness, closeness), "
                "via_group_id = COALESCE(excluded.via_group_id, via_group_id), "
                "source_id = excluded.source_id",
                (
                    a,
                    b,
                    tie.how,
                    fuzzy_to_text(tie.since),
                    tie.introduced_by,
                    tie.closeness,
                    tie.via_group_id,
                    self.source_id(source),
                ),
            )
        found = self.get_tie(a, b)
        assert found is not None
        return found

    def remove_tie(self, a: int, b: int) -> Tie | None:
        """Forget that two people know each other (a tie entered by mistake); the tie, or None when there was none."""
        found = self.get_tie(a, b)
        if found is None:
            return None
        lo, hi = sorted((a, b))
        with self.transaction():
            self.db.execute("DELETE FROM ties WHERE a = ? AND b = ?", (lo, hi))
        return found

    def get_tie(self, a: int, b: int) -> Tie | None:
        lo, hi = sorted((a, b))
        row = self.db.execute(
            f"SELECT {_COLUMNS}, s.label FROM ties LEFT JOIN sources s ON s.id = ties.source_id WHERE a = ? AND b = ?",
            (lo, hi),
        ).fetchone()
        return None if row is None else tie_from_row(row)

    def ties_of(self, person_id: int) -> list[Tie]:
        """Every tie of a person, closest first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS}, s.label FROM ties LEFT JOIN sources s ON s.id = ties.source_id "
            "WHERE a = ?1 OR b = ?1 ORDER BY closeness IS NULL, closeness DESC, since",
            (person_id,),
        )
        return [tie_from_row(r) for r in rows]

    def closeness_with(self, person_id: int, others: Sequence[int]) -> dict[int, int | None]:
        """The stated closeness (None: not stated) of ``person_id``'s ties to each of ``others`` they are tied
        to — without reading all their ties (the user may have thousands; a person page needs a few)."""
        found: dict[int, int | None] = {}
        for chunk, marks in in_chunks(list(others)):
            rows = self.db.execute(
                f"SELECT b, closeness FROM ties WHERE a = ? AND b IN ({marks}) "
                f"UNION ALL SELECT a, closeness FROM ties WHERE b = ? AND a IN ({marks})",
                [person_id, *chunk, person_id, *chunk],
            )
            found.update((int(other), closeness) for other, closeness in rows)
        return found

    def count_ties(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM ties").fetchone()[0])


def tie_from_row(row: Sequence[Any]) -> Tie:
    a, b, how, since, introduced_by, closeness, via, label = row
    return Tie(
        a=a,
        b=b,
        how=how,
        since=fuzzy_from_text(since),
        introduced_by=introduced_by,
        closeness=closeness,
        via_group_id=via,
        source=label or "",
    )
