"""Follow-ups as an iCalendar file of to-dos that any calendar app can import or subscribe to.

Each item keeps the same UID across exports (``f12@kithkin``, ``p45@kithkin``),
so re-importing an updated file moves a reminder instead of duplicating it.
Each to-do carries an alarm at 9:00 on its due day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class Reminder:
    key: str  # stable across exports
    due: dt.date
    summary: str
    description: str = ""


def write_reminders(reminders: Sequence[Reminder], *, stamp: dt.datetime) -> bytes:
    """An iCalendar (VTODO + VALARM) document for ``reminders``; ``stamp`` is DTSTAMP (UTC).

    >>> text = write_reminders([Reminder("f1", dt.date(2024, 5, 2), "Call Dana")],
    ...                        stamp=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)).decode()
    >>> "UID:f1@kithkin" in text and "DUE;VALUE=DATE:20240502" in text
    True
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//kithkin//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "kithkin follow-ups")
    for item in reminders:
        todo = icalendar.Todo()
        todo.add("uid", f"{item.key}@kithkin")
        todo.add("dtstamp", stamp)
        todo.add("summary", item.summary)
        todo.add("due", item.due)
        if item.description:
            todo.add("description", item.description)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", dt.timedelta(hours=9), parameters={"RELATED": "END"})
        todo.add_component(alarm)
        calendar.add_component(todo)
    return bytes(calendar.to_ical())
