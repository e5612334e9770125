"""The build: curated data → validated records → triples → SHACL → the store, all or nothing.

>>> from pathlib import Path
>>> fixture = Path(__file__).parents[3] / "tests" / "fixtures" / "data"
>>> result = build(fixture, StoreLocation.parse("memory"))
>>> result.events, result.shacl.conforms
(3, True)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from binatgraph import __version__
from binatgraph.graph.rdf import dataset_triples, to_graph
from binatgraph.graph.shacl import ShaclResult, check
from binatgraph.graph.store import StoreLocation, replace
from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.schema.resources import load_ontology

__all__ = ["BuildResult", "ShaclError", "build", "compile_graph", "fingerprint"]

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
    """The data graph of a dataset, in memory, without the ontology."""
    return to_graph(dataset_triples(dataset))


def build(
    data_dir: str | Path,
    location: StoreLocation | None,
    *,
    shacl: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate ``data_dir`` and, when ``location`` is given, replace the store's graph with it.

    Raises :class:`~binatgraph.records.dataset.DataError` or :class:`ShaclError` before anything is
    written; the store is only swapped once the new one is complete.
    """
    say = progress or (lambda _msg: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    say("reading and validating records")
    dataset = load_dataset(data_dir)
    seconds["records"] = time.perf_counter() - clock

    result: ShaclResult | None = None
    graph: Graph | None = None
    if shacl:
        say("turning records into triples")
        clock = time.perf_counter()
        graph = compile_graph(dataset)
        seconds["triples"] = time.perf_counter() - clock
        say("checking SHACL shapes (with RDFS inference)")
        clock = time.perf_counter()
        result = check(graph)
        seconds["shacl"] = time.perf_counter() - clock
        if not result.conforms:
            raise ShaclError(result)

    count = len(graph) if graph is not None else 0
    if location is not None:
        say(f"writing the store at {location}")
        clock = time.perf_counter()
        manifest = {
            "binatgraph": __version__,
            "data": str(Path(data_dir)),
            "data_fingerprint": fingerprint(dataset),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "reports": [report.id for report in dataset.reports],
            "shacl": shacl,
        }
        # Without SHACL no rdflib graph is needed: triples stream straight into Oxigraph's bulk loader.
        triples = graph if graph is not None else dataset_triples(dataset)
        # The ontology goes in with the data so labels of classes and concepts are queryable.
        count = replace(location, _union(triples, load_ontology()), manifest)
        seconds["store"] = time.perf_counter() - clock
    return BuildResult(dataset, location, count, result, seconds)


def _union(*sources: Iterable[tuple[Node, Node, Node]]) -> Iterator[tuple[Node, Node, Node]]:
    """All triples of the sources; repeats are harmless, the bulk loader keeps one of each."""
    for source in sources:
        yield from source
