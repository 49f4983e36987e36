"""What happened and what is planned: interactions, goals and follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kithkin.model import FollowUp, Goal, Interaction, InteractionKind, Status
from kithkin.store.base import StoreBase

GOAL_COLUMNS = "id, text, person_id, due, status, created"


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


class ActivityStore(StoreBase):
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
            for fid, due, text, status, goal_id in self.db.execute(
                "SELECT id, due, text, status, goal_id FROM followups WHERE person_id = ? AND status = 'open' "
                "ORDER BY due, id",
                (pid,),
            ):
                found.setdefault(pid, []).append(
                    FollowUp(
                        id=fid,
                        person_id=pid,
                        due=dt.date.fromisoformat(due),
                        text=text,
                        status=Status(status),
                        goal_id=goal_id,
                    )
                )
        return found
