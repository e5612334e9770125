"""A remote store: any SPARQL 1.1 endpoint with query and update (Fuseki, GraphDB, Virtuoso, Neptune…).

Selected like the other stores, by ``--store`` or ``BINATGRAPH_STORE``::

    sparql+http://host:port/sparql                         query and update at one URL
    sparql+https://host/query?update=https://host/update   a separate update endpoint
    sparql+http://host:8890/sparql#graph=https://example.org/g   another graph than the default

- **Graph.** The graph lives in one named graph, ``https://w3id.org/binatgraph/graph`` unless
  ``#graph=<iri>`` says otherwise; queries are sent with ``default-graph-uri`` set to it, so the named
  queries run unchanged (they see that graph as their default graph). Named graphs work the same on
  every server, while a server's own default graph does not (on Virtuoso it is the union of all graphs
  and cannot be loaded into). ``#graph=default`` uses the endpoint's default graph anyway.
- **Update endpoint.** ``?update=<url>`` in the setting, else ``$BINATGRAPH_SPARQL_UPDATE``, else the
  query URL.
- **Credentials.** ``$BINATGRAPH_SPARQL_USER`` and ``$BINATGRAPH_SPARQL_PASSWORD``, answered to the
  server's challenge with HTTP Digest or Basic, whichever it asks for (Virtuoso's ``/sparql-auth``
  asks for Digest). They are never part of the setting, so they never show in messages.

:func:`replace` loads into a fresh temporary named graph in batches of ``INSERT DATA``, and only when
every batch went in does it ``MOVE`` that graph onto the target (SPARQL 1.1 Update: the target's old
content is dropped and the new content takes its place). A failure while loading drops the temporary
graph and leaves the target as it was. So a remote replace is not atomic the way the embedded store's
is: the ``MOVE`` is one request, atomic only if the server runs one update request as one transaction
(Fuseki on TDB2 does; check yours), and readers may see the old or the new graph while it runs.

Known differences of Virtuoso 7.2 (Debian's ``virtuoso-opensource``, the server the tests use):

- language tags come back lowercased (``es-MX`` → ``es-mx``); ``"x"`` and ``"x"^^xsd:string`` stay
  two different terms (RDF 1.0), while Oxigraph treats them as one;
- ``REGEX`` works on UTF-8 bytes: ``[áé]`` and ``.`` do not match an accented letter (``CONTAINS`` does);
- ``GROUP_CONCAT`` over no values gives ``""`` (Oxigraph: unbound), and the order of its parts differs;
- a ``FILTER`` inside ``OPTIONAL`` that reads an outer variable drops the optional rows when the query
  also has a ``VALUES`` block (how named-query parameters are bound);
- out of the box it cuts every answer at 10,000 rows (``ResultSetMaxRows``) and may return partial
  "anytime" answers after ``MaxQueryExecutionTime``: raise both for analysis (``scripts/virtuoso.sh``
  does);
- ``ORDER BY ?label`` sorts literals by their first 20 characters only, then by an id of Virtuoso's own
  (load order): "Mechanism 30" may come before "Mechanism 10" when the rest is alike. The rows are the
  same; ``ORDER BY STR(?label)`` sorts by the whole string (``benchmarks/day.py`` tells this apart);
- a ``MOVE`` (or ``ADD``, or ``INSERT … WHERE`` copying a graph) onto a graph that held the same long
  literals is replayed wrongly from the transaction log: after a crash or a ``kill`` before the next
  checkpoint, 3,647 of 20,000 triples came back. Checkpoint after ``build``/``load`` (``checkpoint;``
  in isql) and stop the server with isql's ``shutdown;`` (``scripts/virtuoso.sh stop`` does);
- one update request is one transaction, refused once its log passes ``TransactionAfterImageLimit``
  (50 MB out of the box: the ``MOVE`` of the 10k-event graph, 816k triples, fits; that of the 100k one,
  8.2M, fails with SR325). ``scripts/virtuoso.sh`` sets 2,000,000,000, near its 32-bit maximum.

:func:`load_dump` (``binatgraph load``) reads the file with Oxigraph's parser and sends it in chunks
of N-Triples through the SPARQL 1.1 Graph Store HTTP Protocol (a ``POST`` per chunk into the same
temporary graph), then moves that graph onto the target as :func:`replace` does. The graph store
endpoint is ``$BINATGRAPH_SPARQL_GRAPH_STORE`` if set, else guessed from the query URL (Virtuoso's
``/sparql-graph-crud``, Fuseki's ``/data``, GraphDB's ``/rdf-graphs/service``); a server that has none
gets ``INSERT DATA`` batches instead (on Virtuoso, at 10k events: 41 s for the whole load against 24 s
through its Graph Store, 11 s of which the ``MOVE``). The RDFS entailments and derived triples are
added on the server by two updates, unless the dump says it holds them already (an export of a current
build), as the embedded store does.

``$BINATGRAPH_SPARQL_TIMEOUT`` sets how many seconds one request may take (default 300): a large graph's
heaviest named queries and the final ``MOVE`` can take longer.

``binatgraph export`` and ``ingest --apply`` need the embedded store (they use the engine directly).

"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import (
    HTTPBasicAuthHandler,
    HTTPDigestAuthHandler,
    HTTPPasswordMgrWithDefaultRealm,
    OpenerDirector,
    Request,
    build_opener,
)

from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import BNode, Node

from binatgraph.graph.store.location import (
    DEFAULT_GRAPH,
    PASSWORD_VAR,
    USER_VAR,
    StoreError,
    StoreLocation,
)
from binatgraph.schema.prefixes import bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "BATCH_SIZE",
    "CHUNK_SIZE",
    "GRAPH_STORE_VAR",
    "TIMEOUT_VAR",
    "EndpointError",
    "RemoteStore",
    "answer",
    "apply_report",
    "apply_reports",
    "graph_store_urls",
    "load_dump",
    "manifest_graph",
    "open_graph",
    "read_manifest",
    "replace",
    "sparql_term",
]

BATCH_SIZE = 1000
# Triples per Graph Store POST when loading a dump: ~5 MB of N-Triples, one parse on the server. 200,000
# was no faster on Virtuoso at 10k events (30 s against 24 s, one pair), and holds 4x the memory here.
CHUNK_SIZE = 50_000
TIMEOUT = 300.0
TIMEOUT_VAR = "BINATGRAPH_SPARQL_TIMEOUT"
GRAPH_STORE_VAR = "BINATGRAPH_SPARQL_GRAPH_STORE"
# Answers that mean "no graph store here" on a guessed URL: not found, method or media type not
# allowed, not implemented. Anything else (bad data, a full disk) is the server's real answer.
_NO_GRAPH_STORE = (404, 405, 415, 501)
_MANIFEST_PREDICATE = "http://www.w3.org/2000/01/rdf-schema#comment"
_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5"
)


def _opener(*urls: str) -> OpenerDirector:
    """An HTTP opener that answers Digest or Basic challenges from ``urls`` with the credentials from
    the environment (sent only after the server asks, and only to those URLs)."""
    user, password = os.environ.get(USER_VAR), os.environ.get(PASSWORD_VAR)
    if not user:
        return build_opener()
    passwords = HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        passwords.add_password(None, url, user, password or "")
    return build_opener(HTTPDigestAuthHandler(passwords), HTTPBasicAuthHandler(passwords))


class EndpointError(StoreError):
    """The endpoint answered a request with an HTTP error; ``status`` is its code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class RemoteStore(SPARQLUpdateStore):
    """rdflib's SPARQL 1.1 store, talking HTTP itself: form-encoded POST queries (no URL length limit),
    Digest or Basic authentication, a timeout, and the server's own words when a request fails.
    """

    def __init__(self, query_endpoint: str, update_endpoint: str, timeout: float = TIMEOUT) -> None:
        super().__init__(query_endpoint, update_endpoint, returnFormat="json", method="POST_FORM")
        self._http = _opener(query_endpoint, update_endpoint)
        self._timeout_seconds = timeout

    def _inject_prefixes(self, query: str, extra_bindings: Mapping[str, Any]) -> str:
        """Declare only the bound prefixes the query uses and does not declare itself (rdflib would
        send every prefix bound to the graph, dozens of them, with every query)."""
        declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]*):", query, re.IGNORECASE)}
        bindings = {**self.nsBindings, **extra_bindings}
        lines = [
            f"PREFIX {prefix}: <{namespace}>"
            for prefix, namespace in sorted(bindings.items())
            if prefix not in declared and re.search(rf"(?<![\w.:/#?$<-]){re.escape(prefix)}:", query)
        ]
        return "\n".join([*lines, query]) if lines else query

    def _send(self, url: str, data: bytes, content_type: str, accept: str = _ACCEPT) -> tuple[bytes, str]:
        request = Request(url, data=data, headers={"Content-Type": content_type, "Accept": accept})
        try:
            with self._http.open(request, timeout=self._timeout_seconds) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:800]
            hint = f" (set ${USER_VAR} and ${PASSWORD_VAR})" if exc.code in (401, 403) else ""
            raise EndpointError(
                f"SPARQL endpoint {url} answered {exc.code} {exc.reason}{hint}: {detail}", exc.code
            ) from exc
        except (URLError, TimeoutError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
        self._queries += 1
        params = [("query", query)]
        if default_graph is not None and not isinstance(default_graph, BNode):
            params.append(("default-graph-uri", str(default_graph)))
        assert self.query_endpoint is not None
        body, content_type = self._send(
            self.query_endpoint, urlencode(params).encode("utf-8"), "application/x-www-form-urlencoded"
        )
        return Result.parse(BytesIO(body), content_type=content_type.split(";")[0].strip())

    def answer(self, query: str, accept: str, default_graph: str | None = None) -> tuple[bytes, str]:
        """The endpoint's own serialisation of ``query``'s answer in the media type ``accept`` asks
        for (a W3C results format, Turtle…), and the type it answered with: passed on unparsed."""
        self._queries += 1
        params = [("query", query)]
        if default_graph is not None:
            params.append(("default-graph-uri", default_graph))
        assert self.query_endpoint is not None
        form = urlencode(params).encode("utf-8")
        body, content_type = self._send(
            self.query_endpoint, form, "application/x-www-form-urlencoded", accept
        )
        return body, content_type.split(";")[0].strip()

    def _update(self, update: str) -> None:
        self._updates += 1
        assert self.update_endpoint is not None
        self._send(self.update_endpoint, update.encode("utf-8"), "application/sparql-update; charset=UTF-8")


def _timeout() -> float:
    """Seconds one request may take: ``$BINATGRAPH_SPARQL_TIMEOUT``, else :data:`TIMEOUT`."""
    value = os.environ.get(TIMEOUT_VAR, "")
    try:
        return float(value) if value else TIMEOUT
    except ValueError:
        raise StoreError(f"${TIMEOUT_VAR} is '{value}': give the seconds a request may take") from None


def _store(location: StoreLocation) -> RemoteStore:
    assert location.endpoint is not None and location.update_endpoint is not None
    return RemoteStore(location.endpoint, location.update_endpoint, timeout=_timeout())


@contextlib.contextmanager
def open_graph(location: StoreLocation, *, read_only: bool = True) -> Iterator[Graph]:
    """An rdflib ``Graph`` over the endpoint's graph; queries see that graph as their default graph."""
    identifier = URIRef(location.graph) if location.graph else DATASET_DEFAULT_GRAPH_ID
    graph = bind_prefixes(Graph(store=_store(location), identifier=identifier))
    try:
        yield graph
    finally:
        graph.close()


def answer(location: StoreLocation, query: str, accept: str) -> tuple[bytes, str]:
    """Run ``query`` (with its PREFIX lines) on the endpoint over the location's graph; return the
    answer as the endpoint serialised it in ``accept`` and the media type it said."""
    return _store(location).answer(query, accept, location.graph)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def sparql_term(node: Node) -> str:
    """One term as SPARQL ``INSERT DATA`` text (IRIs and literals only: blank nodes cannot be sent
    in batches, since a label means a different node in each request).

    >>> sparql_term(Literal('a "b"\\nc', lang="es"))
    '"a \\\\"b\\\\"\\\\nc"@es'
    >>> sparql_term(Literal("2024-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")))
    '"2024-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    if isinstance(node, URIRef):
        return node.n3()  # rdflib refuses IRIs with characters SPARQL cannot carry
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype:
            return f"{text}^^{URIRef(node.datatype).n3()}"
        return text
    raise StoreError(
        f"a remote store takes IRIs and literals only, not {node!r} (blank nodes are not supported)"
    )


def _batches(triples: Iterable[tuple[Node, Node, Node]], size: int) -> Iterator[list[str]]:
    iterator = iter(triples)
    while batch := [
        f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in islice(iterator, size)
    ]:
        yield batch


def _graph_ref(graph: str | None) -> str:
    return f"GRAPH <{graph}>" if graph else "DEFAULT"


def _count(store: RemoteStore, graph: str) -> int:
    rows = store._query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0])  # type: ignore[index,arg-type]


def manifest_graph(location: StoreLocation) -> str:
    """The named graph that records what the last build wrote (a JSON literal on the data graph's IRI)."""
    return f"{location.graph or DEFAULT_GRAPH}/manifest"


def _temporary_graph(location: StoreLocation) -> str:
    """A fresh named graph beside the target, for a load that is moved onto it when complete."""
    base = location.graph or DEFAULT_GRAPH
    return f"{base}/load/{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"


def _fill_and_move(
    location: StoreLocation,
    store: RemoteStore,
    fill: Callable[[str], None],
    manifest: dict[str, Any] | None,
) -> int:
    """``fill(temporary_graph)``, then move the temporary graph onto the target and record the manifest.

    A failure in ``fill`` (bad data, the endpoint gone, an exception from a source) drops the temporary
    graph and leaves the target untouched; see the module notes on the ``MOVE`` itself.
    """
    temporary = _temporary_graph(location)
    try:
        fill(temporary)
        # count what the server holds, not what was sent: the stream may repeat a triple
        count = _count(store, temporary)
    except BaseException:
        with contextlib.suppress(Exception):
            store._update(f"DROP SILENT GRAPH <{temporary}>")
        raise
    if count == 0:
        # nothing was inserted, so there is no temporary graph to move: empty the target instead
        store._update(f"DROP SILENT {_graph_ref(location.graph)}")
    else:
        # MOVE drops the target's content and renames the source in one operation (SPARQL 1.1 Update)
        store._update(f"MOVE GRAPH <{temporary}> TO {_graph_ref(location.graph)}")
    info = json.dumps({**(manifest or {}), "triples": count}, sort_keys=True)
    marker = manifest_graph(location)
    record = f"<{location.graph or DEFAULT_GRAPH}> <{_MANIFEST_PREDICATE}> {sparql_term(Literal(info))}"
    store._update(f"DROP SILENT GRAPH <{marker}> ;\nINSERT DATA {{ GRAPH <{marker}> {{ {record} }} }}")
    return count


def replace(
    location: StoreLocation,
    triples: Iterable[tuple[Node, Node, Node]],
    manifest: dict[str, Any] | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Replace the remote graph with ``triples``; return how many triples it holds now.

    Loads into a temporary named graph, then ``MOVE``s it onto the target in one update request. A
    failure while loading (bad data, the endpoint gone, an exception from ``triples``) drops the
    temporary graph and leaves the target untouched; see the module notes on the ``MOVE`` itself.
    """
    store = _store(location)

    def fill(temporary: str) -> None:
        for batch in _batches(triples, batch_size):
            store._update(f"INSERT DATA {{ GRAPH <{temporary}> {{\n" + "\n".join(batch) + "\n} }")

    return _fill_and_move(location, store, fill, manifest)


def read_manifest(location: StoreLocation) -> dict[str, Any]:
    """What the last :func:`replace` recorded about the remote graph; ``{}`` when nothing was."""
    base = location.graph or DEFAULT_GRAPH
    rows = _store(location)._query(
        f"SELECT ?m WHERE {{ GRAPH <{manifest_graph(location)}> {{ <{base}> <{_MANIFEST_PREDICATE}> ?m }} }}"
    )
    for row in rows:
        with contextlib.suppress(ValueError):
            return json.loads(str(row[0]))  # type: ignore[index]
    return {}


def graph_store_urls(location: StoreLocation) -> list[str]:
    """Where the endpoint's SPARQL 1.1 Graph Store HTTP Protocol may be, in the order to try them.

    ``$BINATGRAPH_SPARQL_GRAPH_STORE`` alone when set; otherwise guesses from the query URL's path:
    Virtuoso serves ``/sparql-graph-crud`` beside ``/sparql`` (``-auth`` for both with credentials),
    Fuseki ``/DATASET/data`` beside ``/DATASET/sparql`` or ``/query``, GraphDB
    ``/repositories/REPO/rdf-graphs/service`` beside ``/repositories/REPO``.

    >>> graph_store_urls(StoreLocation.parse("sparql+http://h:8890/sparql"))
    ['http://h:8890/sparql-graph-crud', 'http://h:8890/data']
    >>> graph_store_urls(StoreLocation.parse("sparql+https://h/repositories/bg"))
    ['https://h/repositories/bg/rdf-graphs/service']
    """
    explicit = os.environ.get(GRAPH_STORE_VAR)
    if explicit:
        return [explicit]
    assert location.endpoint is not None
    parts = urlsplit(location.endpoint)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    paths = []
    if last in ("sparql", "sparql-auth"):
        paths.append(f"{head}/{last.replace('sparql', 'sparql-graph-crud')}")
    if last in ("sparql", "query"):
        paths.append(f"{head}/data")
    if head.endswith("/repositories") or head == "repositories":
        paths.append(f"{path}/rdf-graphs/service")
    return [urlunsplit((parts.scheme, parts.netloc, p, "", "")) for p in paths]


def _chunks(path: Path, size: int, blanks: str) -> Iterator[list[ox.Triple]]:
    """The file's triples, parsed by Oxigraph (no rdflib objects), in lists of ``size``."""
    import pyoxigraph as ox

    from binatgraph.graph.store.embedded import DUMP_FORMATS

    fmt = DUMP_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file ending; use one of {', '.join(DUMP_FORMATS)}")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    quads = ox.parse(path=str(path), format=fmt, without_named_graphs=True)
    while True:
        try:
            chunk = [quad.triple for quad in islice(quads, size)]
        except SyntaxError as exc:  # Oxigraph reports parse errors with their line and column
            raise StoreError(f"{path}: {exc}") from exc
        if not chunk:
            return
        for triple in chunk:
            if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
                raise StoreError(f"{path}: {blanks} (found {triple})")
        yield chunk


def _post(store: RemoteStore, url: str, graph: str, body: bytes) -> None:
    """One Graph Store ``POST``: the triples are added to ``graph`` (created if it does not exist)."""
    # any answer will do (Virtuoso answers a POST into an existing graph with an HTML page, and a
    # request that accepts only SPARQL results gets 406 for it)
    store._send(f"{url}?{urlencode({'graph': graph})}", body, "text/turtle; charset=UTF-8", accept="*/*")


def load_dump(location: StoreLocation, path: Path, manifest: dict[str, Any] | None = None) -> int:
    """Replace the remote graph with an RDF file (an export, a colleague's dump); all or nothing.

    The file is parsed here by Oxigraph and sent in chunks of :data:`CHUNK_SIZE` triples as N-Triples
    (a subset of Turtle, which every Graph Store takes) into a temporary graph, through the first of
    :func:`graph_store_urls` that takes the first chunk, else as ``INSERT DATA`` batches; then the
    RDFS entailments and the derived triples are added there by two updates, unless the file holds
    the marker of today's (:func:`binatgraph.graph.derive.marker`: an export of a current build), and
    the temporary graph is moved onto the target. A failure before the move leaves the target as it
    was. Blank nodes are refused: a label means a different node in each request. Returns the number
    of triples the graph holds.
    """
    import pyoxigraph as ox

    from binatgraph.graph import derive, entail

    store = _store(location)
    marker = ox.Triple(*(ox.NamedNode(str(term)) for term in derive.marker()))
    urls = graph_store_urls(location)
    assert location.endpoint is not None and location.update_endpoint is not None
    # credentials go only to the URLs they are given for: the graph store's too
    store._http = _opener(location.endpoint, location.update_endpoint, *urls)
    explicit = bool(os.environ.get(GRAPH_STORE_VAR))
    state: dict[str, Any] = {"url": None, "materialized": False}

    def send(temporary: str, chunk: list[ox.Triple]) -> None:
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        assert body is not None  # serialize returns the bytes when given no output
        while state["url"] is None and urls:
            try:
                _post(store, urls[0], temporary, body)
            except EndpointError as exc:
                if explicit or exc.status not in _NO_GRAPH_STORE:
                    raise
                urls.pop(0)  # no graph store at this guess: try the next, then INSERT DATA
            else:
                state["url"] = urls[0]
                return
        if state["url"] is not None:
            _post(store, state["url"], temporary, body)
            return
        lines = body.decode("utf-8").splitlines()  # N-Triples lines are SPARQL INSERT DATA triples
        for start in range(0, len(lines), BATCH_SIZE):
            batch = "\n".join(lines[start : start + BATCH_SIZE])
            store._update(f"INSERT DATA {{ GRAPH <{temporary}> {{\n{batch}\n}} }}")

    def fill(temporary: str) -> None:
        for chunk in _chunks(path, CHUNK_SIZE, "blank nodes cannot be sent to an endpoint in parts"):
            state["materialized"] = state["materialized"] or marker in chunk
            send(temporary, chunk)
        if not state["materialized"]:
            # a dump from anywhere (an older build, another tool) gets what a build stores
            store._update(entail.sparql_update(graph=temporary))
            store._update(derive.sparql_update(graph=temporary))  # reads the types the entailments gave

    info = {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **(manifest or {}),
        "loaded_from": str(path),
    }
    return _fill_and_move(location, store, fill, info)


def apply_reports(
    location: StoreLocation, reports: Sequence[tuple[str, Iterable[tuple[Node, Node, Node]]]]
) -> dict[str, int]:
    """Not offered: reviewed drafts reach an endpoint through a rebuild from data/."""
    return {report_id: apply_report(location, report_id, triples) for report_id, triples in reports}


def apply_report(location: StoreLocation, report_id: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
    """Not offered: reviewed drafts reach an endpoint through a rebuild from data/."""
    raise StoreError(
        "ingest --apply writes to the embedded store; for an endpoint, apply locally and "
        "`binatgraph build --store sparql+...` from data/ with the reviewed files in it"
    )
