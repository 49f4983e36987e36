"""Use cases for follow-ups: the interaction log, goals, cadences, what is due, reminders, the ledger, the daily
digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kithkin.dates import parse_day
from kithkin.errors import InputError, NoMe, about
from kithkin.followups import (
    GIVE_WORDS,
    Balance,
    Due,
    contact_strength,
    due_contacts,
    infer_kind,
    ledger,
    next_birthday,
    one_sided,
    parse_every,
    rank_overdue,
)
from kithkin.model import FollowUp, Goal, Group, Interaction, InteractionKind, Person, Status
from kithkin.roles import title_matches
from kithkin.services.people import CLI_SOURCE, resolve_person
from kithkin.store import Store
from kithkin.text import is_number, plural, when


def _me(store: Store) -> Person:
    me = store.me()
    if me is None:
        raise NoMe()
    return me


def _day(text: str | None, today: dt.date, *, past_only: bool) -> dt.date:
    if text is None or not text.strip():
        return today
    day = parse_day(text, today=today)
    if past_only and day > today:
        raise InputError(f"{text!r} is in the future: the log records what happened; a plan is a follow-up or a goal")
    return day


def log(
    store: Store,
    note: str,
    *,
    with_refs: Sequence[str],
    today: dt.date,
    kind: str | None = None,
    got: str | None = None,
    gave: str | None = None,
    on: str | None = None,
) -> Interaction:
    """Log one interaction with one or more people; ``got``/``gave`` record what changed hands."""
    if not with_refs:
        raise InputError("say who it was with: --with NAME (repeat for several people)", field="people")
    with about("people"):
        people = [resolve_person(store, ref) for ref in with_refs]
        if yourself := next((p for p in people if p.is_me), None):  # the log is the user's: "with me" said nothing
            raise InputError(f"{yourself.name} is you: log who else took part")
    with about("on"):
        day = _day(on, today, past_only=True)
    what = _kind(note, kind, got, gave)
    ids = tuple(dict.fromkeys(p.id for p in people if p.id is not None))
    return store.add_interaction(
        Interaction(
            on=day,
            kind=what,
            people=ids,
            gave=ids if got else (),  # they gave to the user
            received=ids if gave else (),  # they received from the user
            note=note.strip(),
        ),
        CLI_SOURCE,
    )


def unlog(store: Store, interaction_id: int) -> tuple[Interaction, list[Person]]:
    """Forget an interaction logged by mistake, and who it was with: the keep-in-touch timers and the give and take
    it moved go back (a wrong log moved them for good)."""
    found = store.remove_interaction(interaction_id)
    return found, store.get_people(list(found.people))


def give_words() -> list[str]:
    """What may change hands in a logged interaction (``--got``/``--gave``), one word for each kind, for a
    form's choices (``favor`` and ``help`` are ``favour`` too).

    >>> give_words()
    ['intro', 'referral', 'favour', 'gift', 'meal']
    """
    first: dict[InteractionKind, str] = {}
    for word, kind in GIVE_WORDS.items():
        first.setdefault(kind, word)
    return list(first.values())


def _kind(note: str, kind: str | None, got: str | None, gave: str | None) -> InteractionKind:
    """The kind given, else the one ``--got``/``--gave`` implies, else the one the note's words suggest."""
    implied = None
    for word, received in ((got, True), (gave, False)):
        if word:
            found = GIVE_WORDS.get(word.strip().lower())
            if found is None:
                options = ", ".join(sorted(GIVE_WORDS))
                field = "got" if received else "gave"
                raise InputError(f"{word!r} is not something given: use one of {options}", field=field)
            if found is InteractionKind.INTRO_RECEIVED and not received:
                found = InteractionKind.INTRO_MADE
            implied = implied or found
    if kind:
        try:
            return InteractionKind(kind.strip().lower())
        except ValueError:
            options = ", ".join(k.value for k in InteractionKind)
            raise InputError(f"{kind!r} is not a kind of interaction: use one of {options}", field="kind") from None
    return implied or infer_kind(note)


def add_goal(store: Store, text: str, *, today: dt.date, with_ref: str | None = None, due: str | None = None) -> Goal:
    """Something to achieve through the network, optionally about a person and by a date."""
    if not text.strip():
        raise InputError("a goal needs some words", field="text")
    with about("person"):
        person = resolve_person(store, with_ref) if with_ref else None
    with about("due"):
        due_day = _day(due, today, past_only=False) if due else None
        if due_day is not None and due_day < today:  # taken without a word, then shown as if still ahead
            raise InputError(f"{when(due_day)} is before today: a goal's day is still to come")
    return store.add_goal(
        Goal(text=text.strip(), person_id=person.id if person else None, due=due_day, created=today), CLI_SOURCE
    )


def open_goals(store: Store) -> list[tuple[Goal, Person | None]]:
    """Every open goal, dated ones first (soonest first), each with the person it is about: undated goals were
    shown nowhere in the web app."""
    goals = store.all_open_goals()
    people = {p.id: p for p in store.get_people([g.person_id for g in goals if g.person_id])}
    return [(g, people.get(g.person_id) if g.person_id else None) for g in goals]


def add_followup(store: Store, ref: str, text: str, *, due: str, today: dt.date) -> FollowUp:
    """Something to do about a person by a day ("send the deck", due "friday")."""
    if not text.strip():
        raise InputError("a follow-up needs some words: what to do", field="text")
    person = resolve_person(store, ref)
    assert person.id is not None
    with about("due"):
        if not due.strip():
            raise InputError("a follow-up needs a day it is due: a date (18 Dec 2026) or 'tomorrow'")
        day = _day(due, today, past_only=False)
    return store.add_followup(FollowUp(person_id=person.id, due=day, text=text.strip()), CLI_SOURCE)


@dataclass(frozen=True)
class LogView:
    """`kithkin log list`: interactions most recent first, with who took part, and how many there are in all."""

    entries: tuple[tuple[Interaction, tuple[Person, ...]], ...]
    total: int


def log_entries(
    store: Store, *, today: dt.date, ref: str | None = None, since: str | None = None, limit: int = 50
) -> LogView:
    """What has been logged (with one person, or anyone; on or after ``since``), most recent first."""
    person = resolve_person(store, ref) if ref else None
    start = _day(since, today, past_only=False) if since else None
    found, total = store.interactions(person.id if person else None, since=start, limit=limit)
    people = {p.id: p for p in store.get_people([pid for i in found for pid in i.people])}
    return LogView(tuple((i, tuple(people[pid] for pid in i.people if pid in people)) for i in found), total)


@dataclass(frozen=True)
class Relationship:
    """What the user and one person have been to each other, as `kithkin person show` tells it.

    ``interactions`` are the most recent (``interaction_count`` in all); ``cadence_days`` is how often to keep
    in touch, set for them or (``cadence_tag``) for a tag of theirs; ``balance`` is give and take over a year.
    """

    interactions: tuple[Interaction, ...]
    interaction_count: int
    goals: tuple[Goal, ...]
    followups: tuple[FollowUp, ...]
    cadence_days: int | None
    cadence_tag: str | None
    balance: Balance
    birthday: str
    next_birthday: dt.date | None


def relationship(store: Store, ref: str, today: dt.date, *, recent: int = 5) -> Relationship:
    """Interactions, open goals and follow-ups, cadence, give and take and birthday for one person."""
    person = resolve_person(store, ref)
    pid = person.id
    assert pid is not None
    found, total = store.interactions(pid, limit=recent)
    cadence = store.cadence_of(pid)
    book = ledger(store.exchanges(today - dt.timedelta(days=365), pid), today, 365)
    birthday = store.birthdays([pid]).get(pid, "")
    return Relationship(
        interactions=tuple(found),
        interaction_count=total,
        goals=tuple(store.open_goals([pid]).get(pid, [])),
        followups=tuple(store.open_followups([pid]).get(pid, [])),
        cadence_days=cadence[0] if cadence else None,
        cadence_tag=cadence[1] if cadence else None,
        balance=book.get(pid, Balance(pid, 0, 0, None)),
        birthday=birthday,
        next_birthday=birthday_after(birthday, today),
    )


def birthday_after(birthday: str, today: dt.date) -> dt.date | None:
    """The next time a birthday as the store keeps it comes round, from ``today`` (None with the year only)."""
    return next_birthday(birthday, today) if birthday else None


#: What `kithkin cadence NAME off` may say to stop keeping in touch on a timer.
CLEAR_WORDS = frozenset({"off", "none", "never", "clear"})


def set_cadence(store: Store, every: str, *, ref: str | None = None, tag: str | None = None) -> int:
    """Keep in touch with a person, or with everyone tagged ``tag``, every ``every`` (30d, 3m, 1y); ``off`` clears
    it (the days returned are then 0)."""
    if (ref is None) == (tag is None):
        raise InputError("give a person or --tag, not both")
    if every.strip().lower() in CLEAR_WORDS:
        clear_cadence(store, ref=ref, tag=tag)
        return 0
    with about("every"):
        days = parse_every(every)
    if ref is not None:
        person = resolve_person(store, ref)
        if person.is_me:  # "keep in touch with me every 7 days" was accepted
            raise InputError(f"{person.name} is you: keep in touch with someone else")
        store.set_cadence(days, CLI_SOURCE, person_id=person.id)
    else:
        assert tag is not None
        if not store.list_people(tag=tag.strip(), limit=1):  # "--tag frends" was taken without a word
            used = ", ".join(name for name, _ in store.tag_counts(10))
            raise InputError(f"nobody is tagged {tag.strip()!r}" + (f"; tags in use: {used}" if used else ""),
                             field="tag")  # fmt: skip
        store.set_cadence(days, CLI_SOURCE, tag=tag.strip())
    return days


def tag_cadence(store: Store, tag: str) -> int | None:
    """Every how many days to keep in touch with everyone tagged ``tag``; None when not set."""
    return store.tag_cadence(tag.strip())


def clear_cadence(store: Store, *, ref: str | None = None, tag: str | None = None) -> bool:
    """Stop keeping in touch with a person (or a tag) on a timer; False if no cadence of its own was set."""
    if ref is not None:
        person = resolve_person(store, ref)
        return store.clear_cadence(person_id=person.id)
    return store.clear_cadence(tag=(tag or "").strip())


@dataclass(frozen=True)
class DueItem:
    """One line of `kithkin followups`: a follow-up, a goal with a date, or someone to get back in touch with."""

    id: str  # f12 (follow-up), g3 (goal), p45 (person to contact)
    due: dt.date
    what: str
    person: Person | None
    overdue_days: int


def due_items(store: Store, today: dt.date, *, horizon_days: int = 7, contacts: bool = True) -> list[DueItem]:
    """Everything due by ``today + horizon_days``, most overdue first (``contacts``: with keep-in-touch reminders)."""
    me = _me(store)
    assert me.id is not None
    until = today + dt.timedelta(days=horizon_days)
    items: list[tuple[str, dt.date, str, int | None]] = [
        (f"f{f.id}", f.due, f.text or "follow up", f.person_id) for f in store.due_followups(until)
    ]
    items += [(f"g{g.id}", g.due, g.text, g.person_id) for g in store.all_open_goals() if g.due and g.due <= until]
    for d in _due_contacts(store, me, today, horizon_days) if contacts else []:
        last = last_contact_words(d)
        every = plural(d.every_days, "day")
        items.append((f"p{d.person_id}", d.due, f"keep in touch (every {every}; {last})", d.person_id))
    people = {p.id: p for p in store.get_people([pid for *_, pid in items if pid is not None])}
    result = [
        DueItem(key, due, what, people.get(pid) if pid is not None else None, (today - due).days)
        for key, due, what, pid in items
    ]
    result.sort(key=lambda x: (-x.overdue_days, x.id))
    return result


def last_contact_words(due: Due) -> str:
    """ "last contact Mon 21 Dec 2026", or, when it was an event on both lists rather than anything logged,
    "last contact Mon 21 Dec 2026 (both on the list of Happy hour at Robert's)": a list is not a talk."""
    if due.last_contact is None:
        return "no contact yet"
    event = f" (both on the list of {due.last_event})" if due.last_event else ""
    return f"last contact {when(due.last_contact)}{event}"


def _due_contacts(
    store: Store, me: Person, today: dt.date, horizon_days: int, summary: dict[int, tuple[dt.date, int]] | None = None
) -> list[Due]:
    assert me.id is not None
    cadences = store.cadences()
    cadences.pop(me.id, None)
    if not cadences:
        return []
    if summary is None:
        summary = store.contact_summary(me.id, today, today, people=list(cadences))
    last = {pid: day for pid, (day, _) in summary.items()}
    due = due_contacts(cadences, last, today, horizon_days=horizon_days, snoozed=store.snoozed())
    logged = store.last_interactions([d.person_id for d in due if d.last_contact is not None])
    for i, d in enumerate(due):
        said = logged.get(d.person_id)
        if d.last_contact is not None and (said is None or said.on < d.last_contact):
            event = store.event_with(me.id, d.person_id, d.last_contact)
            due[i] = replace(d, last_event=event or "")
    return due


def _parse_item(item_id: str) -> tuple[str, int]:
    text = item_id.strip().lower()
    if len(text) < 2 or text[0] not in "fgp" or not is_number(text[1:]):
        raise InputError(f"{item_id!r} is not a follow-up id: use the id `kithkin followups` shows (f12, g3, p45)")
    return text[0], int(text[1:])


def finish(store: Store, item_id: str, status: Status, *, today: dt.date, until: str | None = None) -> str:
    """Mark a follow-up or goal done or dropped, snooze any item (a person: until a date), or reopen a follow-up
    or goal done or dropped by mistake (``Status.OPEN``). Only an open item is finished or snoozed: snoozing a
    done follow-up reopened it, silently."""
    kind, number = _parse_item(item_id)
    new_due = _day(until, today, past_only=False) if until else today + dt.timedelta(days=7)
    if status is Status.SNOOZED and new_due <= today:
        raise InputError(f"{when(new_due)} is not after today: snooze until a later day", field="until")
    if kind == "p":
        if status is not Status.SNOOZED:
            raise InputError("a keep-in-touch reminder is done when you log contact: kithkin log ... --with NAME")
        person = store.get_person(number)
        store.snooze_contact(number, new_due)
        return f"snoozed {person.name} until {when(new_due)}"
    item = store.get_followup(number) if kind == "f" else store.get_goal(number)
    what = f"{item.text} ({item_id})" if item.text else item_id
    if status is Status.OPEN:
        if item.status is Status.OPEN:
            raise InputError(f"{what} is open already")
    elif item.status is not Status.OPEN:
        nothing = ": nothing to snooze" if status is Status.SNOOZED else ""
        raise InputError(f"{what} is {item.status.value} already{nothing}")
    setter = store.set_followup if kind == "f" else store.set_goal
    if status is Status.SNOOZED:
        setter(number, due=new_due, status=Status.OPEN)
        was = f"; its date was {when(item.due)}" if kind == "g" and item.due and item.due != new_due else ""
        return f"snoozed until {when(new_due)}: {what}{was}"
    setter(number, status=status)
    return f"{'reopened' if status is Status.OPEN else status.value}: {what}"


@dataclass(frozen=True)
class ReminderFile:
    """An iCalendar file of reminders, and how many it holds."""

    text: bytes
    count: int


def reminders(
    store: Store, today: dt.date, *, horizon_days: int = 60, stamp: dt.datetime | None = None, todo: bool = False
) -> ReminderFile:
    """Everything due within ``horizon_days``, and the birthdays in it, as an iCalendar file for the user's
    calendar app (all-day events, or to-dos with ``todo``); an overdue item is due today (a reminder in the
    past is never seen). Each keeps its UID across exports."""
    items = due_items(store, today, horizon_days=horizon_days)
    from kithkin.sources.icalendar.reminders import Reminder, write_reminders  # icalendar: only here

    found = [
        Reminder(
            i.id, max(i.due, today), (f"{i.person.name}: {i.what}" if i.person else i.what)
            + (f" (overdue since {when(i.due)})" if i.due < today else ""),  # on today, it said nothing of being late
        )
        for i in items
    ]  # fmt: skip
    found += [
        Reminder(f"b{b.person.id}", b.on, f"{b.person.name}'s birthday", yearly=True)
        for b in upcoming_birthdays(store, today, horizon_days=horizon_days)
    ]
    count = len(found)
    # What an earlier file may hold and is no longer due, written as finished so that re-importing takes it away
    # (before, a follow-up done on Today stayed in the calendar for good): follow-ups and goals done or dropped
    # within the last year, and keep-in-touch reminders of people with a cadence not due within the horizon.
    found += [Reminder(key, today, text or "follow up", finished=status)
              for key, status, text in store.finished_items(today - dt.timedelta(days=365))]  # fmt: skip
    due_now = {i.id for i in items}
    me = _me(store)
    found += [Reminder(f"p{pid}", today, "keep in touch", finished="done")
              for pid in store.cadences() if f"p{pid}" not in due_now and pid != me.id]  # fmt: skip
    found.sort(key=lambda r: (r.due, r.key))
    text = write_reminders(found, stamp=stamp or dt.datetime.now(dt.UTC).replace(microsecond=0), todo=todo)
    return ReminderFile(text, count)


@dataclass(frozen=True)
class LedgerView:
    balances: tuple[tuple[Person, Balance], ...]
    one_sided: tuple[tuple[Person, Balance], ...]
    window_days: int


def give_and_take(store: Store, *, today: dt.date, ref: str | None = None, window_days: int = 365) -> LedgerView:
    """The give-and-take balance with one person or everyone, and the relationships gone one-sided."""
    person = resolve_person(store, ref) if ref else None
    since = today - dt.timedelta(days=window_days)
    book = ledger(store.exchanges(since, person.id if person else None), today, window_days)
    me = store.me()
    if me is not None and me.id in book:
        del book[me.id]
    if person is not None and person.id not in book:
        book[person.id or 0] = Balance(person.id or 0, 0, 0, None)
    people = {p.id: p for p in store.get_people(list(book))}

    # The most exchanged first, then the most recent, then by name (ties went by internal id: a list that looked
    # shuffled, "last in touch 30 Apr" among November's)
    def order(b: Balance) -> tuple[int, int, str]:
        return -(b.gave + b.got), -(b.last or dt.date.min).toordinal(), people[b.person_id].name

    ordered = sorted((b for b in book.values() if b.person_id in people), key=order)
    return LedgerView(
        tuple((people[b.person_id], b) for b in ordered),
        tuple((people[b.person_id], b) for b in one_sided(book) if b.person_id in people),
        window_days,
    )


@dataclass(frozen=True)
class Birthday:
    """Someone's next birthday within the horizon."""

    person: Person
    on: dt.date


def upcoming_birthdays(store: Store, today: dt.date, *, horizon_days: int = 14) -> list[Birthday]:
    """Birthdays from today to ``today + horizon_days``, soonest first (the user's own left out)."""
    until = today + dt.timedelta(days=horizon_days)
    me = store.me()
    days = {
        pid: on
        for pid, text in store.birthdays().items()
        if (on := next_birthday(text, today)) is not None and on <= until and (me is None or pid != me.id)
    }
    people = store.get_people(sorted(days, key=lambda pid: (days[pid], pid)))
    return [Birthday(p, days[p.id or 0]) for p in people]


#: How far ahead the digest looks for events (a fortnight: time to ask for a briefing and plan who to meet).
EVENT_HORIZON_DAYS = 14


@dataclass(frozen=True)
class EventSoon:
    """An event in the store on a day within :data:`EVENT_HORIZON_DAYS`: how many others are on its list, how many
    of them the user has a tie to, and whether the user is on it."""

    event: Group
    others: int
    known: int
    you: bool


def events_soon(store: Store, me: Person, today: dt.date, horizon_days: int = EVENT_HORIZON_DAYS) -> list[EventSoon]:
    """Events dated to the day from ``today`` to ``horizon_days`` ahead, the soonest first (an event known only to
    the month or year is not placed on a day it may not be)."""
    assert me.id is not None
    soon = store.events_dated(today.isoformat(), (today + dt.timedelta(days=horizon_days)).isoformat())
    mine = set(store.neighbours(me.id)) if soon else set()
    found = []
    for group in soon:
        assert group.id is not None
        members = set(store.members(group.id, declined=False))
        others = members - {me.id}
        found.append(EventSoon(group, len(others), len(others & mine), me.id in members))
    return found


@dataclass(frozen=True)
class Digest:
    """`kithkin today`: who is overdue (by value), what is late and coming up, birthdays, and one give to make.

    ``more_overdue`` and ``more_upcoming`` count what did not fit under the limit (`kithkin followups` lists all).
    """

    today: dt.date
    overdue: tuple[tuple[Person, Due], ...]
    late: tuple[DueItem, ...]
    upcoming: tuple[DueItem, ...]
    give: str
    more_overdue: int = 0
    more_upcoming: int = 0
    birthdays: tuple[Birthday, ...] = ()
    events: tuple[EventSoon, ...] = ()


def today_digest(store: Store, today: dt.date, *, limit: int = 5) -> Digest:
    """A short daily digest: the most valuable overdue relationships, follow-ups past their day, upcoming
    follow-ups, birthdays this week, events in the next fortnight, one suggested give; what does not fit under
    ``limit`` is counted."""
    me = _me(store)
    assert me.id is not None
    summary = store.contact_summary(me.id, today, today - dt.timedelta(days=365), people=list(store.cadences()))
    due = _due_contacts(store, me, today, 0, summary)
    closeness = {t.other(me.id): t.closeness or 1 for t in store.ties_of(me.id)}
    value = {
        d.person_id: closeness.get(d.person_id, 1)
        * (1 + contact_strength(d.last_contact, summary.get(d.person_id, (today, 0))[1], 0, 0, today))
        for d in due
    }
    ranked = rank_overdue(due, value)
    overdue = ranked[:limit]
    people = {p.id: p for p in store.get_people([d.person_id for d in overdue])}
    items = due_items(store, today)
    # an overdue keep-in-touch is in the list above, ranked by value; one due this week is coming up (Today said
    # "Nothing due this week" four days before someone's was due, which the reminders file and `followups` had)
    late = tuple(i for i in items if i.overdue_days > 0 and not i.id.startswith("p"))
    upcoming = [i for i in items if i.overdue_days < 0 or (i.overdue_days == 0 and not i.id.startswith("p"))]
    return Digest(
        today,
        tuple((people[d.person_id], d) for d in overdue),
        late,
        tuple(upcoming[:limit]),
        _suggest_give(store, me, today),
        more_overdue=max(0, len(ranked) - limit),
        more_upcoming=max(0, len(upcoming) - limit),
        birthdays=tuple(upcoming_birthdays(store, today, horizon_days=7)),
        events=tuple(events_soon(store, me, today)),
    )


def _suggest_give(store: Store, me: Person, today: dt.date) -> str:
    """One thing the user could do for someone: a contact whose notes say they are looking for something
    that another contact is (by current title) — an introduction only the user can make."""
    assert me.id is not None
    mine = set(store.neighbours(me.id))
    for pid, notes in store.people_with_notes_like(["looking for", "needs a", "hiring"]):
        wanted = _wanted(notes)
        if pid not in mine or not wanted:
            continue
        role = _role_wanted(wanted)
        helpers = [
            other
            for other in sorted(mine - {pid})
            if role and any(a.end is None and title_matches(role, a.role) for a in store.affiliations_of(other))
        ]
        if helpers:
            person = store.get_person(pid)
            names = [p.name for p in store.get_people(helpers[:3])]
            # "you know 3" named none of them: the three, or the first three and how many more
            known = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
            more = f" (and {plural(len(helpers) - 3, 'other')})" if len(helpers) > 3 else ""
            return f"{person.name} is looking for {wanted}; you know {known}{more} — make an introduction."
    return ""


def _role_wanted(wanted: str) -> str:
    """The title in what someone is looking for: its words up to the first that starts what the role is for.
    Every one of them must be in a helper's title (:func:`kithkin.roles.title_matches`): matching the first word
    alone offered a "Senior Scientist" and a "Senior Financial Analyst" for "a senior engineer".

    >>> _role_wanted("a senior engineer to advise their startup"), _role_wanted("an accountant who knows VAT")
    ('senior engineer', 'accountant')
    """
    words = wanted.split()
    if words and words[0].lower() in ("a", "an", "the", "some"):
        words = words[1:]
    ends = ("to", "for", "who", "with", "in", "at", "that", "and", "or", "from", "on")
    title = []
    for word in words:
        if word.lower() in ends:
            break
        title.append(word)
    return " ".join(title).rstrip(",;…")


def _wanted(notes: str, most: int = 60) -> str:
    """What a note says someone is looking for: up to the end of its clause, cut (with "…") only between
    words when it runs past ``most`` characters.

    >>> _wanted("Looking for a chief financial officer to advise their startup; prefers someone local.")
    'a chief financial officer to advise their startup'
    >>> _wanted("Hiring " + "very " * 20 + "good people", most=20)
    'very very very very…'
    """
    lowered = notes.lower()
    for marker in ("looking for ", "needs ", "hiring "):
        if marker in lowered:
            rest = notes[lowered.index(marker) + len(marker) :]
            wanted = rest.split(";")[0].split(".")[0].strip()
            if len(wanted) <= most:
                return wanted
            return wanted[: most + 1].rsplit(" ", 1)[0].rstrip(" ,") + "…"
    return ""
