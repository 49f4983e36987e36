"""`kithkin eval linkpred`: how well each method finds hidden ties on a published data set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App
from kithkin.text import plural

app = App(help="Measure kithkin on public data sets.", no_args_is_help=True)


@app.command("linkpred")
def linkpred(
    dataset: Annotated[str, typer.Argument(help="ego-facebook, email-eu-core, or edges (a plain edge list).")],
    data: Annotated[Path, typer.Option("--data", help="The data set's folder (or the edge-list file).")],
    train: Annotated[Path | None, typer.Option("--train", help="Training edges from a split made elsewhere.")] = None,
    test: Annotated[Path | None, typer.Option("--test", help="Test edges from a split made elsewhere.")] = None,
    holdout: Annotated[float, typer.Option("--holdout", min=0.01, max=0.5, help="Share of edges to hide.")] = 0.1,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write each method's top 50 per person here.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Hide ties, ask every method for its top 50 per person, report Hits@10/20/50, MRR and AUC."""
    from kithkin.services import evaluation

    report = evaluation.linkpred(
        dataset, data, train=train, test=test, holdout=holdout, seed=seed, predictions=predictions
    )
    if json:
        render.as_json(report)
        return
    render.line(
        f"{report.dataset}: {plural(report.people, 'person', 'people')}, "
        f"{plural(report.train_edges, 'training tie')}, {plural(report.test_edges, 'hidden tie')}"
    )
    render.table(
        ["method", "Hits@10", "Hits@20", "Hits@50", "MRR", "AUC"],
        [
            (s.method, f"{s.hits[10]:.3f}", f"{s.hits[20]:.3f}", f"{s.hits[50]:.3f}", f"{s.mrr:.3f}", f"{s.auc:.3f}")
            for s in report.scores
        ],
    )
    if predictions is not None:
        render.done(f"predictions written to {predictions}/")
