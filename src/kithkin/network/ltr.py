"""Learning to rank each person's candidates: LightGBM's LambdaRank, grouped by person, validated nested.

:class:`LtrRanker` ranks the same candidates as :class:`~kithkin.network.linkpred.Ranker`
(two-hop by Adamic-Adar ∪ rare shared attributes) with gradient-boosted trees
trained on LambdaRank's objective (Burges 2010), one query per person, over
the features of :data:`LTR_FEATURES`: the heuristics and each one's rank
among the person's candidates, Salton's cosine, truncated personalised
PageRank from the person (α = ½), three-hop paths, embedded resource
allocation, rarity-weighted shared attributes, degrees and local clustering.

How it learns, from the ties it is given only (never an evaluation's hidden ones):

1. *Nested validation.* A tenth of the given ties is put aside first and held
   out of *every* training round (not as a positive, not as a tie, not as a
   negative example); it is used only for choices — how many trees (early
   stopping on NDCG@20), and whether the model beats the best heuristic
   (Hits@10/20/50 and MRR per edge and per person, counted on both ends of
   sampled ties as the evaluation counts them). Validating on repeated splits
   of the same ties instead lets the model memorise pairs that were hidden in
   one round and positive in another, and overstates its gain; so does
   counting only one end of each tie (a per-person count, where the trees
   gain, reported as a per-edge one, where they do not).
2. *Training rounds.* From the other nine tenths, three times: hide a tenth,
   build the candidates of up to ``sample`` people who lost a tie, label the
   hidden ones. Each person is one query, weighted by how many ties they lost.
3. *Choice.* If the model is not above the best heuristic on every one of the
   eight validation figures, the ranker ranks by the heuristic with the best
   sum of them instead (:attr:`LtrRanker.fallback`): a model that is not better
   does not replace a plain count.
4. *Refit.* Otherwise the trees are grown again, as many as validated, on three
   rounds drawn from every given tie: the graph they rank on then has a tenth
   more ties than each round's, as the validation graph had.

Trees are grown deterministically (fixed seed, ``deterministic=True``, fixed
threads), so the same ties give the same lists. The model is saved as
LightGBM's own text (no pickle) beside the arrays :meth:`Ranker.save` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import numpy as np

from kithkin.network.context import CONTEXT_FEATURES, context_features
from kithkin.network.heuristics import HEURISTICS, Graph, adjacency, blocks, distinct, member
from kithkin.network.linkpred import (
    FEATURES,
    HEURISTIC_COLUMN,
    KS,
    Linear,
    Ranker,
    _absolute,
    _ranks_within,
    pair_features,
    share_of_best,
)
from kithkin.network.parallel import Progress
from kithkin.network.reasons import reason_weights

__all__ = ["LTR_FEATURES", "LtrRanker", "Validation", "ltr_features"]

#: Columns of :func:`ltr_features`.
LTR_FEATURES = (
    *(f"rank:{name}" for name in ("common-neighbours", "adamic-adar", "resource-allocation", "jaccard", "salton",
                                  "personalised-pagerank", "three-hop", "embedded", "rarity")),
    *(f"share-of-best:{name}" for name in ("adamic-adar", "resource-allocation", "personalised-pagerank")),
    "common-neighbours", "adamic-adar", "resource-allocation", "jaccard", "salton", "personalised-pagerank",
    "three-hop", "embedded", "rarity", "shared", "lower-degree", "higher-degree", "preferential-attachment",
    "clustering-person", "clustering-candidate",
    *CONTEXT_FEATURES,
)  # fmt: skip
#: Share of the given ties held out of every training round, for choices only.
VALIDATION = 0.1
#: LightGBM's settings: small trees, strong regularisation, one fixed thread count (reproducible lists).
PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [20],
    "lambdarank_truncation_level": 20,
    "num_leaves": 15,
    "learning_rate": 0.1,
    "min_data_in_leaf": 100,
    "lambda_l2": 10.0,
    "feature_fraction": 0.8,
    "max_bin": 127,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbosity": -1,
}
#: Most trees grown; early stopping on the validation ties usually stops well before.
TREES = 300


def ltr_features(graph: Graph, pairs: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """Columns :data:`LTR_FEATURES` of candidate pairs grouped by source (each source's whole candidate list,
    as ranks are within a source), from their :func:`~kithkin.network.linkpred.pair_features` ``raw``.

    Personalised PageRank from ``u`` with restart ½, truncated at three steps, at a
    candidate ``v`` not tied to ``u``: ``(¼·RA(u,v) + ⅛·RA₃(u,v)) / degree(u)``, as a
    random walk reaches ``v`` in two steps with probability ``RA/degree(u)`` and in
    three with ``RA₃/degree(u)`` (three-hop resource allocation).

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> pairs = np.array([[0, 2], [0, 3]])
    >>> table = ltr_features(g, pairs, pair_features(g, pairs))
    >>> table[:, LTR_FEATURES.index("personalised-pagerank")].tolist()
    [0.125, 0.03125]
    """
    sources, cols = pairs[:, 0], pairs[:, 1]
    column = {name: raw[:, FEATURES.index(name)] for name in FEATURES}
    du, dv = graph.degree[sources], graph.degree[cols]
    cn, ra = column["common-neighbours"], column["resource-allocation"]
    salton = cn / np.sqrt(np.maximum(du * dv, 1))
    ppr = (0.25 * ra + 0.125 * column["three-hop"]) / np.maximum(du, 1)
    scores = {**column, "salton": salton, "personalised-pagerank": ppr}
    ranks = [np.log(_ranks_within(scores[name.split(":")[1]], sources)) for name in LTR_FEATURES if "rank:" in name]
    shares = [share_of_best(scores[name.split(":")[1]], sources) for name in LTR_FEATURES if "best:" in name]
    plain = [scores[name] for name in LTR_FEATURES[len(ranks) + len(shares) : -2 - len(CONTEXT_FEATURES)]]
    return np.column_stack([*ranks, *shares, *plain, graph.clustering[sources], graph.clustering[cols],
                            context_features(graph, pairs, ra)])  # fmt: skip


@dataclass(frozen=True)
class Lists:
    """Candidate lists of some people on a graph with some ties hidden, labelled by whether hidden."""

    sources: np.ndarray
    targets: np.ndarray
    raw: np.ndarray
    features: np.ndarray
    labels: np.ndarray
    weights: np.ndarray  # per candidate: the number of ties its source lost

    def groups(self) -> np.ndarray:
        """Candidates per source, in order (LightGBM's query sizes)."""
        return np.diff(np.flatnonzero(np.r_[True, self.sources[1:] != self.sources[:-1], True]))

    def with_positives(self) -> Lists:
        """Only the sources with at least one hidden tie among their candidates (others teach LambdaRank
        nothing)."""
        found = np.unique(self.sources[self.labels])
        keep = member(self.sources, found)
        return Lists(self.sources[keep], self.targets[keep], self.raw[keep], self.features[keep], self.labels[keep],
                     self.weights[keep])  # fmt: skip


@dataclass(frozen=True)
class Validation:
    """How one method did on the validation ties, counted as the evaluation counts: per edge (either end)
    Hits@10, @20, @50 and MRR, and per person (both ends) Hits@10, @20, @50 and MRR."""

    method: str
    hits: tuple[float, float, float]
    mrr: float
    person_hits: tuple[float, float, float] = (0.0, 0.0, 0.0)
    person_mrr: float = 0.0

    def figures(self) -> np.ndarray:
        """All eight figures, per edge then per person."""
        return np.array([*self.hits, self.mrr, *self.person_hits, self.person_mrr])


def _keys(size: int, edges: np.ndarray) -> np.ndarray:
    """Both directions of each edge, as sorted ``u * size + v`` keys."""
    return distinct(np.r_[edges[:, 0] * size + edges[:, 1], edges[:, 1] * size + edges[:, 0]])


def _lists(
    inner: Graph, gone: np.ndarray, sources: np.ndarray, per_source: int, exclude: np.ndarray | None = None
) -> Lists | None:
    """Candidates of ``sources`` on ``inner`` (ties ``gone`` hidden), labelled; pairs in ``exclude`` dropped."""
    size = inner.size
    parts = [Ranker._candidates(inner, rows, per_source) for rows in blocks(size, sources)]
    pairs = np.vstack(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    if exclude is not None and len(pairs):
        pairs = pairs[~member(pairs[:, 0] * size + pairs[:, 1], exclude)]
    if not len(pairs):
        return None
    labels = member(pairs[:, 0] * size + pairs[:, 1], _keys(size, gone))
    raw = pair_features(inner, pairs)
    lost = np.bincount(gone.ravel(), minlength=size).astype(float)
    return Lists(pairs[:, 0], pairs[:, 1], raw, ltr_features(inner, pairs, raw), labels, lost[pairs[:, 0]])


def _anywhere(inner: Graph, gone: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Hidden ties and as many random untied pairs, anyone with anyone: raw features and labels (for AUC)."""
    size = inner.size
    tied = gone[rng.permutation(len(gone))[:2000]]
    known = distinct(np.r_[_keys(size, gone), inner.adj.nonzero()[0] * size + inner.adj.indices])
    drawn = rng.integers(0, size, size=(4 * len(tied), 2))
    drawn = drawn[(drawn[:, 0] != drawn[:, 1]) & ~member(drawn[:, 0] * size + drawn[:, 1], known)][: len(tied)]
    pairs = np.vstack([tied, drawn])
    return pair_features(inner, pairs), np.r_[np.ones(len(tied), dtype=bool), np.zeros(len(drawn), dtype=bool)]


def _dataset(lists: Lists, reference: Any = None) -> Any:
    import lightgbm

    return lightgbm.Dataset(lists.features, label=lists.labels.astype(float), group=lists.groups(),
                            weight=lists.weights, feature_name=[n.replace(":", "_") for n in LTR_FEATURES],
                            reference=reference, free_raw_data=True)  # fmt: skip


@dataclass
class LtrRanker(Ranker):
    """LambdaRank trees over :data:`LTR_FEATURES` (or, if they did not validate, the best heuristic)."""

    booster: Any = None
    #: The heuristic ranked by instead of the trees, when they did not beat it on the validation ties.
    fallback: str | None = None
    validation: tuple[Validation, ...] = field(default=())
    #: Share of the trees' total gain from each feature (:data:`LTR_FEATURES` order).
    importance: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def learn(
        cls, graph: Graph, edges: np.ndarray, *, seed: int = 7, sample: int = 1000, rounds: int = 3,
        progress: Progress | None = None,
    ) -> LtrRanker:  # fmt: skip
        """Learn from ``edges`` (the ties ``graph`` was built from) as the module docstring describes;
        ``progress(done, total)`` after each round and once fitted. Too few ties: the plain fallback."""
        rng = np.random.default_rng([seed, 19])
        steps = 2 * rounds + 2
        tick = _ticker(progress, steps)
        put_aside = rng.random(len(edges)) < VALIDATION
        kept, aside = edges[~put_aside], edges[put_aside]
        base = graph.with_adjacency(adjacency(graph.size, kept))
        training, anywhere = _rounds(base, kept, rng, sample, rounds, _keys(graph.size, aside), tick)
        # Both ends of the sampled ties, so that each is counted as the evaluation counts it: per edge (either
        # end) and per person (both ends). Only one end of most ties, as when people were sampled, made a
        # per-person count of what was reported as per edge, and overstated the trees (bench/RESULTS.md).
        ties = aside[np.sort(rng.permutation(len(aside))[:sample])]
        checked = _lists(base, aside, distinct(ties), cls.per_source)
        if checked is None or sum(int(t.labels.sum()) for t in training) < 50 or not checked.labels.any():
            tick(steps)
            return cls(None)
        chosen = _fit(_concat(training), seed, checked)
        validation, fallback = _validate(chosen, checked, ties)
        tick(rounds + 1)
        booster = None
        if fallback is None:
            # Refitted on rounds from every given tie, as many trees as validated: the graph it then ranks on has
            # all of them, one tenth more than each round's, as the validation graph had one tenth more.
            again, anywhere = _rounds(graph, edges, rng, sample, rounds, None, lambda done: tick(rounds + 1 + done))
            booster = _fit(_concat(again), seed, trees=max(chosen.best_iteration, 1))
        features = np.vstack([a[0] for a in anywhere])
        labels = np.concatenate([a[1] for a in anywhere])
        overall = Linear.fit(_absolute(features), labels) if labels.any() and not labels.all() else None
        gain = (booster or chosen).feature_importance(importance_type="gain")
        tick(steps)
        return cls(None, overall=overall, booster=booster, fallback=fallback, validation=validation,
                   importance=gain / max(float(gain.sum()), 1e-12))  # fmt: skip

    def score(
        self, graph: Graph, pairs: np.ndarray, raw: np.ndarray | None = None, *, fused: bool = True
    ) -> np.ndarray:
        """Scores of pairs that hold, for each source, its whole candidate list (ranks are within a source)."""
        if self.booster is None and self.fallback is None:
            return super().score(graph, pairs, raw, fused=fused)
        raw = pair_features(graph, pairs) if raw is None else raw
        if self.fallback is not None:
            return np.asarray(raw[:, HEURISTIC_COLUMN[self.fallback]])
        if not len(pairs) or self.booster is None:
            return np.zeros(0)
        return np.asarray(self.booster.predict(ltr_features(graph, pairs, raw), num_threads=1))

    def reasons(self, graph: Graph, pairs: np.ndarray) -> list[dict[str, float]] | None:
        """What weighed most in each pair's score, each judged among its source's candidates as :meth:`top`
        judges (:func:`kithkin.network.reasons.reason_weights`); ``None`` when the trees do not rank."""
        if self.booster is None or not len(pairs):
            return None
        table = self.among_candidates(
            graph, pairs, self.per_source, lambda every: ltr_features(graph, every, pair_features(graph, every))
        )
        contributions = np.asarray(self.booster.predict(table, pred_contrib=True, num_threads=1))
        return reason_weights(contributions, LTR_FEATURES)

    def top(
        self, graph: Graph, k: int, people: np.ndarray | None = None, *, workers: int | None = None,
        progress: Progress | None = None,
    ) -> dict[int, np.ndarray]:  # fmt: skip
        for computed in (graph.clustering, graph.community_friends, graph.reciprocal):  # once, shared by the workers
            assert computed is not None
        return super().top(graph, k, people, workers=workers, progress=progress)

    def pool(self, k: int) -> int:
        """The trees read each feature's rank among the candidates they were trained on: always the same pool."""
        return self.per_source

    def save(self, out: BinaryIO, **extra: np.ndarray) -> None:
        """As :meth:`Ranker.save`, plus LightGBM's model as its own text (bytes), the fallback and importances."""
        more = dict(extra)
        if self.booster is not None:
            more["ltr_model"] = np.frombuffer(self.booster.model_to_string().encode("utf-8"), dtype=np.uint8)
        if self.fallback is not None:
            more["ltr_fallback"] = np.array(self.fallback)
        if len(self.importance):
            more["ltr_importance"] = self.importance
        super().save(out, **more)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> LtrRanker:
        """A ranker from the arrays :meth:`save` wrote."""
        base = Ranker.from_arrays(arrays)
        booster = None
        if "ltr_model" in arrays:
            import lightgbm

            booster = lightgbm.Booster(model_str=arrays["ltr_model"].tobytes().decode("utf-8"))
        fallback = str(arrays["ltr_fallback"]) if "ltr_fallback" in arrays else None
        return cls(base.model, base.blend, base.per_source, overall=base.overall, booster=booster, fallback=fallback,
                   importance=arrays.get("ltr_importance", np.zeros(0)))  # fmt: skip


def _concat(parts: list[Lists]) -> Lists:
    """Rounds one after another; a person in two rounds is two queries (ids shifted per round)."""
    shifts = np.cumsum([0] + [int(p.sources.max(initial=0)) + 1 for p in parts[:-1]])
    return Lists(
        np.concatenate([p.sources + shift for p, shift in zip(parts, shifts, strict=True)]),
        np.concatenate([p.targets for p in parts]),
        np.vstack([p.raw for p in parts]),
        np.vstack([p.features for p in parts]),
        np.concatenate([p.labels for p in parts]),
        np.concatenate([p.weights for p in parts]),
    )


def _ticker(progress: Progress | None, steps: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        if progress is not None:
            progress(done, steps)

    tick(0)
    return tick


def _rounds(
    graph: Graph, edges: np.ndarray, rng: np.random.Generator, sample: int, rounds: int, exclude: np.ndarray | None,
    tick: Callable[[int], None],
) -> tuple[list[Lists], list[tuple[np.ndarray, np.ndarray]]]:  # fmt: skip
    """Training rounds: each hides a tenth of ``edges`` and labels the candidates of up to ``sample`` people who
    lost a tie (pairs in ``exclude`` dropped); also each round's hidden ties against random pairs (for AUC)."""
    training, anywhere = [], []
    for done in range(rounds):
        hidden = rng.random(len(edges)) < 0.1
        inner = graph.with_adjacency(adjacency(graph.size, edges[~hidden]))
        gone = edges[hidden]
        made = _lists(inner, gone, np.sort(rng.permutation(distinct(gone))[:sample]), Ranker.per_source, exclude)
        if made is not None and made.labels.any():
            training.append(made.with_positives())
            anywhere.append(_anywhere(inner, gone, rng))
        tick(done + 1)
    return training, anywhere


def _fit(train: Lists, seed: int, checked: Lists | None = None, trees: int = TREES) -> Any:
    """LambdaRank trees on ``train``; with ``checked``, stopped early when NDCG@20 on it stops improving."""
    import lightgbm

    training = _dataset(train)
    if checked is None:
        return lightgbm.train({**PARAMS, "seed": seed}, training, num_boost_round=trees)
    valid = _dataset(checked.with_positives(), reference=training)
    return lightgbm.train({**PARAMS, "seed": seed}, training, num_boost_round=trees, valid_sets=[valid],
                          callbacks=[lightgbm.early_stopping(20, verbose=False)])  # fmt: skip


def _validate(booster: Any, checked: Lists, ties: np.ndarray) -> tuple[tuple[Validation, ...], str | None]:
    """The trees and each heuristic on the validation ``ties`` (both ends' lists in ``checked``); the heuristic
    that did best overall if the trees are not above the best heuristic on every figure, both ways of counting."""
    found = [_counted(name, checked.raw[:, HEURISTIC_COLUMN[name]], checked, ties) for name in HEURISTICS[:4]]
    model = _counted("ltr", np.asarray(booster.predict(checked.features, num_threads=1)), checked, ties)
    best = np.max([v.figures() for v in found], axis=0)
    margin = float(np.min(model.figures() - best))
    leader = max(found, key=lambda v: float(v.figures().sum()))
    return (model, *found), (None if margin > 0 else leader.method)


def _counted(method: str, score: np.ndarray, lists: Lists, ties: np.ndarray) -> Validation:
    """``ties`` found in the candidate lists ranked by ``score``, as :func:`kithkin.network.evaluate.all_metrics`
    counts them (a tie absent from a list is not found; MRR: each end's first tie among ``ties``).

    >>> lists = Lists(np.array([0, 0, 1, 1]), np.array([1, 2, 0, 2]), np.zeros((4, 0)), np.zeros((4, 0)),
    ...               np.array([True, False, True, False]), np.ones(4))
    >>> v = _counted("x", np.array([0.0, 1.0, 1.0, 0.0]), lists, np.array([[0, 1]]))
    >>> v.hits[0], v.mrr, v.person_mrr
    (1.0, 1.0, 0.75)
    """
    order = np.lexsort((lists.targets, -score, lists.sources))
    sources, targets = lists.sources[order], lists.targets[order]
    rank = (np.arange(len(order)) - np.searchsorted(sources, sources) + 1).astype(float)
    size = int(max(sources.max(initial=0), targets.max(initial=0), ties.max(initial=0))) + 1
    where = dict(zip((sources * size + targets).tolist(), rank.tolist(), strict=True))
    ends = np.array([[where.get(u * size + v, np.inf), where.get(v * size + u, np.inf)] for u, v in ties.tolist()])
    ends = ends.reshape(-1, 2)
    best = ends.min(axis=1)
    first: dict[int, float] = {}
    for (u, v), (here, there) in zip(ties.tolist(), ends.tolist(), strict=True):
        first[u], first[v] = min(first.get(u, np.inf), here), min(first.get(v, np.inf), there)
    firsts = np.array(list(first.values()))

    def reciprocal(r: np.ndarray) -> float:
        return float(np.mean(np.where(r <= KS[-1], 1 / r, 0.0))) if len(r) else 0.0

    hits = [float(np.mean(best <= k)) if len(best) else 0.0 for k in KS]
    person = [float(np.mean(ends <= k)) if len(best) else 0.0 for k in KS]
    return Validation(method, (hits[0], hits[1], hits[2]), reciprocal(best), (person[0], person[1], person[2]),
                      reciprocal(firsts))  # fmt: skip
