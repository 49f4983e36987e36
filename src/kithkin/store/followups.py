"""Follow-ups in the store: what happened (interactions), what is planned (goals, follow-ups), how often to
keep in touch (cadences, snoozes), last contact, and the exchanges the give-and-take ledger reads."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from kithkin.errors import NotFound
from kithkin.followups import Exchange
from kithkin.model import FollowUp, Goal, Interaction, InteractionKind, Status
from kithkin.store.base import StoreBase, fuzzy_from_text

GOAL_COLUMNS = "id, text, person_id, due, status, created"
FOLLOWUP_COLUMNS = "id, person_id, due, text, status, goal_id"


def goal_from_row(row: Sequence[Any]) -> Goal:
    """A goal from the columns in :data:`GOAL_COLUMNS`."""
    gid, text, person_id, due, status, created = row
    return Goal(
        id=gid,
        text=text,
        person_id=person_id,
        due=dt.date.fromisoformat(due) if due else None,
        status=Status(status),
        created=dt.date.fromisoformat(created) if created else None,
    )


def followup_from_row(row: Sequence[Any]) -> FollowUp:
    """A follow-up from the columns in :data:`FOLLOWUP_COLUMNS`."""
    fid, person_id, due, text, status, goal_id = row
    return FollowUp(
        id=fid, person_id=person_id, due=dt.date.fromisoformat(due), text=text, status=Status(status), goal_id=goal_id
    )


class FollowupsStore(StoreBase):
    def add_interaction(self, interaction: Interaction, source: str) -> Interaction:
        """Log one interaction with everyone who took part (and who gave or received)."""
        with self.transaction():
            iid = int(
                self.db.execute(
                    "INSERT INTO interactions(on_date, kind, note, source_id) VALUES (?, ?, ?, ?) RETURNING id",
                    (interaction.on.isoformat(), interaction.kind.value, interaction.note, self.source_id(source)),
                ).fetchone()[0]
            )
            self.db.executemany(
                "INSERT INTO interaction_people(interaction_id, person_id, gave, received, on_date) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        iid,
                        pid,
                        int(pid in interaction.gave),
                        int(pid in interaction.received),
                        interaction.on.isoformat(),
                    )
                    for pid in dict.fromkeys((*interaction.people, *interaction.gave, *interaction.received))
                ],
            )
        return Interaction(**{**interaction.__dict__, "id": iid, "source": source})

    def get_interaction(self, interaction_id: int) -> Interaction:
        row = self.db.execute(
            "SELECT id, on_date, kind, note FROM interactions WHERE id = ?", (interaction_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no logged interaction #{interaction_id}")
        return self._interaction(row)

    def remove_interaction(self, interaction_id: int) -> Interaction:
        """Forget a logged interaction (logged by mistake): the keep-in-touch timers and the ledger it moved go back."""
        found = self.get_interaction(interaction_id)
        with self.transaction():
            self.db.execute("DELETE FROM interaction_people WHERE interaction_id = ?", (interaction_id,))
            self.db.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
        return found

    def event_with(self, me: int, other: int, day: dt.date) -> str | None:
        """The name of an event dated ``day`` on both people's lists (neither by a declined invitation), if any:
        what :meth:`contact_summary` counted as their last contact on that day."""
        row = self.db.execute(
            "SELECT g.name FROM affiliations mine JOIN groups g ON g.id = mine.group_id AND g.kind = 'event' "
            "AND g.on_date = ? JOIN affiliations other ON other.group_id = g.id AND other.person_id = ? "
            "AND other.role NOT LIKE 'declined%' WHERE mine.person_id = ? AND mine.role NOT LIKE 'declined%' "
            "ORDER BY g.id LIMIT 1",
            (day.isoformat(), other, me),
        ).fetchone()
        return None if row is None else str(row[0])

    def last_interactions(self, person_ids: Sequence[int]) -> dict[int, Interaction]:
        """The most recent interaction with each of ``person_ids`` (those with none are left out)."""
        found: dict[int, Interaction] = {}
        for pid in dict.fromkeys(person_ids):
            row = self.db.execute(
                "SELECT i.id, i.on_date, i.kind, i.note FROM interaction_people ip "
                "JOIN interactions i ON i.id = ip.interaction_id WHERE ip.person_id = ? "
                "ORDER BY i.on_date DESC, i.id DESC LIMIT 1",
                (pid,),
            ).fetchone()
            if row is not None:
                found[pid] = self._interaction(row)
        return found

    def interactions(
        self, person_id: int | None = None, *, since: dt.date | None = None, limit: int | None = None
    ) -> tuple[list[Interaction], int]:
        """Logged interactions (with one person, or anyone; on or after ``since``), most recent first, at most
        ``limit`` of them, and how many there are in all."""
        where: list[str] = ["1"]
        params: list[object] = []
        if person_id is not None:
            where.append("i.id IN (SELECT interaction_id FROM interaction_people WHERE person_id = ?)")
            params.append(person_id)
        if since is not None:
            where.append("i.on_date >= ?")
            params.append(since.isoformat())
        sql = f"FROM interactions i WHERE {' AND '.join(where)}"
        total = int(self.db.execute(f"SELECT count(*) {sql}", params).fetchone()[0])
        rows = self.db.execute(
            f"SELECT i.id, i.on_date, i.kind, i.note {sql} ORDER BY i.on_date DESC, i.id DESC LIMIT ?",
            [*params, -1 if limit is None else limit],
        ).fetchall()
        return [self._interaction(row) for row in rows], total

    def _interaction(self, row: Sequence[Any]) -> Interaction:
        iid, on, kind, note = row
        people = self.db.execute(
            "SELECT person_id, gave, received FROM interaction_people WHERE interaction_id = ? ORDER BY person_id",
            (iid,),
        ).fetchall()
        return Interaction(
            id=iid,
            on=dt.date.fromisoformat(on),
            kind=InteractionKind(kind),
            note=note,
            people=tuple(p for p, _, _ in people),
            gave=tuple(p for p, g, _ in people if g),
            received=tuple(p for p, _, r in people if r),
        )

    def add_goal(self, goal: Goal, source: str) -> Goal:
        with self.transaction():
            gid = int(
                self.db.execute(
                    "INSERT INTO goals(text, person_id, due, status, created, source_id) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        goal.text,
                        goal.person_id,
                        goal.due.isoformat() if goal.due else None,
                        goal.status.value,
                        goal.created.isoformat() if goal.created else None,
                        self.source_id(source),
                    ),
                ).fetchone()[0]
            )
        return Goal(**{**goal.__dict__, "id": gid})

    def open_goals(self, person_ids: Sequence[int]) -> dict[int, list[Goal]]:
        """Open goals about each of ``person_ids``."""
        found: dict[int, list[Goal]] = {}
        for pid in dict.fromkeys(person_ids):
            for row in self.db.execute(
                f"SELECT {GOAL_COLUMNS} FROM goals WHERE person_id = ? AND status = 'open' ORDER BY id", (pid,)
            ):
                found.setdefault(pid, []).append(goal_from_row(row))
        return found

    def add_followup(self, followup: FollowUp, source: str) -> FollowUp:
        with self.transaction():
            fid = int(
                self.db.execute(
                    "INSERT INTO followups(person_id, due, text, status, goal_id, source_id) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        followup.person_id,
                        followup.due.isoformat(),
                        followup.text,
                        followup.status.value,
                        followup.goal_id,
                        self.source_id(source),
                    ),
                ).fetchone()[0]
            )
        return FollowUp(**{**followup.__dict__, "id": fid})

    def open_followups(self, person_ids: Sequence[int]) -> dict[int, list[FollowUp]]:
        """Open follow-ups about each of ``person_ids``, soonest first."""
        found: dict[int, list[FollowUp]] = {}
        for pid in dict.fromkeys(person_ids):
            for row in self.db.execute(
                f"SELECT {FOLLOWUP_COLUMNS} FROM followups WHERE person_id = ? AND status = 'open' ORDER BY due, id",
                (pid,),
            ):
                found.setdefault(pid, []).append(followup_from_row(row))
        return found

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

    def clear_cadence(self, *, person_id: int | None = None, tag: str | None = None) -> bool:
        """Stop keeping in touch by a person's own cadence (or a tag's); False if there was none."""
        column, value = ("person_id", person_id) if person_id is not None else ("tag", tag)
        with self.transaction():
            gone = self.db.execute(f"DELETE FROM cadences WHERE {column} = ?", (value,)).rowcount
        return gone > 0

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

    def tag_cadence(self, tag: str) -> int | None:
        """How often to keep in touch with everyone tagged ``tag`` (days), or None when no cadence is set for it."""
        row = self.db.execute("SELECT every_days FROM cadences WHERE tag = ?", (tag,)).fetchone()
        return None if row is None else int(row[0])

    def cadence_of(self, person_id: int) -> tuple[int, str | None] | None:
        """How often to keep in touch with one person and why: (days, None) for their own cadence,
        (days, tag) when it comes from a tag (the shortest), None when there is none."""
        own = self.db.execute("SELECT every_days FROM cadences WHERE person_id = ?", (person_id,)).fetchone()
        if own is not None:
            return int(own[0]), None
        row = self.db.execute(
            "SELECT c.every_days, c.tag FROM cadences c JOIN tags t ON t.tag = c.tag WHERE t.person_id = ? "
            "ORDER BY c.every_days, c.tag LIMIT 1",
            (person_id,),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def snooze_contact(self, person_id: int, until: dt.date) -> None:
        """Stop reminding about ``person_id`` until ``until``; their cadence (own or by tag) is unchanged."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO snoozes(person_id, until) VALUES (?, ?) "
                "ON CONFLICT(person_id) DO UPDATE SET until = excluded.until",
                (person_id, until.isoformat()),
            )

    def snoozed(self) -> dict[int, dt.date]:
        return {
            pid: dt.date.fromisoformat(until) for pid, until in self.db.execute("SELECT person_id, until FROM snoozes")
        }

    def contact_summary(
        self, me: int, today: dt.date, since: dt.date, people: Sequence[int] | None = None
    ) -> dict[int, tuple[dt.date, int]]:
        """Per person (all, or only ``people``): the last day the user and they were together (any
        interaction, or an event dated to the day on both their lists, neither by a declined invitation) and how
        many interactions since ``since``.

        Reads the (person, day) index only: one pass for everyone, or one seek per person asked for.
        """
        day = today.isoformat()
        found: dict[int, tuple[dt.date, int]] = {}
        if people is None:
            rows = self.db.execute(
                "SELECT person_id, max(on_date), sum(on_date >= ?) FROM interaction_people "
                "WHERE on_date <= ? GROUP BY person_id",
                (since.isoformat(), day),
            )
        else:
            rows = self.db.execute(
                "SELECT ip.person_id, max(ip.on_date), sum(ip.on_date >= ?) FROM json_each(?) wanted "
                "JOIN interaction_people ip ON ip.person_id = wanted.value AND ip.on_date <= ? GROUP BY ip.person_id",
                (since.isoformat(), json.dumps(list(people)), day),
            )
        for pid, last, recent in rows:
            found[pid] = (dt.date.fromisoformat(last), int(recent))
        for pid, on in self.db.execute(
            "SELECT other.person_id, max(g.on_date) FROM affiliations mine "
            "JOIN groups g ON g.id = mine.group_id AND g.kind = 'event' AND g.on_date <= ? "
            "AND length(g.on_date) = 10 "  # only events known to the day
            "JOIN affiliations other ON other.group_id = mine.group_id AND other.person_id <> mine.person_id "
            "AND other.role NOT LIKE 'declined%' "  # who said no to an invitation was not there
            "WHERE mine.person_id = ? AND mine.role NOT LIKE 'declined%' GROUP BY other.person_id",
            (day, me),
        ):
            event_day = fuzzy_from_text(on)
            if event_day is None:
                continue
            when = event_day.first_day
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
            f"SELECT {FOLLOWUP_COLUMNS} FROM followups WHERE status = 'open' AND due <= ? ORDER BY due, id",
            (until.isoformat(),),
        )
        return [followup_from_row(row) for row in rows]

    def finished_items(self, since: dt.date) -> list[tuple[str, str, str]]:
        """(id as f12 or g3, status, text) of the follow-ups and dated goals done or dropped whose day is on or after
        ``since``: what a reminders file written before may hold and should now take away."""
        rows = self.db.execute(
            "SELECT 'f' || id, status, text FROM followups WHERE status IN ('done', 'dropped') AND due >= ? "
            "UNION ALL SELECT 'g' || id, status, text FROM goals WHERE status IN ('done', 'dropped') AND due >= ? "
            "ORDER BY 1",
            (since.isoformat(), since.isoformat()),
        )
        return [(str(key), str(status), str(text)) for key, status, text in rows]

    def all_open_goals(self) -> list[Goal]:
        rows = self.db.execute(f"SELECT {GOAL_COLUMNS} FROM goals WHERE status = 'open' ORDER BY due IS NULL, due, id")
        return [goal_from_row(row) for row in rows]

    def get_followup(self, followup_id: int) -> FollowUp:
        row = self.db.execute(f"SELECT {FOLLOWUP_COLUMNS} FROM followups WHERE id = ?", (followup_id,)).fetchone()
        if row is None:
            raise NotFound(f"no follow-up f{followup_id}")
        return followup_from_row(row)

    def get_goal(self, goal_id: int) -> Goal:
        row = self.db.execute(f"SELECT {GOAL_COLUMNS} FROM goals WHERE id = ?", (goal_id,)).fetchone()
        if row is None:
            raise NotFound(f"no goal g{goal_id}")
        return goal_from_row(row)

    def set_followup(self, followup_id: int, *, status: Status | None = None, due: dt.date | None = None) -> None:
        """Change a follow-up's status or due date; NotFound (and nothing written) when there is none."""
        self._set("followups", "follow-up", followup_id, status, due)

    def set_goal(self, goal_id: int, *, status: Status | None = None, due: dt.date | None = None) -> None:
        """Change a goal's status or due date; NotFound (and nothing written) when there is none."""
        self._set("goals", "goal", goal_id, status, due)

    def _set(self, table: str, label: str, item: int, status: Status | None, due: dt.date | None) -> None:
        with self.transaction():
            cursor = self.db.execute(
                f"UPDATE {table} SET status = COALESCE(?, status), due = COALESCE(?, due) WHERE id = ?",
                (status.value if status else None, due.isoformat() if due else None, item),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no {label} {label[0]}{item}")
