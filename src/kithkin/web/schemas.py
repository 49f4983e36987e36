"""The JSON the API speaks, as pydantic models (so that FastAPI's OpenAPI describes it), and the
functions that turn the use cases' results into them."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from kithkin.common_ground import CommonGround
from kithkin.model import Affiliation, Person, Profile, Tie
from kithkin.services.graph import EgoGraph
from kithkin.services.introductions import Introductions
from kithkin.services.people import PeoplePage
from kithkin.services.suggestions import Suggestion
from kithkin.text import each_other


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None


class ErrorOut(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorDetail


class ContactOut(BaseModel):
    kind: str
    value: str
    label: str


class PersonBrief(BaseModel):
    id: int
    name: str
    tags: list[str]
    is_me: bool


class PersonRow(PersonBrief):
    headline: str  # current title and employer, and city, when known


class GroupCount(BaseModel):
    id: int
    kind: str
    name: str
    members: int


class PeoplePageOut(BaseModel):
    items: list[PersonRow]
    next_cursor: str | None
    #: on a search's first page: people with the text as an email, phone or handle, not among ``items``
    by_contact: list[PersonRow] = []
    #: … and the schools and employers one of whose names starts with it, the largest first
    groups: list[GroupCount] = []


class AffiliationOut(BaseModel):
    kind: str
    group: str
    role: str
    start: str | None
    end: str | None
    source: str


class IntroducerOut(BaseModel):
    id: int
    name: str


class TieOut(BaseModel):
    person: PersonBrief
    how: str
    closeness: int | None
    since: str | None
    source: str
    introduced_by: IntroducerOut | None = None


class SharedOut(BaseModel):
    kind: str | None
    name: str
    sentence: str
    opener: str
    weight: float


class PersonOut(BaseModel):
    person: PersonBrief
    aliases: list[str]
    notes: str
    contacts: list[ContactOut]
    affiliations: list[AffiliationOut]
    ties: list[TieOut]
    common_ground: list[SharedOut] | None  # None: this is you, or you have not said who you are


class HopOut(BaseModel):
    a: PersonBrief
    b: PersonBrief
    how: str
    strength: float


class PathOut(BaseModel):
    people: list[PersonBrief]
    strength: float
    hops: list[HopOut]


class IntroductionsOut(BaseModel):
    target: str
    paths: list[PathOut]
    draft: str
    note: str


class NodeOut(BaseModel):
    id: int
    name: str
    centre: bool
    circle: int | None
    distance: int


class EdgeOut(BaseModel):
    source: int
    target: int
    strength: float


class CircleOut(BaseModel):
    index: int
    name: str
    kind: str
    size: int


class GraphOut(BaseModel):
    centre: int
    depth: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    circles: list[CircleOut]
    truncated: bool


class SuggestionOut(BaseModel):
    person: PersonBrief
    score: float
    mutual: int
    reasons: list[str]


class SuggestionsOut(BaseModel):
    items: list[SuggestionOut]
    next_cursor: str | None


class DismissedOut(BaseModel):
    dismissed: PersonBrief


def brief(person: Person) -> PersonBrief:
    return PersonBrief(id=person.id or 0, name=person.name, tags=list(person.tags), is_me=person.is_me)


def people_page(page: PeoplePage) -> PeoplePageOut:
    items = [
        PersonRow(id=p.id or 0, name=p.name, tags=list(p.tags), is_me=p.is_me, headline=line)
        for p, line in zip(page.people, page.headlines, strict=True)
    ]
    by_contact = [PersonRow(id=p.id or 0, name=p.name, tags=list(p.tags), is_me=p.is_me, headline="")
                  for p in page.by_contact]  # fmt: skip
    groups = [GroupCount(id=g.id or 0, kind=g.kind.value, name=g.name, members=n) for g, n in page.groups]
    return PeoplePageOut(items=items, next_cursor=page.next_cursor, by_contact=by_contact, groups=groups)


def affiliation(aff: Affiliation) -> AffiliationOut:
    return AffiliationOut(
        kind=aff.group.kind.value,
        group=aff.group.name,
        role=aff.role,
        start=None if aff.start is None else str(aff.start),
        end=None if aff.end is None else str(aff.end),
        source=aff.source,
    )


def tie(tie: Tie, other: Person, introducers: Mapping[int, str] | None = None) -> TieOut:
    since = None if tie.since is None else str(tie.since)
    name = (introducers or {}).get(tie.introduced_by or 0)
    by = IntroducerOut(id=tie.introduced_by, name=name) if tie.introduced_by and name else None
    return TieOut(
        person=brief(other), how=tie.how, closeness=tie.closeness, since=since, source=tie.source, introduced_by=by
    )


class CommonOut(BaseModel):
    a: PersonBrief
    b: PersonBrief
    #: a and b (neither the user) already know each other: ``sentence`` says so and the openers, written for
    #: strangers, are left empty (the API gave Dana openers about the man who had introduced them).
    known_to_each_other: bool
    sentence: str
    tie: TieOut | None
    introducer: str
    score: float
    items: list[SharedOut]


def common(cg: CommonGround) -> CommonOut:
    known = cg.known_to_each_other
    items = ground(cg)
    if known:
        items = [item.model_copy(update={"opener": ""}) for item in items]
    return CommonOut(
        a=brief(cg.a),
        b=brief(cg.b),
        known_to_each_other=known,
        sentence=each_other(cg.a.name, cg.b.name, cg.tie, cg.introducer) if known and cg.tie else "",
        tie=None if cg.tie is None else tie(cg.tie, cg.b),
        introducer=cg.introducer,
        score=round(cg.score, 3),
        items=items,
    )


def ground(cg: CommonGround) -> list[SharedOut]:
    return [
        SharedOut(kind=None if s.kind is None else s.kind.value, name=s.name, sentence=s.sentence, opener=s.opener,
                  weight=round(s.weight, 3))
        for s in cg.items
    ]  # fmt: skip


def person(found: Profile, cg: CommonGround | None) -> PersonOut:
    p = found.person
    return PersonOut(
        person=brief(p),
        aliases=list(p.aliases),
        notes=p.notes,
        contacts=[ContactOut(kind=c.kind.value, value=c.value, label=c.label) for c in p.contacts],
        affiliations=[affiliation(a) for a in found.affiliations],
        ties=[tie(t, other, found.introducers) for t, other in found.ties],
        common_ground=None if cg is None else ground(cg),
    )


def introductions(found: Introductions) -> IntroductionsOut:
    paths = [
        PathOut(
            people=[brief(p) for p in path.people],
            strength=round(path.strength, 4),
            hops=[HopOut(a=brief(h.a), b=brief(h.b), how=h.tie.how if h.tie else "", strength=round(h.strength, 3))
                  for h in path.hops],
        )
        for path in found.paths
    ]  # fmt: skip
    return IntroductionsOut(target=found.target, paths=paths, draft=found.draft, note=found.note)


def graph(found: EgoGraph) -> GraphOut:
    return GraphOut(
        centre=found.centre,
        depth=found.depth,
        nodes=[
            NodeOut(id=n.id, name=n.name, centre=n.centre, circle=n.circle, distance=n.distance) for n in found.nodes
        ],
        edges=[EdgeOut(source=e.source, target=e.target, strength=e.strength) for e in found.edges],
        circles=[CircleOut(index=c.index, name=c.name, kind=c.kind.value, size=c.size) for c in found.circles],
        truncated=found.truncated,
    )


def suggestion(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(person=brief(s.person), score=round(s.score, 4), mutual=s.mutual, reasons=list(s.reasons[:3]))
