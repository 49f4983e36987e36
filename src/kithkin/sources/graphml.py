"""GraphML for Gephi, Cytoscape and yEd: people and groups as nodes, ties and memberships as edges.

People and groups share one graph so the layout shows who gathers where; a
``type`` attribute tells them apart (Gephi can filter or colour on it). Ids
are prefixed (``p12``, ``g3``) because GraphML ids are one namespace. The
writer streams: a million-person network is written without building it in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# (id, for, name, type): the attributes Gephi shows in its data laboratory.
_KEYS = (
    ("type", "node", "type", "string"),
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("emails", "node", "emails", "string"),
    ("tags", "node", "tags", "string"),
    ("relation", "edge", "relation", "string"),
    ("how", "edge", "how", "string"),
    ("since", "edge", "since", "string"),
    ("closeness", "edge", "closeness", "int"),
    ("role", "edge", "role", "string"),
    ("start", "edge", "start", "string"),
    ("end", "edge", "end", "string"),
)


@dataclass(frozen=True)
class Node:
    id: str
    data: dict[str, str | int]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    data: dict[str, str | int]


def write(nodes: Iterable[Node], edges: Iterable[Edge]) -> Iterator[str]:
    """GraphML text, a line at a time (undirected: ties have no direction).

    >>> text = "".join(write([Node("p1", {"type": "person", "label": "Ann & Bo"})], []))
    >>> "<data key=\\"label\\">Ann &amp; Bo</data>" in text
    True
    """
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    for key, kind, name, type_ in _KEYS:
        yield f'  <key id="{key}" for="{kind}" attr.name="{name}" attr.type="{type_}"/>\n'
    yield '  <graph id="kithkin" edgedefault="undirected">\n'
    for node in nodes:
        yield f"    <node id={quoteattr(node.id)}>{_data(node.data)}</node>\n"
    for number, edge in enumerate(edges):
        yield (
            f'    <edge id="e{number}" source={quoteattr(edge.source)} target={quoteattr(edge.target)}>'
            f"{_data(edge.data)}</edge>\n"
        )
    yield "  </graph>\n</graphml>\n"


def _data(values: dict[str, str | int]) -> str:
    return "".join(
        f'<data key="{key}">{escape(_clean(str(value)))}</data>' for key, value in values.items() if value != ""
    )


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters from a bad import)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
