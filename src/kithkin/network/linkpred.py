"""Who should meet whom: link-prediction scores on sparse arrays, and kithkin's learned ranker.

Heuristics (Liben-Nowell & Kleinberg 2007; Zhou, Lü & Zhang 2009 for resource
allocation) score a pair from the network alone: common neighbours, Jaccard,
Adamic-Adar (each common neighbour weighs 1/log degree), resource allocation
(1/degree) and preferential attachment (degree product). kithkin's ranker adds
what the pair shares — attributes weighted by rarity, as in common ground — and
learns how to combine everything from the network's own ties: it hides a
tenth of the known ties, learns (logistic regression) to find them among
each person's candidates, then ranks with everything known.

Candidates for a person are the people two hops away plus the people who share
the rarest attributes with them; attributes held by more than
``COMMON_SHARE`` of everyone are pruned there (they say nothing and would make
the candidate sets quadratic).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

HEURISTICS = ("common-neighbours", "jaccard", "adamic-adar", "resource-allocation", "preferential-attachment")
COMMON_SHARE = 0.15
BLOCK = 512


def adjacency(size: int, edges: np.ndarray) -> sp.csr_array:
    """Symmetric 0/1 adjacency from undirected pairs.

    >>> adjacency(3, np.array([[0, 1], [1, 2]])).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    u, v = edges[:, 0], edges[:, 1]
    a = sp.csr_array((np.ones(2 * len(u)), (np.r_[u, v], np.r_[v, u])), shape=(size, size))
    a.sum_duplicates()
    a.data[:] = 1.0
    return a


@dataclass(frozen=True)
class Graph:
    """The arrays every score reads: adjacency, degrees, and rarity-weighted attributes."""

    adj: sp.csr_array
    degree: np.ndarray
    attributes: sp.csr_array  # rare attributes only, each column scaled by sqrt(idf)

    @classmethod
    def build(cls, size: int, edges: np.ndarray, attributes: sp.csr_array | None = None) -> Graph:
        adj = adjacency(size, edges)
        degree = np.asarray(adj.sum(axis=1)).ravel()
        if attributes is None or attributes.shape[1] == 0:
            weighted = sp.csr_array((size, 0))
        else:
            holders = np.asarray((attributes > 0).sum(axis=0)).ravel()
            keep = (holders >= 2) & (holders <= max(2, COMMON_SHARE * size))
            idf = np.log(size / np.maximum(holders[keep], 1))
            weighted = sp.csr_array(attributes[:, np.flatnonzero(keep)] @ sp.diags_array(np.sqrt(idf)))
        return cls(adj, degree, weighted)

    @property
    def size(self) -> int:
        return int(self.adj.shape[0])


def _neighbour_weights(graph: Graph, method: str) -> np.ndarray:
    deg = graph.degree
    if method == "adamic-adar":
        return np.where(deg > 1, 1 / np.log(np.maximum(deg, 2)), 0.0)
    if method == "resource-allocation":
        return np.where(deg > 0, 1 / np.maximum(deg, 1), 0.0)
    return np.ones_like(deg)


def two_hop(graph: Graph, rows: np.ndarray, method: str) -> sp.csr_array:
    """Scores of ``rows`` against everyone two hops away, by a neighbourhood heuristic.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [0, 3], [3, 2]]))
    >>> two_hop(g, np.array([0]), "common-neighbours").toarray().tolist()
    [[2.0, 0.0, 2.0, 0.0]]
    """
    weights = sp.diags_array(_neighbour_weights(graph, method))
    block = sp.csr_array(graph.adj[rows] @ weights @ graph.adj)
    if method == "jaccard":
        coo = block.tocoo()
        union = graph.degree[rows][coo.row] + graph.degree[coo.col] - coo.data
        block = sp.csr_array((coo.data / np.maximum(union, 1), (coo.row, coo.col)), shape=block.shape)
    return block


def _top(block: sp.csr_array, rows: np.ndarray, graph: Graph, k: int) -> list[np.ndarray]:
    """Each row's ``k`` best columns, skipping the person and people already tied to them."""
    block = sp.csr_array(block)
    best = []
    for i, person in enumerate(rows.tolist()):
        start, end = block.indptr[i], block.indptr[i + 1]
        cols, vals = block.indices[start:end], block.data[start:end]
        known = graph.adj.indices[graph.adj.indptr[person] : graph.adj.indptr[person + 1]]
        keep = (cols != person) & ~np.isin(cols, known) & (vals > 0)
        cols, vals = cols[keep], vals[keep]
        order = np.lexsort((cols, -vals))[:k]
        best.append(cols[order])
    return best


def _blocks(size: int, people: np.ndarray | None) -> Iterator[np.ndarray]:
    everyone = np.arange(size) if people is None else people
    for start in range(0, len(everyone), BLOCK):
        yield everyone[start : start + BLOCK]


def heuristic_top(graph: Graph, method: str, k: int, people: np.ndarray | None = None) -> dict[int, np.ndarray]:
    """Each person's top ``k`` suggestions by one heuristic."""
    found: dict[int, np.ndarray] = {}
    if method == "preferential-attachment":
        by_degree = np.lexsort((np.arange(graph.size), -graph.degree))
        for person in (np.arange(graph.size) if people is None else people).tolist():
            head = by_degree[: k + int(graph.degree[person]) + 1]
            known = graph.adj.indices[graph.adj.indptr[person] : graph.adj.indptr[person + 1]]
            found[person] = head[(head != person) & ~np.isin(head, known)][:k]
        return found
    for rows in _blocks(graph.size, people):
        for person, best in zip(rows.tolist(), _top(two_hop(graph, rows, method), rows, graph, k), strict=True):
            found[person] = best
    return found


def pair_features(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """Features of arbitrary pairs: the five heuristics, degrees, and rarity-weighted shared attributes."""
    u, v = pairs[:, 0], pairs[:, 1]
    au, av = graph.adj[u], graph.adj[v]
    both = sp.csr_array(au.multiply(av))
    cn = np.asarray(both.sum(axis=1)).ravel()
    aa = both @ _neighbour_weights(graph, "adamic-adar")
    ra = both @ _neighbour_weights(graph, "resource-allocation")
    du, dv = graph.degree[u], graph.degree[v]
    jaccard = cn / np.maximum(du + dv - cn, 1)
    if graph.attributes.shape[1]:
        shared = sp.csr_array(graph.attributes[u].multiply(graph.attributes[v]))
        rarity = np.asarray(shared.sum(axis=1)).ravel()
        count = np.diff(shared.indptr)
    else:
        rarity = count = np.zeros(len(u))
    return np.column_stack(
        [cn, aa, ra, jaccard, np.log1p(du * dv), np.log1p(np.minimum(du, dv)), np.log1p(np.maximum(du, dv)),
         rarity, count, _three_hop(graph, u, v)]
    )  # fmt: skip


def _three_hop(graph: Graph, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Resource allocation over paths of length three (each step divides by the degree passed through).

    The local-path idea of Lü, Jin & Zhou (2009): ties two steps further out still say something.
    """
    sources, where = np.unique(u, return_inverse=True)
    spread = sp.diags_array(_neighbour_weights(graph, "resource-allocation"))
    paths = np.zeros(len(u))
    for start in range(0, len(sources), BLOCK):
        block = sources[start : start + BLOCK]
        reach = sp.csr_array(graph.adj[block] @ spread @ graph.adj @ spread @ graph.adj)
        mine = np.flatnonzero((where >= start) & (where < start + len(block)))
        paths[mine] = np.asarray(reach[where[mine] - start, v[mine]]).ravel()
    return paths


def candidates(graph: Graph, rows: np.ndarray, per_source: int) -> list[np.ndarray]:
    """For each of ``rows``: the best two-hop people (Adamic-Adar) and the best attribute matches."""
    near = _top(two_hop(graph, rows, "adamic-adar"), rows, graph, per_source)
    if graph.attributes.shape[1] == 0:
        return near
    similar = sp.csr_array(graph.attributes[rows] @ graph.attributes.T)
    alike = _top(similar, rows, graph, per_source)
    return [np.unique(np.r_[a, b]) for a, b in zip(near, alike, strict=True)]


@dataclass
class Ranker:
    """Logistic regression over pair features, trained on the network's own ties."""

    model: Pipeline | None
    per_source: int = 100

    @classmethod
    def learn(cls, graph: Graph, edges: np.ndarray, *, seed: int = 7, sample: int = 3000, rounds: int = 3) -> Ranker:
        """Hide a tenth of ``edges`` (``rounds`` times, differently), learn to find them among candidates
        built from the rest.

        With too few ties to learn from (under 50 found), returns a ranker
        that falls back to Adamic-Adar plus shared rare attributes.
        """
        rng = np.random.default_rng(seed)
        features, labels = [], []
        for _ in range(rounds):
            found = cls._examples(graph, edges, rng, sample, cls.per_source)
            if found is not None:
                features.append(found[0])
                labels.append(found[1])
        y = np.concatenate(labels) if labels else np.zeros(0, dtype=bool)
        if y.sum() < 50 or y.all():
            return cls(None)
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))
        model.fit(np.vstack(features), y)
        return cls(model)

    @staticmethod
    def _examples(
        graph: Graph, edges: np.ndarray, rng: np.random.Generator, sample: int, per_source: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """One round: hide a tenth of the ties; candidates of people who lost one, labelled by whether hidden."""
        hidden = rng.random(len(edges)) < 0.1
        inner_adj = adjacency(graph.size, edges[~hidden])
        inner = Graph(inner_adj, np.asarray(inner_adj.sum(axis=1)).ravel(), graph.attributes)
        held = {(int(a), int(b)) for a, b in edges[hidden]} | {(int(b), int(a)) for a, b in edges[hidden]}
        sources = np.sort(rng.permutation(np.unique(edges[hidden].ravel()))[:sample])
        pairs: list[tuple[int, int]] = []
        for rows in _blocks(graph.size, sources):
            for person, cands in zip(rows.tolist(), candidates(inner, rows, per_source), strict=True):
                pairs += [(person, c) for c in cands.tolist()]
        if not pairs:
            return None
        array = np.array(pairs)
        labels = np.array([pair in held for pair in pairs])
        return _with_context(pair_features(inner, array), array[:, 0]), labels

    def score(self, graph: Graph, pairs: np.ndarray) -> np.ndarray:
        """Scores of pairs that hold, for each source, its whole candidate list (ranks are within a source)."""
        raw = pair_features(graph, pairs)
        if self.model is None:
            return np.asarray(raw[:, 1] + 0.5 * raw[:, 7])
        return np.asarray(self.model.predict_proba(_with_context(raw, pairs[:, 0]))[:, 1])

    def score_pairs(self, graph: Graph, pairs: np.ndarray) -> np.ndarray:
        """Scores of arbitrary pairs, each judged among its source's own candidates, as :meth:`top` judges."""
        result = np.zeros(len(pairs))
        for rows in _blocks(graph.size, np.unique(pairs[:, 0])):
            asked = np.flatnonzero(np.isin(pairs[:, 0], rows))
            lists = candidates(graph, rows, self.per_source)
            pool = [(p, c) for p, cands in zip(rows.tolist(), lists, strict=True) for c in cands.tolist()]
            every, inverse = np.unique(
                np.vstack([np.array(pool, dtype=np.int64).reshape(-1, 2), pairs[asked]]), axis=0, return_inverse=True
            )
            result[asked] = self.score(graph, every)[inverse.ravel()[len(pool) :]]
        return result

    def top(self, graph: Graph, k: int, people: np.ndarray | None = None) -> dict[int, np.ndarray]:
        """Each person's top ``k`` suggestions."""
        found: dict[int, np.ndarray] = {}
        for rows in _blocks(graph.size, people):
            lists = candidates(graph, rows, self.per_source)
            pairs = np.array([(p, c) for p, cands in zip(rows.tolist(), lists, strict=True) for c in cands.tolist()])
            scores = self.score(graph, pairs.reshape(-1, 2)) if len(pairs) else np.zeros(0)
            offset = 0
            for person, cands in zip(rows.tolist(), lists, strict=True):
                mine = scores[offset : offset + len(cands)]
                offset += len(cands)
                found[person] = cands[np.lexsort((cands, -mine))][:k]
        return found


def _ranks_within(values: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each value's rank (1 = highest) among the values of the same source."""
    order = np.lexsort((-values, sources))
    grouped = sources[order]
    starts = np.r_[0, np.flatnonzero(grouped[1:] != grouped[:-1]) + 1]
    position = np.arange(len(values)) - np.repeat(starts, np.diff(np.r_[starts, len(values)]))
    ranks = np.empty(len(values))
    ranks[order] = position + 1
    return ranks


def _with_context(features: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Features as the ranker sees them: each score's rank among the source's candidates (log), and the degrees.

    Ranks, unlike raw counts, do not drift between the graph the ranker learns
    on (a tenth of the ties hidden) and the graph it ranks on (all of them).
    """
    ranked = [np.log(_ranks_within(features[:, column], sources)) for column in (0, 1, 2, 3, 7, 9)]
    raw = np.log1p(features[:, [1, 2, 7]] * [1.0, 10.0, 1.0])
    return np.column_stack(
        [*ranked, raw, features[:, 5], features[:, 6], features[:, 8], np.log1p(features[:, 9] * 100)]
    )


#: Where each heuristic's score sits among :func:`pair_features` columns.
HEURISTIC_COLUMN = {
    "common-neighbours": 0,
    "adamic-adar": 1,
    "resource-allocation": 2,
    "jaccard": 3,
    "preferential-attachment": 4,
}


def heuristic_pair_scores(
    graph: Graph, method: str, pairs: np.ndarray, features: np.ndarray | None = None
) -> np.ndarray:
    """One heuristic's scores for arbitrary pairs (for AUC); pass ``features`` already computed for
    ``pairs`` to score several heuristics from one computation."""
    table = pair_features(graph, pairs) if features is None else features
    return np.asarray(table[:, HEURISTIC_COLUMN[method]])
