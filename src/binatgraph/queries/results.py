"""SPARQL results in the W3C formats and as rows people read: shared by ``binatgraph query`` and the endpoint.

:func:`execute` runs one query on an Oxigraph store and serialises the answer in a SPARQL results
format (:data:`RESULT_TYPES`) or an RDF format (:data:`GRAPH_TYPES`), cut at ``max_rows``; the
endpoint's worker processes (:mod:`binatgraph.serve.runner`) call it, and so does the CLI, which
never loads the web server. :func:`readable` is the table form: prefixed names, numbers as
numbers, long text cut.

>>> store = ox.Store()
>>> readable(store, "SELECT ?x ?n WHERE { VALUES (?x ?n) { (person:ana 2) } }").rows
[{'x': 'person:ana', 'n': 2}]
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

from binatgraph.queries import QueryError
from binatgraph.schema.prefixes import prefix_map, shorten

__all__ = [
    "CELL",
    "FORMATS",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "QueryOutcome",
    "Readable",
    "execute",
    "readable",
    "readable_answer",
    "run",
]

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
FORMATS = (*RESULT_TYPES, *GRAPH_TYPES)
"""Every format :func:`run` writes: a SPARQL results format for SELECT and ASK, an RDF one for graphs."""
_PREFIXES = prefix_map()
_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
}
CELL = 48
"""The widest cell :func:`readable` keeps (longer text is cut with an ellipsis): rows fit 100 columns."""


@dataclass(frozen=True)
class QueryOutcome:
    """The answer to a SPARQL request: status, content type, body, whether rows were cut."""

    status: int  # HTTP status: 200, 400 (bad query), 503 (timeout)
    content_type: str
    body: bytes
    truncated: bool = False


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
    rows: list[list[Any]] = []
    truncated = False
    for solution in result:
        if len(rows) == max_rows:
            truncated = True
            break
        rows.append([solution[name] for name in names])
    if fmt == "json":
        bindings = [
            {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
        ]
        json_head: dict[str, Any] = {"vars": names}
        if truncated:  # SPARQL JSON allows extra keys in head: say the rows were cut, and where
            json_head |= {"truncated": True, "limit": max_rows}
        return json.dumps({"head": json_head, "results": {"bindings": bindings}}).encode(), truncated
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

    ``fmt`` is the results format the client takes, ``graph_fmt`` the graph format (None: the default
    of the kind, JSON or Turtle). A client that named only formats of the other kind (Turtle for a
    SELECT, CSV for a CONSTRUCT) gets 406, never another format.

    >>> outcome = execute(ox.Store(), "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", "csv", None, 2)
    >>> outcome.body, outcome.truncated
    (b'x\\r\\n1\\r\\n2\\r\\n', True)
    """
    try:
        result = store.query(query, prefixes=_PREFIXES)
        graph = not isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        if (fmt is None and graph_fmt is not None and not graph) or (graph and fmt and not graph_fmt):
            return _not_acceptable(result, fmt or graph_fmt or "")
        if isinstance(result, ox.QuerySolutions):
            fmt = fmt or "json"
            body, truncated = _solutions(result, fmt, max_rows)
            return QueryOutcome(200, RESULT_TYPES[fmt], body, truncated)
        if isinstance(result, ox.QueryBoolean):
            fmt = "xml" if fmt == "xml" else "json"
            return QueryOutcome(200, RESULT_TYPES[fmt], _boolean(bool(result), fmt))
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == max_rows:
                break
            triples.append(triple)
        content_type, rdf_format = GRAPH_TYPES[graph_fmt or "turtle"]
        body = (ox.serialize(triples, format=rdf_format, prefixes=_PREFIXES) or b"") if triples else b""
        return QueryOutcome(200, content_type, body, len(triples) == max_rows)
    except SyntaxError as exc:
        return QueryOutcome(400, "text/plain; charset=utf-8", f"SPARQL syntax {exc}".encode())
    except (OSError, RuntimeError, ValueError) as exc:
        return QueryOutcome(400, "text/plain; charset=utf-8", f"query failed: {exc}".encode())


def _not_acceptable(result: Any, asked: str) -> QueryOutcome:
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        form = "a SELECT" if isinstance(result, ox.QuerySolutions) else "an ASK"
        kinds = ", ".join(RESULT_TYPES.values())
    else:
        form, kinds = "a CONSTRUCT or DESCRIBE", ", ".join(media for media, _ in GRAPH_TYPES.values())
    text = f"{asked} does not fit {form}, which answers in {kinds}"
    return QueryOutcome(406, "text/plain; charset=utf-8", text.encode())


def run(store: ox.Store, query: str, fmt: str, max_rows: int | None = None) -> QueryOutcome:
    """Run ``query`` and write its answer in ``fmt`` (one of :data:`FORMATS`), every row unless capped.

    A SELECT or ASK answers in a results format, a CONSTRUCT or DESCRIBE in a graph format; asking for
    the other kind is a :class:`QueryError` that says which formats fit, never a silent swap. An ASK in
    CSV or TSV is one ``answer`` column.

    >>> run(ox.Store(), "ASK { ?s ?p ?o }", "csv").body
    b'answer\\r\\nfalse\\r\\n'
    >>> run(ox.Store(), "SELECT * WHERE { ?s ?p ?o }", "turtle")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    binatgraph.queries.QueryError: -f turtle is a graph format, for CONSTRUCT and DESCRIBE; a SELECT ...
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    try:
        result = store.query(query, prefixes=_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    cap = max_rows if max_rows is not None else 2**62
    results = " or ".join([", ".join(list(RESULT_TYPES)[:-1]), list(RESULT_TYPES)[-1]])
    graphs = " or ".join([", ".join(list(GRAPH_TYPES)[:-1]), list(GRAPH_TYPES)[-1]])
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        form = "a SELECT" if isinstance(result, ox.QuerySolutions) else "an ASK"
        if fmt in GRAPH_TYPES:
            raise QueryError(
                f"-f {fmt} is a graph format, for CONSTRUCT and DESCRIBE; {form} answers in {results}"
            )
        if isinstance(result, ox.QueryBoolean):
            value = str(bool(result)).lower()
            if fmt in ("csv", "tsv"):
                text = f"answer\r\n{value}\r\n" if fmt == "csv" else f"?answer\n{value}\n"
                return QueryOutcome(200, RESULT_TYPES[fmt], text.encode())
            return QueryOutcome(200, RESULT_TYPES[fmt], _boolean(bool(result), fmt))
        body, truncated = _solutions(result, fmt, cap)
        return QueryOutcome(200, RESULT_TYPES[fmt], body, truncated)
    if fmt in RESULT_TYPES:
        raise QueryError(f"-f {fmt} is a results format, for SELECT and ASK; a CONSTRUCT answers in {graphs}")
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) == cap:
            break
        triples.append(triple)
    content_type, rdf_format = GRAPH_TYPES[fmt]
    body = (ox.serialize(triples, format=rdf_format, prefixes=_PREFIXES) or b"") if triples else b""
    return QueryOutcome(200, content_type, body, len(triples) == cap)


@dataclass(frozen=True)
class Readable:
    """A query's answer for a table: ``rows`` for SELECT and ASK, Turtle ``graph`` bytes otherwise."""

    rows: list[dict[str, str | int | float | bool]]
    graph: bytes | None = None


def _cell(term: Any) -> str | int | float:
    """A term as a person reads it: prefixed name, number, or text cut at :data:`CELL` characters."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMBERS:
        try:
            return _NUMBERS[term.datatype.value](term.value)
        except ValueError:  # an ill-typed literal stays as it was written
            return term.value
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    value = str(term.value)
    return value if len(value) <= CELL else value[: CELL - 1] + "…"


def _json_cell(term: dict[str, str] | None) -> str | int | float:
    if term is None:
        return ""
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return _cell(ox.NamedNode(value))
    if kind == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return _cell(ox.Literal(value, language=term["xml:lang"]))
    datatype = term.get("datatype")
    return _cell(ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value))


def readable_answer(body: bytes, media_type: str) -> Readable:
    """A SPARQL endpoint's answer (SPARQL JSON results, or Turtle for a graph) as :func:`readable` gives
    an embedded store's, so ``binatgraph query`` prints the same table from either.

    >>> body = b'{"head": {"vars": ["x", "n"]}, "results": {"bindings": [{"x": {"type": "uri",'
    >>> body += b' "value": "https://w3id.org/binatgraph/id/person/ana"}, "n": {"type": "literal",'
    >>> body += b' "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    >>> readable_answer(body, "application/sparql-results+json").rows
    [{'x': 'person:ana', 'n': 2}]
    """
    if media_type != RESULT_TYPES["json"]:
        return Readable([], body)
    try:
        answer = json.loads(body)
    except ValueError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from exc
    if "boolean" in answer:
        return Readable([{"answer": bool(answer["boolean"])}])
    names = answer.get("head", {}).get("vars", [])
    bindings = answer.get("results", {}).get("bindings", [])
    return Readable([{n: _json_cell(row.get(n)) for n in names} for row in bindings])


def readable(store: ox.Store, query: str) -> Readable:
    """Run ``query`` (project prefixes need no PREFIX lines) for a table; QueryError on a bad query."""
    try:
        result = store.query(query, prefixes=_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return Readable([{"answer": bool(result)}])
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Readable([{n: _cell(s[n]) for n in names} for s in result])
    return Readable([], ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES) or b"")
