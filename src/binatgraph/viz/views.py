"""The views an analyst opens, each a projection of the store (and, for ``ego``, one person's circle).

Everything is read through :mod:`binatgraph.analysis`: the projection (:func:`~binatgraph.analysis.project`),
the events behind its ties (:func:`~binatgraph.analysis.events_table`) and name matching
(:func:`~binatgraph.analysis.resolve`).

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
>>> _ = build(data, memory)
>>> with open_graph(memory) as g:
...     network = view_graph(g, "ego", ego="Ken Salazar")
>>> network.graph["view"], network.graph["ego"].rsplit("/", 1)[-1], network.number_of_nodes() > 1
('ego', 'ken-salazar', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd
from rdflib import Graph

from binatgraph import analysis

__all__ = ["VIEWS", "View", "VizError", "checked_view", "event_details", "graph_events", "view_graph"]


class VizError(ValueError):
    """A view cannot be drawn as asked; the message says why and what is allowed."""


@dataclass(frozen=True)
class View:
    """A view: the projection it draws, its page title and what its ties mean."""

    name: str
    projection: str
    title: str
    description: str


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("who-meets-whom", "people", "Who meets whom", "people linked by the events they share"),
        View(
            "organizations",
            "organizations",
            "Organizations",
            "organizations linked by shared events (present themselves or through their officials' posts)",
        ),
        View(
            "institutions",
            "institutions",
            "Institutions",
            "binational institutions linked to the organizations taking part in their events",
        ),
        View(
            "events",
            "events",
            "Events",
            "events linked to the people, organizations, institutions, places and topics they name",
        ),
        View(
            "ego",
            "people",
            "Ego network",
            "one person, everyone who shared an event with them, and the ties among those people",
        ),
    )
}


def _spec(name: str) -> View:
    try:
        return VIEWS[name]
    except KeyError:
        raise VizError(f"view '{name}' is not known; allowed: {', '.join(VIEWS)}") from None


def checked_view(name: str, *, ego: str | None = None, radius: int = 1) -> View:
    """The view ``name``, if it can be drawn with this ``ego`` and ``radius``; :class:`VizError` otherwise.

    >>> checked_view("who-meets-whom").projection
    'people'
    >>> checked_view("who-meets-whom", radius=0)
    Traceback (most recent call last):
    ...
    binatgraph.viz.views.VizError: the radius must be 1 or more, not 0
    """
    spec = _spec(name)
    if spec.name == "ego" and not ego:
        raise VizError("the ego view needs the name of a person (e.g. `binatgraph viz ego 'Ken Salazar'`)")
    if spec.name != "ego" and ego:
        raise VizError(f"only the ego view takes a name; the {spec.name} view draws everyone selected")
    if radius < 1:
        raise VizError(f"the radius must be 1 or more, not {radius}")
    return spec


def view_graph(
    graph: Graph,
    name: str,
    selection: analysis.Selection | None = None,
    *,
    ego: str | None = None,
    radius: int = 1,
) -> nx.Graph:
    """The network a view draws, projected from the store over the events in ``selection``.

    For ``ego``, ``ego`` names the person (name, alias, acronym or IRI, matched like
    :func:`binatgraph.analysis.resolve`; an unknown name raises
    :class:`~binatgraph.analysis.UnknownNameError` with the closest names). A selection with no
    events gives an empty graph, which :func:`binatgraph.viz.page` turns into a page saying so.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     network = view_graph(g, "organizations", analysis.Selection.of(period="2022"))
    >>> network.graph["projection"], network.graph["selection"]
    ('organizations', '2022')
    """
    spec = checked_view(name, ego=ego, radius=radius)
    network = analysis.project(graph, spec.projection, selection)
    if spec.name == "ego" and network.number_of_nodes():
        network = analysis.ego_network(network, analysis.resolve(network, str(ego)), radius=radius)
    network.graph.update(view=spec.name, title=spec.title, description=spec.description)
    return network


def event_details(graph: Graph, iris: Iterable[str]) -> pd.DataFrame:
    """The events ``iris`` as rows, for tooltips: :func:`~binatgraph.analysis.events_table`'s
    columns (``event, date, title, type, item, report``) and ``institutions``, the labels of the
    institutions each event belongs to (for the page's institution filter).

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     rows = event_details(g, ["https://w3id.org/binatgraph/id/event/cbi-2022-jan-jun-01"])
    >>> rows.loc[0, ["date", "institutions"]].tolist()
    ['2022-01-31', ['U.S.-Mexico Bicentennial Framework']]
    """
    wanted = sorted(set(iris))
    frame = analysis.events_table(graph, wanted)
    belongs: dict[str, list[str]] = {}
    if wanted:
        many = len(wanted) > analysis.projection.VALUES_UP_TO  # then read all and keep the wanted
        values = "" if many else "VALUES ?event { " + " ".join(f"<{iri}>" for iri in wanted) + " }"
        rows = analysis.select(
            graph,
            f"SELECT ?event ?label WHERE {{ {values}\n"
            "?event bg:institution ?institution . ?institution rdfs:label ?label }",
        )
        keep = set(wanted)
        for event, label in rows:
            if event and label and event in keep:
                belongs.setdefault(event, []).append(label)
    frame["institutions"] = [sorted(set(belongs.get(e, []))) for e in frame["event"]]
    return frame


def graph_events(network: nx.Graph) -> set[str]:
    """Every event IRI a node or tie of ``network`` lists.

    >>> network = nx.Graph()
    >>> network.add_edge("a", "b", events=["e2"])
    >>> network.add_node("a", events=["e1"])
    >>> sorted(graph_events(network))
    ['e1', 'e2']
    """
    events: set[str] = set()
    for _, node_events in network.nodes(data="events", default=()):
        events.update(node_events or ())
    for _, _, edge_events in network.edges(data="events", default=()):
        events.update(edge_events or ())
    return events
