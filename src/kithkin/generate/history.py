"""The user's own recent history in the demo: interactions, a goal, follow-ups and an upcoming gathering.

This is what makes a briefing worth reading: "you have been trying to reach
Dana", "last coffee with Lori in March", and a friend's happy hour next week
where Dana will be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from kithkin.text import first_name

TODAY = dt.date(2026, 11, 20)  # the story's "now" unless given one: the same seed and day tell the same story
_KINDS = ("meal", "call", "message", "email", "met", "favour", "intro-made", "intro-received", "event")
_NOTES = {
    "meal": "lunch; caught up on work and family",
    "call": "quick call about a job lead",
    "message": "congratulated them on the new role",
    "email": "sent the article we talked about",
    "met": "coffee near the office",
    "favour": "reviewed their pitch deck",
    "intro-made": "introduced them to a designer",
    "intro-received": "they introduced me to a recruiter",
    "event": "saw each other at a meetup",
}


@dataclass(frozen=True)
class Interaction:
    on: dt.date
    kind: str
    people: tuple[int, ...]
    gave: tuple[int, ...] = ()
    received: tuple[int, ...] = ()
    note: str = ""


@dataclass
class History:
    interactions: list[Interaction] = field(default_factory=list)
    goals: list[tuple[int, str, dt.date, dt.date | None]] = field(default_factory=list)  # person, text, created, due
    followups: list[tuple[int, dt.date, str]] = field(default_factory=list)  # person, due, text
    gathering_name: str = ""
    gathering_on: dt.date = TODAY
    gathering: list[tuple[int, str]] = field(default_factory=list)  # person, role
    notes: dict[int, str] = field(default_factory=dict)  # person -> notes
    cadences: list[tuple[str, int]] = field(default_factory=list)  # tag, every (days)
    today: dt.date = TODAY  # the day the story is told from: "last week", "in two weeks" count from it


def personal_history(
    rng: np.random.Generator,
    *,
    me: int,
    target: int,
    names: list[str],
    tie_a: np.ndarray,
    tie_b: np.ndarray,
    closeness: np.ndarray,
    titles: dict[int, str] | None = None,
    today: dt.date = TODAY,
) -> History:
    """Interactions with the user's ties (closer ties more recent), a goal to reach ``target``,
    follow-ups, and a happy hour hosted by the friend who knows ``target`` — dated around ``today``."""
    history = History(today=today, gathering_on=today)
    mine = (tie_a == me) | (tie_b == me)
    friends = np.where(tie_a[mine] == me, tie_b[mine], tie_a[mine])
    close = closeness[mine]
    for friend, level in zip(friends.tolist(), close.tolist(), strict=True):
        # Closer ties are seen more often: the last contact is more recent.
        days_ago = int(rng.exponential(25 * (6 - max(level, 1)))) + 1
        kind = str(rng.choice(_KINDS))
        # As the store reads them (`Interaction`): who "gave" helped the user, who "received" was helped. A favour
        # the user did ("reviewed their pitch deck") and an introduction the user made were the friend's gifts
        # before, so the demo's ledger ran the wrong way round.
        received = (friend,) if kind in ("favour", "intro-made") else ()
        gave = (friend,) if kind == "intro-received" else ()
        history.interactions.append(
            Interaction(today - dt.timedelta(days=days_ago), kind, (friend,), gave, received, _NOTES[kind])
        )
    target_friends = set(np.where(tie_a == target, tie_b, -1).tolist()) | set(
        np.where(tie_b == target, tie_a, -1).tolist()
    )
    hosts = [f for f in friends.tolist() if f in target_friends]
    history.cadences = [("inner-circle", 30), ("work", 90)]
    # One friend is looking for what another friend does: the give `kithkin today` should spot.
    with_titles = [f for f in friends.tolist() if titles and titles.get(f)]
    if len(with_titles) >= 2:
        seeker, helper = (int(x) for x in rng.choice(with_titles, size=2, replace=False))
        assert titles is not None
        wanted = titles[helper].lower()
        history.notes[seeker] = f"Looking for a {wanted} to advise their startup; prefers someone local."
    history.goals.append(
        (
            target,
            f"Reach {names[target]} about a partnership with their product team",
            today - dt.timedelta(days=120),
            None,
        )
    )
    if not hosts:
        return history
    host = hosts[0]
    history.followups.append(
        (host, today + dt.timedelta(days=3), f"Thank {first_name(names[host])} for the invitation")
    )
    history.interactions.append(
        Interaction(today - dt.timedelta(days=5), "message", (host,), (host,), (), "invited me to a happy hour")
    )
    their = np.where(tie_a == host, tie_b, np.where(tie_b == host, tie_a, -1))
    others = [p for p in their[their >= 0].tolist() if p not in (me, target)]
    guests = rng.choice(others, size=min(4, len(others)), replace=False).tolist() if others else []
    history.gathering_name = f"Happy hour at {first_name(names[host])}'s"
    history.gathering_on = today + dt.timedelta(days=14)
    history.gathering = [(host, "host"), (me, "guest"), (target, "guest"), *((g, "guest") for g in guests)]
    return history
