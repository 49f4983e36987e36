"""kithkin's learning-to-rank ranker on the training side only: candidate-pool recall, validation and importances.

    .venv/bin/python bench/bench_ltr.py --seed 7
    .venv/bin/python bench/bench_ltr.py --generated 100000 --skip-data
    .venv/bin/python bench/bench_ltr.py --without-egos 7,8
    .venv/bin/python bench/bench_ltr.py --generated 1000000 --skip-data --sample 20000 --learn-on 100000
    .venv/bin/python bench/bench_ltr.py --replay 101,102,103
    .venv/bin/python bench/bench_ltr.py --generated 1000000 --skip-data --rankers logistic,spectral
    .venv/bin/python bench/bench_ltr.py --replay-spectral 7,8,9,10,11
    .venv/bin/python bench/bench_ltr.py --replay-blends 7,8,9,10,11
    .venv/bin/python bench/bench_ltr.py --replay-normalised 7,8,9,10,11
    .venv/bin/python bench/bench_ltr.py --replay-learning-seeds 7,8,9,10,11
    .venv/bin/python bench/bench_ltr.py --replay-clustering 7,8,9,10,11,12,13,14,15,16
    .venv/bin/python bench/bench_ltr.py --replay-columns 7,8,9,10,11,12 --columns common-friends --datasets ego-facebook
    .venv/bin/python bench/bench_ltr.py --replay-netmf 7,9,11,13,15 --datasets ego-facebook
    .venv/bin/python bench/bench_ltr.py --replay-trees 7,8 --datasets ego-facebook
    .venv/bin/python bench/bench_ltr.py --replay-hidden-share 7,8,9,10 --share 0.05 --datasets ego-facebook
    .venv/bin/python bench/bench_ltr.py --replay-strengths 7,8,9,10,11,12,13,14,15,16 --datasets lazega-lawyers
    .venv/bin/python bench/bench_ltr.py --ego-strengths 1,2,3,4,5 --per 15

With ``--replay``: the evaluation itself, replayed inside one split's training
ties (its test ties unread): ``split(train, 0.1, inner seed)``, then
``evaluate`` with learning to rank on that inner split, both ways of counting,
beside the ranker's own validation — does the validation predict the replay?
Also resource allocation and Adamic-Adar ranked over the trees' own candidate
pool, against their usual lists over every two-hop person: if the pool made
them worse, the pool would be what holds the trees back.

For each data set, the evaluation's split (``split(edges, 0.1, seed)``) is made
and its test edges are thrown away unread; everything below comes from the
training edges. A tenth of them is held out (as ``LtrRanker.learn`` holds out
its validation ties) and, for everyone who lost a tie, the candidate pool
(two-hop by Adamic-Adar ∪ rare shared attributes, ``per_source`` of each) is
built on the rest at several sizes: its recall (share of held-out ties in the
pool of either end) and mean size say how large the pool must be. Then the
ranker is learned from the training edges and its validation (trees vs each
heuristic, Hits@10/20/50 and MRR on its own held-out tenth) and the features
that carry most of the trees' gain are printed, with the learning time.

With ``--generated N``: speed on kithkin's generated N-person network (ties and
affiliations), today's ranker beside learning to rank: learning, everyone's
top 20 on every core, one person's top 20, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kithkin.generate import GeneratedNetwork, generate
from kithkin.network import spectral
from kithkin.network.context import GROUPS
from kithkin.network.evaluate import TOP, all_metrics, evaluate, split
from kithkin.network.heuristics import adjacency, blocks, distinct, heuristic_top, member, strength_matrix
from kithkin.network.linkpred import (
    FEATURES,
    HEURISTIC_COLUMN,
    Graph,
    Linear,
    Ranker,
    _ranks_within,
    pair_features,
    share_of_best,
)
from kithkin.network.ltr import LTR_FEATURES, LtrRanker
from kithkin.network.spectral import UP_TO, SpectralRanker
from kithkin.network.strength import strength_top
from kithkin.sources.snap import load

SIZES = (25, 50, 100, 200)


def pool_recall(graph: Graph, train: np.ndarray, seed: int) -> None:
    rng = np.random.default_rng(seed)
    aside = rng.random(len(train)) < 0.1
    base = graph.with_adjacency(adjacency(graph.size, train[~aside]))
    held = train[aside]
    size = graph.size
    keys = distinct(np.r_[held[:, 0] * size + held[:, 1], held[:, 1] * size + held[:, 0]])
    people = distinct(held)
    for per_source in SIZES:
        pairs = np.vstack([Ranker._candidates(base, rows, per_source) for rows in blocks(size, people)])
        inside = pairs[member(pairs[:, 0] * size + pairs[:, 1], keys)]
        found = distinct(inside.min(axis=1) * size + inside.max(axis=1))
        print(f"  pool of {per_source} per kind: recall {len(found) / len(held):.3f} of {len(held):,} held-out ties, "
              f"{len(pairs) / len(people):.0f} candidates per person")  # fmt: skip


def learned(graph: Graph, train: np.ndarray, seed: int) -> None:
    started = time.perf_counter()
    ranker = LtrRanker.learn(graph, train, seed=seed)
    print(f"  learned in {time.perf_counter() - started:.1f} s; trees: "
          f"{ranker.booster.num_trees() if ranker.booster is not None else 0}; ranks by: "
          f"{ranker.fallback or 'the trees'}")  # fmt: skip
    for v in ranker.validation:
        print(f"  validation {v.method:>20}: " + " ".join(f"{x:.3f}" for x in v.figures()))
    order = np.argsort(-ranker.importance)[:12]
    print("  gain: " + ", ".join(f"{LTR_FEATURES[i]} {ranker.importance[i]:.1%}" for i in order))
    groups = {"kinds": "kind:", "conjunctions": "both:", "communities": "communit", "reciprocity": "reciprocal",
              "3-paths": "three-paths"}  # fmt: skip
    print(
        "  gain of issue 19's new features: "
        + ", ".join(
            f"{label} {sum(ranker.importance[i] for i, n in enumerate(LTR_FEATURES) if part in n):.1%}"
            for label, part in groups.items()
        )
        + f" (of {ranker.booster.num_trees() if ranker.booster else 0} trees)"
    )


def sampled(size: int, seed: int, sample: int, learn_on: int) -> None:
    """Learning to rank at ``size`` people when learning there takes too long to wait for: the trees learned on a
    generated ``learn_on``-person network, then the top 20 of ``sample`` random people of the big one on every core,
    extrapolated to everyone."""
    small = generate(learn_on, seed)
    started = time.perf_counter()
    ranker = LtrRanker.learn(_graph(small), np.stack([small.tie_a, small.tie_b], axis=1), seed=seed)
    print(f"  LtrRanker learned on {learn_on:,} people in {time.perf_counter() - started:.1f} s "
          f"(ranks by {ranker.fallback or 'trees'})")  # fmt: skip
    started = time.perf_counter()
    net = generate(size, seed)
    graph = _graph(net)
    print(f"generated: {size:,} people, {len(net.tie_a):,} ties ({time.perf_counter() - started:.0f} s)")
    for name in ("clustering", "communities", "community_friends", "reciprocal"):  # what learning to rank adds
        started = time.perf_counter()
        getattr(graph, name)
        print(f"  {name} of everyone: {time.perf_counter() - started:.1f} s")
    people = np.sort(np.random.default_rng(seed).choice(size, sample, replace=False))
    started = time.perf_counter()
    ranker.top(graph, 20, people[:1], workers=1)
    one_s = time.perf_counter() - started
    started = time.perf_counter()
    ranker.top(graph, 20, people)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"  one person's top 20 (arrays above computed) {one_s:.2f} s; {sample:,} people's top 20 {took:.1f} s on "
          f"{os.cpu_count()} cores ({sample / took:,.0f} people/s: everyone ≈ {size / sample * took:.0f} s); "
          f"peak RSS {peak:.2f} GiB")  # fmt: skip


def without_egos(folder: Path, seeds: list[int]) -> None:
    """RA and the trees on each split's test ties, all of them and those not touching an ego: the hidden hold-out
    never hid an ego's tie (ego-Facebook's PROVENANCE.md). The egos are the ``<ego>.featnames`` file names."""
    net = load("ego-facebook", folder)
    egos = np.array(sorted(int(p.name.split(".")[0]) for p in (folder / "facebook").glob("*.featnames")))
    for seed in seeds:
        train, test = split(net.edges, 0.1, seed)
        graph = Graph.build(net.size, train, net.attributes, net.kinds)
        who = np.unique(test.ravel())
        lists = {"resource-allocation": heuristic_top(graph, "resource-allocation", TOP, who),
                 "kithkin-ltr": LtrRanker.learn(graph, train, seed=seed).top(graph, TOP, who)}  # fmt: skip
        alters = test[~np.isin(test, egos).any(axis=1)]
        for name, top in lists.items():
            for label, ties in (("all", test), ("no ego", alters)):
                c = all_metrics(top, ties)
                print(f"seed {seed} {name:>20} {label:>6} ({len(ties)}): edge H@10/20/50 {c.hits[10]:.3f}/"
                      f"{c.hits[20]:.3f}/{c.hits[50]:.3f} MRR {c.edge_mrr:.3f}; person {c.person_hits[10]:.3f}/"
                      f"{c.person_hits[20]:.3f}/{c.person_hits[50]:.3f} MRR {c.mrr:.3f}")  # fmt: skip


def replay(data: Path, seed: int, inners: list[int]) -> None:
    """The evaluation replayed inside the seed's training ties (module docstring), for each inner seed."""
    for name in ("ego-facebook", "email-eu-core"):
        net = load(name, data / name)
        train, _ = split(net.edges, 0.1, seed)  # the test edges are not read
        for inner in inners:
            fitted, held = split(train, 0.1, inner)
            graph = Graph.build(net.size, fitted, net.attributes, net.kinds)
            scores, _, learned = evaluate(graph, fitted, held, seed=inner, rankers={"kithkin-ltr": LtrRanker})
            ranker = learned["kithkin-ltr"]
            assert isinstance(ranker, LtrRanker)
            print(f"{name}, seed {seed}, inner split {inner}: ranks by {ranker.fallback or 'the trees'}")
            for v in ranker.validation:
                print(f"  validation {v.method:>20}: " + " ".join(f"{x:.4f}" for x in v.figures()))
            for s in scores:
                if s.method in ("adamic-adar", "resource-allocation", "kithkin-ltr"):
                    print(f"  replay {s.method:>24}: edge " + " ".join(f"{s.hits[k]:.4f}" for k in (10, 20, 50))
                          + f" {s.edge_mrr:.4f}; person " + " ".join(f"{s.person_hits[k]:.4f}" for k in (10, 20, 50))
                          + f" {s.mrr:.4f}")  # fmt: skip
            pooled(graph, held, ranker)


def replay_spectral(data: Path, seeds: list[int], inner: int = 101) -> None:
    """The evaluation replayed inside each seed's training ties (its test ties unread): the logistic ranker and
    the spectral ranker against the best heuristic on each of the eight figures (how the spectral ranker's
    features were chosen: docs/ranker.md)."""
    rankers: dict[str, type[Ranker]] = {"kithkin-logistic": Ranker, "kithkin-spectral": SpectralRanker}
    for name, seed, graph, fitted, held in _replays(data, seeds, inner):
        scores, _, _ = evaluate(graph, fitted, held, seed=seed, rankers=rankers)
        figures = {s.method: np.array([*s.hits.values(), s.edge_mrr, *s.person_hits.values(), s.mrr])
                   for s in scores}  # fmt: skip
        best = np.max([figures[h] for h in figures if not h.startswith("kithkin")], axis=0)
        for method in rankers:
            _margins(f"{name} seed {seed} inner {inner} {method:>16}", figures[method] - best)


#: The data sets replayed unless ``--datasets`` names others (the two the design was chosen on until the seventh round).
REPLAYED = ("ego-facebook", "email-eu-core")


def _replays(
    data: Path, seeds: list[int], inner: int, datasets: tuple[str, ...] = REPLAYED
) -> Iterator[tuple[str, int, Graph, np.ndarray, np.ndarray]]:
    """For each data set and outer seed: the split's training ties (its test ties unread), split again by
    ``inner`` into the ties learned from and the ties held out, and the graph of the first."""
    for name in datasets:
        net = load(name, data / FOLDERS.get(name, name))
        for seed in seeds:
            train, _ = split(net.edges, 0.1, seed)  # the test edges are not read
            fitted, held = split(train, 0.1, inner)
            strengths = None if net.strengths is None else strength_matrix(net.size, net.edges, net.strengths)
            yield name, seed, Graph.build(net.size, fitted, net.attributes, net.kinds, strengths), fitted, held


def _people_and_best(graph: Graph, held: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The people a replay ranks (everyone who lost a tie) and the better of resource allocation's and Adamic-Adar's
    eight figures on them: what every ``--replay-*`` variant's margins are counted against."""
    who = np.unique(held.ravel())
    best = np.max([_figures(heuristic_top(graph, h, TOP, who), held) for h in ("resource-allocation", "adamic-adar")],
                  axis=0)  # fmt: skip
    return who, best


def _margins(label: str, margin: np.ndarray) -> None:
    """One replay's eight margins over the best heuristic, the smallest and their sum."""
    print(f"{label}: margins " + " ".join(f"{m:+.4f}" for m in margin)
          + f" | worst {margin.min():+.4f} sum {margin.sum():+.4f}", flush=True)  # fmt: skip


def pooled(graph: Graph, held: np.ndarray, ranker: LtrRanker) -> None:
    """RA and Adamic-Adar over the trees' candidate pool vs over every two-hop person, on the ties ``held``."""
    who = distinct(held)
    pairs = np.vstack([ranker._candidates(graph, rows, ranker.per_source) for rows in blocks(graph.size, who)])
    raw = pair_features(graph, pairs)
    cut = np.searchsorted(pairs[:, 0], who)
    for method in ("adamic-adar", "resource-allocation"):
        score = raw[:, HEURISTIC_COLUMN[method]]
        order = np.lexsort((pairs[:, 1], -score, pairs[:, 0]))
        targets = pairs[order, 1]
        top = {int(p): targets[a:b][:TOP] for p, a, b in zip(who, cut, np.r_[cut[1:], len(pairs)], strict=True)}
        for label, lists in (("every two-hop", heuristic_top(graph, method, TOP, who)), ("the trees' pool", top)):
            c = all_metrics(lists, held)
            print(f"  {method:>20} over {label:>15}: edge " + " ".join(f"{c.hits[k]:.4f}" for k in (10, 20, 50))
                  + f" {c.edge_mrr:.4f}; person " + " ".join(f"{c.person_hits[k]:.4f}" for k in (10, 20, 50))
                  + f" {c.mrr:.4f}")  # fmt: skip


def _graph(net: GeneratedNetwork) -> Graph:
    size = net.size
    groups = sp.csr_array((np.ones(len(net.aff_person)), (net.aff_person, net.aff_group)),
                          shape=(size, int(net.aff_group.max()) + 1))  # fmt: skip
    edges = np.stack([net.tie_a, net.tie_b], axis=1)
    return Graph.build(size, edges, groups, tuple(str(g.kind) for g in net.groups))


def speed(size: int, seed: int, kinds: tuple[type[Ranker], ...]) -> None:
    started = time.perf_counter()
    net = generate(size, seed)
    member, group = net.aff_person, net.aff_group
    groups = sp.csr_array((np.ones(len(member)), (member, group)), shape=(size, int(group.max()) + 1))
    edges = np.stack([net.tie_a, net.tie_b], axis=1)
    graph = Graph.build(size, edges, groups, tuple(str(g.kind) for g in net.groups))
    print(f"generated: {size:,} people, {len(edges):,} ties, {len(member):,} affiliations "
          f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    added = ("clustering", "communities", "community_friends", "reciprocal") if LtrRanker in kinds else ()
    low_rank = ("spectral", "normalised_spectral") if SpectralRanker in kinds and size <= UP_TO else ()
    for name in (*added, *low_rank):  # what the other rankers add
        started = time.perf_counter()
        getattr(graph, name)
        print(f"  {name} of everyone: {time.perf_counter() - started:.1f} s")
    for kind in kinds:
        started = time.perf_counter()
        ranker = kind.learn(graph, edges, seed=seed)
        learned_s = time.perf_counter() - started
        started = time.perf_counter()
        one = ranker.top(graph, 20, np.array([size // 2]), workers=1)
        one_s = time.perf_counter() - started
        started = time.perf_counter()
        everyone = ranker.top(graph, 20)
        all_s = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        assert np.array_equal(everyone[size // 2], one[size // 2])
        how = getattr(ranker, "fallback", None) or ("trees" if getattr(ranker, "booster", None) else "its model")
        print(f"  {kind.__name__} (ranks by {how}): learn {learned_s:.1f} s; one person's top 20 {one_s:.2f} s; "
              f"everyone's top 20 {all_s:.1f} s on {os.cpu_count()} cores ({size / all_s:,.0f} people/s); "
              f"peak RSS so far {peak:.2f} GiB")  # fmt: skip


#: The spectral ranker's 31 columns, in the order its model reads them (`_with_context`, then `structure_features`).
SPECTRAL_COLUMNS = (
    "rank CN", "rank AA", "rank RA", "rank Jaccard", "rank rarity", "rank RA3", "rank embedded RA", "log AA", "log RA",
    "log rarity", "log embedded RA", "lower degree", "higher degree", "shared count", "log RA3",
    *(f"{what} low-rank {k}" for k in spectral.RANKS for what in ("rank", "share")),
    *(f"{what} normalised low-rank {k}" for k in spectral.NORMALISED_RANKS for what in ("rank", "share")),
    "person's clustering", "candidate's clustering", *(("rank NetMF", "NetMF PMI") if spectral.NETMF_WINDOW else ()),
)  # fmt: skip


def spectral_weights(data: Path, seed: int, most: int = 12) -> None:
    """The spectral ranker learned on each data set's training ties (split ``seed``, test ties unread): the terms
    of its model with the largest weights (on standardised columns, so comparable), and the weight of the columns
    against their products."""
    first, second = np.triu_indices(len(SPECTRAL_COLUMNS))
    terms = [*SPECTRAL_COLUMNS, *(f"{SPECTRAL_COLUMNS[i]} × {SPECTRAL_COLUMNS[j]}" for i, j in zip(first, second,
             strict=True))]  # fmt: skip
    for name in ("ego-facebook", "email-eu-core"):
        net = load(name, data / name)
        train, _ = split(net.edges, 0.1, seed)
        ranker = SpectralRanker.learn(Graph.build(net.size, train, net.attributes, net.kinds), train, seed=seed)
        assert ranker.model is not None
        weights = ranker.model.coef
        assert len(weights) == len(terms)
        columns, products = (np.abs(part).sum() for part in np.split(weights, [len(SPECTRAL_COLUMNS)]))
        print(f"{name}, split seed {seed}: blend {ranker.blend}; Σ|weight| columns {columns:.1f}, "
              f"products {products:.1f}")  # fmt: skip
        for i in np.argsort(-np.abs(weights))[:most]:
            print(f"  {weights[i]:+.3f}  {terms[i]}")


#: Fixed blends replayed by :func:`replay_blends` besides the one the ranker ships with.
FIXED_BLENDS: tuple[tuple[str, float] | None, ...] = (
    None,
    *((h, w) for h in ("common-neighbours", "adamic-adar", "resource-allocation", "embedded") for w in (0.5, 1.0)),
)


def replay_blends(
    data: Path,
    seeds: list[int],
    inner: int = 101,
    blends: tuple[tuple[str, float] | None, ...] = FIXED_BLENDS,
    datasets: tuple[str, ...] = REPLAYED,
) -> None:
    """One spectral ranker learned inside each seed's training ties (test ties unread), ranked with its own blend
    and with each of ``blends`` (:data:`FIXED_BLENDS` unless named): the eight margins over the better of resource
    allocation and Adamic-Adar (how ``spectral.BLEND`` was chosen: bench/RESULTS.md, "Issue 19, sixth round";
    re-checked in the ninth and twentieth)."""
    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        who, best = _people_and_best(graph, held)
        ranker = SpectralRanker.learn(graph, fitted, seed=seed)
        for blend in (ranker.blend, *(b for b in blends if b != ranker.blend)):
            label = f"{'shipped ' if blend == ranker.blend else ''}{blend}"
            top = dataclasses.replace(ranker, blend=blend).top(graph, TOP, who)
            _margins(f"{name} seed {seed} {label:>40}", _figures(top, held) - best)


#: Folders of ``../shared/data`` whose name is not the data set's.
FOLDERS = {"ego-twitter": "ego-twitter-sample"}


class _TwoHopSpectral(SpectralRanker):
    """The spectral ranker as it ranked before the seventh round: two-hop candidates only."""

    def three_hop(self) -> bool:
        return False


def replay_three_hop(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """The spectral ranker learned inside each seed's training ties (test ties unread) and ranked with and
    without three-hop candidates for people with few two hops away (the same model: it learns on two-hop
    candidates), and the fraction of held-out ties no friend of either shares (how ``three_hop`` was chosen:
    bench/RESULTS.md, "Issue 19, seventh round")."""
    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        who, best = _people_and_best(graph, held)
        ranker = SpectralRanker.learn(graph, fitted, seed=seed)
        shared = np.asarray(graph.adj[held[:, 0]].multiply(graph.adj[held[:, 1]]).sum(axis=1)).ravel()
        print(f"{name} seed {seed}: {np.mean(shared == 0):.3f} of the held-out ties have no friend in common")
        two = _TwoHopSpectral(ranker.model, ranker.blend, ranker.per_source, overall=ranker.overall)
        for label, used in (("two-hop", two), ("with three-hop", ranker)):
            _margins(f"{name} seed {seed} {label:>15}", _figures(used.top(graph, TOP, who), held) - best)


#: The low-rank variants ``--replay-ranks`` compares (bench/RESULTS.md, "Issue 19, eighth round"): the ranks ``k``
#: whose scores the model reads, and whether it reads both people's degrees (log) as well.
RANK_VARIANTS: dict[str, tuple[tuple[int, ...], bool]] = {
    "16-32-64 (seventh round)": ((16, 32, 64), False),
    "16-32-64-128 (shipped)": ((16, 32, 64, 128), False),
    "16-32-64-128-256": ((16, 32, 64, 128, 256), False),
    "16-32-64, degrees": ((16, 32, 64), True),
}


def _with_degrees(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """:func:`spectral.low_rank_features` and the two people's degrees (log): which end is the better connected
    one, which the model's lower and higher degree do not say."""
    return np.column_stack([_LOW_RANK(graph, pairs), np.log1p(graph.degree[pairs[:, 0]]),
                            np.log1p(graph.degree[pairs[:, 1]])])  # fmt: skip


_LOW_RANK = spectral.low_rank_features


def replay_ranks(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """Each of :data:`RANK_VARIANTS` learned inside each seed's training ties (test ties unread): the eight
    margins over the better of resource allocation and Adamic-Adar (how ``spectral.RANKS`` was chosen). The variants
    are set by replacing the module's ``RANKS`` and ``low_rank_features`` for the run (both restored after), and
    the graph's cached eigenpairs are dropped so that each computes its own, to its largest rank."""
    shipped = spectral.RANKS
    try:
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            who, best = _people_and_best(graph, held)
            for label, (ranks, degrees) in RANK_VARIANTS.items():
                spectral.RANKS = ranks
                spectral.low_rank_features = _with_degrees if degrees else _LOW_RANK  # type: ignore[assignment]
                graph.__dict__.pop("spectral", None)  # its eigenpairs, cached, to the variant's largest rank
                ranker = SpectralRanker.learn(graph, fitted, seed=seed)
                _margins(f"{name} seed {seed} {label:>26}", _figures(ranker.top(graph, TOP, who), held) - best)
    finally:
        spectral.RANKS, spectral.low_rank_features = shipped, _LOW_RANK  # type: ignore[assignment]


#: One-end weights ``--replay-edge-weights`` compares unless ``--extra-weights`` names others (as extra weight:
#: 0 is the ranker before the ninth round, 0.5 the shipped ``spectral.ONE_END_WEIGHT`` of 1.5).
EXTRA_WEIGHTS = (0.0, 0.5, 1.0, 3.0)


def replay_edge_weights(
    data: Path, seeds: list[int], datasets: tuple[str, ...], extras: tuple[float, ...] = EXTRA_WEIGHTS, inner: int = 101
) -> None:
    """The spectral ranker fitted with hidden ties the other end would not find counting ``1 + extra`` times
    (``SpectralRanker.one_end_weight``), for each of ``extras``, learned inside each seed's training ties (test
    ties unread): the eight margins over the better of resource allocation and Adamic-Adar (how
    ``spectral.ONE_END_WEIGHT`` was chosen: bench/RESULTS.md, "Issue 19, ninth round")."""
    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        who, best = _people_and_best(graph, held)
        for extra in extras:
            kind: type[SpectralRanker] = type("Weighted", (SpectralRanker,), {"one_end_weight": 1 + extra})
            ranker = kind.learn(graph, fitted, seed=seed)
            _margins(f"{name} seed {seed} extra {extra:>4}", _figures(ranker.top(graph, TOP, who), held) - best)


def replay_normalised(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """The spectral ranker without and with the normalised adjacency's low-rank columns (``spectral.NORMALISED_RANKS``
    set to none for the first, restored after), learned inside each seed's training ties (test ties unread): the
    eight margins over the better of resource allocation and Adamic-Adar (how they were chosen: bench/RESULTS.md,
    "Issue 19, tenth round")."""
    shipped = spectral.NORMALISED_RANKS
    try:
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            who, best = _people_and_best(graph, held)
            for ranks in ((), shipped):
                spectral.NORMALISED_RANKS = ranks
                ranker = SpectralRanker.learn(graph, fitted, seed=seed)
                label = f"normalised ranks {ranks or 'none'}"
                _margins(f"{name} seed {seed} {label:>26}", _figures(ranker.top(graph, TOP, who), held) - best)
    finally:
        spectral.NORMALISED_RANKS = shipped


def replay_clustering(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """The spectral ranker without and with both people's local clustering (``spectral.structure_features`` set to
    ``low_rank_features`` for the first, restored after), learned inside each seed's training ties (test ties
    unread) from the same rounds: the eight margins over the better of resource allocation and Adamic-Adar (how the
    columns were chosen: bench/RESULTS.md, "Issue 19, thirteenth round")."""
    shipped = spectral.structure_features
    try:
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            who, best = _people_and_best(graph, held)
            for clustering in (False, True):
                spectral.structure_features = shipped if clustering else spectral.low_rank_features
                ranker = SpectralRanker.learn(graph, fitted, seed=seed)
                label = "with clustering" if clustering else "without clustering"
                _margins(f"{name} seed {seed} {label:>20}", _figures(ranker.top(graph, TOP, who), held) - best)
    finally:
        spectral.structure_features = shipped


def replay_netmf(
    data: Path, seeds: list[int], datasets: tuple[str, ...], windows: tuple[int, ...] = (0, 10), inner: int = 101
) -> None:
    """The spectral ranker with each of NetMF's ``windows`` (``spectral.NETMF_WINDOW``; 0 reads no NetMF columns),
    restored after, learned inside each seed's training ties (test ties unread) from the same rounds: the eight
    margins over the better of resource allocation and Adamic-Adar (how the columns were chosen: bench/RESULTS.md,
    "Issue 19, eighteenth round", where they were replayed as ``--replay-columns … --columns netmf``, the same
    columns after the same others; the window: "Issue 19, nineteenth round")."""
    shipped = spectral.NETMF_WINDOW
    try:
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            who, best = _people_and_best(graph, held)
            for window in windows:
                spectral.NETMF_WINDOW = window
                ranker = SpectralRanker.learn(graph, fitted, seed=seed)
                label = f"NetMF window {window}" if window else "without NetMF"
                _margins(f"{name} seed {seed} {label:>16}", _figures(ranker.top(graph, TOP, who), held) - best)
    finally:
        spectral.NETMF_WINDOW = shipped


def common_friends_ties(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """For each pair, log(1 + x) of: the ties among its common friends, and CRA (Cannistraci et al. 2013: each
    common friend weighed by how many of the other common friends it knows, over its own degree). One source at a
    time: its friends' ties among themselves, gathered once for all its candidates."""
    adj = sp.csr_array(graph.adj, dtype=float)
    adj.data[:] = 1.0
    inverse = 1 / np.maximum(graph.degree, 1)
    out = np.zeros((len(pairs), 2))
    order = np.argsort(pairs[:, 0], kind="stable")
    sources, starts = np.unique(pairs[order, 0], return_index=True)
    for u, start, end in zip(sources, starts, [*starts[1:], len(order)], strict=True):
        rows, friends = order[start:end], adj.indices[adj.indptr[u] : adj.indptr[u + 1]]
        common = adj[pairs[rows, 1]][:, friends]  # each candidate's friends among the source's
        inside = common.multiply(common @ adj[friends][:, friends])  # each common friend's ties to the others
        out[rows, 0] = np.asarray(inside.sum(axis=1)).ravel() / 2
        out[rows, 1] = inside @ inverse[friends]
    return np.log1p(out)


def shared_by_kind(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """For each pair, the rarity-weighted values both hold (as ``network/context.py`` sums them for learning to rank)
    of the school kinds (school, concentration, class year), of the work kinds (employer, position, work dates) and
    of the place kinds (city, hometown), and two conjunctions: a school and a year, an employer and a work date."""
    if not graph.attributes.shape[1]:
        return np.zeros((len(pairs), 5))
    both = sp.csr_array(graph.attributes[pairs[:, 0]].multiply(graph.attributes[pairs[:, 1]]))
    kind = dict(zip(GROUPS, np.asarray((both @ graph.kind_groups).todense()).T, strict=True))

    def conjunction(a: str, b: str) -> np.ndarray:
        return np.where((kind[a] > 0) & (kind[b] > 0), np.minimum(kind[a], kind[b]), 0.0)

    return np.column_stack([kind["school"] + kind["concentration"] + kind["year"],
                            kind["employer"] + kind["position"] + kind["work-dates"], kind["city"] + kind["hometown"],
                            conjunction("school", "year"), conjunction("employer", "work-dates")])  # fmt: skip


def shares_of_best(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """For each pair: personalised PageRank's rank among the source's candidates (log) and its share of the source's
    best, and resource allocation's share of the source's best (the learning-to-rank trees' heaviest features on
    ego-Facebook, docs/ranker.md). PageRank from the source, restart ½, three steps, at an untied candidate is
    ``(¼·RA + ⅛·RA₃) / d_u``; ``d_u`` is the same for the whole list, so it is left out."""
    raw, sources = pair_features(graph, pairs), pairs[:, 0]
    ra, three = raw[:, FEATURES.index("resource-allocation")], raw[:, FEATURES.index("three-hop")]
    pagerank = 0.25 * ra + 0.125 * three
    return np.column_stack([np.log(_ranks_within(pagerank, sources)), share_of_best(pagerank, sources),
                            share_of_best(ra, sources)])  # fmt: skip


#: Columns ``--replay-columns`` can add to the spectral ranker's (bench/RESULTS.md, "Issue 19, fourteenth round").
EXTRA_COLUMNS = {"common-friends": common_friends_ties, "kinds": shared_by_kind, "shares": shares_of_best}


def replay_columns(data: Path, seeds: list[int], datasets: tuple[str, ...], extra: str, inner: int = 101) -> None:
    """The spectral ranker as shipped and with the columns :data:`EXTRA_COLUMNS` names (after
    ``spectral.structure_features``'s, so that their products are read too; the module function restored after),
    learned inside each seed's training ties (test ties unread) from the same rounds: the eight margins over the
    better of resource allocation and Adamic-Adar."""
    shipped, more = spectral.structure_features, EXTRA_COLUMNS[extra]

    def with_more(graph: Graph, pairs: np.ndarray, strengths: bool | None = None) -> np.ndarray:
        return np.column_stack([shipped(graph, pairs, strengths), more(graph, pairs)])

    try:
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            who, best = _people_and_best(graph, held)
            for label, columns in (("shipped", shipped), (f"+ {extra}", with_more)):
                spectral.structure_features = columns
                ranker = SpectralRanker.learn(graph, fitted, seed=seed)
                _margins(f"{name} seed {seed} {label:>16}", _figures(ranker.top(graph, TOP, who), held) - best)
    finally:
        spectral.structure_features = shipped


#: The boosted trees ``--replay-trees`` fits over the spectral ranker's 29 columns (bench/RESULTS.md, "Issue 19,
#: fourteenth round"); the number of trees by early stopping on the last round, up to :data:`MOST_TREES`.
TREE_PARAMETERS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 200,
                   "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
                   "num_threads": 1, "verbose": -1}  # fmt: skip
MOST_TREES, PATIENCE = 1000, 50


@dataclasses.dataclass(frozen=True)
class _TreesAndLinear:
    """Logistic models and boosted trees fitted on the same rows; scores as ``mode`` says: the logistic models'
    mean logit (the shipped ranker), the trees' mean log-odds, or the mean of the two."""

    fitted: tuple[tuple[Linear, Any], ...]
    width: int
    mode: str = "logistic"

    def probability(self, features: np.ndarray) -> np.ndarray:
        logistic = np.mean([linear.logit(features) for linear, _ in self.fitted], axis=0)
        if self.mode == "logistic":
            return np.asarray(logistic)
        trees = np.mean([b.predict(features[:, : self.width], raw_score=True, num_threads=1) for _, b in self.fitted],
                        axis=0)  # fmt: skip
        return np.asarray(trees if self.mode == "trees" else (logistic + trees) / 2)


class _WithTrees(SpectralRanker):
    """The spectral ranker whose rounds also fit boosted trees over its 29 columns (not their products)."""

    @classmethod
    def learn(
        cls, graph: Graph, edges: np.ndarray, *, seed: int = 7, sample: int = 3000, rounds: int | None = None,
        progress: Any = None,
    ) -> SpectralRanker:  # fmt: skip
        made: list[Any] = [Ranker.learn.__func__(cls, graph, edges, seed=seed + spectral.BAG_SEEDS * bag, sample=sample,  # type: ignore[attr-defined]
                                      rounds=spectral.ROUNDS) for bag in range(spectral.BAGGED)]  # fmt: skip
        fitted = tuple(pair for one in made for pair in one.model.fitted)
        bagged: SpectralRanker = dataclasses.replace(made[0], model=_TreesAndLinear(fitted, made[0].model.width))
        return bagged

    @classmethod
    def _model(cls, rounds: list[Any]) -> Any:
        import lightgbm

        linear = super()._model(rounds)
        rng = np.random.default_rng(sum(len(ex.labels) for ex in rounds))  # the rows the logistic fit drew
        columns, labels, weights = [], [], []
        for ex in rounds:
            keep = ex.labels | (rng.random(len(ex.labels)) < spectral.NEGATIVES)
            columns.append(spectral._columns(ex.raw, ex.sources, ex.low_rank)[keep])
            labels.append(ex.labels[keep])
            weights.append(cls._weights(ex)[keep])
        parameters = {**TREE_PARAMETERS, "seed": sum(len(x) for x in labels) % 100_000}
        first = lightgbm.Dataset(
            np.vstack(columns[:-1]), np.concatenate(labels[:-1]), weight=np.concatenate(weights[:-1])
        )
        last = lightgbm.Dataset(columns[-1], labels[-1], weight=weights[-1], reference=first)
        stopped = lightgbm.train(parameters, first, MOST_TREES, valid_sets=[last],
                                 callbacks=[lightgbm.early_stopping(PATIENCE, verbose=False)])  # fmt: skip
        every = lightgbm.Dataset(np.vstack(columns), np.concatenate(labels), weight=np.concatenate(weights))
        trees = lightgbm.train(parameters, every, max(stopped.best_iteration, 20))
        print(f"  {trees.num_trees()} trees", flush=True)
        return _TreesAndLinear(((linear, trees),), columns[0].shape[1])


def replay_trees(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """The spectral ranker as shipped, boosted trees over its 29 columns in place of its logistic model, and the two
    averaged, all fitted on the same rows of the same rounds inside each seed's training ties (test ties unread): the
    eight margins over the better of resource allocation and Adamic-Adar."""
    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        who, best = _people_and_best(graph, held)
        ranker = _WithTrees.learn(graph, fitted, seed=seed)
        assert isinstance(ranker.model, _TreesAndLinear)
        for mode in ("logistic", "trees", "averaged"):
            used = dataclasses.replace(ranker, model=dataclasses.replace(ranker.model, mode=mode))
            _margins(f"{name} seed {seed} {mode:>9}", _figures(used.top(graph, TOP, who), held) - best)


class _Scaled:
    """A random generator whose ``random`` draws are multiplied by ``factor``: the learning rounds' ``random(n) <
    0.1`` then hides ``0.1 / factor`` of the ties (every other draw unchanged)."""

    def __init__(self, rng: np.random.Generator, factor: float) -> None:
        self.rng, self.factor = rng, factor

    def random(self, size: int) -> np.ndarray:
        return self.factor * self.rng.random(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rng, name)


def replay_hidden_share(
    data: Path, seeds: list[int], datasets: tuple[str, ...], share: float, inner: int = 101
) -> None:
    """The spectral ranker whose learning rounds hide ``share`` of the ties instead of a tenth (five rounds still),
    learned inside each seed's training ties (test ties unread): the eight margins over the better of resource
    allocation and Adamic-Adar (bench/RESULTS.md, "Issue 19, fourteenth round"; the shipped ranker's are
    ``--replay-columns``' first lines)."""

    class Hiding(SpectralRanker):
        @classmethod
        def _examples(
            cls, graph: Graph, edges: np.ndarray, rng: np.random.Generator, sample: int, spare: np.random.Generator
        ) -> Any:
            return super()._examples(graph, edges, _Scaled(rng, 0.1 / share), sample, spare)  # type: ignore[arg-type]

    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        who, best = _people_and_best(graph, held)
        ranker = Hiding.learn(graph, fitted, seed=seed)
        _margins(f"{name} seed {seed} hiding {share:.3f}", _figures(ranker.top(graph, TOP, who), held) - best)


def replay_learning_seeds(data: Path, seeds: list[int], datasets: tuple[str, ...], inner: int = 101) -> None:
    """How much one learning run moves the figures: one spectral model learned with seeds ``s``, ``s + 1000``
    and ``s + 2000`` (other ties hidden in its rounds, another share of the negatives) inside each seed's training
    ties (test ties unread), then bagged (the first two and all three models' logits averaged); the eight margins
    over the better of resource allocation and Adamic-Adar (bench/RESULTS.md, "Issue 19, twelfth round"). Each model
    is learned alone (``spectral.BAGGED`` set to 1, restored after); the bag of two is what the shipped ranker
    learns (``spectral.BAG_SEEDS`` apart)."""
    shipped = spectral.BAGGED
    try:
        spectral.BAGGED = 1
        for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
            _learning_seeds(name, seed, graph, fitted, held)
    finally:
        spectral.BAGGED = shipped


def _learning_seeds(name: str, seed: int, graph: Graph, fitted: np.ndarray, held: np.ndarray) -> None:
    """One replay of :func:`replay_learning_seeds`."""
    who, best = _people_and_best(graph, held)
    made = [SpectralRanker.learn(graph, fitted, seed=seed + spectral.BAG_SEEDS * i) for i in range(3)]
    for i, ranker in enumerate(made):
        label = f"learning seed {seed + spectral.BAG_SEEDS * i}"
        _margins(f"{name} seed {seed} {label:>20}", _figures(ranker.top(graph, TOP, who), held) - best)
    for size in (2, 3):
        models = [r.model for r in made[:size] if r.model is not None]
        bagged = dataclasses.replace(made[0], model=Linear.averaged(models))  # as SpectralRanker.learn bags them
        label = f"bag of {size}"
        _margins(f"{name} seed {seed} {label:>20}", _figures(bagged.top(graph, TOP, who), held) - best)


def replay_strengths(
    data: Path, seeds: list[int], datasets: tuple[str, ...], blends: tuple[float | None, ...], inner: int = 101
) -> None:
    """On a network whose ties' strengths are known (lazega-lawyers): the spectral ranker learned without them (as
    shipped before they were read), with them (``spectral.strength_features``; its model's rank fused with
    Adamic-Adar's, ``None``, or strength allocation's at each weight of ``blends``), and resource allocation through
    strong ties alone (:func:`_allocation_top`), inside each seed's training ties
    (test ties unread): the eight margins over the better of resource allocation and Adamic-Adar."""
    for name, seed, graph, fitted, held in _replays(data, seeds, inner, datasets):
        if graph.strength is None:
            raise SystemExit(f"{name}: no tie strengths known")
        plain = dataclasses.replace(graph, strength=None)
        who, best = _people_and_best(plain, held)
        ranker = SpectralRanker.learn(plain, fitted, seed=seed)
        _margins(f"{name} seed {seed} {'without strengths':>28}", _figures(ranker.top(plain, TOP, who), held) - best)
        ranker = SpectralRanker.learn(graph, fitted, seed=seed)  # the blend is not learned: one model for all
        shipped = spectral.STRENGTH_BLEND
        try:
            for weight in blends:
                spectral.STRENGTH_BLEND = weight
                label = "with strengths, " + ("AA blend" if weight is None else f"blend {weight:g}")
                _margins(f"{name} seed {seed} {label:>28}", _figures(ranker.top(graph, TOP, who), held) - best)
        finally:
            spectral.STRENGTH_BLEND = shipped
        _margins(f"{name} seed {seed} {'strength allocation alone':>28}", _figures(_allocation_top(graph, who), held)
                 - best)  # fmt: skip


def ego_strengths(data: Path, seeds: list[int], per: int) -> None:
    """Lazega's ties with strengths known on one person's ties alone (as in a user's store, where the closeness the
    user states and the user's contact are the only strengths): for ``per`` people with hidden ties in each split
    of all the ties, that person's own list by the ranker as shipped (no strengths), the ranker reading them (fused
    with strength allocation, then with Adamic-Adar), strength allocation, resource allocation and Adamic-Adar —
    Hits@5, Hits@10 and the first hidden tie's reciprocal rank, one line a person, then the means and their
    differences from the ranker as shipped."""
    net = load("lazega-lawyers", data / "lazega-lawyers")
    assert net.strengths is not None
    found: dict[str, list[list[float]]] = {}
    for seed in seeds:
        train, test = split(net.edges, 0.1, seed)
        lost: dict[int, list[int]] = {}
        for u, v in test.tolist():
            lost.setdefault(u, []).append(v)
            lost.setdefault(v, []).append(u)
        chosen = np.random.default_rng(seed).choice(sorted(lost), size=min(per, len(lost)), replace=False)
        plain = Graph.build(net.size, train, net.attributes, net.kinds)
        shipped = SpectralRanker.learn(plain, train, seed=seed)
        strength = strength_matrix(net.size, net.edges, net.strengths)
        for me in sorted(chosen.tolist()):
            mine = (train[:, 0] == me) | (train[:, 1] == me)
            weights = np.where(mine, np.asarray(strength[train[:, 0], train[:, 1]]).ravel(), 1.0)
            graph = Graph.build(net.size, train, net.attributes, net.kinds, strength_matrix(net.size, train, weights))
            ranker, who = SpectralRanker.learn(graph, train, seed=seed), np.array([me])
            lists = {"as shipped": shipped.top(plain, TOP, who)[me]}
            kept = spectral.STRENGTH_BLEND
            try:
                for weight, label in ((kept, "with strengths"), (None, "with strengths, AA blend")):
                    spectral.STRENGTH_BLEND = weight
                    lists[label] = ranker.top(graph, TOP, who)[me]
            finally:
                spectral.STRENGTH_BLEND = kept
            lists["strength allocation"] = _allocation_top(graph, who)[me]
            for method in ("resource-allocation", "adamic-adar"):
                lists[method] = heuristic_top(plain, method, TOP, who)[me]
            for label, top in lists.items():
                at = {int(v): i + 1 for i, v in enumerate(top.tolist())}
                ranks = [at.get(v, TOP + 1) for v in lost[me]]
                row = [float(np.mean([r <= 5 for r in ranks])), float(np.mean([r <= 10 for r in ranks])),
                       1 / min(ranks) if min(ranks) <= TOP else 0.0]  # fmt: skip
                found.setdefault(label, []).append(row)
            print(
                f"seed {seed} person {me} ({len(lost[me])} lost): "
                + "; ".join(f"{label} {' '.join(f'{x:.3f}' for x in rows[-1])}" for label, rows in found.items()),
                flush=True,
            )
    base = np.array(found["as shipped"])
    print(f"{len(base)} lists; Hits@5, Hits@10, MRR (mean; difference from the ranker as shipped ± s.e.)")
    for label, rows in found.items():
        values = np.array(rows)
        gap = values - base
        error = gap.std(axis=0, ddof=1) / np.sqrt(len(gap))
        print(
            f"  {label:>26}: "
            + " ".join(f"{m:.4f}" for m in values.mean(axis=0))
            + " | "
            + " ".join(f"{d:+.4f} ± {e:.4f}" for d, e in zip(gap.mean(axis=0), error, strict=True))
        )


def _allocation_top(graph: Graph, who: np.ndarray) -> dict[int, np.ndarray]:
    """Each person's top :data:`TOP` by ``strength.strength_top``, filled up to :data:`TOP` with the untied people it
    scores 0, by id (as these replays first scored every pair; resource allocation's and Adamic-Adar's lists stop at
    two hops, so the filling favours strength allocation a little at Hits@50)."""
    found = strength_top(graph, TOP, who)
    for u in who.tolist():
        if len(found[u]) < TOP:
            taken = np.r_[found[u], graph.adj.indices[graph.adj.indptr[u] : graph.adj.indptr[u + 1]], u]
            rest = np.setdiff1d(np.arange(graph.size), taken)
            found[u] = np.r_[found[u], rest[: TOP - len(found[u])]]
    return found


def _figures(top: dict[int, np.ndarray], held: np.ndarray) -> np.ndarray:
    """The eight figures: Hits@10/20/50 and MRR per edge, then per person."""
    c = all_metrics(top, held)
    return np.array([*(c.hits[k] for k in (10, 20, 50)), c.edge_mrr, *(c.person_hits[k] for k in (10, 20, 50)), c.mrr])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--generated", type=int, default=0, help="Also time both rankers on an N-person network.")
    parser.add_argument("--skip-data", action="store_true", help="Only the generated network.")
    parser.add_argument("--only-ltr", action="store_true", help="Time learning to rank alone on the generated one.")
    parser.add_argument("--rankers", default="logistic,ltr", help="Rankers to time on the generated one: "
                        "logistic, ltr, spectral (comma-separated).")  # fmt: skip
    parser.add_argument("--without-egos", default="", help="Seeds (7,8): test ties with and without ego ties.")
    parser.add_argument("--replay", default="", help="Inner seeds (101,102): the evaluation on training ties.")
    parser.add_argument("--replay-spectral", default="", help="Outer seeds (7,8): the spectral ranker replayed.")
    parser.add_argument("--replay-blends", default="", help="Outer seeds (7,8): fixed blends of the spectral ranker.")
    parser.add_argument("--blends", default="", help="With the above, instead of the nine fixed blends: "
                        "heuristic:weight or none, comma-separated (adamic-adar:0.25,none).")  # fmt: skip
    parser.add_argument("--replay-three-hop", default="", help="Outer seeds (7,8): three-hop candidates or not.")
    parser.add_argument("--replay-ranks", default="", help="Outer seeds (7,8): the low-rank variants compared.")
    parser.add_argument("--replay-edge-weights", default="", help="Outer seeds (7,8): hidden ties weighted.")
    parser.add_argument("--replay-normalised", default="", help="Outer seeds (7,8): without and with the "
                        "normalised adjacency's low-rank columns.")  # fmt: skip
    parser.add_argument("--replay-learning-seeds", default="", help="Outer seeds (7,8): the spectral ranker "
                        "learned with three seeds, and bagged.")  # fmt: skip
    parser.add_argument("--replay-clustering", default="", help="Outer seeds (7,8): the spectral ranker without "
                        "and with both people's local clustering.")  # fmt: skip
    parser.add_argument(
        "--replay-columns",
        default="",
        help="Outer seeds (7,8): the spectral ranker without and with the columns --columns names.",
    )
    parser.add_argument("--columns", default="common-friends", help="With the above: " + ", ".join(EXTRA_COLUMNS))
    parser.add_argument("--replay-netmf", default="", help="Outer seeds (7,8): the spectral ranker with each "
                        "of --windows NetMF windows (0: without NetMF's columns).")  # fmt: skip
    parser.add_argument("--windows", default="0,10", help="With the above.")
    parser.add_argument("--replay-trees", default="", help="Outer seeds (7,8): boosted trees over the spectral "
                        "ranker's columns, alone and averaged with its logistic model.")  # fmt: skip
    parser.add_argument("--replay-hidden-share", default="", help="Outer seeds (7,8): the spectral ranker's "
                        "learning rounds hiding --share of the ties.")  # fmt: skip
    parser.add_argument("--share", type=float, default=0.05, help="With the above.")
    parser.add_argument("--replay-strengths", default="", help="Outer seeds (7,8): the spectral ranker without and "
                        "with the ties' strengths (lazega-lawyers).")  # fmt: skip
    parser.add_argument("--ego-strengths", default="", help="Split seeds (1,2): strengths on one person's ties "
                        "alone (lazega-lawyers), that person's list.")  # fmt: skip
    parser.add_argument("--per", type=int, default=30, help="With the above: people a split.")
    parser.add_argument("--strength-blends", default="aa,0.5,1,2,3,4,8", help="With the above: the weights of "
                        "strength allocation's rank fused with the model's (aa: Adamic-Adar's).")  # fmt: skip
    parser.add_argument("--extra-weights", default=",".join(map(str, EXTRA_WEIGHTS)), help="With the above.")
    parser.add_argument("--datasets", default=",".join(REPLAYED), help="Data sets to replay (comma-separated).")
    parser.add_argument("--sample", type=int, default=0, help="Rank this many of the generated people, not all.")
    parser.add_argument("--learn-on", type=int, default=100_000, help="With --sample: learn on a network this big.")
    parser.add_argument("--spectral-weights", action="store_true", help="The spectral model's largest weights.")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    if args.spectral_weights:
        spectral_weights(args.data, args.seed)
        return
    datasets, extras = tuple(args.datasets.split(",")), tuple(float(x) for x in args.extra_weights.split(","))
    blends = tuple(None if x == "aa" else float(x) for x in args.strength_blends.split(","))
    windows = tuple(int(x) for x in args.windows.split(","))
    replays: tuple[tuple[str, Callable[[list[int]], None]], ...] = (  # the first option given runs, in this order
        (args.replay_ranks, lambda seeds: replay_ranks(args.data, seeds, datasets)),
        (args.replay_normalised, lambda seeds: replay_normalised(args.data, seeds, datasets)),
        (args.replay_clustering, lambda seeds: replay_clustering(args.data, seeds, datasets)),
        (args.replay_columns, lambda seeds: replay_columns(args.data, seeds, datasets, args.columns)),
        (args.replay_netmf, lambda seeds: replay_netmf(args.data, seeds, datasets, windows)),
        (args.replay_trees, lambda seeds: replay_trees(args.data, seeds, datasets)),
        (args.replay_hidden_share, lambda seeds: replay_hidden_share(args.data, seeds, datasets, args.share)),
        (args.replay_strengths, lambda seeds: replay_strengths(args.data, seeds, datasets, blends)),
        (args.ego_strengths, lambda seeds: ego_strengths(args.data, seeds, args.per)),
        (args.replay_learning_seeds, lambda seeds: replay_learning_seeds(args.data, seeds, datasets)),
        (args.replay_edge_weights, lambda seeds: replay_edge_weights(args.data, seeds, datasets, extras)),
        (args.replay_three_hop, lambda seeds: replay_three_hop(args.data, seeds, datasets)),
    )
    for given, run in replays:
        if given:
            run([int(x) for x in given.split(",")])
            return
    if args.replay_blends:
        named = tuple(None if b == "none" else (b.split(":")[0], float(b.split(":")[1]))
                      for b in args.blends.split(",") if b)  # fmt: skip
        replay_blends(args.data, [int(x) for x in args.replay_blends.split(",")], blends=named or FIXED_BLENDS,
                      datasets=datasets)  # fmt: skip
        return
    if args.replay_spectral:
        replay_spectral(args.data, [int(x) for x in args.replay_spectral.split(",")])
        return
    if args.replay:
        replay(args.data, args.seed, [int(x) for x in args.replay.split(",")])
        return
    if args.without_egos:
        without_egos(args.data / "ego-facebook", [int(x) for x in args.without_egos.split(",")])
        return
    for name in () if args.skip_data else ("ego-facebook", "email-eu-core"):
        net = load(name, args.data / name)
        train, _ = split(net.edges, 0.1, args.seed)  # the test edges are not read
        graph = Graph.build(net.size, train, net.attributes, net.kinds)
        print(f"{name}, split seed {args.seed}: {len(train):,} training ties")
        pool_recall(graph, train, args.seed)
        learned(graph, train, args.seed)
    if args.generated:
        if args.sample:
            sampled(args.generated, args.seed, args.sample, args.learn_on)
        else:
            kinds = {"logistic": Ranker, "ltr": LtrRanker, "spectral": SpectralRanker}
            chosen = ["ltr"] if args.only_ltr else args.rankers.split(",")
            speed(args.generated, args.seed, tuple(kinds[name] for name in chosen))


if __name__ == "__main__":
    main()
