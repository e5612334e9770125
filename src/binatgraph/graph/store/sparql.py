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
  does).

``binatgraph export`` and ``ingest --apply`` need the embedded store (they use the engine directly).

"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
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

__all__ = [
    "BATCH_SIZE",
    "RemoteStore",
    "apply_report",
    "apply_reports",
    "load_dump",
    "manifest_graph",
    "open_graph",
    "read_manifest",
    "replace",
    "sparql_term",
]

BATCH_SIZE = 1000
TIMEOUT = 300.0
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

    def _send(self, url: str, data: bytes, content_type: str) -> tuple[bytes, str]:
        request = Request(url, data=data, headers={"Content-Type": content_type, "Accept": _ACCEPT})
        try:
            with self._http.open(request, timeout=self._timeout_seconds) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:800]
            hint = f" (set ${USER_VAR} and ${PASSWORD_VAR})" if exc.code in (401, 403) else ""
            raise StoreError(
                f"SPARQL endpoint {url} answered {exc.code} {exc.reason}{hint}: {detail}"
            ) from exc
        except (URLError, TimeoutError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def _query(
        self, query: str, default_graph: str | None = None, named_graph: str | None = None
    ) -> Result:
        self._queries += 1
        params = [("query", query)]
        if default_graph is not None and not isinstance(default_graph, BNode):
            params.append(("default-graph-uri", str(default_graph)))
        assert self.query_endpoint is not None
        body, content_type = self._send(
            self.query_endpoint, urlencode(params).encode("utf-8"), "application/x-www-form-urlencoded"
        )
        return Result.parse(BytesIO(body), content_type=content_type.split(";")[0].strip())

    def _update(self, update: str) -> None:
        self._updates += 1
        assert self.update_endpoint is not None
        self._send(self.update_endpoint, update.encode("utf-8"), "application/sparql-update; charset=UTF-8")


def _store(location: StoreLocation) -> RemoteStore:
    assert location.endpoint is not None and location.update_endpoint is not None
    return RemoteStore(location.endpoint, location.update_endpoint)


@contextlib.contextmanager
def open_graph(location: StoreLocation, *, read_only: bool = True) -> Iterator[Graph]:
    """An rdflib ``Graph`` over the endpoint's graph; queries see that graph as their default graph."""
    identifier = URIRef(location.graph) if location.graph else DATASET_DEFAULT_GRAPH_ID
    graph = bind_prefixes(Graph(store=_store(location), identifier=identifier))
    try:
        yield graph
    finally:
        graph.close()


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
    base = location.graph or DEFAULT_GRAPH
    temporary = f"{base}/load/{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    try:
        for batch in _batches(triples, batch_size):
            store._update(f"INSERT DATA {{ GRAPH <{temporary}> {{\n" + "\n".join(batch) + "\n} }")
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
    record = f"<{base}> <{_MANIFEST_PREDICATE}> {sparql_term(Literal(info))}"
    store._update(f"DROP SILENT GRAPH <{marker}> ;\nINSERT DATA {{ GRAPH <{marker}> {{ {record} }} }}")
    return count


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


def load_dump(location: StoreLocation, path: Path, manifest: dict[str, Any] | None = None) -> int:
    """Not offered: a dump goes into an endpoint through the server's own bulk loader."""
    raise StoreError("load needs the embedded store (a folder or `memory`), not an endpoint")


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
