"""What two people share, how much each shared thing says, and how to bring it up.

Scoring follows one idea: a shared thing is worth the evidence it gives that
two people know each other or would get on — the log of how much more often
people who share it are connected than people in general (its *lift*).
Summing log-lifts ranks items and pairs on one scale. Calibrated on the real
ego-Facebook profiles (``bench/lift_ego_facebook.py``; figures in
``bench/RESULTS.md``), corrected for how that data set was sampled:

* **Rarity.** Lift falls as more people hold a value — 8.9x for values held by
  2–5 people down to 2.5x for values held by hundreds — following
  ``lift ≈ e^a · (N/n)^b`` with ``b ≈ 0.25`` and ``a ≈ 0.55`` (``N`` people in
  all, ``n`` holding the value). So an item weighs
  ``RARITY_BASE·(1 − n/N) + RARITY_SLOPE·log(N/n)``; the first term fades to
  zero for something everyone shares.
* **Specificity.** Sharing a second facet of the same thing multiplies lift by
  far less than its own lift: school *and* major ×1.3 over school alone, school
  *and* year ×1.4, employer *and* position ×1.3. These are the log-bonuses in
  :data:`BONUS`; the rarity is that of the group itself.
* **Recency.** Something shared ten years ago counts a little less than last
  month's event: ``log(0.6 + 0.4 * exp(-age / 10))``, never below ``log 0.6``.
  (Not measurable on ego-Facebook, which has no dates: a judgement.)

Each item carries a sentence ("Both Marketing majors at San Diego State
University, overlapping 1999–2002"), the same in the first person for a message
one of the two writes ("We were both Marketing majors at …"), and an opener for
a conversation. The first person is written here, where the dates are known, not
derived from the sentence's words: "Both at Intuit" (no dates) is "We've both
worked at Intuit", true whether either is there now.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from kithkin.dates import overlap_years, same_time
from kithkin.identity import role_key
from kithkin.model import Affiliation, Group, GroupKind, Person, Tie
from kithkin.roles import degree_and_field, school_role_key, title_key
from kithkin.text import day, first_name, span

#: Slope and intercept of log-lift on log(N/n), measured on ego-Facebook (see the module docstring).
RARITY_SLOPE = 0.25
RARITY_BASE = 0.55
#: Log-bonuses for a second facet of the same shared thing, measured on ego-Facebook
#: (school+major, school+year, employer+position); "speaker" is a judgement.
BONUS = {
    "same years": math.log(1.4),
    "same role": math.log(1.3),
    "speaker": math.log(1.2),
}
#: A person the two both know: worth this much, plus a share of the stated closeness;
#: each further one counts MUTUAL_DECAY times the one before, so twenty mutual
#: friends do not drown out a shared major.
MUTUAL_BASE = 0.8
MUTUAL_DECAY = 0.7
#: Kinds whose sharing says less than rarity alone suggests (people list many interests).
KIND_FACTOR = {GroupKind.INTEREST: 0.6, GroupKind.PLACE: 0.8}


@dataclass(frozen=True)
class Shared:
    """One thing two people have in common, with its weight and how to bring it up."""

    kind: GroupKind | None  # None for a mutual contact
    name: str  # the group, or the mutual contact's name
    level: str  # e.g. "same major, same years", "colleagues", "alumni", "both attended"
    sentence: str
    opener: str
    weight: float
    years: tuple[int, int] | None = None
    group: Group | None = None
    contact_id: int | None = None
    #: The sentence in the first person, as one of the two would write it: "We were both Marketing majors at …".
    we: str = ""


class _Words(NamedTuple):
    """How one shared thing is said: its level, the sentence, the opener, and the sentence in the first person."""

    level: str
    sentence: str
    opener: str
    we: str


@dataclass(frozen=True)
class CommonGround:
    """Everything two people share, best first; ``score`` sums the weights."""

    a: Person
    b: Person
    items: tuple[Shared, ...]
    #: The two already know each other (filled where two people are compared on request, `kithkin common`): the
    #: comparison said "ask Luis Miguel how they know Gregorio" of the man who had introduced the two.
    tie: Tie | None = None
    introducer: str = ""  # who introduced them, when the tie says

    @property
    def known_to_each_other(self) -> bool:
        """Two people other than the user who already know each other: the openers, written for strangers, are not
        offered (the CLI and the compare page both ask this)."""
        return self.tie is not None and not self.a.is_me

    @property
    def score(self) -> float:
        return sum(item.weight for item in self.items)


def rarity(members: int, population: int) -> float:
    """Log-lift of sharing something ``members`` of ``population`` people share; zero when everyone does.

    >>> round(rarity(20, 100_000), 2), round(rarity(40_000, 100_000), 2)
    (2.68, 0.56)
    >>> rarity(5, 5)
    0.0
    """
    if members <= 0 or population <= 0:
        return 0.0
    share = min(members / population, 1.0)
    return RARITY_BASE * (1 - share) - RARITY_SLOPE * math.log(share)


def recency(year: int | None, now: int) -> float:
    """Log-factor for how long ago the shared thing was; 0 for undated or current things.

    >>> recency(2024, 2024), round(recency(2004, 2024), 2)
    (0.0, -0.42)
    """
    if year is None or year >= now:
        return 0.0
    return math.log(0.6 + 0.4 * math.exp(-(now - year) / 10))


@dataclass(frozen=True)
class _Pair:
    """The best-matching pair of affiliations two people have with one group."""

    mine: Affiliation
    theirs: Affiliation
    same_role: bool
    years: tuple[int, int] | None
    #: False when the one year shared is one's last and the other's first, and the dates cannot tell whether
    #: the two were there at the same time (:func:`kithkin.dates.same_time`).
    certain: bool = True
    #: Both are there still: no end, or an end after this year (someone at Intuit "2020–2029" is there now, and
    #: "overlapping 2020–2027 … which team they were on" put them in the past). None: read the ends alone.
    ongoing: bool | None = None
    #: At an employer, the two's whole time together when longer than the role they shared: "overlapping
    #: 2003–2006 (both Marketing Coordinator)" understated colleagues of 2003–2011.
    whole: _Pair | None = None


def _joined(rows: Sequence[Affiliation], now: int) -> list[Affiliation]:
    """A person's rows at one group, and before them their dated periods that touch, joined into one.

    Why: a promotion is two rows (coordinator 2002–2006, manager 2006–2011) but one time at the company, and
    someone there 2003–2009 overlapped with the person for seven years, not for the four years either row gives
    alone. Periods join within a role (a major listed twice), and at an employer also across roles — the
    sentence for colleagues in different roles names no role. A school's rows do not join across roles: the
    sentence names each person's major. Years that follow on (…–2005, 2006–…) touch: the person was there in
    every year of the joined span, which is all a sentence in years claims. Undated rows stay as they are.

    >>> from kithkin.model import FuzzyDate as D
    >>> qcom = Group(GroupKind.EMPLOYER, "Qualcomm", id=1)
    >>> rows = [Affiliation(1, qcom, "Coordinator", D(2002), D(2006)), Affiliation(1, qcom, "Manager", D(2006), None)]
    >>> [(a.role, span(a.start, a.end)) for a in _joined(rows, 2024)]
    [('', '2002–now'), ('Coordinator', '2002–2006'), ('Manager', '2006–now')]
    """
    joined: list[Affiliation] = []
    dated = sorted((row for row in rows if row.start is not None), key=lambda row: (row.start, row.end is None))
    sets: dict[str, list[Affiliation]] = defaultdict(list)
    for row in dated:
        sets[role_key(row.role)].append(row)
    roles = list(sets.values())
    if len(roles) > 1 and dated and dated[0].group.kind is GroupKind.EMPLOYER:
        roles.append(dated)
    for same in roles:
        joined.extend(_span_of(run) for run in _touching_runs(same, now) if len(run) > 1)
    return joined + list(rows)  # joined first: where a pair ties, the whole time is the one said


def _touching_runs(rows: Sequence[Affiliation], now: int) -> list[list[Affiliation]]:
    """Rows sorted by start, cut where a year passes with none of them running."""
    runs: list[list[Affiliation]] = []
    last = 0
    for row in rows:
        assert row.start is not None
        if runs and row.start.year <= last + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
            last = row.start.year
        last = max(last, row.end.year if row.end else now)
    return runs


def _span_of(run: Sequence[Affiliation]) -> Affiliation:
    """One row for a run of touching rows: the first start, the last end (open if any is open), and the role
    when all share it."""
    first = run[0]
    ends = [row.end for row in run]
    end = None if None in ends else max(end for end in ends if end is not None)
    role = first.role if len({role_key(row.role) for row in run}) == 1 else ""
    return Affiliation(first.person_id, first.group, role, first.start, end, first.source)


def _best_pair(mine: Sequence[Affiliation], theirs: Sequence[Affiliation], now: int) -> _Pair:
    best: _Pair | None = None
    for x in mine:
        for y in theirs:
            same_role = bool(_role_key(x)) and _role_key(x) == _role_key(y)
            years = overlap_years(x.start, x.end, y.start, y.end, now=now)
            at_once = same_time(x.start, x.end, y.start, y.end, now=now) if years else False
            ongoing = all(a.end is None or a.end.year > now for a in (x, y))
            pair = _Pair(x, y, same_role, years if at_once is not False else None, at_once is not None, ongoing)
            if best is None or _pair_rank(pair) > _pair_rank(best):
                best = pair
    assert best is not None
    if best.same_role and best.years and best.certain and best.mine.group.kind is GroupKind.EMPLOYER:
        longest = max(
            (_Pair(x, y, False, years, True, all(a.end is None or a.end.year > now for a in (x, y)))
             for x in mine for y in theirs
             if (years := overlap_years(x.start, x.end, y.start, y.end, now=now))
             and same_time(x.start, x.end, y.start, y.end, now=now)),
            key=lambda p: (p.years[1] - p.years[0]) if p.years else 0,
        )  # fmt: skip
        if longest.years and longest.years[1] - longest.years[0] > best.years[1] - best.years[0]:
            best = replace(best, whole=longest)
    return best


def _pair_rank(pair: _Pair) -> tuple[int, int, int, int]:
    length = pair.years[1] - pair.years[0] + 1 if pair.years else 0
    together = pair.years is not None and pair.certain
    return (int(pair.same_role) + int(together), length, int(pair.same_role), int(pair.years is not None))


def _declined(aff: Affiliation) -> bool:
    """An invitation declined (a calendar's "declined (required)") is no common ground: it read "Both attended" the
    party one of the two said no to."""
    return aff.group.kind is GroupKind.EVENT and aff.role.startswith("declined")


def common_ground(
    a: Person,
    b: Person,
    a_affiliations: Sequence[Affiliation],
    b_affiliations: Sequence[Affiliation],
    *,
    counts: Mapping[tuple[int, str], int],
    population: int,
    now: int,
    mutual: Sequence[tuple[Person, int | None]] = (),
    today: dt.date | None = None,
) -> CommonGround:
    """Everything ``a`` and ``b`` share, ranked by weight (see the module docstring).

    ``counts`` gives members per (group id, role key) with role key ``""`` for
    the whole group; ``mutual`` lists people both know, with the closeness
    ``a`` stated for them (or ``None``); ``today`` tells past events from
    upcoming ones (default: the last day of ``now``).

    >>> from kithkin.model import FuzzyDate as D
    >>> sdsu = Group(GroupKind.SCHOOL, "San Diego State University", id=1)
    >>> mi, da = Person("Michael Brennan", id=1), Person("Dana Reyes", id=2)
    >>> cg = common_ground(mi, da,
    ...     [Affiliation(1, sdsu, "Marketing", D(1998), D(2002))],
    ...     [Affiliation(2, sdsu, "Marketing", D(1999), D(2003))],
    ...     counts={(1, ""): 40_000, (1, "marketing"): 900}, population=100_000, now=2024)
    >>> cg.items[0].sentence
    'Both Marketing majors at San Diego State University, overlapping 1999–2002'
    """
    by_group_a: dict[int, list[Affiliation]] = defaultdict(list)
    by_group_b: dict[int, list[Affiliation]] = defaultdict(list)
    for aff in a_affiliations:
        if not _declined(aff):
            by_group_a[aff.group.id or 0].append(aff)
    for aff in b_affiliations:
        if not _declined(aff):
            by_group_b[aff.group.id or 0].append(aff)
    items = []
    for gid in by_group_a.keys() & by_group_b.keys():
        pair = _best_pair(_joined(by_group_a[gid], now), _joined(by_group_b[gid], now), now)
        items.append(_describe(pair, a, b, counts, population, now, today or dt.date(now, 12, 31)))
    # Each further mutual contact adds less (the first says most): 1, 0.7, 0.49, …
    ranked = sorted(mutual, key=lambda m: (-(m[1] or 0), m[0].name))
    for k, (contact, closeness) in enumerate(ranked):
        items.append(_mutual(contact, closeness, b, discount=MUTUAL_DECAY**k))
    items.sort(key=lambda s: (-s.weight, s.name))
    return CommonGround(a, b, tuple(items))


def _weight(pair: _Pair, counts: Mapping[tuple[int, str], int], population: int, now: int) -> float:
    group = pair.mine.group
    gid = group.id or 0
    members = counts.get((gid, ""), 2)
    if group.kind is GroupKind.PLACE and pair.same_role:
        # "lives here" and "hometown" are different facts about a place, each with its own rarity.
        members = counts.get((gid, role_key(pair.mine.role)), members)
    weight = rarity(members, population) * KIND_FACTOR.get(group.kind, 1.0)
    if pair.years is not None and pair.certain:  # a year that may not have been shared earns nothing
        weight += BONUS["same years"]
    if (pair.same_role or _same_field(pair)) and group.kind in (GroupKind.SCHOOL, GroupKind.EMPLOYER):
        weight += BONUS["same role"]  # a shared major: the ego-Facebook measure is of the field, not the degree
    if "speaker" in (pair.mine.role, pair.theirs.role):
        weight += BONUS["speaker"]
    return max(weight + recency(_last_year(pair.whole or pair, now), now), 0.05)


def _last_year(pair: _Pair, now: int) -> int | None:
    """The last year the shared thing was shared: the overlap's end, the event's year, or the
    earlier of the two ends (alumni of one company at different times); None when undated."""
    if pair.years is not None:
        return pair.years[1]
    if pair.mine.group.on is not None:
        return pair.mine.group.on.year
    if pair.mine.end is None and pair.theirs.end is None:
        return None
    return min(a.end.year if a.end else now for a in (pair.mine, pair.theirs))


def _describe(
    pair: _Pair,
    a: Person,
    b: Person,
    counts: Mapping[tuple[int, str], int],
    population: int,
    now: int,
    today: dt.date,
) -> Shared:
    group = pair.mine.group
    # The sentences speak to ``a``'s reader: the user when ``a`` is the user, otherwise someone comparing two others
    # (a host), to whom "one of you spoke" named no one.
    you = "you" if a.is_me else first_name(a.name)
    # On the event's own day it has not yet been (before: "Both attended" that morning, "what they took away").
    if group.kind is GroupKind.EVENT and group.on is not None and group.on.first_day >= today:
        words = _upcoming(pair, first_name(b.name), you)
    elif group.kind is GroupKind.EVENT and counts.get((group.id or 0, ""), 3) <= 2:
        words = _met(pair, first_name(b.name))
    elif group.kind is GroupKind.EVENT:
        words = _event(pair, first_name(b.name), you)
    else:
        words = _PHRASES[group.kind](pair, first_name(b.name), now)
    return Shared(
        kind=group.kind,
        name=group.name,
        level=words.level,
        sentence=words.sentence,
        opener=words.opener,
        weight=_weight(pair, counts, population, now),
        # only years the two were there at the same time; all of them, when more than the role they shared
        years=(pair.whole or pair).years if pair.certain else None,
        group=group,
        we=words.we,
    )


def _years_text(years: tuple[int, int]) -> str:
    """The years shared: "2003–2009"; one year alone is "in 2002", since two people in one year may have shared a
    month of it ("overlapping 2002 (1 year)" claimed a year). Not how many: from years alone 1998–2002 may be four
    school years or five calendar years, and "(5 years)" of two four-year degrees, or "(3 years)" of someone's
    whole 2006–2008 job, said more than the dates know."""
    first, last = years
    if first == last:
        return f"in {first}"
    return f"{first}–{last}"


def _still_together(pair: _Pair) -> bool:
    """Both periods are open (no end stated, shown as "–now") and overlap: the two are there together today,
    so the sentence is in the present ("together there since 2021", not "overlapping 2021–2026"; "both there
    since 2021" was false of whoever started first)."""
    if pair.ongoing is not None:
        return pair.ongoing and pair.years is not None
    return pair.mine.end is None and pair.theirs.end is None and pair.years is not None  # open ends run to now


def _when(pair: _Pair) -> str:
    """The years two people shared a place, in the tense the dates call for.

    >>> from kithkin.model import FuzzyDate as D
    >>> g = Group(1, "Intuit", GroupKind.EMPLOYER)
    >>> a, b = Affiliation(1, g, "", D(2019), None), Affiliation(2, g, "", D(2021), None)
    >>> _when(_Pair(a, b, False, (2021, 2026)))
    'together there since 2021'
    >>> _when(_Pair(a, Affiliation(2, g, "", D(2021), D(2025)), False, (2021, 2025)))
    'overlapping 2021–2025'
    """
    assert pair.years is not None
    if _still_together(pair):
        return f"together there since {pair.years[0]}"
    if not pair.certain:
        return f"in {pair.years[0]} (perhaps not at the same time)"
    return f"overlapping {_years_text(pair.years)}"


def _we_were(pair: _Pair, what: str, after: str = "") -> str:
    """``what`` two people were (or are) together, in the first person and the tense the dates call for.

    >>> from kithkin.model import FuzzyDate as D
    >>> g = Group(1, "Intuit", GroupKind.EMPLOYER)
    >>> a, b = Affiliation(1, g, "", D(2019), None), Affiliation(2, g, "", D(2021), None)
    >>> _we_were(_Pair(a, b, False, (2021, 2026)), "colleagues at Intuit")
    "We've been colleagues at Intuit since 2021."
    >>> _we_were(_Pair(a, Affiliation(2, g, "", D(2021), D(2025)), False, (2021, 2025)), "both at Intuit")
    'We were both at Intuit, overlapping 2021–2025.'
    """
    assert pair.years is not None
    if _still_together(pair):
        both, _, rest = what.partition(" ") if what.startswith("both ") else ("", "", what)
        return f"We've {both + ' ' if both else ''}been {rest} since {pair.years[0]}{after}."
    return f"We were {what}, {_when(pair)}{after}."


def _role_key(row: Affiliation) -> str | tuple[str, ...]:
    """What two people's roles at one group must share to be the same role: a school's degree and field
    (:func:`school_role_key`), an employer's title however shortened (:func:`title_key`), otherwise the words, by
    case and spaces; empty when no role is known."""
    if row.group.kind is GroupKind.SCHOOL:
        key = school_role_key(row.role)
        return key if any(key) else ""
    if row.group.kind is GroupKind.EMPLOYER:
        return title_key(row.role) or ""
    return role_key(row.role)


def _same_field(pair: _Pair) -> bool:
    """Both studied one field at a school, perhaps at two degrees ("MS Computer Science" and "Computer Science")."""
    if pair.mine.group.kind is not GroupKind.SCHOOL:
        return False
    field = school_role_key(pair.mine.role)[1]
    return bool(field) and field == school_role_key(pair.theirs.role)[1]


def _school(pair: _Pair, other: str, now: int) -> _Words:
    school, mine, theirs = pair.mine.group.name, pair.mine.role, pair.theirs.role
    program = bool(degree_and_field(mine)[0])  # a degree ("MBA") is a program, not a major
    together = "same years" if pair.certain else "perhaps the same year"  # the level says no more than the words
    if pair.same_role and pair.years:
        professors = "they have" if _still_together(pair) else "they had"
        around = "" if _still_together(pair) else f" around {pair.years[0]}"
        who = f"{mine} students" if program else f"{mine} majors"
        return _Words(
            f"same program, {together}" if program else f"same major, {together}",
            f"Both {who} at {school}, {_when(pair)}",
            f"Ask {other} which professors {professors} in the {mine} program at {school}{around}."
            if program
            else f"Ask {other} which {mine} professors {professors} at {school}{around}.",
            _we_were(pair, f"both {who} at {school}"),
        )
    still = _dated(pair.mine) and _dated(pair.theirs) and None in (pair.mine.end, pair.theirs.end)
    if pair.same_role:
        # one still studying it: "studied" would say both had finished
        studied, we = ("have studied", "We've") if still else ("studied", "We")
        # both periods known and apart: said ("Both studied Marketing at SDSU (1998–2002 and 2004–2008)" read as
        # classmates' years)
        apart = ", at different times" if _dated(pair.mine) and _dated(pair.theirs) else ""
        return _Words(
            "same program" if program else "same major",
            f"Both in the {mine} program at {school}{apart}{_periods(pair)}"
            if program
            else f"Both {studied} {mine} at {school}{apart}{_periods(pair)}",
            f"Compare notes with {other} on the {mine} program at {school}.",
            f"We've both been in the {mine} program at {school}{apart}{_periods(pair)}."
            if program
            else f"{we} both studied {mine} at {school}{apart}{_periods(pair)}.",
        )
    if pair.years:
        majors = _different_majors(mine, theirs)
        return _Words(
            together,
            f"Both at {school}, {_when(pair)}{majors}",
            f"Ask {other} how they find {school} — you may know the same people."
            if _still_together(pair)
            else f"Ask {other} what {school} was like for them in those years — you may know the same people.",
            _we_were(pair, f"both at {school}", majors),
        )
    if still:  # at different times, one still there: "went to" would say both had left
        return _Words("same school", f"Both have been at {school}, at different times{_periods(pair)}",
                      f"Ask {other} what brought them to {school}.",
                      f"We've both been at {school}, at different times{_periods(pair)}.")  # fmt: skip
    # Both periods known and apart: said, as for employers ("Both went to SDSU" of 1991–1995 and 1998–2002 read as
    # the same years); undated, nothing is said about when.
    apart = f", at different times{_periods(pair)}" if _dated(pair.mine) and _dated(pair.theirs) else ""
    return _Words(
        "same school", f"Both went to {school}{apart}", f"Ask {other} what brought them to {school}.",
        f"We both went to {school}{apart}.",
    )  # fmt: skip


def _different_majors(mine: str, theirs: str) -> str:
    """What is known of two majors that are not the same, said so that neither reads as both people's: "Marketing
    and Economics" alone read as a double major of each. A degree is a program, not a major; one field at two
    degrees is said as one field.

    >>> _different_majors("Marketing", "Economics"), _different_majors("", "Economics"), _different_majors("", "")
    (' — different majors: Marketing and Economics', ' — one in Economics, the other major not known', '')
    >>> _different_majors("MS Computer Science", "Computer Science"), _different_majors("MBA", "Biology")
    (' — both in Computer Science (MS Computer Science and Computer Science)', ' — different programs: MBA and Biology')
    >>> _different_majors("MBA", "")
    " — one in the MBA program, the other's not known"
    """
    (mine_degree, mine_field), (their_degree, their_field) = degree_and_field(mine), degree_and_field(theirs)
    if mine and theirs:
        if mine_field and role_key(mine_field) == role_key(their_field):
            return f" — both in {mine_field} ({mine} and {theirs})"
        what = "programs" if mine_degree or their_degree else "majors"
        return f" — different {what}: {mine} and {theirs}"
    if mine_degree or their_degree:
        return f" — one in the {mine or theirs} program, the other's not known"
    if mine or theirs:
        return f" — one in {mine or theirs}, the other major not known"
    return ""


def _employer(pair: _Pair, other: str, now: int) -> _Words:
    employer = pair.mine.group.name
    if pair.years and pair.certain:
        role = f" (both {pair.mine.role})" if pair.same_role else ""
        if pair.whole is not None:  # the role shared is a part of the time together: both said
            assert pair.years is not None
            role = f" (both {pair.mine.role} {_years_text(pair.years).removeprefix('in ')})"
            pair = pair.whole
        team = "they're on" if _still_together(pair) else "they were on"
        return _Words(
            "colleagues",
            f"Colleagues at {employer}, {_when(pair)}{role}",
            f"Ask {other} which team {team} at {employer} — you likely know people in common.",
            _we_were(pair, f"colleagues at {employer}", role),
        )
    if pair.years or (_dated(pair.mine) and _dated(pair.theirs)):  # not known to have been there together
        # The same role is preferred over the whole time there (:func:`_pair_rank`), so its periods are the role's:
        # named, or "Both worked at Qualcomm … (2006–2011 …)" would read as all of a promoted person's time there.
        held = f" as {pair.mine.role}" if pair.same_role else ""
        if pair.years:  # one leaving the year the other joined: not said to be colleagues
            level, when = "same employer", f" {_when(pair)}"
            opener = f"Ask {other} when they were at {employer} — you may know people in common."
        else:  # both periods known, and they do not overlap
            level, when = "alumni", f", at different times{_periods(pair)}"
            opener = f"Compare notes with {other} on how {employer} changed between your times there."
        if pair.mine.end is None or pair.theirs.end is None:  # one is still there: "worked" would say they left
            return _Words(level, f"Both have worked at {employer}{held}{when}", opener,
                          f"We've both worked at {employer}{held}{when}.")  # fmt: skip
        return _Words(
            level, f"Both worked at {employer}{held}{when}", opener, f"We both worked at {employer}{held}{when}."
        )
    if _dated(pair.mine) or _dated(pair.theirs):  # one period known: "Both at" said the one who had left was there
        return _Words(
            "same employer", f"Both have worked at {employer}{_periods(pair)}",
            f"Ask {other} about their time at {employer} — you may know people in common.",
            f"We've both worked at {employer}{_periods(pair)}.",
        )  # fmt: skip
    # Undated (what LinkedIn connections, vCard ORG and directories give): nothing is known about when, so the
    # first person, and the opener, say what is true whether either is there now or left long ago ("Ask Angela
    # what they do at Intuit" took her to be there still).
    return _Words(
        "same employer", f"Both at {employer}",
        f"Ask {other} about their time at {employer} — you may know people in common.",
        f"We've both worked at {employer}.",
    )  # fmt: skip


def _dated(aff: Affiliation) -> bool:
    """Whether an affiliation's period is known at both ends (an open end is "until now")."""
    return aff.start is not None


def _periods(pair: _Pair) -> str:
    """ " (1998–2002 and 2005–2009)" — or nothing when neither period is known.

    >>> from kithkin.model import FuzzyDate as D
    >>> g = Group(GroupKind.EMPLOYER, "Acme", id=1)
    >>> _periods(_Pair(Affiliation(1, g), Affiliation(2, g), False, None))
    ''
    >>> _periods(_Pair(Affiliation(1, g, start=D(1998), end=D(2002)), Affiliation(2, g), False, None))
    ' (1998–2002 and dates unknown)'
    """
    mine, theirs = span(pair.mine.start, pair.mine.end), span(pair.theirs.start, pair.theirs.end)
    if not mine and not theirs:
        return ""
    return f" ({mine or 'dates unknown'} and {theirs or 'dates unknown'})"


def _event(pair: _Pair, other: str, you: str) -> _Words:
    """Both were at an event; who hosted or spoke is named (one does not ask a host what they took away, and
    "one of you spoke" told a host comparing two guests nothing); ``you`` is the first person as the reader
    names them: "you", or their first name.

    >>> party = Group(GroupKind.EVENT, "Happy hour at Hui-Ling's", id=1)
    >>> hosted = _Pair(Affiliation(1, party, "guest"), Affiliation(2, party, "host"), False, None)
    >>> _event(hosted, "Hui-Ling", "you")[1:3]
    ("Both attended Happy hour at Hui-Ling's (Hui-Ling hosted)", "Thank Hui-Ling again for Happy hour at Hui-Ling's.")
    >>> expo = Group(GroupKind.EVENT, "Expo 2023", id=2)
    >>> _event(_Pair(Affiliation(1, expo, ""), Affiliation(2, expo, "speaker"), False, None), "Brian", "Nicole")[1:]
    ('Both attended Expo 2023 (Brian spoke)', 'Ask Brian about their talk at Expo 2023.', 'We both attended Expo 2023 \
(Brian spoke).')
    """
    event = pair.mine.group.name
    if pair.theirs.role == "host":
        return _Words("both attended", f"Both attended {event} ({other} hosted)", f"Thank {other} again for {event}.",
                      f"We both attended {event} ({other} hosted).")  # fmt: skip
    if pair.mine.role == "host":
        return _Words("both attended", f"Both attended {event} ({you} hosted)",
                      f"Ask {other} how they found {event}.",
                      f"We both attended {event} (I hosted).")  # fmt: skip
    if pair.theirs.role == "speaker":
        return _Words("both attended", f"Both attended {event} ({other} spoke)",
                      f"Ask {other} about their talk at {event}.",
                      f"We both attended {event} ({other} spoke).")  # fmt: skip
    spoke = pair.mine.role == "speaker"
    return _Words(
        "both attended", f"Both attended {event}{f' ({you} spoke)' if spoke else ''}",
        f"Ask {other} what they took away from {event}.",
        f"We both attended {event}{' (I spoke)' if spoke else ''}.",
    )  # fmt: skip


def _met(pair: _Pair, other: str) -> _Words:
    """An "event" of the two of them alone (a 1:1 from a calendar) is history between them, not something
    they both attended."""
    event, on = pair.mine.group.name, pair.mine.group.on
    when = f" on {day(on)}" if on else ""
    return _Words("met", f"Met{when} — {event}", f"Pick up with {other} where {event} left off.",
                  f"We met{when} — {event}.")  # fmt: skip


def _upcoming(pair: _Pair, other: str, you: str) -> _Words:
    """Both are going to an event still to come; one hosting it is said ("Plan to find Hui-Ling at Happy hour at
    Hui-Ling's" of the host)."""
    event = pair.mine.group.name
    if pair.theirs.role == "host":  # the first person says no thank-you: it may go into a request to an introducer
        return _Words("both going", f"Both going to {event} ({other} is hosting)",
                      f"Thank {other} for the invitation to {event}.", f"We're both going to {event}.")  # fmt: skip
    if pair.mine.role == "host":
        hosting = "you're" if you == "you" else f"{you} is"
        return _Words("both going", f"Both going to {event} ({hosting} hosting)",
                      f"Make sure {other} meets the right people at {event}.",
                      f"We're both going to {event} (I'm hosting).")  # fmt: skip
    return _Words("both going", f"Both going to {event}", f"Plan to find {other} at {event}.",
                  f"We're both going to {event}.")  # fmt: skip


def _community(pair: _Pair, other: str, now: int) -> _Words:
    name = pair.mine.group.name
    return _Words("both members", f"Both members of {name}", f"Ask {other} how they got involved with {name}.",
                  f"We're both members of {name}.")  # fmt: skip


def _place(pair: _Pair, other: str, now: int) -> _Words:
    city = pair.mine.group.name
    if pair.same_role and pair.mine.role == "hometown":
        return _Words("same hometown", f"Both grew up in {city}", f"Ask {other} which part of {city} they grew up in.",
                      f"We both grew up in {city}.")  # fmt: skip
    if pair.same_role:
        return _Words("same city", f"Both live in {city}", f"Swap favourite spots in {city} with {other}.",
                      f"We both live in {city}.")  # fmt: skip
    return _Words("same place", f"Both connected to {city}", f"Ask {other} what ties them to {city}.",
                  f"We're both connected to {city}.")  # fmt: skip


def _interest(pair: _Pair, other: str, now: int) -> _Words:
    topic = pair.mine.group.name
    return _Words("shared interest", f"Both into {topic}", f"Ask {other} how they got into {topic}.",
                  f"We're both into {topic}.")  # fmt: skip


_PHRASES = {
    GroupKind.SCHOOL: _school,
    GroupKind.EMPLOYER: _employer,
    GroupKind.COMMUNITY: _community,
    GroupKind.PLACE: _place,
    GroupKind.INTEREST: _interest,
}


def _mutual(contact: Person, closeness: int | None, b: Person, discount: float) -> Shared:
    return Shared(
        kind=None,
        name=contact.name,
        level="mutual contact",
        sentence=f"Both know {contact.name}",
        opener=f"Mention {first_name(contact.name)} — ask {first_name(b.name)} how they know each other.",
        weight=(MUTUAL_BASE + 0.2 * (closeness or 1)) * discount,
        contact_id=contact.id,
        we=f"We both know {contact.name}.",
    )
