"""The store behind rdflib's API: where the graph lives between commands.

One setting (``--store`` or ``$BINATGRAPH_STORE``) names a location (:mod:`.location`); the location's
kind picks a backend from :data:`BACKENDS`, and every operation here goes to that backend. A backend is a
module with the same five functions: :mod:`.embedded` (Oxigraph in a folder, or in memory) and
:mod:`.sparql` (any SPARQL 1.1 endpoint). A new kind of store is a new module and one row of the table.

Backends are imported when first used, so reading a setting loads neither Oxigraph nor an HTTP client.

>>> with open_graph(StoreLocation.parse("memory")) as g:
...     type(g).__name__, g.store.__class__.__name__
('Graph', 'OxigraphStore')
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from binatgraph.graph.store.location import (
    DEFAULT_STORE,
    ENV_VAR,
    StoreError,
    StoreKind,
    StoreLocation,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "BACKENDS",
    "DEFAULT_STORE",
    "DUMP_FORMATS",
    "ENV_VAR",
    "StoreError",
    "StoreLocation",
    "apply_report",
    "apply_reports",
    "backend",
    "database_path",
    "engine",
    "exists",
    "generation",
    "load_dump",
    "ntriples_line",
    "open_engine",
    "open_graph",
    "read_manifest",
    "replace",
    "served_database",
]

BACKENDS: dict[StoreKind, str] = {
    "oxigraph": "binatgraph.graph.store.embedded",
    "memory": "binatgraph.graph.store.embedded",
    "sparql": "binatgraph.graph.store.sparql",
}
"""Which module serves each kind of store location."""

# File endings `load_dump` reads (files of triples: every query looks in the default graph).
DUMP_FORMATS = (".ttl", ".nt", ".rdf", ".owl", ".jsonld")


def backend(location: StoreLocation) -> ModuleType:
    """The module that serves ``location`` (see :data:`BACKENDS`)."""
    return importlib.import_module(BACKENDS[location.kind])


@contextlib.contextmanager
def open_graph(location: StoreLocation | None = None, *, read_only: bool = True) -> Iterator[Graph]:
    """An rdflib ``Graph`` over the store, with the project's prefixes bound.

    ``None`` opens the store the setting names (``$BINATGRAPH_STORE``, else ``.binatgraph/store``).
    The graph answers from the store as it was when opened: a rebuild switches to a new database, so
    a long-lived reader reopens to see it.
    """
    location = location or StoreLocation.parse()
    with backend(location).open_graph(location, read_only=read_only) as graph:
        yield graph


@contextlib.contextmanager
def open_engine(location: StoreLocation | None = None) -> Iterator[ox.Store]:
    """The Oxigraph engine of an embedded store, read-only, without rdflib's layer (it starts faster).

    A SPARQL endpoint has no engine here: StoreError says the command needs a folder or `memory`.
    """
    location = location or StoreLocation.parse()
    if not location.embedded:
        raise StoreError(
            f"this command needs the embedded store (a folder or `memory`), not the endpoint {location}"
        )
    from binatgraph.graph.store import embedded

    with embedded.open_engine(location) as store:
        yield store


def served_database(location: StoreLocation) -> Path:
    """The Oxigraph folder the endpoint serves: a built folder store's, else StoreError saying so."""
    if location.kind != "oxigraph" or not database_path(location).exists():
        raise StoreError(
            f"no built store at {location}: run `binatgraph build` first (serve needs a store folder)"
        )
    return database_path(location)


def replace(
    location: StoreLocation,
    triples: Iterable[tuple[Node, Node, Node]],
    manifest: dict[str, Any] | None = None,
) -> int:
    """Replace the store's whole content with ``triples``, all or nothing; return the count it holds."""
    count: int = backend(location).replace(location, triples, manifest)
    return count


def load_dump(location: StoreLocation, path: Path, manifest: dict[str, Any] | None = None) -> int:
    """Replace the store's content with an RDF file through the engine's bulk loader; all or nothing."""
    count: int = backend(location).load_dump(location, path, manifest)
    return count


def apply_report(location: StoreLocation, report_id: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
    """Replace one report's triples in one transaction; return how many the report has now."""
    count: int = backend(location).apply_report(location, report_id, triples)
    return count


def apply_reports(
    location: StoreLocation, reports: Sequence[tuple[str, Iterable[tuple[Node, Node, Node]]]]
) -> dict[str, int]:
    """Replace several reports' triples in one transaction (all or none); how many each has now."""
    counts: dict[str, int] = backend(location).apply_reports(location, reports)
    return counts


def read_manifest(location: StoreLocation) -> dict[str, Any]:
    """What the last build recorded about the store (counts, data fingerprint, time); ``{}`` if nothing."""
    manifest: dict[str, Any] = backend(location).read_manifest(location)
    return manifest


def exists(location: StoreLocation) -> bool:
    """True when a graph was built or loaded at an embedded ``location`` (endpoints always answer True)."""
    if not location.embedded:
        return True
    from binatgraph.graph.store import embedded

    return embedded.exists(location)


def generation(location: StoreLocation) -> str | None:
    """Which build the store at ``location`` holds now (``None`` for memory and endpoints).

    An open graph keeps answering from the build it opened; compare this value with the one read when
    opening and reopen when it changed (:func:`binatgraph.graph.store.embedded.generation`).
    """
    if location.kind != "oxigraph":
        return None
    from binatgraph.graph.store import embedded

    return embedded.generation(location)


def engine(graph: Graph) -> ox.Store:
    """The Oxigraph engine under an rdflib graph opened by :func:`open_graph` (for hot paths)."""
    from binatgraph.graph.store import embedded

    return embedded.engine(graph)


def database_path(location: StoreLocation) -> Path:
    """The Oxigraph folder inside a folder store."""
    from binatgraph.graph.store import embedded

    return embedded.database_path(location)


def ntriples_line(subject: Node, predicate: Node, obj: Node) -> str:
    """One N-Triples line for an rdflib triple (no blank nodes in this project's graphs)."""
    from binatgraph.graph.store import embedded

    return embedded.ntriples_line(subject, predicate, obj)
