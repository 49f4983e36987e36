"""A matchmaking round's candidate pairs on Spark: each member's ``k`` most valuable partners by joins.

The in-process engine (:func:`kithkin.matchmaking.candidate_edges`) multiplies the member × group matrix,
weighted, by its transpose; here that product is a self-join of the memberships on the group. Both sum a
pair's weights by group ascending (starting from 0.0, as scipy's row product does), leave out pairs already
tied or met in an earlier round *before* the cut, and cut each member's list at ``k`` by (value desc, partner
asc) — so both hand the same edges to the matching (:mod:`kithkin.services.batch_match`). Group weights come
from the caller's ``weight_of(size, population, kind)``, computed in numpy once per distinct (size, kind):
only those few numbers reach the driver. Members are numbered by rank of id (``zipWithIndex``), as there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from kithkin.spark.suggest import Progress, _f, _ordered_sums, _table, _top

Weight = Callable[[int, int, str], float]


def _read(spark: Any, folder: str, name: str, schema: str) -> Any:
    """A table of the folder, or an empty one with ``schema`` when the folder has none (no rounds yet)."""
    path = f"{folder}/{name}.parquet"
    if "://" in folder or os.path.exists(path):
        return spark.read.parquet(path)
    return spark.createDataFrame([], schema)


def members(spark: Any, folder: str, group: int, only: str | None = None) -> tuple[Any, Any]:
    """(people's distinct memberships (person, g), the community's members taking part (person, i)).

    ``only`` is a Parquet file of the person ids a capped round chose (``--pairs``): the others wait.
    """
    f = _f()
    people = spark.read.parquet(f"{folder}/people.parquet").select(f.col("id").alias("person")).distinct()
    held = (
        spark.read.parquet(f"{folder}/memberships.parquet")
        .select("person", f.col("group").alias("g"))
        .distinct()
        .join(people, "person", "left_semi")
    )
    outs = _read(spark, folder, "opt_outs", "community long, person long").where(f.col("community") == group)
    inside = held.where(f.col("g") == group).select("person").join(outs.select("person"), "person", "left_anti")
    if only is not None:
        inside = inside.join(spark.read.parquet(only).select("person"), "person", "left_semi")
    index = inside.rdd.map(lambda row: row[0]).sortBy(lambda x: x).zipWithIndex().toDF(["person", "i"])
    return held, index


def _weights(spark: Any, folder: str, held: Any, weight_of: Weight) -> Any:
    """(g, w): every group's weight, from the distinct (size, kind) pairs computed once on the driver."""
    f = _f()
    population = int(held.select("person").distinct().count())
    kinds = spark.read.parquet(f"{folder}/groups.parquet").select(f.col("id").alias("g"), "kind")
    sized = (
        held.groupBy("g")
        .agg(f.count("*").alias("h"))
        .join(kinds, "g", "left")
        .withColumn("kind", f.coalesce(f.col("kind"), f.lit("")))
    )
    found = sized.select("h", "kind").distinct().collect()
    rows = [(int(h), str(kind), float(weight_of(int(h), population, str(kind)))) for h, kind in found]
    table = _table(spark, rows, "h long, kind string, w double")
    return sized.join(f.broadcast(table), ["h", "kind"]).select("g", "w")


def _forbidden(spark: Any, folder: str, group: int, index: Any) -> Any:
    """(u, v) both ways: members already tied, and pairs made in an earlier round of the community."""
    f = _f()
    ties = spark.read.parquet(f"{folder}/ties.parquet").select("a", "b")
    rounds = _read(spark, folder, "rounds", "id long, community long, on_date string")
    ours = rounds.where(f.col("community") == group).select(f.col("id").alias("round"))
    made = (
        _read(spark, folder, "round_pairs", "round long, a long, b long, value double")
        .where(f.col("b") >= 0)
        .join(ours, "round", "left_semi")
        .select("a", "b")
    )
    pairs = ties.union(made)
    at_a = index.select(f.col("person").alias("a"), f.col("i").alias("u"))
    at_b = index.select(f.col("person").alias("b"), f.col("i").alias("v"))
    one_way = pairs.join(at_a, "a").join(at_b, "b").select("u", "v")
    return one_way.union(one_way.select(f.col("v").alias("u"), f.col("u").alias("v"))).distinct()


def candidate_edges(
    spark: Any,
    folder: str,
    group: int,
    k: int,
    weight_of: Weight,
    progress: Progress | None = None,
    *,
    only: str | None = None,
) -> Any:
    """(u, v, value): each member's ``k`` most valuable partners (member indices), as
    :func:`kithkin.matchmaking.candidate_edges` picks them before its de-duplication."""
    f = _f()
    say = progress or (lambda _: None)
    held, index = members(spark, folder, group, only)
    index = index.cache()
    say(f"{index.count()} members taking part")
    inc = (
        held.where(f.col("g") != group)
        .join(index, "person")
        .join(_weights(spark, folder, held, weight_of), "g")
        .select(f.col("i").alias("u"), "g", "w")
    )
    value = (
        inc.join(inc.select(f.col("u").alias("v"), "g"), "g")
        .where(f.col("u") != f.col("v"))
        .groupBy("u", "v")
        .agg(*_ordered_sums("g", value=f.col("w")))
        .join(_forbidden(spark, folder, group, index), ["u", "v"], "left_anti")
    )
    say("pair values summed; cutting each member's list")
    return _top(value, "value", k).select("u", "v", "value")
