"""SPARQL into a pandas DataFrame: the one call a notebook needs, like kglab's ``query_as_df``.

:func:`sparql` takes SPARQL text written with the project prefixes (``schema:``, ``bg:``,
``person:``… need no PREFIX lines) or the name of a named query with its parameters, runs it on a
store, and returns a DataFrame:

- **SELECT**: one column per projected variable, in the query's order; an unbound value is ``None``.
- **ASK**: one row, one column ``answer`` holding ``True`` or ``False``.
- **CONSTRUCT** and **DESCRIBE**: one row per triple, columns ``subject``, ``predicate``, ``object``.

IRIs come back shortened as the CLI prints them (``person:marcelo-ebrard``, see
:func:`binatgraph.schema.prefixes.shorten`) unless ``shorten=False``; numbers (``xsd:integer``,
``xsd:decimal``, ``xsd:double`` and the types derived from them) as Python numbers, booleans as
``bool``; every other literal, dates included, as its lexical form (a string), blank nodes as
``_:id``.

The store is the one the setting names (``$BINATGRAPH_STORE``, else ``.binatgraph/store``) unless
``store`` says otherwise: a setting (``"memory"``, a folder, ``sparql+http://…``), a
:class:`~binatgraph.graph.store.StoreLocation`, or a graph already open (any rdflib ``Graph``, such
as one from :func:`~binatgraph.graph.store.open_graph`).

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
...     @prefix schema: <https://schema.org/> .
...     <https://w3id.org/binatgraph/id/person/ana> a schema:Person ; schema:name "Ana" .
...     <https://w3id.org/binatgraph/id/person/ben> a schema:Person ; schema:name "Ben" .
... ''')
>>> sparql("SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name", g)
            p name
0  person:ana  Ana
1  person:ben  Ben
>>> sparql("SELECT (COUNT(?p) AS ?people) WHERE { ?p a schema:Person }", g).to_dict("records")
[{'people': 2}]
>>> sparql("ASK { person:ana schema:name 'Ana' }", g)
   answer
0    True
>>> sparql("CONSTRUCT { ?p schema:name ?n } WHERE { ?p schema:name ?n }", g, shorten=False).columns.tolist()
['subject', 'predicate', 'object']

A named query takes its parameters as keywords (``binatgraph queries`` lists them), checked and
written into the query by :func:`binatgraph.queries.prepare`; ``from_`` stands for ``from``, a
Python keyword::

    sparql("mechanism-participants", institution="bicentennial-framework")
    sparql("events-in-range", from_="2023-04-01", to="2023-04-30")
"""

from __future__ import annotations

import keyword
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef

from binatgraph.graph.store import StoreLocation, engine, open_graph
from binatgraph.queries import QueryError, query_text, with_prefixes
from binatgraph.schema.prefixes import shorten as shorten_iri

if TYPE_CHECKING:
    from rdflib.query import Result

__all__ = ["TRIPLE_COLUMNS", "sparql"]

TRIPLE_COLUMNS = ["subject", "predicate", "object"]
"""The columns of the frame a CONSTRUCT or DESCRIBE query returns."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{_XSD}{name}"
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}  # fmt: skip
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}
_BOOLEAN = f"{_XSD}boolean"

StoreLike = str | os.PathLike[str] | StoreLocation | Graph | None
"""What ``store`` takes: a setting, a location, an open graph, or ``None`` for the default store."""


def _number(lexical: str, datatype: str) -> Any:
    """A literal's Python value when it is a number or a boolean, else its lexical form."""
    try:
        if datatype in _INTEGERS:
            return int(lexical)
        if datatype in _FLOATS:
            return float(lexical)
    except ValueError:  # an ill-typed literal stays as it was written
        return lexical
    if datatype == _BOOLEAN:
        return lexical.strip() in ("true", "1")
    return lexical


def _ox_cell(term: Any, short: bool) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return shorten_iri(term.value) if short else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _number(term.value, term.datatype.value)
    return str(term)  # a quoted triple (RDF-star)


def _rdflib_cell(term: Any, short: bool) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return shorten_iri(str(term)) if short else str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return _number(str(term), str(term.datatype or f"{_XSD}string"))
    return str(term)


def _text(query: str | Path, params: dict[str, str]) -> str:
    """The runnable query text: a named query prepared with ``params``, or free text with prefixes."""
    if isinstance(query, Path):
        if params:
            raise QueryError(f"parameters ({', '.join(sorted(params))}) are for named queries")
        return with_prefixes(query.read_text(encoding="utf-8"))
    # the same reading of a query as `binatgraph query`'s: SPARQL text, an .rq file or a name
    return with_prefixes(query_text(query.strip(), params))


def _params(given: dict[str, Any]) -> dict[str, str]:
    # `from_` for `from`: a trailing underscore is how Python spells a keyword used as a name
    return {
        name[:-1] if name.endswith("_") and keyword.iskeyword(name[:-1]) else name: str(value)
        for name, value in given.items()
    }


def _ox_frame(store: ox.Store, text: str, short: bool) -> pd.DataFrame:
    try:
        result = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"answer": [bool(result)]})
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        width = len(columns)
        rows = [[_ox_cell(row[i], short) for i in range(width)] for row in result]
        return pd.DataFrame(rows, columns=columns)
    rows = [[_ox_cell(term, short) for term in (t.subject, t.predicate, t.object)] for t in result]
    return pd.DataFrame(rows, columns=TRIPLE_COLUMNS)


def _rdflib_frame(graph: Graph, text: str, short: bool) -> pd.DataFrame:
    try:
        result: Result = graph.query(text)
    except ParseException as exc:  # rdflib's parser is pyparsing
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if result.type == "ASK":
        return pd.DataFrame({"answer": [bool(result.askAnswer)]})
    if result.type == "SELECT":
        columns = [str(v) for v in result.vars or []]
        rows = [[_rdflib_cell(term, short) for term in row] for row in result]  # type: ignore[union-attr]
        return pd.DataFrame(rows, columns=columns)
    triples: Iterable[Any] = result.graph if result.graph is not None else []
    rows = [[_rdflib_cell(term, short) for term in triple] for triple in triples]
    return pd.DataFrame(rows, columns=TRIPLE_COLUMNS)


def _run(graph: Graph, text: str, short: bool) -> pd.DataFrame:
    if isinstance(graph.store, OxigraphStore):
        # the engine answers in its own terms: no conversion of every term to rdflib objects
        return _ox_frame(engine(graph), text, short)
    return _rdflib_frame(graph, text, short)


def sparql(
    query: str | Path, store: StoreLike = None, *, shorten: bool = True, **params: Any
) -> pd.DataFrame:
    """Run SPARQL text (project prefixes built in) or a named query on a store; a DataFrame back.

    ``query`` is SELECT, ASK, CONSTRUCT or DESCRIBE text, a ``Path`` to an ``.rq`` file, or the
    name of a named query, whose parameters ``params`` bind (names, ids and IRIs as
    :func:`binatgraph.queries.prepare` takes them). ``shorten=False`` keeps IRIs whole. A bad name,
    parameter or syntax raises :class:`binatgraph.queries.QueryError`; see the module's
    documentation for the shape of the frame each kind of query returns.
    """
    text = _text(query, _params(params))
    if isinstance(store, Graph):
        return _run(store, text, shorten)
    location = store if isinstance(store, StoreLocation) else StoreLocation.parse(store)
    with open_graph(location) as graph:
        return _run(graph, text, shorten)
