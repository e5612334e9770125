"""What the site's pages read: SPARQL on the store's engine, timed, as rows of plain strings.

Every page is built from one or a few SELECT queries run on the Oxigraph engine directly (no rdflib
term conversion), and :class:`Reader` keeps the time they took, so a benchmark can put the cost of a
page beside the cost of its queries. The rdflib graph stays at hand for the analysis functions the
network views and the brief reuse.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pyoxigraph as ox

from binatgraph.schema.prefixes import prologue

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Reader", "Row"]

Row = dict[str, str]
_PROLOGUE = prologue()


class Reader:
    """SELECT queries on an embedded store, each timed (``query_seconds`` adds them up)."""

    def __init__(self, graph: Graph) -> None:
        from binatgraph.graph.store import engine

        self.graph = graph
        self.store: ox.Store = engine(graph)
        self.query_seconds = 0.0
        self.queries = 0

    def rows(self, text: str) -> list[Row]:
        """The solutions of a SELECT (project prefixes declared), each a dict of the bound variables."""
        started = time.perf_counter()
        solutions = self.store.query(_PROLOGUE + text)
        assert isinstance(solutions, ox.QuerySolutions), "rows() runs SELECT queries"
        names = [v.value for v in solutions.variables]
        found = []
        for solution in solutions:
            row = {}
            for i, name in enumerate(names):
                value = solution[i]
                if value is not None:
                    row[name] = value.value
            found.append(row)
        self.query_seconds += time.perf_counter() - started
        self.queries += 1
        return found

    def triples(self, iri: str) -> list[ox.Triple]:
        """The triples about ``iri`` and about the nodes named under it (``{iri}/...``: an event's
        participations, an item's spans), its concise description."""
        started = time.perf_counter()
        subject = ox.NamedNode(iri)
        found = [q.triple for q in self.store.quads_for_pattern(subject, None, None, None)]
        inner = {
            t.object
            for t in found
            if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(iri + "/")
        }
        for node in sorted(inner, key=lambda n: n.value):
            found.extend(q.triple for q in self.store.quads_for_pattern(node, None, None, None))
        self.query_seconds += time.perf_counter() - started
        self.queries += 1
        return found

    def exists(self, iri: str) -> bool:
        started = time.perf_counter()
        hit = next(iter(self.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)), None)
        self.query_seconds += time.perf_counter() - started
        return hit is not None

    @contextmanager
    def measured(self) -> Iterator[dict[str, float]]:
        """Time a block and the queries run inside it: yields a dict filled on exit with
        ``seconds``, ``query_seconds`` and ``queries``."""
        before, count, started = self.query_seconds, self.queries, time.perf_counter()
        result: dict[str, float] = {}
        try:
            yield result
        finally:
            result.update(
                seconds=time.perf_counter() - started,
                query_seconds=self.query_seconds - before,
                queries=float(self.queries - count),
            )
