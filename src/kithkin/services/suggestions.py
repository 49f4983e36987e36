"""People you should meet: ranked by the network engine (ties and shared rare groups), each with its
reasons in words; dismissing and blocking suggestions."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import CommonGround, Shared
from kithkin.errors import InputError, NoMe
from kithkin.model import GroupKind, Person
from kithkin.network.heuristics import strength_matrix
from kithkin.network.linkpred import Graph, Ranker
from kithkin.network.ltr import LtrRanker
from kithkin.network.parallel import Progress
from kithkin.network.spectral import SpectralRanker
from kithkin.network.strength import UNDESCRIBED
from kithkin.services import caches
from kithkin.services.common_ground import compare_many
from kithkin.services.groups import find_group
from kithkin.services.paging import check_limit, cut, read_cursor
from kithkin.services.people import resolve_person
from kithkin.services.snapshot import Snapshot, snapshot
from kithkin.store import Store


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: float
    mutual: int
    ground: CommonGround
    #: With no mutual contact: the two people between, three steps away (someone you know, who knows someone
    #: who knows them), the chain with the fewest-tied middle people (three-hop resource allocation's best path).
    via: tuple[Person, Person] | None = None

    @property
    def via_sentence(self) -> str | None:
        """The chain in words: "You know Ann Able, who knows Cat Cole, who knows Eve Earl." — or, for someone else
        (a member of a community), "Dan Doe knows Ann Able, …" (before: "You know" whoever the list was for).

        >>> ann, cat, eve = Person(name="Ann Able"), Person(name="Cat Cole"), Person(name="Eve Earl")
        >>> for a in (Person(name="Dan Doe"), Person(name="Me", is_me=True)):
        ...     print(Suggestion(eve, 1.0, 0, CommonGround(a, eve, ()), (ann, cat)).via_sentence)
        Dan Doe knows Ann Able, who knows Cat Cole, who knows Eve Earl.
        You know Ann Able, who knows Cat Cole, who knows Eve Earl.
        """
        if self.via is None:
            return None
        who = "You know" if self.ground.a.is_me else f"{self.ground.a.name} knows"
        return f"{who} {self.via[0].name}, who knows {self.via[1].name}, who knows {self.person.name}."

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why, in words, in the order the ranker weighed them: the chain that reaches them (three steps away);
        the mutual contacts in one sentence, where the first of them stands (ten "Both know …" lines would hide
        the school they share); each shared group's own sentence.

        >>> from kithkin.model import Person
        >>> mutual = [Shared(None, n, "mutual contact", f"Both know {n}", "", 1.0) for n in ("Ann", "Bob", "Cy", "Di")]
        >>> club = Shared(GroupKind.COMMUNITY, "Rotary", "members", "Both in Rotary", "", 2.0)
        >>> eve = Person(name="Eve")
        >>> Suggestion(eve, 1.0, 4, CommonGround(Person(name="Me"), eve, (club, *mutual))).reasons
        ('Both in Rotary', 'Both know Ann, Bob and 2 others')
        """
        names = sorted((item.name for item in self.ground.items if item.kind is None), key=lambda n: n != "you")
        out = [self.via_sentence] if self.via_sentence else []
        for item in self.ground.items:
            if item.kind is not None:
                out.append(item.sentence)
            elif names:  # the first mutual contact stands for them all
                out.append(_both_know(names))
                names = []
        return tuple(out)


def _both_know(names: list[str]) -> str:
    """Mutual contacts in one sentence: "Both know Ann", "… Ann and Bob", "… Ann, Bob and Cy", "… Ann, Bob and
    2 others" (how many there are in all is said beside the name)."""
    if len(names) > 3:
        return f"Both know {names[0]}, {names[1]} and {len(names) - 2} others"
    return "Both know " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}")


@dataclass(frozen=True)
class _Engine:
    """The snapshot, its graph and a ranker learned from it: built once for a batch of people."""

    snap: Snapshot
    graph: Graph
    ranker: Ranker


def _engine(store: Store, today: dt.date | None, learning: Progress | None = None, *, relearn: bool = False) -> _Engine:
    snap = snapshot(store, today=today)
    size = len(snap.ids)
    incidence = sp.csr_array(
        (np.ones(len(snap.member)), (snap.member, snap.group)), shape=(size, int(snap.group.max(initial=0)) + 1)
    )
    edges = np.stack([snap.a, snap.b], axis=1)
    by_id = store.group_kinds()
    strengths = None if snap.interaction is None else strength_matrix(size, edges, snap.interaction)
    kinds = tuple(by_id.get(g, "") for g in range(incidence.shape[1]))
    graph = Graph.build(size, edges, incidence, kinds, strengths, undescribed=UNDESCRIBED)
    return _Engine(snap, graph, _ranker(store, graph, edges, len(snap.member), learning, relearn=relearn))


#: Bumped when the ranker's features or saved form change, so that an older cached ranker is relearned.
RANKER_FORMAT = 4
#: The rankers ``KITHKIN_RANKER`` names, each with its cache format (so one's cache is never read as another's).
RANKERS: dict[str, tuple[type[Ranker], int]] = {
    "logistic": (Ranker, RANKER_FORMAT),
    "ltr": (LtrRanker, -RANKER_FORMAT),
    "spectral": (SpectralRanker, 1000 + RANKER_FORMAT),  # 1000: NetMF; 900: clustering; 800: two models; 700: …
}
#: The ranker used unless ``KITHKIN_RANKER`` names another.
DEFAULT_RANKER = "spectral"
#: The learned ranker is reused until the network's ties or memberships have changed by this share: a logged
#: coffee or one new tie changes no lesson it learned, and relearning takes seconds (or minutes at 10^6).
MATERIAL_CHANGE = 0.05


def _ranker(
    store: Store, graph: Graph, edges: np.ndarray, members: int, learning: Progress | None = None,
    *, relearn: bool = False,
) -> Ranker:  # fmt: skip
    """The ranker learned from the store's ties (``edges``) and ``members`` memberships — kept beside the store
    (``<store>.ranker.npz``) and reused until the network has changed materially (:data:`MATERIAL_CHANGE`) or
    ``relearn`` is asked: learning takes seconds to minutes (153 s at 5·10^4 people with the low-rank structure,
    9 s at 10^5 and 18–20 s at 10^6 without it: bench/RESULTS.md), ranking one person a tenth of a second;
    ``learning(done, total)`` while it learns. Fewer than 500 ties: the fallback. The lists it ranks always come
    from the current network; only what it learned is reused."""
    if len(edges) < 500:
        return Ranker(None)
    # The others stay behind a flag: the spectral ranker did best on the replays and the evaluation (docs/ranker.md).
    kind, version = RANKERS.get(os.environ.get("KITHKIN_RANKER", ""), RANKERS[DEFAULT_RANKER])
    cache = caches.cache_path(store, ".ranker.npz")
    expected = caches.stamp(store, version, exact=False)
    saved = None if relearn else caches.read(cache, expected)
    if saved is not None and _close(saved, len(edges), members):
        return kind.from_arrays(saved)
    ranker = kind.learn(graph, edges, progress=learning)
    sizes = {"ties": np.array(len(edges)), "members": np.array(members)}
    caches.write(cache, lambda out: ranker.save(out, **expected, **sizes))
    return ranker


def _close(saved: dict[str, np.ndarray], ties: int, members: int) -> bool:
    """Whether the network the saved ranker learned from is, in size, the network now (within
    :data:`MATERIAL_CHANGE` of its ties and of its memberships)."""
    if "ties" not in saved or "members" not in saved:
        return False
    then_ties, then_members = int(saved["ties"]), int(saved["members"])
    return abs(ties - then_ties) <= MATERIAL_CHANGE * then_ties and abs(members - then_members) <= (
        MATERIAL_CHANGE * then_members
    )


def _ranked(
    engine: _Engine, people: list[int], limit: int, hidden: dict[int, set[int]], progress: Progress | None = None
) -> tuple[dict[int, list[int]], int]:
    """Each person's (dense index) top ``limit``, without the people they dismissed or blocked (person ids), and
    how many candidates of each kind the ranker ranked them among (so that their scores can be read back)."""
    extra = max((len(v) for v in hidden.values()), default=0)
    index = np.array(people, dtype=np.int64)
    top = engine.ranker.top(engine.graph, limit + extra, index, progress=progress)
    found = {}
    for person in people:
        gone = hidden.get(int(engine.snap.ids[person]), set())
        found[person] = [int(i) for i in top[person] if int(engine.snap.ids[i]) not in gone][:limit]
    return found, engine.ranker.pool(limit + extra)


def _explain(
    store: Store, engine: _Engine, person: Person, picked: list[int], today: dt.date | None, per_source: int
) -> list[Suggestion]:
    """Suggestions in words: the ranker's score (the one it ordered them by, among ``per_source`` candidates of
    each kind), mutual contacts and common ground of each pick."""
    people = store.get_people([int(engine.snap.ids[i]) for i in picked])
    grounds = compare_many(store, person, people, today=today)
    me = store.me()
    if me is not None and me.id != person.id:  # someone else's list, read by the user: "Both know you"
        grounds = [_you_as_you(g, me) for g in grounds]
    mine = engine.snap.index(person.id or 0)
    pairs = np.array([(mine, i) for i in picked], dtype=np.int64).reshape(-1, 2)
    scores = engine.ranker.score_pairs(engine.graph, pairs, per_source=per_source) if len(picked) else np.zeros(0)
    weights = engine.ranker.reasons(engine.graph, pairs)
    if weights is not None:
        grounds = [_weighed_first(g, w) for g, w in zip(grounds, weights, strict=True)]
    found = []
    for i, p, g, s in zip(picked, people, grounds, scores, strict=True):
        mutual = sum(1 for item in g.items if item.kind is None)
        via = None if mutual else _three_steps(engine.graph, mine, i)
        between = None
        if via is not None:
            first, second = store.get_people([int(engine.snap.ids[v]) for v in via])
            between = (first, second)
        found.append(Suggestion(p, float(s), mutual, g, between))
    return found


def _you_as_you(ground: CommonGround, me: Person) -> CommonGround:
    """The user among two other people's mutual contacts named "you" (:attr:`Suggestion.reasons` puts them first):
    a member's suggestion read by the organiser said "Both know Michael Brennan" of the organiser."""
    return replace(ground, items=tuple(
        replace(item, name="you", sentence="Both know you") if item.kind is None and item.contact_id == me.id
        else item for item in ground.items))  # fmt: skip


def _three_steps(graph: Graph, me: int, other: int) -> tuple[int, int] | None:
    """The two people (dense indices) between ``me`` and ``other`` on their best path of three ties, or None:
    the path u–a–b–v with the largest ``1/(d_a·d_b)`` (three-hop resource allocation's terms), so the middle
    people are the least spread thin. The ranker suggests people three steps away when two steps give too
    few; without this they had no reason shown at all."""
    adj = graph.adj
    mine = adj.indices[adj.indptr[me] : adj.indptr[me + 1]]
    theirs = adj.indices[adj.indptr[other] : adj.indptr[other + 1]]
    if not len(mine) or not len(theirs):
        return None
    between = sp.csr_array(adj[mine][:, theirs])  # a (my tie) × b (their tie): a–b tied
    a, b = between.nonzero()
    keep = (mine[a] != other) & (theirs[b] != me)
    if not keep.any():
        return None
    a, b = mine[a[keep]], theirs[b[keep]]
    best = int(np.lexsort((b, a, graph.degree[a] * graph.degree[b]))[0])
    return int(a[best]), int(b[best])


#: The kind of reason (:data:`kithkin.network.reasons.REASONS`) each kind of group is.
_REASON = {GroupKind.SCHOOL: "school", GroupKind.EMPLOYER: "employer", GroupKind.PLACE: "place"}


def _weighed_first(ground: CommonGround, weights: dict[str, float]) -> CommonGround:
    """Common ground with the items of the kind that weighed most in the learned ranker's score first (a
    mutual contact for the network's scores; a school, employer or place for their own; any group for what
    any shared group says), the order within a kind kept. The default ranker's model reads no school, employer or
    place of its own, only how rare the shared groups are: there it decides whether mutual contacts or shared
    groups come first."""

    def weight(item: Shared) -> float:
        if item.kind is None:
            return weights["mutual"]
        own = _REASON.get(item.kind)  # an event or community has no reason of its own: "shared" once, not twice
        return weights["shared"] + (weights[own] if own is not None else 0.0)

    return replace(ground, items=tuple(sorted(ground.items, key=lambda item: -weight(item))))


def suggest(
    store: Store, ref: str = "me", *, limit: int = 10, today: dt.date | None = None,
    learning: Progress | None = None, relearn: bool = False,
) -> list[Suggestion]:  # fmt: skip
    """People to meet: ranked by the network engine (ties and shared rare groups), with reasons in words;
    never someone already tied, nor anyone ``ref`` dismissed or blocked. ``learning(done, total)`` while
    the ranker learns (once the network has changed materially, or when ``relearn`` is asked)."""
    person = resolve_person(store, ref)
    if person.id is None:
        raise NoMe()
    engine = _engine(store, today, learning, relearn=relearn)
    ranked, per_source = _one_list(store, engine, person.id, max(limit, MOST_SUGGESTIONS))
    return _explain(store, engine, person, [i for _, _, i in ranked[:limit]], today, per_source)


#: How far down the ranking suggestions can be paged: past it, the reasons have run thin.
MOST_SUGGESTIONS = 200


@dataclass(frozen=True)
class SuggestionsPage:
    """One page of suggestions, best first, and the cursor of the next page (None on the last)."""

    suggestions: tuple[Suggestion, ...]
    next_cursor: str | None
    #: Whether the person's list weighs the friends they share by how close the person is to them: the ranker
    #: reads tie strengths, and some of the person's ties have one (stated closeness, contact).
    closeness_counts: bool = False


def suggest_page(
    store: Store, ref: str = "me", *, cursor: str | None = None, limit: int = 10, today: dt.date | None = None
) -> SuggestionsPage:
    """:func:`suggest`, one page at a time (score down, then id up; at most :data:`MOST_SUGGESTIONS` in all):
    ``cursor`` is the ``next_cursor`` of the page before. Only the page shown is put in words."""
    check_limit(limit, 50, "suggestions")
    after = read_cursor(cursor, (float, int)) if cursor else None
    person = resolve_person(store, ref)
    if person.id is None:
        raise NoMe()
    engine = _engine(store, today)
    mine = engine.snap.index(person.id)
    ranked, per_source = _one_list(store, engine, person.id, MOST_SUGGESTIONS)
    if after is not None:
        ranked = [row for row in ranked if (-row[0], row[1]) > (-float(after[0]), int(after[1]))]
    shown, next_cursor = cut(ranked[: limit + 1], limit, lambda row: (row[0], row[1]))
    shown_people = [i for _, _, i in shown]
    ranker = engine.ranker
    close = isinstance(ranker, SpectralRanker) and ranker.strengths and bool(engine.graph.known_share[mine] > 0)
    return SuggestionsPage(tuple(_explain(store, engine, person, shown_people, today, per_source)), next_cursor, close)


def _one_list(store: Store, engine: _Engine, person_id: int, most: int) -> tuple[list[tuple[float, int, int]], int]:
    """One person's list as (score, person id, dense index), score down then id up, from the candidates a list of
    ``most`` is ranked among — the same for `kithkin suggest` and the web page, whose lists differed (a top 10
    was ranked among 60 candidates of each kind, the page's 200 among all of them, and the scores read back
    differed with them) — and how many candidates of each kind that was."""
    mine = engine.snap.index(person_id)
    found, per_source = _ranked(engine, [mine], most, {person_id: set(store.dismissals(person_id))})
    picked = found[mine]
    pairs = np.array([(mine, i) for i in picked], dtype=np.int64).reshape(-1, 2)
    scores = engine.ranker.score_pairs(engine.graph, pairs, per_source=per_source) if picked else np.zeros(0)
    ranked = sorted(((float(s), int(engine.snap.ids[i]), i) for s, i in zip(scores, picked, strict=True)),
                    key=lambda row: (-row[0], row[1]))  # fmt: skip
    return ranked, per_source


def suggest_community(
    store: Store,
    name: str,
    *,
    limit: int = 5,
    today: dt.date | None = None,
    progress: Progress | None = None,
    learning: Progress | None = None,
    relearn: bool = False,
) -> list[tuple[Person, list[Suggestion]]]:
    """Suggestions for every member of a community (by name), from one ranker over the snapshot, each
    member's dismissals and blocks honoured; ``progress(done, total)`` as members are ranked."""
    group = find_group(store, name, "community")
    members = store.members(group.id or 0)
    if not members:
        raise InputError(f"{group.name} has no members")
    engine = _engine(store, today, learning, relearn=relearn)
    index = sorted(engine.snap.index(m) for m in members)
    hidden = store.dismissals_of([int(engine.snap.ids[i]) for i in index])
    ranked, per_source = _ranked(engine, index, limit, hidden, progress)
    people = store.get_people([int(engine.snap.ids[i]) for i in index])
    return [(p, _explain(store, engine, p, ranked[i], today, per_source)) for p, i in zip(people, index, strict=True)]


def dismiss(store: Store, ref: str, other_ref: str, *, blocked: bool = False) -> Person:
    """``ref`` no longer wants ``other_ref`` suggested — "not interested", or ``blocked``: "never suggest";
    either keeps them out of suggestions until undone. Returns the person dismissed."""
    person, other = resolve_person(store, ref), resolve_person(store, other_ref)
    if person.id == other.id:
        raise InputError("that is the same person")
    store.set_dismissal(person.id or 0, other.id or 0, blocked=blocked)
    return other


def undo_dismissal(store: Store, ref: str, other_ref: str) -> Person:
    """Suggest ``other_ref`` to ``ref`` again."""
    person, other = resolve_person(store, ref), resolve_person(store, other_ref)
    if not store.clear_dismissal(person.id or 0, other.id or 0):
        raise InputError(f"{other.name} was not dismissed or blocked")
    return other
