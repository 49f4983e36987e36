"""How much more often people are friends when they share a rare, specific profile feature (ego-Facebook).

Measures the *lift* of sharing a profile value (same school, employer, city, ...):
``lift = P(edge | the pair shares a value) / P(edge)``, on the observed 90 % of the
SNAP ego-Facebook friendships, to calibrate kithkin's common-ground weights.

Two baselines are printed side by side:

* ``lift`` divides by the overall edge density ``p = E / (n(n-1)/2)``, as asked;
* ``adj`` divides by the number of edges expected if friendship depended only on
  which ego network each person came from (a block model over the ten ego
  networks). The data are ten friend lists glued together, so two people in the
  same ego network are already 3-14x likelier to be friends than two random
  people, and a rare value is almost always held inside one ego network. ``adj``
  removes that sampling effect; it is the number that transfers to kithkin, where
  the candidates being ranked all come from one user's network.

    .venv/bin/python bench/lift_ego_facebook.py [--data ../shared/data/ego-facebook]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.optimize
import scipy.sparse as sp

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ego-facebook"

# The categories whose values are places/organisations a user would name as common ground.
POOLED = ("education;school", "work;employer", "location", "hometown", "education;concentration")
# Holder-count buckets (inclusive bounds) for the rarity table.
BUCKETS = ((2, 5), (6, 20), (21, 60), (61, 200), (201, None))
# (A, B): compare pairs sharing A and B with pairs sharing A but not B.
COMBOS = (
    ("education;school", "education;concentration"),
    ("education;school", "education;year"),
    ("education;school", "education;degree"),
    ("work;employer", "work;location"),
    ("work;employer", "location"),
    ("work;employer", "work;position"),
    ("location", "hometown"),
)

_FEATURE = re.compile(r"^(?P<category>.*?)(?:;id)?;anonymized feature (?P<value>\d+)$")


def parse_feature_name(name: str) -> tuple[str, int]:
    """Split a SNAP feature name into its category and its global anonymised value id.

    >>> parse_feature_name("education;school;id;anonymized feature 50")
    ('education;school', 50)
    >>> parse_feature_name("work;start_date;anonymized feature 157")
    ('work;start_date', 157)
    >>> parse_feature_name("gender;anonymized feature 77")
    ('gender', 77)
    """
    match = _FEATURE.match(name.strip())
    if match is None:
        raise ValueError(f"not a SNAP feature name: {name!r}")
    return match["category"], int(match["value"])


@dataclass(frozen=True)
class EgoFacebook:
    """The observed graph and the global person x value matrix.

    ``adj`` is the symmetric 0/1 adjacency (n x n, empty diagonal); ``features`` is
    the 0/1 person x value matrix (n x V), one column per (category, value id);
    ``group[i]`` is the ego network person i is counted in (its own index for an
    ego, the first ego file listing it for an alter, ``len(egos)`` for nobody).
    """

    adj: sp.csr_array
    features: sp.csc_array
    categories: tuple[str, ...]
    value_ids: np.ndarray
    group: np.ndarray
    egos: tuple[int, ...]

    @property
    def n(self) -> int:
        return int(self.adj.shape[0])

    @property
    def edge_count(self) -> int:
        return int(self.adj.nnz // 2)

    @property
    def density(self) -> float:
        """Overall edge density p = E / (n(n-1)/2)."""
        return self.edge_count / (self.n * (self.n - 1) / 2)

    def columns(self, category: str | Sequence[str]) -> np.ndarray:
        """Indices of the value columns belonging to one category (or several)."""
        wanted = {category} if isinstance(category, str) else set(category)
        return np.flatnonzero([c in wanted for c in self.categories])


def load(data_dir: str | Path = DEFAULT_DATA) -> EgoFacebook:
    """Read ``observed_edges.txt.gz`` and ``facebook/{ego}.feat.gz|egofeat|featnames``.

    Column k of an ego's files is mapped to its global value (category, N); a person
    listed in several ego files gets the union of their values there.
    """
    data_dir = Path(data_dir)
    edges = np.loadtxt(data_dir / "observed_edges.txt.gz", dtype=np.int64, ndmin=2)
    egos = tuple(sorted(int(p.name.removesuffix(".featnames")) for p in (data_dir / "facebook").glob("*.featnames")))
    if not egos:
        raise FileNotFoundError(f"no facebook/*.featnames under {data_dir}")

    key_index: dict[tuple[str, int], int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    member_of: dict[int, int] = {}
    for g, ego in enumerate(egos):
        base = data_dir / "facebook" / str(ego)
        names = Path(f"{base}.featnames").read_text(encoding="utf-8").splitlines()
        keys = [parse_feature_name(line.split(" ", 1)[1]) for line in names if line.strip()]
        col_of = np.array([key_index.setdefault(k, len(key_index)) for k in keys], dtype=np.int64)
        feat = np.loadtxt(f"{base}.feat.gz", dtype=np.int64, ndmin=2)
        ids, values = feat[:, 0], feat[:, 1:]
        egofeat = np.loadtxt(f"{base}.egofeat", dtype=np.int64, ndmin=1)
        if values.shape[1] != len(keys) or egofeat.shape[0] != len(keys):
            raise ValueError(f"ego {ego}: {len(keys)} feature names but {values.shape[1]} / {egofeat.shape[0]} columns")
        r, c = np.nonzero(values)
        rows += [ids[r], np.full(np.count_nonzero(egofeat), ego)]
        cols += [col_of[c], col_of[np.flatnonzero(egofeat)]]
        member_of.setdefault(ego, g)
        for node in ids.tolist():
            member_of.setdefault(node, g)
    for g, ego in enumerate(egos):  # an ego belongs to its own network even if listed as someone's alter
        member_of[ego] = g

    all_rows = np.concatenate(rows)
    n = int(max(edges.max(), all_rows.max())) + 1
    u, v = edges[:, 0], edges[:, 1]
    keep = u != v
    u, v = u[keep], v[keep]
    adj = sp.coo_array((np.ones(2 * len(u), dtype=np.int64), (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    adj.sum_duplicates()
    adj.data[:] = 1

    features = sp.coo_array(
        (np.ones(len(all_rows), dtype=np.int64), (all_rows, np.concatenate(cols))), shape=(n, len(key_index))
    ).tocsc()
    features.sum_duplicates()
    features.data[:] = 1

    group = np.full(n, len(egos), dtype=np.int64)
    for node, g in member_of.items():
        group[node] = g
    keys_in_order = sorted(key_index, key=key_index.__getitem__)
    return EgoFacebook(
        adj=adj,
        features=features,
        categories=tuple(k[0] for k in keys_in_order),
        value_ids=np.array([k[1] for k in keys_in_order], dtype=np.int64),
        group=group,
        egos=egos,
    )


def block_density(data: EgoFacebook) -> np.ndarray:
    """Edge density between and within ego networks: G x G, ``B[g, h] = edges(g, h) / pairs(g, h)``."""
    size = int(data.group.max()) + 1
    onehot = _onehot(data.group, size)
    edges = (onehot.T @ (data.adj @ onehot)).toarray().astype(float)  # within-group entries count each edge twice
    counts = np.bincount(data.group, minlength=size).astype(float)
    pairs = np.outer(counts, counts)
    np.fill_diagonal(pairs, counts * (counts - 1))  # ordered pairs, like the edge counts
    return np.divide(edges, pairs, out=np.zeros_like(edges), where=pairs > 0)


def _onehot(group: np.ndarray, size: int) -> sp.csr_array:
    n = len(group)
    return sp.csr_array((np.ones(n), (np.arange(n), group)), shape=(n, size))


@dataclass(frozen=True)
class Lift:
    """Pairs, edges among them, and the edges expected under both baselines."""

    pairs: float
    edges: float
    expected_random: float  # pairs x p
    expected_block: float  # sum over pairs of the ego-network block density

    @property
    def lift(self) -> float:
        """P(edge | pair) / p."""
        return self.edges / self.expected_random if self.expected_random else float("nan")

    @property
    def adjusted(self) -> float:
        """Edges / edges expected from the pair's ego networks alone."""
        return self.edges / self.expected_block if self.expected_block else float("nan")

    @property
    def p_edge(self) -> float:
        return self.edges / self.pairs if self.pairs else float("nan")


def pair_lift(data: EgoFacebook, mask: sp.sparray, block: np.ndarray | None = None) -> Lift:
    """Lift of an arbitrary set of unordered pairs, given as a sparse n x n pattern (only i < j is read)."""
    block = block_density(data) if block is None else block
    upper = sp.triu(mask, k=1, format="csr")
    upper.eliminate_zeros()
    upper.data[:] = 1
    onehot = _onehot(data.group, block.shape[0])
    by_block = (onehot.T @ (upper @ onehot)).toarray()
    pairs = float(upper.sum())
    return Lift(
        pairs=pairs,
        edges=float(upper.multiply(data.adj).sum()),
        expected_random=pairs * data.density,
        expected_block=float((by_block * block).sum()),
    )


def share_pattern(data: EgoFacebook, category: str | Sequence[str]) -> sp.csr_array:
    """n x n count of distinct values of ``category`` that each pair shares (X_c X_c^T)."""
    x = data.features[:, data.columns(category)].tocsr()
    return (x @ x.T).tocsr()


@dataclass(frozen=True)
class CategoryRow:
    category: str
    values: int  # distinct values with at least one holder
    median_holders: float  # median n_f over those values
    holders: int  # people holding at least one value
    stats: Lift


def lift_by_category(data: EgoFacebook, categories: Sequence[str] | None = None) -> list[CategoryRow]:
    """For each category: distinct values, pairs sharing at least one value, edges among them, lifts.

    Categories default to all of them, sorted by lift (highest first), those with
    fewer than 100 sharing pairs last.
    """
    block = block_density(data)
    holders = np.asarray(data.features.sum(axis=0)).ravel()
    rows = []
    for category in categories or sorted(set(data.categories)):
        cols = data.columns(category)
        people = data.features[:, cols].tocsr()
        rows.append(
            CategoryRow(
                category=category,
                values=int(np.count_nonzero(holders[cols] >= 1)),
                median_holders=float(np.median(holders[cols])),
                holders=int(np.count_nonzero(np.diff(people.indptr))),
                stats=pair_lift(data, share_pattern(data, category), block),
            )
        )
    if categories is None:
        rows.sort(key=lambda row: (row.stats.pairs < 100, -row.stats.lift))
    return rows


@dataclass(frozen=True)
class ValueStats:
    """Per-value counts: holders n_f, pairs C(n_f, 2), edges among holders, expected edges (block model)."""

    columns: np.ndarray
    holders: np.ndarray
    pairs: np.ndarray
    edges: np.ndarray
    expected_block: np.ndarray


def value_stats(data: EgoFacebook, categories: Sequence[str] = POOLED) -> ValueStats:
    """Count, for every value of ``categories``, its holders and the edges among them (X^T A X diagonal)."""
    cols = data.columns(categories)
    x = data.features[:, cols].tocsc()
    holders = np.asarray(x.sum(axis=0)).ravel().astype(float)
    edges = np.asarray(x.multiply(data.adj @ x).sum(axis=0)).ravel() / 2
    block = block_density(data)
    per_group = (x.T @ _onehot(data.group, block.shape[0])).toarray()  # V x G holder counts
    expected = ((per_group @ block) * per_group).sum(axis=1) - per_group @ np.diag(block)
    return ValueStats(
        columns=cols,
        holders=holders,
        pairs=holders * (holders - 1) / 2,
        edges=edges,
        expected_block=expected / 2,
    )


@dataclass(frozen=True)
class BucketRow:
    low: int
    high: int | None
    values: int
    stats: Lift

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}" if self.high is not None else f"{self.low}+"


def lift_by_bucket(
    data: EgoFacebook, categories: Sequence[str] = POOLED, buckets: Sequence[tuple[int, int | None]] = BUCKETS
) -> list[BucketRow]:
    """Lift pooled over the values whose holder count n_f falls in each bucket (a pair counts once per value)."""
    vs = value_stats(data, categories)
    rows = []
    for low, high in buckets:
        pick = (vs.holders >= low) & (vs.holders <= (high if high is not None else np.inf))
        pairs = float(vs.pairs[pick].sum())
        rows.append(
            BucketRow(
                low=low,
                high=high,
                values=int(pick.sum()),
                stats=Lift(
                    pairs=pairs,
                    edges=float(vs.edges[pick].sum()),
                    expected_random=pairs * data.density,
                    expected_block=float(vs.expected_block[pick].sum()),
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class RarityFit:
    """``log(lift_f) = a + b log(N / n_f)`` by weighted least squares, Poisson likelihood and over buckets."""

    a: float
    b: float
    a_poisson: float
    b_poisson: float
    b_buckets: float
    values: int
    baseline: str


def fit_rarity_exponent(
    data: EgoFacebook, categories: Sequence[str] = POOLED, baseline: str = "random", min_holders: int = 2
) -> RarityFit:
    """Fit how lift grows with rarity over the values with n_f >= ``min_holders`` (N = number of people).

    Least squares weights each value by its pairs C(n_f, 2); a value with no edge among its
    holders gets 0.5 edge (continuity correction) so its log is finite. The Poisson fit
    (edges_f ~ Poisson(expected_f * exp(a) * (N/n_f)^b)) needs no correction and is printed
    beside it, and so is the slope through the pooled lifts of the holder-count ``BUCKETS``
    (x = the bucket's mean log(N/n_f), weighted by expected edges). ``baseline`` is ``"random"``
    (expected = pairs x p) or ``"block"`` (ego networks).
    """
    vs = value_stats(data, categories)
    pick = vs.holders >= min_holders
    x = np.log(data.n / vs.holders[pick])
    edges = vs.edges[pick]
    if baseline == "random":
        expected = vs.pairs[pick] * data.density
    elif baseline == "block":
        expected = vs.expected_block[pick]
    else:
        raise ValueError(f"baseline must be 'random' or 'block', not {baseline!r}")
    ok = expected > 0
    x, edges, expected, weight = x[ok], edges[ok], expected[ok], vs.pairs[pick][ok]
    holders = vs.holders[pick][ok]

    y = np.log(np.maximum(edges, 0.5) / expected)
    design = np.column_stack([np.ones_like(x), x])
    root = np.sqrt(weight)
    (a, b), *_ = np.linalg.lstsq(design * root[:, None], y * root, rcond=None)

    def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        mu = expected * np.exp(design @ theta)
        return float((mu - edges * (design @ theta)).sum()), design.T @ (mu - edges)

    result = scipy.optimize.minimize(nll, np.array([a, b]), jac=True, method="BFGS")

    bucket_x, bucket_y = [], []
    for low, high in BUCKETS:
        inside = (holders >= low) & (holders <= (high if high is not None else np.inf))
        if edges[inside].sum() > 0:
            bucket_x.append(np.average(x[inside], weights=expected[inside]))
            bucket_y.append(np.log(edges[inside].sum() / expected[inside].sum()))
    b_buckets = float(np.polyfit(bucket_x, bucket_y, 1)[0]) if len(bucket_x) >= 2 else float("nan")
    return RarityFit(
        a=float(a),
        b=float(b),
        a_poisson=float(result.x[0]),
        b_poisson=float(result.x[1]),
        b_buckets=b_buckets,
        values=len(x),
        baseline=baseline,
    )


@dataclass(frozen=True)
class CalibrationRow:
    """Observed and predicted lift for one holder-count bucket (predicted = summed over its values)."""

    bucket: BucketRow
    power_random: float  # exp(a) (N/n_f)^b, Poisson fit against p
    power_block: float  # exp(a) (N/n_f)^b, Poisson fit against the ego networks
    idf_block: float  # c log(N/n_f), c fitted so the pool's predicted edges equal its edges


def rarity_calibration(
    data: EgoFacebook, categories: Sequence[str] = POOLED, buckets: Sequence[tuple[int, int | None]] = BUCKETS
) -> list[CalibrationRow]:
    """How well each rarity weight reproduces the bucket lifts: w = (N/n)^b (both baselines) and w = log(N/n)."""
    vs = value_stats(data, categories)
    fit_r = fit_rarity_exponent(data, categories, baseline="random")
    fit_b = fit_rarity_exponent(data, categories, baseline="block")
    x = np.log(data.n / vs.holders)
    exp_r = vs.pairs * data.density
    exp_b = vs.expected_block
    pred_r = exp_r * np.exp(fit_r.a_poisson + fit_r.b_poisson * x)
    pred_b = exp_b * np.exp(fit_b.a_poisson + fit_b.b_poisson * x)
    pred_idf = exp_b * x * (vs.edges.sum() / (exp_b * x).sum())
    rows = []
    for bucket in lift_by_bucket(data, categories, buckets):
        pick = (vs.holders >= bucket.low) & (vs.holders <= (bucket.high if bucket.high is not None else np.inf))
        rows.append(
            CalibrationRow(
                bucket=bucket,
                power_random=float(pred_r[pick].sum() / exp_r[pick].sum()),
                power_block=float(pred_b[pick].sum() / exp_b[pick].sum()),
                idf_block=float(pred_idf[pick].sum() / exp_b[pick].sum()),
            )
        )
    return rows


def drop_egos(data: EgoFacebook) -> EgoFacebook:
    """The same data without the ten ego nodes (whose edges to every alter are edges by construction)."""
    keep = np.setdiff1d(np.arange(data.n), data.egos)
    return EgoFacebook(
        adj=data.adj[keep][:, keep].tocsr(),
        features=data.features[keep].tocsc(),
        categories=data.categories,
        value_ids=data.value_ids,
        group=data.group[keep],
        egos=data.egos,
    )


def lift_by_shared_count(data: EgoFacebook, categories: Sequence[str] = POOLED) -> dict[str, Lift]:
    """Lift for pairs sharing exactly 1, exactly 2 and 2+ distinct values of ``categories``."""
    shared = sp.triu(share_pattern(data, categories), k=1, format="csr")
    block = block_density(data)
    out = {}
    for label, keep in (("exactly 1", lambda d: d == 1), ("exactly 2", lambda d: d == 2), ("2+", lambda d: d >= 2)):
        mask = shared.copy()
        mask.data = keep(mask.data).astype(np.int64)
        out[label] = pair_lift(data, mask, block)
    return out


def lift_of_combo(data: EgoFacebook, first: str, second: str) -> tuple[Lift, Lift]:
    """(pairs sharing ``first`` and ``second``, pairs sharing ``first`` but not ``second``)."""
    a = share_pattern(data, first)
    a.data[:] = 1
    b = share_pattern(data, second)
    b.data[:] = 1
    both = a.multiply(b).tocsr()
    block = block_density(data)
    return pair_lift(data, both, block), pair_lift(data, a - both, block)


_LABELS = {"work;location": "work location", "location": "city", "education;concentration": "major"}


def _short(category: str) -> str:
    return _LABELS.get(category, category.split(";")[-1])


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if not np.isfinite(x) else f"{x:,.{digits}f}"


def report(data: EgoFacebook) -> None:
    """Print every table."""
    groups = np.bincount(data.group, minlength=len(data.egos) + 1)
    print(f"people n = {data.n:,}   observed edges E = {data.edge_count:,}   values V = {data.features.shape[1]:,}")
    print(f"(a) overall edge density p = E / (n(n-1)/2) = {data.density:.5f}")
    block = block_density(data)
    within = np.array([block[g, g] for g in range(len(data.egos))])
    print(f"    ego networks {', '.join(map(str, data.egos))}")
    print(f"    their sizes (each person counted once) {', '.join(str(int(s)) for s in groups[: len(data.egos)])}")
    print(
        f"    density within a network {within.min():.3f}-{within.max():.3f} ({within.min() / data.density:.0f}-"
        f"{within.max() / data.density:.0f}x p), between networks {block[~np.eye(len(block), dtype=bool)].mean():.5f}"
        " on average"
    )
    print("    lift = P(edge | pair) / p;  adj = edges / edges expected from the pair's ego networks alone\n")

    print("(b) by category (a pair counts once however many values of the category it shares)")
    header = f"{'category':<26}{'values':>7}{'med n_f':>8}{'holders':>8}{'pairs':>12}{'edges':>9}{'P(edge)':>9}"
    print(header + f"{'lift':>8}{'adj':>7}")
    rows = lift_by_category(data)
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        s = row.stats
        print(
            f"{row.category:<26}{row.values:>7,}{row.median_holders:>8,.0f}{row.holders:>8,}{s.pairs:>12,.0f}"
            f"{s.edges:>9,.0f}{s.p_edge:>9.4f}{_fmt(s.lift):>8}{_fmt(s.adjusted):>7}"
        )
        if after is not None and after.stats.pairs < 100 <= s.pairs:
            print(f"{'-- fewer than 100 sharing pairs:':<26}")
    print("    values = distinct values; med n_f = median holders per value (every value has 2+ holders)\n")

    print(f"(c) by holder count n_f, pooled over {', '.join(_short(c) for c in POOLED)} (a pair counts once per value)")
    print(f"{'n_f':<9}{'values':>7}{'pairs':>11}{'edges':>9}{'P(edge)':>9}{'lift':>8}{'adj':>7}")
    for row in lift_by_bucket(data):
        s = row.stats
        print(
            f"{row.label:<9}{row.values:>7,}{s.pairs:>11,.0f}{s.edges:>9,.0f}{s.p_edge:>9.4f}"
            f"{_fmt(s.lift):>8}{_fmt(s.adjusted):>7}"
        )
    print()

    print(f"(d) rarity fit  log(lift_f) = a + b log(N / n_f),  N = {data.n:,}, values with n_f >= 2, same pool")
    print(
        f"{'baseline':<22}{'values':>7}{'a (WLS)':>9}{'b (WLS)':>9}{'a (Poisson)':>13}{'b (Poisson)':>13}"
        f"{'b (buckets)':>13}"
    )
    for baseline, label in (("random", "p (lift)"), ("block", "ego networks (adj)")):
        fit = fit_rarity_exponent(data, baseline=baseline)
        print(
            f"{label:<22}{fit.values:>7,}{fit.a:>9.3f}{fit.b:>9.3f}{fit.a_poisson:>13.3f}{fit.b_poisson:>13.3f}"
            f"{fit.b_buckets:>13.3f}"
        )
    print("    WLS weights each value by its pairs (a value with 0 edges counts as 0.5 edge); Poisson = same model by")
    print("    maximum likelihood; buckets = straight line through the five pooled bucket lifts of (c).")
    print("    Check against the buckets of (c) — predicted lift summed over each bucket's values:")
    print(f"{'n_f':<9}{'lift':>8}{'(N/n)^b':>9}{'adj':>8}{'(N/n)^b':>9}{'log(N/n)':>10}")
    for row in rarity_calibration(data):
        print(
            f"{row.bucket.label:<9}{row.bucket.stats.lift:>8.2f}{row.power_random:>9.2f}"
            f"{row.bucket.stats.adjusted:>8.2f}{row.power_block:>9.2f}{row.idf_block:>10.2f}"
        )
    print("    (N/n)^b with the Poisson a, b of each baseline; log(N/n) scaled to the pool's total adj lift\n")

    print("    specificity: distinct values shared, same pool")
    print(f"{'shared values':<40}{'pairs':>11}{'edges':>9}{'P(edge)':>9}{'lift':>8}{'adj':>7}")
    for label, s in lift_by_shared_count(data).items():
        print(f"{label:<40}{s.pairs:>11,.0f}{s.edges:>9,.0f}{s.p_edge:>9.4f}{_fmt(s.lift):>8}{_fmt(s.adjusted):>7}")
    print()
    print(f"{'pair shares':<40}{'pairs':>11}{'edges':>9}{'P(edge)':>9}{'lift':>8}{'adj':>7}{'x lift':>8}{'x adj':>7}")
    for first, second in COMBOS:
        both, only = lift_of_combo(data, first, second)
        for label, s in (
            (f"{_short(first)} + {_short(second)}", both),
            (f"{_short(first)}, not {_short(second)}", only),
        ):
            line = f"{label:<40}{s.pairs:>11,.0f}{s.edges:>9,.0f}{s.p_edge:>9.4f}{_fmt(s.lift):>8}{_fmt(s.adjusted):>7}"
            if s is both:
                line += f"{_fmt(both.lift / only.lift):>8}{_fmt(both.adjusted / only.adjusted):>7}"
            print(line)
    print("    x lift / x adj = (shares both) / (shares the first only)\n")

    alters = drop_egos(data)
    buckets = lift_by_bucket(alters)
    fits = [fit_rarity_exponent(alters, baseline=b) for b in ("random", "block")]
    counts = lift_by_shared_count(alters)
    print(f"robustness, alters only (egos dropped: n = {alters.n:,}, E = {alters.edge_count:,},", end=" ")
    print(f"p = {alters.density:.5f}):")
    print("    buckets    " + "".join(f"{r.label:>9}" for r in buckets))
    print("    lift       " + "".join(f"{r.stats.lift:>9.2f}" for r in buckets))
    print("    adj        " + "".join(f"{r.stats.adjusted:>9.2f}" for r in buckets))
    print(
        f"    b (Poisson / buckets): {fits[0].b_poisson:.3f} / {fits[0].b_buckets:.3f} vs p,"
        f" {fits[1].b_poisson:.3f} / {fits[1].b_buckets:.3f} vs ego networks"
    )
    print(
        f"    2+ vs exactly 1 shared values: lift x{counts['2+'].lift / counts['exactly 1'].lift:.2f},"
        f" adj x{counts['2+'].adjusted / counts['exactly 1'].adjusted:.2f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with observed_edges.txt.gz, facebook/")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = load(args.data)
    loaded = time.perf_counter() - started
    report(data)
    print(f"\nloaded in {loaded:.1f} s, total {time.perf_counter() - started:.1f} s  (data: {args.data})")


if __name__ == "__main__":
    main()
