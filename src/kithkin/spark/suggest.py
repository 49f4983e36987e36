"""People you should meet, on Spark: the in-process ranker's candidates, features and model as DataFrames.

The steps, each a join or an aggregate over the tie list (no step brings ties or pairs to the driver;
only the distinct degrees and group sizes, a few thousand numbers, come back for their weights):

1. *Dense ids.* People sorted by id get 0, 1, … (``zipWithIndex``), as the in-process snapshot numbers them;
   blocks of :data:`~kithkin.network.heuristics.BLOCK` consecutive people are scored together, as there.
2. *Two hops.* Ties joined with ties on the person in the middle give, per pair, common neighbours,
   Adamic-Adar and resource allocation (sums ordered as in :mod:`kithkin.spark.features`).
3. *Candidates.* Each person's ``pool`` best by Adamic-Adar among people not tied to them, and ``pool``
   best on shared rare groups (held by at most :data:`~kithkin.network.heuristics.RARE_GROUP`; groups held
   by more than :data:`~kithkin.network.heuristics.COMMON_SHARE` of everyone dropped), equal scores by id.
4. *Features* of each candidate pair as aggregates: shared groups (a membership join), three hops and
   embedded resource allocation (the candidate's ties joined with the person's two-hop table).
5. *Scores.* Each block of people's candidates go to :func:`kithkin.network.scored.select` — the
   in-process model, with its ranks within each person's candidates — and the top ``k`` of each person is
   numbered by a window ordered by (score desc, candidate id asc).

High-degree people are *salted*, not capped: a person with ``d`` ties puts ``d²`` paths into the two-hop
join, as they put ``d²`` entries into the in-process sparse product, and capping them would change the
answers. The join is keyed by the middle person, so without salting one person with 10^5 ties would be one
task of 10^10 rows; a hub (more than :data:`HUB` ties) has its ties spread over :data:`SALTS` keys instead
(:meth:`Network.two_hop`), the same paths, met once each, so the same answers (tests/test_spark.py). The
work still grows with Σ d² — the cost model in bench/RESULTS.md counts it.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kithkin.network.heuristics import BLOCK, COMMON_SHARE, RARE_GROUP
from kithkin.network.linkpred import Ranker
from kithkin.network.scored import select
from kithkin.spark.features import AGGREGATES, raw_features

Progress = Callable[[str], None]
#: A person with more ties than this is a hub: salted in the two-hop join (:meth:`Network.two_hop`).
HUB = 1000
#: Keys a hub's ties are spread over: its d² paths become this many tasks.
SALTS = 16
SCHEMA = "u long, v long, score double, mutual long, shared long"


def _f() -> Any:
    from pyspark.sql import functions

    return functions


def _ordered_sums(key: Any, **values: Any) -> list[Any]:
    """Aggregates: for each ``name=column``, the column's sum over the group, added in the order of ``key``
    (a column name, ascending, or a column)."""
    f = _f()
    by = f.col(key) if isinstance(key, str) else key
    items = f.array_sort(f.collect_list(f.struct(by.alias("k"), *(c.alias(n) for n, c in values.items()))))
    return [f.aggregate(items, f.lit(0.0), _adding(name)).alias(name) for name in values]


def _adding(name: str) -> Callable[[Any, Any], Any]:
    return lambda total, item: total + item[name]


def _top(pairs: Any, score: str, n: int) -> Any:
    """Each person's ``n`` best pairs by ``score``, equal scores by candidate (the in-process top_entries)."""
    from pyspark.sql import Window

    f = _f()
    order = Window.partitionBy("u").orderBy(f.col(score).desc(), f.col("v").asc())
    return pairs.where(f.col(score) > 0).withColumn("_n", f.row_number().over(order)).where(f.col("_n") <= n)


def _table(spark: Any, rows: list[tuple[Any, ...]], schema: str) -> Any:
    return spark.createDataFrame(rows, schema)


class Network:
    """The Parquet folder's network on Spark: dense ids, ties both ways, degrees and weighted groups."""

    def __init__(self, spark: Any, folder: str) -> None:
        f = _f()
        self.spark = spark
        ids = spark.read.parquet(f"{folder}/people.parquet").select("id").distinct()
        self.index = ids.rdd.map(lambda row: row[0]).sortBy(lambda x: x).zipWithIndex().toDF(["id", "i"]).cache()
        self.size = int(self.index.count())
        ties = spark.read.parquet(f"{folder}/ties.parquet")
        dense = (
            ties.join(self._ids("a", "u"), "a")
            .join(self._ids("b", "v"), "b")
            .select("u", "v")
            .where(f.col("u") != f.col("v"))
        )
        self.adj = dense.union(dense.select(f.col("v").alias("u"), f.col("u").alias("v"))).distinct().cache()
        degree = self.adj.groupBy("u").agg(f.count("*").alias("d"))
        self.nodes = degree.join(self._degree_weights(degree), "d").cache()  # u, d, aaw, raw
        members = spark.read.parquet(f"{folder}/memberships.parquet")
        self.groups = self._weighted_groups(
            members.join(self._ids("person", "u"), "person").select("u", f.col("group").alias("g")).distinct()
        ).cache()

    def _ids(self, name: str, dense: str) -> Any:
        return self.index.withColumnRenamed("id", name).withColumnRenamed("i", dense)

    def _degree_weights(self, degree: Any) -> Any:
        """Adamic-Adar and resource-allocation weights per distinct degree, computed by numpy as
        :meth:`kithkin.network.heuristics.Graph.weights` computes them (Java's log may differ in the last bit)."""
        found = np.array(sorted(int(r[0]) for r in degree.select("d").distinct().collect()), dtype=float)
        aa = np.where(found > 1, 1 / np.log(np.maximum(found, 2)), 0.0)
        ra = np.where(found > 0, 1 / np.maximum(found, 1), 0.0)
        rows = list(zip(found.astype(int).tolist(), aa.tolist(), ra.tolist(), strict=True))
        return _table(self.spark, rows, "d long, aaw double, raw double")

    def _weighted_groups(self, members: Any) -> Any:
        """(u, g, s, rare): each membership of a kept group with the group's sqrt(idf), as
        :meth:`kithkin.network.heuristics.Graph.of` weighs them; ``rare`` when it may propose candidates."""
        f = _f()
        holders = members.groupBy("g").agg(f.count("*").alias("h"))
        counts = np.array(sorted(int(r[0]) for r in holders.select("h").distinct().collect()), dtype=np.int64)
        kept = counts[(counts >= 2) & (counts <= max(2, COMMON_SHARE * self.size))]
        weight = np.sqrt(np.log(self.size / kept))
        rows = list(zip(kept.tolist(), weight.tolist(), (kept <= RARE_GROUP).tolist(), strict=True))
        table = _table(self.spark, rows, "h long, s double, rare boolean")
        return members.join(holders.join(f.broadcast(table), "h"), "g").select("u", "g", "s", "rare")

    def hubs(self, hub: int) -> int:
        """How many people have more than ``hub`` ties."""
        return int(self.nodes.where(_f().col("d") > hub).count())

    def two_hop(self, hub: int = HUB, salts: int = SALTS, span: Span | None = None) -> Any:
        """(u, v, cn, aa, ra) for every pair two hops apart, a person with themselves included (the
        three-hop feature reads that diagonal, as the in-process product holds it); only people ``u`` in
        ``span`` (dense ids ``start <= u < stop``) when given.

        The join is keyed by the person in the middle, z; a *hub* (more than ``hub`` ties) is salted: its
        ties on the left are spread over ``salts`` keys (z, u mod salts) and its ties on the right copied
        to each key, so its d² paths run as ``salts`` tasks of d²/salts — every path still met once."""
        f = _f()
        hubs = self.nodes.select(f.col("u").alias("z"), "d", "aaw", "raw")
        salted = f.col("d") > hub
        left = (
            _within(self.adj, span)
            .select("u", f.col("v").alias("z"))
            .join(hubs.select("z", "d"), "z")
            .withColumn("salt", f.when(salted, f.pmod(f.col("u"), f.lit(salts))).otherwise(f.lit(0)).cast("long"))
            .select("u", "z", "salt")
        )
        copies = f.when(salted, f.sequence(f.lit(0), f.lit(salts - 1))).otherwise(f.array(f.lit(0)))
        right = (
            self.adj.select(f.col("u").alias("z"), "v")
            .join(hubs, "z")
            .select("z", "v", "aaw", "raw", f.explode(copies.cast("array<long>")).alias("salt"))
        )
        paths = left.join(right, ["z", "salt"])
        sums = _ordered_sums("z", aa=f.col("aaw"), ra=f.col("raw"))
        return paths.groupBy("u", "v").agg(f.count("*").cast("double").alias("cn"), *sums)

    def candidates(self, two: Any, pool: int, span: Span | None = None) -> Any:
        """(u, v): the ``pool`` best two-hop people by Adamic-Adar and the ``pool`` best on shared rare groups
        (people ``u`` in ``span`` only, when given; ``two`` is then that span's two-hop table)."""
        f = _f()
        free = two.where(f.col("u") != f.col("v")).join(self.adj, ["u", "v"], "left_anti")
        near = _top(free, "aa", pool).select("u", "v")
        rare = self.groups.where("rare").select("u", "g", "s")
        alike = (
            _within(rare, span)
            .join(rare.select(f.col("u").alias("v"), "g"), "g")
            .where(f.col("u") != f.col("v"))
            .groupBy("u", "v")
            .agg(*_ordered_sums(-_f().col("g"), alike=f.col("s") * f.col("s")))
            .join(self.adj, ["u", "v"], "left_anti")
        )
        return near.union(_top(alike, "alike", pool).select("u", "v")).distinct()

    def features(self, pairs: Any, two: Any) -> Any:
        """The aggregates of :data:`kithkin.spark.features.AGGREGATES` for candidate pairs (u, v)."""
        f = _f()
        shared = (
            pairs.join(self.groups.select("u", "g", f.col("s").alias("su")), "u")
            .join(self.groups.select(f.col("u").alias("v"), "g", f.col("s").alias("sv")), ["v", "g"])
            .groupBy("u", "v")
            .agg(
                *_ordered_sums(-_f().col("g"), rarity=f.col("su") * f.col("sv")),
                f.count("*").cast("double").alias("count"),
            )
        )
        tied = self.adj.select("u", f.col("v").alias("w"), f.lit(True).alias("tied"))
        walks = (
            pairs.join(self.adj.select(f.col("u").alias("v"), f.col("v").alias("w")), "v")
            .join(
                two.select("u", f.col("v").alias("w"), f.col("ra").alias("two"), f.col("cn").alias("cnw")),
                ["u", "w"],
                "left",
            )
            .join(tied, ["u", "w"], "left")
            .join(self.nodes.select(f.col("u").alias("w"), f.col("d").alias("dw"), "raw"), "w")
        )
        three = f.coalesce(f.col("two"), f.lit(0.0)) * f.col("raw")
        embedded = f.when(
            f.col("tied"),
            f.sqrt(1 + f.coalesce(f.col("cnw"), f.lit(0.0))) / f.greatest(f.col("dw").cast("double"), f.lit(1.0)),
        ).otherwise(f.lit(0.0))
        far = walks.groupBy("u", "v").agg(*_ordered_sums("w", three=three, embedded=embedded))
        degree = self.nodes.select("u", f.col("d").cast("double").alias("du"))
        out = (
            pairs.join(two.select("u", "v", "cn", "aa", "ra"), ["u", "v"], "left")
            .join(shared, ["u", "v"], "left")
            .join(far, ["u", "v"], "left")
            .join(degree, "u", "left")
            .join(degree.select(f.col("u").alias("v"), f.col("du").alias("dv")), "v", "left")
        )
        return out.fillna(0.0).select("u", "v", *AGGREGATES)


def _scorer(ranker: Ranker, k: int) -> Callable[[Any], Any]:
    """The function each block of people's candidates goes through on the executors."""

    def score(frame: Any) -> Any:
        import pandas as pd

        frame = frame.sort_values(["u", "v"])
        u, v = frame["u"].to_numpy(np.int64), frame["v"].to_numpy(np.int64)
        raw = raw_features({name: frame[name].to_numpy(float) for name in AGGREGATES})
        local = u - (u // BLOCK) * BLOCK
        top = select(ranker, local, np.stack([u, v], axis=1), raw, k)
        return pd.DataFrame(
            {"u": top.person, "v": top.candidate, "score": top.score, "mutual": top.mutual, "shared": top.shared}
        )

    return score


#: Dense ids ``(start, stop)``: the people one slice of a run scores.
Span = tuple[int, int]


def _within(frame: Any, span: Span | None) -> Any:
    """The rows of ``frame`` whose person ``u`` is in ``span`` (all of them for ``None``)."""
    if span is None:
        return frame
    column = _f().col("u")
    return frame.where((column >= span[0]) & (column < span[1]))


def spans(size: int, slices: int) -> list[Span]:
    """``size`` people cut into ``slices`` runs of whole blocks of :data:`~kithkin.network.heuristics.BLOCK`
    (the in-process engine scores a block at a time, so a slice never splits one).

    >>> spans(2000, 2)
    [(0, 1024), (1024, 2000)]
    >>> spans(10, 4)
    [(0, 10)]
    """
    blocks = -(-size // BLOCK)
    cuts = np.linspace(0, blocks, min(max(slices, 1), max(blocks, 1)) + 1).round().astype(int)
    return [(int(a) * BLOCK, min(int(b) * BLOCK, size)) for a, b in itertools.pairwise(cuts) if b > a]


def auto_slices(size: int) -> int:
    """Slices for ``size`` people: one per :data:`SLICE_PEOPLE` (bench/RESULTS.md: 10^5 people wrote 7.3 GiB of
    shuffle, kept on disk until the run's end; a slice's files are freed before the next slice starts)."""
    return max(1, -(-size // SLICE_PEOPLE))


#: People per slice by default: ≈ 27 GiB of scratch disk at 8 ties per person (bench/RESULTS.md).
SLICE_PEOPLE = 250_000


def _ranked(
    net: Network, ranker: Ranker, k: int, hub: int, salts: int, span: Span | None
) -> tuple[Any, tuple[Any, Any]]:
    """The top ``k`` of the people in ``span`` (everyone for ``None``), ranked, with the folder's ids; and the
    two tables cached on the way (two-hop rows, candidates), for the caller to release."""
    f = _f()
    from pyspark.sql import Window

    two = net.two_hop(hub, salts, span).cache()
    pairs = net.candidates(two, ranker.pool(k), span).cache()
    features = net.features(pairs, two)
    scored = (
        features.withColumn("block", f.floor(f.col("u") / BLOCK))
        .groupBy("block")
        .applyInPandas(_scorer(ranker, k), SCHEMA)
    )
    order = Window.partitionBy("u").orderBy(f.col("score").desc(), f.col("v").asc())
    ranked = scored.withColumn("rank", f.row_number().over(order))
    return _with_ids(net, ranked), (two, pairs)


def suggest(
    spark: Any,
    folder: str,
    ranker: Ranker,
    k: int = 20,
    progress: Progress | None = None,
    *,
    hub: int = HUB,
    salts: int = SALTS,
    span: Span | None = None,
) -> Any:
    """Everyone's top ``k`` (or that of the people in ``span``, whole blocks as :func:`spans` cuts them) as a
    DataFrame (person, rank, candidate, score, mutual, shared) — ids as in the folder; people with more than
    ``hub`` ties salted over ``salts`` keys in the two-hop join."""
    say = progress or (lambda _: None)
    net = Network(spark, folder)
    say(f"{net.size} people, {net.hubs(hub)} with more than {hub} ties (salted over {salts} keys)")
    ranked, _ = _ranked(net, ranker, k, hub, salts, span)
    return ranked


def write(
    spark: Any,
    folder: str,
    ranker: Ranker,
    out: str,
    k: int = 20,
    progress: Progress | None = None,
    *,
    slices: int | None = None,
    hub: int = HUB,
    salts: int = SALTS,
) -> int:
    """Everyone's top ``k`` written as Parquet to ``out`` (the columns of :func:`suggest`), a slice of people at
    a time; returns the number of slices.

    One run over everyone keeps every stage's shuffle files on disk until it ends — Σ d² two-hop rows written
    several times (7.3 GiB for 10^5 people; ≈ 107 GiB for 10^6, what its four slices wrote in all: more than the
    benchmark machine's free disk). A slice
    is whole blocks of people (:func:`spans`) with their two-hop rows, candidates and features; its files are
    released before the next slice (its DataFrames dropped, the JVM asked to collect so Spark's cleaner
    deletes them), so the disk a run needs is one slice's. The shared tables (ids, ties, degrees, groups) are
    built once. Each person's list depends only on their own rows, so the lists are the same however many
    slices (tests/test_spark.py)."""
    say = progress or (lambda _: None)
    net = Network(spark, folder)
    # No one at all is still one (empty) slice, so the output exists with its columns.
    cuts = spans(net.size, slices if slices is not None else auto_slices(net.size)) or [(0, 0)]
    hubs = net.hubs(hub)
    say(f"{net.size} people in {len(cuts)} slice(s), {hubs} with more than {hub} ties (salted over {salts} keys)")
    started = time.perf_counter()
    for number, span in enumerate(cuts, 1):
        ranked, cached = _ranked(net, ranker, k, hub, salts, span if len(cuts) > 1 else None)
        ranked.write.mode("overwrite" if number == 1 else "append").parquet(out)
        for frame in cached:
            frame.unpersist()
        del ranked, cached
        _release(spark)
        took = time.perf_counter() - started
        say(f"slice {number}/{len(cuts)} (people {span[0]:,}–{span[1] - 1:,}) written, {took:.0f} s")
    return len(cuts)


def _release(spark: Any) -> None:
    """Let Spark delete the shuffle files of DataFrames this process no longer holds: Python drops its
    handles, then the driver JVM collects, and Spark's ContextCleaner removes what the collected plans wrote."""
    gc.collect()
    spark.sparkContext._jvm.System.gc()


def _with_ids(net: Network, ranked: Any) -> Any:
    f = _f()
    people = net.index.select(f.col("i").alias("u"), f.col("id").alias("person"))
    others = net.index.select(f.col("i").alias("v"), f.col("id").alias("candidate"))
    return (
        ranked.join(people, "u")
        .join(others, "v")
        .select("person", f.col("rank").cast("long"), "candidate", "score", "mutual", "shared")
    )
