"""What the store holds: resources per class, and the totals a newcomer wants to see first."""

from __future__ import annotations

from rdflib import Graph

from .vocab import BGR

__all__ = ["class_counts"]

_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {{
  ?s a ?class .
  FILTER(STRSTARTS(STR(?s), "{BGR}"))
}}
GROUP BY ?class
ORDER BY DESC(?count) ?class
"""


def class_counts(graph: Graph) -> list[dict[str, object]]:
    """One row per class of the graph's resources (not the ontology's own terms), most first.

    >>> from binatgraph.store import open_graph, StoreLocation
    >>> with open_graph(StoreLocation.parse("memory")) as g:
    ...     class_counts(g)
    []
    """
    rows = graph.query(_CLASS_COUNTS)
    out = []
    for cls, count in rows:  # type: ignore[misc]
        out.append({"class": graph.namespace_manager.normalizeUri(cls), "count": int(count)})
    return out
