"""The embedded stores: an Oxigraph database in a folder, or in memory, behind rdflib's API.

The default is an embedded, file-backed Oxigraph database reached through rdflib's ``Graph`` API
(oxrdflib), chosen on measurements (``../shared/MEASUREMENTS.md``: ~20x faster Turtle parsing and
~35x faster GROUP BY than rdflib's in-memory store at 150k triples). The engine itself stays
reachable through :func:`engine` for hot paths that would pay for converting every term to rdflib.

Writes never leave a half-built store: :func:`replace` loads into a fresh folder, and only when
that succeeded swaps a symlink to point at it (an atomic rename), then removes the old folder.

>>> with open_graph(StoreLocation.parse("memory")) as g:
...     isinstance(g, Graph)
True
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from binatgraph.graph.store.location import StoreError, StoreLocation
from binatgraph.schema.prefixes import bind_prefixes

__all__ = [
    "DUMP_FORMATS",
    "apply_report",
    "apply_reports",
    "database_path",
    "engine",
    "exists",
    "load_dump",
    "ntriples_line",
    "open_engine",
    "open_graph",
    "read_manifest",
    "replace",
]

MANIFEST = "binatgraph-manifest.json"
OWNER = "binatgraph-building.pid"  # present only while a build or load is writing the folder
_MEMORY_STORES: dict[str, ox.Store] = {}


def exists(location: StoreLocation) -> bool:
    """True when a graph was built or loaded at ``location``."""
    if location.kind == "memory":
        return "default" in _MEMORY_STORES
    return location.path is not None and location.path.exists()


def _open_engine(location: StoreLocation, read_only: bool) -> ox.Store:
    if location.kind == "memory":
        return _MEMORY_STORES.setdefault("default", ox.Store())
    database = database_path(location)
    if not database.exists():
        raise StoreError(f"no graph at {location.path}: run `binatgraph build` first (or pass --store)")
    try:
        return ox.Store.read_only(str(database)) if read_only else ox.Store(str(database))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {location.path}: {exc}") from exc


@contextlib.contextmanager
def open_engine(location: StoreLocation, *, read_only: bool = True) -> Iterator[ox.Store]:
    """The Oxigraph engine itself, with no rdflib layer: for commands that only run SPARQL."""
    yield _open_engine(location, read_only)


@contextlib.contextmanager
def open_graph(location: StoreLocation | None = None, *, read_only: bool = True) -> Iterator[Graph]:
    """An rdflib ``Graph`` over the embedded store, with the project's prefixes bound."""
    from oxrdflib import OxigraphStore  # here, not above: it loads rdflib's SPARQL engine (~0.1 s)

    location = location or StoreLocation.parse()
    store = _open_engine(location, read_only)
    # The default graph, not a fresh named graph: builds load into the default graph.
    graph = bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))
    try:
        yield graph
    finally:
        graph.close()


def engine(graph: Graph) -> ox.Store:
    """The Oxigraph engine under an rdflib graph opened by :func:`open_graph` (for hot paths)."""
    from oxrdflib import OxigraphStore

    store = graph.store
    if not isinstance(store, OxigraphStore):
        raise StoreError(
            "this command needs the embedded store (a folder or `memory`), not a remote endpoint"
        )
    return store._inner


def ntriples_line(subject: Node, predicate: Node, obj: Node) -> str:
    """One N-Triples line for an rdflib triple (no blank nodes in this project's graphs)."""
    return f"{subject.n3()} {predicate.n3()} {obj.n3()} .\n"


def _load_ntriples(store: ox.Store, triples: Iterable[tuple[Node, Node, Node]], scratch: Path) -> int:
    """Stream triples through an N-Triples file into Oxigraph's bulk loader; return how many."""
    count = 0
    nt_path = scratch / "load.nt"
    with nt_path.open("w", encoding="utf-8") as out:
        for triple in triples:
            out.write(ntriples_line(*triple))
            count += 1
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    nt_path.unlink()
    return count


def replace(
    location: StoreLocation,
    triples: Iterable[tuple[Node, Node, Node]],
    manifest: dict[str, Any] | None = None,
    *,
    check: Callable[[ox.Store], object] | None = None,
) -> int:
    """Replace the store's whole content with ``triples``; all or nothing. Returns the count.

    For a folder store the new database is built beside the old one, then a symlink at
    ``location.path`` is switched to it in one rename. A failure at any point before the switch
    leaves the old store exactly as it was. A remote store loads into a temporary named graph and
    moves it onto its graph only when complete (:func:`binatgraph.graph.store.sparql.replace`).
    ``check`` runs on the new database before the switch (the build's SHACL); raising there keeps
    the old store. ``manifest`` is read only once ``triples`` is exhausted, so a caller may complete
    it while the triples stream (the build adds the report ids and the data's fingerprint at the end).
    """

    def fill(store: ox.Store, scratch: Path) -> None:
        _load_ntriples(store, triples, scratch)
        if check is not None:
            store.optimize()  # compacted first: queries on a fresh bulk load ran ~3x slower
            check(store)

    return _fill(location, fill, manifest)


# File endings `load_dump` reads (files of triples: every query looks in the default graph).
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def load_dump(location: StoreLocation, path: Path, manifest: dict[str, Any] | None = None) -> int:
    """Replace the store's content with an RDF file (an export, a colleague's dump); all or nothing.

    The file goes straight into Oxigraph's bulk loader, with no rdflib objects in between: ~20x
    faster than rdflib's Turtle parser (``benchmarks/README.md``); then the ontology's RDFS
    entailments are added by one SPARQL update on the new store, and the derived triples (who took
    part in each event) by another, before the switch (:mod:`binatgraph.graph.entail`,
    :mod:`binatgraph.graph.derive`); a dump that says it holds today's already (an export of a
    current build, :func:`binatgraph.graph.derive.marker`) is taken as it is; no other dump gets the
    marker, so loading an export gives the same graph. Returns the number of triples the store holds.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     dump = Path(tmp) / "g.ttl"
    ...     _ = dump.write_text("<http://ex.org/a> <http://ex.org/p> 1, 2 .")
    ...     load_dump(StoreLocation.parse("memory"), dump)
    2
    """
    fmt = DUMP_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file ending; use one of {', '.join(DUMP_FORMATS)}")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")

    def fill(store: ox.Store, _scratch: Path) -> None:
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:  # pyoxigraph reports parse errors with their line and column
            raise StoreError(f"{path}: {exc}") from exc
        # a dump from anywhere (an older build, another tool) gets the entailments and derived
        # triples a build stores
        _materialize(store)

    info = {"built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **(manifest or {}), "loaded_from": str(path)}
    return _fill(location, fill, info)


def _materialize(store: ox.Store) -> None:
    """Add the RDFS entailments, then the derived triples, to a store just bulk-loaded from a dump,
    unless the dump says it holds today's already (an export of a current build; the two updates
    cost more than the bulk load itself: 43 s and more at 10k events on a busy machine, against 27 s).
    """
    from binatgraph.graph import derive, entail

    subject, predicate, current = (ox.NamedNode(str(term)) for term in derive.marker())
    if any(True for _ in store.quads_for_pattern(subject, predicate, current, ox.DefaultGraph())):
        return
    store.update(entail.sparql_update())
    store.update(derive.sparql_update())  # reads the types the entailments gave


def _fill(
    location: StoreLocation, fill: Callable[[ox.Store, Path], object], manifest: dict[str, Any] | None
) -> int:
    """Build a new embedded store with ``fill(store, scratch_dir)`` and swap it in when complete.

    ``manifest`` is copied after ``fill`` returned: what the fill completes in it is written.
    """
    if location.kind == "memory":
        fresh = ox.Store()
        with tempfile.TemporaryDirectory() as scratch:
            fill(fresh, Path(scratch))
        _MEMORY_STORES["default"] = fresh
        return len(fresh)
    assert location.path is not None
    target = location.path.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_symlink() and not (target / MANIFEST).exists():
        raise StoreError(f"{target} exists and is not a binatgraph store; choose another --store path")
    remove_abandoned(target)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    try:
        fresh_dir = Path(tempfile.mkdtemp(prefix=f"{target.name}-{stamp}-", dir=target.parent))
        (fresh_dir / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    except OSError as exc:
        raise _write_error(exc, target) from exc
    try:
        store = ox.Store(str(fresh_dir / "oxigraph"))
        fill(store, fresh_dir)
        # count what the store holds, not what was written: the stream may repeat a triple
        count = len(store)
        store.optimize()
        store.flush()
        del store  # release the database lock before anyone opens the new folder
        # read only now, after the fill: a build completes its manifest as its stream ends
        info = {**(manifest or {}), "triples": count}
        (fresh_dir / MANIFEST).write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")
        (fresh_dir / OWNER).unlink()
    except BaseException as exc:
        shutil.rmtree(fresh_dir, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, target) from exc
        raise
    _switch(target, fresh_dir)
    return count


def _write_error(exc: OSError, target: Path) -> StoreError | OSError:
    """A full disk as one line that says nothing was changed; any other OSError as it was."""
    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        return StoreError(f"no space left on the disk holding {target.parent}; nothing was changed")
    return exc


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_abandoned(target: Path) -> list[Path]:
    """Remove the half-written store folders that builds or loads killed midway left beside ``target``.

    A build writes the id of its process into its new folder and removes it when the folder is complete;
    a folder whose process is gone can only be the leftover of a killed build. Folders without that mark
    (or whose process still runs) are left alone. Returns what was removed.
    """
    current = target.resolve() if target.is_symlink() else None
    removed = []
    for folder in target.parent.glob(f"{target.name}-*"):
        owner = folder / OWNER
        if folder == current or not owner.is_file():
            continue
        try:
            pid = int(owner.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def generation(location: StoreLocation) -> str | None:
    """Which build a folder store holds now: the folder its link points at (``None`` in memory).

    A graph opened with :func:`open_graph` keeps answering from the build it opened, even after a
    rebuild switches the link (the old files stay readable until it is closed). A long-lived reader
    compares ``generation()`` with the value it had when it opened, and reopens when it changed.
    """
    if location.kind != "oxigraph" or location.path is None:
        return None
    path = location.path.absolute()
    return path.resolve().name if path.exists() else None


def _switch(target: Path, fresh_dir: Path) -> None:
    """Point ``target`` at ``fresh_dir`` atomically and remove what it pointed at before."""
    old = target.resolve() if target.is_symlink() else (target if target.exists() else None)
    link = target.parent / f".{target.name}.switch"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(fresh_dir.name)
    if old is not None and not target.is_symlink():
        # A store from before symlinks: move it aside first; a rename of a folder is atomic too.
        aside = target.parent / f".{target.name}.old"
        shutil.rmtree(aside, ignore_errors=True)
        target.rename(aside)
        old = aside
    link.replace(target)
    if old is not None and old != fresh_dir:
        shutil.rmtree(old, ignore_errors=True)


def apply_report(location: StoreLocation, report_id: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
    """Replace one report's triples in the store in a single transaction; return how many it has now.

    The report's own resources (report, items, events, participations) are deleted with every
    statement that points at its items (membership evidence), then ``triples`` are inserted. A
    failure anywhere leaves the store as it was; the same triples applied twice change nothing.
    """
    return apply_reports(location, [(report_id, triples)])[report_id]


def _own(report_id: str) -> str:
    """A SPARQL filter on ?s true for the report's own resources."""
    from binatgraph.schema.ids import event, report

    report_prefix = str(report(report_id))
    # events are <event/ID-NN>, participations hang below them; a regex keeps cbi-x apart from cbi-x-2
    own = f'REGEX(STR(?s), "^{str(event(report_id, 0))[:-2]}[0-9]+(/|$)") || STR(?s) = "{report_prefix}"'
    return own + f' || STRSTARTS(STR(?s), "{report_prefix}/")'


def apply_reports(
    location: StoreLocation, reports: Sequence[tuple[str, Iterable[tuple[Node, Node, Node]]]]
) -> dict[str, int]:
    """Replace several reports' triples in one transaction: all of them are applied, or none.

    Returns how many triples each report has now.
    """
    from binatgraph.schema.ids import report

    store = _open_engine(location, read_only=False)
    operations = []
    for report_id, triples in reports:
        report_prefix = str(report(report_id))
        body = "".join(ntriples_line(*t) for t in triples)
        operations.append(
            f"""DELETE {{ ?s ?p ?o }} WHERE {{
      ?s ?p ?o .
      FILTER({_own(report_id)} || (isIRI(?o) && STRSTARTS(STR(?o), "{report_prefix}/")))
    }} ;
    INSERT DATA {{
    {body}
    }}"""
        )
    # who took part in the reports' events, derived again from what the store now holds, in the same
    # request (binatgraph.graph.derive); the DELETE above removed the old derived triples with the events
    from binatgraph.graph.derive import sparql_update as derived

    operations.extend(derived(report=str(report(report_id))) for report_id, _ in reports)
    names = ", ".join(report_id for report_id, _ in reports)
    try:
        store.update(" ;\n".join(operations))  # Oxigraph applies an update request as one transaction
        store.flush()
    except OSError as exc:
        if exc.errno == errno.ENOSPC or "No space left" in str(exc):
            raise StoreError(f"no space left on the disk holding {location}; nothing was changed") from exc
        raise StoreError(f"could not apply {names} to {location}: {exc}; nothing was changed") from exc
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"could not apply {names} to {location}: {exc}; nothing was changed") from exc
    counts = {}
    for report_id, _ in reports:
        solutions = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o . FILTER({_own(report_id)}) }}")
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT answers solutions
        counts[report_id] = int(next(iter(solutions))[0].value)
    return counts


def database_path(location: StoreLocation) -> Path:
    """The Oxigraph folder inside a store location."""
    assert location.path is not None
    return location.path / "oxigraph"


def read_manifest(location: StoreLocation) -> dict[str, Any]:
    """What the last build recorded about the store (counts, data fingerprint, time)."""
    if location.kind == "memory" or location.path is None:
        return {}
    path = location.path / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
