"""Use case: evaluate link prediction on a public data set (no store involved), over several seeded splits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kithkin.errors import InputError
from kithkin.network.evaluate import BASELINES, Scores, evaluate, split
from kithkin.network.heuristics import strength_matrix
from kithkin.network.linkpred import Graph
from kithkin.network.ltr import LtrRanker
from kithkin.sources.snap import load, read_edges

#: The figures summarised over splits: per edge (either end), then per person in both directions.
FIGURES = ("hits@10", "hits@20", "hits@50", "edge-mrr", "person-hits@10", "person-hits@20", "person-hits@50",
           "mrr", "auc")  # fmt: skip


def figures(scores: Scores) -> dict[str, float]:
    """One method's figures on one split, by :data:`FIGURES` name."""
    return {
        **{f"hits@{k}": v for k, v in scores.hits.items()},
        "edge-mrr": scores.edge_mrr,
        **{f"person-hits@{k}": v for k, v in scores.person_hits.items()},
        "mrr": scores.mrr,
        "auc": scores.auc,
    }


@dataclass(frozen=True)
class Summary:
    """One method over every split: mean and standard deviation (split to split) of each figure; and, for
    kithkin's rankers, the smallest margin over the best heuristic of each split."""

    method: str
    mean: dict[str, float]
    spread: dict[str, float]
    worst_margin: dict[str, float]


@dataclass(frozen=True)
class Split:
    seed: int
    train_edges: int
    test_edges: int
    scores: tuple[Scores, ...]
    #: kithkin-ltr's own validation (ties held out of its training rounds): method -> Hits@10/20/50 and MRR per
    #: edge, then Hits@10/20/50 and MRR per person.
    validation: dict[str, tuple[float, ...]]
    #: The heuristic kithkin-ltr fell back to (its trees did not beat it on validation), if any.
    fallback: str | None


@dataclass(frozen=True)
class LinkPredReport:
    dataset: str
    people: int
    splits: tuple[Split, ...]
    summary: tuple[Summary, ...]

    @property
    def scores(self) -> tuple[Scores, ...]:
        """The first split's scores."""
        return self.splits[0].scores


def linkpred(
    dataset: str,
    data: Path,
    *,
    train: Path | None = None,
    test: Path | None = None,
    holdout: float = 0.1,
    seed: int = 7,
    splits: int = 5,
    predictions: Path | None = None,
) -> LinkPredReport:
    """Run every method on ``splits`` splits of ``dataset`` (seeds ``seed``, ``seed + 1``, …), or on the one split
    given as ``train``/``test``; optionally write each method's top 50 per person (one folder per split)."""
    network = load(dataset, data, train)
    if test is not None:
        pairs = [(network.edges, read_edges(test), seed)]
    elif train is not None:
        raise InputError("--train needs --test (or leave both out to hide a share of the data set's ties)")
    else:
        pairs = [(*split(network.edges, holdout, seed + i), seed + i) for i in range(splits)]
    size = max(network.size, *(int(t.max(initial=0)) + 1 for _, t, _ in pairs))
    attributes = network.attributes
    if attributes.shape[0] < size:
        attributes.resize((size, attributes.shape[1]))
    strengths = None if network.strengths is None else strength_matrix(size, network.edges, network.strengths)
    done = []
    for train_edges, test_edges, chosen in pairs:
        graph = Graph.build(size, train_edges, attributes, network.kinds, strengths)  # the hidden ties' dropped
        people = np.unique(np.r_[train_edges.ravel(), test_edges.ravel()]) if predictions is not None else None
        scores, lists, learned = evaluate(graph, train_edges, test_edges, seed=chosen, people=people)
        ltr = learned.get("kithkin-ltr")
        validation: dict[str, tuple[float, ...]] = (
            {v.method: tuple(v.figures().tolist()) for v in ltr.validation} if isinstance(ltr, LtrRanker) else {}
        )
        fallback = ltr.fallback if isinstance(ltr, LtrRanker) else None
        done.append(Split(chosen, len(train_edges), len(test_edges), tuple(scores), validation, fallback))
        if predictions is not None:
            folder = predictions if len(pairs) == 1 else predictions / f"seed-{chosen}"
            folder.mkdir(parents=True, exist_ok=True)
            for method, tops in lists.items():
                lines = [" ".join(str(x) for x in [person, *tops[person].tolist()]) for person in sorted(tops)]
                (folder / f"{method}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return LinkPredReport(network.name, size, tuple(done), summarise(done))


def summarise(splits: list[Split]) -> tuple[Summary, ...]:
    """Mean and spread of each method's figures over the splits; kithkin's worst margin over the best heuristic."""
    table = {s.method: [] for s in splits[0].scores}  # type: dict[str, list[dict[str, float]]]
    for each in splits:
        for scores in each.scores:
            table[scores.method].append(figures(scores))
    best = [{f: max(figures(s)[f] for s in each.scores if s.method in BASELINES) for f in FIGURES} for each in splits]
    found = []
    for method, rows in table.items():
        values = {f: np.array([row[f] for row in rows]) for f in FIGURES}
        margin = {f: float(min(row[f] - b[f] for row, b in zip(rows, best, strict=True))) for f in FIGURES}
        found.append(Summary(method, {f: float(v.mean()) for f, v in values.items()},
                             {f: float(v.std(ddof=1)) if len(v) > 1 else 0.0 for f, v in values.items()},
                             margin if method not in BASELINES else {}))  # fmt: skip
    return tuple(found)
