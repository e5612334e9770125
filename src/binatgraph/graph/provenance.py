"""From a row of the graph back to the words it rests on: an item's text in its source file.

Every report item keeps where it is printed (spans: character offsets and lines of the item, its
title line, body and context paragraph) and its report keeps the source file's name, SHA-256 and,
for a report ingested here, where the file was (``docs/rdf-mapping.md``). The data never holds
the report's sentences; :func:`source_text` reads them from the file when it is at hand, after
checking its digest, and otherwise says which file and digest it needs.

An item is named by its IRI (``report:cbi-2023-apr-jun/item/11``), its event's IRI or id
(``event:cbi-2023-apr-jun-11``, ``cbi-2023-apr-jun-11``), ``<report id>/<position>``, or the title
of the event or item (case, accents and punctuation ignored; a unique part of a title is enough).

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> from pathlib import Path
>>> memory = StoreLocation.parse("memory")
>>> _ = build(Path(__file__).parents[3] / "data", memory, shacl=False)
>>> with open_graph(memory) as g:
...     find_item(g, "Buttigieg at AIFA")
'https://w3id.org/binatgraph/id/report/cbi-2023-apr-jun/item/13'
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from binatgraph.records.gazetteer import normalize
from binatgraph.schema import ids
from binatgraph.schema.model import Span
from binatgraph.schema.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "ItemSource",
    "SourceError",
    "SourceMismatchError",
    "SourceNotFoundError",
    "UnknownItemError",
    "find_item",
    "item_source",
    "source_text",
]

SPAN_NAMES = ("item", "title", "body", "context")


class SourceError(LookupError):
    """The words of an item cannot be given; the message says why and what would help."""


class UnknownItemError(SourceError):
    """No item or event has this name; ``suggestions`` holds the closest titles."""

    def __init__(self, name: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.name, self.suggestions = name, suggestions
        if ambiguous:
            message = f"'{name}' names several items: {'; '.join(suggestions)}; give one of their ids"
        else:
            hint = f"; did you mean: {'; '.join(suggestions)}?" if suggestions else ""
            message = f"no report item or event named '{name}' in the graph{hint}"
        super().__init__(message)


@dataclass
class SourceNotFoundError(SourceError):
    """The item's source file is not at hand; names the file and the digest it must have."""

    file: str
    sha256: str | None
    looked_in: tuple[str, ...] = ()

    def __str__(self) -> str:
        digest = f"with SHA-256 {self.sha256}" if self.sha256 else "(no SHA-256 recorded)"
        where = f"; looked in {', '.join(self.looked_in)}" if self.looked_in else ""
        return (
            f"the source file {self.file} {digest} is not at hand{where}; "
            "pass the folder holding it (--reports DIR, or reports_dir=...)"
        )


@dataclass
class SourceMismatchError(SourceError):
    """A file of the right name is at hand, but it is not the file the item was read from."""

    path: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return (
            f"{self.path} is not the file the report was read from: its SHA-256 is {self.actual}, "
            f"expected {self.expected} (the file changed since; its spans would point at other words)"
        )


@dataclass(frozen=True)
class ItemSource:
    """An item's place in its source file, and the text there once the file is read."""

    item: str  # the item's IRI
    report: str  # the report's id
    position: int
    number: int | None
    title: str  # the item's title in the data (shortened where long)
    event: str | None  # the IRI of the event derived from the item
    file: str | None  # the source file's name
    sha256: str | None
    url: str | None  # the report's public page
    location: str | None  # where the file was when it was ingested
    spans: dict[str, Span] = field(default_factory=dict)
    path: Path | None = None  # the file read, once found
    text: str | None = None  # the whole text of that file, as read

    def part(self, name: str = "item") -> str | None:
        """The words of one span (``item``, ``title``, ``body`` or ``context``), once the file is read."""
        if self.text is None or name not in self.spans:
            return None
        return self.spans[name].of(self.text)


# --- naming an item ------------------------------------------------------------------------------


def _rows(graph: Graph, query: str) -> Iterator[tuple[str | None, ...]]:
    for row in graph.query(query):
        yield tuple(None if value is None else str(value) for value in row)  # type: ignore[union-attr]


def _expand(ref: str) -> str:
    """``event:x`` or ``report:x/item/3`` as a full IRI; anything else unchanged."""
    prefix, _, local = ref.partition(":")
    if local and not local.startswith("//") and prefix in PREFIXES:
        return f"{PREFIXES[prefix]}{local}"
    return ref


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _item_of_event(graph: Graph, event: str) -> str | None:
    query = f"SELECT ?item WHERE {{ <{event}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?item }}"
    return next((item for (item,) in _rows(graph, query) if item), None)


def _exists(graph: Graph, iri: str) -> bool:
    if not _IRI.match(iri):
        return False
    return bool(next(_rows(graph, f"SELECT ?p WHERE {{ <{iri}> ?p ?o }} LIMIT 1"), None))


_TITLES = """
SELECT ?item ?label ?printed ?event ?name WHERE {
  ?item a <https://w3id.org/binatgraph/ontology#ReportItem> ;
        <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  OPTIONAL { ?item <http://purl.org/dc/terms/title> ?printed }
  OPTIONAL { ?event <http://www.w3.org/ns/prov#wasDerivedFrom> ?item ; <https://schema.org/name> ?name }
}
"""


def find_item(graph: Graph, ref: str) -> str:
    """The IRI of the report item ``ref`` names (see the module's introduction for the forms)."""
    ref = ref.strip()
    iri = _expand(ref)
    if ids.parse_item(iri) and _exists(graph, iri):
        return iri
    candidates = [iri] if ids.parse_event(iri) and _IRI.match(iri) else []
    if _SLUG.match(ref):
        candidates.append(str(ids.entity("event", ref)))
    head, _, tail = ref.rpartition("/")
    if _SLUG.match(head) and tail.isdigit():  # <report id>/<position>
        numbered = str(ids.item(head, int(tail)))
        if _exists(graph, numbered):
            return numbered
    for event in candidates:
        if (of_event := _item_of_event(graph, event)) is not None:
            return of_event
    # by title: the event's or the item's, whole or a unique part
    titles: dict[str, set[str]] = {}
    for row in _rows(graph, _TITLES):
        for name in row[1:]:
            if row[0] and name:
                titles.setdefault(name, set()).add(row[0])
    wanted = normalize(ref)
    exact = {item for name, items in titles.items() if normalize(name) == wanted for item in items}
    partial = {
        item for name, items in titles.items() if wanted and wanted in normalize(name) for item in items
    }
    for found in (exact, partial):
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            named: dict[str, str] = {}
            for name, items in sorted(titles.items()):
                for item in items & found:
                    report, position = ids.parse_item(item) or ("?", 0)
                    named.setdefault(f"{report}/{position}", name)
            listed = [f"{key} ({name})" for key, name in sorted(named.items())]
            raise UnknownItemError(ref, listed[:8] + (["…"] if len(listed) > 8 else []), ambiguous=True)
    by_normal = {normalize(name): name for name in titles}
    close = difflib.get_close_matches(wanted, list(by_normal), n=3, cutoff=0.5)
    raise UnknownItemError(ref, [by_normal[c] for c in close])


# --- where it is printed --------------------------------------------------------------------------

_ITEM = """
SELECT ?report ?position ?number ?title ?event ?file ?sha ?url ?location WHERE {{
  <{item}> <http://purl.org/dc/terms/isPartOf> ?r ; <https://schema.org/position> ?position ;
         <http://www.w3.org/2000/01/rdf-schema#label> ?title .
  ?r <http://purl.org/dc/terms/identifier> ?report .
  OPTIONAL {{ <{item}> <https://w3id.org/binatgraph/ontology#itemNumber> ?number }}
  OPTIONAL {{ ?event <http://www.w3.org/ns/prov#wasDerivedFrom> <{item}> ; <https://schema.org/name> ?n }}
  OPTIONAL {{ ?r <http://purl.org/dc/terms/source> ?file }}
  OPTIONAL {{ ?r <https://schema.org/url> ?url }}
  OPTIONAL {{
    ?r <https://schema.org/associatedMedia> ?media .
    ?media <https://schema.org/sha256> ?sha .
    OPTIONAL {{ ?media <https://schema.org/contentUrl> ?location }}
  }}
}} LIMIT 1
"""
_SPANS = """
SELECT ?p ?start ?end ?line ?endLine WHERE {{
  <{item}> ?p ?span .
  ?span <http://www.w3.org/ns/oa#start> ?start ; <http://www.w3.org/ns/oa#end> ?end ;
        <https://w3id.org/binatgraph/ontology#startLine> ?line ;
        <https://w3id.org/binatgraph/ontology#endLine> ?endLine .
}}
"""
_SPAN_OF = {
    "https://w3id.org/binatgraph/ontology#span": "item",
    "https://w3id.org/binatgraph/ontology#titleSpan": "title",
    "https://w3id.org/binatgraph/ontology#bodySpan": "body",
    "https://w3id.org/binatgraph/ontology#contextSpan": "context",
}


def item_source(graph: Graph, ref: str) -> ItemSource:
    """Where the item ``ref`` names is printed, without reading the file."""
    item = find_item(graph, ref)
    row = next(_rows(graph, _ITEM.format(item=item)), None)
    if row is None:
        raise UnknownItemError(ref, [])
    report, position, number, title, event, file, sha, url, location = row
    spans = {}
    for prop, start, end, line, end_line in _rows(graph, _SPANS.format(item=item)):
        name = _SPAN_OF.get(prop or "")
        if name and start and end and line and end_line:
            spans[name] = Span(line=int(line), end_line=int(end_line), start=int(start), end=int(end))
    return ItemSource(
        item=item,
        report=report or "",
        position=int(position or 0),
        number=int(number) if number else None,
        title=title or "",
        event=event,
        file=file,
        sha256=sha,
        url=url,
        location=location,
        spans=spans,
    )


def _location_path(location: str | None) -> Path | None:
    if not location:
        return None
    if location.startswith("file:"):
        return Path(unquote(urlparse(location).path))
    return None if "://" in location else Path(location)


def source_text(graph: Graph, ref: str, reports_dir: Path | str | None = None) -> ItemSource:
    """The item ``ref`` names, with its source file read: ``result.part("item")`` is its text.

    The file is looked for in ``reports_dir`` (when given) by its recorded name, then where it was
    ingested from. A file found must have the recorded SHA-256, or :class:`SourceMismatchError`
    names both digests; none found raises :class:`SourceNotFoundError` naming the file and digest.
    An item whose report keeps no spans (data from before spans were recorded) is an error too.
    """
    from binatgraph.reports.text import ReportReadError, read_report_text

    found = item_source(graph, ref)
    label = f"item {found.number or found.position} of {found.report}"
    if not found.file:
        raise SourceError(f"{label}: its report records no source file; rebuild from data that has one")
    if "item" not in found.spans:
        raise SourceError(
            f"{label}: no span recorded in the graph (build from data/ with spans, or re-ingest "
            f"{found.file})"
        )
    candidates: list[Path] = []
    if reports_dir is not None:
        candidates.append(Path(reports_dir) / found.file)
    if (at := _location_path(found.location)) is not None:
        candidates.append(at)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise SourceNotFoundError(found.file, found.sha256, tuple(str(p.parent) for p in candidates))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if found.sha256 is None:
        raise SourceError(
            f"{label}: its report records no SHA-256 for {found.file}, so {path} cannot be checked"
        )
    if digest != found.sha256:
        raise SourceMismatchError(str(path), found.sha256, digest)
    try:
        text = read_report_text(path)
    except ReportReadError as exc:
        raise SourceError(str(exc)) from exc
    if found.spans["item"].end > len(text):
        raise SourceError(f"{label}: its span ends past the end of {path}")
    return ItemSource(**{**found.__dict__, "path": path, "text": text})
