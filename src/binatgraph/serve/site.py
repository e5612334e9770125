"""The site's routes on the endpoint: entity pages at the IRIs' own paths, networks, timeline, briefs,
search (:mod:`binatgraph.site` builds every page).

- ``GET /home``: the site's home page (``/`` stays the query page).
- ``GET /id/<segment>/<id>`` (and report items, ``/id/report/<id>/item/<n>``): the page of that IRI,
  following the Linked Data conventions: HTML for a browser, Turtle, N-Triples or JSON-LD by
  ``Accept``, or by suffix (``.html``, ``.ttl``, ``.nt``, ``.jsonld``). ``Vary: Accept``.
- ``GET /list/<kind>``, ``/network/<name>``, ``/timeline``, ``/brief/<quarter>``, ``/search?q=``.

Pages are read from the store through one read-only handle in the server process (pages run a few
small queries each); the SPARQL endpoint keeps its worker processes.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from binatgraph.site import RDF_FORMATS, Links, PageNotFoundError, SitePages, csp
from binatgraph.site.render import render_page

__all__ = ["SUFFIXES", "negotiate", "site_routes"]

SUFFIXES = {"html": "html", **{key: key for key in RDF_FORMATS}}
_MEDIA = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}


def negotiate(accept: str) -> str:
    """The format (``html``, ``ttl``, ``nt``, ``jsonld``) an ``Accept`` header prefers; HTML when it
    names none of them (``*/*`` or nothing, as a plain link gives).

    >>> negotiate("text/turtle;q=0.9, application/ld+json"), negotiate("*/*"), negotiate("")
    ('jsonld', 'html', 'html')
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    """
    best, best_q = "html", -1.0
    for order, part in enumerate(accept.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        found = _MEDIA.get(media.lower())
        if found and quality > best_q and quality > 0:
            best, best_q = found, quality
        del order
    return best


class _Pages:
    """One :class:`SitePages` for the server, used by one request at a time (its caches are shared).

    Every page is built on one thread of its own: pyoxigraph's query results may only be dropped on
    the thread that made them, and rdflib's results (the item pages' provenance, the projections)
    can sit in reference cycles until a collection, which is run there after each such page.
    """

    def __init__(self, pages: SitePages) -> None:
        self.pages = pages
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="binatgraph-site")

    async def html(self, path: str, params: dict[str, str]) -> tuple[int, str]:
        return await asyncio.wrap_future(self.thread.submit(self._html, path, params))

    async def rdf(self, iri: str, fmt: str) -> bytes | None:
        return await asyncio.wrap_future(self.thread.submit(self._rdf, iri, fmt))

    def _html(self, path: str, params: dict[str, str]) -> tuple[int, str]:
        try:
            return 200, self.pages.html(path, params, Links("live"))
        except PageNotFoundError as exc:
            return 404, render_page("notfound.html", {"message": str(exc)}, Links("live"), "Not found")
        finally:
            if path.startswith(("network/", "id/report/", "id/event/")):
                gc.collect(1)  # the young generations: what this page made

    def _rdf(self, iri: str, fmt: str) -> bytes | None:
        try:
            return self.pages.rdf(iri, fmt)
        except PageNotFoundError:
            return None

    def close(self) -> None:
        self.thread.shutdown(wait=True)


def _html(status: int, body: str) -> Response:
    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": csp()})


def site_routes(pages: SitePages) -> tuple[list[Route], Callable[[], None]]:
    """The site's routes over ``pages``, and what stops their thread when the server stops."""
    shared = _Pages(pages)

    async def page(request: Request) -> Response:
        path = request.url.path.lstrip("/")
        status, body = await shared.html(path, dict(request.query_params))
        if path.startswith("network/") and status == 200:
            # a network page inlines vis-network and carries its own policy (scripts by hash)
            return HTMLResponse(body)
        return _html(status, body)

    async def entity(request: Request) -> Response:
        from binatgraph.schema.vocab import BGR

        rest: str = request.path_params["rest"]
        stem, dot, suffix = rest.rpartition(".")
        fmt = SUFFIXES.get(suffix) if dot and "/" not in suffix else None
        if fmt is None:
            stem, fmt, negotiated = rest, negotiate(request.headers.get("accept", "")), True
        else:
            negotiated = False
        vary = {"Vary": "Accept"} if negotiated else {}
        if fmt == "html":
            status, body = await shared.html(f"id/{stem}", {})
            response = _html(status, body)
            response.headers.update(vary)
            return response
        data = await shared.rdf(f"{BGR}{stem}", fmt)
        if data is None:
            return PlainTextResponse(f"nothing is known about {BGR}{stem}", status_code=404, headers=vary)
        return Response(data, media_type=RDF_FORMATS[fmt][0], headers=vary)

    async def home(request: Request) -> Response:
        status, body = await shared.html("home", {})
        return _html(status, body)

    routes: list[Any] = [
        Route("/home", home),
        Route("/id/{rest:path}", entity),
        Route("/list/{kind}", page),
        Route("/network/{name}", page),
        Route("/timeline", page),
        Route("/brief/{period}", page),
        Route("/search", page),
    ]
    return routes, shared.close
