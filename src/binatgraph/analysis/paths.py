"""How is X connected to Y: ego networks and shortest paths with the events along them.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("a", "b", weight=2, events=["e1", "e2"])
>>> G.add_edge("b", "c", weight=1, events=["e3"])
>>> connection(G, "a", "c")[["source", "target", "events"]].to_dict("records")
[{'source': 'a', 'target': 'b', 'events': ['e1', 'e2']}, {'source': 'b', 'target': 'c', 'events': ['e3']}]
>>> sorted(ego_network(G, "a"))
['a', 'b']
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pandas as pd

from binatgraph.analysis.centrality import AnalysisError, _check

__all__ = ["NoConnectionError", "connection", "ego_network"]

PATHS_COMPARED = 1_000  # shortest paths weighed against each other before taking the strongest


class NoConnectionError(AnalysisError):
    """The two nodes lie in different pieces of the graph."""


def ego_network(G: nx.Graph, node: Any, radius: int = 1) -> nx.Graph:
    """The node, everyone within ``radius`` ties of it, and the ties among them (a copy).

    >>> import networkx as nx
    >>> ego = ego_network(nx.path_graph(5), 2)
    >>> sorted(ego), ego.graph
    ([1, 2, 3], {'ego': 2, 'radius': 1})
    """
    _check(G)
    ego = nx.ego_graph(G, node, radius=radius).copy()
    ego.graph.update(G.graph, ego=node, radius=radius)
    return ego


def _strength(G: nx.Graph, path: list[Any]) -> tuple[int, int]:
    weights = [G.edges[a, b].get("weight", 1) for a, b in itertools.pairwise(path)]
    return min(weights), sum(weights)


def connection(G: nx.Graph, source: Any, target: Any) -> pd.DataFrame:
    """The shortest chain of ties from ``source`` to ``target``, one row per tie.

    Fewest intermediaries first; among chains of equal length, the one whose weakest tie has the
    most shared events (then the most in all) wins, so the answer names the sturdiest route.
    Each row carries the tie's ``weight`` and its ``events`` (IRIs).
    """
    _check(G)
    if source == target:
        raise AnalysisError("the two names are the same node")
    try:
        candidates = list(itertools.islice(nx.all_shortest_paths(G, source, target), PATHS_COMPARED))
    except nx.NetworkXNoPath:
        pieces = {n: i for i, c in enumerate(nx.connected_components(G)) for n in c}
        label = nx.get_node_attributes(G, "label")
        raise NoConnectionError(
            f"{label.get(source, source)} and {label.get(target, target)} are not connected in this "
            f"projection ({nx.number_connected_components(G)} separate pieces; they sit in pieces "
            f"{pieces[source]} and {pieces[target]})"
        ) from None
    best = min(candidates, key=lambda p: (tuple(-x for x in _strength(G, p)), [str(n) for n in p]))
    rows = []
    for step, (a, b) in enumerate(itertools.pairwise(best), start=1):
        data = G.edges[a, b]
        rows.append(
            {
                "step": step,
                "source": a,
                "source_label": G.nodes[a].get("label", a),
                "target": b,
                "target_label": G.nodes[b].get("label", b),
                "weight": data.get("weight", 1),
                "events": list(data.get("events", [])),
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs["alternatives"] = len(candidates)
    return frame
