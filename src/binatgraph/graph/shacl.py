"""SHACL validation of a built graph against ``ontology/shapes.ttl``, as SPARQL on Oxigraph.

Each constraint of the shapes is translated once into a SPARQL SELECT whose rows are the focus
nodes that break it (:func:`constraints`), and run on an Oxigraph store holding the graph with its
RDFS entailments materialized (:mod:`binatgraph.graph.entail`): a ``bg:Visit`` is stored as a
``schema:Event`` too, so no reasoner is needed. :func:`check_store` validates a store (the build's
path: 100k events in seconds, where pyshacl with RDFS inference took minutes per 10k);
:func:`check` an rdflib graph, materialized with the ontology into a scratch in-memory store.
Messages are the shapes' ``sh:message`` texts, with ``{?var}`` filled in from the query's row.

:func:`check_pyshacl` runs pyshacl with RDFS inference, the reference the tests compare against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from binatgraph.schema.resources import load_ontology, load_shapes

__all__ = [
    "Constraint",
    "ShaclResult",
    "UnsupportedShapeError",
    "Violation",
    "check",
    "check_pyshacl",
    "check_store",
    "constraints",
]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the focus node, the property path, the message and its severity."""

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class ShaclResult:
    """Whether a graph conforms to the shapes, and every violation, sorted."""

    conforms: bool
    violations: tuple[Violation, ...]


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return "" if node is None else str(node)


def check(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclResult:
    """Validate ``data`` (asserted triples; the ontology's entailments are added to a scratch copy).

    Returns whether it conforms and every violation, sorted.

    >>> from rdflib import Graph
    >>> check(Graph()).conforms
    True
    """
    from binatgraph.graph.entail import entailed, hierarchy
    from binatgraph.graph.store.embedded import ntriples_line

    ontology = ontology if ontology is not None else load_ontology()
    rules = hierarchy(ontology) if ontology is not load_ontology() else None
    text = "".join(ntriples_line(*t) for t in entailed([*data, *ontology], rules))
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return check_store(store, shapes=shapes)


def check_pyshacl(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclResult:
    """Validate ``data`` with pyshacl and RDFS inference over the ontology (slow; the reference)."""
    from pyshacl import validate

    conforms, results, _ = validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ontology if ontology is not None else load_ontology(),
        inference="rdfs",
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        violations.append(
            Violation(
                focus=_short(data, results.value(result, SH.focusNode)),
                path=_short(data, results.value(result, SH.resultPath)),
                message="; ".join(sorted(messages)) or "constraint violated",
                severity=_short(results, results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return ShaclResult(bool(conforms), tuple(sorted(violations)))


# --- the shapes as SPARQL over the store ------------------------------------------------------

# Keys of a shape that are not constraints of their own (or are read together with another key).
_NOT_CONSTRAINTS = {
    SH.message,
    SH.name,
    SH.description,
    SH.severity,
    SH.order,
    SH.group,
    SH.path,
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.property,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.sparql,
    SH.deactivated,
}
_VALUE_TESTS = {SH["class"], SH.datatype, SH["in"], SH.hasValue, SH.nodeKind, SH.pattern, SH["or"]}


class UnsupportedShapeError(ValueError):
    """The shapes use a SHACL feature that :func:`constraints` does not translate to SPARQL."""


@dataclass(frozen=True)
class Constraint:
    """One constraint of the shapes as a SELECT over the store: each row (``?this``) is a violation."""

    query: str
    path: str
    message: str
    severity: str


def _term(node: Node) -> str:
    if isinstance(node, URIRef | Literal):
        return node.n3()
    raise UnsupportedShapeError(f"blank node {node} where a term is expected")


def _path(shapes: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, path)) + ")"
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return f"^{_path(shapes, inverse)}"
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := shapes.value(path, key)) is not None:
            return f"({_path(shapes, inner)}){suffix}"
    raise UnsupportedShapeError(f"property path {path} is not one the SPARQL validator translates")


def _test(shapes: Graph, key: Node, value: Node, var: str) -> str:
    """A FILTER expression: the node in ``var`` passes one value constraint."""
    if key == SH["class"]:
        return f"EXISTS {{ {var} a {_term(value)} }}"  # types are materialized: no subClassOf walk
    if key == SH.datatype:
        return f"(isLiteral({var}) && datatype({var}) = {_term(value)})"
    if key == SH["in"]:
        return f"({var} IN ({', '.join(_term(v) for v in Collection(shapes, value))}))"
    if key == SH.hasValue:
        return f"({var} = {_term(value)})"
    kinds: dict[Node, str] = {SH.IRI: "isIRI", SH.Literal: "isLiteral", SH.BlankNode: "isBlank"}
    if key == SH.nodeKind and value in kinds:
        return f"{kinds[value]}({var})"
    if key == SH.pattern:
        return f"REGEX(STR({var}), {_term(value)})"
    if key == SH["or"]:
        return "(" + " || ".join(_conforms(shapes, m, var) for m in Collection(shapes, value)) + ")"
    raise UnsupportedShapeError(f"{key} is not a constraint the SPARQL validator translates")


def _conforms(shapes: Graph, shape: Node, var: str) -> str:
    """A FILTER expression: the node in ``var`` conforms to ``shape`` (a member of sh:or, a
    qualified value shape): value tests, or a property shape with sh:minCount 1 / sh:hasValue."""
    tests: list[str] = []
    path = shapes.value(shape, SH.path)
    for key, value in sorted(shapes.predicate_objects(shape)):
        if key in _NOT_CONSTRAINTS:
            continue
        if path is None:
            tests.append(_test(shapes, key, value, var))
        elif key == SH.minCount and int(value) == 1:  # type: ignore[call-overload]
            tests.append(f"EXISTS {{ {var} {_path(shapes, path)} ?_any }}")
        elif key == SH.hasValue:
            tests.append(f"EXISTS {{ {var} {_path(shapes, path)} {_term(value)} }}")
        else:
            raise UnsupportedShapeError(f"{key} on a property shape inside sh:or or a qualified shape")
    return "(" + (" && ".join(tests) or "true") + ")"


def _targets(shapes: Graph, shape: Node) -> str:
    """A group pattern binding ?this to each focus node of ``shape`` once."""
    def values(key: URIRef) -> list[Node]:
        return sorted(shapes.objects(shape, key), key=str)

    branches = [f"{{ ?this a {_term(c)} }}" for c in values(SH.targetClass)]
    branches += [f"{{ ?this {_term(p)} ?_t }}" for p in values(SH.targetSubjectsOf)]
    branches += [f"{{ ?_t {_term(p)} ?this }}" for p in values(SH.targetObjectsOf)]
    branches += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in values(SH.targetNode)]
    if not branches:
        return ""
    if len(branches) == 1 and branches[0].startswith("{ ?this a "):
        # one class: each focus node once without DISTINCT, which would hide the pattern from
        # Oxigraph's join planning (2-3x slower per constraint, measured at 20k events)
        return branches[0][2:-2] + " ."
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"


def _too_many(targets: str, path: str, test: str, high: int) -> str:
    """Focus nodes with more than ``high`` values on ``path`` that pass ``test`` (sh:maxCount).

    Values are counted per subject that has the path at all, then joined with the focus nodes:
    2-4x faster in Oxigraph than counting per focus node or matching pairs (measured, 20k events).
    """
    passing = f" FILTER({test})" if test != "true" else ""
    return (
        "SELECT ?this WHERE {\n  { SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {"
        f" ?this {path} ?value{passing} }}\n    GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {high}) }}\n"
        f"  {targets}\n}}"
    )


def _none(targets: str, path: str, test: str) -> str:
    """Focus nodes with no value on ``path`` that passes ``test`` (sh:minCount 1).

    MINUS, not FILTER NOT EXISTS: Oxigraph runs it as one anti-join instead of a lookup per focus
    node behind a DISTINCT subquery (10x faster at 20k events, measured).
    """
    passing = f" FILTER({test})" if test != "true" else ""
    return f"SELECT ?this WHERE {{\n  {targets}\n  MINUS {{ ?this {path} ?value{passing} }}\n}}"


_fresh = iter(range(1, 1 << 30))


def _accepting(shapes: Graph, key: Node, value: Node, var: str) -> str | None:
    """A group pattern matching the nodes in ``var`` that pass one value constraint, when one
    exists (class, hasValue, in, or of such); None for tests that only a FILTER can state."""
    if key == SH["class"]:
        return f"{{ {var} a {_term(value)} }}"
    if key == SH.hasValue:
        return f"{{ VALUES {var} {{ {_term(value)} }} }}"
    if key == SH["in"]:
        return f"{{ VALUES {var} {{ {' '.join(_term(v) for v in Collection(shapes, value))} }} }}"
    if key == SH["or"]:
        members = [_member_pattern(shapes, m, var) for m in Collection(shapes, value)]
        return None if None in members else "{ " + " UNION ".join(members) + " }"  # type: ignore[arg-type]
    return None


def _member_pattern(shapes: Graph, shape: Node, var: str) -> str | None:
    """A group pattern matching the nodes in ``var`` that conform to ``shape`` (see _conforms)."""
    parts: list[str] = []
    path = shapes.value(shape, SH.path)
    for key, value in sorted(shapes.predicate_objects(shape)):
        if key in _NOT_CONSTRAINTS:
            continue
        if path is None:
            part = _accepting(shapes, key, value, var)
            if part is None:
                return None
            parts.append(part)
        elif key == SH.minCount and int(value) == 1:  # type: ignore[call-overload]
            parts.append(f"{{ {var} {_path(shapes, path)} ?_any{next(_fresh)} }}")
        elif key == SH.hasValue:
            parts.append(f"{{ {var} {_path(shapes, path)} {_term(value)} }}")
        else:
            return None
    return "{ " + " ".join(parts) + " }" if parts else None


def _failing(shapes: Graph, key: Node, value: Node, var: str) -> str:
    """The part of a WHERE clause that keeps the nodes in ``var`` failing one value constraint:
    ``MINUS`` the accepted ones where a pattern states them (an anti-join: 3-10x faster in
    Oxigraph than ``FILTER(!EXISTS …)`` per node, measured at 20k events), else a FILTER."""
    accepted = _accepting(shapes, key, value, var)
    if accepted is not None:
        return f"MINUS {accepted}"
    return f"FILTER(!{_test(shapes, key, value, var)})"


def _counting(targets: str, path: str, test: str, fails: str) -> str:
    """Focus nodes whose number of values on ``path`` (that pass ``test``) ``fails`` (on ?n)."""
    return (
        "SELECT ?this WHERE {\n  { SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {\n"
        f"    {targets}\n    OPTIONAL {{ ?this {path} ?value FILTER({test}) }}\n"
        f"  }} GROUP BY ?this }}\n  FILTER({fails})\n}}"
    )


def _property_queries(shapes: Graph, prop: Node, targets: str) -> Iterator[str]:
    """One SELECT per constraint of a property shape."""
    path = _path(shapes, shapes.value(prop, SH.path))  # type: ignore[arg-type]
    for key, value in sorted(shapes.predicate_objects(prop)):
        if key == SH.minCount:
            low = int(value)  # type: ignore[call-overload]
            few = _counting(targets, path, "true", f"?n < {low}")
            yield _none(targets, path, "true") if low == 1 else few
        elif key == SH.maxCount:
            high = int(value)  # type: ignore[call-overload]
            yield _too_many(targets, path, "true", high)
        elif key == SH.hasValue:
            yield f"SELECT ?this WHERE {{\n  {targets}\n  MINUS {{ ?this {path} {_term(value)} }}\n}}"
        elif key in _VALUE_TESTS:
            # the failing values first, then their focus nodes: usually none fail, so the targets
            # are hardly walked (3x faster at 100k events than filtering the targets' values)
            failing = _failing(shapes, key, value, "?value")
            yield (
                f"SELECT DISTINCT ?this ?value WHERE {{\n"
                f"  {{ SELECT ?this ?value WHERE {{ ?this {path} ?value . {failing} }} }}\n  {targets}\n}}"
            )
        elif key == SH.equals:
            other = _term(value)
            yield (
                "SELECT DISTINCT ?this ?value WHERE {\n  { SELECT ?this ?value WHERE {\n"
                f"    {{ ?this {path} ?value MINUS {{ ?this {other} ?value }} }}\n"
                f"    UNION {{ ?this {other} ?value MINUS {{ ?this {path} ?value }} }}\n"
                f"  }} }}\n  {targets}\n}}"
            )
        elif key == SH.qualifiedValueShape:
            low, high = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
            test = _conforms(shapes, value, "?value")
            # "none" (MINUS) and "too many" (counted per subject) are each cheap; a count per focus
            # node is only needed for a minimum above one
            if low is not None:
                few = int(low)  # type: ignore[call-overload]
                below = _counting(targets, path, test, f"?n < {few}")
                yield _none(targets, path, test) if few == 1 else below
            if high is not None:
                yield _too_many(targets, path, test, int(high))  # type: ignore[call-overload]
        elif key not in _NOT_CONSTRAINTS:
            raise UnsupportedShapeError(f"{key} is not a constraint the SPARQL validator translates")


def _sparql_query(shapes: Graph, constraint: Node, targets: str) -> str:
    """A sh:SPARQLConstraint's SELECT, with ``$this`` bound to each focus node by a join."""
    select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
    return f"SELECT * WHERE {{\n  {{ {select} }}\n  {targets}\n}}"


@cache
def _compiled(shapes_id: int) -> tuple[Constraint, ...]:  # keyed by id: the shapes graph is cached
    return tuple(_constraints_of(load_shapes()))


def constraints(shapes: Graph | None = None) -> tuple[Constraint, ...]:
    """Every constraint of the shapes (the project's by default) as a SPARQL SELECT.

    Raises :class:`UnsupportedShapeError` for a SHACL feature outside what ``shapes.ttl`` uses (targets
    by class, subjects, objects or node; predicate, sequence, inverse, alternative paths;
    min/maxCount, class, datatype, in, hasValue, nodeKind, pattern, or, equals, qualified value
    shapes, SPARQL constraints), so a new shape cannot be silently skipped.

    >>> any("Event must have exactly one schema:name" in c.message for c in constraints())
    True
    """
    if shapes is None:
        return _compiled(id(load_shapes()))
    return tuple(_constraints_of(shapes))


def _constraints_of(shapes: Graph) -> Iterator[Constraint]:
    def severity(node: Node) -> str:
        return str(shapes.value(node, SH.severity) or SH.Violation).rsplit("#", 1)[-1]

    def message(node: Node, default: str) -> str:
        return "; ".join(sorted(str(m) for m in shapes.objects(node, SH.message))) or default

    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for shape in sorted(node_shapes, key=str):
        targets = _targets(shapes, shape)
        if not targets or (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        shape_message = message(shape, "constraint violated")
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            path = shapes.value(prop, SH.path)
            text = _short(shapes, path) if isinstance(path, URIRef) else _path(shapes, path).strip("()")  # type: ignore[arg-type]
            for query in _property_queries(shapes, prop, targets):
                yield Constraint(query, _readable(text), message(prop, shape_message), severity(prop))
        for key, value in sorted(shapes.predicate_objects(shape)):
            if key == SH.sparql:
                yield Constraint(
                    _sparql_query(shapes, value, targets), "", message(value, shape_message), severity(value)
                )
            elif key in _VALUE_TESTS:
                failing = _failing(shapes, key, value, "?this")
                query = f"SELECT DISTINCT ?this WHERE {{\n  {targets}\n  {failing}\n}}"
                yield Constraint(query, "", shape_message, severity(shape))
            elif key not in _NOT_CONSTRAINTS:
                raise UnsupportedShapeError(
                    f"{key} on node shape {shape} is not one the SPARQL validator translates"
                )


def _readable(path: str) -> str:
    """A SPARQL path with the project's prefixes, for messages."""
    from binatgraph.schema.prefixes import shorten

    return re.sub(r"<([^>]+)>", lambda m: shorten(m.group(1)), path)


def check_store(
    store: ox.Store, progress: Callable[[str], None] | None = None, *, shapes: Graph | None = None
) -> ShaclResult:
    """Validate the graph in an Oxigraph store's default graph against the shapes, as SPARQL.

    The graph must be materialized (:mod:`binatgraph.graph.entail`): subclass types are read as
    stored, as pyshacl read them after its RDFS inference. One query per constraint; ``progress``
    hears "SHACL: checked 12/61 constraints, 0 violations".
    """
    say = progress or (lambda _msg: None)
    found: list[Violation] = []
    todo = constraints(shapes)
    for done, constraint in enumerate(todo, 1):
        solutions = store.query(constraint.query)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {n: row[n] for n in names}
            text = constraint.message
            for name, term in values.items():
                if term is not None:
                    text = text.replace(f"{{?{name}}}", term.value).replace(f"{{${name}}}", term.value)
            focus = values.get("this")
            found.append(
                Violation(
                    focus=_shorten_term(focus),
                    path=constraint.path,
                    message=text,
                    severity=constraint.severity,
                )
            )
        if done % 5 == 0 or done == len(todo):
            say(f"SHACL: checked {done}/{len(todo)} constraints, {len(found)} violations")
    conforms = not any(v.severity == "Violation" for v in found)
    return ShaclResult(conforms, tuple(sorted(found)))


def _shorten_term(term: object) -> str:
    from binatgraph.schema.prefixes import shorten

    if isinstance(term, ox.NamedNode):
        short = shorten(term.value)
        return short if short != term.value else f"<{term.value}>"
    return "" if term is None else str(term)
