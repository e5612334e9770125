"""Networks projected from the RDF graph by SPARQL aggregates on the store.

Four projections, declared once in :data:`PROJECTIONS`:

- ``people``: who meets whom. Two people are linked when they take part in the same event; the
  edge's ``weight`` is the number of shared events and ``events`` lists their IRIs.
- ``organizations``: the same for organizations, counting an organization in an event when it
  takes part itself or through the post of a person present.
- ``institutions``: bipartite, an institution linked to each organization taking part in its
  events (weight: number of such events).
- ``events``: bipartite, each event linked to the people, organizations, institutions, places
  and topics it names (weight 1).

Pairs are counted by the store (one ``GROUP BY`` query), never by walking triples in Python: at
10k synthetic events that is ~0.5 s instead of ~100 s (``../shared/MEASUREMENTS.md``). Every node
carries ``label``, ``type``, ``country``, ``aliases``, ``events`` (IRIs) and, for people, ``posts``.

>>> from binatgraph.build import build
>>> from binatgraph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> _ = build("data", memory)
>>> with open_graph(memory) as g:
...     G = project(g, "people")
>>> G.number_of_nodes(), G.number_of_edges(), G.graph["events"]
(22, 24, 21)
>>> G.nodes["https://w3id.org/binatgraph/id/person/ken-salazar"]["country"]
'US'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Graph

from ..model import Country
from ..rdf import COUNTRY_CONCEPT, EVENT_CLASS
from ..vocab import PREFIXES
from .selection import Selection

__all__ = [
    "NODE_TYPES",
    "PROJECTIONS",
    "Projection",
    "entity_attributes",
    "events_table",
    "project",
    "select",
]

_COUNTRY_CODE = {str(iri): country.value for country, iri in COUNTRY_CONCEPT.items()}
_EVENT_TYPE = {str(iri): kind.value for kind, iri in EVENT_CLASS.items()}


@dataclass(frozen=True)
class NodeType:
    """One kind of node: the class its IRIs have and how an event refers to it."""

    name: str
    rdf_class: str
    membership: str  # SPARQL pattern tying ?event to ?x


NODE_TYPES: dict[str, NodeType] = {
    t.name: t
    for t in (
        NodeType("person", "schema:Person", "?event bg:participation/rdf:value ?x ."),
        NodeType(
            "organization",
            "org:Organization",
            "{ ?event sem:hasActor ?x } UNION { ?event bg:participation/bg:asPost/org:postIn ?x }\n"
            "?x a org:Organization .",
        ),
        NodeType("institution", "bg:Institution", "?event bg:institution ?x ."),
        NodeType("place", "schema:Place", "?event schema:location ?x ."),
        NodeType("topic", "skos:Concept", "?event dcterms:subject ?x ."),
    )
}


@dataclass(frozen=True)
class Projection:
    """A projection: ``left`` and ``right`` node types, linked through shared events.

    When ``left == right`` the network is one-mode (co-participation); otherwise bipartite.
    """

    name: str
    left: str
    right: tuple[str, ...]
    description: str


PROJECTIONS: dict[str, Projection] = {
    p.name: p
    for p in (
        Projection("people", "person", ("person",), "people linked by the events they share"),
        Projection(
            "organizations", "organization", ("organization",), "organizations linked by shared events"
        ),
        Projection(
            "institutions",
            "institution",
            ("organization",),
            "institutions linked to the organizations taking part in their events",
        ),
        Projection(
            "events",
            "event",
            ("person", "organization", "institution", "place", "topic"),
            "events linked to the people, organizations, institutions, places and topics they name",
        ),
    )
}


class ProjectionError(ValueError):
    """An unknown projection; the message lists the known ones."""


def _prefixes() -> str:
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


def select(graph: Graph, text: str) -> Iterator[tuple[str | None, ...]]:
    """Run a SELECT on the store and yield rows of plain strings (``None`` where unbound).

    The embedded store is queried through its engine, skipping the conversion of every term to
    rdflib objects (5.6x on large results, ``../shared/MEASUREMENTS.md``); a remote store through
    rdflib.
    """
    from oxrdflib import OxigraphStore

    from ..store import engine

    text = _prefixes() + text
    if isinstance(graph.store, OxigraphStore):
        solutions = engine(graph).query(text)
        width = len(solutions.variables)
        for row in solutions:
            yield tuple(None if row[i] is None else row[i].value for i in range(width))
    else:
        for row in graph.query(text):
            yield tuple(None if v is None else str(v) for v in row)


def _selected(node_type: str, selection: Selection, var: str) -> str:
    """A subquery binding (?event, ``var``) for the selected events and nodes of one type."""
    pattern = NODE_TYPES[node_type].membership.replace("?x", var)
    return f"{{ SELECT DISTINCT ?event {var} WHERE {{\n{pattern}\n{selection.patterns('?event')}\n}} }}"


def _event_patterns(selection: Selection) -> str:
    # bg:UndatedEvent is a marker beside the event's own class, not a type of its own
    return (
        "?event a ?_class . ?_class rdfs:subClassOf schema:Event . FILTER(?_class != bg:UndatedEvent)\n"
        + selection.patterns("?event")
    )


def _pair_query(projection: Projection, selection: Selection) -> str:
    if projection.left == "event":
        parts = [f"{{ {NODE_TYPES[t].membership.replace('?x', '?b')} }}" for t in projection.right]
        return (
            "SELECT ?event ?b (1 AS ?weight) (STR(?event) AS ?events) WHERE {\n"
            + _event_patterns(selection)
            + "\n"
            + "\nUNION\n".join(parts)
            + "\n}"
        )
    right = projection.right[0]
    same = projection.left == right
    return (
        "SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?weight) "
        '(GROUP_CONCAT(DISTINCT STR(?event); separator=" ") AS ?events) WHERE {\n'
        f"{_selected(projection.left, selection, '?a')}\n{_selected(right, selection, '?b')}\n"
        + ("FILTER(STR(?a) < STR(?b))\n" if same else "")
        + "} GROUP BY ?a ?b"
    )


def _node_query(node_type: str, selection: Selection) -> str:
    """Every selected node of one type with the events it takes part in."""
    if node_type == "event":
        return "SELECT ?event (STR(?event) AS ?events) WHERE {\n" + _event_patterns(selection) + "\n}"
    return (
        'SELECT ?x (GROUP_CONCAT(DISTINCT STR(?event); separator=" ") AS ?events) WHERE {\n'
        f"{_selected(node_type, selection, '?x')}\n}} GROUP BY ?x"
    )


def _attribute_query(node_type: str) -> str:
    """Label, country, aliases and (for people) posts of every node of one type."""
    if node_type == "event":
        return (
            "SELECT ?x ?label (SAMPLE(?date) AS ?when) (SAMPLE(?class) AS ?kind) "
            "(SAMPLE(STR(?item)) AS ?source) WHERE {\n"
            "?x a ?class . ?class rdfs:subClassOf schema:Event . ?x rdfs:label ?label .\n"
            "FILTER(?class != bg:UndatedEvent)\n"
            "OPTIONAL { ?x schema:startDate ?date } OPTIONAL { ?x prov:wasDerivedFrom ?item }\n"
            "} GROUP BY ?x ?label"
        )
    posts = "OPTIONAL { ?x org:holds/rdfs:label ?post }" if node_type == "person" else ""
    return (
        "SELECT ?x ?label "
        '(GROUP_CONCAT(DISTINCT STR(?country); separator=" ") AS ?countries) '
        '(GROUP_CONCAT(DISTINCT ?alias; separator="\\u001f") AS ?aliases) '
        '(GROUP_CONCAT(DISTINCT ?post; separator="\\u001f") AS ?posts) WHERE {\n'
        f"?x a {NODE_TYPES[node_type].rdf_class} ; rdfs:label ?label .\n"
        "OPTIONAL { ?x bg:country ?country } OPTIONAL { ?x skos:altLabel ?alias }\n"
        f"{posts}\n}} GROUP BY ?x ?label"
    )


def _country(countries: str | None) -> str:
    """One country code; a body of several countries counts as binational."""
    codes = sorted({_COUNTRY_CODE.get(c, Country.OTHER.value) for c in (countries or "").split()})
    if not codes:
        return ""
    return codes[0] if len(codes) == 1 else Country.BINATIONAL.value


def _split(value: str | None, sep: str = "\u001f") -> list[str]:
    return sorted(v for v in (value or "").split(sep) if v)


def entity_attributes(graph: Graph, node_type: str) -> dict[str, dict[str, Any]]:
    """Every stored entity of ``node_type`` with its label, type, country, aliases (and posts)."""
    attrs: dict[str, dict[str, Any]] = {}
    if node_type == "event":
        for iri, label, when, kind, source in select(graph, _attribute_query(node_type)):
            attrs[iri] = {
                "label": label or iri,
                "type": "event",
                "country": "",
                "aliases": [],
                "date": when or "",
                "kind": _EVENT_TYPE.get(kind or "", "other"),
                "source": source or "",
            }
        return attrs
    for iri, label, countries, aliases, posts in select(graph, _attribute_query(node_type)):
        attrs[iri] = {
            "label": label or iri,
            "type": node_type,
            "country": _country(countries),
            "aliases": _split(aliases),
        }
        if node_type == "person":
            attrs[iri]["posts"] = _split(posts)
    return attrs


def project(graph: Graph, projection: str = "people", selection: Selection | None = None) -> nx.Graph:
    """The network ``projection`` over the events in ``selection`` (all events by default).

    Node keys are IRI strings. ``G.graph`` records the projection, the selection and the number
    of events selected. A selection with no events gives an empty graph (measures then refuse it
    with a message instead of dividing by zero).
    """
    if projection not in PROJECTIONS:
        raise ProjectionError(f"projection '{projection}' is not known; allowed: {', '.join(PROJECTIONS)}")
    spec = PROJECTIONS[projection]
    selection = selection or Selection()
    G = nx.Graph(projection=projection, selection=selection.describe(), bipartite=spec.left not in spec.right)
    events: set[str] = set()
    for node_type in dict.fromkeys((spec.left, *spec.right)):
        attributes = entity_attributes(graph, node_type)
        # sorted so that the same store always gives the same graph, node order included
        for iri, event_list in sorted(select(graph, _node_query(node_type, selection))):
            node_events = sorted(set((event_list or "").split()))
            events.update(node_events)
            G.add_node(
                iri,
                **attributes.get(iri, {"label": iri, "type": node_type, "country": ""}),
                events=node_events,
            )
    G.add_edges_from(
        (a, b, {"weight": int(weight), "events": sorted(set(event_list.split()))})
        for a, b, weight, event_list in sorted(select(graph, _pair_query(spec, selection)))
    )
    G.graph["events"] = len(events)
    return _keep_countries(G, selection)


def _keep_countries(G: nx.Graph, selection: Selection) -> nx.Graph:
    if not selection.countries:
        return G
    wanted = {c.value for c in selection.countries}
    drop = [n for n, data in G.nodes(data=True) if data["type"] != "event" and data["country"] not in wanted]
    G.remove_nodes_from(drop)
    return G


def events_table(
    graph: Graph, iris: Iterable[str] | None = None, selection: Selection | None = None
) -> pd.DataFrame:
    """Events as rows: IRI, date, title, type, source item and report, sorted by date.

    >>> from binatgraph.build import build
    >>> from binatgraph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> _ = build("data", memory)
    >>> with open_graph(memory) as g:
    ...     events = events_table(g, selection=Selection.of(period="2022-01"))
    >>> events.loc[0, ["date", "type"]].tolist()
    ['2022-01-31', 'meeting']
    """
    wanted = sorted(set(iris)) if iris is not None else None
    values = ""
    if wanted is not None:
        if not wanted:
            return pd.DataFrame(columns=["event", "date", "title", "type", "item", "report"])
        values = "VALUES ?event { " + " ".join(f"<{i}>" for i in wanted) + " }\n"
    text = (
        "SELECT ?event (SAMPLE(?d) AS ?date) (SAMPLE(?title) AS ?name) (SAMPLE(?class) AS ?kind) "
        "(SAMPLE(?item) AS ?source) (SAMPLE(?report) AS ?from) WHERE {\n"
        + values
        + _event_patterns(selection or Selection()).replace("?_class", "?class")
        + "\n?event rdfs:label ?title .\n"
        "OPTIONAL { ?event schema:startDate ?d }\n"
        "OPTIONAL { ?event prov:wasDerivedFrom ?item . ?item dcterms:isPartOf ?report }\n"
        "} GROUP BY ?event"
    )
    rows = [
        {
            "event": event,
            "date": date or "",
            "title": title,
            "type": _EVENT_TYPE.get(kind or "", "other"),
            "item": item or "",
            "report": report or "",
        }
        for event, date, title, kind, item, report in select(graph, text)
    ]
    frame = pd.DataFrame(rows, columns=["event", "date", "title", "type", "item", "report"])
    return frame.sort_values(["date", "event"], ignore_index=True)
