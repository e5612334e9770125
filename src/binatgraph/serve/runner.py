"""Running SPARQL for the endpoint: worker processes, a hard timeout, a result cap, W3C result formats.

Oxigraph cannot cancel a query from Python, so each query runs in one of a few worker processes
that hold a read-only handle on the store. A query past the timeout gets its worker killed and
replaced; the server and the other workers go on serving. Results are written by the worker in the
format the client asked for, stopping at ``max_rows`` (the response then says it was truncated).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

from binatgraph.schema.prefixes import prefix_map

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "QueryOutcome", "QueryRunner", "execute"]

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
}
_PREFIXES = prefix_map()


@dataclass(frozen=True)
class QueryOutcome:
    status: int  # HTTP status: 200, 400 (bad query), 503 (timeout)
    content_type: str
    body: bytes
    truncated: bool = False


# --- serialising results (in the worker) --------------------------------------------------------


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = f' xml:lang="{escape(term.language)}"' if term.language else ""
    if not term.language and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attrs = f' datatype="{escape(term.datatype.value)}"'
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def _solutions(result: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    names = [v.value for v in result.variables]
    rows, truncated = [], False
    for solution in result:
        if len(rows) == max_rows:
            truncated = True
            break
        rows.append([solution[name] for name in names])
    if fmt == "json":
        bindings = [
            {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode(), truncated
    if fmt == "xml":
        head = "".join(f'<variable name="{escape(n)}"/>' for n in names)
        body = "".join(
            "<result>"
            + "".join(
                f'<binding name="{escape(n)}">{_xml_term(t)}</binding>'
                for n, t in zip(names, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        xml = (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
            f"<results>{body}</results></sparql>"
        )
        return xml.encode(), truncated
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if t is None else t.value for t in row] for row in rows])
    else:  # tsv: terms in their N-Triples form, as the spec asks
        out.write("\t".join(f"?{n}" for n in names) + "\n")
        out.writelines("\t".join("" if t is None else str(t) for t in row) + "\n" for row in rows)
    return out.getvalue().encode(), truncated


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(value).lower()}</boolean></sparql>"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def execute(
    store: ox.Store, query: str, fmt: str | None, graph_fmt: str | None, max_rows: int
) -> QueryOutcome:
    """Run one query on ``store`` and serialise it; a syntax error becomes a 400 with its position.

    >>> outcome = execute(ox.Store(), "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", "csv", None, 2)
    >>> outcome.body, outcome.truncated
    (b'x\\r\\n1\\r\\n2\\r\\n', True)
    """
    try:
        result = store.query(query, prefixes=_PREFIXES)
        if isinstance(result, ox.QuerySolutions):
            fmt = fmt or "json"
            body, truncated = _solutions(result, fmt, max_rows)
            return QueryOutcome(200, RESULT_TYPES[fmt], body, truncated)
        if isinstance(result, ox.QueryBoolean):
            fmt = "xml" if fmt == "xml" else "json"
            return QueryOutcome(200, RESULT_TYPES[fmt], _boolean(bool(result), fmt))
        triples = []
        for triple in result:
            if len(triples) == max_rows:
                break
            triples.append(triple)
        content_type, rdf_format = GRAPH_TYPES[graph_fmt or "turtle"]
        body = ox.serialize(triples, format=rdf_format, prefixes=_PREFIXES) if triples else b""
        return QueryOutcome(200, content_type, body or b"", len(triples) == max_rows)
    except SyntaxError as exc:
        return QueryOutcome(400, "text/plain; charset=utf-8", f"SPARQL syntax {exc}".encode())
    except (OSError, RuntimeError, ValueError) as exc:
        return QueryOutcome(400, "text/plain; charset=utf-8", f"query failed: {exc}".encode())


# --- worker processes ---------------------------------------------------------------------------


def _worker_main(database: str, conn: Connection) -> None:
    store = ox.Store.read_only(database)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, *request))


class _Worker:
    def __init__(self, database: str) -> None:
        self.conn, child = mp.get_context("spawn").Pipe()
        self.process = mp.get_context("spawn").Process(
            target=_worker_main, args=(database, child), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryRunner:
    """A small pool of worker processes over a read-only store, each query bounded in time and size."""

    def __init__(
        self, database: Path, *, workers: int = 2, timeout: float = 30.0, max_rows: int = 10_000
    ) -> None:
        self.database, self.timeout, self.max_rows = str(database), timeout, max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.database)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, query: str, fmt: str | None = None, graph_fmt: str | None = None) -> QueryOutcome:
        worker = self._idle.get()
        worker.conn.send((query, fmt, graph_fmt, self.max_rows))
        if worker.conn.poll(self.timeout):
            try:
                outcome: QueryOutcome = worker.conn.recv()
            except EOFError:
                outcome = QueryOutcome(500, "text/plain; charset=utf-8", b"the query worker stopped")
                self._replace(worker)
                return outcome
            self._idle.put(worker)
            return outcome
        self._replace(worker)
        message = f"query timed out after {self.timeout:g} s; narrow it or add a LIMIT"
        return QueryOutcome(503, "text/plain; charset=utf-8", message.encode())

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.remove(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()
