"""Who should meet whom: pair features on sparse row blocks, and kithkin's learned ranker.

The heuristics themselves (common neighbours, Jaccard, Adamic-Adar, resource
allocation, preferential attachment) live in :mod:`kithkin.network.heuristics`.
kithkin's ranker adds what the pair shares — attributes weighted by rarity, as
in common ground — paths of length three, and embedded resource allocation
(common neighbours weighted by how embedded one's own tie to them is:
:func:`kithkin.network.pairs.embedded_weights`), and learns how to combine
everything from the network's own ties.

How it learns, using only the ties it is given (never an evaluation's hidden ones):

1. *Examples.* Hide a tenth of the given ties, three times over (different
   tenths); each time, build every sampled person's candidates from the rest and
   label a candidate positive when the tie to it was hidden.
2. *Model.* Logistic regression over each candidate's features as ranks among
   the same person's candidates (ranks do not drift between the graph the model
   learns on, with a tenth missing, and the one it ranks on) plus degrees.
3. *Blend, chosen on held-out examples.* The model is fitted on the first
   rounds and every blend in :data:`BLENDS` — the model's rank fused with one
   score's rank, ``score = (rank_model · rank_heuristic^w)^(-1/(1+w))``; with
   ``w`` infinite, that score alone with the model ordering its equal values;
   or the model alone — is scored on the last round's hidden ties by Hits@10,
   @20, @50 and MRR, beside the heuristics themselves on the same candidates.
   The blend with the largest worst-case margin over the best heuristic wins
   (the model alone on ties). The model is then refitted on every round.
4. *Across people.* Ranks within a person's list do not compare between people,
   so a second logistic regression (:attr:`Ranker.overall`), on the raw scores
   of each round's hidden ties against as many random untied pairs, says how
   likely any pair is to be tied (what AUC measures).

Candidates for a person are the ``per_source`` best two hops away (Adamic-Adar)
plus the ``per_source`` best matches on rare attributes
(:data:`~kithkin.network.heuristics.RARE_GROUP`); attributes held by more than
:data:`~kithkin.network.heuristics.COMMON_SHARE` of everyone are dropped. A ranker
may also give people with fewer than ``per_source`` people two hops away the best
three hops away (:func:`candidate_pairs`; the spectral ranker does).
Everything runs in row blocks (:func:`~kithkin.network.parallel.run_blocks`),
so memory does not grow with the square of the network.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import scipy.sparse as sp

from kithkin.network.heuristics import (
    BLOCK,
    HEURISTICS,
    Graph,
    adjacency,
    blocks,
    distinct,
    entry_rows,
    heuristic_top,
    member,
    product,
    top_entries,
    two_hop,
)
from kithkin.network.pairs import lookup, shared
from kithkin.network.parallel import PARALLEL_BLOCKS, Progress, run_blocks
from kithkin.network.reasons import reason_weights, within_sources

__all__ = ["BLENDS", "HEURISTICS", "Graph", "Ranker", "adjacency", "heuristic_pair_scores", "heuristic_top",
           "pair_features", "two_hop"]  # fmt: skip

#: Columns of :func:`pair_features`.
FEATURES = ("common-neighbours", "adamic-adar", "resource-allocation", "jaccard", "preferential-attachment",
            "lower-degree", "higher-degree", "rarity", "shared", "three-hop", "embedded")  # fmt: skip
#: Where each heuristic's score sits among :func:`pair_features` columns.
HEURISTIC_COLUMN = {name: FEATURES.index(name) for name in HEURISTICS}
#: Blends the ranker chooses from: (heuristic fused with the model's rank, its weight); ``None`` = the model alone.
BLENDS: tuple[tuple[str, float] | None, ...] = (
    None,
    *(
        (h, w)
        for h in ("common-neighbours", "adamic-adar", "resource-allocation", "embedded")
        for w in (0.25, 0.5, 1.0, 2.0, math.inf)
    ),
)
KS = (10, 20, 50)
#: Learning rounds, each hiding a tenth of the ties (more did not help the logistic model: bench/RESULTS.md).
ROUNDS = 3
#: Hidden ties per learning round for :attr:`Ranker.overall` (each with one random untied pair).
ANYWHERE = 2000
#: Per-feature scale before the log in :func:`_absolute`, so that typical values span a few units.
ABSOLUTE_SCALE = np.array([1.0, 1.0, 10.0, 10.0, 1.0, 1.0, 1.0, 1.0, 1.0, 100.0, 10.0])


def _products(graph: Graph, rows: np.ndarray) -> dict[str, sp.csr_array]:
    """``A[rows] @ diag(w) @ A`` for each neighbourhood weighting: one sparse product each, shared by the
    candidates and the features of a block."""
    near = sp.csr_array(graph.adj[rows])
    return {m: sp.csr_array(near @ graph.spread[m]) for m in ("common-neighbours", "adamic-adar",
            "resource-allocation")}  # fmt: skip


def _block_features(
    graph: Graph, rows: np.ndarray, local: np.ndarray, cols: np.ndarray, products: dict[str, sp.csr_array] | None = None
) -> np.ndarray:
    """Features of pairs (``rows[local]``, ``cols``) of one block of rows: two-hop scores read from the block's
    products, the rest per pair (:func:`kithkin.network.pairs.shared`)."""
    products = _products(graph, rows) if products is None else products
    cn, aa, ra = lookup(list(products.values()), local, cols)
    order = np.lexsort((cols, local)) if np.any(local[1:] < local[:-1]) else None
    sorted_local, sorted_cols = (local, cols) if order is None else (local[order], cols[order])
    found = shared(graph, rows, sorted_local, sorted_cols, products["resource-allocation"],
                   products["common-neighbours"])  # fmt: skip
    three, rarity, count, embedded = found.three_hop, found.rarity, found.count, found.embedded
    if order is not None:
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        three, rarity, count, embedded = three[back], rarity[back], count[back], embedded[back]
    du, dv = graph.degree[rows[local]], graph.degree[cols]
    return np.column_stack(
        [cn, aa, ra, cn / np.maximum(du + dv - cn, 1), np.log1p(du * dv), np.log1p(np.minimum(du, dv)),
         np.log1p(np.maximum(du, dv)), rarity, count, three, embedded]
    )  # fmt: skip


def pair_features(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """Features of arbitrary pairs (columns :data:`FEATURES`): the heuristics, degrees, rarity-weighted shared
    attributes and three-hop resource allocation (Lü, Jin & Zhou 2009: ties two steps further out still count).

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> pair_features(g, np.array([[0, 2], [0, 3]]))[:, [0, 9]].tolist()
    [[1.0, 0.0], [0.0, 0.25]]
    """
    out = np.zeros((len(pairs), len(FEATURES)))
    for rows in blocks(graph.size, pairs[:, 0]) if len(pairs) else []:
        mine = np.flatnonzero(member(pairs[:, 0], rows))
        out[mine] = _block_features(graph, rows, np.searchsorted(rows, pairs[mine, 0]), pairs[mine, 1])
    return out


def heuristic_pair_scores(
    graph: Graph, method: str, pairs: np.ndarray, features: np.ndarray | None = None
) -> np.ndarray:
    """One heuristic's scores for arbitrary pairs (for AUC); pass ``features`` already computed for
    ``pairs`` to score several heuristics from one computation."""
    table = pair_features(graph, pairs) if features is None else features
    return np.asarray(table[:, HEURISTIC_COLUMN[method]])


def candidate_pairs(
    graph: Graph, rows: np.ndarray, per_source: int, near: sp.csr_array | None = None, *, three_hop: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of a block of people as (local row, column), sorted: the best two-hop people by Adamic-Adar
    (``near``, if already computed) and the best matches on rare attributes, ``per_source`` of each; with
    ``three_hop``, people with fewer than ``per_source`` two hops away also get the ``per_source`` best three
    hops away (:func:`three_hop_candidates`)."""
    near = two_hop(graph, rows, "adamic-adar") if near is None else near
    row, col = top_entries(near, rows, graph, per_source)
    if three_hop:
        short = np.flatnonzero(np.bincount(row, minlength=len(rows)) < per_source)
        further = three_hop_candidates(graph, rows[short], per_source)
        row, col = np.r_[row, short[further[0]]], np.r_[col, further[1]]
    if graph.rare.shape[1]:
        alike = sp.csr_array(graph.rare[rows] @ graph.rare_holders)
        more = top_entries(alike, rows, graph, per_source)
        row, col = np.r_[row, more[0]], np.r_[col, more[1]]
    keys = distinct(row * graph.size + col)
    return keys // graph.size, keys % graph.size


def three_hop_candidates(graph: Graph, rows: np.ndarray, per_source: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``per_source`` people best reached from each of ``rows`` by paths of three steps, as (local row,
    column): three-hop resource allocation, each path u–a–b–v weighing ``1/(d_a·d_b)`` (Lü, Jin & Zhou 2009).

    A tie that no friend of either shares is out of reach of two-hop candidates, whatever the ranker: of the
    ties hidden in the replays inside the training ties (five splits each), 28–30 % on LastFM Asia, 10–13 % on
    ca-GrQc, 1.5–2.5 % on email-Eu-core, 0.5–0.8 % on ego-Facebook. The rows asked for are the people with
    few two hops away, so their three-hop products stay small.

    >>> g = Graph.build(5, np.array([[0, 1], [1, 2], [2, 3], [3, 4]]))  # a line: 0 reaches 3 in three steps
    >>> three_hop_candidates(g, np.array([0]), 10)[1].tolist()  # (and 1, a friend already)
    [3]
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    spread = graph.spread["resource-allocation"]
    reach = product(sp.csr_array(product(sp.csr_array(graph.adj[rows]), spread)), spread)
    return top_entries(reach, rows, graph, per_source)


def share_of_best(values: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each value over the largest of its source's values (0 when that is 0).

    >>> share_of_best(np.array([1.0, 4.0, 0.0, 0.0]), np.array([0, 0, 1, 1])).tolist()
    [0.25, 1.0, 0.0, 0.0]
    """
    _, group = np.unique(sources, return_inverse=True)
    best = np.zeros(int(group.max(initial=-1)) + 1)
    np.maximum.at(best, group, values)
    top = best[group]
    return np.asarray(np.where(top > 0, values / np.where(top > 0, top, 1.0), 0.0))


def _ranks_within(values: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each value's rank (1 = highest) among the values of the same source; equal values by position.

    Pairs usually come grouped by source: then one float sort of ``group + ½(1 − value/max)`` (each group's
    values inside its own unit interval, best first, scaled by the group's own largest value) does what a
    two-key lexicographic sort does, 3× faster; values closer than ~1e-10 of their group's largest may tie.

    >>> _ranks_within(np.array([1e9, 1.0, 1.0000001]), np.array([0, 1, 1])).tolist()
    [1.0, 2.0, 1.0]
    """
    if len(values) and np.all(sources[1:] >= sources[:-1]):
        begins = np.r_[True, sources[1:] != sources[:-1]]
        starts, group = np.flatnonzero(begins), np.cumsum(begins) - 1
        largest = np.maximum.reduceat(np.abs(values), starts) * (1 + 1e-9)
        scale = np.where(largest > 0, largest, 1.0)[group]
        order = np.argsort(group + 0.5 * (1 - values / scale), kind="stable")
        grouped = group[order]
    else:
        order = np.lexsort((-values, sources))
        grouped = sources[order]
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values)) - np.searchsorted(grouped, grouped) + 1
    return ranks


def _with_context(features: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Features as the model sees them: each score's rank among the source's candidates (log), and the degrees."""
    ranked = [np.log(_ranks_within(features[:, column], sources)) for column in (0, 1, 2, 3, 7, 9, 10)]
    raw = np.log1p(features[:, [1, 2, 7, 10]] * [1.0, 10.0, 1.0, 10.0])
    return np.column_stack(
        [*ranked, raw, features[:, 5], features[:, 6], features[:, 8], np.log1p(features[:, 9] * 100)]
    )


#: What each column :func:`_with_context` gives the model is, as :func:`kithkin.network.reasons.reason_of` reads it.
COLUMNS = ("rank:common-neighbours", "rank:adamic-adar", "rank:resource-allocation", "rank:jaccard", "rank:rarity",
           "rank:three-hop", "rank:embedded", "adamic-adar", "resource-allocation", "rarity", "embedded",
           "lower-degree", "higher-degree", "shared", "three-hop")  # fmt: skip


def _absolute(features: np.ndarray) -> np.ndarray:
    """Features as :attr:`Ranker.overall` sees them: the raw scores on a log scale, no ranks."""
    return np.asarray(np.log1p(features * ABSOLUTE_SCALE))


def fuse(model_score: np.ndarray, raw: np.ndarray, sources: np.ndarray, blend: tuple[str, float] | None) -> np.ndarray:
    """The model's score fused with a heuristic's by rank within each source: ``(r_m · r_h^w)^(-1/(1+w))``."""
    if blend is None:
        return model_score
    name, weight = blend
    value = raw[:, FEATURES.index(name)]
    if weight == math.inf:  # the heuristic alone, the model only ordering its equal scores: their joint order
        order = np.lexsort((model_score, value))
        fused = np.empty(len(value))
        fused[order] = np.arange(len(value), dtype=float)
        return fused
    mine = np.log(_ranks_within(model_score, sources))
    theirs = np.log(_ranks_within(value, sources))
    return np.asarray(np.exp(-(mine + weight * theirs) / (1 + weight)))


@dataclass(frozen=True)
class Examples:
    """One round of training examples: candidates of sampled people, labelled by whether their tie was hidden."""

    sources: np.ndarray
    targets: np.ndarray
    raw: np.ndarray
    labels: np.ndarray
    #: Hidden ties and as many random untied pairs, anyone with anyone (features, labels): for :attr:`Ranker.overall`.
    anywhere: tuple[np.ndarray, np.ndarray]

    @property
    def features(self) -> np.ndarray:
        return _with_context(self.raw, self.sources)


@dataclass(frozen=True)
class Choice:
    """How one blend did on the held-out round: Hits@10, @20, @50, MRR, and its margin over the best heuristic."""

    blend: tuple[str, float] | None
    hits: tuple[float, float, float]
    mrr: float
    margin: float


def list_metrics(score: np.ndarray, examples: Examples) -> tuple[tuple[float, float, float], float]:
    """Hits@K and MRR of the hidden ties, ranking each source's candidates by ``score``.

    As the evaluation counts them: a hidden tie is found at K when either end
    has the other in its top K; MRR averages each source's first hidden tie.
    """
    order = np.lexsort((-score, examples.sources))
    sources, targets, labels = examples.sources[order], examples.targets[order], examples.labels[order]
    rank = (np.arange(len(order)) - np.searchsorted(sources, sources) + 1).astype(float)
    size = int(max(sources.max(initial=0), targets.max(initial=0))) + 1
    lo, hi = np.minimum(sources, targets)[labels], np.maximum(sources, targets)[labels]
    ties, where = np.unique(lo * size + hi, return_inverse=True)
    best = np.full(len(ties), np.inf)
    np.minimum.at(best, where, rank[labels])
    hits = tuple(float(np.mean(best <= k)) if len(best) else 0.0 for k in KS)
    first = np.full(size, np.inf)
    np.minimum.at(first, sources[labels], rank[labels])
    have = np.isfinite(first)
    mrr = float(np.mean(np.where(first[have] <= KS[-1], 1 / first[have], 0.0))) if have.any() else 0.0
    return (hits[0], hits[1], hits[2]), mrr


@dataclass(frozen=True)
class Linear:
    """A fitted logistic regression over standardised features, kept as its numbers: it scores without
    scikit-learn (which takes ~1 s to import) and saves as plain arrays (:meth:`Ranker.save`)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(
        cls, features: np.ndarray, labels: np.ndarray, *, solver: str = "lbfgs", weights: np.ndarray | None = None,
        overwrite: bool = False,
    ) -> Linear:  # fmt: skip
        """Fit on standardised ``features`` (each row counting ``weights`` times, default once);
        ``solver="newton-cholesky"`` for many columns and many more rows (a few Newton steps, each one pass over
        the rows: lbfgs stopped short of the optimum there). ``overwrite``: standardise ``features`` in place (the
        same numbers, one copy of a large matrix fewer), for a caller that does not read them again."""
        # Imported here: scikit-learn takes ~1 s to import, and most commands never learn a model.
        from scipy.linalg import LinAlgWarning
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler(copy=not overwrite).fit(features)
        iterations = 3000 if solver == "lbfgs" else 100
        with warnings.catch_warnings():  # a near-singular Newton step: scikit-learn goes on with lbfgs, as it says
            warnings.simplefilter("ignore", LinAlgWarning)
            model = LogisticRegression(max_iter=iterations, solver=solver).fit(
                scaler.transform(features), labels, sample_weight=weights
            )
        return cls(scaler.mean_, scaler.scale_, model.coef_[0], float(model.intercept_[0]))

    @classmethod
    def averaged(cls, models: Sequence[Linear]) -> Linear:
        """One model whose logit is the mean of ``models``' logits, in the first one's standardisation: several
        fits bagged cost nothing more to score, and save as one model (:meth:`Ranker.save`).

        >>> a = Linear(np.zeros(1), np.ones(1), np.array([2.0]), 1.0)  # logit 2x + 1
        >>> b = Linear(np.ones(1), np.full(1, 2.0), np.array([4.0]), 0.0)  # logit 2(x - 1)
        >>> Linear.averaged([a, b]).logit(np.array([[3.0]])).round(12).tolist()  # (7 + 4) / 2
        [5.5]
        """
        first = models[0]
        raw = np.mean([m.coef / m.scale for m in models], axis=0)  # the weights on unstandardised features
        intercept = float(np.mean([m.intercept - (m.mean / m.scale) @ m.coef for m in models]) + first.mean @ raw)
        return cls(first.mean, first.scale, raw * first.scale, intercept)

    def logit(self, features: np.ndarray) -> np.ndarray:
        """The log-odds of a tie for each row of ``features``."""
        return np.asarray(((features - self.mean) / self.scale) @ self.coef + self.intercept)

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(tie) for each row of ``features``, as ``LogisticRegression.predict_proba`` gives it.

        >>> Linear(np.zeros(2), np.ones(2), np.array([1.0, -1.0]), 0.0).probability(np.array([[2.0, 2.0]])).tolist()
        [0.5]
        """
        return np.asarray(1 / (1 + np.exp(-np.clip(self.logit(features), -500, 500))))

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """Each column's term of the logit (which is their sum plus the intercept).

        >>> Linear(np.zeros(2), np.ones(2), np.array([1.0, -1.0]), 0.5).contributions(np.array([[2.0, 3.0]])).tolist()
        [[2.0, -3.0]]
        """
        return np.asarray((features - self.mean) / self.scale * self.coef)


def _saved_linear(arrays: dict[str, np.ndarray], name: str) -> Linear | None:
    if f"{name}_coef" not in arrays:
        return None
    return Linear(arrays[f"{name}_mean"], arrays[f"{name}_scale"], arrays[f"{name}_coef"],
                  float(arrays[f"{name}_intercept"]))  # fmt: skip


@dataclass
class Ranker:
    """Logistic regression over pair features, trained on the network's own ties, blended as validated."""

    model: Linear | None
    blend: tuple[str, float] | None = None
    per_source: int = 100
    choices: tuple[Choice, ...] = field(default=())
    #: How likely any pair is to be tied, comparable across people (for AUC, :meth:`score_pairs`): logistic
    #: regression on the raw features of hidden ties against random pairs, not ranks within a person's list.
    overall: Linear | None = None

    def three_hop(self) -> bool:
        """Whether people with fewer two hops away than the list holds are also ranked people three hops away
        (:func:`candidate_pairs`). Learning never uses them: the rounds' candidates are two-hop."""
        return False

    @classmethod
    def learn(
        cls, graph: Graph, edges: np.ndarray, *, seed: int = 7, sample: int = 3000, rounds: int = ROUNDS,
        progress: Progress | None = None,
    ) -> Ranker:  # fmt: skip
        """Learn from ``edges`` (the ties ``graph`` was built from) as the module docstring describes;
        ``progress(done, total)`` after each round and once fitted.

        With too few ties to learn from (under 50 found), returns a ranker
        that falls back to Adamic-Adar plus shared rare attributes.
        """
        found = cls._rounds(graph, edges, seed, sample, rounds, progress)
        made = cls._fitted(found)
        if progress is not None:
            progress(rounds + 1, rounds + 1)
        return made

    @classmethod
    def _rounds(
        cls, graph: Graph, edges: np.ndarray, seed: int, sample: int, rounds: int, progress: Progress | None
    ) -> list[Examples]:
        """The learning rounds (step 1 of the module docstring); ``progress`` after each."""
        rng, spare = np.random.default_rng(seed), np.random.default_rng([seed, 1])  # spare: for `overall` alone
        found = []
        if progress is not None:
            progress(0, rounds + 1)
        for done in range(rounds):
            made = cls._examples(graph, edges, rng, sample, spare)
            if made is not None:
                found.append(made)
            if progress is not None:
                progress(done + 1, rounds + 1)
        return found

    @classmethod
    def _fitted(cls, found: list[Examples]) -> Ranker:
        """The model and its blend from the rounds (steps 2–4); too few ties found (under 50): no model."""
        labels = np.concatenate([ex.labels for ex in found]) if found else np.zeros(0, dtype=bool)
        if labels.sum() < 50 or labels.all():
            return cls(None)
        fitted = np.concatenate([ex.labels for ex in found[:-1]]) if len(found) > 1 else labels
        both = bool(fitted.any() and not fitted.all())  # the rounds the blend is chosen on hold both kinds
        blend, choices = cls._blend(found) if len(found) > 1 and both else (None, ())
        model = cls._model(found)
        anywhere = np.concatenate([ex.anywhere[1] for ex in found])
        overall = None
        if anywhere.any() and not anywhere.all():
            overall = Linear.fit(_absolute(np.vstack([ex.anywhere[0] for ex in found])), anywhere)
        return cls(model, blend, choices=choices, overall=overall)

    def save(self, out: BinaryIO, **extra: np.ndarray) -> None:
        """Write the ranker (and ``extra`` arrays, e.g. the store revision it was learned at) as an ``.npz``:
        numbers only, no pickle, so loading it runs no code."""
        arrays: dict[str, np.ndarray] = {"per_source": np.array(self.per_source), **extra}
        if self.blend is not None:
            arrays["blend_name"], arrays["blend_weight"] = np.array(self.blend[0]), np.array(self.blend[1])
        for name, linear in (("model", self.model), ("overall", self.overall)):
            if linear is not None:
                arrays.update({f"{name}_{k}": np.asarray(getattr(linear, k)) for k in ("mean", "scale", "coef",
                               "intercept")})  # fmt: skip
        np.savez(out, **arrays)  # type: ignore[arg-type]

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Ranker:
        """A ranker from the arrays :meth:`save` wrote."""
        linear = {name: _saved_linear(arrays, name) for name in ("model", "overall")}
        blend = (str(arrays["blend_name"]), float(arrays["blend_weight"])) if "blend_name" in arrays else None
        return cls(linear["model"], blend, int(arrays["per_source"]), overall=linear["overall"])

    @classmethod
    def _examples(
        cls, graph: Graph, edges: np.ndarray, rng: np.random.Generator, sample: int, spare: np.random.Generator
    ) -> Examples | None:
        """One round: hide a tenth of the ties; candidates of people who lost one, labelled by whether hidden."""
        hidden = rng.random(len(edges)) < 0.1
        inner = graph.with_adjacency(adjacency(graph.size, edges[~hidden]))
        gone = edges[hidden]
        held = distinct(np.r_[gone[:, 0] * graph.size + gone[:, 1], gone[:, 1] * graph.size + gone[:, 0]])
        sources = np.sort(rng.permutation(distinct(gone))[:sample])
        parts = [cls._candidates(inner, rows, cls.per_source) for rows in blocks(graph.size, sources)]
        if not parts or not sum(len(p) for p in parts):
            return None
        pairs = np.vstack(parts)
        labels = member(pairs[:, 0] * graph.size + pairs[:, 1], held)
        tied = gone[spare.permutation(len(gone))[:ANYWHERE]]
        known = distinct(np.r_[held, entry_rows(inner.adj) * graph.size + inner.adj.indices])
        drawn = spare.integers(0, graph.size, size=(4 * len(tied), 2))
        drawn = drawn[(drawn[:, 0] != drawn[:, 1]) & ~member(drawn[:, 0] * graph.size + drawn[:, 1], known)]
        anywhere = np.vstack([tied, drawn[: len(tied)]])
        found = np.r_[np.ones(len(tied), dtype=bool), np.zeros(len(anywhere) - len(tied), dtype=bool)]
        return cls._made(inner, pairs, pair_features(inner, pairs), labels, (pair_features(inner, anywhere), found))

    @classmethod
    def _blend(cls, rounds: list[Examples]) -> tuple[tuple[str, float] | None, tuple[Choice, ...]]:
        """The blend (step 3 of the module docstring): chosen on the last round, by a model fitted on the others."""
        return _choose(rounds, cls._model)

    @classmethod
    def _model(cls, rounds: list[Examples]) -> Linear:
        """The model fitted on ``rounds``' examples: a subclass may fit it otherwise."""
        return Linear.fit(np.vstack([ex.features for ex in rounds]), np.concatenate([ex.labels for ex in rounds]))

    @classmethod
    def _made(
        cls, inner: Graph, pairs: np.ndarray, raw: np.ndarray, labels: np.ndarray,
        anywhere: tuple[np.ndarray, np.ndarray],
    ) -> Examples:  # fmt: skip
        """One round's examples from its graph ``inner``: a subclass may add what it reads from that graph."""
        return Examples(pairs[:, 0], pairs[:, 1], raw, labels, anywhere)

    @staticmethod
    def _candidates(graph: Graph, rows: np.ndarray, per_source: int, three_hop: bool = False) -> np.ndarray:
        local, cols = candidate_pairs(graph, rows, per_source, three_hop=three_hop)
        return np.stack([rows[local], cols], axis=1)

    def score(
        self, graph: Graph, pairs: np.ndarray, raw: np.ndarray | None = None, *, fused: bool = True
    ) -> np.ndarray:
        """Scores of pairs that hold, for each source, its whole candidate list (ranks are within a source);
        ``fused=False`` gives the model's probability alone."""
        raw = pair_features(graph, pairs) if raw is None else raw
        if self.model is None:
            return np.asarray(raw[:, 1] + 0.5 * raw[:, 7])
        model_score = self.model.probability(_with_context(raw, pairs[:, 0]))
        return fuse(model_score, raw, pairs[:, 0], self.blend if fused else None)

    def reasons(self, graph: Graph, pairs: np.ndarray) -> list[dict[str, float]] | None:
        """What weighed most in each pair's score by the model, each judged among its source's candidates as
        :meth:`top` judges (:mod:`kithkin.network.reasons`); ``None`` without a model."""
        model = self.model
        if model is None or not len(pairs):
            return None
        names: tuple[str, ...] = ()

        def weighed(every: np.ndarray) -> np.ndarray:
            nonlocal names
            names, contributions = self._contributions(graph, every, model)
            return within_sources(contributions, every[:, 0])

        return reason_weights(self.among_candidates(graph, pairs, self.per_source, weighed), names)

    def _contributions(self, graph: Graph, pairs: np.ndarray, model: Linear) -> tuple[tuple[str, ...], np.ndarray]:
        """Each column's share of the model's logit for each pair (whole candidate lists), and the columns' names."""
        return COLUMNS, model.contributions(_with_context(pair_features(graph, pairs), pairs[:, 0]))

    def score_pairs(
        self, graph: Graph, pairs: np.ndarray, *, fused: bool = True, per_source: int | None = None
    ) -> np.ndarray:
        """Scores of arbitrary pairs, each judged among its source's own candidates (``per_source`` of each kind,
        default all the ranker's), as :meth:`top` judges: with ``per_source=ranker.pool(k)``, the very scores by
        which :meth:`top` ordered a top ``k``; ``fused=False``: how likely each pair is to be tied, comparable
        across people (:attr:`overall`)."""
        if not fused and self.overall is not None:
            return self.overall.probability(_absolute(pair_features(graph, pairs)))
        return self.among_candidates(graph, pairs, per_source or self.per_source,
                                     lambda every: self.score(graph, every, fused=fused))  # fmt: skip

    def among_candidates(
        self, graph: Graph, pairs: np.ndarray, per_source: int, compute: Callable[[np.ndarray], np.ndarray]
    ) -> np.ndarray:
        """``compute``'s rows for ``pairs``, in their order, each computed among its source's whole candidate list
        (``per_source`` of each kind, and the pair itself): what ranks within a list needs, a block of sources
        at a time."""
        parts = []
        for rows in blocks(graph.size, pairs[:, 0]):
            asked = np.flatnonzero(member(pairs[:, 0], rows))
            pool = self._candidates(graph, rows, per_source, self.three_hop())
            every, inverse = np.unique(np.vstack([pool, pairs[asked]]), axis=0, return_inverse=True)
            parts.append((asked, compute(every)[inverse.ravel()[len(pool) :]]))
        result = np.zeros((len(pairs), *parts[0][1].shape[1:])) if parts else np.zeros(0)
        for asked, computed in parts:
            result[asked] = computed
        return result

    def pool(self, k: int) -> int:
        """Candidates of each kind to rank for a top ``k``: ``per_source`` for long lists (the evaluation's
        top 50), 3k but at least 60 for short ones — measured on both evaluation data sets (top 20 from 60
        vs 100: Hits@10/20 and MRR within ±0.002) and 25 % less work per block at 10^6 people."""
        return min(self.per_source, max(3 * k, 60))

    def top_block(self, graph: Graph, rows: np.ndarray, k: int, per_source: int | None = None) -> list[np.ndarray]:
        """The top ``k`` of each person in one block of rows, from ``per_source`` candidates of each kind."""
        products = _products(graph, rows)
        local, cols = candidate_pairs(
            graph, rows, per_source or self.per_source, products["adamic-adar"], three_hop=self.three_hop()
        )
        pairs = np.stack([rows[local], cols], axis=1)
        raw = _block_features(graph, rows, local, cols, products)
        scores = self.score(graph, pairs, raw) if len(pairs) else np.zeros(0)
        # candidates come sorted by (row, column), so ranking within rows breaks equal scores by column
        best = _ranks_within(scores, local) <= k
        local, cols, scores = local[best], cols[best], scores[best]
        order = np.lexsort((cols, -scores, local))
        local, cols = local[order], cols[order]
        return np.split(cols, np.searchsorted(local, np.arange(1, len(rows))))

    def top(
        self, graph: Graph, k: int, people: np.ndarray | None = None, *, workers: int | None = None,
        progress: Progress | None = None,
    ) -> dict[int, np.ndarray]:  # fmt: skip
        """Each person's top ``k`` suggestions, block by block on every core; ``progress(done, total)``."""
        found: dict[int, np.ndarray] = {}
        parts = blocks(graph.size, people, BLOCK)
        if len(parts) >= PARALLEL_BLOCKS:
            graph.warm()  # shared by the forked workers, not computed by each
        pool = self.pool(k)
        results = run_blocks(
            lambda rows: self.top_block(graph, rows, k, pool), parts, workers=workers, progress=progress
        )
        with contextlib.closing(results):  # a failure here stops the workers at once
            for rows, best in zip(parts, results, strict=True):
                found.update(zip(rows.tolist(), best, strict=True))
        return found


def _choose(
    rounds: list[Examples], fit: Callable[[list[Examples]], Linear]
) -> tuple[tuple[str, float] | None, tuple[Choice, ...]]:
    """Fit (by ``fit``) on all rounds but the last; pick the blend that beats the best heuristic by the most on
    the last."""
    held = rounds[-1]
    model = fit(rounds[:-1])
    model_score = model.probability(held.features)
    heuristics = [list_metrics(held.raw[:, HEURISTIC_COLUMN[h]], held) for h in HEURISTICS[:4]]
    best = np.max([[*h, m] for h, m in heuristics], axis=0)
    choices = []
    for blend in BLENDS:
        hits, mrr = list_metrics(fuse(model_score, held.raw, held.sources, blend), held)
        choices.append(Choice(blend, hits, mrr, float(np.min(np.array([*hits, mrr]) - best))))
    winner = max(choices, key=lambda c: c.margin)  # first (the model alone) on ties
    return winner.blend, tuple(choices)
