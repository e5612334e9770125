"""The SPARQL 1.1 Protocol endpoint and the query page, as a Starlette application.

- ``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or ``application/sparql-query``);
  the result format follows ``Accept`` (SPARQL JSON, XML, CSV, TSV; Turtle, JSON-LD, N-Triples for
  graphs) or a ``format`` parameter.
- ``POST /sparql`` with ``update=`` or ``application/sparql-update`` is refused (403) unless the
  operator started the server with an update token, and then needs ``Authorization: Bearer <token>``.
- Every query runs in a worker process under the timeout, queued fairly between clients; requests are
  checked first by :mod:`binatgraph.serve.guard` (Host, body size, query depth and length, ``SERVICE``
  and ``LOAD``), and every response carries its security headers.
- ``GET /`` is a query page that works offline (its script and styles are served from here);
  ``GET /api/queries`` lists the named queries and ``GET /api/queries/<name>`` prepares one;
  ``GET /api/prefixes`` gives the project prefixes (prefix to namespace), which the page shortens
  IRIs with as ``binatgraph query`` does.
- The analyst's site (:mod:`binatgraph.serve.site`): ``/home``, entity pages at the IRIs' paths
  (``/id/...``, HTML or RDF by content negotiation), networks, timeline, briefs and search.
"""

from __future__ import annotations

import contextlib
import hmac
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from binatgraph.schema.prefixes import prefix_map
from binatgraph.serve.guard import GuardMiddleware, Limits, RefusedError, allowed_hosts, bearer, decode
from binatgraph.serve.guard import screen_query as _screen
from binatgraph.serve.runner import GRAPH_TYPES, RESULT_TYPES, QueryOutcome, QueryRunner, apply_update

if TYPE_CHECKING:
    from rdflib import Graph

    from binatgraph.queries import NamedQuery

__all__ = ["EndpointSettings", "create_app"]

STATIC = Path(__file__).resolve().parent / "static"
_ACCEPT_RESULTS = {media: key for key, media in RESULT_TYPES.items()} | {"application/json": "json"}
_ACCEPT_GRAPHS = {media: key for key, (media, _) in GRAPH_TYPES.items()}


@dataclass(frozen=True)
class EndpointSettings:
    """The store the endpoint serves (an Oxigraph folder) and its limits."""

    database: Path  # the Oxigraph folder of a built store
    update_token: str | None = None
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 2
    site: bool = True  # serve the site's pages beside the endpoint
    sources: Path | None = None  # where report source files are looked for (item pages quote them)
    limits: Limits = field(default_factory=Limits)  # body, query, queue; SERVICE/LOAD allowed
    host: str = "127.0.0.1"  # the address listened on, and its port (None: any), for the Host check
    port: int | None = None
    allow_hosts: tuple[str, ...] = ()  # further Host values answered (a name without port: any port)


def _formats(request: Request) -> tuple[str | None, str | None]:
    """The result format and graph format the client asked for (a parameter wins over Accept)."""
    wanted = request.query_params.get("format")
    if wanted in RESULT_TYPES:
        return wanted, None
    if wanted in GRAPH_TYPES:
        return None, wanted
    fmt = graph = None
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip().lower()
        fmt = fmt or _ACCEPT_RESULTS.get(media)
        graph = graph or _ACCEPT_GRAPHS.get(media)
    return fmt, graph


def _respond(outcome: QueryOutcome) -> Response:
    headers = {"X-Binatgraph-Truncated": "true"} if outcome.truncated else {}
    return Response(
        outcome.body, status_code=outcome.status, media_type=outcome.content_type, headers=headers
    )


class _Engine:
    """Queries go to worker processes (read-only handles) in every mode. With an update token the
    server also holds the store for writing; an update runs here, with queries held back meanwhile."""

    def __init__(self, settings: EndpointSettings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self.store = ox.Store(str(settings.database)) if settings.update_token else None
        self.runner = QueryRunner(
            settings.database,
            workers=settings.workers,
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            max_queue=settings.limits.max_queue,
        )

    def query(self, text: str, fmt: str | None, graph: str | None, client: str = "") -> QueryOutcome:
        return self.runner.run(text, fmt, graph, client)

    def update(self, text: str) -> QueryOutcome:
        assert self.store is not None
        # Oxigraph cannot stop an update once started: it runs here, one at a time, token holders only
        with self.lock, self.runner.exclusive():
            return apply_update(self.store, text)

    def close(self) -> None:
        self.runner.close()


def create_app(settings: EndpointSettings) -> Starlette:
    """The endpoint over a built store (see module docstring for the routes)."""
    engine = _Engine(settings)

    async def sparql(request: Request) -> Response:
        try:
            return await _sparql(request)
        except RefusedError as exc:
            return PlainTextResponse(exc.message, status_code=exc.status, headers=exc.headers)

    async def _sparql(request: Request) -> Response:
        text, update = request.query_params.get("query"), None
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                text = decode(await request.body())
            elif kind == "application/sparql-update":
                update = decode(await request.body(), "update")
            else:
                form = await request.form()
                text = str(form["query"]) if "query" in form else None
                update = str(form["update"]) if "update" in form else None
        if update is not None:
            return await _update(request, update)
        if not text:
            return PlainTextResponse("missing the query parameter", status_code=400)
        if why := _screen(text, settings.limits):
            return PlainTextResponse(why, status_code=400)
        fmt, graph = _formats(request)
        client = request.client.host if request.client else ""
        return _respond(await run_in_threadpool(engine.query, text, fmt, graph, client))

    async def _update(request: Request, text: str) -> Response:
        token = settings.update_token
        if not token:
            return PlainTextResponse(
                "SPARQL Update is disabled on this endpoint (read-only); the operator can "
                "enable it with `binatgraph serve --update-token`",
                status_code=403,
            )
        given = bearer(request.headers.get("authorization"))
        if given is None or not hmac.compare_digest(given.encode(), token.encode()):
            return PlainTextResponse("SPARQL Update needs `Authorization: Bearer <token>`", status_code=401)
        if why := _screen(text, settings.limits, update=True):
            return PlainTextResponse(why, status_code=400)
        return _respond(await run_in_threadpool(engine.update, text))

    async def page(_: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def queries(_: Request) -> Response:
        return JSONResponse([_describe(q) for q in _library()])

    async def prepared(request: Request) -> Response:
        from binatgraph.queries import QueryError, prepare

        name = request.path_params["name"]
        library = {q.name: q for q in _library()}
        if name not in library:
            return PlainTextResponse(f"no named query '{name}'", status_code=404)
        try:
            text = prepare(library[name], dict(request.query_params))
        except QueryError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        return JSONResponse({"name": name, "query": text})

    async def prefixes(_: Request) -> Response:
        return JSONResponse(prefix_map())

    site_graph = _site_graph(engine) if settings.site else None
    routes: list[Route | Mount] = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/prefixes", prefixes),
        Route("/api/queries", queries),
        Route("/api/queries/{name}", prepared),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    stop_site: Callable[[], None] | None = None
    if site_graph is not None:
        from binatgraph.serve.site import site_routes
        from binatgraph.site import SitePages

        site_pages, stop_site = site_routes(SitePages(site_graph, settings.sources))
        routes += site_pages

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        engine.close()  # stop the worker processes with the server
        if stop_site is not None:
            stop_site()
        if site_graph is not None:
            site_graph.close()

    hosts = allowed_hosts(settings.host, settings.port, settings.allow_hosts)
    guard = Middleware(GuardMiddleware, hosts=hosts, max_body=settings.limits.max_body)
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[guard])
    app.state.engine = engine
    return app


def _site_graph(engine: _Engine) -> Graph:
    """An rdflib graph for the site's pages: over the writable store when updates are on (so pages
    show them), else over a read-only handle of the served database."""
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from binatgraph.schema.prefixes import bind_prefixes

    store = engine.store if engine.store is not None else ox.Store.read_only(str(engine.settings.database))
    return bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))


def _library() -> list[NamedQuery]:
    try:
        from binatgraph.queries import load_library
    except ImportError:  # the named-query library is optional for the endpoint itself
        return []
    return list(load_library())


def _describe(query: NamedQuery) -> dict[str, object]:
    params = [
        {"name": p.name, "kind": p.kind, "default": p.default, "description": p.description}
        for p in query.params
    ]
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "params": params,
        "text": getattr(query, "text", ""),
    }
