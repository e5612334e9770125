"""Network pages an analyst opens in a browser, with no internet: who meets whom, organizations,
institutions, events, and one person's circle.

Each page is one self-contained HTML file (vis-network through pyvis, inlined): nodes coloured by
country and shaped by type, sized by a centrality measure, ties as thick as their shared events,
labels that do not overlap, a tooltip per node and tie listing its events with their source report
item, a search box, and filters by type, country, institution and period. Layout physics settles
once and is then switched off, so a few hundred nodes stay still.

From a notebook, :func:`view` does projection, measure and page in one call; :func:`page` and
:func:`write_page` take any networkx graph.

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> from binatgraph import analysis
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
>>> _ = build(data, memory)
>>> with open_graph(memory) as g:
...     html = view(g, "who-meets-whom", selection=analysis.Selection.of(period="2022"))
>>> "<title>Who meets whom</title>" in html
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rdflib import Graph

from binatgraph import analysis
from binatgraph.viz import cut
from binatgraph.viz.page import (
    DEFAULT_TOP,
    EVENTS_LISTED,
    LABELLED,
    Page,
    _write,
    page,
    render,
    script_json,
    write_page,
)
from binatgraph.viz.style import COUNTRY_FILLS, TYPE_FILLS, TYPE_SHAPES, legend, look
from binatgraph.viz.views import (
    VIEWS,
    View,
    VizError,
    checked_view,
    event_details,
    graph_events,
    view_graph,
)

__all__ = [
    "COUNTRY_FILLS",
    "DEFAULT_TOP",
    "EVENTS_LISTED",
    "LABELLED",
    "TYPE_FILLS",
    "TYPE_SHAPES",
    "VIEWS",
    "Page",
    "View",
    "VizError",
    "event_details",
    "graph_events",
    "legend",
    "look",
    "page",
    "render",
    "script_json",
    "view",
    "view_graph",
    "view_page",
    "write_page",
]


def view_page(
    graph: Graph,
    name: str,
    selection: analysis.Selection | None = None,
    *,
    ego: str | None = None,
    radius: int = 1,
    path: str | Path | None = None,
    **options: Any,
) -> Page:
    """The page of view ``name`` over the store ``graph``, as a :class:`Page` (written to ``path``
    if given). ``options`` are :func:`render`'s: ``size_by``, ``top``, ``min_weight``, ``title``.

    A one-mode view (who-meets-whom, organizations) cut to ``top`` nodes by degree or weighted
    degree is ranked in the store and reads only the kept nodes, their ties and the events the page
    lists (:mod:`binatgraph.viz.cut`); any other page projects the whole view first. Both give the
    same page.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     result = view_page(g, "organizations", size_by="pagerank", top=10)
    >>> result.nodes, result.total_nodes, result.notes[0]
    (10, 24, 'Cut from 24 to 10 nodes: the 10 with the highest pagerank.')
    """
    spec = checked_view(name, ego=ego, radius=radius)
    options = {"size_by": "degree", "top": DEFAULT_TOP, **options}
    if cut.applies(spec, selection, size_by=options["size_by"], top=options["top"], ego=ego):
        # ranked in the store; only the kept nodes, their ties and what the page lists are read
        result = cut.render_cut(graph, spec, selection, **options)
    else:
        network = view_graph(graph, name, selection, ego=ego, radius=radius)

        def events(iris: set[str]) -> pd.DataFrame:  # called by render with the events of what it keeps
            return event_details(graph, iris)

        result = render(network, events=events, **options)
    return result if path is None else _write(result, path)


def view(
    graph: Graph,
    name: str,
    selection: analysis.Selection | None = None,
    *,
    ego: str | None = None,
    radius: int = 1,
    path: str | Path | None = None,
    **options: Any,
) -> str:
    """The HTML page of view ``name`` (one of :data:`VIEWS`): projection, measure and page in one call.

    ``selection`` picks the events (:class:`binatgraph.analysis.Selection`); ``ego`` names the
    person of the ``ego`` view; ``path``, when given, is where the page is also written (whole
    or not at all, its folder created). ``options`` are :func:`render`'s: ``size_by`` (default
    ``degree``), ``top`` (default 500), ``min_weight``, ``title``.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     html = view(g, "ego", ego="Marcelo Ebrard", size_by="betweenness")
    >>> "<title>Ego network: Marcelo Ebrard</title>" in html
    True
    """
    return view_page(graph, name, selection, ego=ego, radius=radius, path=path, **options).html
