"""The SPARQL 1.1 Protocol endpoint and the query page, as a Starlette application.

- ``GET /sparql?query=...`` and ``POST /sparql`` (form ``query=`` or ``application/sparql-query``);
  the result format follows ``Accept`` (SPARQL JSON, XML, CSV, TSV; Turtle, JSON-LD, N-Triples for
  graphs) or a ``format`` parameter.
- ``POST /sparql`` with ``update=`` or ``application/sparql-update`` is refused (403) unless the
  operator started the server with an update token, and then needs ``Authorization: Bearer <token>``.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from binatgraph.schema.prefixes import prefix_map
from binatgraph.serve.runner import GRAPH_TYPES, RESULT_TYPES, QueryOutcome, QueryRunner, execute

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
    """Read-only: queries go to worker processes. With an update token: one writable store, locked."""

    def __init__(self, settings: EndpointSettings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        if settings.update_token:
            self.store: ox.Store | None = ox.Store(str(settings.database))
            self.runner: QueryRunner | None = None
        else:
            self.store = None
            self.runner = QueryRunner(
                settings.database,
                workers=settings.workers,
                timeout=settings.timeout,
                max_rows=settings.max_rows,
            )

    def query(self, text: str, fmt: str | None, graph: str | None) -> QueryOutcome:
        if self.runner is not None:
            return self.runner.run(text, fmt, graph)
        assert self.store is not None
        with self.lock:  # updates enabled: no worker processes may hold the store, so no hard timeout
            return execute(self.store, text, fmt, graph, self.settings.max_rows)

    def update(self, text: str) -> QueryOutcome:
        assert self.store is not None
        try:
            with self.lock:
                self.store.update(text)
                self.store.flush()
        except SyntaxError as exc:
            return QueryOutcome(400, "text/plain; charset=utf-8", f"SPARQL syntax {exc}".encode())
        return QueryOutcome(204, "text/plain; charset=utf-8", b"")

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()


def create_app(settings: EndpointSettings) -> Starlette:
    """The endpoint over a built store (see module docstring for the routes)."""
    engine = _Engine(settings)

    async def sparql(request: Request) -> Response:
        text, update = request.query_params.get("query"), None
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                text = (await request.body()).decode("utf-8")
            elif kind == "application/sparql-update":
                update = (await request.body()).decode("utf-8")
            else:
                form = await request.form()
                text = str(form["query"]) if "query" in form else None
                update = str(form["update"]) if "update" in form else None
        if update is not None:
            return _update(request, update)
        if not text:
            return PlainTextResponse("missing the query parameter", status_code=400)
        fmt, graph = _formats(request)
        from starlette.concurrency import run_in_threadpool

        return _respond(await run_in_threadpool(engine.query, text, fmt, graph))

    def _update(request: Request, text: str) -> Response:
        token = settings.update_token
        if not token:
            return PlainTextResponse(
                "SPARQL Update is disabled on this endpoint (read-only); the operator can "
                "enable it with `binatgraph serve --update-token`",
                status_code=403,
            )
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given, token):
            return PlainTextResponse("SPARQL Update needs `Authorization: Bearer <token>`", status_code=401)
        return _respond(engine.update(text))

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

    app = Starlette(routes=routes, lifespan=lifespan)
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
