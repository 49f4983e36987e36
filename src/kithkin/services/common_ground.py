"""Use cases for common ground: what two people share, and who shares what."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kithkin.common_ground import CommonGround, common_ground, rarity
from kithkin.errors import InputError, NoMe
from kithkin.identity import role_key
from kithkin.model import Affiliation, Group, GroupKind, Person, Profile
from kithkin.roles import school_role_matches, title_matches
from kithkin.services.groups import lookup_group, no_such_group, parse_kind
from kithkin.services.people import one_row_a_fact, resolve_person
from kithkin.services.people import profile as services_profile
from kithkin.store import Store
from kithkin.text import span

#: Groups holding more than this share of everyone are skipped when looking for
#: who shares the most with someone: they say almost nothing and cost the most.
HUGE_GROUP_SHARE = 0.05
#: How many cheaply-ranked candidates get a full common-ground comparison.
SHORTLIST = 200


def compare(store: Store, a: Person, b: Person, *, today: dt.date | None = None) -> CommonGround:
    """Common ground between two people already resolved, as of ``today`` (default: the real today)."""
    assert a.id is not None
    assert b.id is not None
    return compare_many(store, a, [b], today=today)[0]


def compare_many(
    store: Store,
    a: Person,
    others: Sequence[Person],
    *,
    today: dt.date | None = None,
    leave_out: int | None = None,
    known: Mapping[int, Sequence[Affiliation]] | None = None,
) -> list[CommonGround]:
    """Common ground between ``a`` and each of ``others`` as of ``today`` (which tells past events from coming
    ones, and how long ago things were), sharing the store look-ups between them.

    ``leave_out`` is a group not to count (the gathering being briefed: everyone shares it); ``known`` holds
    affiliations the caller has already read, by person id (not read again).
    """
    assert a.id is not None
    day = today or dt.date.today()
    read = dict(known or {})

    def affiliations(pid: int) -> list[Affiliation]:
        found = read[pid] if pid in read else store.affiliations_of(pid)
        return [x for x in found if x.group.id != leave_out]

    mine = affiliations(a.id)
    theirs = {p.id: affiliations(p.id or 0) for p in others}
    keys = _count_keys([*mine, *(aff for affs in theirs.values() for aff in affs)])
    counts = store.group_counts(keys)
    population = store.count_people()
    results = []
    for other in others:
        assert other.id is not None
        mutual_ids = list(store.mutual_contacts(a.id, other.id))
        closeness = store.closeness_with(a.id, mutual_ids)
        mutual = [(p, closeness.get(p.id or 0)) for p in store.get_people(mutual_ids)]
        results.append(
            common_ground(
                a,
                other,
                mine,
                theirs[other.id],
                counts=counts,
                population=population,
                now=day.year,
                mutual=mutual,
                today=day,
            )
        )
    return results


def _count_keys(affiliations: Sequence[Affiliation]) -> list[tuple[int, str]]:
    keys: list[tuple[int, str]] = []
    for aff in affiliations:
        gid = aff.group.id or 0
        keys.append((gid, ""))
        if aff.role and aff.group.kind is GroupKind.PLACE:
            keys.append((gid, role_key(aff.role)))
    return keys


def with_me(store: Store, them: Profile, *, today: dt.date | None = None) -> CommonGround:
    """Common ground between the user and the person of a profile already read (its person and affiliations
    are not read again: the person page shows both). Raises :class:`NoMe` when the user is not known."""
    me = resolve_person(store, "me")
    if me.id == them.person.id:
        raise InputError(f"{me.name} is the same person twice; name two people")
    assert them.person.id is not None
    return compare_many(store, me, [them.person], today=today, known={them.person.id: them.affiliations})[0]


def common(store: Store, a_ref: str, b_ref: str, *, today: dt.date | None = None) -> CommonGround:
    """What two people (named as a user names them) share, best first, and whether they already know each other."""
    a, b = resolve_person(store, a_ref), resolve_person(store, b_ref)
    if a.id == b.id:
        raise InputError(f"{a.name} is the same person twice; name two people")
    if b.is_me:  # said to the user, whichever side they were named on ("Ask Michael…" was said to Michael)
        a, b = b, a
    assert a.id is not None
    assert b.id is not None
    tie = store.get_tie(a.id, b.id)
    introducer = store.get_person(tie.introduced_by).name if tie is not None and tie.introduced_by else ""
    return replace(compare(store, a, b, today=today), tie=tie, introducer=introducer)


@dataclass(frozen=True)
class FindQuery:
    """Filters for `kithkin find`, as typed; empty ones do not filter."""

    school: str | None = None
    employer: str | None = None
    kind: str | None = None
    name: str | None = None
    role: str | None = None
    start: int | None = None
    end: int | None = None
    shares_with: str | None = None
    limit: int = 50


@dataclass(frozen=True)
class Found:
    """One person `find` found: the affiliations that matched, and common ground when asked."""

    person: Person
    matched: tuple[Affiliation, ...]
    ground: CommonGround | None = None


def find(store: Store, query: FindQuery, *, today: dt.date | None = None) -> list[Found]:
    """People matching every filter, best first.

    With ``shares_with``, results are ranked by common ground with that person
    (and, with no other filter, are the people who share the most with them);
    otherwise by how specific the match is: role and years that match, then
    the longest overlap.
    """
    day = today or dt.date.today()
    year = day.year
    if query.start is not None and query.end is not None and query.end < query.start:
        raise InputError(f"--to {query.end} comes before --from {query.start}")
    filters = _filters(store, query)
    anchor = resolve_person(store, query.shares_with) if query.shares_with else None
    if not filters and anchor is None:
        raise InputError("say what to find: --school, --employer, --kind with --name, or --shares-with")
    matches = _match_all(store, filters, query, year, top=None if anchor is not None else query.limit)
    if anchor is not None:
        assert anchor.id is not None
        candidates = _shortlist(store, anchor.id, matches, query.limit)
        people = store.get_people(candidates)
        grounds = compare_many(store, anchor, people, today=day)
        found = [Found(p, _matched_affiliations(store, p, matches), g) for p, g in zip(people, grounds, strict=True)]
        found.sort(key=lambda f: (-(f.ground.score if f.ground else 0.0), f.person.name))
        return [f for f in found if f.ground and f.ground.items][: query.limit]
    assert matches is not None
    # Rank on the matched rows alone, then load only the people shown.
    fit = {pid: score for pid, (_, score) in matches.items()}
    best = heapq.nsmallest(query.limit, fit, key=lambda pid: (-fit[pid], pid))
    people = store.get_people(best)
    people.sort(key=lambda p: (-fit[p.id or 0], p.name))
    return [Found(p, _matched_affiliations(store, p, matches)) for p in people]


def count_matches(store: Store, query: FindQuery, *, today: dt.date | None = None) -> int | None:
    """How many people match ``query``'s filters in all — what :func:`find` lists the best ``limit`` of, so that a
    list cut short can say "50 of 85" rather than "there may be more"; None with no filter (``shares_with`` alone
    ranks everyone)."""
    filters = _filters(store, query)
    if not filters:
        return None
    matches = _match_all(store, filters, query, (today or dt.date.today()).year, top=None)
    return 0 if matches is None else len(matches)


@dataclass(frozen=True)
class Starter:
    """A search worth starting from the user's own profile: the people of one of their schools or employers in
    their years there ("Marketing at San Diego State University, 1998–2002")."""

    label: str
    query: FindQuery


def find_starters(store: Store, *, today: dt.date | None = None) -> list[Starter]:
    """The user's own dated schools and employers, as searches for the people who were there in the same years —
    the seed's "same major, same university, same time", ranked by what they share with the user, so that the
    same major comes first without hiding the rest (a role in the search would leave most users' own major with
    no one but themselves). None when no one is "me"."""
    try:
        me = services_profile(store, "me")
    except NoMe:
        return []
    now = (today or dt.date.today()).year
    starters: list[Starter] = []
    for a in me.affiliations:
        if a.start is None or a.group.kind not in (GroupKind.SCHOOL, GroupKind.EMPLOYER):
            continue
        end = a.end.year if a.end is not None else now
        school = a.group.kind is GroupKind.SCHOOL
        label = f"{a.group.name}, {span(a.start, a.end)}"
        query = FindQuery(school=a.group.name if school else None, employer=None if school else a.group.name,
                          start=a.start.year, end=end, shares_with="me")  # fmt: skip
        starters.append(Starter(label, query))
    return list({s.label: s for s in starters}.values())


def _filters(store: Store, query: FindQuery) -> list[tuple[GroupKind, str]]:
    filters = []
    if query.school:
        filters.append((GroupKind.SCHOOL, query.school))
    if query.employer:
        filters.append((GroupKind.EMPLOYER, query.employer))
    if query.kind or query.name:
        if not (query.kind and query.name):
            raise InputError("--kind and --name go together, e.g. --kind event --name 'Startup Week 2025'")
        filters.append((parse_kind(query.kind), query.name))
    return filters


Match = tuple[list[int], float]  # matching affiliation ids, how well they fit the query (see Store.affiliated)


def _match_all(
    store: Store, filters: Sequence[tuple[GroupKind, str]], query: FindQuery, year: int, *, top: int | None
) -> dict[int, Match] | None:
    """Person -> matching affiliations, for people matching every filter (None: no filter).

    With one filter and ``top``, the store ranks and returns only the best ``top``.
    """
    result: dict[int, Match] | None = None
    for kind, name in filters:
        group = lookup_group(store, kind, name)
        if group is None:
            raise no_such_group(store, kind, name)
        assert group.id is not None
        hits = store.affiliated(
            [group.id],
            roles=_roles(store, group, query.role) if query.role else None,
            start=query.start,
            end=query.end,
            now=year,
            top=top if len(filters) == 1 else None,
        )
        if result is None:
            result = hits
        else:
            result = {p: (result[p][0] + ids, result[p][1] + fit) for p, (ids, fit) in hits.items() if p in result}
    return result


def _roles(store: Store, group: Group, asked: str) -> list[str]:
    """The roles held at ``group`` that ``find --role`` means: at a school, the same program however it is spelt,
    or the field at any degree (:func:`kithkin.roles.school_role_matches`); at an employer, every word of the title
    asked for, however shortened (:func:`kithkin.roles.title_matches`); elsewhere the same words, by case and
    spaces."""
    assert group.id is not None
    held = store.roles_at(group.id)
    if group.kind is GroupKind.SCHOOL:
        return [role for role in held if school_role_matches(asked, role)]
    if group.kind is GroupKind.EMPLOYER:
        return [role for role in held if title_matches(asked, role)]
    return [role for role in held if role_key(role) == role_key(asked)]


def _shortlist(store: Store, anchor: int, matches: dict[int, Match] | None, limit: int) -> list[int]:
    """The candidates most worth a full comparison with ``anchor``, by summed rarity of shared groups."""
    population = store.count_people()
    if matches is not None:
        pool = [pid for pid in matches if pid != anchor]
        if len(pool) <= max(SHORTLIST, limit):
            return pool
    pairs = store.shared_weights(anchor, max_members=max(10, int(population * HUGE_GROUP_SHARE)))
    sizes = store.group_counts([(g, "") for g in {g for _, g in pairs}])
    score: dict[int, float] = {}
    for pid, gid in pairs:
        if matches is None or pid in matches:
            score[pid] = score.get(pid, 0.0) + rarity(sizes.get((gid, ""), 2), population)
    for pid in store.neighbours(anchor):
        if pid in score:
            score[pid] += 0.5
    return sorted(score, key=lambda pid: (-score[pid], pid))[: max(SHORTLIST, limit)]


def _matched_affiliations(store: Store, person: Person, matches: dict[int, Match] | None) -> tuple[Affiliation, ...]:
    if not matches or person.id not in matches:
        return ()
    wanted = set(matches[person.id][0])
    return one_row_a_fact([a for a in store.affiliations_of(person.id) if a.id in wanted])
