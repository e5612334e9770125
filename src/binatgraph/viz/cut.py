"""A cut page read from the store: the most central nodes of a view, and only what the page shows of them.

``binatgraph viz who-meets-whom`` keeps the 500 people with the highest degree. Projecting every
person and tie first, to keep 500, built the whole network in Python: at 100k synthetic events 23k
people and 273k ties, each with its list of events. When the page is cut by degree or weighted
degree, both counted over the derived ``bg:involves…`` links (:mod:`binatgraph.graph.derive`),
it is read in three steps instead:

1. **the ranking**, one aggregate over the selected events: each node's distinct counterparts
   (and, for weighted degree, its pairs and events), so the store counts and one row per node
   comes back; the labels (which break ties at the cut) of the nodes at or above the cut; the
   whole network's node and tie counts for the page's note (ties: the degrees' sum / 2);
2. **the kept nodes' events**, each once, with which kept nodes take part (as their rank, not
   their IRI), its date and its institutions: the ties among the kept nodes, how many events
   each node and tie has, and the (period, institution) pairs the filters need;
3. **the titles** (and type and source) of only the events the page lists, the latest
   :data:`~binatgraph.viz.EVENTS_LISTED` of each node and tie.

The page is the one :func:`binatgraph.viz.render` draws from the whole projection (a test holds
the two to the same data). Everything is plain SPARQL 1.1, so a remote store answers it too; the
lookups Oxigraph would make one by one per event (dates, institutions, the other side of a pair)
are subqueries it joins by hashing (at 100k events the ranking took 5.6 s as one pattern, 2.7 s
so). Other measures need the whole network and other views are bipartite or one person's circle:
those, a country filter (decided per node after projecting) and ``top=None`` keep the whole
projection.

What the page shows is most of a heavy-tailed graph: the 500 busiest people of ``binatgraph
synth`` data take part in three quarters of all participations. At 100k events the page names 98k
events and lists 63k of them on 40k ties (a 21 MB file); at 1M, 969k events, 381k listed, 94k ties
(89 MB). Measured on one machine (``binatgraph viz``): 100k 24 s and 0.57 GB where projecting
took 23-84 s and 0.70 GB; 1M 264 s and 2.75 GB against 368 s and 3.7 GB. A page that is quick at
1M has to show less (fewer ties, fewer events listed per tie).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from binatgraph import analysis
from binatgraph.analysis.projection import NODE_TYPES, PROJECTIONS, VALUES_UP_TO, entity_attributes, select
from binatgraph.graph.rdf import EVENT_CLASS
from binatgraph.viz.page import Page, Ranking, _check, _draw
from binatgraph.viz.views import View

__all__ = [
    "CUT_MEASURES",
    "Cut",
    "applies",
    "cut",
    "events_query",
    "listed_details",
    "rank_query",
    "render_cut",
    "titles_query",
]

CUT_MEASURES = ("degree", "weighted-degree")
"""The measures the store can rank by in one aggregate."""

_EVENT_TYPE = {str(iri): kind.value for kind, iri in EVENT_CLASS.items()}


@dataclass(frozen=True)
class Cut:
    """What a cut page draws: the kept nodes and the ties among them (``network``, with the same
    attributes as :func:`binatgraph.analysis.project` gives), their ranking, and the ``date`` and
    ``institutions`` of each of their events (``facts``)."""

    network: nx.Graph
    ranking: Ranking
    facts: dict[str, dict[str, Any]]


def applies(
    view: View,
    selection: analysis.Selection | None,
    *,
    size_by: str,
    top: int | None,
    ego: str | None = None,
) -> bool:
    """True when the page of ``view`` can be cut in the store: a one-mode view (people or
    organizations) cut to ``top`` nodes by degree or weighted degree, with no country filter.

    >>> from binatgraph.viz.views import VIEWS
    >>> applies(VIEWS["who-meets-whom"], None, size_by="degree", top=500)
    True
    >>> applies(VIEWS["who-meets-whom"], None, size_by="pagerank", top=500)
    False
    >>> applies(VIEWS["institutions"], None, size_by="degree", top=500)
    False
    """
    spec = PROJECTIONS[view.projection]
    return (
        view.name != "ego"
        and not ego
        and bool(top)
        and size_by in CUT_MEASURES
        and spec.right == (spec.left,)
        # a node's country is decided after projecting (several make it binational), and dropping
        # a node changes its neighbours' degrees
        and not (selection and selection.countries)
    )


def _ranks(nodes: Iterable[str]) -> str:
    """A VALUES block binding each node ``?x`` to its rank ``?k``: the kept nodes' events come back
    naming them by rank, an integer the store writes without reading the node's IRI."""
    return "VALUES (?x ?k) { " + " ".join(f"(<{n}> {i})" for i, n in enumerate(nodes)) + " }"


def _side(membership: str, var: str, patterns: str) -> str:
    """The selected events with their nodes bound to ``var``, as a subquery: the store builds it
    once and joins by hashing instead of looking each event up again."""
    pattern = membership.replace("?x", var)
    if not patterns:
        return f"{{ SELECT ?event {var} WHERE {{ {pattern} }} }}"
    # DISTINCT: a selection can match an event more than once (two topics, say); pairs are counted
    return f"{{ SELECT DISTINCT ?event {var} WHERE {{ {pattern}\n{patterns}\n}} }}"


def rank_query(node_type: str, selection: analysis.Selection, *, weighted: bool = False) -> str:
    """Each node of ``node_type`` in a selected event with its distinct counterparts, itself
    included (``?degree``), and, if ``weighted``, its (event, counterpart) pairs and its events.

    >>> print(rank_query("person", analysis.Selection()))
    SELECT ?x (COUNT(DISTINCT ?y) AS ?degree) WHERE {
    { SELECT ?event ?x WHERE { ?event bg:involvesPerson ?x . } }
    { SELECT ?event ?y WHERE { ?event bg:involvesPerson ?y . } }
    } GROUP BY ?x
    """
    membership, patterns = NODE_TYPES[node_type].membership, selection.patterns("?event")
    counts = "(COUNT(DISTINCT ?y) AS ?degree)"
    if weighted:
        counts += " (COUNT(?y) AS ?pairs) (COUNT(DISTINCT ?event) AS ?events)"
    return (
        f"SELECT ?x {counts} WHERE {{\n"
        f"{_side(membership, '?x', patterns)}\n{_side(membership, '?y', patterns)}\n"
        "} GROUP BY ?x"
    )


def events_query(node_type: str, selection: analysis.Selection, nodes: list[str]) -> str:
    """Each selected event of ``nodes`` once: the ranks of the nodes taking part, its date, and
    each institution it belongs to (one row per institution).

    >>> print(events_query("person", analysis.Selection(), ["https://example.org/ana"]))
    SELECT ?event ?members ?date ?institution WHERE {
    { SELECT ?event (GROUP_CONCAT(STR(?k); separator=" ") AS ?members) WHERE {
    VALUES (?x ?k) { (<https://example.org/ana> 0) }
    ?event bg:involvesPerson ?x .
    <BLANKLINE>
    } GROUP BY ?event }
    OPTIONAL { SELECT ?event ?date WHERE { ?event schema:startDate ?date } }
    OPTIONAL { SELECT ?event ?institution WHERE { ?event bg:institution ?institution } }
    }
    """
    return (
        "SELECT ?event ?members ?date ?institution WHERE {\n"
        '{ SELECT ?event (GROUP_CONCAT(STR(?k); separator=" ") AS ?members) WHERE {\n'
        f"{_ranks(nodes)}\n{NODE_TYPES[node_type].membership}\n{selection.patterns('?event')}\n"
        "} GROUP BY ?event }\n"
        # joined by hashing: one pass over the dates and institutions instead of a lookup per event
        "OPTIONAL { SELECT ?event ?date WHERE { ?event schema:startDate ?date } }\n"
        "OPTIONAL { SELECT ?event ?institution WHERE { ?event bg:institution ?institution } }\n"
        "}"
    )


def _blocks(iris: Iterable[str]) -> Iterable[list[str]]:
    # a VALUES block of more than this costs Oxigraph more per IRI, and stays under a remote
    # endpoint's query size limit (100 kB for `binatgraph serve`)
    wanted = sorted(set(iris))
    for start in range(0, len(wanted), VALUES_UP_TO):
        yield wanted[start : start + VALUES_UP_TO]


def _ranking(
    graph: Graph, node_type: str, selection: analysis.Selection, size_by: str, top: int
) -> tuple[Ranking, dict[str, dict[str, Any]]]:
    """The ``top`` nodes by ``size_by`` in the order :func:`binatgraph.viz.render` gives them (value,
    then label, then IRI), with the attributes of those kept."""
    weighted = size_by == "weighted-degree"
    values: dict[str, float] = {}
    degrees = 0
    for row in select(graph, rank_query(node_type, selection, weighted=weighted)):
        node = row[0]
        if node is None:  # never: the query groups by it
            continue
        counterparts = int(row[1] or 0) - 1  # a node is its own counterpart in each of its events
        degrees += counterparts
        # weighted degree: the shared events summed over counterparts, i.e. the node's (event,
        # counterpart) pairs less the (event, itself) ones
        values[node] = float(int(row[2] or 0) - int(row[3] or 0) if weighted else counterparts)
    # only the labels of the nodes at or above the cut's value decide who is kept among equals
    ranked = sorted(values.values(), reverse=True)
    floor = round(ranked[top - 1], 12) if len(ranked) > top else None
    candidates = [n for n, v in values.items() if floor is None or round(v, 12) >= floor]
    attributes = entity_attributes(graph, node_type, candidates)

    def label(node: str) -> str:
        return str(attributes.get(node, {}).get("label") or node)

    order = sorted(candidates, key=lambda n: (-round(values[n], 12), label(n), n))[:top]
    kept = {n: attributes.get(n, {"label": n, "type": node_type, "country": ""}) for n in order}
    return Ranking(order, {n: values[n] for n in order}, len(values), degrees // 2), kept


def cut(
    graph: Graph, view: View, selection: analysis.Selection | None = None, *, size_by: str, top: int
) -> Cut:
    """The ``top`` nodes of ``view`` by ``size_by`` (see :func:`applies`), the ties among them and
    their events' dates and institutions, read from the store without projecting the rest.

    Dates are read from ``schema:startDate`` alone (:func:`binatgraph.analysis.events_table`'s
    come with the event's class and title, which every valid event has).

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> from binatgraph.viz.views import VIEWS
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     found = cut(g, VIEWS["who-meets-whom"], size_by="degree", top=5)
    >>> found.network.number_of_nodes(), found.ranking.total_nodes, found.ranking.total_edges
    (5, 22, 24)
    """
    selection = selection or analysis.Selection()
    node_type = PROJECTIONS[view.projection].left
    ranking, kept = _ranking(graph, node_type, selection, size_by, top)
    order = ranking.order
    members: dict[str, list[int]] = {}
    dates: dict[str, str] = {}
    belongs: dict[str, set[str]] = {}
    for block_start in range(0, len(order), VALUES_UP_TO):
        block = order[block_start : block_start + VALUES_UP_TO]
        for event, ranks, date, institution in select(graph, events_query(node_type, selection, block)):
            if event is None:  # never: the query groups by it
                continue
            # an event matched twice by the selection, or once per institution, repeats its ranks
            members.setdefault(event, []).extend(block_start + int(k) for k in (ranks or "").split())
            if date and (event not in dates or date < dates[event]):
                dates[event] = date  # one at most (SHACL); the smallest, as events_table takes
            if institution:
                belongs.setdefault(event, set()).add(institution)

    labels: dict[str, set[str]] = {}
    for block in _blocks(i for found in belongs.values() for i in found):
        values = " ".join(f"<{iri}>" for iri in block)
        query = f"SELECT ?i ?label WHERE {{ VALUES ?i {{ {values} }} ?i rdfs:label ?label }}"
        for institution, label in select(graph, query):
            if institution and label:
                labels.setdefault(institution, set()).add(label)

    network: nx.Graph = nx.Graph(
        projection=view.projection,
        selection=selection.describe(),
        bipartite=False,
        view=view.name,
        title=view.title,
        description=view.description,
    )
    node_events: list[list[str]] = [[] for _ in order]
    shared: dict[tuple[int, int], list[str]] = {}
    facts: dict[str, dict[str, Any]] = {}
    shown: dict[tuple[str, ...], list[str]] = {}  # one list per set of institutions, not per event
    for event in sorted(members):  # the projection's order: events by IRI
        taking_part = sorted(set(members[event]))
        for k in taking_part:
            node_events[k].append(event)
        for pair in combinations(taking_part, 2):
            shared.setdefault(pair, []).append(event)
        names = tuple(sorted({label for i in belongs.get(event, ()) for label in labels.get(i, ())}))
        facts[event] = {"date": dates.get(event, ""), "institutions": shown.setdefault(names, list(names))}
    for node, events in zip(order, node_events, strict=True):
        network.add_node(node, **kept[node], events=events)
    network.add_edges_from(
        (order[a], order[b], {"weight": len(events), "events": events}) for (a, b), events in shared.items()
    )
    return Cut(network, ranking, facts)


def titles_query(events: list[str]) -> str:
    """The title, event class and source item of each of ``events``.

    The classes are named (the model's event types, as ``FILTER IN``: a second VALUES block made
    Oxigraph join the two first, 100x slower) instead of looked up with ``rdfs:subClassOf`` as
    :func:`binatgraph.analysis.events_table` does, and the date is already known: three lookups an
    event where that query makes eight (at 100k events the page lists 63k).

    >>> print(titles_query(["https://example.org/e1"]).splitlines()[1])
    VALUES ?event { <https://example.org/e1> }
    """
    classes = ", ".join(f"<{iri}>" for iri in EVENT_CLASS.values())
    return (
        "SELECT ?event ?title ?class ?item WHERE {\n"
        "VALUES ?event { " + " ".join(f"<{iri}>" for iri in events) + " }\n"
        f"?event rdfs:label ?title ; a ?class . FILTER(?class IN ({classes}))\n"
        "OPTIONAL { ?event prov:wasDerivedFrom ?item }\n"
        "}"
    )


def listed_details(graph: Graph, iris: Iterable[str]) -> dict[str, Mapping[str, Any]]:
    """Title, type and source item of the events ``iris``, read a VALUES block at a time; of an
    event with several, the smallest, as :func:`binatgraph.analysis.events_table` chooses."""
    first: dict[str, tuple[str, str, str]] = {}
    for block in _blocks(iris):
        for event, *found in select(graph, titles_query(block)):
            row = (found[0] or "", found[1] or "", found[2] or "")
            if event is not None and (event not in first or row < first[event]):
                first[event] = row
    return {
        event: {"title": title, "type": _EVENT_TYPE.get(kind, "other"), "item": item}
        for event, (title, kind, item) in first.items()
    }


def render_cut(
    graph: Graph,
    view: View,
    selection: analysis.Selection | None = None,
    *,
    size_by: str = "degree",
    top: int,
    min_weight: int = 1,
    title: str | None = None,
    k: int | None = None,
    seed: int = 0,
    links: Callable[[str], str | None] | None = None,
    nav: list[tuple[str, str]] | None = None,
) -> Page:
    """The page :func:`binatgraph.viz.render` draws of ``view``'s projection cut to ``top`` nodes
    (same options), read by :func:`cut`; only where :func:`applies`."""
    del k, seed  # betweenness's sample, which is never cut here
    _check(size_by, top, min_weight)
    found = cut(graph, view, selection, size_by=size_by, top=top)
    return _draw(
        found.network,
        found.ranking,
        events=found.facts,
        titles=lambda iris: listed_details(graph, iris),
        size_by=size_by,
        min_weight=min_weight,
        title=title,
        links=links,
        nav=nav,
    )
