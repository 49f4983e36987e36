"""Plain-language phrases for facts, shared by every way kithkin shows them."""

from __future__ import annotations

import datetime as dt
import unicodedata

from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind, Interaction, Tie

KIND_TITLES = {
    GroupKind.SCHOOL: "Schools",
    GroupKind.EMPLOYER: "Employers",
    GroupKind.EVENT: "Events",
    GroupKind.COMMUNITY: "Communities",
    GroupKind.PLACE: "Places",
    GroupKind.INTEREST: "Interests",
}

CLOSENESS_WORDS = {1: "acquaintance", 2: "casual", 3: "friend", 4: "close", 5: "closest"}


def closeness_said(how: str | None, closeness: int | None) -> str:
    """The closeness word to add after how two people know each other, or nothing when that already says it (a
    tie "friends" rated 3, "friend", is not said twice: "You know each other (friends) since 2002 — friend.").

    >>> closeness_said("friends", 3), closeness_said("work", 4), closeness_said(None, 1), closeness_said("x", None)
    ('', 'close', 'acquaintance', '')
    """
    if closeness is None:
        return ""
    word = CLOSENESS_WORDS[closeness]
    return "" if how and word in how.lower() else word


def tie_sentence(tie: Tie | None, last: Interaction | None) -> str:
    """How you know someone, in one sentence (briefings on the CLI, as Markdown/HTML and on the web page); with no
    tie recorded, what is known, never that you have not met.

    >>> tie_sentence(Tie(1, 2, how="friends", since=FuzzyDate(2002), closeness=3), None)
    'You know each other (friends) since 2002.'
    >>> tie_sentence(None, None)
    'No tie recorded between you yet.'
    """
    if tie is None:
        if last is not None:
            return f"No tie recorded; you were last in touch on {when(last.on)} ({last.kind.label})."
        return "No tie recorded between you yet."
    parts = ["You know each other", *_how_since(tie)]
    if said := closeness_said(tie.how, tie.closeness):
        parts.append(f"— {said}")
    return " ".join(parts) + "."


def tie_how(how: str, introducer: str = "") -> str:
    """How two people know each other, with who introduced them when that is known.

    >>> tie_how("introduced by a friend", "Matthew Miller"), tie_how("colleagues", "Ann Lee"), tie_how("", "Ann Lee")
    ('introduced by a friend (Matthew Miller)', 'colleagues; introduced by Ann Lee', 'introduced by Ann Lee')
    """
    if not introducer:
        return how
    if "introduced" in how.lower():
        return f"{how} ({introducer})"
    return f"{how}; introduced by {introducer}" if how else f"introduced by {introducer}"


def each_other(a: str, b: str, tie: Tie, introducer: str = "") -> str:
    """Two people the user compares already know each other, as the comparison opens with it.

    >>> each_other("Dana Reyes", "Luis Miguel Llamas", Tie(1, 2, how="introduced by a friend", since=FuzzyDate(2015)),
    ...            "Gregorio Cadena")
    'Dana and Luis Miguel already know each other (introduced by a friend) since 2015; Gregorio Cadena introduced \
them.'
    """
    parts = [f"{first_name(a)} and {first_name(b)} already know each other", *_how_since(tie)]
    return " ".join(parts) + (f"; {introducer} introduced them." if introducer else ".")


def _how_since(tie: Tie) -> list[str]:
    """How two people know each other and since when, as both tie sentences say it: "(friends)", "since 2002"."""
    return [part for part in (f"({tie.how})" if tie.how else "", f"since {day(tie.since)}" if tie.since else "")
            if part]  # fmt: skip


#: Given names of two or three words, compared without accents or case: what "Ana María Montalvo" is called is
#: "Ana María", not "Ana". The two-word first names of Faker's Mexican and Spanish name lists (the lists the demo
#: draws Spanish names from; ``tests/test_text.py`` checks that they are all here).
COMPOUND_GIVEN_NAMES = frozenset({
    "alta gracia", "ana belen", "ana luisa", "ana maria", "ana sofia", "andres felipe", "dulce maria", "eva maria",
    "francisco javier", "francisco jose", "jorge luis", "jose angel", "jose antonio", "jose carlos", "jose eduardo",
    "jose emilio", "jose francisco", "jose ignacio", "jose luis", "jose manuel", "jose mari", "jose maria",
    "jose miguel", "jose ramon", "juan antonio", "juan bautista", "juan carlos", "juan francisco", "juan jose",
    "juan luis", "juan manuel", "juan pablo", "julio cesar", "luis angel", "luis manuel", "luis miguel",
    "marco antonio", "maria angeles", "maria belen", "maria carmen", "maria cristina", "maria del carmen",
    "maria dolores", "maria elena", "maria eugenia", "maria fernanda", "maria jesus", "maria jose", "maria luisa",
    "maria manuela", "maria pilar", "maria teresa", "miguel angel", "rosa maria", "victor manuel",
})  # fmt: skip
#: Words before a name that are not the name: "Dr. Dana Reyes" is Dana ("Dr. Reyes", with no first name, stays so).
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "rev", "sir", "dame", "sr", "sra"})


def _plain(word: str) -> str:
    """A word without accents, case or a trailing full stop, to compare with the lists above."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold().rstrip(".")


def first_name(name: str) -> str:
    """What to call someone in a sentence: their first name — a compound one whole, an honorific left out.

    >>> first_name("Dana Reyes"), first_name(""), first_name("Ana María Montalvo"), first_name("María del Carmen Ruiz")
    ('Dana', '', 'Ana María', 'María del Carmen')
    >>> first_name("Juan Pérez García"), first_name("Dr. Dana Reyes"), first_name("Dr. Reyes")
    ('Juan', 'Dana', 'Dr. Reyes')
    """
    words = name.split()
    if len(words) > 2 and _plain(words[0]) in HONORIFICS:
        words = words[1:]
    elif len(words) == 2 and _plain(words[0]) in HONORIFICS:
        return name.strip()
    if not words:
        return name
    for size in (3, 2):
        if len(words) >= size and " ".join(_plain(w) for w in words[:size]) in COMPOUND_GIVEN_NAMES:
            return " ".join(words[:size])
    return words[0]


def span(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    """A period as people write it.

    >>> span(FuzzyDate(1998), FuzzyDate(2002))
    '1998–2002'
    >>> span(FuzzyDate(2011), None)
    '2011–now'
    >>> span(None, None)
    ''
    >>> span(None, FuzzyDate(2002))
    'until 2002'
    >>> span(FuzzyDate(2019, 5), FuzzyDate(2020, 1, 31))
    'May 2019–31 Jan 2020'
    """
    if start is None and end is None:
        return ""
    if start is None:
        return f"until {day(end)}"
    if end is None:
        return f"{day(start)}–now"
    if start == end:
        return day(start)
    return f"{day(start)}–{day(end)}"


def day(value: FuzzyDate | None) -> str:
    """A date as far as it is known, as people write it (the store keeps it as ISO text).

    >>> day(FuzzyDate(2026)), day(FuzzyDate(2026, 12)), day(FuzzyDate(2026, 12, 12)), day(None)
    ('2026', 'Dec 2026', '12 Dec 2026', '')
    """
    if value is None:
        return ""
    if value.month is None:
        return f"{value.year}"
    month = f"{_MONTHS[value.month - 1]} {value.year}"
    return month if value.day is None else f"{value.day} {month}"


def birthday_words(birthday: str) -> str:
    """A birthday as the store keeps it ("1980-04-15", "--04-15" with no year, "1980" the year only), in words.

    >>> birthday_words("1980-04-15"), birthday_words("--04-15"), birthday_words("1980"), birthday_words("")
    ('15 Apr 1980', '15 Apr', '1980', '')
    """
    try:
        if birthday.startswith("--"):
            on = dt.date(2000, int(birthday[2:4]), int(birthday[5:7]))  # a leap year: 29 Feb is a birthday
            return f"{on.day} {_MONTHS[on.month - 1]}"
        return _partial(birthday) if len(birthday) < 10 else day(FuzzyDate.from_date(dt.date.fromisoformat(birthday)))
    except ValueError:
        return birthday


def event_when(on: FuzzyDate | None, today: dt.date | None = None) -> str:
    """When an event is, in the tense its date calls for: "12 Dec 2026" once its day is past, "today, 12 Dec
    2026" on it, "coming up on 12 Dec 2026" while it is still ahead of ``today`` (no ``today``: no tense, the date
    alone).

    >>> on = FuzzyDate(2026, 12, 12)
    >>> [event_when(on, dt.date(2026, 12, d)) for d in (20, 5, 12)]
    ['12 Dec 2026', 'coming up on 12 Dec 2026', 'today, 12 Dec 2026']
    """
    if on is None:
        return ""
    if today is not None and on.day is not None and on.first_day == today:
        return f"today, {day(on)}"
    ahead = today is not None and on.first_day > today
    return f"coming up on {day(on)}" if ahead else day(on)


def affiliation_when(aff: Affiliation, today: dt.date | None = None) -> str:
    """The period of an affiliation; for an event, its day (the day it began: an event is never "…–now").

    >>> meetup = Group(GroupKind.EVENT, "Tech meetup", on=FuzzyDate(2026, 12, 12))
    >>> affiliation_when(Affiliation(1, meetup, "guest", start=FuzzyDate(2026, 12, 12)), dt.date(2026, 12, 5))
    'coming up on 12 Dec 2026'
    >>> affiliation_when(Affiliation(1, Group(GroupKind.EMPLOYER, "Intuit"), start=FuzzyDate(2011)))
    '2011–now'
    """
    if aff.group.kind is GroupKind.EVENT and aff.end is None:
        return event_when(aff.start or aff.group.on, today)
    return span(aff.start, aff.end) or event_when(aff.group.on, today)


def event_setting(group: Group, today: dt.date | None = None) -> str:
    """When and where a group met, as far as known: "12 Dec 2026 at Impact Hub", "at Impact Hub", "2026".

    >>> meetup = Group(GroupKind.EVENT, "Tech meetup", on=FuzzyDate(2026, 12, 12), place="Impact Hub, Oakland")
    >>> event_setting(meetup), event_setting(Group(GroupKind.SCHOOL, "SDSU"))
    ('12 Dec 2026 at Impact Hub, Oakland', '')
    """
    return " ".join(part for part in (event_when(group.on, today), f"at {group.place}" if group.place else "") if part)


def affiliation_detail(aff: Affiliation, today: dt.date | None = None) -> str:
    """Role and period of an affiliation: "Marketing, 1998–2002"; an event's day (in the tense ``today`` calls
    for) and its place: "guest, 12 Dec 2026 at Impact Hub".

    >>> sdsu = Group(GroupKind.SCHOOL, "SDSU")
    >>> affiliation_detail(Affiliation(1, sdsu, "Marketing", FuzzyDate(1998), FuzzyDate(2002)))
    'Marketing, 1998–2002'
    >>> meetup = Group(GroupKind.EVENT, "Tech meetup", on=FuzzyDate(2026, 12, 12), place="Impact Hub")
    >>> affiliation_detail(Affiliation(1, meetup, "guest"), dt.date(2026, 12, 1))
    'guest, coming up on 12 Dec 2026 at Impact Hub'
    """
    parts = [aff.role] if aff.role else []
    when = affiliation_when(aff, today)
    if when:
        parts.append(when)
    place = f"at {aff.group.place}" if aff.group.place else ""
    return " ".join(part for part in (", ".join(parts), place) if part)


def attendance(known: int, on_record: int, new: int, you: bool = True) -> str:
    """Who else is coming, as a briefing's headline says it: those the user knows (a tie), the others already in
    their contacts, and those new to them. Before, "6 other attendees, 6 you know of" of six people four of whom
    the user had no tie to.

    >>> attendance(2, 4, 0), attendance(0, 3, 2), attendance(1, 0, 1)
    ('6 other attendees: 2 you know, 4 on file with no tie to you', '5 other attendees: none you know, 3 on file \
with no tie to you, 2 new to you', '2 other attendees: 1 you know, 1 new to you')
    >>> attendance(12, 30, 0, you=False)
    '42 people on its list, not you: 12 you know, 30 on file with no tie to you'
    """
    parts = [f"{known} you know" if known else "none you know"]
    if on_record:  # "4 more in your contacts" read as four more people known
        parts.append(f"{on_record} on file with no tie to you")
    if new:
        parts.append(f"{new} new to you")
    if not you:  # "42 other attendees" of an event the user is not on the list of
        return f"{plural(known + on_record + new, 'person', 'people')} on its list, not you: {', '.join(parts)}"
    return f"{plural(known + on_record + new, 'other attendee')}: {', '.join(parts)}"


def due_words(due: dt.date | None, today: dt.date | None) -> str:
    """When something is due, as of ``today``: a briefing said "Follow-up due Thu 10 Dec 2026" on 18 December.

    >>> d = dt.date(2026, 12, 10)
    >>> due_words(d, dt.date(2026, 12, 18)), due_words(d, d), due_words(d, dt.date(2026, 12, 1)), due_words(None, d)
    ('overdue since Thu 10 Dec 2026 (8 days)', 'due today', 'due Thu 10 Dec 2026', 'open')
    """
    if due is None:
        return "open"
    if today is not None and due < today:
        return f"overdue since {when(due)} ({plural((today - due).days, 'day')})"
    return "due today" if due == today else f"due {when(due)}"


def guest_list(others: int, known: int, you: bool) -> str:
    """Who is on an event's list, as the daily digest says it: the others on it, how many of them the user has a
    tie to, and whether the user is on it (the list is who was invited or went, not who said yes).

    >>> guest_list(6, 2, True), guest_list(3, 0, False)
    ('you and 6 others on its list (2 you know)', '3 on its list (none you know), not you')
    >>> guest_list(0, 0, True), guest_list(0, 0, False)
    ('only you on its list so far', 'nobody on its list yet')
    """
    if not others:
        return "only you on its list so far" if you else "nobody on its list yet"
    among = f"({known} you know)" if known else "(none you know)"
    if you:
        return f"you and {plural(others, 'other')} on its list {among}"
    return f"{others:,} on its list {among}, not you"


def is_number(text: str, most: int = 18) -> bool:
    """Whether ``text`` is a whole number of at most ``most`` ASCII digits, as ids and years are typed.

    ``str.isdigit`` also takes '²' (which ``int`` refuses) and other scripts' digits; 19 digits are past any id
    SQLite holds.

    >>> is_number("42"), is_number("²"), is_number(""), is_number("1" * 19)
    (True, False, False, False)
    """
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun agreeing: "1 person", "2 people", "1,204 reminders".

    ``many`` defaults to ``one`` + "s"; only the last word of a phrase changes.

    >>> plural(1, "person", "people"), plural(2, "person", "people"), plural(0, "reminder")
    ('1 person', '2 people', '0 reminders')
    >>> plural(1, "other attendee"), plural(1204, "day overdue", "days overdue")
    ('1 other attendee', '1,204 days overdue')
    """
    return f"{count:,} {one if count == 1 else (many if many is not None else one + 's')}"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(value: dt.date | dt.datetime | str | None) -> str:
    """A day or a moment in words, in the user's own time zone: "Sun 10 Jan 2027", "Sun 10 Jan 2027, 18:00".

    A moment with a time zone is shown in its own zone, named, and where the machine's zone differs, in that one
    too: an invitation's 18:00 in Los Angeles read "Fri 11 Oct 2030, 01:00 UTC" on a machine in UTC — a Thursday
    evening event put on the Friday. One without a zone is taken as local already. ISO text (as files and the store
    hold it) is read first, with an IANA zone after it in brackets as RFC 9557 writes it
    ("2030-10-10T18:00:00-07:00[America/Los_Angeles]"); anything else is returned as is.

    >>> when(dt.date(2027, 1, 10))
    'Sun 10 Jan 2027'
    >>> when(dt.datetime(2027, 1, 10, 18, 0))
    'Sun 10 Jan 2027, 18:00'
    >>> when("2025-06-01"), when(None), when("spring"), when("2026-12"), when("2026")
    ('Sun 1 Jun 2025', '', 'spring', 'Dec 2026', '2026')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text, zone = value.strip(), None
        if text.endswith("]") and "[" in text:
            text, _, key = text[:-1].partition("[")
            zone = _zone(key)
        if len(text) < 10:  # a year or a month alone ("2026", "2026-12"), as the store keeps an event's day
            return _partial(text)
        try:
            value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
        except ValueError:
            return text
        if zone is not None and isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(zone)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return f"{_day_words(value.date())}, {value:%H:%M}"
        said = f"{_day_words(value.date())}, {value:%H:%M} {value.tzname()}"
        local = value.astimezone()
        if local.utcoffset() == value.utcoffset():
            return said
        on = f" on {_day_words(local.date())}" if local.date() != value.date() else ""
        return f"{said} ({local:%H:%M} {local.tzname()}{on} here)"
    return _day_words(value)


def _zone(key: str) -> dt.tzinfo | None:
    """An IANA time zone by name, or None when this machine does not know it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _day_words(day: dt.date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _partial(text: str) -> str:
    """A year or a year and month as ISO text, in words; any other text as it is."""
    parts = text.split("-")
    if not all(is_number(p) for p in parts) or len(parts[0]) != 4 or len(parts) > 2:
        return text
    try:
        return day(FuzzyDate(*(int(p) for p in parts)))
    except ValueError:
        return text
