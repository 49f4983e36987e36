"""The network's low-rank structure as features of the logistic ranker: the default ranker up to 50,000 people.

Resource allocation and Adamic-Adar count the friends two people share, so they
see one step around the pair and nothing of the group both belong to. The
leading eigenvectors of the adjacency matrix see the groups: its best rank-``k``
approximation ``Σ λ_i x_i x_iᵀ`` (the ``k`` largest eigenvalues: the network's
dense parts) scores a pair by how far both sit in the same dense parts, through
friends they do not share too. On its own that score ranks far below resource
allocation (ego-Facebook, Hits@10 per edge 0.39 vs 0.49 on a split of training
ties); beside it, it orders RA's near-equals by the group (bench/RESULTS.md,
"Issue 19, fourth round").

:class:`SpectralRanker` is :class:`~kithkin.network.linkpred.Ranker` (same pool
and logistic model; five rounds, a fixed blend, and ties one end alone can find weighed more in the fit:
:data:`ROUNDS`, :data:`BLEND`, :data:`ONE_END_WEIGHT`)
whose model also reads, for ``k`` in :data:`RANKS`, the rank-``k`` score's rank
among the person's candidates and its share of the person's largest
(:func:`low_rank_features`), and the same of the normalised adjacency's
``D^-1/2 A D^-1/2`` for ``k`` in :data:`NORMALISED_RANKS` (since the tenth
round: its eigenvectors follow the groups where the adjacency's lean towards
the hubs), and both people's local clustering (:func:`structure_features`, since
the thirteenth round). Each round computes
them on its own graph (a tenth of the ties hidden), as the other features are.
The model is free to weigh them little: they were kept because, on ten splits of
the two evaluation data sets' *training* ties (the evaluation replayed inside
them), the ranker with them was above the best heuristic on every figure of every
split, and above the logistic ranker without them on most (bench/RESULTS.md).

Its model also reads the product of every two of its features (29, 31 since NetMF's two)
(:func:`interactions`): a linear model over the features alone weighs each the
same whatever the others say, and was at the limit of what more features could add
(the learning-to-rank features, reciprocity, bagging four models: all within the
noise of one model's own seed). With the products, the sum of the eight margins over
the best heuristic rose on all five ego-Facebook replays and on three of five
email-Eu-core ones, and stayed above the best heuristic on every figure of all ten
(bench/RESULTS.md, "Issue 19, fifth round").

Since the twelfth round it learns two such models, each from its own rounds, and
averages their logits (:data:`BAGGED`, up to :data:`BAGGED_UP_TO` people): one learning
run moves single figures by as much as the heuristics' spread between splits, and two
models bagged were above the mean single model on nine replays of ten.

Since the fifteenth round, where ties' strengths are known (:attr:`Graph.strength`: Lazega's law firm; in a store,
the closeness the user states and the user's contact), the model also reads resource allocation through strong
ties (:func:`strength_features`), and each person's list is fused with it in proportion to how many of their ties'
strengths are known (:func:`strength_fused`, :data:`STRENGTH_BLEND`). Without strengths nothing changes.

Since the eighteenth round it reads NetMF's matrix entry too (:func:`netmf_features`: what DeepWalk factorises,
walks of up to ten steps, from the normalised eigenpairs above): the largest gain of the eighteen rounds on the
ego-Facebook replays, level on email-Eu-core's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import BinaryIO, ClassVar

import numpy as np
import scipy.sparse as sp

from kithkin.network.heuristics import Graph, distinct, member
from kithkin.network.linkpred import (
    COLUMNS,
    FEATURES,
    HEURISTIC_COLUMN,
    Choice,
    Examples,
    Linear,
    Ranker,
    _ranks_within,
    _with_context,
    fuse,
    pair_features,
    share_of_best,
)
from kithkin.network.linkpred import ROUNDS as LOGISTIC_ROUNDS
from kithkin.network.parallel import Progress
from kithkin.network.reasons import folded
from kithkin.network.strength import strength_allocation

__all__ = ["BAGGED", "BAGGED_UP_TO", "BLEND", "NORMALISED_RANKS", "RANKS", "ROUNDS", "UP_TO", "SpectralRanker",
           "interactions", "leading_eigenpairs", "low_rank_features", "low_rank_scores", "normalised",
           "shared_ranks", "strength_features", "strength_fused", "structure_features"]  # fmt: skip

#: Largest network whose ranker reads the low-rank features. They were chosen on networks of 1,005 and 4,039
#: people. At 10^6 the randomised decomposition took 210 s (7.8 GiB), and 128 eigenvectors describe 128 of
#: the network's thousands of groups; at 50,000 it takes 11.5 s, once for each of the six graphs learning sees
#: (five rounds and the final graph; eleven where two models are learned, :data:`BAGGED_UP_TO`).
UP_TO = 50_000
#: Ranks ``k`` of the low-rank scores the model reads (its own weights say how much each counts). 128 since the
#: eighth round: on replays inside the training ties of five splits of each data set, the sum of the eight margins
#: over the best heuristic rose on four of five ego-Facebook ones (level on the fifth) and stayed level on
#: email-Eu-core's; 256 as well moved email-Eu-core both ways (bench/RESULTS.md, "Issue 19, eighth round").
RANKS = (16, 32, 64, 128)
#: Ranks ``k`` of the normalised adjacency's low-rank scores (:func:`normalised`, degree-corrected) the model reads
#: too: the adjacency's own leading eigenvectors lean towards the hubs, the normalised one's follow the groups. Since
#: the tenth round: on replays inside the training ties of five splits of each data set, the sum of the eight
#: margins over the best heuristic rose on all five ego-Facebook ones (0.506 → 0.569) and on four of five
#: email-Eu-core ones (bench/RESULTS.md, "Issue 19, tenth round").
NORMALISED_RANKS = (64, 128)
#: Up to this many people the eigenpairs come from a dense decomposition (exact, and fast enough).
DENSE = 1500
#: NetMF's window (:func:`netmf_features`): DeepWalk's usual 10; 0 reads no NetMF columns (the ranker before the
#: eighteenth round, which the replays compare). Windows 5 and 20 were each below 10 on ego-Facebook replays inside
#: the training ties (bench/RESULTS.md, "Issue 19, nineteenth round").
NETMF_WINDOW = 10
#: Extra singular pairs the randomised decomposition computes beyond ``k`` (its accuracy at the ``k``-th).
OVERSAMPLE = 64
#: Power iterations of the randomised decomposition (each multiplies by the adjacency twice).
POWER = 7
#: Share of the candidates that are not hidden ties the model is fitted on (all hidden ties are).
NEGATIVES = 0.25
#: Learning rounds (each hides a tenth of the ties) of the spectral model; the logistic ranker's three above
#: :data:`UP_TO`. Chosen on replays inside the training ties of five splits of each data set (bench/RESULTS.md,
#: "Issue 19, fifth round"): five rounds raised the smallest of the eight margins over the best heuristic on all
#: ten replays, at about 1.5 times the learning time.
ROUNDS = 5
#: The spectral model's rank fused with Adamic-Adar's, the model counting twice as much (:func:`linkpred.fuse`),
#: fixed rather than chosen on the last round as the logistic ranker does: on replays inside the training ties
#: of five splits of each data set (bench/RESULTS.md, "Issue 19, sixth round"), choosing on one round picked
#: noise, and of nine fixed blends this one alone did better than choosing on both data sets, by the smallest
#: margin and by the sum of margins. One fewer model to fit while learning, too. Re-checked on the eighteenth
#: round's model (bench/RESULTS.md, "Issue 19, twentieth and twenty-first rounds"): ¼ or none traded per-edge
#: figures for per-person ones, ¾ or 1 cost per-person figures for no per-edge gain.
BLEND = ("adamic-adar", 0.5)
#: How much a hidden tie counts in the fit when the other end would not find it — the tie's source is not in
#: the other end's top :data:`FOUND_AT` by Adamic-Adar among that end's own candidates in the same round (or
#: the other end was not sampled); other examples count once. A tie counted once if either end lists it (what
#: the per-edge figures count, and what introductions across a community need) gains nothing from the second
#: end, so the model learns more from the ties one end alone can find. Chosen on replays inside the training
#: ties of five splits of each data set among 1 (before), 1.5, 2 and 4 (bench/RESULTS.md, "Issue 19, ninth
#: round"): at 1.5 the per-edge Hits@10, Hits@20 and MRR margins rose on all ten replays (Hits@50 on eight) and
#: the sum of the eight margins on nine (level on the tenth), costing the per-person figures a little (MRR: mean
#: −0.0005 on ego-Facebook, −0.0025 on email-Eu-core).
ONE_END_WEIGHT = 1.5
#: The other end "finds" a tie in its top this many (:data:`ONE_END_WEIGHT`).
FOUND_AT = 10
#: Models the spectral ranker learns, each from its own :data:`ROUNDS` rounds (learning seeds ``seed``, ``seed +``
#: :data:`BAG_SEEDS`, …), their logits averaged into one model (:meth:`Linear.averaged`: scoring costs the same).
#: One learning run moves single figures by as much as the heuristics' spread between splits (ego-Facebook: per-edge
#: Hits@10 by up to 0.0066, the per-person MRR by up to 0.0097). On replays inside the training ties of five splits
#: of each data set (bench/RESULTS.md, "Issue 19, twelfth round"), two models bagged were above the mean of three
#: single models in the sum of the eight margins over the best heuristic on all five ego-Facebook replays (+0.004)
#: and on four of five email-Eu-core ones (+0.015); three were no better than two. Learning takes twice as long,
#: so only up to :data:`BAGGED_UP_TO` people.
BAGGED = 2
#: Largest network whose spectral ranker learns :data:`BAGGED` models (one above). The gain was measured on networks
#: of 1,005 and 4,039 people, where learning takes a minute or two; at 50,000 two models took 327 s to learn, one
#: 153 s (bench/RESULTS.md, "Issue 19, twelfth round"), for a gain no replay there has measured.
BAGGED_UP_TO = 10_000
#: Where ties' strengths are known, the model's rank is fused with strength allocation's (:func:`strength_features`)
#: instead of Adamic-Adar's (:data:`BLEND`), this weight to the model's 1, for a person all of whose ties' strengths
#: are known; in part, for one some of whose are (:func:`strength_fused`); ``None``: Adamic-Adar's, as without
#: strengths. Chosen among 0.5, 1, 2, 3, 4 and 8 on 40 replays inside the training ties of Lazega's law firm, the one
#: network here whose ties' strengths are known (bench/RESULTS.md, "Issue 19, fifteenth round"): the sum of the eight
#: margins over the best heuristic rose from −0.032 without strengths to +0.187 (above on 39 of 40; fused with
#: Adamic-Adar as without, +0.078).
STRENGTH_BLEND: float | None = 2.0
#: The step between the bagged models' learning seeds.
BAG_SEEDS = 1000


def leading_eigenpairs(adj: sp.csr_array, k: int | None = None, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest eigenvalues of a symmetric adjacency matrix, largest first, and their eigenvectors
    (columns); by default as many as the largest of :data:`RANKS`.

    Small networks take a dense decomposition. Larger ones take a randomised one (Halko, Martinsson & Tropp
    2011, scikit-learn's ``randomized_svd``): ``k`` + :data:`OVERSAMPLE` singular pairs from a seeded start,
    each singular value signed as its eigenvalue (``u·v`` is ±1 for a symmetric matrix), the ``k`` largest
    kept. ARPACK's Lanczos (``eigsh``) had not finished in 5 minutes at 10^6 people; to rank 128 this takes about
    2 s on ego-Facebook, where its rank-64 scores correlate at 0.99999 with the exact pairs' and its rank-128
    ones at 0.979 (the tail of the spectrum is flatter), and 11.5 s at 50,000 people (bench/RESULTS.md, "Issue
    19, eighth round"). The same ties and seed give the same pairs.

    >>> a = Graph.build(4, np.array([[0, 1], [2, 3]])).adj
    >>> values, vectors = leading_eigenpairs(a, 2)
    >>> values.round(6).tolist()
    [1.0, 1.0]
    """
    size = int(adj.shape[0])
    k = min(max(RANKS) if k is None else k, size - 1) if size > 1 else 0
    if k <= 0:
        return np.zeros(0), np.zeros((size, 0))
    if size <= DENSE:
        values, vectors = np.linalg.eigh(adj.toarray())
    else:
        from sklearn.utils.extmath import randomized_svd  # ~1 s to import: only when learning or ranking

        left, singular, right = randomized_svd(sp.csr_matrix(adj, dtype=float), n_components=min(k + OVERSAMPLE,
                                               size - 1), n_iter=POWER, random_state=seed)  # fmt: skip
        values, vectors = singular * np.sign(np.einsum("ij,ji->j", left, right)), left
    order = np.argsort(-values, kind="stable")[:k]
    return np.asarray(values[order]), np.ascontiguousarray(vectors[:, order])


def _bagged_progress(progress: Progress, bag: int, bags: int) -> Progress:
    """``progress`` of all ``bags`` models' learning from one model's ``(done, total)``."""
    return lambda done, total: progress(bag * total + done, bags * total)


def normalised(adj: sp.csr_array) -> sp.csr_array:
    """``D^-1/2 A D^-1/2``: the adjacency with each tie divided by the geometric mean of its ends' degrees, so
    that its leading eigenvectors follow groups rather than hubs (the adjacency's own lean towards the hubs: its
    largest eigenvalues grow with the largest degrees).

    >>> normalised(Graph.build(3, np.array([[0, 1], [0, 2]])).adj).toarray().round(4).tolist()
    [[0.0, 0.7071, 0.7071], [0.7071, 0.0, 0.0], [0.7071, 0.0, 0.0]]
    """
    degree = np.asarray(adj.sum(axis=1)).ravel()
    scale = sp.diags_array(1 / np.sqrt(np.maximum(degree, 1)))
    return sp.csr_array(scale @ adj @ scale)


def low_rank_scores(graph: Graph, pairs: np.ndarray, k: int) -> np.ndarray:
    """``Σ_{i<k} λ_i x_i(u) x_i(v)`` for each pair ``(u, v)``: the rank-``k`` approximation's entry.

    >>> g = Graph.build(4, np.array([[0, 1], [2, 3]]))
    >>> low_rank_scores(g, np.array([[0, 1], [0, 2]]), 2).round(6).tolist()
    [0.5, 0.0]
    """
    return _at_ranks(graph, pairs, (k,))[:, 0]


def _at_ranks(
    graph: Graph, pairs: np.ndarray, ranks: tuple[int, ...], chunk: int = 1 << 16, *, degree_corrected: bool = False
) -> np.ndarray:
    """:func:`low_rank_scores` at each rank of ``ranks`` (columns), each pair's two rows of eigenvectors gathered
    once for all of them; ``degree_corrected``: of the normalised adjacency (:attr:`Graph.normalised_spectral`),
    each score times ``√(d_u d_v)``, the entry of ``A`` it approximates (``√d_u``, the same for a person's whole
    list, is left out)."""
    values, vectors = graph.normalised_spectral if degree_corrected else graph.spectral
    at = [min(k, len(values)) for k in ranks]
    top = max(at)
    out = np.zeros((len(pairs), len(ranks)))
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        left, right = vectors[part[:, 0], :top] * values[:top], vectors[part[:, 1], :top]  # gathered once
        out[start : start + len(part)] = np.column_stack([np.einsum("ij,ij->i", left[:, :k], right[:, :k]) for k in at])
    return out * np.sqrt(graph.degree[pairs[:, 1]])[:, None] if degree_corrected else out


def low_rank_features(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """For each rank ``k`` in :data:`RANKS`, then in :data:`NORMALISED_RANKS` (degree-corrected, :func:`_at_ranks`):
    the low-rank score's rank among the source's candidates (log) and the score as a share of the source's
    largest in magnitude. Pairs grouped by source, each source's whole list.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> low_rank_features(g, np.array([[0, 2], [0, 3]])).shape  # two columns for each of the six ranks
    (2, 12)
    """
    sources = pairs[:, 0]
    _, group = np.unique(sources, return_inverse=True)
    columns = []
    scores = _at_ranks(graph, pairs, RANKS)
    if NORMALISED_RANKS:  # none: the ranker before the tenth round (the replays compare the two)
        scores = np.column_stack([scores, _at_ranks(graph, pairs, NORMALISED_RANKS, degree_corrected=True)])
    for low in scores.T:
        largest = np.zeros(int(group.max(initial=-1)) + 1)
        np.maximum.at(largest, group, np.abs(low))
        scale = largest[group]
        columns += [np.log(_ranks_within(low, sources)), np.where(scale > 0, low / np.where(scale > 0, scale, 1), 0)]
    return np.column_stack(columns)


def netmf_features(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """For each pair, NetMF's matrix entry (Qiu et al. 2018, "Network embedding as matrix factorization": what
    DeepWalk with a window of ``T`` = :data:`NETMF_WINDOW` and one negative sample implicitly factorises),
    ``vol/T · Σ_i f(λ_i) x_i(u) x_i(v) / √(d_u d_v)`` with ``f(λ) = Σ_{r=1..T} λ^r``, from the normalised
    adjacency's leading eigenpairs the low-rank columns already use (so nothing more is decomposed): walks of up to
    ``T`` steps, where the low-rank columns approximate one, and divided by the candidate's degree where they
    multiply. Two columns: the entry's rank among the source's candidates (log), and NetMF's shifted PMI
    ``log(max(entry, 1))``. Pairs grouped by source, each source's whole list; none when the window is 0.

    Since the eighteenth round (bench/RESULTS.md, "Issue 19, eighteenth round"): on replays inside the training
    ties it raised the sum of the eight margins over the best heuristic on 9 of 10 ego-Facebook replays (+0.0128 ±
    0.0022 a replay, most of it per person) and left email-Eu-core's level (+0.0001 ± 0.0020 over five).

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> netmf_features(g, np.array([[0, 2], [0, 3]])).shape
    (2, 2)
    """
    if not NETMF_WINDOW or not NORMALISED_RANKS:
        return np.zeros((len(pairs), 0))
    values, vectors = graph.normalised_spectral
    filtered = (values[:, None] ** np.arange(1, NETMF_WINDOW + 1)[None, :]).sum(axis=1)
    degree = np.maximum(graph.degree, 1).astype(float)
    entry = np.zeros(len(pairs))
    for start in range(0, len(pairs), 1 << 16):
        part = pairs[start : start + (1 << 16)]
        entry[start : start + len(part)] = np.einsum("ij,ij->i", vectors[part[:, 0]] * filtered, vectors[part[:, 1]])
    entry *= float(degree.sum()) / NETMF_WINDOW / np.sqrt(degree[pairs[:, 0]] * degree[pairs[:, 1]])
    return np.column_stack([np.log(_ranks_within(entry, pairs[:, 0])), np.log(np.maximum(entry, 1.0))])


def structure_features(graph: Graph, pairs: np.ndarray, strengths: bool | None = None) -> np.ndarray:
    """:func:`low_rank_features`, then the person's and the candidate's local clustering (:attr:`Graph.clustering`),
    then :func:`netmf_features` (since the eighteenth round), then, with ``strengths`` (by default when the graph
    has tie strengths), :func:`strength_features`: the columns the spectral ranker adds to the logistic ranker's.

    Clustering since the thirteenth round: through the products (:func:`interactions`) it lets the model weigh
    friends in common differently in a tight circle, where most friends know each other, and in a loose one. On
    replays inside the training ties (bench/RESULTS.md, "Issue 19, thirteenth round") it raised the sum of the eight
    margins over the best heuristic on nine of ten ego-Facebook replays (+0.0047 ± 0.0018 a replay) and by
    +0.0035 ± 0.0020 on email-Eu-core's five (more than 0.001 on three, within 0.0002 on two).

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [0, 2], [2, 3]]))
    >>> structure_features(g, np.array([[0, 3], [1, 3]]))[:, -4:-2].tolist()  # the two people's clustering
    [[1.0, 0.0], [1.0, 0.0]]
    """
    clustering = graph.clustering
    columns = [low_rank_features(graph, pairs), clustering[pairs[:, 0]], clustering[pairs[:, 1]]]
    columns.append(netmf_features(graph, pairs))
    if strengths is None:  # learning: the round's own graph says
        strengths = graph.strength is not None
    if strengths:
        columns.append(strength_features(graph, pairs))
    return np.column_stack(columns)


def strength_features(graph: Graph, pairs: np.ndarray) -> np.ndarray:
    """Where ties' strengths are known (:attr:`Graph.strength`; without them every tie counts 1): resource
    allocation through strong ties (:func:`kithkin.network.strength.strength_allocation`), as its rank among the
    source's candidates (log) and its share of the source's largest. Pairs grouped by source, each source's whole
    list. The columns the spectral ranker reads on such networks, after :func:`structure_features`' others.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [0, 3], [3, 2]]))
    >>> strength_features(g, np.array([[0, 2]])).tolist()
    [[0.0, 1.0]]
    """
    sources = pairs[:, 0]
    found = strength_allocation(graph, pairs)
    return np.column_stack([np.log(_ranks_within(found, sources)), share_of_best(found, sources)])


def strength_fused(
    probability: np.ndarray, raw: np.ndarray, structure: np.ndarray, sources: np.ndarray, known: np.ndarray,
    blend: tuple[str, float],
) -> np.ndarray:  # fmt: skip
    """The model's rank fused with Adamic-Adar's (``blend``, :data:`BLEND`) and strength allocation's
    (:data:`STRENGTH_BLEND`), each person's weights by how many of their ties' strengths are ``known`` (share):
    ``exp(−(log r_model + (1 − k)·a·log r_AA + k·b·log r_SA) / (1 + (1 − k)·a + k·b))``. A person all of whose ties'
    strengths are known (Lazega's lawyers, where the weight was chosen) gets strength allocation's blend alone; one
    none of whose are (most people in a user's network, where only the user's own ties are described) gets the
    blend chosen without strengths, exactly; the user gets what their share says.

    >>> raw = np.zeros((2, len(FEATURES))); raw[:, FEATURES.index("adamic-adar")] = [2.0, 1.0]
    >>> structure = np.array([[0.0, 0.5], [0.0, 1.0]])  # strength allocation's share of the best, last
    >>> p, s = np.array([0.9, 0.1]), np.array([0, 0])
    >>> [strength_fused(p, raw, structure, s, np.array([k]), ("adamic-adar", 0.5)).round(3).tolist() for k in (0, 1)]
    [[1.0, 0.5], [0.63, 0.794]]
    """
    name, weight = blend
    k = known[sources]
    aa, sa = (1 - k) * weight, k * (STRENGTH_BLEND or 0.0)
    mine = np.log(_ranks_within(probability, sources))
    theirs = np.log(_ranks_within(raw[:, FEATURES.index(name)], sources))
    strong = np.log(shared_ranks(structure[:, -1], sources))  # its share of the best: the same order
    return np.asarray(np.exp(-(mine + aa * theirs + sa * strong) / (1 + aa + sa)))


def shared_ranks(values: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each value's rank (1 = highest) among the same source's, equal values sharing the best of their ranks.

    Why not by position, as the model's columns are ranked: strength allocation is the heavier half of the fused
    score where strengths are known (:data:`STRENGTH_BLEND`), and people three steps away, or met through a rare
    group alone, share no friend, so all score 0; ranked by position (their column order, which means nothing) the
    last of them would sit a hundred places below the first, whatever the model says of them.

    >>> shared_ranks(np.array([0.0, 3.0, 0.0, 1.0, 5.0]), np.array([0, 0, 0, 0, 1])).tolist()
    [3.0, 1.0, 3.0, 2.0, 1.0]
    """
    order = np.lexsort((-values, sources))
    ordered_sources, ordered = sources[order], values[order]
    at = np.arange(len(values))
    source_begins = np.r_[True, ordered_sources[1:] != ordered_sources[:-1]]
    run_begins = source_begins | np.r_[True, ordered[1:] != ordered[:-1]]
    first_of_source = np.maximum.accumulate(np.where(source_begins, at, 0))
    first_of_run = np.maximum.accumulate(np.where(run_begins, at, 0))
    ranks = np.empty(len(values))
    ranks[order] = first_of_run - first_of_source + 1
    return ranks


def interactions(features: np.ndarray) -> np.ndarray:
    """The columns, then the product of every two of them (each with itself too): a logistic model over these
    weighs a feature by the others' values (a low-rank score's rank counts more where resource allocation's
    is high), as a model over the columns alone cannot.

    >>> interactions(np.array([[2.0, 3.0]])).tolist()
    [[2.0, 3.0, 4.0, 6.0, 9.0]]
    """
    first, second = np.triu_indices(features.shape[1])
    return np.column_stack([features, features[:, first] * features[:, second]])


def _columns(raw: np.ndarray, sources: np.ndarray, low_rank: np.ndarray) -> np.ndarray:
    """The logistic ranker's features and the spectral ranker's own: the 31 columns whose products it reads too."""
    return np.column_stack([_with_context(raw, sources), low_rank])


def model_features(raw: np.ndarray, sources: np.ndarray, low_rank: np.ndarray) -> np.ndarray:
    """What the spectral ranker's model reads: :func:`_columns` and their :func:`interactions`."""
    return interactions(_columns(raw, sources, low_rank))


@dataclass(frozen=True)
class LowRankExamples(Examples):
    """A round's examples with the low-rank features of its own graph (the one with a tenth hidden)."""

    low_rank: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    @property
    def features(self) -> np.ndarray:
        return model_features(self.raw, self.sources, self.low_rank)


@dataclass
class SpectralRanker(Ranker):
    """The logistic ranker whose model also reads the low-rank features (module docstring) on networks of up to
    :data:`UP_TO` people; on larger ones, the logistic ranker itself."""

    #: Whether the model reads :func:`structure_features`.
    spectral: bool = True
    #: Whether it reads :func:`strength_features` too (it was learned on ties whose strengths were known).
    strengths: bool = False
    #: :data:`ONE_END_WEIGHT`, which a subclass may change (the replays compare weights so).
    one_end_weight: ClassVar[float] = ONE_END_WEIGHT

    def three_hop(self) -> bool:
        """Up to :data:`UP_TO` people, yes: people with fewer two hops away than the list holds are ranked
        people three hops away too, by the model learned on two-hop candidates (on replays inside the training
        ties of four networks, bench/RESULTS.md "Issue 19, seventh round": the sum of the eight margins over
        the best heuristic rose from 0.001 and 0.050 to 0.141 and 0.169 on two of ca-GrQc's, from 0.195 to
        0.307 on one of LastFM Asia's, and stayed level on ego-Facebook's and email-Eu-core's; the learned
        model is the same). Above, the logistic ranker's two-hop lists."""
        return self.spectral

    @classmethod
    def learn(
        cls, graph: Graph, edges: np.ndarray, *, seed: int = 7, sample: int = 3000, rounds: int | None = None,
        progress: Progress | None = None,
    ) -> SpectralRanker:  # fmt: skip
        """As :meth:`Ranker.learn`, each round's examples with the low-rank features of that round's graph, and
        :data:`BAGGED` models learned so (up to :data:`BAGGED_UP_TO` people), their logits averaged; ``rounds`` (of
        each model) defaults to :data:`ROUNDS` (to the logistic ranker's own above :data:`UP_TO`, one model)."""
        if graph.size > UP_TO:
            rounds = LOGISTIC_ROUNDS if rounds is None else rounds
            plain = Ranker.learn(graph, edges, seed=seed, sample=sample, rounds=rounds, progress=progress)
            return cls(plain.model, plain.blend, plain.per_source, plain.choices, plain.overall, spectral=False)
        rounds = ROUNDS if rounds is None else rounds
        bags = BAGGED if graph.size <= BAGGED_UP_TO else 1
        made = []
        for bag in range(bags):  # each its own rounds: other ties hidden, another share of the negatives
            step = None if progress is None else _bagged_progress(progress, bag, bags)
            one = super().learn(graph, edges, seed=seed + BAG_SEEDS * bag, sample=sample, rounds=rounds, progress=step)
            assert isinstance(one, SpectralRanker)
            made.append(one)
        strengths = graph.strength is not None  # each round's own graph has them too (and so the examples)
        models = [one.model for one in made if one.model is not None]
        if len(models) < len(made):  # too few ties to learn from: the fallback, whatever the seed
            return replace(made[0], strengths=strengths)
        return replace(made[0], model=Linear.averaged(models), strengths=strengths)

    @classmethod
    def _blend(cls, rounds: list[Examples]) -> tuple[tuple[str, float] | None, tuple[Choice, ...]]:
        """:data:`BLEND`, whatever the rounds (nothing chosen, so no choices to report)."""
        return BLEND, ()

    @classmethod
    def _model(cls, rounds: list[Examples]) -> Linear:
        """Fitted on every hidden tie and a seeded :data:`NEGATIVES` share of the other candidates (their features
        computed on whole lists first, as ranks are within a list), by Newton's method (lbfgs stopped short of
        the optimum with the interactions' 276 columns, fifth round). All candidates took 8.6 GB and 2 minutes on
        ego-Facebook; dropping negatives at random moves every logit by the same amount (the ranking within
        a list does not change)."""
        rng = np.random.default_rng(sum(len(ex.labels) for ex in rounds))
        examples = [ex for ex in rounds if isinstance(ex, LowRankExamples)]
        if len(examples) < len(rounds):
            raise TypeError("the spectral ranker learns from low-rank examples")
        kept, labels, weights = [], [], []
        for ex in examples:
            kept.append(ex.labels | (rng.random(len(ex.labels)) < NEGATIVES))
            labels.append(ex.labels[kept[-1]])
            weights.append(cls._weights(ex)[kept[-1]])
        # The largest array learning makes (rows × 464 terms), so each round's :func:`interactions` are written
        # straight into it and it is standardised in place, not stacked from parts and copied: learning on
        # ego-Facebook's seed-7 replay peaked at 8.5 GB with the copies, 4.9 GB without (the same model).
        width = len(COLUMNS) + examples[0].low_rank.shape[1]
        first, second = np.triu_indices(width)
        features = np.empty((sum(int(keep.sum()) for keep in kept), width + len(first)))
        at = 0
        for ex, keep in zip(examples, kept, strict=True):
            columns = _columns(ex.raw, ex.sources, ex.low_rank)[keep]
            rows = slice(at, at + len(columns))
            features[rows, :width] = columns
            np.multiply(columns[:, first], columns[:, second], out=features[rows, width:])
            at += len(columns)
        found = np.concatenate(weights)
        return Linear.fit(features, np.concatenate(labels), solver="newton-cholesky",
                          weights=None if np.all(found == 1) else found, overwrite=True)  # fmt: skip

    @classmethod
    def _weights(cls, examples: Examples) -> np.ndarray:
        """How much each example counts in the fit: :attr:`one_end_weight` for a hidden tie the other end would
        not find (:data:`ONE_END_WEIGHT`), once for the rest."""
        size = int(max(examples.sources.max(initial=0), examples.targets.max(initial=0))) + 1
        ranked = _ranks_within(examples.raw[:, HEURISTIC_COLUMN["adamic-adar"]], examples.sources)
        found = distinct((examples.sources * size + examples.targets)[ranked <= FOUND_AT])
        by_other_end = member(examples.targets * size + examples.sources, found)
        return np.where(examples.labels & ~by_other_end, cls.one_end_weight, 1.0)

    @classmethod
    def _made(
        cls, inner: Graph, pairs: np.ndarray, raw: np.ndarray, labels: np.ndarray,
        anywhere: tuple[np.ndarray, np.ndarray],
    ) -> Examples:  # fmt: skip
        return LowRankExamples(pairs[:, 0], pairs[:, 1], raw, labels, anywhere, structure_features(inner, pairs))

    def score(
        self, graph: Graph, pairs: np.ndarray, raw: np.ndarray | None = None, *, fused: bool = True
    ) -> np.ndarray:
        """As :meth:`Ranker.score`, the model reading the low-rank features too."""
        if self.model is None or not self.spectral:
            return super().score(graph, pairs, raw, fused=fused)
        raw = pair_features(graph, pairs) if raw is None else raw
        structure = structure_features(graph, pairs, self.strengths)
        probability = self.model.probability(model_features(raw, pairs[:, 0], structure))
        if self.strengths and fused and STRENGTH_BLEND is not None and self.blend is not None:
            return strength_fused(probability, raw, structure, pairs[:, 0], graph.known_share, self.blend)
        return fuse(probability, raw, pairs[:, 0], self.blend if fused else None)

    def _contributions(self, graph: Graph, pairs: np.ndarray, model: Linear) -> tuple[tuple[str, ...], np.ndarray]:
        """As :meth:`Ranker._contributions`, the products' folded back onto the 31 columns (half to each)."""
        if not self.spectral:
            return super()._contributions(graph, pairs, model)
        columns = _columns(pair_features(graph, pairs), pairs[:, 0], structure_features(graph, pairs, self.strengths))
        strength = ("rank:strength-allocation", "strength-allocation") if self.strengths else ()
        netmf = ("rank:netmf", "netmf") if NETMF_WINDOW else ()
        names = (*COLUMNS, *(name for _ in (*RANKS, *NORMALISED_RANKS) for name in ("rank:low-rank", "low-rank")),
                 "clustering", "clustering", *netmf, *strength)  # fmt: skip
        return names, folded(model.contributions(interactions(columns)), columns.shape[1])

    def top(
        self, graph: Graph, k: int, people: np.ndarray | None = None, *, workers: int | None = None,
        progress: Progress | None = None,
    ) -> dict[int, np.ndarray]:  # fmt: skip
        if self.spectral:  # computed once, before the workers fork, so that they share them
            assert graph.spectral is not None
            assert not NORMALISED_RANKS or graph.normalised_spectral is not None
            assert graph.clustering is not None
            assert not self.strengths or graph.allocated is not None
        return super().top(graph, k, people, workers=workers, progress=progress)

    def save(self, out: BinaryIO, **extra: np.ndarray) -> None:
        """As :meth:`Ranker.save`, plus whether the model reads the low-rank features."""
        super().save(out, spectral=np.array(self.spectral), strengths=np.array(self.strengths), **extra)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SpectralRanker:
        """A ranker from the arrays :meth:`save` wrote."""
        base = Ranker.from_arrays(arrays)
        spectral, strengths = (bool(arrays.get(name, False)) for name in ("spectral", "strengths"))
        return cls(base.model, base.blend, base.per_source, (), base.overall, spectral=spectral, strengths=strengths)
