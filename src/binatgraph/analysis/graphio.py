"""Writing a projection for other tools: GraphML, GEXF (Gephi) and CSV edge and node lists.

Lists (aliases, posts, event IRIs) become ``"; "``-joined strings, because GraphML and GEXF
attributes are scalars; node keys are IRI strings already. Files are written to a temporary file
and renamed, so a failed write leaves no half file.

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.Graph()
>>> G.add_edge("https://ex.org/a", "https://ex.org/b", weight=2, events=["https://ex.org/e1", "https://ex.org/e2"])
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_graph(G, pathlib.Path(tmp) / "g.graphml", "graphml")
...     nx.read_graphml(path).edges["https://ex.org/a", "https://ex.org/b"]["events"]
'https://ex.org/e1; https://ex.org/e2'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from binatgraph.graph.export import write_atomically

__all__ = ["GRAPH_FORMATS", "GraphFormat", "flat_copy", "write_graph"]

GraphFormat = Literal["graphml", "gexf", "csv"]
SEPARATOR = "; "


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return SEPARATOR.join(str(v) for v in value)
    if value is None:
        return ""
    return value


def flat_copy(G: nx.Graph) -> nx.Graph:
    """A copy with every list attribute joined into a string and ``None`` made empty."""
    H: nx.Graph[Any] = nx.Graph()
    H.graph.update({k: _flat(v) for k, v in G.graph.items()})
    H.add_nodes_from((n, {k: _flat(v) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((a, b, {k: _flat(v) for k, v in d.items()}) for a, b, d in G.edges(data=True))
    return H


def _graphml(G: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_copy(G), buffer)
    return buffer.getvalue()


def _gexf(G: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(flat_copy(G), buffer)
    return buffer.getvalue()


def _rows_csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def _edges_csv(G: nx.Graph) -> bytes:
    label = nx.get_node_attributes(G, "label")
    rows = [
        {
            "source": a,
            "target": b,
            "source_label": label.get(a, a),
            "target_label": label.get(b, b),
            "weight": d.get("weight", 1),
            "events": " ".join(d.get("events", [])),
        }
        for a, b, d in G.edges(data=True)
    ]
    return _rows_csv(rows, ["source", "target", "source_label", "target_label", "weight", "events"])


def _nodes_csv(G: nx.Graph) -> bytes:
    rows = [
        {"node": n, **{k: _flat(v) for k, v in d.items()}, "degree": G.degree(n)}
        for n, d in G.nodes(data=True)
    ]
    return _rows_csv(rows, ["node", "label", "type", "country", "degree", "aliases", "posts", "events"])


GRAPH_FORMATS: dict[str, Callable[[nx.Graph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "csv": _edges_csv,
}


def nodes_path(path: Path) -> Path:
    """Where the node list goes beside a CSV edge list: ``edges.csv`` -> ``edges.nodes.csv``."""
    return path.with_name(f"{path.stem}.nodes.csv")


def write_graph(G: nx.Graph, path: Path, fmt: GraphFormat = "graphml") -> Path:
    """Write ``G`` to ``path`` in ``fmt``; for CSV, the node list goes beside it (see :func:`nodes_path`)."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"format '{fmt}' is not known; allowed: {', '.join(GRAPH_FORMATS)}")
    data = GRAPH_FORMATS[fmt](G)
    with write_atomically(path) as out:
        out.write(data)
    if fmt == "csv":
        with write_atomically(nodes_path(path)) as out:
            out.write(_nodes_csv(G))
    return path
