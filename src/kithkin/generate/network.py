"""A seeded generator of realistic personal networks, from a few hundred people to millions.

How the network comes about mirrors how real ones do (Feld, "The focused
organization of social ties", 1981): people are placed in metro areas, go to
schools, take a career of jobs, join communities and attend events; ties form
mostly *inside* those foci — classmates of the same years, colleagues at the
same time, fellow members, people met at an event — then close into triangles
(friends introduce friends; Holme & Kim 2002) and a few long-range ties bridge
the clusters. Everything is vectorised with numpy: a million people with their
affiliations and ties take well under a minute.

The same ``seed`` and ``size`` always give the same network.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from kithkin.generate import catalog
from kithkin.generate.history import TODAY, History, personal_history
from kithkin.generate.people import sample_names
from kithkin.generate.registry import OPEN, THIS_YEAR, GroupSpec, Registry
from kithkin.generate.ties import Ties, context_ties
from kithkin.model import GroupKind


@dataclass
class Affiliations:
    """Parallel arrays, one row per affiliation (role is an index into ``roles``)."""

    person: list[np.ndarray] = field(default_factory=list)
    group: list[np.ndarray] = field(default_factory=list)
    role: list[np.ndarray] = field(default_factory=list)
    start: list[np.ndarray] = field(default_factory=list)
    end: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        person: np.ndarray,
        group: np.ndarray | int,
        role: np.ndarray | int,
        start: np.ndarray | int = OPEN,
        end: np.ndarray | int = OPEN,
    ) -> None:
        size = len(person)
        self.person.append(np.asarray(person, dtype=np.int64))
        self.group.append(np.broadcast_to(np.asarray(group, dtype=np.int64), size).copy())
        self.role.append(np.broadcast_to(np.asarray(role, dtype=np.int64), size).copy())
        self.start.append(np.broadcast_to(np.asarray(start, dtype=np.int64), size).copy())
        self.end.append(np.broadcast_to(np.asarray(end, dtype=np.int64), size).copy())

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The rows, each distinct fact once, ordered by person (so the store writes them in index order)."""
        person, group, role, start, end = (
            np.concatenate(parts) if parts else np.zeros(0, np.int64)
            for parts in (self.person, self.group, self.role, self.start, self.end)
        )

        # One integer per row; years fit in 7 bits from 1900 (0 stays 0 for "unknown/open").
        def year(y: np.ndarray) -> np.ndarray:
            return np.where(y > 0, y - 1900, 0)

        key = (
            ((person * (group.max(initial=0) + 1) + group) * (role.max(initial=0) + 1) + role) * 128 + year(start)
        ) * 128 + year(end)
        _, first = np.unique(key, return_index=True)
        keep = np.sort(first)
        keep = keep[np.argsort(person[keep], kind="stable")]
        return person[keep], group[keep], role[keep], start[keep], end[keep]


@dataclass
class GeneratedNetwork:
    """A generated network as arrays; ``services.save_generated`` writes it to a store."""

    seed: int
    size: int
    names: list[str]
    city: np.ndarray  # index into ``cities``
    cities: list[str]
    groups: list[GroupSpec]
    roles: list[str]
    aff_person: np.ndarray
    aff_group: np.ndarray
    aff_role: np.ndarray
    aff_start: np.ndarray
    aff_end: np.ndarray
    tie_a: np.ndarray
    tie_b: np.ndarray
    tie_how: np.ndarray
    tie_via: np.ndarray  # group id or -1
    tie_since: np.ndarray  # year or 0
    tie_introducer: np.ndarray  # person or -1
    tie_closeness: np.ndarray  # 1-5, or 0 when not stated
    tags: list[tuple[int, str]]
    history: History
    me: int = 0
    target: int = 1

    @property
    def tie_count(self) -> int:
        return len(self.tie_a)


def generate(size: int = 300, seed: int = 7, *, today: dt.date = TODAY) -> GeneratedNetwork:
    """Generate a network of ``size`` people (at least 20) from ``seed``, the user's own recent history
    (interactions, follow-ups, the coming gathering) dated around ``today``.

    Person 0 is the user ("me": a Marketing graduate of San Diego State,
    1998–2002, now at Intuit); person 1 is Dana Reyes, someone the user wants
    to reach and is not yet tied to.

    >>> net = generate(200, seed=1)
    >>> net.names[0], net.names[1], len(net.names)
    ('Michael Brennan', 'Dana Reyes', 200)
    >>> bool((net.tie_a < net.tie_b).all())
    True
    """
    if size < 20:
        raise ValueError("a generated network needs at least 20 people")
    rng = np.random.default_rng(seed)
    reg = Registry()
    world = _World.build(reg)
    names = sample_names(rng, size)
    names[0], names[1] = "Michael Brennan", "Dana Reyes"

    region = _regions(rng, size)
    city = world.pick_city(rng, region)
    birth = rng.integers(1958, 2004, size)
    region[:2], city[:2], birth[:2] = 0, world.city_ids[0][0], (1980, 1981)

    aff = Affiliations()
    school, major_of, school_end = _education(rng, reg, world, aff, region, birth)
    industry = _careers(rng, reg, world, aff, region, birth, major_of, school_end)
    del school, industry
    _places_and_interests(rng, reg, world, aff, city, size)
    _communities(rng, reg, world, aff, city, region)
    _events(rng, reg, world, aff, region, size)
    _davis_gatherings(rng, reg, world, aff, city)
    _featured_people(reg, aff)
    person, group, role, start, end = aff.arrays()

    ties = Ties(size)
    context_ties(rng, ties, reg, person, group, role, start, region, end=end)
    ties.close_triangles(rng, share=0.18)
    ties.bridge(rng, share=0.03)
    tags = ties.personalise(rng, me=0, target=1, city=city, person=person, group=group, end=end, reg=reg)
    a, b, how, via, since, introducer, closeness = ties.arrays()
    history = personal_history(
        rng,
        me=0,
        target=1,
        names=names,
        tie_a=a,
        tie_b=b,
        closeness=closeness,
        titles=_current_titles(person, group, role, end, reg, people=set(np.r_[b[a == 0], a[b == 0]].tolist())),
        today=today,
    )
    if history.gathering:
        gid = reg.group(GroupKind.EVENT, history.gathering_name, on=history.gathering_on.isoformat())
        who = np.array([p for p, _ in history.gathering])
        roles = np.array([reg.role(r) for _, r in history.gathering])
        person, group, role = np.r_[person, who], np.r_[group, np.full(len(who), gid)], np.r_[role, roles]
        start, end = np.r_[start, np.zeros(len(who), np.int64)], np.r_[end, np.zeros(len(who), np.int64)]
    # Keep only groups someone belongs to, renumbered densely.
    used = np.unique(group)
    renumber = np.full(len(reg.groups), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    group = renumber[group]
    via = np.where(via >= 0, renumber[np.maximum(via, 0)], -1)
    groups = [reg.groups[g] for g in used.tolist()]
    return GeneratedNetwork(
        seed=seed,
        size=size,
        names=names,
        city=city,
        cities=world.cities,
        groups=groups,
        roles=reg.roles,
        aff_person=person,
        aff_group=group,
        aff_role=role,
        aff_start=start,
        aff_end=end,
        tie_a=a,
        tie_b=b,
        tie_how=how,
        tie_via=via,
        tie_since=since,
        tie_introducer=introducer,
        tie_closeness=closeness,
        tags=tags,
        history=history,
    )


@dataclass
class _World:
    """The catalogue turned into group ids and lookup arrays."""

    cities: list[str]
    city_ids: list[list[int]]  # per region: indices into cities
    city_group: np.ndarray  # city index -> place group id
    city_region: np.ndarray
    school_group: np.ndarray  # school index -> group id
    school_region: np.ndarray
    local_schools: list[np.ndarray]  # per region: school indices
    employer_group: np.ndarray
    employer_industry: np.ndarray
    region_employers: list[np.ndarray]  # per region: employer indices (local + national)
    industries: list[str]

    @classmethod
    def build(cls, reg: Registry) -> _World:
        cities: list[str] = []
        city_ids: list[list[int]] = []
        city_region: list[int] = []
        schools: list[catalog.School] = []
        school_region: list[int] = []
        local_schools: list[np.ndarray] = []
        employers: list[catalog.Employer] = list(catalog.NATIONAL_EMPLOYERS)
        region_employers: list[np.ndarray] = []
        for r, region in enumerate(catalog.REGIONS):
            city_ids.append(list(range(len(cities), len(cities) + len(region.cities))))
            cities += list(region.cities)
            city_region += [r] * len(region.cities)
            local_schools.append(np.arange(len(schools), len(schools) + len(region.schools)))
            schools += list(region.schools)
            school_region += [r] * len(region.schools)
            local = np.arange(len(employers), len(employers) + len(region.employers))
            employers += list(region.employers)
            region_employers.append(np.concatenate([local, np.arange(len(catalog.NATIONAL_EMPLOYERS))]))
        industries = sorted({e.industry for e in employers})
        return cls(
            cities=cities,
            city_ids=city_ids,
            city_group=np.array([reg.group(GroupKind.PLACE, c) for c in cities]),
            city_region=np.array(city_region),
            school_group=np.array([reg.group(GroupKind.SCHOOL, s.name, s.aliases) for s in schools]),
            school_region=np.array(school_region),
            local_schools=local_schools,
            employer_group=np.array([reg.group(GroupKind.EMPLOYER, e.name, e.aliases) for e in employers]),
            employer_industry=np.array([industries.index(e.industry) for e in employers]),
            region_employers=region_employers,
            industries=industries,
        )

    def pick_employer(self, rng: np.random.Generator, region: np.ndarray) -> np.ndarray:
        """Mostly a local employer (the first-listed are the biggest), sometimes a national one."""
        chosen = rng.integers(0, len(catalog.NATIONAL_EMPLOYERS), len(region))
        local = rng.random(len(region)) < 0.7
        for r, employers in enumerate(self.region_employers):
            mine = employers[: len(employers) - len(catalog.NATIONAL_EMPLOYERS)]
            idx = np.flatnonzero(local & (region == r))
            weights = 1.0 / np.arange(1, len(mine) + 1) ** 0.7
            chosen[idx] = mine[rng.choice(len(mine), size=len(idx), p=weights / weights.sum())]
        return chosen

    def pick_city(self, rng: np.random.Generator, region: np.ndarray) -> np.ndarray:
        city = np.zeros(len(region), dtype=np.int64)
        for r, ids in enumerate(self.city_ids):
            idx = np.flatnonzero(region == r)
            weights = 1.0 / np.arange(1, len(ids) + 1)  # the main city is the biggest
            city[idx] = np.array(ids)[rng.choice(len(ids), size=len(idx), p=weights / weights.sum())]
        return city


def _regions(rng: np.random.Generator, size: int) -> np.ndarray:
    """Most of a personal network lives near the user (San Diego, region 0)."""
    weights = np.array([r.weight for r in catalog.REGIONS])
    weights = weights / weights[1:].sum() * 0.45
    weights[0] = 0.55
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def _education(
    rng: np.random.Generator, reg: Registry, world: _World, aff: Affiliations, region: np.ndarray, birth: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = len(region)
    majors = catalog.MAJORS
    major_p = np.array([m[2] for m in majors])
    major_of = rng.choice(len(majors), size=size, p=major_p / major_p.sum())
    major_of[0], major_of[1] = (
        [m[0] for m in majors].index("Marketing"),
        [m[0] for m in majors].index("Computer Science"),
    )
    school = np.where(
        rng.random(size) < 0.75,
        _pick_local(rng, world.local_schools, region),
        rng.integers(0, len(world.school_group), size),
    )
    school[0] = _school_index(world, "San Diego State University")
    school[1] = _school_index(world, "University of California San Diego")
    start = birth + 18 + (rng.random(size) < 0.15)
    end = start + rng.choice([4, 5, 3], size=size, p=[0.7, 0.2, 0.1])
    start[0], end[0], start[1], end[1] = 1998, 2002, 1999, 2003
    has = rng.random(size) < 0.88
    has[:2] = True
    end_or_open = np.where(end > THIS_YEAR, OPEN, end)
    major_roles = np.array([reg.role(m[0]) for m in majors])
    idx = np.flatnonzero(has)
    aff.add(idx, world.school_group[school[idx]], major_roles[major_of[idx]], start[idx], end_or_open[idx])

    grad = has & (rng.random(size) < 0.22) & (end + 1 < THIS_YEAR - 2)
    grad[:2] = False
    gidx = np.flatnonzero(grad)
    gschool = np.where(
        rng.random(len(gidx)) < 0.5,
        _pick_local(rng, world.local_schools, region[gidx]),
        rng.integers(0, len(world.school_group), len(gidx)),
    )
    gstart = end[gidx] + rng.integers(1, 6, len(gidx))
    degrees = {ind: [reg.role(d) for d in ds] for ind, ds in catalog.GRAD_DEGREES.items()}
    gind = [majors[m][1] for m in major_of[gidx]]
    groles = np.array([degrees[i][rng.integers(len(degrees[i]))] for i in gind], dtype=np.int64)
    gend = np.where(gstart + 2 > THIS_YEAR, OPEN, gstart + 2)
    aff.add(gidx, world.school_group[gschool], groles, gstart, gend)
    career_start = np.where(has, end, birth + 19)
    career_start[gidx] = gstart + 2
    return school, major_of, career_start


def _current_titles(
    person: np.ndarray, group: np.ndarray, role: np.ndarray, end: np.ndarray, reg: Registry, people: set[int]
) -> dict[int, str]:
    """Current job titles of ``people`` (employer affiliations still open)."""
    employer = np.array([g.kind is GroupKind.EMPLOYER for g in reg.groups])[group]
    rows = np.flatnonzero(employer & (end == OPEN) & np.isin(person, list(people)))
    return {int(person[i]): reg.roles[int(role[i])] for i in rows if reg.roles[int(role[i])]}


def _pick_local(rng: np.random.Generator, local: list[np.ndarray], region: np.ndarray) -> np.ndarray:
    """For each person, a school of their region; the first-listed (flagship) schools are the largest."""
    chosen = np.zeros(len(region), dtype=np.int64)
    for r, schools in enumerate(local):
        idx = np.flatnonzero(region == r)
        weights = 1.0 / np.arange(1, len(schools) + 1) ** 0.8
        chosen[idx] = schools[rng.choice(len(schools), size=len(idx), p=weights / weights.sum())]
    return chosen


def _school_index(world: _World, name: str) -> int:
    names = [s.name for r in catalog.REGIONS for s in r.schools]
    return names.index(name)


def _careers(
    rng: np.random.Generator,
    reg: Registry,
    world: _World,
    aff: Affiliations,
    region: np.ndarray,
    birth: np.ndarray,
    major_of: np.ndarray,
    career_start: np.ndarray,
) -> np.ndarray:
    """A sequence of jobs from the end of school to now; titles rise with seniority."""
    size = len(region)
    industries = world.industries
    major_industry = np.array([industries.index(m[1]) for m in catalog.MAJORS])[major_of]
    industry = np.where(rng.random(size) < 0.8, major_industry, rng.integers(0, len(industries), size))
    titles = [[reg.role(t) for t in catalog.TITLES[ind]] for ind in industries]
    title_table = np.array(titles)
    year = career_start.copy()
    active = year < THIS_YEAR
    active[:2] = False  # the featured people get hand-written careers
    for _ in range(8):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        employer = world.pick_employer(rng, region[idx])
        seniority = np.clip((year[idx] - career_start[idx]) // 4 + rng.integers(-1, 2, len(idx)), 0, 6)
        length = 1 + rng.geometric(0.28, len(idx))
        stop = year[idx] + length
        still = stop >= THIS_YEAR
        end = np.where(still & (rng.random(len(idx)) < 0.92), OPEN, np.minimum(stop, THIS_YEAR))
        aff.add(idx, world.employer_group[employer], title_table[industry[idx], seniority], year[idx], end)
        year[idx] = stop
        active[idx] = ~still
    return industry


def _places_and_interests(
    rng: np.random.Generator, reg: Registry, world: _World, aff: Affiliations, city: np.ndarray, size: int
) -> None:
    everyone = np.arange(size)
    aff.add(everyone, world.city_group[city], reg.role("lives here"))
    hometown = rng.random(size) < 0.5
    idx = np.flatnonzero(hometown)
    aff.add(idx, world.city_group[rng.integers(0, len(world.cities), len(idx))], reg.role("hometown"))
    interests = np.array([reg.group(GroupKind.INTEREST, i) for i in catalog.INTERESTS])
    weights = 1.0 / np.arange(1, len(interests) + 1) ** 0.6
    permuted = rng.permutation(len(interests))
    for _slot in range(3):
        idx = np.flatnonzero(rng.random(size) < 0.6)
        picks = permuted[rng.choice(len(interests), size=len(idx), p=weights / weights.sum())]
        aff.add(idx, interests[picks], 0)
    for pid, topics in ((0, ("local business", "surfing", "marketing")), (1, ("startups", "hiking"))):
        aff.add(np.array([pid] * len(topics)), np.array([reg.group(GroupKind.INTEREST, t) for t in topics]), 0)


def _communities(
    rng: np.random.Generator, reg: Registry, world: _World, aff: Affiliations, city: np.ndarray, region: np.ndarray
) -> None:
    size = len(city)
    templates = catalog.CITY_COMMUNITIES
    table = np.array([[reg.group(GroupKind.COMMUNITY, t.format(city=c)) for t in templates] for c in world.cities])
    member, board = reg.role("member"), reg.role("board member")
    for _slot in range(2):
        idx = np.flatnonzero(rng.random(size) < 0.3)
        idx = idx[idx > 1]
        groups = table[city[idx], rng.integers(0, len(templates), len(idx))]
        aff.add(idx, groups, np.where(rng.random(len(idx)) < 0.04, board, member))
    # Alumni associations: people who live where their school is join more often.
    schools = [s for r in catalog.REGIONS for s in r.schools]
    alumni = np.array([reg.group(GroupKind.COMMUNITY, f"{s.name} Alumni Association") for s in schools])
    del region
    aff.add(
        np.array([0, 0]),
        np.array([alumni[_school_index(world, "San Diego State University")], table[world.city_ids[0][0], 0]]),
        member,
    )
    person_school = _first_school(aff, world, size)  # education was added first
    idx = np.flatnonzero((person_school >= 0) & (rng.random(size) < 0.12))
    idx = idx[idx > 1]
    aff.add(idx, alumni[person_school[idx]], member)


def _first_school(aff: Affiliations, world: _World, size: int) -> np.ndarray:
    """Each person's first school (index into the school list), -1 if none."""
    person, group = aff.person[0], aff.group[0]
    lookup = np.full(int(world.school_group.max()) + 1, -1)
    lookup[world.school_group] = np.arange(len(world.school_group))
    result = np.full(size, -1)
    result[person] = lookup[group]
    return result


def _events(
    rng: np.random.Generator, reg: Registry, world: _World, aff: Affiliations, region: np.ndarray, size: int
) -> None:
    """Conferences, workshops and happy hours, sized like real ones (log-normal)."""
    attendee, speaker = reg.role("attendee"), reg.role("speaker")
    by_region = [np.flatnonzero(region == r) for r in range(len(catalog.REGIONS))]
    count = max(20, size // 40)
    event_region = rng.choice(len(catalog.REGIONS), size=count, p=[len(x) / size for x in by_region])
    first_day = dt.date(2023, 1, 1).toordinal()
    days = rng.integers(0, dt.date(2026, 11, 15).toordinal() - first_day, count)
    sizes = np.clip(rng.lognormal(np.log(18), 0.9, count), 5, 600).astype(np.int64)
    templates = catalog.EVENT_TEMPLATES
    which = rng.integers(0, len(templates), count)
    people, groups, roles = [], [], []
    for e in range(count):
        pool = by_region[event_region[e]]
        if len(pool) < 4:
            continue
        day = dt.date.fromordinal(first_day + int(days[e]))
        title = templates[which[e]][0].format(region=catalog.REGIONS[event_region[e]].name)
        name = f"{title} {day.year}"
        if reg.has(GroupKind.EVENT, name):  # the same series twice a year: tell them apart by date
            name = f"{title}, {day:%B} {day.day}, {day.year}"
        gid = reg.group(GroupKind.EVENT, name, on=day.isoformat())
        chosen = np.unique(pool[rng.integers(0, len(pool), min(int(sizes[e]), len(pool) // 2 + 1))])
        people.append(chosen)
        groups.append(np.full(len(chosen), gid))
        roles.append(np.where(rng.random(len(chosen)) < 0.05, speaker, attendee))
    if people:
        aff.add(np.concatenate(people), np.concatenate(groups), np.concatenate(roles))


_DAVIS_TITLES = (
    "Neighbourhood potluck",
    "Book club evening",
    "Garden club luncheon",
    "Bridge night",
    "Church supper",
    "Charity bake sale",
    "Wine and cheese evening",
    "Summer barbecue",
    "Block party",
    "Game night",
    "Holiday open house",
    "Picnic in the park",
    "Birthday dinner",
    "Trivia night",
)


def _davis_gatherings(
    rng: np.random.Generator, reg: Registry, world: _World, aff: Affiliations, city: np.ndarray
) -> None:
    """Fourteen neighbourhood gatherings with the real Davis Southern Women attendance pattern."""
    home = world.city_ids[0][0]
    neighbours = np.flatnonzero(city == home)
    neighbours = neighbours[neighbours > 1]
    if len(neighbours) < 17:
        return
    chosen = [0, *rng.choice(neighbours, size=17, replace=False).tolist()]
    data = resources.files("kithkin.data")
    with (data / "events.csv").open(encoding="utf-8") as f:
        dates = {row["event_id"]: row["date_label"] for row in csv.DictReader(f)}
    guest = reg.role("guest")
    with (data / "attendance.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            number = int(row["event_id"][1:])
            month, day = (int(x) for x in dates[row["event_id"]].split("/"))
            when = dt.date(2025, month, day)
            name = f"{_DAVIS_TITLES[number - 1]}, {world.cities[home]} {when.year}"
            gid = reg.group(GroupKind.EVENT, name, on=when.isoformat())
            aff.add(np.array([chosen[int(row["woman_id"][1:]) - 1]]), gid, guest)


def _featured_people(reg: Registry, aff: Affiliations) -> None:
    """The user's and Dana's careers, written out so the demo tells a coherent story."""
    jobs = (
        (0, "Qualcomm", "Marketing Coordinator", 2002, 2006),
        (0, "Qualcomm", "Marketing Manager", 2006, 2011),
        (0, "Intuit", "Brand Director", 2011, OPEN),
        (1, "Qualcomm", "Software Engineer", 2003, 2009),
        (1, "Salesforce", "Product Manager", 2009, 2016),
        (1, "ServiceNow", "VP of Product", 2016, OPEN),
    )
    for pid, employer, title, start, end in jobs:
        aff.add(np.array([pid]), reg.group(GroupKind.EMPLOYER, employer), reg.role(title), start, end)
