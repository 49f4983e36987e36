"""Exports of a real demo store, read back by independent readers (csv, NetworkX's GraphML reader)."""

from __future__ import annotations

import csv
import io
import pathlib

import networkx as nx
import pytest

from kithkin import services
from kithkin.errors import InputError
from kithkin.services.exporting import export
from kithkin.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    services.build_demo(path, size=150)
    return path


def _export(path: pathlib.Path, fmt: str) -> str:
    out = io.StringIO()
    with Store.open(path) as store:
        export(store, fmt, out)
    return out.getvalue()


def test_graphml_opens_in_networkx_with_every_person_group_tie_and_membership(
    demo: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    file = tmp_path / "net.graphml"
    file.write_text(_export(demo, "graphml"), encoding="utf-8")
    graph = nx.read_graphml(file)
    with Store.open(demo) as store:
        people, ties = store.count_people(), store.count_ties()
        groups = len(list(store.all_groups()))
        memberships = sum(len(affs) for _, _, affs in store.people_for_export())
        me = store.me()
    kinds = nx.get_node_attributes(graph, "type")
    assert sum(1 for t in kinds.values() if t == "person") == people
    assert sum(1 for t in kinds.values() if t == "group") == groups
    relations = [d["relation"] for _, _, d in graph.edges(data=True)]
    assert relations.count("tie") == ties
    # Two roles at one group are two edges (NetworkX reads them into a MultiGraph).
    assert relations.count("member") == memberships
    assert me is not None
    assert graph.nodes[f"p{me.id}"]["label"] == me.name


def test_csv_has_one_row_per_person_with_their_employers(demo: pathlib.Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(demo, "csv"))))
    with Store.open(demo) as store:
        assert len(rows) == store.count_people()
        me = store.me()
        assert me is not None
        employers = [a for a in store.affiliations_of(me.id or 0) if a.group.kind.value == "employer"]
    mine = next(r for r in rows if r["id"] == str(me.id))
    assert mine["name"] == me.name
    assert employers
    assert all(a.group.name in mine["employers"] for a in employers)
    assert int(mine["ties"]) > 0


def test_unknown_export_format_is_refused(demo: pathlib.Path) -> None:
    with Store.open(demo) as store, pytest.raises(InputError, match="use one of: json, vcard, csv, graphml"):
        export(store, "xlsx", io.StringIO())
