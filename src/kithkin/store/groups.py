"""Groups (schools, employers, events, …), their aliases, and who belongs to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kithkin.errors import InputError, NotFound
from kithkin.identity import name_key
from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind
from kithkin.store.base import StoreBase, fuzzy_from_text, fuzzy_to_text, in_chunks


class GroupsStore(StoreBase):
    def find_group(self, kind: GroupKind, name: str) -> Group | None:
        """The group of ``kind`` known by ``name`` or any of its aliases."""
        row = self.db.execute(
            "SELECT group_id FROM group_aliases WHERE kind = ? AND alias_key = ?", (kind.value, name_key(name))
        ).fetchone()
        return None if row is None else self.get_group(int(row[0]))

    def get_group(self, gid: int) -> Group:
        found = self.get_groups([gid])
        if not found:
            raise NotFound(f"no group #{gid}")
        return found[gid]

    def get_groups(self, ids: Sequence[int]) -> dict[int, Group]:
        """Groups by id, with their aliases."""
        wanted = list(dict.fromkeys(ids))
        rows: dict[int, tuple[str, str, str | None]] = {}
        aliases: dict[int, list[str]] = defaultdict(list)
        for chunk, marks in in_chunks(wanted):
            for gid, kind, name, on in self.db.execute(
                f"SELECT id, kind, name, on_date FROM groups WHERE id IN ({marks})", chunk
            ):
                rows[gid] = (kind, name, on)
            for gid, alias in self.db.execute(
                f"SELECT group_id, alias FROM group_aliases WHERE group_id IN ({marks}) ORDER BY alias_key", chunk
            ):
                aliases[gid].append(alias)
        return {
            gid: Group(
                id=gid,
                kind=GroupKind(kind),
                name=name,
                on=fuzzy_from_text(on),
                aliases=tuple(a for a in aliases[gid] if a != name),
            )
            for gid, (kind, name, on) in rows.items()
        }

    def ensure_group(self, kind: GroupKind, name: str, source: str, *, on: FuzzyDate | None = None) -> Group:
        """The group of ``kind`` called ``name`` (or aliased so), created if new."""
        if not name_key(name):
            raise InputError(f"a {kind.value} needs a name with letters or digits, not {name!r}")
        existing = self.find_group(kind, name)
        if existing is not None:
            return existing
        with self.transaction():
            sid = self.source_id(source)
            gid = int(
                self.db.execute(
                    "INSERT INTO groups(kind, name, on_date, source_id) VALUES (?, ?, ?, ?) RETURNING id",
                    (kind.value, name.strip(), fuzzy_to_text(on), sid),
                ).fetchone()[0]
            )
            self.db.execute(
                "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id) VALUES (?, ?, ?, ?, ?)",
                (kind.value, name_key(name), name.strip(), gid, sid),
            )
        return self.get_group(gid)

    def add_group_alias(self, group: Group, alias: str, source: str) -> Group:
        """Let ``alias`` name ``group`` too; refuses an alias that names another group."""
        assert group.id is not None
        key = name_key(alias)
        if not key:
            raise InputError(f"{alias!r} has no letters or digits")
        owner = self.find_group(group.kind, alias)
        if owner is not None and owner.id != group.id:
            raise InputError(f"{alias!r} already names the {group.kind.value} {owner.name!r}")
        if owner is None:
            with self.transaction():
                self.db.execute(
                    "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id) VALUES (?, ?, ?, ?, ?)",
                    (group.kind.value, key, alias.strip(), group.id, self.source_id(source)),
                )
        return self.get_group(group.id)

    def list_groups(self, kind: GroupKind | None = None, limit: int | None = None) -> list[tuple[Group, int]]:
        """Groups with their member counts, largest first."""
        sql = (
            "SELECT g.id, count(DISTINCT a.person_id) AS n FROM groups g LEFT JOIN affiliations a ON a.group_id = g.id"
        )
        params: list[object] = []
        if kind is not None:
            sql += " WHERE g.kind = ?"
            params.append(kind.value)
        sql += " GROUP BY g.id ORDER BY n DESC, g.name LIMIT ?"
        params.append(-1 if limit is None else limit)
        counts = [(int(gid), int(n)) for gid, n in self.db.execute(sql, params)]
        groups = self.get_groups([gid for gid, _ in counts])
        return [(groups[gid], n) for gid, n in counts]

    def affiliate(
        self,
        person_id: int,
        group: Group,
        source: str,
        *,
        role: str = "",
        start: FuzzyDate | None = None,
        end: FuzzyDate | None = None,
    ) -> Affiliation:
        """Record that a person belongs to ``group``; the same fact twice is kept once."""
        assert group.id is not None
        if start is not None and end is not None and end < start:
            raise InputError(f"the end ({end}) comes before the start ({start})")
        with self.transaction():
            row = self.db.execute(
                "SELECT id FROM affiliations WHERE person_id = ? AND group_id = ? AND role = ? "
                "AND start_date IS ? AND end_date IS ?",
                (person_id, group.id, role, fuzzy_to_text(start), fuzzy_to_text(end)),
            ).fetchone()
            if row is None:
                row = self.db.execute(
                    "INSERT INTO affiliations(person_id, group_id, role, start_date, end_date, source_id) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (person_id, group.id, role, fuzzy_to_text(start), fuzzy_to_text(end), self.source_id(source)),
                ).fetchone()
        return Affiliation(
            id=int(row[0]), person_id=person_id, group=group, role=role, start=start, end=end, source=source
        )

    def affiliations_of(self, person_id: int) -> list[Affiliation]:
        """A person's affiliations, by kind then most recent first."""
        rows = self.db.execute(
            "SELECT a.id, a.group_id, a.role, a.start_date, a.end_date, s.label FROM affiliations a "
            "LEFT JOIN sources s ON s.id = a.source_id WHERE a.person_id = ? ORDER BY a.id",
            (person_id,),
        ).fetchall()
        groups = self.get_groups([r[1] for r in rows])
        found = [
            Affiliation(
                id=aid,
                person_id=person_id,
                group=groups[gid],
                role=role,
                start=fuzzy_from_text(start),
                end=fuzzy_from_text(end),
                source=label or "",
            )
            for aid, gid, role, start, end, label in rows
        ]
        # Most recent first within each kind; events are dated by the event itself.
        order = list(GroupKind)
        found.sort(key=lambda a: str(a.start or a.group.on or ""), reverse=True)
        return sorted(found, key=lambda a: order.index(a.group.kind))

    def members(self, group_id: int) -> list[int]:
        """Ids of the people affiliated with a group."""
        rows = self.db.execute(
            "SELECT DISTINCT person_id FROM affiliations WHERE group_id = ? ORDER BY person_id", (group_id,)
        )
        return [int(r[0]) for r in rows]
