"""A named query's entity parameters given as names: ``person="Roberto Velasco"``, ``institution=HLED``.

Analysts know people and bodies by name, alias or acronym, not by id. :func:`bind_names` turns each
``iri`` parameter's value into the IRI of the one entity it names in the store (accents, case and
punctuation ignored, as the gazetteer compares names); an id or IRI is checked to exist. A value that
names nothing is an error with the closest names; one that names several asks for an id.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.update('INSERT DATA { <https://w3id.org/binatgraph/id/person/ana-ruiz> '
...              '<http://www.w3.org/2000/01/rdf-schema#label> "Ana María Ruiz" }')
>>> from binatgraph.queries import find
>>> query = find("person-profile")
>>> bind_names(store, query, {"person": "ana maria ruiz"})
{'person': 'https://w3id.org/binatgraph/id/person/ana-ruiz'}
>>> bind_names(store, query, {"person": "Ana Ruis"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
binatgraph.queries.QueryError: parameter person: nothing in the graph is called 'Ana Ruis'; did you mean ...
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict

import pyoxigraph as ox

from binatgraph.queries import NamedQuery, QueryError, QueryParam, iri_value
from binatgraph.records.gazetteer import normalize
from binatgraph.schema import ids
from binatgraph.schema.prefixes import PREFIXES

__all__ = ["bind_names"]

_LABELS = """
SELECT ?x ?name WHERE {
  ?x <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name .
  FILTER(isIRI(?x) && STRSTARTS(STR(?x), %s))
}"""


def _namespace(param: QueryParam) -> str:
    """Where the parameter's entities live: the namespace of its default's prefix, else every resource."""
    if param.default and ":" in param.default:
        prefix = param.default.split(":", 1)[0]
        if prefix in PREFIXES:
            return str(PREFIXES[prefix])
    return str(PREFIXES["bgr"])


def _exists(store: ox.Store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"))


def _names(store: ox.Store, namespace: str) -> dict[str, set[str]]:
    """Every name (label or alias) of the entities under ``namespace``, normalised, with their IRIs."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_LABELS % json.dumps(namespace)):  # type: ignore[union-attr]
        found[str(row["name"].value)].add(row["x"].value)
    return found


def _hits(names: dict[str, set[str]], wanted: str) -> list[str]:
    return sorted({x for name, iris in names.items() if normalize(name) == wanted for x in iris})


def _is_entity(iri: str) -> bool:
    """A gazetteer entity's IRI (not an event's, a report's or a participation's)."""
    found = ids.parse(iri)
    return found is not None and found[0] not in ("event", "report")


def bind_names(store: ox.Store, query: NamedQuery, params: dict[str, str]) -> dict[str, str]:
    """``params`` with each entity parameter resolved to an IRI that exists in ``store``."""
    out = dict(params)
    for param in query.params:
        if param.kind != "iri" or param.name not in params:
            continue
        value = params[param.name]
        try:
            iri = iri_value(param, value)
        except QueryError:
            iri = None
        if iri is not None and _exists(store, iri):
            out[param.name] = iri
            continue
        wanted = normalize(value)
        names = _names(store, _namespace(param))
        hits = _hits(names, wanted)
        if not hits:
            # a parameter that takes "a person, organization, institution…" names any entity
            names = {
                n: {x for x in iris if _is_entity(x)}
                for n, iris in _names(store, str(PREFIXES["bgr"])).items()
            }
            hits = _hits(names, wanted)
        if len(hits) == 1:
            out[param.name] = hits[0]
            continue
        if len(hits) > 1:
            listed = ", ".join(hits)
            raise QueryError(
                f"parameter {param.name}: '{value}' names {len(hits)} entities ({listed}); give an id"
            )
        by_key = {normalize(name): name for name in names}
        close = difflib.get_close_matches(wanted, list(by_key), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(by_key[c] for c in close)}?" if close else ""
        raise QueryError(f"parameter {param.name}: nothing in the graph is called '{value}'{hint}")
    return out
