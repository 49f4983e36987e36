"""Follow-ups as an iCalendar file that any calendar app can import or subscribe to.

By default each item is an all-day event (VEVENT): Google Calendar and Outlook do not show to-dos
(VTODO) in a subscribed calendar; ``todo=True`` writes to-dos for apps that do (Apple Reminders,
Thunderbird). Each item keeps the same UID across exports (``f12@kithkin``, ``p45@kithkin``; as a
to-do ``f12.todo@kithkin``), so re-importing an updated file moves a reminder instead of duplicating it,
and each carries an alarm at 9:00 on its day. What was done or dropped since is written as cancelled (a
to-do: completed), so a calendar that imported it before takes it away; birthdays repeat every year.
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
    yearly: bool = False  # a birthday: every year on its day
    #: "done" or "dropped": written as finished, so that a calendar that imported it before takes it away
    finished: str = ""


#: SEQUENCE counts minutes from here: each export's is higher than the one before, so a calendar takes the newer
#: version of an entry it holds (RFC 5545 §3.8.7.4).
_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def write_reminders(reminders: Sequence[Reminder], *, stamp: dt.datetime, todo: bool = False) -> bytes:
    """An iCalendar document for ``reminders``: all-day VEVENTs (or, with ``todo``, VTODOs), each with a
    VALARM at 9:00 on its day; ``stamp`` is DTSTAMP (UTC).

    >>> text = write_reminders([Reminder("f1", dt.date(2024, 5, 2), "Call Dana")],
    ...                        stamp=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)).decode()
    >>> "BEGIN:VEVENT" in text and "UID:f1@kithkin" in text and "DTSTART;VALUE=DATE:20240502" in text
    True
    >>> "DUE;VALUE=DATE:20240502" in write_reminders([Reminder("f1", dt.date(2024, 5, 2), "Call Dana")],
    ...     stamp=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), todo=True).decode()
    True
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//kithkin//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "kithkin follow-ups")
    for item in reminders:
        entry: icalendar.Component
        if todo:
            entry = icalendar.Todo()
            entry.add("due", item.due)
        else:
            entry = icalendar.Event()
            entry.add("dtstart", item.due)
            entry.add("dtend", item.due + dt.timedelta(days=1))
            entry.add("transp", "TRANSPARENT")
        # A to-do and an event of one item are two entries: one UID for both would collide in an app that
        # imports both files into one calendar (Apple's, Thunderbird's), each replacing the other.
        entry.add("uid", f"{item.key}.todo@kithkin" if todo else f"{item.key}@kithkin")
        entry.add("dtstamp", stamp)
        entry.add("sequence", max(0, int((stamp - _EPOCH).total_seconds() // 60)))
        entry.add("summary", item.summary)
        if item.description:
            entry.add("description", item.description)
        if item.yearly:
            entry.add("rrule", {"freq": "yearly"})
        if item.finished:
            entry.add("status", "CANCELLED" if not todo or item.finished == "dropped" else "COMPLETED")
            calendar.add_component(entry)
            continue
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", dt.timedelta(hours=9), parameters={"RELATED": "END" if todo else "START"})
        entry.add_component(alarm)
        calendar.add_component(entry)
    return bytes(calendar.to_ical())
