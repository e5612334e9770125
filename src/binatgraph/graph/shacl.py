"""SHACL validation of a built graph against ``ontology/shapes.ttl``, with RDFS inference.

Inference runs over the ontology so that a ``bg:Visit`` is checked as a ``schema:Event``; pyshacl
works on a copy, so the graph that is stored holds only asserted triples.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from binatgraph.schema.resources import load_ontology, load_shapes

__all__ = ["ShaclResult", "Violation", "check"]


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class ShaclResult:
    conforms: bool
    violations: tuple[Violation, ...]


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return "" if node is None else str(node)


def check(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclResult:
    """Validate ``data``; return whether it conforms and every violation, sorted.

    >>> from rdflib import Graph
    >>> check(Graph()).conforms
    True
    """
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
