"""Evidence beyond the name: when two close groups are one because of who belongs to them.

Names alone cannot tell 'University of Michigan-Ann Arbor' (the university) from 'University of
Michigan-Flint' (another campus) against 'University of Michigan': the resolver only *proposes* such
pairs. The store knows more. :func:`weigh` looks at a proposed pair's members and turns the proposal into
an automatic merge only on proof:

- *one person, one time*: someone belongs to both groups over overlapping years — the same education
  or job imported twice (a LinkedIn export and a vCard write the school differently). Names that are
  plainly two groups never reach this point: the resolver does not propose them.
- *one institution's addresses*: one group's name is an institution of the bundled knowledge whose
  domain names no other (swot lists some colleges under their university's domain: not those); the other
  group's name is a shortened form of it and no other institution's ('University of San Diego' stays
  itself for someone at sdsu.edu: an address is not where one studied); and the members of the other
  who have an address at a school domain have it, mostly, at that institution's.

A shared city is not proof ('University of San Diego' and 'University of California San Diego' are both
in San Diego): it is only said in the reason of a proposal. Pure: no store, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kithkin.resolution.knowledge import Institution, knowledge
from kithkin.resolution.names import SCHOOL, STOPWORDS, normalise, stem


@dataclass(frozen=True)
class Member:
    """One affiliation of a person with a group: years (None when not said) and the person's addresses."""

    person_id: int
    start: int | None
    end: int | None
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Side:
    """One group of a proposed pair, with its members and the place it is in ('' when unknown)."""

    group_id: int
    kind: str
    name: str
    members: tuple[Member, ...]
    place: str = ""


@dataclass(frozen=True)
class Weight:
    """What the members say about a proposed pair: ``proof`` merges it; ``reason`` says why, in plain words."""

    proof: bool
    reason: str


def weigh(a: Side, b: Side, name_of: Callable[[int], str] = lambda pid: f"person #{pid}") -> Weight | None:
    """Proof that two proposed groups are one, a note that keeps them a proposal, or None (nothing to say).

    ``name_of`` names a person for the reason ('Ann Lee belongs to both over the same years (2010–2014)').

    >>> one = Side(1, "school", "University of Michigan", (Member(7, 2010, 2014),))
    >>> two = Side(2, "school", "University of Michigan-Ann Arbor", (Member(7, 2011, 2014),))
    >>> weigh(one, two, {7: "Ann Lee"}.__getitem__).reason
    'Ann Lee belongs to both over the same years (2011–2014)'
    >>> later = Side(2, "school", "University of Michigan-Flint", (Member(7, 2016, 2018),))
    >>> weigh(one, later) is None
    True
    """
    shared = _overlapping(a.members, b.members)
    if shared is not None:
        pid, start, end = shared
        return Weight(True, f"{name_of(pid)} belongs to both over the same years ({_years(start, end)})")
    for named, other in ((a, b), (b, a)):
        institution = _institution_at(named, other)
        if institution is not None:
            return Weight(
                True, f"'{named.name}' is {institution.domain}, and the members of '{other.name}' have addresses there"
            )
    if a.place and a.place == b.place:
        return Weight(False, f"both are in {a.place}")
    return None


def _overlapping(mine: Sequence[Member], theirs: Sequence[Member]) -> tuple[int, int, int] | None:
    """A person in both, with years given on both sides that overlap: (person, first, last common year)."""
    by_person: dict[int, list[Member]] = {}
    for m in theirs:
        by_person.setdefault(m.person_id, []).append(m)
    for m in mine:
        for t in by_person.get(m.person_id, ()):
            if None in (m.start, t.start):
                continue
            assert m.start is not None
            assert t.start is not None
            start = max(m.start, t.start)
            end = min(m.end if m.end is not None else m.start, t.end if t.end is not None else t.start)
            if start <= end:
                return m.person_id, start, end
    return None


def _institution_at(named: Side, other: Side) -> Institution | None:
    """The institution ``named`` is, when most school addresses of ``other``'s members are at it."""
    if named.kind != SCHOOL:
        return None
    key = normalise(SCHOOL, named.name)
    institutions = [i for i in knowledge().by_key.get(key, ()) if i.aliases_trusted]
    if len(institutions) != 1:
        return None
    institution = institutions[0]
    if len({stem(normalise(SCHOOL, n)) for n in institution.names}) > 1:
        return None  # the domain names two institutions ('Beth-El College of Nursing' at uccs.edu)
    theirs = normalise(SCHOOL, other.name)
    if any(i.domain != institution.domain for i in knowledge().by_key.get(theirs, ())):
        return None  # another school the knowledge has, whatever its members' addresses say
    rest = iter(key.split())
    if not all(any(w == x for x in rest) for w in theirs.split() if w not in STOPWORDS):
        return None  # not a shortened form: 'University of San Diego' is not 'San Diego State University'
    at: list[str] = []
    for member in other.members:
        found = {i.domain for e in member.emails if (i := knowledge().for_email(e)) is not None}
        at.extend(found)
    if at and at.count(institution.domain) * 2 > len(at):
        return institution
    return None


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"
