"""A networkx graph as one self-contained HTML page: vis-network, its data and the page's own code inline.

The nodes and ties are put in a pyvis :class:`~pyvis.network.Network` by filling its ``nodes`` and
``edges`` lists directly (``add_node``/``add_edge`` grow quadratically: 7.9 s at 5k nodes against
0.02 s, ``../shared/MEASUREMENTS.md``), and rendered with this package's own Jinja template, which
inlines the vis-network script and stylesheet shipped inside pyvis. The page makes no request of
any kind: no CDN, no web font, no source map; a Content-Security-Policy forbids them too and lets
only the page's own two scripts run (by their SHA-256).

Text from the data never becomes markup: the page's data sits in a ``<script type="application/json">``
block with every ``<``, ``>`` and ``&`` written as a ``\\u`` escape, and the page builds tooltips and
panels with ``textContent``; vis-network draws labels on a canvas.

>>> import networkx as nx
>>> network = nx.Graph()
>>> network.add_edge("a", "b", weight=2)
>>> network.add_edge("b", "c", weight=1)
>>> result = render(network, top=2)
>>> result.nodes, result.total_nodes, result.notes[0]
(2, 3, 'Cut from 3 to 2 nodes: the 2 with the highest degree.')
"""

from __future__ import annotations

import base64
import functools
import hashlib
import heapq
import importlib.util
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pandas as pd

from binatgraph import analysis
from binatgraph.graph.export import write_atomically
from binatgraph.schema import ids
from binatgraph.viz.style import COUNTRY_NAMES, TYPE_NAMES, legend, look
from binatgraph.viz.views import VizError, graph_events

__all__ = ["DEFAULT_TOP", "EVENTS_LISTED", "LABELLED", "Page", "page", "render", "write_page"]

DEFAULT_TOP = 500
HERE = Path(__file__).resolve().parent
FONT_SIZE = 14
FONT_FACE = "Helvetica, Arial, sans-serif"
NODE_SIZE = (9.0, 36.0)  # radius of the least and the most central node, in canvas pixels
EDGE_WIDTH = (1.0, 8.0)  # width of the weakest and the strongest tie
SPACING = 70.0  # canvas pixels per node side in the starting layout
LAYOUT_SEED = 7
EVENTS_LISTED = 50  # events a node or tie lists in its tooltip and panel (the latest)
LABELLED = 15  # the most central nodes, whose labels always show; the others' show where they fit


@dataclass(frozen=True)
class Page:
    """A rendered page: its HTML and what it shows (nodes and ties kept, out of how many)."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when nothing matched: the page says so instead of drawing a network."""
        return self.total_nodes == 0


# --- assets --------------------------------------------------------------------------------------


def _pyvis_lib() -> Path:
    # found without importing pyvis, which imports IPython
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise VizError("pyvis is not installed; install binatgraph's dependencies")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"


def _inline(text: str) -> str:
    """Text that is safe inside a <script> or <style> element: no end tag, no comment opener,
    no source map (which would make developer tools fetch a file)."""
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", text)
    text = re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


@functools.cache
def assets() -> dict[str, str]:
    """The scripts and styles a page inlines: vis-network's (from pyvis) and the page's own.

    >>> sorted(assets())
    ['page_css', 'page_js', 'vis_css', 'vis_js']
    """
    lib = _pyvis_lib()
    return {
        "vis_js": _inline((lib / "vis-network.min.js").read_text(encoding="utf-8")),
        "vis_css": _inline((lib / "vis-network.css").read_text(encoding="utf-8")),
        "page_js": _inline((HERE / "assets" / "page.js").read_text(encoding="utf-8")),
        "page_css": _inline((HERE / "assets" / "page.css").read_text(encoding="utf-8")),
    }


@functools.cache
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("page.html")


def _digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside a ``<script>`` element whatever its strings hold.

    >>> script_json({"title": "</script><script>alert(1)</script>"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# --- data ------------------------------------------------------------------------------------------


def _source(item: str) -> str:
    """A report item IRI in its short form, ``report-id, item N``."""
    found = ids.parse_item(item)
    return f"{found[0]}, item {found[1]}" if found else item


EventDetails = pd.DataFrame | Mapping[str, Mapping[str, Any]]


def _event_rows(
    events: EventDetails | Callable[[set[str]], EventDetails] | None, kept: nx.Graph
) -> Mapping[str, Mapping[str, Any]]:
    if events is None:
        return {}
    if callable(events):
        # details fetched for the events of what the page keeps, not of the whole network: at 100k
        # events the whole network names every one of them
        events = events(graph_events(kept))
    if isinstance(events, pd.DataFrame):
        # the frame's columns are named by text
        return {str(row["event"]): cast("dict[str, Any]", row) for row in events.to_dict("records")}
    return {str(iri): row for iri, row in events.items()}  # only read


def _period(date: str) -> tuple[str, str] | None:
    """The span a filter needs to know of an event's date: its quarter, or its year if dated so.

    The page's period filter only ever runs from the start of a quarter to the end of one, so an
    event dated to the day or the month is in a period exactly when its quarter is. Ends are
    string bounds written as the page writes them (day 31 for every quarter), not dates.

    >>> _period("2023-05-17"), _period("2022-11"), _period("2022"), _period("")
    (('2023-04-01', '2023-06-31'), ('2022-10-01', '2022-12-31'), ('2022-01-01', '2022-12-31'), None)
    """
    if not date:
        return None
    year = date[:4]
    if len(date) == 4:
        return f"{year}-01-01", f"{year}-12-31"
    quarter = (int(date[5:7]) - 1) // 3
    return f"{year}-{3 * quarter + 1:02d}-01", f"{year}-{3 * quarter + 3:02d}-31"


Titles = Callable[[list[str]], Mapping[str, Mapping[str, Any]]]
"""Details (``title``, ``type``, ``item``, ``date``) of the events a page lists, read once they are known."""


class _Dates(dict[str, str]):
    """Event IRI -> date; an event with no details has none (so ``__getitem__`` serves as a sort
    key, with no Python call per event but for those)."""

    def __missing__(self, key: str) -> str:
        return ""


class _Events:
    """The events a page mentions, each stored once and referred to by its index.

    A node or tie lists at most :data:`EVENTS_LISTED` of its events (the latest) for its tooltip,
    and carries its *facets* for the filters: the distinct (period, institution) pairs of all its
    events. A heavy node of a large graph takes part in most of its events; listing them all made
    a 24 MB page at 100k events.

    ``details`` gives each event's ``date`` and ``institutions`` (what ordering and filters need)
    and may give the rest; ``titles``, when given, is asked once, at :meth:`rows`, for the events
    actually listed: a cut page read from the store holds the dates of every event of its nodes and
    ties but the titles of only the few it lists.
    """

    def __init__(self, details: Mapping[str, Mapping[str, Any]], titles: Titles | None = None) -> None:
        self.details = details
        self.titles = titles
        self.dates = _Dates({iri: str(row.get("date") or "") for iri, row in details.items()})
        self.index: dict[str, int] = {}
        self.listed: list[str] = []
        self.institutions: dict[str, int] = {}
        self.facet_index: dict[tuple[str | None, str | None, int], int] = {}
        self.facets: list[list[Any]] = []
        self._facets_of: dict[str, tuple[int, ...]] = {}

    def refer(self, iris: Any) -> dict[str, Any]:
        """The latest events of ``iris`` (indices), the facets of them all, and how many there are."""
        every = list(map(str, iris or ()))
        known = self._facets_of
        for iri in every:  # first seen, in this order: facet and institution numbers follow it
            if iri not in known:
                self._facets(iri)
        facets = sorted(set().union(*map(known.__getitem__, every)))
        if len(every) <= EVENTS_LISTED:
            events = [self._add(iri) for iri in every]
        else:
            # nlargest is sorted(..., reverse=True)[:n] (equal dates in the graph's order) without
            # sorting the tens of thousands of events of a heavy node
            listed = set(heapq.nlargest(EVENTS_LISTED, every, key=self.dates.__getitem__))
            events = [self._add(iri) for iri in every if iri in listed]  # in the graph's order
        return {"events": events, "facets": facets, "count": len(every)}

    def rows(self) -> list[dict[str, Any]]:
        """The listed events, in index order, as the page shows them."""
        fetched = self.titles(list(self.listed)) if self.titles is not None and self.listed else {}
        rows = []
        for iri in self.listed:
            row = {**self.details.get(iri, {}), **fetched.get(iri, {})}
            rows.append(
                {
                    "date": str(row.get("date") or ""),
                    "title": str(row.get("title") or iri.rsplit("/", 1)[-1]),
                    "type": str(row.get("type") or "").replace("_", " "),
                    "source": _source(str(row.get("item") or "")),
                }
            )
        return rows

    def _institutions(self, iri: str) -> list[int]:
        found = self.details.get(iri, {}).get("institutions")
        found = list(found) if isinstance(found, list | tuple) else []
        return [self.institutions.setdefault(str(i), len(self.institutions)) for i in found]

    def _facets(self, iri: str) -> tuple[int, ...]:
        found = self._facets_of.get(iri)
        if found is None:
            start, end = _period(self.dates[iri]) or (None, None)
            # -1 stands for "any institution", so the period filter alone finds every event
            keys = [(start, end, i) for i in (-1, *self._institutions(iri))]
            found = self._facets_of[iri] = tuple(self._facet(key) for key in keys)
        return found

    def _facet(self, key: tuple[str | None, str | None, int]) -> int:
        if key not in self.facet_index:
            self.facet_index[key] = len(self.facets)
            self.facets.append(list(key))
        return self.facet_index[key]

    def _add(self, iri: str) -> int:
        if iri not in self.index:
            self.index[iri] = len(self.listed)
            self.listed.append(iri)
        return self.index[iri]


def _label(network: nx.Graph, node: Any) -> str:
    return str(network.nodes[node].get("label") or node)


def _scale(value: float, low: float, high: float, out: tuple[float, float], root: bool = False) -> float:
    if high <= low:
        share = 0.5
    else:
        share = (value - low) / (high - low)
        share = math.sqrt(share) if root else share
    return round(out[0] + share * (out[1] - out[0]), 2)


def _ties(kept: nx.Graph, order: list[Any], min_weight: int) -> list[tuple[Any, Any, dict[str, Any]]]:
    """The ties of ``kept`` of at least ``min_weight``, in ``order``'s order, each from the node
    ranked first.

    A subgraph view of fewer than half the nodes walks them in set order, which changes with
    Python's string hashing from one process to the next; so did the page's layout and bytes.

    >>> g = nx.Graph([("a", "b"), ("c", "a")])
    >>> [(a, b) for a, b, _ in _ties(g, ["c", "a", "b"], 1)]
    [('c', 'a'), ('a', 'b')]
    """
    rank = {node: i for i, node in enumerate(order)}
    ties = []
    for a, b, data in kept.edges(data=True):
        if data.get("weight", 1) >= min_weight:
            ties.append((a, b, data) if rank[a] < rank[b] else (b, a, data))
    return sorted(ties, key=lambda tie: (rank[tie[0]], rank[tie[1]]))


def _positions(order: list[Any], ties: list[tuple[Any, Any, dict[str, Any]]]) -> list[tuple[float, float]]:
    """A starting layout (Fruchterman-Reingold on igraph's C core: 0.2 s at 2,000 nodes and 25k
    ties), so the browser only polishes it: settling from random positions took 10 s there, from
    this layout 5-6 s (`benchmarks/viz.py`).

    The same graph always gets the same layout (igraph draws from a generator seeded here, and
    its default generator is put back afterwards). Scaled so each node has about ``SPACING``
    canvas pixels around it, the spacing vis-network's springs keep.
    """
    import random

    import igraph as ig

    if not order:
        return []
    index = {node: i for i, node in enumerate(order)}
    graph = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b, _ in ties])
    weights = [min(float(d.get("weight", 1)), 5.0) for _, _, d in ties] or None
    ig.set_random_number_generator(random.Random(LAYOUT_SEED))
    try:
        coords = graph.layout_fruchterman_reingold(weights=weights, niter=500).coords
    finally:
        ig.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    factor = max(300.0, math.sqrt(len(order)) * SPACING) / max(width, height)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [(round((x - cx) * factor, 1), round((y - cy) * factor, 1)) for x, y in coords]


def _always_labelled(order: list[Any], values: Mapping[Any, float]) -> list[Any]:
    """The first :data:`LABELLED` nodes of ``order``, and those tied with the last of them as long
    as that makes no more than twice as many: a cut through a tie would label one of two equals
    for the alphabet's sake.

    >>> _always_labelled(list(range(20)), {n: 1.0 for n in range(20)}) == list(range(20))
    True
    >>> len(_always_labelled(list(range(40)), {n: 1.0 for n in range(40)}))
    15
    """
    if len(order) <= LABELLED:
        return list(order)
    last = round(values.get(order[LABELLED - 1], 0.0), 12)
    end = LABELLED
    while end < len(order) and round(values.get(order[end], 0.0), 12) == last:
        end += 1
    return list(order[: end if end <= 2 * LABELLED else LABELLED])


def _options(nodes: int, groups: dict[str, Any]) -> dict[str, Any]:
    # the browser polishes the starting layout; physics is switched off once these are done
    iterations = 300 if nodes <= 200 else 150 if nodes <= 1000 else 100
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "font": {
                "size": FONT_SIZE,
                "face": FONT_FACE,
                "color": "#1F2933",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "scaling": {"label": {"enabled": False, "maxVisible": 18, "drawThreshold": 6}},
        },
        "edges": {
            "color": {"color": "#9AA5B1", "highlight": "#1F2933", "hover": "#52606D", "inherit": False},
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -90,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
            "maxVelocity": 60,
        },
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": nodes > 300,
            "hideEdgesOnZoom": nodes > 1000,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _network(
    vis_nodes: list[dict[str, Any]], vis_edges: list[dict[str, Any]], options: dict[str, Any]
) -> Any:
    from pyvis.network import Network

    net = Network(height="100%", width="100%", cdn_resources="in_line")
    # the lists, filled directly: add_node/add_edge check every earlier node and grow quadratically
    net.nodes, net.edges = vis_nodes, vis_edges
    net.options = options
    return net


def _title(network: nx.Graph, title: str | None) -> str:
    if title:
        return title
    base = str(network.graph.get("title") or "Network")
    ego = network.graph.get("ego")
    if ego is not None and ego in network:
        return f"{base}: {_label(network, ego)}"
    return base


def render(
    network: nx.Graph,
    *,
    events: EventDetails | Callable[[set[str]], EventDetails] | None = None,
    size_by: str = "degree",
    top: int | None = DEFAULT_TOP,
    min_weight: int = 1,
    title: str | None = None,
    k: int | None = None,
    seed: int = 0,
    links: Callable[[str], str | None] | None = None,
    nav: list[tuple[str, str]] | None = None,
) -> Page:
    """Render ``network`` (a projection, or any networkx graph) as a :class:`Page`.

    Nodes are sized by ``size_by`` (one of :data:`binatgraph.analysis.MEASURES`), and only the
    ``top`` highest are kept (``None`` or 0 keeps all; the page then notes the cut). Ties with fewer
    than ``min_weight`` shared events are dropped. ``events`` gives each event's ``date``, ``title``,
    ``type``, ``item`` and ``institutions`` (a DataFrame like :func:`binatgraph.viz.event_details`,
    a mapping from event IRI to such a row, or a function giving one for a set of event IRIs, called
    with the events of the nodes and ties kept) for tooltips and filters; node and edge ``events``
    attributes refer to them by IRI. Each node and tie lists its latest :data:`EVENTS_LISTED` events
    and filters on the (period, institution) pairs of all of them. The :data:`LABELLED` nodes with
    the highest ``size_by`` (the page data's ``labelled``) show their labels at any zoom; the others'
    show where they do not cover another. An empty graph gives a page saying that nothing matched.
    ``links`` gives the address of a node's own page (clicking the node opens it; the site's network
    pages pass one), ``nav`` a row of ``(text, address)`` links above the title.

    >>> import networkx as nx
    >>> network = nx.Graph(selection="2022")
    >>> network.add_edge("ana", "bo", weight=3, events=["e1", "e2", "e3"])
    >>> network.add_edge("bo", "cy", weight=1, events=["e4"])
    >>> result = render(network, min_weight=2)
    >>> result.nodes, result.edges, result.notes
    (3, 1, ('Ties with fewer than 2 shared events are left out (1 of 2).',))
    >>> render(nx.Graph(selection="2031")).empty
    True
    """
    _check(size_by, top, min_weight)
    return _draw(
        network,
        _rank(network, size_by, top, k=k, seed=seed),
        events=events,
        size_by=size_by,
        min_weight=min_weight,
        title=title,
        links=links,
        nav=nav,
    )


def _check(size_by: str, top: int | None, min_weight: int) -> None:
    if size_by not in analysis.MEASURES:
        raise VizError(f"size measure '{size_by}' is not known; allowed: {', '.join(analysis.MEASURES)}")
    if top is not None and top < 0:
        raise VizError(f"top must be 0 (all nodes) or more, not {top}")
    if min_weight < 1:
        raise VizError(f"min_weight must be 1 or more, not {min_weight}")


@dataclass(frozen=True)
class Ranking:
    """The nodes a page draws, most central first, with their measure values (at least those of
    ``order``), and the size of the network they were chosen from.

    :func:`render` ranks the networkx graph it is given; a cut page read from the store
    (:mod:`binatgraph.viz.cut`) ranks in the store and holds only the nodes it keeps.
    """

    order: list[Any]
    values: Mapping[Any, float]
    total_nodes: int
    total_edges: int


def _rank(network: nx.Graph, size_by: str, top: int | None, *, k: int | None, seed: int) -> Ranking:
    """The ``top`` nodes of ``network`` by ``size_by``: ties broken by label, then IRI; an ego first."""
    total_nodes, total_edges = network.number_of_nodes(), network.number_of_edges()
    values = analysis.compute(network, size_by, k=k, seed=seed) if total_nodes else {}
    order = sorted(network, key=lambda v: (-round(values.get(v, 0.0), 12), _label(network, v), str(v)))
    ego = network.graph.get("ego")
    if ego is not None and ego in network:
        # an ego network's centre is kept by any cut and labelled first
        order.remove(ego)
        order.insert(0, ego)
    if top and total_nodes > top:
        order = order[:top]
    return Ranking(order, values, total_nodes, total_edges)


def _draw(
    network: nx.Graph,
    ranking: Ranking,
    *,
    events: EventDetails | Callable[[set[str]], EventDetails] | None,
    size_by: str,
    min_weight: int,
    title: str | None,
    links: Callable[[str], str | None] | None,
    nav: list[tuple[str, str]] | None,
    titles: Titles | None = None,
) -> Page:
    """The page of ``ranking.order``'s nodes of ``network`` and the ties among them (``network``
    may hold more nodes: a whole projection, cut here). ``titles`` is :class:`_Events`'."""
    order, values = ranking.order, ranking.values
    total_nodes, total_edges = ranking.total_nodes, ranking.total_edges
    ego = network.graph.get("ego")
    notes: list[str] = []
    if len(order) < total_nodes:
        top = len(order)
        notes.append(f"Cut from {total_nodes:,} to {top:,} nodes: the {top:,} with the highest {size_by}.")
    # a cut page read from the store holds only the nodes it draws: no subgraph view to filter through
    kept = network if len(order) == network.number_of_nodes() else network.subgraph(order)
    ties = _ties(kept, order, min_weight)
    if min_weight > 1:
        notes.append(
            f"Ties with fewer than {min_weight} shared events are left out "
            f"({kept.number_of_edges() - len(ties):,} of {kept.number_of_edges():,})."
        )

    known = _Events(_event_rows(events, kept), titles)
    positions = _positions(order, ties)
    low, high = (min(values[v] for v in order), max(values[v] for v in order)) if order else (0.0, 0.0)
    vis_nodes, node_info, groups = [], {}, {}
    types, countries = set(), set()
    for node, (x, y) in zip(order, positions, strict=True):
        data = network.nodes[node]
        node_type, country = str(data.get("type") or "node"), str(data.get("country") or "")
        types.add(node_type)
        if country:
            countries.add(country)
        style = look(node_type, country)
        group = f"{node_type}|{country}"
        groups[group] = {
            "shape": style.shape,
            "color": {
                "background": style.fill,
                "border": style.border,
                "highlight": {"background": style.fill, "border": "#111111"},
                "hover": {"background": style.fill, "border": "#111111"},
            },
        }
        node_id = str(node)
        vis_nodes.append(
            {
                "id": node_id,
                "label": _label(network, node),
                "group": group,
                "size": _scale(values[node], low, high, NODE_SIZE, root=True),
                "x": x,
                "y": y,
            }
        )
        if node == ego:
            vis_nodes[-1]["borderWidth"] = 4
        node_info[node_id] = {
            "label": _label(network, node),
            "type": node_type,
            "country": country,
            "aliases": [str(a) for a in data.get("aliases") or ()],
            "posts": [str(p) for p in data.get("posts") or ()],
            "value": round(values[node], 6),
            **known.refer(data.get("events")),
            "date": str(data.get("date") or ""),
        }
    weights = [d.get("weight", 1) for _, _, d in ties]
    lightest, heaviest = (min(weights), max(weights)) if weights else (1, 1)
    vis_edges, edge_info = [], {}
    for i, (a, b, data) in enumerate(ties):
        edge_id = f"e{i}"
        weight = data.get("weight", 1)
        vis_edges.append(
            {
                "id": edge_id,
                "from": str(a),
                "to": str(b),
                "width": _scale(weight, lightest, heaviest, EDGE_WIDTH),
            }
        )
        edge_info[edge_id] = {"weight": weight, **known.refer(data.get("events"))}

    net = _network(vis_nodes, vis_edges, _options(len(vis_nodes), groups))
    selection = str(network.graph.get("selection") or "")
    page_title = _title(network, title)
    measure = analysis.MEASURES[size_by]
    empty = None
    if not total_nodes:
        empty = (
            f"Nothing matched: no events match {selection or 'this selection'}, so there is no "
            "network to draw. Widen the period or drop a filter."
        )
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    data = {
        "vis": {"nodes": nodes, "edges": edges, "options": json.loads(options)},
        "nodes": node_info,
        "edges": edge_info,
        "events": known.rows(),
        "facets": known.facets,
        "institutions": list(known.institutions),
        "types": {t: TYPE_NAMES.get(t, t.title()) for t in sorted(types)},
        "countries": {c: COUNTRY_NAMES.get(c, c) for c in sorted(countries)},
        "measure": {"name": size_by, "description": measure.description},
        # the most central nodes (the ego first): their labels show at any zoom, even crowded
        "labelled": [str(node) for node in _always_labelled(order, values)],
        "font": {"size": FONT_SIZE, "face": FONT_FACE},
        "empty": empty,
    }
    if links is not None:
        data["links"] = {node["id"]: url for node in vis_nodes if (url := links(str(node["id"])))}
    parts = assets()
    counts = f"{len(vis_nodes):,} nodes, {len(vis_edges):,} ties" if total_nodes else "no nodes"
    html = _template().render(
        title=page_title,
        description=str(network.graph.get("description") or ""),
        selection=selection,
        counts=counts,
        measure=measure,
        size_by=size_by,
        notes=notes,
        empty=empty,
        legend=legend(types, countries),
        data=script_json(data),
        nav=nav or [],
        csp_scripts=" ".join((_digest(parts["vis_js"]), _digest(parts["page_js"]))),
        **parts,
    )
    return Page(html, len(vis_nodes), len(vis_edges), total_nodes, total_edges, tuple(notes))


def page(network: nx.Graph, **options: Any) -> str:
    """The HTML of :func:`render` (same options): one self-contained page.

    >>> import networkx as nx
    >>> html = page(nx.path_graph(["a", "b", "c"]), title="Three in a row")
    >>> html.startswith("<!doctype html>"), "<title>Three in a row</title>" in html
    (True, True)
    """
    return render(network, **options).html


def write_page(network: nx.Graph, path: str | Path, **options: Any) -> Page:
    """Render ``network`` (options as :func:`render`) and write it to ``path``, whole or not at all.

    The folder is created if missing. Returns the :class:`Page` (with its counts and notes).

    >>> import tempfile, networkx as nx
    >>> folder = tempfile.mkdtemp()
    >>> written = write_page(nx.path_graph(["a", "b"]), Path(folder) / "new" / "page.html")
    >>> (Path(folder) / "new" / "page.html").exists(), written.nodes
    (True, 2)
    """
    return _write(render(network, **options), path)


def _write(result: Page, path: str | Path) -> Page:
    with write_atomically(Path(path)) as out:
        out.write(result.html.encode("utf-8"))
    return result
