"""A gathering as an iCalendar invitation (VEVENT with ORGANIZER and ATTENDEEs), for any calendar app.

The UID is derived from the host, the title and the day, so writing the plan
again after a change updates the same event in a calendar instead of adding a
second one. Guests with no email on file cannot be ATTENDEEs (an attendee is a
calendar address); they are named in the description instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str | None = None


def invitation_uid(host: Invitee, title: str, on: dt.date) -> str:
    """A UID stable for the same host, title and day.

    >>> invitation_uid(Invitee("Sam", "sam@example.com"), "Happy hour", dt.date(2025, 6, 14))
    'gathering-2aaf08857578e0ad@kithkin'
    """
    key = f"{host.email or host.name}\n{title}\n{on.isoformat()}".encode()
    return f"gathering-{hashlib.sha256(key).hexdigest()[:16]}@kithkin"


def write_invitation(
    title: str,
    on: dt.date,
    host: Invitee,
    guests: Sequence[Invitee],
    *,
    stamp: dt.datetime,
    description: str = "",
    hours: tuple[dt.datetime, dt.datetime] | None = None,
    location: str = "",
) -> bytes:
    """An iCalendar REQUEST for a gathering on ``on``, all day or from ``hours[0]`` to ``hours[1]`` (local times
    with no zone: "floating", read in each guest's own zone, as a gathering in one town is), at ``location``;
    ``stamp`` is DTSTAMP (UTC).

    >>> text = write_invitation("Happy hour", dt.date(2025, 6, 14), Invitee("Sam", "sam@example.com"),
    ...     [Invitee("Dana Reyes", "dana@example.com"), Invitee("Lori")],
    ...     stamp=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)).decode()
    >>> 'ATTENDEE;CN="Dana Reyes"' in text.replace("\\r\\n ", ""), "Lori (no email on file)" in text
    (True, True)
    >>> evening = (dt.datetime(2025, 6, 14, 18, 30), dt.datetime(2025, 6, 14, 21))
    >>> text = write_invitation("Happy hour", dt.date(2025, 6, 14), Invitee("Sam"), [], hours=evening,
    ...     location="The Tipsy Crow", stamp=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)).decode()
    >>> "DTSTART:20250614T183000" in text, "DTEND:20250614T210000" in text, "LOCATION:The Tipsy Crow" in text
    (True, True, True)
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//kithkin//gathering//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", invitation_uid(host, title, on))
    event.add("dtstamp", stamp)
    event.add("dtstart", hours[0] if hours else on)
    event.add("dtend", hours[1] if hours else on + dt.timedelta(days=1))
    event.add("summary", title)
    if location:
        event.add("location", location)
    event.add("organizer", _address(host), parameters={"CN": host.name})
    for guest in guests:
        if guest.email:
            event.add(
                "attendee",
                _address(guest),
                parameters={"CN": guest.name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"},
            )
    missing = [f"{g.name} (no email on file)" for g in guests if not g.email]
    text = "\n".join(part for part in (description, "Also invited: " + ", ".join(missing) if missing else "") if part)
    if text:
        event.add("description", text)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _address(who: Invitee) -> icalendar.vCalAddress:
    return icalendar.vCalAddress(f"mailto:{who.email}" if who.email else "mailto:noreply@kithkin.invalid")
