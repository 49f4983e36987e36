"""Whole-network counts for summaries."""

from __future__ import annotations

from kithkin.model import GroupKind, Summary
from kithkin.store.groups import GroupsStore
from kithkin.store.people import PeopleStore
from kithkin.store.ties import TiesStore


class StatsStore(PeopleStore, GroupsStore, TiesStore):
    def summary(self, top: int = 3) -> Summary:
        """How many people, ties, groups and affiliations; the biggest groups of each kind."""
        groups = {GroupKind(k): int(n) for k, n in self.db.execute("SELECT kind, count(*) FROM groups GROUP BY kind")}
        top_groups = {}
        for kind in GroupKind:
            rows = self.db.execute(
                "SELECT g.name, count(DISTINCT a.person_id) AS n FROM affiliations a "
                "JOIN groups g ON g.id = a.group_id WHERE g.kind = ? GROUP BY g.id ORDER BY n DESC, g.name LIMIT ?",
                (kind.value, top),
            )
            top_groups[kind] = tuple((str(name), int(n)) for name, n in rows)
        return Summary(
            people=self.count_people(),
            ties=self.count_ties(),
            groups={kind: groups.get(kind, 0) for kind in GroupKind},
            affiliations=int(self.db.execute("SELECT count(*) FROM affiliations").fetchone()[0]),
            me=self.me(),
            top_groups=top_groups,
        )
