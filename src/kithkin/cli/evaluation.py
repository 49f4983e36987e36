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
    dataset: Annotated[
        str,
        typer.Argument(
            help="ego-facebook, ego-twitter, email-eu-core, ca-grqc, lastfm-asia, musae-github, "
            "lazega-lawyers (ties with strengths), or edges (a plain edge list)."
        ),
    ],
    data: Annotated[Path, typer.Option("--data", help="The data set's folder (or the edge-list file).")],
    train: Annotated[Path | None, typer.Option("--train", help="Training edges from a split made elsewhere.")] = None,
    test: Annotated[Path | None, typer.Option("--test", help="Test edges from a split made elsewhere.")] = None,
    holdout: Annotated[float, typer.Option("--holdout", min=0.01, max=0.5, help="Share of edges to hide.")] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="First split's seed; the others follow (seed + 1, …).")] = 7,
    splits: Annotated[int, typer.Option("--splits", min=1, max=20, help="Seeded splits to average over.")] = 5,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write each method's top 50 per person here.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Hide ties (over several seeded splits), ask every method for its top 50 per person, and report Hits@10/20/50
    and MRR per edge (either end) and per person (both directions), mean ± spread, and AUC."""
    from kithkin.services import evaluation

    report = evaluation.linkpred(
        dataset, data, train=train, test=test, holdout=holdout, seed=seed, splits=splits, predictions=predictions
    )
    if json:
        render.as_json(report)
        return
    first = report.splits[0]
    render.line(
        f"{report.dataset}: {plural(report.people, 'person', 'people')}; {plural(len(report.splits), 'split')} "
        f"(seeds {', '.join(str(s.seed) for s in report.splits)}), {plural(first.train_edges, 'training tie')} and "
        f"{plural(first.test_edges, 'hidden tie')} in each"
    )
    for title, names in (
        ("per edge (found if either end has it)", ("hits@10", "hits@20", "hits@50", "edge-mrr")),
        ("per person, both directions", ("person-hits@10", "person-hits@20", "person-hits@50", "mrr")),
    ):
        render.table(
            ["method", "Hits@10", "Hits@20", "Hits@50", "MRR", *(["AUC"] if "mrr" in names else [])],
            [
                (s.method, *(f"{s.mean[n]:.3f} ± {s.spread[n]:.3f}" for n in names),
                 *([f"{s.mean['auc']:.3f}"] if "mrr" in names else []))
                for s in report.summary
            ],
            title=title,
        )  # fmt: skip
    for s in report.summary:
        if s.worst_margin:
            worst = ", ".join(f"{n} {s.worst_margin[n]:+.3f}" for n in ("hits@10", "hits@20", "hits@50", "edge-mrr",
                                                                         "person-hits@10", "mrr"))  # fmt: skip
            render.line(f"{s.method}: worst margin over the best heuristic of each split: {worst}")
    fallbacks = [f"seed {s.seed}: {s.fallback}" for s in report.splits if s.fallback]
    if fallbacks:
        render.line(f"kithkin-ltr fell back to a heuristic (not better on its validation ties): {'; '.join(fallbacks)}")
    if predictions is not None:
        render.done(f"predictions written to {predictions}/")
