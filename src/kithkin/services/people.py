"""Use cases about people and the ties between them (the groups they belong to: :mod:`kithkin.services.groups`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kithkin.dates import parse_birthday, parse_fuzzy
from kithkin.errors import AmbiguousPerson, InputError, NameTaken, NoMe, UnknownPerson, about
from kithkin.identity import email_key, name_key
from kithkin.model import Affiliation, Contact, ContactKind, Group, GroupKind, Person, Profile, Summary, Tie
from kithkin.services.paging import MAX_PAGE, check_limit, cut, read_cursor
from kithkin.store import Store
from kithkin.text import is_number

CLI_SOURCE = "typed by the user"
_ID_REF = re.compile(r"^#(\d+)$")


def _describe(store: Store, person: Person) -> str:
    """A short label that tells same-named people apart: name, id and current employer or city."""
    extra = ""
    for aff in store.affiliations_of(person.id or 0):
        if aff.group.kind is GroupKind.EMPLOYER and aff.end is None:
            extra = f", {aff.group.name}"
            break
        if aff.group.kind is GroupKind.PLACE and not extra:
            extra = f", {aff.group.name}"
    return f"{person.name} (#{person.id}{extra})"


def resolve_person(store: Store, ref: str) -> Person:
    """The one person ``ref`` means: ``me``, ``#id``, an email, a full name or alias, or the start of a name.

    Raises :class:`UnknownPerson` (with close names as suggestions) or
    :class:`AmbiguousPerson` (listing every candidate).
    """
    text = ref.strip()
    if text.lower() == "me":
        me = store.me()
        if me is None:
            raise NoMe()
        return me
    if match := _ID_REF.match(text):
        if len(match[1]) > 18:  # beyond any id SQLite can hold (2^63): nobody, not an overflow
            raise UnknownPerson(text, [])
        return store.get_person(int(match[1]))
    if is_number(text) and store.get_people([int(text)]):
        # "person show 9" is #9, as the lists show it ("'9' matches 41 people: X account 95981463 …")
        return store.get_person(int(text))
    if "@" in text and " " not in text:
        ids = store.people_with_contact(ContactKind.EMAIL, text)
    else:
        key = name_key(text)
        if not key:
            raise InputError("a person's name cannot be empty")
        ids = store.people_named(key)
        if not ids:
            ids = [p.id for p in store.search_people(text, limit=200) if p.id is not None and _starts_words(p, key)]
    if len(ids) == 1:
        return store.get_person(ids[0])
    if len(ids) > 1:
        people = store.get_people(ids)
        raise AmbiguousPerson(text, [_describe(store, p) for p in people])
    raise UnknownPerson(text, _suggestions(store, text))


def _starts_words(person: Person, key: str) -> bool:
    """Does every word typed start a word of the person's name or an alias, in order?"""
    typed = key.split()
    for name in (person.name, *person.aliases):
        words = name_key(name).split()
        if len(words) >= len(typed) and all(w.startswith(t) for w, t in zip(words, typed, strict=False)):
            return True
        if len(typed) == 1 and any(w.startswith(typed[0]) for w in words):
            return True
    return False


def _suggestions(store: Store, text: str) -> list[str]:
    words = name_key(text).split()
    candidates = {p.name for w in words for p in store.search_people(w[:3], limit=50)} if words else set()
    return difflib.get_close_matches(text, sorted(candidates), n=3, cutoff=0.6)


def contact_problems(emails: Sequence[str], phones: Sequence[str], name: str | None = None) -> dict[str, str]:
    """What is wrong with the emails, phones (and ``name``, when given) typed, by field, all at once: a form said
    one per submit (the email first, the phone only on the next try)."""
    problems: dict[str, str] = {}
    if name is not None and not name_key(name):
        problems["name"] = "a person needs a name with letters or digits"
    bad = next((e for e in emails if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", e.strip())), None)
    if bad is not None:
        problems["emails"] = f"{bad!r} is not an email address"
    bad = next((p for p in phones if sum(ch.isdigit() for ch in p) < 3), None)
    if bad is not None:
        problems["phones"] = f"{bad!r} is not a phone number"
    return problems


def _contacts(
    emails: Sequence[str], phones: Sequence[str], handles: Sequence[str], urls: Sequence[str]
) -> list[Contact]:
    if problems := contact_problems(emails, phones):
        field, message = next(iter(problems.items()))
        raise InputError(message, field=field)
    return [
        *(Contact(ContactKind.EMAIL, e.strip()) for e in emails),
        *(Contact(ContactKind.PHONE, p.strip()) for p in phones),
        *(Contact(ContactKind.HANDLE, h.strip()) for h in handles),
        *(Contact(ContactKind.URL, u.strip()) for u in urls),
    ]


def add_person(
    store: Store,
    name: str,
    *,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    handles: Sequence[str] = (),
    urls: Sequence[str] = (),
    tags: Sequence[str] = (),
    aliases: Sequence[str] = (),
    notes: str = "",
    new: bool = False,
) -> Person:
    """Add someone to the network; a name (or alias) already there is refused unless ``new`` says this is a
    second person of the same name (otherwise every later ``NAME`` would be ambiguous)."""
    if not name_key(name):
        raise InputError("a person needs a name with letters or digits", field="name")
    same = store.people_named(name_key(name))
    if same and not new:
        raise NameTaken(", ".join(_describe(store, p) for p in store.get_people(same)))
    for email in emails:  # an address is one person's: a second one with it made the address name nobody
        if holders := store.people_by_contact("email", email_key(email), limit=1):
            holder = store.get_person(holders[0])
            raise InputError(f"{email.strip()} is already {holder.name}'s (#{holder.id}): if this is them, add to "
                             f"#{holder.id} instead", field="emails")  # fmt: skip
    person = Person(
        name=" ".join(name.split()),
        aliases=tuple(aliases),
        contacts=tuple(_contacts(emails, phones, handles, urls)),
        tags=tuple(t.strip() for t in tags if t.strip()),
        notes=notes,
    )
    return store.add_person(person, CLI_SOURCE)


@dataclass(frozen=True)
class PersonEdit:
    """Changes to a person, as typed; empty fields change nothing."""

    name: str | None = None
    notes: str | None = None
    add_aliases: Sequence[str] = ()
    remove_aliases: Sequence[str] = ()
    add_emails: Sequence[str] = ()
    remove_emails: Sequence[str] = ()
    add_phones: Sequence[str] = ()
    remove_phones: Sequence[str] = ()
    add_handles: Sequence[str] = ()
    add_urls: Sequence[str] = ()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    birthday: str | None = None  # "" clears it


def replacing(
    person: Person,
    *,
    name: str | None = None,
    notes: str | None = None,
    aliases: Sequence[str] | None = None,
    emails: Sequence[str] | None = None,
    phones: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    birthday: str | None = None,
) -> PersonEdit:
    """The edit that makes ``person``'s lists what a form (or a PATCH) says they are now: what is new is
    added, what is missing removed; a list left out (None) is not touched."""

    def diff(now: Sequence[str], wanted: Sequence[str] | None) -> tuple[list[str], list[str]]:
        if wanted is None:
            return [], []
        clean = list(dict.fromkeys(w.strip() for w in wanted if w.strip()))
        return [w for w in clean if w not in now], [n for n in now if n not in clean]

    add_aliases, remove_aliases = diff(person.aliases, aliases)
    add_emails, remove_emails = diff(person.emails, emails)
    add_phones, remove_phones = diff(person.phones, phones)
    add_tags, remove_tags = diff(person.tags, tags)
    return PersonEdit(
        name=None if name is None or name == person.name else name,
        notes=None if notes is None or notes == person.notes else notes,
        add_aliases=add_aliases,
        remove_aliases=remove_aliases,
        add_emails=add_emails,
        remove_emails=remove_emails,
        add_phones=add_phones,
        remove_phones=remove_phones,
        add_tags=add_tags,
        remove_tags=remove_tags,
        birthday=birthday,
    )


def edit_person(store: Store, ref: str, edit: PersonEdit, *, today: dt.date | None = None) -> Person:
    """Change a person's name, notes, aliases, contacts or tags in one transaction."""
    person = resolve_person(store, ref)
    assert person.id is not None
    if edit.name is not None and not name_key(edit.name):
        raise InputError("a person needs a name with letters or digits", field="name")
    with about("birthday"):
        birthday = parse_birthday(edit.birthday) if edit.birthday else edit.birthday
        day = today or dt.date.today()
        if birthday and not birthday.startswith("--") and birthday > day.isoformat()[: len(birthday)]:
            # "born 1 Jan 2030 (next Fri 1 Jan 2027)" was said of a birthday typed with the wrong year
            raise InputError(f"a birthday after today ({day.isoformat()}): '{edit.birthday}'")
    return store.update_person(
        person.id,
        CLI_SOURCE,
        name=" ".join(edit.name.split()) if edit.name is not None else None,
        notes=edit.notes,
        add_aliases=edit.add_aliases,
        remove_aliases=edit.remove_aliases,
        add_contacts=_contacts(edit.add_emails, edit.add_phones, edit.add_handles, edit.add_urls),
        remove_contacts=[Contact(ContactKind.EMAIL, e) for e in edit.remove_emails]
        + [Contact(ContactKind.PHONE, p) for p in edit.remove_phones],
        add_tags=edit.add_tags,
        remove_tags=edit.remove_tags,
        birthday=birthday,
    )


def remove_person(store: Store, ref: str, *, vacuum: bool = False) -> Person:
    """Forget a person: every trace of them in the store (:meth:`~kithkin.store.Store.remove_person`) and in
    the caches beside it; with ``vacuum``, the file is rewritten so that not even its free pages hold them."""
    person = resolve_person(store, ref)
    assert person.id is not None
    removed = store.remove_person(person.id)
    from kithkin.services import caches  # numpy: only here

    caches.drop(store)
    if vacuum:
        store.compact()
    return removed


def who_is_me(store: Store) -> Person | None:
    """The person the user said they are, or None before they have."""
    return store.me()


def set_me(store: Store, ref: str) -> Person:
    """Say which person is the user."""
    person = resolve_person(store, ref)
    assert person.id is not None
    return store.set_me(person.id)


def profile(store: Store, ref: str) -> Profile:
    """Everything the store knows about one person."""
    person = resolve_person(store, ref)
    assert person.id is not None
    ties = store.ties_of(person.id)
    others = {p.id: p for p in store.get_people([t.other(person.id) for t in ties])}
    affiliations = one_row_a_fact(store.affiliations_of(person.id))
    sources = sorted(
        {s for a in affiliations for s in a.source.split("; ") if s} | {t.source for t in ties if t.source}
    )
    return Profile(
        person=person,
        affiliations=affiliations,
        ties=tuple((t, others[t.other(person.id)]) for t in ties),
        sources=tuple(sources),
        guesses=tuple(email_guesses(person, affiliations)),
        addresses=tuple(store.addresses_of(person.id)),
        follows=tuple(
            f"follows you on {network}" if follows_me else f"you follow them on {network}"
            for follows_me, network in store.follows_of(person.id)
        ),
        birthday=store.birthdays([person.id]).get(person.id, ""),
        introducers={
            p.id or 0: p.name for p in store.get_people(sorted({t.introduced_by for t in ties if t.introduced_by}))
        },
    )


def one_row_a_fact(rows: Sequence[Affiliation]) -> tuple[Affiliation, ...]:
    """A person's affiliations with the same fact from several sources shown once, its sources joined: a person
    merged from four vCards listed "IBM, Money Counter (Accounting)" twice, and a re-import of kithkin's own vCard
    export doubled every row of Find and of the exports. Removing it removes every copy
    (:meth:`~kithkin.store.Store.remove_affiliation`); the backup keeps each copy (it is the store, row by row)."""
    kept: dict[tuple[object, ...], Affiliation] = {}
    for row in rows:
        fact = (row.group.id, row.role, row.start, row.end)
        seen = kept.get(fact)
        if seen is None:
            kept[fact] = row
        elif row.source and row.source not in seen.source.split("; "):
            kept[fact] = replace(seen, source=f"{seen.source}; {row.source}" if seen.source else row.source)
    return tuple(kept.values())


def email_guesses(person: Person, affiliations: Sequence[Affiliation]) -> list[str]:
    """For someone with no school or employer: the institutions their addresses are at (ann@sdsu.edu →
    San Diego State University), in words that say it is a guess. Alumni keep addresses and staff are not
    students, so it is shown, never stored."""
    if any(a.group.kind in (GroupKind.SCHOOL, GroupKind.EMPLOYER) for a in affiliations):
        return []
    from kithkin.resolution import domain_hint  # here: the bundled institutions only load when guessing

    found: dict[str, str] = {}
    for email in person.emails:
        institution = domain_hint(email)
        if institution is not None:
            found.setdefault(institution, email)
    return [f"probably at {name} (from {email}) — a guess" for name, email in found.items()]


def tie(
    store: Store,
    a_ref: str,
    b_ref: str,
    *,
    how: str = "",
    since: str | None = None,
    closeness: int | None = None,
    introduced_by: str | None = None,
    today: dt.date | None = None,
) -> Tie:
    """Record that two people know each other (or update what is known about it). A tie that starts after
    ``today``, or that one of the two introduced, is refused (both were stored before: "since 2030", and Dana
    introducing herself)."""
    a = resolve_person(store, a_ref)
    with about("other"):
        b = resolve_person(store, b_ref)
        if a.id == b.id:
            raise InputError(f"{a.name} cannot have a tie with themselves")
    if closeness is not None and not 1 <= closeness <= 5:
        raise InputError(f"closeness is 1 (acquaintance) to 5 (closest), not {closeness}", field="closeness")
    with about("introduced_by"):
        introducer = resolve_person(store, introduced_by).id if introduced_by else None
        if introducer is not None and introducer in (a.id, b.id):
            raise InputError("the introducer is someone else than the two who know each other")
    assert a.id is not None
    assert b.id is not None
    with about("since"):
        when = parse_fuzzy(since) if since and since.strip() else None
        day = today or dt.date.today()
        if when is not None and when.first_day > day:
            raise InputError(f"a tie cannot start after today ({day.isoformat()}): '{since}'")
    return store.add_tie(
        Tie(a=a.id, b=b.id, how=how.strip(), since=when, closeness=closeness, introduced_by=introducer),
        CLI_SOURCE,
    )


def untie(store: Store, a_ref: str, b_ref: str) -> tuple[Tie, Person, Person]:
    """Forget that two people know each other — a tie recorded by mistake (there was no way but forgetting one of
    them); the two and their other ties stay."""
    with about("a"):
        a = resolve_person(store, a_ref)
    with about("b"):
        b = resolve_person(store, b_ref)
    assert a.id is not None
    assert b.id is not None
    gone = store.remove_tie(a.id, b.id)
    if gone is None:
        raise InputError(f"{a.name} and {b.name} have no tie on record", field="tie")
    return gone, a, b


def summary(store: Store) -> Summary:
    return store.summary()


@dataclass(frozen=True)
class PeoplePage:
    """One page of people in name order, each with a one-line headline, and the cursor of the next page
    (None on the last)."""

    people: tuple[Person, ...]
    headlines: tuple[str, ...]
    next_cursor: str | None
    #: On a search's first page, what no word of a name finds: the people with the text as an email, phone or
    #: handle (or an email starting with it), and the schools and employers so named with how many belong — the
    #: web's search box found nobody for "dana@x.org" or "Qualcomm" that `kithkin person search` found.
    by_contact: tuple[Person, ...] = ()
    groups: tuple[tuple[Group, int], ...] = ()


def headline(store: Store, pid: int) -> str:
    """Who someone is in a line: current title and employer, and city."""
    return headlines(store, [pid])[0]


def headlines(store: Store, ids: Sequence[int]) -> list[str]:
    """:func:`headline` for many people, in one query (a page of 50 people costs what one did)."""
    found = store.work_and_home(ids)
    lines = []
    for pid in ids:
        role, employer, city = found[pid]
        work = f"{role} at {employer}" if role and employer else employer
        lines.append(", ".join(x for x in (work, city) if x))
    return lines


def people_page(
    store: Store, text: str = "", *, tag: str | None = None, cursor: str | None = None, limit: int = 50
) -> PeoplePage:
    """People whose names, aliases or notes have words starting with each word of ``text`` (everyone when
    empty), optionally only those tagged ``tag``, in name order, one page at a time: ``cursor`` is the
    ``next_cursor`` of the page before (an opaque string), so paging stays fast however deep it goes."""
    check_limit(limit, MAX_PAGE, "people")
    after = None
    if cursor:
        key, pid = read_cursor(cursor, (str, int))
        after = (str(key), int(pid))
    rows = store.people_page(text=text, tag=tag.strip() or None if tag else None, after=after, limit=limit + 1)
    shown, next_cursor = cut(rows, limit, lambda row: row)
    people = store.get_people([pid for _, pid in shown])
    lines = tuple(headlines(store, [p.id or 0 for p in people]))
    if not text.strip() or cursor:
        return PeoplePage(tuple(people), lines, next_cursor)
    listed = {p.id for p in people}
    tagged = tag.strip() if tag else ""
    by_contact = tuple(p for p in store.people_reached_by(text.strip(), 10)
                       if p.id not in listed and (not tagged or tagged in p.tags))  # fmt: skip
    groups = () if tagged else tuple(store.groups_starting(text, (GroupKind.SCHOOL.value, GroupKind.EMPLOYER.value)))
    return PeoplePage(tuple(people), lines, next_cursor, by_contact, groups)


def list_people(store: Store, *, tag: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[Person], bool]:
    """A page of people in name order (only those tagged ``tag``, if given), and whether more follow it."""
    check_limit(limit, 10_000, "people")
    found = store.list_people(tag=tag, limit=limit + 1, offset=offset)  # one more: are there others?
    return found[:limit], len(found) > limit


def search_people(store: Store, text: str, *, limit: int = 20) -> list[Person]:
    """Who ``text`` finds, best first: an exact email, phone, handle or URL; words starting each word of it in a
    name, alias or notes; an email starting with it; the members of a school or employer it names."""
    check_limit(limit, 10_000, "people")
    return store.search_people(text, limit=limit)


def tags(store: Store, limit: int = 200) -> list[tuple[str, int]]:
    """The most used tags, with how many people carry each."""
    return store.tag_counts(limit)
