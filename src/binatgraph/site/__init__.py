"""The analyst's site: a page for every person, body, institution, event, report and report item,
live network views, a timeline, a brief per quarter and search, from the store.

Pages are data from SPARQL (:mod:`.pages`, :mod:`.periods`) rendered by the templates of
``site/templates`` (:mod:`.render`). ``binatgraph serve`` answers them live at the IRIs' own paths
(``/id/person/…``, with Turtle, N-Triples and JSON-LD by ``Accept`` or suffix); ``binatgraph site``
writes the same pages as static files (:mod:`.static`). Network pages are
:func:`binatgraph.viz.view_page`'s, with a node click opening the node's page.

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> _ = build(Path(__file__).parents[3] / "data", memory)
>>> with open_graph(memory) as g:
...     html = SitePages(g).html("id/person/ken-salazar", {}, Links("live"))
>>> "<h1>Ken Salazar</h1>" in html
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from binatgraph.schema.kinds import by_plural
from binatgraph.schema.vocab import BGR
from binatgraph.site.pages import LISTED_KINDS, NETWORKS, PageNotFoundError, Site, fold, kind_of
from binatgraph.site.render import (
    RDF_FORMATS,
    Links,
    csp,
    entity_title,
    rdf_document,
    render_markdown,
    render_page,
)

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "NETWORKS",
    "RDF_FORMATS",
    "Links",
    "PageNotFoundError",
    "Site",
    "SitePages",
    "brief_document",
    "csp",
    "fold",
    "kind_of",
]

NETWORK_OPTIONS: dict[str, Any] = {"size_by": "degree", "top": 300, "min_weight": 1}
"""The network pages' defaults (a query parameter of the same name changes each, live)."""


class SitePages:
    """Every page of the site over one store, by its path (``home``, ``id/person/x``, ``timeline`` …)."""

    def __init__(self, graph: Graph, sources: Path | None = None) -> None:
        self.site = Site(graph, sources)

    @property
    def reader(self) -> Any:
        return self.site.reader

    def html(self, path: str, params: dict[str, str], links: Links) -> str:
        """The HTML page at ``path`` (no leading slash, no suffix); :class:`PageNotFoundError` if none."""
        path = path.strip("/") or "home"
        head, _, rest = path.partition("/")
        if path == "home":
            return render_page("home.html", self.site.home(), links, "binatgraph")
        if head == "id":
            iri = f"{BGR}{rest}"
            page = self.site.entity(iri)
            from binatgraph.site.render import item_label

            title = item_label(iri) if page["kind"] == "item" else entity_title(page)
            return render_page("entity.html", page, links, title)
        if head == "list":
            try:
                kind = by_plural(rest).singular
            except KeyError:
                raise PageNotFoundError(f"no list of {rest}") from None
            if kind not in LISTED_KINDS:
                raise PageNotFoundError(f"no list of {rest}")
            page = self.site.listing(kind)
            return render_page("list.html", page, links, page["plural"].capitalize())
        if path in ("timeline", "timeline-types"):
            from binatgraph.site.periods import timeline

            wanted = dict(params)
            if path == "timeline-types":
                wanted["group"] = "type"
            page = timeline(self.site, wanted, lambda quarter: links.page(f"brief/{quarter}"))
            return render_page("timeline.html", page, links, "Timeline")
        if head == "brief" and rest:
            from binatgraph.site.periods import brief

            return render_page("brief.html", brief(self.site, rest), links, f"Brief: {rest}")
        if path == "search":
            return self.search(params.get("q", ""), links)
        if head == "network" and rest in NETWORKS:
            return self.network(rest, params, links)
        raise PageNotFoundError(f"no page at /{path}")

    def search(self, query: str, links: Links) -> str:
        """The search page: results for ``query`` (live), and the whole index inlined for the static
        site, whose script searches as one types."""
        hits = self.site.search(query) if query else []
        index = None
        if links.mode == "static":
            index = [
                [e["label"], e["kind"], links.href(e["iri"]), *e["names"]] for e in self.site.search_index()
            ]
        return render_page("search.html", {}, links, "Search", query=query, hits=hits, index=index)

    def network(self, name: str, params: dict[str, str], links: Links) -> str:
        """A network view drawn from the store, filtered by ``params`` (``period``, ``type``,
        ``country``, ``topic``, ``institution``; ``size_by``, ``top``, ``min_weight``)."""
        from binatgraph import analysis, viz
        from binatgraph.site.periods import selection_of

        try:
            selection = selection_of(params)
            options: dict[str, Any] = {
                "size_by": params.get("size_by") or NETWORK_OPTIONS["size_by"],
                "top": int(params.get("top") or NETWORK_OPTIONS["top"]),
                "min_weight": int(params.get("min_weight") or NETWORK_OPTIONS["min_weight"]),
            }
        except (analysis.SelectionError, ValueError, KeyError) as exc:
            raise PageNotFoundError(str(exc)) from exc
        nav = [("binatgraph", links.page("home"))] + [
            (other.capitalize(), links.network(other, {k: v for k, v in params.items() if v}))
            for other in NETWORKS
        ]
        nav += [("Timeline", links.page("timeline")), ("Search", links.page("search"))]

        def link(node: str) -> str | None:
            return links.href(node) if node.startswith(str(BGR)) and kind_of(node) else None

        try:
            result = viz.view_page(self.site.graph, NETWORKS[name], selection, links=link, nav=nav, **options)
        except viz.VizError as exc:
            raise PageNotFoundError(str(exc)) from exc
        return result.html

    def rdf(self, iri: str, fmt: str) -> bytes:
        """The concise description of ``iri`` in ``fmt`` (``ttl``, ``nt``, ``jsonld``)."""
        triples = self.reader.triples(iri)
        if not triples:
            raise PageNotFoundError(f"nothing is known about {iri}")
        return rdf_document(triples, fmt)


def brief_document(graph: Graph, period: str, fmt: str = "html", sources: Path | None = None) -> str:
    """The brief of quarter ``period`` as one file's text (``html`` or ``md``); its links are the
    IRIs themselves, which resolve once the site is served.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> _ = build(Path(__file__).parents[3] / "data", memory)
    >>> with open_graph(memory) as g:
    ...     text = brief_document(g, "2023Q2", "md")
    >>> text.splitlines()[0]
    '# Brief: 2023Q2'
    """
    from binatgraph.site.periods import brief

    site = Site(graph, sources)
    page = brief(site, period)
    links = Links("absolute")
    if fmt == "md":
        return render_markdown("brief.md", page, links, f"Brief: {page['period']}")
    return render_page("brief.html", page, links, f"Brief: {page['period']}")
