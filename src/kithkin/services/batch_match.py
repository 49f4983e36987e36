"""``kithkin batch match``: a matchmaking round for one community of a Parquet export, in-process or on Spark.

The round is the one ``kithkin gathering match`` makes (:mod:`kithkin.services.matchmaking`): members who have not opted
out, each pair's value their summed group weights (rarity × kind factor, the community itself left out), pairs
already tied or already met in an earlier round never proposed, then :func:`kithkin.matchmaking.match_round`.
The engines differ only in who computes each member's :data:`TOP_K` most valuable partners — the membership
self-join, the part that grows with Σ (group size)²: scipy (:func:`kithkin.matchmaking.candidate_edges`) or
Spark (:mod:`kithkin.spark.match`). Both sum each pair's weights by group ascending and cut equal values by
partner, so they hand the same candidate edges to the same matching, and make the same pairs
(tests/test_batch.py). The matching itself is a greedy with local moves: sequential, on the driver, over
``members × TOP_K`` candidate edges (12 numbers a member, read back from Parquet, never collected through Spark).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import KIND_FACTOR, rarity
from kithkin.errors import InputError
from kithkin.matchmaking import Round, candidate_edges, match_strangers, pair_key, unique_edges
from kithkin.model import GroupKind
from kithkin.services.batch import ENGINES, Say, check_spark, output_manifest, start_spark
from kithkin.services.matchmaking import TOP_K, take_part
from kithkin.sources import parquet
from kithkin.text import is_number

#: The source a round brought back by ``kithkin import`` is recorded under.
MATCH_SOURCE = "kithkin batch match"


@dataclass(frozen=True)
class Community:
    """One community of a Parquet folder as a round needs it (members by index: their rank by id)."""

    group: int
    name: str
    members: np.ndarray  # person ids taking part, ascending
    past: frozenset[tuple[int, int]]  # member-index pairs met in an earlier round
    rest_first: tuple[int, ...]  # who sits out first with an odd count: never or longest ago, then by id
    opted_out: int
    waiting: tuple[int, ...] = ()  # person ids left out of a round capped by ``--pairs``: they sit it out


def weight_of(size: int, population: int, kind: str) -> float:
    """A group's weight in a round, as ``kithkin gathering match`` weighs it: rarity × the kind's factor.

    >>> round(weight_of(20, 100_000, "interest"), 3) == round(0.6 * weight_of(20, 100_000, "school"), 3)
    True
    """
    factor = KIND_FACTOR.get(GroupKind(kind), 1.0) if kind in GroupKind._value2member_map_ else 1.0
    return rarity(size, population) * factor


def find_community(folder: Path, ref: str) -> tuple[int, str]:
    """The community group named ``ref`` (as exported) or with that id."""
    groups = parquet.read_columns(folder, "groups")
    ids, names, kinds = groups["id"].astype(np.int64), groups["name"], groups["kind"]
    hits = [i for i in range(len(ids)) if names[i] == ref and kinds[i] == GroupKind.COMMUNITY.value]
    if not hits and is_number(ref):
        hits = [i for i in range(len(ids)) if int(ids[i]) == int(ref)]
    if len(hits) != 1:
        found = "no community" if not hits else f"{len(hits)} communities"
        raise InputError(f"{found} named {ref!r} in {folder / 'groups.parquet'}; give its name or id")
    return int(ids[hits[0]]), str(names[hits[0]])


def load_community(folder: Path, ref: str, size: int | None = None) -> Community:
    """Members taking part, past pairs and who rested, from the folder's memberships, rounds and opt-outs.

    ``size`` caps the round at that many pairs, choosing who takes part as ``kithkin gathering match --pairs`` does
    (:func:`kithkin.services.matchmaking.take_part`: those who sat out most recently first in).
    """
    if size is not None and size < 1:
        raise InputError(f"a round needs at least 1 pair, not {size}")
    group, name = find_community(folder, ref)
    people = parquet.read_columns(folder, "people")["id"].astype(np.int64)
    held = parquet.read_columns(folder, "memberships")
    inside = np.unique(held["person"][held["group"] == group].astype(np.int64))
    outs = parquet.read_optional(folder, "opt_outs")
    gone = outs["person"][outs["community"] == group]
    members = inside[np.isin(inside, people) & ~np.isin(inside, gone)]
    if len(members) < 2:
        raise InputError(f"{name} has {len(members)} member(s) taking part: a round needs at least 2")
    rounds, pairs = parquet.read_optional(folder, "rounds"), parquet.read_optional(folder, "round_pairs")
    ours = np.isin(pairs["round"], rounds["id"][rounds["community"] == group])
    days = dict(zip(rounds["id"].tolist(), (str(d) for d in rounds["on_date"]), strict=True))
    rested: dict[int, str] = {}
    sat = ours & (pairs["b"] < 0)
    for person, rid in zip(pairs["a"][sat].tolist(), pairs["round"][sat].tolist(), strict=True):
        rested[int(person)] = max(rested.get(int(person), ""), days[rid])
    chosen, waiting = take_part(members.tolist(), {p: dt.date.fromisoformat(d) for p, d in rested.items()}, size)
    members = np.array(chosen, dtype=np.int64)
    a, b = pairs["a"][ours].astype(np.int64), pairs["b"][ours].astype(np.int64)
    met = (b >= 0) & np.isin(a, members) & np.isin(b, members)
    past = frozenset(
        pair_key(int(x), int(y))
        for x, y in zip(np.searchsorted(members, a[met]), np.searchsorted(members, b[met]), strict=True)
    )
    order = sorted(range(len(members)), key=lambda i: (rested.get(int(members[i]), ""), int(members[i])))
    gone_count = len(np.intersect1d(inside, gone))
    return Community(group, name, members, past, tuple(order), gone_count, tuple(waiting))


def local_edges(folder: Path, community: Community) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each member's :data:`TOP_K` partners in-process (scipy), as ``kithkin gathering match`` finds them."""
    people = parquet.read_columns(folder, "people")["id"].astype(np.int64)
    held = parquet.read_columns(folder, "memberships")
    both = np.unique(np.stack([held["person"], held["group"]], axis=1).astype(np.int64), axis=0)
    both = both[np.isin(both[:, 0], people)]
    person, group = both[:, 0], both[:, 1]
    members = community.members
    inside = np.isin(person, members) & (group != community.group)
    used, column = np.unique(group[inside], return_inverse=True)
    sizes = dict(zip(*np.unique(group, return_counts=True), strict=True))
    groups = parquet.read_columns(folder, "groups")
    kinds = dict(zip(groups["id"].astype(np.int64).tolist(), (str(k) for k in groups["kind"]), strict=True))
    population = len(np.unique(people))
    weight = np.array([weight_of(int(sizes[g]), population, kinds.get(int(g), "")) for g in used.tolist()])
    rows = np.searchsorted(members, person[inside])
    incidence = sp.csr_array((np.ones(len(rows)), (rows, column)), shape=(len(members), len(used)))
    return candidate_edges(incidence, weight, TOP_K, forbidden=community.past | _tied(folder, members))


def _tied(folder: Path, members: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of members (by index) who already know each other."""
    ties = parquet.read_columns(folder, "ties")
    a, b = ties["a"].astype(np.int64), ties["b"].astype(np.int64)
    both = np.isin(a, members) & np.isin(b, members) & (a != b)
    x, y = np.searchsorted(members, a[both]), np.searchsorted(members, b[both])
    return {pair_key(int(i), int(j)) for i, j in zip(x, y, strict=True)}


def spark_edges(
    folder: Path, output: Path, community: Community, master: str, tell: Say
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each member's :data:`TOP_K` partners on Spark, written as Parquet and read back (a1, b, value)."""
    from kithkin.spark.match import candidate_edges as on_spark

    spark = start_spark(master, tell)
    where = output / "candidates.parquet"
    only = None
    if community.waiting:  # a capped round: Spark reads who takes part, O(members), from a file, not the driver
        only = str(output.resolve() / "taking_part.parquet")
        parquet.write_table(output, "taking_part", {"person": community.members})
    on_spark(spark, str(folder.resolve()), community.group, TOP_K, weight_of, tell, only=only).write.mode(
        "overwrite"
    ).parquet(str(where.resolve()))
    found = parquet.read_dataset(where, ("u", "v", "value"))
    return unique_edges(found["u"].astype(np.int64), found["v"].astype(np.int64), found["value"].astype(float))


def make_round(community: Community, edges: tuple[np.ndarray, np.ndarray, np.ndarray], folder: Path) -> Round:
    """The round over the candidate edges (the same call ``kithkin gathering match`` makes), the ties among the few
    paired at no value read from ``folder`` (:func:`kithkin.matchmaking.match_strangers`)."""

    def tied_among(loose: Sequence[int]) -> set[tuple[int, int]]:
        if not loose:
            return set()
        picked = np.asarray(sorted(loose), dtype=np.int64)
        found = _tied(folder, community.members[picked])
        return {(int(picked[x]), int(picked[y])) for x, y in found}

    found = match_strangers(len(community.members), edges, forbidden=community.past,
                            rest_first=community.rest_first, tied_among=tied_among)  # fmt: skip
    if not found.pairs:
        raise InputError(f"everyone taking part in {community.name} has already been paired with everyone")
    return found


def match(
    engine: str,
    source: Path,
    output: Path,
    ref: str,
    *,
    on: dt.date,
    master: str = "local[2]",
    say: Say | None = None,
    size: int | None = None,
) -> Round:
    """``kithkin batch match``: one round for the community ``ref`` of ``source``, written to ``output`` as
    ``pairs.parquet`` (member ids, value) and ``sat_out.parquet``; both engines make the same pairs.
    ``size`` caps the round at that many pairs; those left out are written as sitting out."""
    tell = say or (lambda _: None)
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if engine == "spark":
        check_spark()
    started = time.perf_counter()
    parquet.read_manifest(source)
    community = load_community(source, ref, size)
    waiting = f" ({len(community.waiting)} wait for a later round)" if community.waiting else ""
    tell(f"{community.name}: {len(community.members)} members taking part{waiting}, {len(community.past)} past pairs")
    if engine == "local":
        edges = local_edges(source, community)
    else:
        edges = spark_edges(source, output, community, master, tell)
    tell(f"{len(edges[0])} candidate pairs ({time.perf_counter() - started:.1f} s); matching …")
    found = make_round(community, edges, source)
    _write(source, output, community, found, edges, on=on, engine=engine)
    tell(f"{len(found.pairs)} pairs written to {output} ({time.perf_counter() - started:.1f} s)")
    return found


def _write(
    source: Path, output: Path, community: Community, found: Round, edges: tuple[np.ndarray, ...], **about: Any
) -> None:
    """``pairs.parquet`` (person ids, each pair's value), ``sat_out.parquet`` and the manifest."""
    ids = community.members
    pairs = np.array(found.pairs, dtype=np.int64).reshape(-1, 2)
    weight = dict(zip(zip(edges[0].tolist(), edges[1].tolist(), strict=True), edges[2].tolist(), strict=True))
    value = np.array([weight.get((int(x), int(y)), 0.0) for x, y in pairs], dtype=float)
    rows = {
        "pairs": parquet.write_table(output, "pairs", {"a": ids[pairs[:, 0]], "b": ids[pairs[:, 1]], "value": value}),
        "sat_out": parquet.write_table(
            output,
            "sat_out",
            {
                "person": np.concatenate([ids[np.array(found.sat_out, dtype=np.int64)], community.waiting]).astype(
                    np.int64
                )
            },
        ),
    }
    on: dt.date = about.pop("on")
    output_manifest(
        source, output, "match", rows, community=community.group, on=on.isoformat(), value=found.value, **about
    )
