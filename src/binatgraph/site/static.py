"""The site as static files: every page the server answers, written to a folder that opens from disk
or any static host (links are relative ``.html`` files; the search page carries its index).

The folder is written whole or not at all: pages go to a new folder beside the target, which then
takes the target's place (a folder this command wrote before is replaced; any other must be empty).

>>> import tempfile
>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> _ = build(Path(__file__).parents[3] / "data", memory)
>>> out = Path(tempfile.mkdtemp()) / "site"
>>> with open_graph(memory) as g:
...     written = write_site(g, out)
>>> (out / "index.html").exists(), (out / "id" / "person" / "ken-salazar.html").exists()
(True, True)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from binatgraph.schema.kinds import KINDS
from binatgraph.schema.vocab import BGR
from binatgraph.site import NETWORKS, PageNotFoundError, SitePages
from binatgraph.site.pages import LISTED_KINDS, kind_of
from binatgraph.site.render import Links, depth_of

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["MARKER", "SiteError", "Written", "site_paths", "write_site"]

MARKER = ".binatgraph-site"
"""The file that marks a folder as written by ``binatgraph site`` (so a rewrite may replace it)."""


class SiteError(OSError):
    """The folder cannot be written (not empty and not a site written before)."""


@dataclass(frozen=True)
class Written:
    """What :func:`write_site` wrote: pages, bytes and seconds, and the count per kind of page."""

    folder: Path
    pages: int
    bytes: int
    seconds: float
    kinds: dict[str, int]


def site_paths(pages: SitePages) -> list[str]:
    """Every page of the site, as paths without suffix (``index``, ``id/person/x`` …)."""
    paths = ["home", "search", "timeline", "timeline-types"]
    paths += [f"list/{KINDS[k].plural}" for k in LISTED_KINDS]
    paths += [f"network/{name}" for name in NETWORKS]
    paths += [f"brief/{q['period']}" for q in pages.site.quarters()]
    rows = pages.site.rows(f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{BGR}")) }}')
    iris = sorted(row["s"] for row in rows if kind_of(row["s"]))
    paths += ["id/" + iri[len(str(BGR)) :] for iri in iris]
    return paths


def _kind(path: str) -> str:
    head, _, rest = path.partition("/")
    if head == "id":
        return kind_of(f"{BGR}{rest}") or "id"
    return head


def write_site(
    graph: Graph,
    folder: Path,
    sources: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Write every page of the site over ``graph`` into ``folder`` (see the module docstring)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise SiteError(f"{folder} is not empty and was not written by `binatgraph site`; give a new folder")
    started = time.perf_counter()
    pages = SitePages(graph, sources)
    paths = site_paths(pages)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    total_bytes, kinds = 0, dict[str, int]()
    try:
        for n, path in enumerate(paths, 1):
            links = Links("static", depth_of(path))
            try:
                html = pages.html(path, {}, links)
            except PageNotFoundError:
                continue
            target = fresh / (("index" if path == "home" else path) + ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = html.encode("utf-8")
            target.write_bytes(data)
            total_bytes += len(data)
            kind = _kind(path)
            kinds[kind] = kinds.get(kind, 0) + 1
            if progress is not None:
                progress(n, len(paths))
        (fresh / MARKER).write_text("written by `binatgraph site`\n", encoding="utf-8")
        fresh.chmod(0o755)
        if folder.exists():
            old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
            folder.rename(old)
            fresh.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            fresh.rename(folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return Written(folder, sum(kinds.values()), total_bytes, time.perf_counter() - started, kinds)
