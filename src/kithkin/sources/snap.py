"""Public network data sets in their published layouts (SNAP, and Lazega's law firm): edges, and what people share.

Each loader returns a :class:`Network`: undirected edges between integer ids
as the data set numbers them (renumbered from 0 where its ids have gaps), and a
sparse person × attribute matrix (the anonymised school/employer/location values
of ego-Facebook, the departments of email-Eu-core, the countries of LastFM Asia,
the machine-learning or web label of GitHub developers, the office, law school,
practice and status of Lazega's lawyers) that plays the part of affiliations;
where the data set tells how strong each tie is (Lazega's), those strengths.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from kithkin.errors import SourceError
from kithkin.text import is_number


@dataclass(frozen=True)
class Network:
    name: str
    size: int  # ids run 0 .. size-1
    edges: np.ndarray  # (m, 2), u < v, no duplicates or self-loops
    attributes: sp.csr_array  # (size, attributes) 0/1
    #: Each attribute column's kind as the data set names it (``education;school``, ``work;employer``, …).
    kinds: tuple[str, ...] = ()
    #: Each edge's strength where the data set tells it (how many ways two people deal with each other), or None.
    strengths: np.ndarray | None = None


def read_edges(path: Path) -> np.ndarray:
    """A whitespace-separated edge list (``u v`` per line, ``#`` comments, optionally gzipped), as distinct
    undirected pairs with u < v and no self-loops."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            pairs = []
            for number, line in enumerate(handle, start=1):
                fields = line.split()
                if not fields or fields[0].startswith("#"):
                    continue
                if len(fields) < 2 or not (is_number(fields[0]) and is_number(fields[1])):
                    raise SourceError(str(path), "expected two integer ids", line=number)
                pairs.append((int(fields[0]), int(fields[1])))
    except OSError as exc:
        raise SourceError(str(path), f"cannot read it ({exc.strerror or exc})") from None
    return undirected(np.array(pairs, dtype=np.int64).reshape(-1, 2))


def undirected(pairs: np.ndarray) -> np.ndarray:
    """Distinct unordered pairs (u < v), self-loops dropped."""
    lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    keep = lo != hi
    return np.unique(np.stack([lo[keep], hi[keep]], axis=1), axis=0)


def load_ego_facebook(folder: Path, edges: Path | None = None) -> Network:
    """SNAP ego-Facebook: ``observed_edges.txt.gz`` (or ``facebook_combined.txt[.gz]``, or ``edges``) and
    ``facebook/{ego}.feat.gz|.egofeat|.featnames`` (anonymised values shared across egos)."""
    if edges is None:
        candidates = [
            folder / n for n in ("observed_edges.txt.gz", "facebook_combined.txt.gz", "facebook_combined.txt")
        ]
        edges = next((c for c in candidates if c.exists()), candidates[0])
    pairs = read_edges(edges)
    feature_dir = folder / "facebook" if (folder / "facebook").is_dir() else folder
    row, col, values = _ego_features(feature_dir, "ego-Facebook")
    size = int(max(pairs.max(initial=0), row.max(initial=0))) + 1
    return Network("ego-facebook", size, pairs, _holders(row, col, size, len(values)),
                   tuple(_kind(value) for value in values))  # fmt: skip


def load_ego_twitter(folder: Path, edges: Path | None = None) -> Network:
    """SNAP ego-Twitter (the sample in ``../shared``): ``sample_combined_arcs.txt.gz`` (who follows whom, as
    undirected ties) and ``twitter/{ego}.feat.gz|.egofeat|.featnames``, whose values are the hashtags and
    @mentions people used: shared interests, of kind ``hashtag`` or ``mention``. Twitter's user ids run to 10^9,
    so they are renumbered from 0 in their order."""
    pairs = read_edges(edges or folder / "sample_combined_arcs.txt.gz")
    feature_dir = folder / "twitter" if (folder / "twitter").is_dir() else folder
    row, col, values = _ego_features(feature_dir, "ego-Twitter")
    ids, renumbered = np.unique(np.r_[pairs.ravel(), row], return_inverse=True)
    pairs, row = renumbered[: pairs.size].reshape(-1, 2), renumbered[pairs.size :]
    kinds = tuple("mention" if value.startswith("@") else "hashtag" for value in values)
    return Network("ego-twitter", len(ids), pairs, _holders(row, col, len(ids), len(values)), kinds)


def _ego_features(feature_dir: Path, dataset: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The features of SNAP's ego networks (``{ego}.featnames``, ``.feat[.gz]``, ``.egofeat``): who holds which
    value, as rows (the data set's ids) and columns of the distinct values, which are shared across egos."""
    names = sorted(feature_dir.glob("*.featnames"))
    if not names:
        raise SourceError(str(feature_dir), f"no <ego>.featnames files: is this the {dataset} folder?")
    value_ids: dict[str, int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for featnames in names:
        ego = int(featnames.name.split(".")[0])
        # "12 education;school;id;anonymized feature 50": the value is the text after the column number (split on
        # newlines alone: a hashtag may hold a character str.splitlines would split on; a trailing no-break space
        # is stripped, as "@romanbb\xa0" is "@romanbb").
        columns = np.array(
            [value_ids.setdefault(line.split(" ", 1)[1].strip(), len(value_ids))
             for line in featnames.read_text(encoding="utf-8").split("\n") if line.strip()], dtype=np.int64
        )  # fmt: skip
        feat_path = next(p for p in (feature_dir / f"{ego}.feat.gz", feature_dir / f"{ego}.feat") if p.exists())
        table = np.loadtxt(feat_path, dtype=np.int64, ndmin=2)
        if table.shape[1] - 1 != len(columns):
            raise SourceError(str(feat_path), f"{table.shape[1] - 1} feature columns, but {featnames.name} names "
                              f"{len(columns)}")  # fmt: skip
        hit_rows, hit_cols = np.nonzero(table[:, 1:])
        rows.append(table[hit_rows, 0])
        cols.append(columns[hit_cols])
        own = np.loadtxt(feature_dir / f"{ego}.egofeat", dtype=np.int64, ndmin=1)
        rows.append(np.full(int(own.sum()), ego))
        cols.append(columns[np.flatnonzero(own)])
    return np.concatenate(rows), np.concatenate(cols), list(value_ids)


def _holders(row: np.ndarray, col: np.ndarray, size: int, values: int) -> sp.csr_array:
    """Who holds which value, 0/1 (a person listed twice under one value, by two egos, holds it once)."""
    matrix = sp.csr_array((np.ones(len(row)), (row, col)), shape=(size, values))
    matrix.data[:] = 1.0
    return matrix


def _kind(value: str) -> str:
    """An ego-Facebook value's kind: ``education;school;id;anonymized feature 50`` is ``education;school``."""
    return value.rsplit(";", 1)[0].removesuffix(";id")


def load_email_eu_core(folder: Path, edges: Path | None = None) -> Network:
    """SNAP email-Eu-core: the e-mail arcs as undirected ties, departments as the shared attribute."""
    pairs = read_edges(edges or folder / "email-Eu-core.txt.gz")
    labels = read_edges_raw(folder / "email-Eu-core-department-labels.txt")
    return _labelled("email-eu-core", pairs, labels, "department")


def read_edges_raw(path: Path) -> np.ndarray:
    """Two integer columns, as they are (no reordering)."""
    try:
        return np.loadtxt(path, dtype=np.int64, ndmin=2)[:, :2]
    except (OSError, ValueError) as exc:
        raise SourceError(str(path), f"expected two integer columns ({exc})") from None


def load_edge_list(path: Path) -> Network:
    """A plain edge list with no attributes."""
    pairs = read_edges(path)
    size = int(pairs.max(initial=0)) + 1
    return Network(path.stem, size, pairs, sp.csr_array((size, 0)))


def load_ca_grqc(folder: Path, edges: Path | None = None) -> Network:
    """SNAP ca-GrQc: co-authors of arXiv General Relativity papers, no attributes. Its author ids run to 26,196
    for 5,242 authors, so they are renumbered from 0 in their order (the ids are anonymous integers anyway)."""
    pairs = read_edges(edges or folder / "CA-GrQc.txt.gz")
    ids, renumbered = np.unique(pairs, return_inverse=True)
    return Network("ca-grqc", len(ids), renumbered.reshape(-1, 2), sp.csr_array((len(ids), 0)))


def load_lastfm_asia(folder: Path, edges: Path | None = None) -> Network:
    """SNAP LastFM Asia: mutual followers, each user's (anonymised) country as the shared attribute."""
    pairs = undirected(read_csv_columns(edges or folder / "lastfm_asia_edges.csv.gz", ("node_1", "node_2")))
    return _labelled("lastfm-asia", pairs, read_csv_columns(folder / "lastfm_asia_target.csv", ("id", "target")),
                     "country")  # fmt: skip


def load_musae_github(folder: Path, edges: Path | None = None) -> Network:
    """SNAP GitHub developers: mutual followers, each developer's label (machine learning or web) as the shared
    attribute."""
    pairs = undirected(read_csv_columns(edges or folder / "musae_git_edges.csv.gz", ("id_1", "id_2")))
    labels = read_csv_columns(folder / "musae_git_target.csv.gz", ("id", "ml_target"))
    return _labelled("musae-github", pairs, labels, "field")


#: Lazega's attributes that say what two lawyers share, each with its kind: the office (a city), the law school
#: ("other" is any other school, so sharing it says nothing), the practice and the status (their positions).
LAZEGA_ATTRIBUTES = {"office": "location", "law_school": "education;school", "practice": "work;position",
                     "status": "work;position"}  # fmt: skip
#: Lazega's three relations; a pair's strength counts its arcs over them (each direction, up to six).
LAZEGA_RELATIONS = ("advice", "friendship", "co-work")


def load_lazega_lawyers(folder: Path, edges: Path | None = None) -> Network:
    """Lazega's law firm (71 lawyers, ``nodes.csv`` and ``arcs.csv`` as in ``../shared``): two lawyers are tied when
    any of co-work, advice or friendship links them either way, and the tie's strength is how many of those arcs
    link them (1–6) — the one real network here whose ties say how much two people deal with each other. Ids 1–71
    become 0–70. With ``edges`` (an edge list of 0-based ids), those ties, each with its strength from the arcs."""
    arcs = _read_named_rows(folder / "arcs.csv", ("relation", "from", "to"))
    counted: dict[tuple[int, int], int] = {}
    for number, (relation, head, tail) in arcs:
        if relation not in LAZEGA_RELATIONS:
            raise SourceError(str(folder / "arcs.csv"), f"unknown relation {relation!r}", line=number, field="relation")
        u, v = _lawyer(head, folder / "arcs.csv", number, "from"), _lawyer(tail, folder / "arcs.csv", number, "to")
        if u != v:
            key = (min(u, v), max(u, v))
            counted[key] = counted.get(key, 0) + 1
    named = _read_named_rows(folder / "nodes.csv", ("id", *LAZEGA_ATTRIBUTES))
    nodes = [(_lawyer(ident, folder / "nodes.csv", number, "id"), held) for number, (ident, *held) in named]
    size = max((lawyer for lawyer, _ in nodes), default=-1) + 1
    size = max(size, *(v + 1 for _, v in counted), 0)
    values: dict[tuple[str, str], int] = {}
    rows, cols = [], []
    for lawyer, held in nodes:
        for (column, kind), value in zip(LAZEGA_ATTRIBUTES.items(), held, strict=True):
            if value and value != "other":
                rows.append(lawyer)
                cols.append(values.setdefault((kind, f"{column}={value}"), len(values)))
    pairs = read_edges(edges) if edges is not None else np.array(sorted(counted), dtype=np.int64).reshape(-1, 2)
    strengths = np.array([counted.get((int(u), int(v)), 1) for u, v in pairs], dtype=float)
    kinds = tuple(kind for kind, _ in sorted(values, key=values.__getitem__))
    attributes = _holders(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), size, len(values))
    return Network("lazega-lawyers", size, pairs, attributes, kinds, strengths)


def _lawyer(ident: str, path: Path, line: int, column: str) -> int:
    if not is_number(ident) or int(ident) < 1:
        raise SourceError(str(path), "expected a lawyer's number from 1", line=line, field=column)
    return int(ident) - 1


def _labelled(name: str, pairs: np.ndarray, labels: np.ndarray, kind: str) -> Network:
    """A network whose people each carry one label (``labels``: id, label) of one kind."""
    size = int(max(pairs.max(initial=0), labels[:, 0].max(initial=0))) + 1
    values = int(labels[:, 1].max(initial=0)) + 1
    matrix = sp.csr_array((np.ones(len(labels)), (labels[:, 0], labels[:, 1])), shape=(size, values))
    return Network(name, size, pairs, matrix, (kind,) * values)


def read_csv_columns(path: Path, columns: tuple[str, ...]) -> np.ndarray:
    """The named integer columns of a CSV file with a header (optionally gzipped), as they are; the header's
    names may carry spaces (``id, name, ml_target``)."""
    values = []
    for number, cells in _read_named_rows(path, columns):
        bad = next((c for c, cell in zip(columns, cells, strict=True) if not is_number(cell)), None)
        if bad is not None:
            raise SourceError(str(path), "expected a whole number", line=number, field=bad)
        values.append([int(cell) for cell in cells])
    return np.array(values, dtype=np.int64).reshape(-1, len(columns))


def _read_named_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The named columns of a CSV file with a header (optionally gzipped), as text, each row with its line number
    (blank lines skipped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            header = [name.strip() for name in next(rows, [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise SourceError(str(path), f"no {', '.join(missing)} column in the header", line=1)
            at = [header.index(c) for c in columns]
            return [(number, [row[i].strip() if i < len(row) else "" for i in at])
                    for number, row in enumerate(rows, start=2) if row]  # fmt: skip
    except OSError as exc:
        raise SourceError(str(path), f"cannot read it ({exc.strerror or exc})") from None


#: The data sets :func:`load` knows by name (the folder names of ``../shared/data``).
LOADERS = {
    "ego-facebook": load_ego_facebook,
    "ego-twitter": load_ego_twitter,
    "email-eu-core": load_email_eu_core,
    "ca-grqc": load_ca_grqc,
    "lastfm-asia": load_lastfm_asia,
    "musae-github": load_musae_github,
    "lazega-lawyers": load_lazega_lawyers,
}


def load(dataset: str, folder: Path, edges: Path | None = None) -> Network:
    """A data set by name (:data:`LOADERS`) or ``edges`` (a plain edge list at ``folder``)."""
    if dataset in LOADERS:
        return LOADERS[dataset](folder, edges)
    if dataset in ("edges", "edge-list"):
        return load_edge_list(edges or folder)
    raise SourceError(dataset, f"unknown data set: use {', '.join(LOADERS)} or edges")
