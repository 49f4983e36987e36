"""Matchmaking rounds of a community: who was paired with whom, who sat out, who opted out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kithkin.store.base import StoreBase, in_chunks


class MatchmakingStore(StoreBase):
    def save_round(
        self,
        community_id: int,
        on: dt.date,
        pairs: Sequence[tuple[int, int, float]],
        sat_out: Sequence[int],
        source: str,
    ) -> int:
        """Record one round — pairs with their value, and members who sat out — in one transaction."""
        with self.transaction():
            round_id = int(
                self.db.execute(
                    # an id never given before, a forgotten round's neither: "#3" in a note or on a screen must
                    # not come to name another round (SQLite gives the highest id + 1, a forgotten last one's again)
                    "INSERT INTO match_rounds(id, community_id, on_date, source_id) VALUES (max(COALESCE((SELECT "
                    "max(id) FROM match_rounds), 0), COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                    "'forgotten_round'), 0)) + 1, ?, ?, ?) RETURNING id",
                    (community_id, on.isoformat(), self.source_id(source)),
                ).fetchone()[0]
            )
            rows: list[tuple[int, int, int | None, float]] = [
                (round_id, min(a, b), max(a, b), value) for a, b, value in pairs
            ]
            rows += [(round_id, person, None, 0.0) for person in sat_out]
            self.db.executemany("INSERT INTO match_pairs(round_id, a, b, value) VALUES (?, ?, ?, ?)", rows)
        return round_id

    def forget_round(self, community_id: int, round_id: int) -> dt.date | None:
        """Forget a round recorded by mistake (its pairs may be made again); its day, or None if the community has
        no such round."""
        row = self.db.execute(
            "SELECT on_date FROM match_rounds WHERE id = ? AND community_id = ?", (round_id, community_id)
        ).fetchone()
        if row is None:
            return None
        with self.transaction():
            self.db.execute("DELETE FROM match_pairs WHERE round_id = ?", (round_id,))
            self.db.execute("DELETE FROM match_rounds WHERE id = ?", (round_id,))
            self.db.execute(
                "INSERT INTO meta(key, value) VALUES ('forgotten_round', ?) ON CONFLICT (key) DO UPDATE SET value = "
                "CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
                (str(round_id),),
            )
        return dt.date.fromisoformat(row[0])

    def past_pairs(self, community_id: int) -> set[tuple[int, int]]:
        """Every pair (smaller id first) made in an earlier round of the community."""
        rows = self.db.execute(
            "SELECT p.a, p.b FROM match_pairs p JOIN match_rounds r ON r.id = p.round_id "
            "WHERE r.community_id = ? AND p.b IS NOT NULL",
            (community_id,),
        )
        return {(min(a, b), max(a, b)) for a, b in rows}

    def last_sat_out(self, community_id: int) -> dict[int, dt.date]:
        """Member -> the last day they sat a round out."""
        rows = self.db.execute(
            "SELECT p.a, max(r.on_date) FROM match_pairs p JOIN match_rounds r ON r.id = p.round_id "
            "WHERE r.community_id = ? AND p.b IS NULL GROUP BY p.a",
            (community_id,),
        )
        return {int(a): dt.date.fromisoformat(day) for a, day in rows}

    def rounds(self, community_id: int) -> list[tuple[int, dt.date, list[tuple[int, int | None, float]]]]:
        """Every round of a community, oldest first: (round id, day, [(a, b or None, value)])."""
        found: dict[int, tuple[dt.date, list[tuple[int, int | None, float]]]] = {}
        for rid, day in self.db.execute(
            "SELECT id, on_date FROM match_rounds WHERE community_id = ? ORDER BY on_date, id", (community_id,)
        ):
            found[int(rid)] = (dt.date.fromisoformat(day), [])
        for part, marks in in_chunks(list(found)):
            for rid, a, b, value in self.db.execute(
                f"SELECT round_id, a, b, value FROM match_pairs WHERE round_id IN ({marks}) ORDER BY value DESC, a",
                part,
            ):
                found[int(rid)][1].append((int(a), None if b is None else int(b), float(value)))
        return [(rid, day, pairs) for rid, (day, pairs) in found.items()]

    def set_opt_out(self, community_id: int, person_id: int, *, out: bool) -> None:
        """Opt a member out of future rounds (``out``), or back in."""
        with self.transaction():
            if out:
                self.db.execute(
                    "INSERT OR IGNORE INTO match_optouts(community_id, person_id) VALUES (?, ?)",
                    (community_id, person_id),
                )
            else:
                self.db.execute(
                    "DELETE FROM match_optouts WHERE community_id = ? AND person_id = ?", (community_id, person_id)
                )

    def opted_out(self, community_id: int) -> set[int]:
        rows = self.db.execute("SELECT person_id FROM match_optouts WHERE community_id = ?", (community_id,))
        return {int(r[0]) for r in rows}
