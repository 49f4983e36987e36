"""Use case: evaluate link prediction on a public data set (no store involved)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kithkin.errors import InputError
from kithkin.network.evaluate import Scores, evaluate, split
from kithkin.network.linkpred import Graph
from kithkin.sources.snap import load, read_edges


@dataclass(frozen=True)
class LinkPredReport:
    dataset: str
    people: int
    train_edges: int
    test_edges: int
    scores: tuple[Scores, ...]


def linkpred(
    dataset: str,
    data: Path,
    *,
    train: Path | None = None,
    test: Path | None = None,
    holdout: float = 0.1,
    seed: int = 7,
    predictions: Path | None = None,
) -> LinkPredReport:
    """Run every method on one split of ``dataset``; optionally write each method's top 50 per person."""
    network = load(dataset, data, train)
    if test is not None:
        train_edges, test_edges = network.edges, read_edges(test)
    elif train is not None:
        raise InputError("--train needs --test (or leave both out to hide a share of the data set's ties)")
    else:
        train_edges, test_edges = split(network.edges, holdout, seed)
    size = max(network.size, int(test_edges.max(initial=0)) + 1)
    attributes = network.attributes
    if attributes.shape[0] < size:
        attributes.resize((size, attributes.shape[1]))
    graph = Graph.build(size, train_edges, attributes)
    people = np.unique(np.r_[train_edges.ravel(), test_edges.ravel()])
    scores, lists = evaluate(graph, train_edges, test_edges, seed=seed, people=people if predictions else None)
    if predictions is not None:
        predictions.mkdir(parents=True, exist_ok=True)
        for method, tops in lists.items():
            lines = [" ".join(str(x) for x in [person, *tops[person].tolist()]) for person in sorted(tops)]
            (predictions / f"{method}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return LinkPredReport(network.name, size, len(train_edges), len(test_edges), tuple(scores))
