"""The build: curated data → validated records → triples → SHACL → the store, all or nothing.

>>> from pathlib import Path
>>> fixture = Path(__file__).parents[3] / "tests" / "fixtures" / "data"
>>> result = build(fixture, StoreLocation.parse("memory"))
>>> result.events, result.shacl.conforms
(3, True)
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from binatgraph import __version__
from binatgraph.graph import derive
from binatgraph.graph.entail import entailed
from binatgraph.graph.rdf import Records, gazetteer_triples, post_bodies, report_triples, to_graph
from binatgraph.graph.shacl import ShaclResult, check_store
from binatgraph.graph.store import StoreLocation, embedded, replace
from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.schema.resources import load_ontology

__all__ = ["BuildResult", "ShaclError", "build", "compile_graph", "fingerprint", "graph_triples"]

Progress = Callable[[str], None]


class ShaclError(ValueError):
    """The graph built from the data breaks the SHACL shapes; nothing was written."""

    def __init__(self, result: ShaclResult) -> None:
        self.result = result
        shown = "\n".join(f"  {v}" for v in result.violations[:50])
        more = len(result.violations) - 50
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{len(result.violations)} SHACL violations:\n{shown}{tail}")


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the dataset read, the store written, triples, SHACL, seconds per step."""

    dataset: Dataset
    location: StoreLocation | None
    triples: int
    shacl: ShaclResult | None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def events(self) -> int:
        return sum(len(report.items) for report in self.dataset.reports)


def fingerprint(dataset: Dataset) -> str:
    """A hash of the data files, recorded in the store so a stale store can be told apart."""
    digest = hashlib.sha256()
    for path in sorted(dataset.files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compile_graph(dataset: Dataset) -> Graph:
    """The data graph of a dataset, in memory, with its derived triples and RDFS entailments, without
    the ontology."""
    return to_graph(entailed(graph_triples(dataset)))  # type: ignore[arg-type]


def graph_triples(dataset: Records) -> Iterator[tuple[Node, Node, Node]]:
    """Every asserted and derived triple of a dataset (:mod:`binatgraph.graph.derive`), report by
    report, gazetteer first, then the marker saying the graph is materialized (its entailments are
    added by :func:`~binatgraph.graph.entail.entailed` around this stream); no ontology. Repeats are
    possible; a graph keeps one."""
    gazetteer = dataset.gazetteer
    yield from gazetteer_triples(gazetteer)
    posts, known = post_bodies(gazetteer), derive.bodies(gazetteer)
    for report in dataset.reports:
        yield from report_triples(report, gazetteer, posts)
        yield from derive.report_derived(report, known)
    yield derive.marker()  # the graph holds today's entailments and derived triples


def build(
    data_dir: str | Path,
    location: StoreLocation | None,
    *,
    shacl: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate ``data_dir`` and, when ``location`` is given, replace the store's graph with it.

    The store gets the data's triples, the triples derived from them (who took part in each event,
    :mod:`binatgraph.graph.derive`), the ontology, and the RDFS entailments of all
    (:mod:`binatgraph.graph.entail`). Raises :class:`~binatgraph.records.dataset.DataError` or
    :class:`ShaclError` before anything is switched: SHACL runs as SPARQL on the new database
    (an in-memory one without ``location``, or for an endpoint) before it replaces the old one.
    """
    say = progress or (lambda _msg: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    say("reading and validating records")
    dataset = load_dataset(data_dir)
    seconds["records"] = time.perf_counter() - clock
    events = sum(len(report.items) for report in dataset.reports)
    say(f"read {len(dataset.reports):,} reports, {events:,} events")

    state: dict[str, Any] = {"result": None}

    def triples() -> Iterator[tuple[Node, Node, Node]]:
        # The ontology goes in with the data so labels of classes and concepts are queryable.
        started = time.perf_counter()
        count = 0
        for count, triple in enumerate(entailed(_union(graph_triples(dataset), load_ontology())), 1):
            if count % 500_000 == 0:
                say(f"turned records into {count:,} triples")
            yield triple
        seconds["triples"] = time.perf_counter() - started
        say(f"turned records into {count:,} triples; loading them into Oxigraph")
        state["loading"] = time.perf_counter()

    def validate(store: ox.Store) -> None:
        seconds["store"] = time.perf_counter() - state.get("loading", time.perf_counter())
        if not shacl:
            return
        started = time.perf_counter()
        say(f"checking SHACL shapes on {len(store):,} triples")
        state["result"] = result = check_store(store, say)
        seconds["shacl"] = time.perf_counter() - started
        if not result.conforms:
            raise ShaclError(result)

    manifest = {
        "binatgraph": __version__,
        "data": str(Path(data_dir)),
        "data_fingerprint": fingerprint(dataset),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "reports": [report.id for report in dataset.reports],
        "shacl": shacl,
    }
    count = 0
    if location is not None and location.embedded:
        # one load: SHACL runs on the new database before it is switched in
        count = embedded.replace(location, triples(), manifest, check=validate)
    elif shacl or location is None:
        with tempfile.TemporaryDirectory() as folder:
            memory = ox.Store()
            embedded._load_ntriples(memory, triples(), Path(folder))
            validate(memory)
            count = len(memory)
    if location is not None and not location.embedded:
        say(f"writing the graph to {location}")
        clock = time.perf_counter()
        count = replace(location, entailed(_union(graph_triples(dataset), load_ontology())), manifest)
        seconds["remote"] = time.perf_counter() - clock
    say(f"done: {count:,} triples")
    return BuildResult(dataset, location, count, state["result"], seconds)


def _union(*sources: Iterable[tuple[Node, Node, Node]]) -> Iterator[tuple[Node, Node, Node]]:
    """All triples of the sources; repeats are harmless, the bulk loader keeps one of each."""
    for source in sources:
        yield from source
