"""RDFS entailments the store holds as plain triples, so queries need no reasoner on any server.

Analysts write ``?e a schema:Event``, ``?o a org:Organization`` or ``?e sem:hasActor ?x``; the data
asserts ``bg:Visit``, ``bg:DialogueMechanism`` and ``bg:participation``, subclasses and
subproperties of those in ``ontology/binatgraph.ttl``. Neither Oxigraph nor Virtuoso (by default)
reasons, so the graph is *materialized*: every triple the two RDFS rules below derive is stored
beside the asserted ones.

- rdfs9 (types through ``rdfs:subClassOf``): ``?x a C`` and ``C rdfs:subClassOf+ D`` give ``?x a D``;
- rdfs7 (super-properties through ``rdfs:subPropertyOf``): ``?s p ?o`` and ``p rdfs:subPropertyOf+ q``
  give ``?s q ?o``.

Both hierarchies are read from the ontology once, closed transitively (only named classes and
properties; the ontology declares only its own terms' superclasses). Nothing else is derived:
no ``rdfs:domain``/``rdfs:range`` types, no reflexive or transitive ``rdfs:subClassOf`` triples
in the ontology itself, no OWL.

Two equivalent ways to apply them, giving the same graph:

- :func:`entailed` wraps a stream of triples (a build, an applied report) and yields each
  triple followed by what it entails — streaming, deterministic, no graph in memory;
- :func:`sparql_update` is one SPARQL 1.1 Update that adds the same triples to a store already
  holding the data (a loaded dump; any endpoint). Running it twice changes nothing.

>>> from rdflib import RDF, URIRef
>>> from binatgraph.schema.vocab import BG
>>> visit = URIRef("https://w3id.org/binatgraph/id/event/x-01")
>>> sorted(o.n3() for _, _, o in entailed([(visit, RDF.type, BG.Visit)]))  # doctest: +NORMALIZE_WHITESPACE
['<http://semanticweb.cs.vu.nl/2009/11/sem/Event>', '<https://schema.org/Event>',
 '<https://w3id.org/binatgraph/ontology#Visit>']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.term import Node

__all__ = ["Hierarchy", "entailed", "hierarchy", "sparql_update"]

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Hierarchy:
    """Every strict superclass of each class, and super-property of each property, sorted."""

    superclasses: Mapping[Node, tuple[URIRef, ...]]
    superproperties: Mapping[Node, tuple[URIRef, ...]]

    def pairs(self) -> Iterator[tuple[str, Node, URIRef]]:
        """``("class" | "property", sub, super)`` for every entailing pair, in a stable order."""
        for kind, table in (("property", self.superproperties), ("class", self.superclasses)):
            for sub in sorted(table, key=str):
                for sup in table[sub]:
                    yield kind, sub, sup


def _closure(graph: Graph, relation: URIRef) -> dict[Node, tuple[URIRef, ...]]:
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(relation):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            direct.setdefault(sub, set()).add(sup)
    closed: dict[Node, tuple[URIRef, ...]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = tuple(sorted(seen))
    return closed


def hierarchy(ontology: Graph | None = None) -> Hierarchy:
    """The closed class and property hierarchies of ``ontology`` (the project's, by default)."""
    if ontology is None:
        return _project_hierarchy()
    return Hierarchy(_closure(ontology, RDFS.subClassOf), _closure(ontology, RDFS.subPropertyOf))


@cache
def _project_hierarchy() -> Hierarchy:
    from binatgraph.schema.resources import load_ontology

    return hierarchy(load_ontology())


def entailed(triples: Iterable[Triple], rules: Hierarchy | None = None) -> Iterator[Triple]:
    """Each triple of ``triples``, followed by the triples it entails (see the module notes).

    Repeats are possible (two subclasses of one class); a graph or the bulk loader keeps one.
    """
    rules = rules or hierarchy()
    classes, properties = rules.superclasses, rules.superproperties
    for triple in triples:
        yield triple
        subject, predicate, obj = triple
        for sup in properties.get(predicate, ()):
            yield subject, sup, obj
            if sup == RDF.type:
                yield from ((subject, RDF.type, c) for c in classes.get(obj, ()))
        if predicate == RDF.type:
            for sup in classes.get(obj, ()):
                yield subject, RDF.type, sup


def sparql_update(rules: Hierarchy | None = None, graph: str | None = None) -> str:
    """One SPARQL 1.1 Update adding every entailed triple to ``graph`` (the default graph if None).

    Super-properties first, then types, so a type a super-property asserts is closed too.

    >>> print(sparql_update().splitlines()[0])
    INSERT { ?s ?super ?o } WHERE {
    """
    rules = rules or hierarchy()
    by_kind: dict[str, list[str]] = {"property": [], "class": []}
    for kind, sub, sup in rules.pairs():
        by_kind[kind].append(f"    ({sub.n3()} {sup.n3()})")
    open_graph, close_graph = (f"GRAPH <{graph}> {{ ", " }") if graph else ("", "")
    operations = []
    if by_kind["property"]:
        values = "\n".join(by_kind["property"])
        operations.append(
            f"INSERT {{ {open_graph}?s ?super ?o{close_graph} }} WHERE {{\n"
            f"  VALUES (?sub ?super) {{\n{values}\n  }}\n"
            f"  {open_graph}?s ?sub ?o{close_graph}\n}}"
        )
    if by_kind["class"]:
        values = "\n".join(by_kind["class"])
        operations.append(
            f"INSERT {{ {open_graph}?s a ?super{close_graph} }} WHERE {{\n"
            f"  VALUES (?sub ?super) {{\n{values}\n  }}\n"
            f"  {open_graph}?s a ?sub{close_graph}\n}}"
        )
    return " ;\n".join(operations)
