"""Writing the stored graph out: N-Triples (sorted, byte-identical across builds), Turtle, JSON-LD.

Serialisation is done by Oxigraph's own writers (MEASUREMENTS.md: Turtle ~50x faster than rdflib's
at 150k triples). N-Triples lines are sorted so two builds of the same data diff to nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

import pyoxigraph as ox
from rdflib import Graph

from binatgraph.graph.store import engine
from binatgraph.schema.prefixes import prefix_map

__all__ = ["ALIASES", "FORMATS", "ExportFormat", "export", "export_format", "write_atomically"]

ExportFormat = Literal["nt", "turtle", "jsonld"]
FORMATS: dict[str, ox.RdfFormat] = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}

ALIASES: dict[str, ExportFormat] = {"ntriples": "nt", "n-triples": "nt", "ttl": "turtle", "json-ld": "jsonld"}
"""Other names people give the formats (file endings, media type names)."""


def export_format(name: str) -> ExportFormat:
    """The format ``name`` means, aliases and case allowed; ValueError listing the formats otherwise.

    >>> export_format("TTL"), export_format("json-ld")
    ('turtle', 'jsonld')
    """
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise ValueError(f"unknown format '{name}'; use one of {', '.join(FORMATS)}")
    return key  # type: ignore[return-value]  # a key of FORMATS is an ExportFormat


def _sorted_ntriples(store: ox.Store) -> bytes:
    lines = sorted(
        f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None)
    )
    return "".join(lines).encode("utf-8")


def serialize(graph: Graph, fmt: ExportFormat) -> bytes:
    """The graph in ``fmt`` as bytes.

    >>> from rdflib import URIRef
    >>> from binatgraph.graph.store import open_graph, replace, StoreLocation
    >>> memory = StoreLocation.parse("memory")
    >>> _ = replace(memory, [(URIRef("http://ex.org/b"), URIRef("http://ex.org/p"), URIRef("http://ex.org/o")),
    ...                      (URIRef("http://ex.org/a"), URIRef("http://ex.org/p"), URIRef("http://ex.org/o"))])
    >>> with open_graph(memory) as g:
    ...     print(serialize(g, "nt").decode(), end="")
    <http://ex.org/a> <http://ex.org/p> <http://ex.org/o> .
    <http://ex.org/b> <http://ex.org/p> <http://ex.org/o> .
    """
    store = engine(graph)
    if fmt == "nt":
        return _sorted_ntriples(store)
    prefixes = prefix_map()
    data = store.dump(format=FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=prefixes)
    assert data is not None  # with no output file, dump returns the bytes
    return data


def _umask() -> int:
    """The process's umask (reading it means setting it: put it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def write_atomically(path: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds.

    The file gets the mode any new file would (``0o666`` less the umask: ``0644`` under the usual
    ``022``), not the owner-only ``0600`` of a temporary file, so pages and exports are readable by
    whoever may read the folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            Path(tmp).chmod(0o666 & ~_umask())
            yield out
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(graph: Graph, fmt: ExportFormat, output: Path | None = None) -> int:
    """Write the graph to ``output`` (stdout when None); return the number of bytes written."""
    data = serialize(graph, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with write_atomically(output) as out:
            out.write(data)
    return len(data)
