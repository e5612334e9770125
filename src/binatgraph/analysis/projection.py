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

The store does the joins and groups each event's members (one ``GROUP BY ?event`` aggregate per
node type); Python only pairs the members of each event. No triple is walked in Python: kglab's
path of converting the whole rdflib graph took ~100 s at 10k synthetic events
(``../shared/MEASUREMENTS.md``), this takes well under a second there. Every node
carries ``label``, ``type``, ``country``, ``aliases``, ``events`` (IRIs) and, for people, ``posts``.

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
>>> _ = build(data, memory)
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
from itertools import combinations, product
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Graph

from binatgraph.analysis.selection import Selection
from binatgraph.graph.rdf import COUNTRY_CONCEPT, EVENT_CLASS
from binatgraph.schema.kinds import KINDS
from binatgraph.schema.model import Country
from binatgraph.schema.prefixes import prologue, shorten

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
    """One kind of node: its kind (from :mod:`binatgraph.schema.kinds`) and how an event refers to it."""

    name: str
    membership: str  # SPARQL pattern tying ?event to ?x

    @property
    def rdf_class(self) -> str:
        """The class every node of this type has, as a prefixed name."""
        return shorten(str(KINDS[self.name].rdf_class))


NODE_TYPES: dict[str, NodeType] = {
    t.name: t
    for t in (
        # who took part, as derived at build, load and apply (binatgraph.graph.derive): one triple per
        # event and party instead of bg:participation/rdf:value and, for organizations, the UNION of
        # sem:hasActor and bg:participation/bg:asPost/org:postIn with a type test
        NodeType("person", "?event bg:involvesPerson ?x ."),
        NodeType("organization", "?event bg:involvesOrganization ?x ."),
        # the institutions an event belongs to (bg:involvesInstitution adds those of participants' posts)
        NodeType("institution", "?event bg:institution ?x ."),
        NodeType("place", "?event schema:location ?x ."),
        NodeType("topic", "?event dcterms:subject ?x ."),
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
    return prologue()


def select(graph: Graph, text: str) -> Iterator[tuple[str | None, ...]]:
    """Run a SELECT on the store and yield rows of plain strings (``None`` where unbound).

    The embedded store is queried through its engine, skipping the conversion of every term to
    rdflib objects (5.6x on large results, ``../shared/MEASUREMENTS.md``); a remote store through
    rdflib.
    """
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib.query import ResultRow

    from binatgraph.graph.store import engine

    text = _prefixes() + text
    if isinstance(graph.store, OxigraphStore):
        solutions = engine(graph).query(text)
        assert isinstance(solutions, ox.QuerySolutions), "select() runs SELECT queries"
        width = len(solutions.variables)
        for row in solutions:
            yield tuple(None if row[i] is None else row[i].value for i in range(width))
    else:
        for row in graph.query(text):
            assert isinstance(row, ResultRow), "select() runs SELECT queries"
            yield tuple(None if v is None else str(v) for v in row)


def _event_patterns(selection: Selection) -> str:
    # bg:UndatedEvent is a marker beside the event's own class, not a type of its own
    return (
        "?event a ?_class . ?_class rdfs:subClassOf schema:Event . FILTER(?_class != bg:UndatedEvent)\n"
        + selection.patterns("?event")
    )


def _members_query(node_type: str, selection: Selection) -> str:
    """Each selected event with the nodes of one type it names, grouped by the store."""
    if node_type == "event":
        return "SELECT ?event (STR(?event) AS ?members) WHERE {\n" + _event_patterns(selection) + "\n}"
    return (
        # no DISTINCT and no subquery: _members dedups in Python, and both cost the store 10-35%
        'SELECT ?event (GROUP_CONCAT(STR(?x); separator=" ") AS ?members) WHERE {\n'
        f"{NODE_TYPES[node_type].membership}\n{selection.patterns('?event')}\n}}"
        " GROUP BY ?event"
    )


def _members(graph: Graph, node_type: str, selection: Selection) -> dict[str, list[str]]:
    """Event IRI -> sorted IRIs of the nodes of ``node_type`` it names (IRIs hold no spaces)."""
    return {
        event: sorted(set((members or "").split()))
        for event, members in select(graph, _members_query(node_type, selection))
        if event is not None  # always bound: the query groups by it
    }


def _node_events(members: dict[str, list[str]]) -> dict[str, list[str]]:
    """Invert event -> members into node -> sorted events."""
    events: dict[str, list[str]] = {}
    for event in sorted(members):
        for node in members[event]:
            events.setdefault(node, []).append(event)
    return events


def _edges(
    spec: Projection, members: dict[str, dict[str, list[str]]]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Edges with their weight and shared events, in a stable order.

    The store has grouped each event's members; pairing them here is linear in the pairs. One
    self-join ``GROUP BY ?a ?b`` query on the store took 16 s at 100k events where this takes
    ~3.5 s with the same 273,489 pairs (benchmarks/analysis-results.md).
    """
    # nodes as integers: pairing and sorting ints is ~2x faster than tuples of IRI strings
    names = sorted({n for t in (spec.left, *spec.right) for ms in members[t].values() for n in ms})
    index = {name: i for i, name in enumerate(names)}
    size = len(names)
    shared: dict[int, list[str]] = {}
    left = members[spec.left]
    for right_type in spec.right:
        right = members[right_type]
        for event in sorted(left.keys() & right.keys()):
            a_ids = [index[n] for n in left[event]]
            b_ids = a_ids if spec.left == right_type else [index[n] for n in right[event]]
            pairs = combinations(a_ids, 2) if spec.left == right_type else product(a_ids, b_ids)
            for a, b in pairs:
                shared.setdefault(a * size + b, []).append(event)
    for key in sorted(shared):
        events = shared[key]
        yield names[key // size], names[key % size], {"weight": len(events), "events": events}


def _attribute_query(node_type: str, values: str = "") -> str:
    """Label, country, aliases and (for people) posts of every node of one type (or of those a
    ``VALUES ?x`` block in ``values`` names)."""
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
        f"{values}?x a {NODE_TYPES[node_type].rdf_class} ; rdfs:label ?label .\n"
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


def entity_attributes(
    graph: Graph, node_type: str, iris: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Every stored entity of ``node_type`` with its label, type, country, aliases (and posts);
    only those of ``iris`` when given (not for events), read :data:`VALUES_UP_TO` at a time."""
    if iris is not None and node_type != "event":
        wanted = sorted(set(iris))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), VALUES_UP_TO):
            block = " ".join(f"<{iri}>" for iri in wanted[start : start + VALUES_UP_TO])
            found.update(_attributes(graph, node_type, f"VALUES ?x {{ {block} }}\n"))
        return found
    return _attributes(graph, node_type)


def _attributes(graph: Graph, node_type: str, values: str = "") -> dict[str, dict[str, Any]]:
    attrs: dict[str, dict[str, Any]] = {}
    if node_type == "event":
        for iri, label, when, kind, source in select(graph, _attribute_query(node_type)):
            if iri is None:  # never: the query's patterns bind it
                continue
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
    for iri, label, countries, aliases, posts in select(graph, _attribute_query(node_type, values)):
        if iri is None:  # never: the query's patterns bind it
            continue
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
    G: nx.Graph[str] = nx.Graph(
        projection=projection, selection=selection.describe(), bipartite=spec.left not in spec.right
    )
    types = tuple(dict.fromkeys((spec.left, *spec.right)))
    members = {t: _members(graph, t, selection) for t in types}
    if spec.left == "event":  # only events of a schema:Event class, as the events node query chose
        members = {t: {e: m for e, m in ms.items() if e in members["event"]} for t, ms in members.items()}
    events: set[str] = set()
    for node_type in types:
        attributes = entity_attributes(graph, node_type)
        node_events = _node_events(members[node_type])
        for iri in sorted(node_events):
            events.update(node_events[iri])
            G.add_node(
                iri,
                **attributes.get(iri, {"label": iri, "type": node_type, "country": ""}),
                events=node_events[iri],
            )
    G.add_edges_from(_edges(spec, members))
    G.graph["events"] = len(events)
    return _keep_countries(G, selection)


def _keep_countries(G: nx.Graph, selection: Selection) -> nx.Graph:
    if not selection.countries:
        return G
    wanted = {c.value for c in selection.countries}
    drop = [n for n, data in G.nodes(data=True) if data["type"] != "event" and data["country"] not in wanted]
    G.remove_nodes_from(drop)
    return G


# Beyond this many IRIs a VALUES block costs Oxigraph more than reading every event and keeping
# the wanted ones in Python (20k IRIs: 16 s against ~1 s).
VALUES_UP_TO = 1000


def events_table(
    graph: Graph, iris: Iterable[str] | None = None, selection: Selection | None = None
) -> pd.DataFrame:
    """Events as rows: IRI, date, title, type, source item and report, sorted by date.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
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
        if len(wanted) <= VALUES_UP_TO:
            values = "VALUES ?event { " + " ".join(f"<{i}>" for i in wanted) + " }\n"
    # Plain rows, not GROUP BY ?event with SAMPLE: Oxigraph's grouping cost 2 of the 5.7 s this took
    # for 100k events. An event with two source items (or dates) gives two rows; the smallest wins,
    # so the choice is the same on every run and every store.
    text = (
        "SELECT ?event ?d ?title ?class ?item ?report WHERE {\n"
        + values
        + _event_patterns(selection or Selection()).replace("?_class", "?class")
        + "\n?event rdfs:label ?title .\n"
        "OPTIONAL { ?event schema:startDate ?d }\n"
        "OPTIONAL { ?event prov:wasDerivedFrom ?item . ?item dcterms:isPartOf ?report }\n"
        "}"
    )
    keep = set(wanted or ())
    filtering = wanted is not None and not values
    first: dict[str, tuple[str, ...]] = {}
    for found in select(graph, text):
        row = tuple(value or "" for value in found)
        event = row[0]
        if (not filtering or event in keep) and (event not in first or row < first[event]):
            first[event] = row
    rows = [
        {
            "event": event,
            "date": date,
            "title": title,
            "type": _EVENT_TYPE.get(kind, "other"),
            "item": item,
            "report": report,
        }
        for event, date, title, kind, item, report in first.values()
    ]
    frame = pd.DataFrame(rows, columns=["event", "date", "title", "type", "item", "report"])
    return frame.sort_values(["date", "event"], ignore_index=True)
