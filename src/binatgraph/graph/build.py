"""The build: curated data → validated records → triples → SHACL → the store, all or nothing.

The data folder is read one report at a time (:class:`~binatgraph.records.dataset.DataStream`):
each report is validated, turned into triples and written to the loader's file before the next is
read, so memory stays flat however many reports there are. A problem in any report stops the
triples; the remaining files are still read and checked, and the :class:`DataError` listing every
problem is raised from inside the stream, so the store never switches to a half graph.

>>> from pathlib import Path
>>> fixture = Path(__file__).parents[3] / "tests" / "fixtures" / "data"
>>> result = build(fixture, StoreLocation.parse("memory"))
>>> result.events, result.report_ids, result.shacl.conforms
(3, ('test-2024-h1',), True)
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
from binatgraph.records.dataset import Dataset, DataStream
from binatgraph.schema.model import Gazetteer, Report
from binatgraph.schema.resources import load_ontology

__all__ = [
    "BuildResult",
    "ShaclError",
    "build",
    "compile_graph",
    "fingerprint",
    "graph_triples",
    "records_triples",
]

Progress = Callable[[str], None]
Triple = tuple[Node, Node, Node]

PROGRESS_TRIPLES = 500_000  # a progress line every so many triples


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
    """What a build did: the reports and events read, the data's fingerprint, the store written,
    triples, SHACL, seconds per step. No records: they went into the store one report at a time."""

    location: StoreLocation | None
    triples: int
    shacl: ShaclResult | None
    report_ids: tuple[str, ...] = ()
    events: int = 0
    fingerprint: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def fingerprint(dataset: Dataset) -> str:
    """A hash of the data files, recorded in the store so a stale store can be told apart.

    A build computes the same value while it streams the files
    (:attr:`~binatgraph.records.dataset.DataStream.fingerprint`).
    """
    digest = hashlib.sha256()
    for path in sorted(dataset.files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compile_graph(dataset: Dataset) -> Graph:
    """The data graph of a dataset, in memory, with its derived triples and RDFS entailments, without
    the ontology."""
    return to_graph(entailed(graph_triples(dataset)))  # type: ignore[arg-type]


def graph_triples(dataset: Records) -> Iterator[Triple]:
    """Every asserted and derived triple of a dataset (:mod:`binatgraph.graph.derive`), report by
    report, gazetteer first, then the marker saying the graph is materialized (its entailments are
    added by :func:`~binatgraph.graph.entail.entailed` around this stream); no ontology. Repeats are
    possible; a graph keeps one."""
    return records_triples(dataset.gazetteer, dataset.reports)


def records_triples(gazetteer: Gazetteer, reports: Iterable[Report]) -> Iterator[Triple]:
    """:func:`graph_triples` of a gazetteer and reports that may arrive one at a time (a
    :class:`~binatgraph.records.dataset.DataStream`): each report is read when its triples are due."""
    yield from gazetteer_triples(gazetteer)
    posts, known = post_bodies(gazetteer), derive.bodies(gazetteer)
    for report in reports:
        yield from report_triples(report, gazetteer, posts)
        yield from derive.report_derived(report, known)
    yield derive.marker()  # the graph holds today's entailments and derived triples


def _opened(data_dir: str | Path, say: Progress) -> DataStream:
    """The data folder with its gazetteer read; a gazetteer problem fails before anything is loaded.

    The reports are then read and checked all the same (nothing is built from them), so the error
    lists every problem of the folder, as a whole-folder validation would.
    """
    say("reading and validating the gazetteer")
    stream = DataStream(data_dir)
    if stream.failed:
        say("found problems in the gazetteer; checking the reports without building")
        for _ in stream.reports():
            pass
        stream.check()
    return stream


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
    :class:`ShaclError` before anything is switched: records are checked as they stream into the
    new database, and SHACL runs as SPARQL on it (an in-memory one without ``location``, or for an
    endpoint) before it replaces the old one.
    """
    say = progress or (lambda _msg: None)
    seconds: dict[str, float] = {"records": 0.0}
    state: dict[str, Any] = {"result": None}
    clock = time.perf_counter()
    stream = _opened(data_dir, say)
    seconds["gazetteer"] = time.perf_counter() - clock
    # Completed by the stream once every file was read (report ids, fingerprint); the store writes
    # it only after the last triple (embedded._fill, sparql.replace), so it is never partial.
    manifest: dict[str, Any] = {
        "binatgraph": __version__,
        "data": str(Path(data_dir)),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "shacl": shacl,
    }
    read: dict[str, Any] = {}

    def checked(source: DataStream) -> Iterator[Report]:
        """The source's reports while every file so far is valid; after a problem, the rest are only
        checked; at the end, every problem at once (raised inside the store's load, which aborts)."""
        reports = source.reports()
        while True:
            started = time.perf_counter()
            report = next(reports, None)
            seconds["records"] += time.perf_counter() - started
            if report is None:
                break
            if source.failed:
                if not read.get("failing"):
                    read["failing"] = True
                    say("found a problem in the data; checking the remaining reports without building")
                continue
            yield report
        source.check()
        say(f"read {len(source.report_ids):,} reports, {source.events:,} events")
        read.update(report_ids=tuple(source.report_ids), events=source.events, fingerprint=source.fingerprint)
        manifest.update(data_fingerprint=source.fingerprint, reports=list(source.report_ids))

    def triples(source: DataStream, into: str = "Oxigraph") -> Iterator[Triple]:
        # The ontology goes in with the data so labels of classes and concepts are queryable.
        started = time.perf_counter()
        records = seconds["records"]
        count = 0
        union = _union(records_triples(source.gazetteer, checked(source)), load_ontology())
        for count, triple in enumerate(entailed(union), 1):
            if count % PROGRESS_TRIPLES == 0:
                say(
                    f"read {len(source.report_ids):,} reports ({source.events:,} events) "
                    f"into {count:,} triples so far"
                )
            yield triple
        # the time spent reading and validating files is counted apart, under "records"
        seconds["triples"] = time.perf_counter() - started - (seconds["records"] - records)
        say(f"turned records into {count:,} triples; loading them into {into}")
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

    count = 0
    if location is not None and location.embedded:
        # one load: SHACL runs on the new database before it is switched in
        count = embedded.replace(location, triples(stream), manifest, check=validate)
    elif shacl or location is None:
        with tempfile.TemporaryDirectory() as folder:
            memory = ox.Store()
            embedded._load_ntriples(memory, triples(stream), Path(folder))
            validate(memory)
            count = len(memory)
    if location is not None and not location.embedded:
        say(f"writing the graph to {location}")
        clock = time.perf_counter()
        # a stream is read once: after the SHACL pass an endpoint gets the folder read again, so no
        # records are held between the two
        source = _opened(data_dir, say) if stream.finished else stream
        count = replace(location, triples(source, into=str(location)), manifest)
        seconds["remote"] = time.perf_counter() - clock
    say(f"done: {count:,} triples")
    return BuildResult(
        location,
        count,
        state["result"],
        report_ids=read["report_ids"],
        events=read["events"],
        fingerprint=read["fingerprint"],
        seconds=seconds,
    )


def _union(*sources: Iterable[Triple]) -> Iterator[Triple]:
    """All triples of the sources; repeats are harmless, the bulk loader keeps one of each."""
    for source in sources:
        yield from source
