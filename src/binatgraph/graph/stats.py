"""What the store holds: resources per class, and the totals a newcomer wants to see first."""

from __future__ import annotations

from rdflib import Graph

from binatgraph.schema.vocab import BGR

__all__ = ["class_counts"]

_EVENTS = f"""
SELECT (COUNT(DISTINCT ?e) AS ?count) WHERE {{
  ?e a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://schema.org/Event> .
  FILTER(STRSTARTS(STR(?e), "{BGR}"))
}}
"""
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

    >>> from rdflib import RDF, SDO
    >>> from binatgraph.graph.store import open_graph, replace, StoreLocation
    >>> from binatgraph.schema import ids
    >>> memory = StoreLocation.parse("memory")
    >>> _ = replace(memory, [(ids.person("ana-ruiz"), RDF.type, SDO.Person)])
    >>> with open_graph(memory) as g:
    ...     class_counts(g)
    [{'class': 'schema:Person', 'count': 1}]
    """
    rows = graph.query(_CLASS_COUNTS)
    out: list[dict[str, object]] = []
    events = next(iter(graph.query(_EVENTS)))[0]  # type: ignore[index]
    if int(events):
        # every event class is a subclass of schema:Event; the total is what people ask first
        out.append({"class": "schema:Event", "count": int(events)})
    for cls, count in rows:  # type: ignore[misc]
        out.append({"class": graph.namespace_manager.normalizeUri(cls), "count": int(count)})
    return out
