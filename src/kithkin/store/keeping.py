"""Keeping in touch: cadences, last contact, the exchanges the ledger reads, follow-up and goal status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kithkin.followups import Exchange
from kithkin.model import FollowUp, Goal, Status
from kithkin.store.base import StoreBase


class KeepingStore(StoreBase):
    def set_cadence(
        self, every_days: int, source: str, *, person_id: int | None = None, tag: str | None = None
    ) -> None:
        """Keep in touch with a person (or everyone tagged ``tag``) every ``every_days`` days."""
        column, value = ("person_id", person_id) if person_id is not None else ("tag", tag)
        with self.transaction():
            self.db.execute(f"DELETE FROM cadences WHERE {column} = ?", (value,))
            self.db.execute(
                f"INSERT INTO cadences({column}, every_days, source_id) VALUES (?, ?, ?)",
                (value, every_days, self.source_id(source)),
            )

    def cadences(self) -> dict[int, int]:
        """Person -> cadence in days; a person's own cadence wins over their tags' (the shortest tag wins)."""
        found: dict[int, int] = {}
        for pid, every in self.db.execute(
            "SELECT t.person_id, min(c.every_days) FROM cadences c JOIN tags t ON t.tag = c.tag GROUP BY t.person_id"
        ):
            found[pid] = every
        for pid, every in self.db.execute("SELECT person_id, every_days FROM cadences WHERE person_id IS NOT NULL"):
            found[pid] = every
        return found

    def snooze_contact(self, person_id: int, until: dt.date, source: str) -> None:
        """Stop reminding about ``person_id`` until ``until`` (creating a personal cadence row if needed)."""
        with self.transaction():
            updated = self.db.execute(
                "UPDATE cadences SET snoozed_until = ? WHERE person_id = ?", (until.isoformat(), person_id)
            ).rowcount
            if not updated:
                every = self.cadences().get(person_id, 30)
                self.db.execute(
                    "INSERT INTO cadences(person_id, every_days, snoozed_until, source_id) VALUES (?, ?, ?, ?)",
                    (person_id, every, until.isoformat(), self.source_id(source)),
                )

    def snoozed(self) -> dict[int, dt.date]:
        rows = self.db.execute("SELECT person_id, snoozed_until FROM cadences WHERE snoozed_until IS NOT NULL")
        return {pid: dt.date.fromisoformat(until) for pid, until in rows if pid is not None}

    def contact_summary(self, me: int, today: dt.date, since: dt.date) -> dict[int, tuple[dt.date, int]]:
        """Per person: the last day the user and they were together (any interaction, or an event both
        attended) and how many interactions since ``since``. One pass over an index."""
        day = today.isoformat()
        found: dict[int, tuple[dt.date, int]] = {}
        for pid, last, recent in self.db.execute(
            "SELECT person_id, max(on_date), sum(on_date >= ?) FROM interaction_people "
            "WHERE on_date <= ? GROUP BY person_id",
            (since.isoformat(), day),
        ):
            found[pid] = (dt.date.fromisoformat(last), int(recent))
        for pid, on in self.db.execute(
            "SELECT other.person_id, max(g.on_date) FROM affiliations mine "
            "JOIN groups g ON g.id = mine.group_id AND g.kind = 'event' AND g.on_date <= ? "
            "JOIN affiliations other ON other.group_id = mine.group_id AND other.person_id <> mine.person_id "
            "WHERE mine.person_id = ? GROUP BY other.person_id",
            (day, me),
        ):
            when = dt.date.fromisoformat(on[:10])
            last, recent = found.get(pid, (when, 0))
            found[pid] = (max(last, when), recent)
        found.pop(me, None)
        return found

    def last_contacts(self, me: int, today: dt.date) -> dict[int, dt.date]:
        """The last day the user and each person were together (see :meth:`contact_summary`)."""
        return {pid: last for pid, (last, _) in self.contact_summary(me, today, today).items()}

    def exchanges(self, since: dt.date, person_id: int | None = None) -> list[Exchange]:
        """Every interaction since ``since`` as (day, person, did the user give, did the user get)."""
        sql = (
            "SELECT i.on_date, ip.person_id, ip.received, ip.gave FROM interaction_people ip "
            "JOIN interactions i ON i.id = ip.interaction_id WHERE i.on_date >= ?"
        )
        params: list[object] = [since.isoformat()]
        if person_id is not None:
            sql += " AND ip.person_id = ?"
            params.append(person_id)
        # A person who "received" got help from the user; one who "gave" helped the user.
        return [
            Exchange(dt.date.fromisoformat(on), pid, bool(received), bool(gave))
            for on, pid, received, gave in self.db.execute(sql, params)
        ]

    def due_followups(self, until: dt.date) -> list[FollowUp]:
        """Open follow-ups due on or before ``until``, soonest first."""
        rows = self.db.execute(
            "SELECT id, person_id, due, text, status, goal_id FROM followups "
            "WHERE status = 'open' AND due <= ? ORDER BY due, id",
            (until.isoformat(),),
        )
        return [
            FollowUp(id=i, person_id=p, due=dt.date.fromisoformat(d), text=t, status=Status(s), goal_id=g)
            for i, p, d, t, s, g in rows
        ]

    def all_open_goals(self) -> list[Goal]:
        rows = self.db.execute(
            "SELECT id, text, person_id, due, status, created FROM goals WHERE status = 'open' "
            "ORDER BY due IS NULL, due, id"
        )
        return [
            Goal(
                id=i,
                text=t,
                person_id=p,
                due=dt.date.fromisoformat(d) if d else None,
                status=Status(s),
                created=dt.date.fromisoformat(c) if c else None,
            )
            for i, t, p, d, s, c in rows
        ]

    def set_followup(self, followup_id: int, *, status: Status | None = None, due: dt.date | None = None) -> bool:
        """Change a follow-up's status or due date; False when there is no such follow-up."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE followups SET status = COALESCE(?, status), due = COALESCE(?, due) WHERE id = ?",
                (status.value if status else None, due.isoformat() if due else None, followup_id),
            )
        return cursor.rowcount > 0

    def set_goal(self, goal_id: int, *, status: Status | None = None, due: dt.date | None = None) -> bool:
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE goals SET status = COALESCE(?, status), due = COALESCE(?, due) WHERE id = ?",
                (status.value if status else None, due.isoformat() if due else None, goal_id),
            )
        return cursor.rowcount > 0

    def people_with_notes_like(self, words: Sequence[str], limit: int = 20) -> list[tuple[int, str]]:
        """People whose notes mention any of ``words`` (for suggesting a give)."""
        if not words:
            return []
        where = " OR ".join("notes LIKE ?" for _ in words)
        rows = self.db.execute(
            f"SELECT id, notes FROM people WHERE {where} LIMIT ?", [*(f"%{w}%" for w in words), limit]
        )
        return [(pid, notes) for pid, notes in rows]
