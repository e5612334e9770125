"""Every page of the site as data: one function per kind of page, each a few SELECT queries.

A page is a plain dict (names, IRIs, dates, counts) that a template of ``site/templates`` renders; no
markup is made here. Pages read only what they show: an entity page asks for its own rows, never
for the whole graph. The one exception is cached per :class:`Site`: the degree rank of every person
per quarter (one aggregate query), which person pages and briefs look up.

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
>>> _ = build(data, memory)
>>> with open_graph(memory) as g:
...     page = Site(g).entity("https://w3id.org/binatgraph/id/person/ken-salazar")
>>> page["kind"], page["label"], len(page["events"]) > 0
('person', 'Ken Salazar', True)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from binatgraph.graph.rdf import COUNTRY_CONCEPT, EVENT_CLASS
from binatgraph.schema import ids
from binatgraph.schema.kinds import KINDS
from binatgraph.schema.vocab import BGR
from binatgraph.site.store import Reader, Row

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["LISTED_KINDS", "NETWORKS", "PageNotFoundError", "Site", "fold"]

_EVENT_TYPE = {str(iri): kind.value.replace("_", " ") for kind, iri in EVENT_CLASS.items()}
_COUNTRY = {str(iri): country.value for country, iri in COUNTRY_CONCEPT.items()}
_SEP = "\u001f"
_CLASSES = " ".join(f"<{iri}>" for iri in EVENT_CLASS.values())
LISTED_KINDS = ("person", "organization", "institution", "place", "topic", "post", "report")
"""The kinds the site lists on their own index page (events are reached by the timeline and briefs)."""
NETWORKS: dict[str, str] = {
    "people": "who-meets-whom",
    "organizations": "organizations",
    "institutions": "institutions",
    "events": "events",
}
"""The site's network pages (``/network/<name>``) and the ``binatgraph viz`` view each draws."""
EVENTS_SHOWN = 500  # events an entity page lists (the latest); the page says how many there are


class PageNotFoundError(LookupError):
    """No page at this address: the IRI names nothing in the store, or the period is not understood."""


def fold(text: str) -> str:
    """``text`` without accents, in lower case, punctuation as spaces: what search compares.

    >>> fold("Andrés Manuel LÓPEZ-Obrador")
    'andres manuel lopez obrador'
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(_SEP) if v]


def _values(iris: list[str] | set[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def kind_of(iri: str) -> str | None:
    """The kind of page an IRI has (``person`` … ``report``, ``item``), ``None`` for no page.

    >>> kind_of("https://w3id.org/binatgraph/id/org/mx-sre"), kind_of("https://example.org/x")
    ('organization', None)
    >>> kind_of("https://w3id.org/binatgraph/id/report/cbi-2022-jan-jun/item/3")
    'item'
    """
    found = ids.parse(iri)
    if found:
        return found[0]
    return "item" if ids.parse_item(iri) else None


def _short_date(value: str | None) -> str:
    return (value or "")[:10]


def _quarter(date: str) -> str | None:
    if len(date) < 7:
        return None
    return f"{date[:4]}Q{(int(date[5:7]) - 1) // 3 + 1}"


@dataclass
class Site:
    """The pages of one store. ``sources`` is where report source files are looked for (the item
    pages quote their passage when the file is at hand)."""

    graph: Graph
    sources: Path | None = None

    def __post_init__(self) -> None:
        self.reader = Reader(self.graph)
        self._ranks: dict[str, dict[str, tuple[int, int]]] | None = None
        self._participations: dict[str, tuple[str, list[str]]] | None = None
        self._index: list[dict[str, Any]] | None = None

    def rows(self, text: str) -> list[Row]:
        return self.reader.rows(text)

    # --- the home page and lists ---------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        """Counts per kind, the span of dated events and the quarters that have a brief."""
        counts = {
            row["cls"]: int(row["n"])
            for row in self.rows(
                "SELECT ?cls (COUNT(?s) AS ?n) WHERE { VALUES ?cls { "
                + _values({str(k.rdf_class) for k in KINDS.values()})
                + " } ?s a ?cls } GROUP BY ?cls"
            )
        }
        kinds = [
            {"kind": k.singular, "plural": k.plural, "count": counts.get(str(k.rdf_class), 0)}
            for k in KINDS.values()
        ]
        return {"kinds": kinds, "quarters": self.quarters()}

    def quarters(self) -> list[dict[str, Any]]:
        """Every quarter holding an event dated to the month or day, with its event count."""
        rows = self.rows(
            "SELECT ?m (COUNT(?e) AS ?n) WHERE { ?e schema:startDate ?d . BIND(SUBSTR(STR(?d), 1, 7) AS ?m) "
            "FILTER(STRLEN(STR(?d)) >= 7) } GROUP BY ?m"
        )
        found: Counter[str] = Counter()
        for row in rows:
            quarter = _quarter(row["m"])
            if quarter:
                found[quarter] += int(row["n"])
        return [{"period": q, "events": found[q]} for q in sorted(found)]

    def listing(self, kind: str) -> dict[str, Any]:
        """Every entity of ``kind`` (a singular of :data:`LISTED_KINDS`) with its label and events."""
        if kind not in LISTED_KINDS:
            raise PageNotFoundError(f"no list of {kind}")
        spec = KINDS[kind]
        through = {
            "person": "?e bg:participation ?x . ?x rdf:value ?s .",
            "organization": "?e sem:hasActor ?s .",
            "institution": "?e bg:institution ?s .",
            "place": "?e schema:location ?s .",
            "topic": "?e dcterms:subject ?s .",
            "post": "?e bg:participation/bg:asPost ?s .",
            "report": "?e prov:wasDerivedFrom/dcterms:isPartOf ?s .",
        }[kind]
        rows = self.rows(
            f"SELECT ?s ?label WHERE {{ ?s a <{spec.rdf_class}> ; rdfs:label ?label . "
            f'FILTER(STRSTARTS(STR(?s), "{BGR}{spec.segment}/")) }}'
        )
        counts = {
            row["s"]: int(row["n"])
            for row in self.rows(f"SELECT ?s (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {through} }} GROUP BY ?s")
        }
        seen: dict[str, dict[str, Any]] = {}
        for row in rows:
            seen.setdefault(
                row["s"], {"iri": row["s"], "label": row["label"], "events": counts.get(row["s"], 0)}
            )
        entries = sorted(seen.values(), key=lambda e: (fold(e["label"]), e["iri"]))
        return {"kind": kind, "plural": spec.plural, "entries": entries}

    # --- entity pages ----------------------------------------------------------------------------

    def entity(self, iri: str) -> dict[str, Any]:
        """The page of the entity, event, report or report item ``iri``; :class:`PageNotFoundError` if
        the store says nothing about it."""
        kind = kind_of(iri)
        if kind is None:
            raise PageNotFoundError(f"{iri} is not an address of this graph")
        facts = self._facts(iri)
        if not facts:
            raise PageNotFoundError(f"nothing is known about {iri}")
        page: dict[str, Any] = {"kind": kind, "iri": iri, **self._summary(iri, facts)}
        builder = getattr(self, f"_{kind}", None)
        if builder is not None:
            page.update(builder(iri, facts))
        return page

    def _facts(self, iri: str) -> list[Row]:
        """Every statement about ``iri``, with the label of what it points at."""
        return self.rows(
            f"SELECT ?p ?o ?label WHERE {{ <{iri}> ?p ?o . "
            'OPTIONAL { ?o rdfs:label ?label FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) } }'
        )

    def _summary(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        by: dict[str, list[Row]] = defaultdict(list)
        for row in facts:
            by[row["p"]].append(row)

        def first(predicate: str) -> str:
            found = by.get(predicate)
            return found[0]["o"] if found else ""

        label = first("http://www.w3.org/2000/01/rdf-schema#label") or iri.rsplit("/", 1)[-1]
        aliases = sorted({r["o"] for r in by.get("http://www.w3.org/2004/02/skos/core#altLabel", [])})
        countries = sorted(
            {
                _COUNTRY.get(r["o"], r.get("label", ""))
                for r in by.get("https://w3id.org/binatgraph/ontology#country", [])
            }
        )
        types = [r["o"] for r in by.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])]
        links = [
            {"predicate": r["p"], "iri": r["o"], "label": r.get("label") or r["o"]}
            for r in facts
            if r["o"].startswith(str(BGR)) and kind_of(r["o"]) and r["p"] != "http://www.w3.org/ns/org#holds"
        ]
        return {
            "label": label,
            "aliases": aliases,
            "countries": countries,
            "types": types,
            "description": first("https://schema.org/description"),
            "links": links,
            "by": by,
        }

    def _event_dates(self, pattern: str) -> dict[str, str]:
        """Every event matching ``pattern`` (binding ``?e``) and its stated date (``""`` if none)."""
        rows = self.rows(
            f"SELECT DISTINCT ?e ?date WHERE {{ {pattern} OPTIONAL {{ ?e schema:startDate ?date }} }}"
        )
        return {row["e"]: row.get("date", "") for row in rows}

    def _details(self, dates: dict[str, str], limit: int = EVENTS_SHOWN) -> list[dict[str, Any]]:
        """The latest ``limit`` of ``dates``' events with their title, type and source item."""
        latest = sorted(dates, key=lambda e: (dates[e], e), reverse=True)[:limit]
        if not latest:
            return []
        rows = self.rows(
            f"SELECT ?e ?title ?cls ?i WHERE {{ VALUES ?e {{ {_values(latest)} }} "
            f"?e rdfs:label ?title ; a ?cls . VALUES ?cls {{ {_CLASSES} }} "
            "OPTIONAL { ?e prov:wasDerivedFrom ?i } }"
        )
        found = {row["e"]: row for row in rows}
        return [
            {
                "iri": e,
                "title": found.get(e, {}).get("title", e.rsplit("/", 1)[-1]),
                "date": dates[e],
                "type": _EVENT_TYPE.get(found.get(e, {}).get("cls", ""), "event"),
                "item": found.get(e, {}).get("i", ""),
            }
            for e in latest
        ]

    def _events_of(self, pattern: str, limit: int = EVENTS_SHOWN) -> tuple[list[dict[str, Any]], int]:
        """The events matching ``pattern`` (binding ``?e``), latest first, with date, type, title, item."""
        dates = self._event_dates(pattern)
        return self._details(dates, limit), len(dates)

    def labels(self, iris: set[str] | list[str]) -> dict[str, str]:
        """The labels of ``iris`` (one query)."""
        if not iris:
            return {}
        rows = self.rows(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {_values(set(iris))} }} ?s rdfs:label ?l }}")
        return {row["s"]: row["l"] for row in rows}

    def _organizations_in(self, events: list[str], besides: str = "") -> list[dict[str, Any]]:
        """The organizations taking part in ``events`` (themselves or through a post), with counts."""
        if not events:
            return []
        rows = self.rows(
            f"SELECT DISTINCT ?e ?o WHERE {{ VALUES ?e {{ {_values(events)} }} "
            "{ ?e sem:hasActor ?o } UNION "
            "{ ?e bg:participation ?p . ?p bg:asPost ?post . ?post org:postIn ?o } }"
        )
        counts: Counter[str] = Counter(row["o"] for row in rows if row["o"] != besides)
        organizations = (
            {
                row["o"]: row["l"]
                for row in self.rows(
                    f"SELECT ?o ?l WHERE {{ VALUES ?o {{ {_values(set(counts))} }} ?o a org:Organization ; "
                    "rdfs:label ?l }"
                )
            }
            if counts
            else {}
        )
        return sorted(
            (
                {"iri": o, "label": organizations[o], "events": n}
                for o, n in counts.items()
                if o in organizations
            ),
            key=lambda x: (-x["events"], fold(x["label"])),
        )

    def _people_in(self, events: list[str]) -> list[dict[str, Any]]:
        """The people taking part in ``events``, with counts."""
        if not events:
            return []
        rows = self.rows(
            f"SELECT DISTINCT ?e ?o WHERE {{ VALUES ?e {{ {_values(events)} }} ?e bg:participation ?p . "
            "?p rdf:value ?o }"
        )
        counts: Counter[str] = Counter(row["o"] for row in rows)
        names = self.labels(set(counts))
        return sorted(
            ({"iri": o, "label": names.get(o, o), "events": n} for o, n in counts.items()),
            key=lambda x: (-x["events"], fold(x["label"])),
        )

    def _person(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        parts = self.rows(
            "SELECT ?e ?date ?stated ?post WHERE { "
            f"?part rdf:value <{iri}> . ?e bg:participation ?part . "
            "OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?part bg:statedTitle ?stated } "
            "OPTIONAL { ?part bg:asPost ?post } }"
        )
        posts: dict[tuple[str, str], dict[str, Any]] = {}
        dates: dict[str, str] = {}
        for row in parts:
            dates[row["e"]] = row.get("date", "")
            key = (row.get("stated", ""), row.get("post", ""))
            if not any(key):
                continue
            entry = posts.setdefault(key, {"stated": key[0], "post": key[1], "dates": [], "events": 0})
            entry["events"] += 1
            if row.get("date"):
                entry["dates"].append(str(row["date"]))
        held = []
        for entry in posts.values():
            seen = sorted(entry.pop("dates"))
            held.append({**entry, "first": seen[0] if seen else "", "last": seen[-1] if seen else ""})
        events = self._details(dates)
        others = self.rows(
            "SELECT DISTINCT ?e ?o WHERE { "
            f"?part rdf:value <{iri}> . ?e bg:participation ?part , ?other . ?other rdf:value ?o "
            f"FILTER(?o != <{iri}>) }}"
        )
        institutions = self.rows(
            f"SELECT DISTINCT ?e ?i WHERE {{ ?part rdf:value <{iri}> . ?e bg:participation ?part ; "
            "bg:institution ?i }"
        )
        names = self.labels(
            {row["o"] for row in others}
            | {row["i"] for row in institutions}
            | {p["post"] for p in held if p["post"]}
        )
        for entry in held:
            entry["post_label"] = names.get(entry["post"], entry["post"])
        held.sort(key=lambda p: (p["first"] or "9999", p["stated"]))
        with_whom: dict[str, list[dict[str, str]]] = defaultdict(list)
        ties: Counter[str] = Counter()
        for row in others:
            with_whom[row["e"]].append({"iri": row["o"], "label": names.get(row["o"], row["o"])})
            ties[row["o"]] += 1
        for event in events:
            event["with"] = sorted(with_whom.get(event["iri"], []), key=lambda p: p["label"])
        took_part: Counter[str] = Counter(row["i"] for row in institutions)
        circle = [
            {"iri": o, "label": names.get(o, o), "shared": n}
            for o, n in sorted(ties.items(), key=lambda t: (-t[1], names.get(t[0], t[0])))
        ]
        return {
            "posts": held,
            "held": self._linked(facts, "http://www.w3.org/ns/org#holds"),
            "events": events,
            "event_total": len(dates),
            "institutions": sorted(
                ({"iri": i, "label": names.get(i, i), "events": n} for i, n in took_part.items()),
                key=lambda x: (-x["events"], fold(x["label"])),
            ),
            "circle": circle,
            "ego": ego_drawing(iri, self._label_of(facts, iri), circle[:12]),
            "ranks": self.ranks().get(iri, {}),
        }

    @staticmethod
    def _label_of(facts: list[Row], iri: str) -> str:
        for row in facts:
            if row["p"] == "http://www.w3.org/2000/01/rdf-schema#label":
                return row["o"]
        return iri.rsplit("/", 1)[-1]

    def _organization(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        officials = self.rows(
            "SELECT DISTINCT ?person ?name ?post ?postLabel WHERE { "
            f"?post org:postIn <{iri}> ; rdfs:label ?postLabel . "
            "{ ?post org:heldBy ?person } UNION { ?part bg:asPost ?post ; rdf:value ?person } "
            "?person rdfs:label ?name } ORDER BY ?postLabel ?name"
        )
        subs = self.rows(
            f"SELECT ?s ?label WHERE {{ ?s org:subOrganizationOf <{iri}> ; rdfs:label ?label }} "
            "ORDER BY ?label"
        )
        dates = self._event_dates(
            f"{{ ?e sem:hasActor <{iri}> }} UNION "
            f"{{ ?post org:postIn <{iri}> . ?part bg:asPost ?post . ?e bg:participation ?part }}"
        )
        return {
            "officials": [
                {"iri": r["person"], "label": r["name"], "post": r["post"], "post_label": r["postLabel"]}
                for r in officials
            ],
            "parents": self._linked(facts, "http://www.w3.org/ns/org#subOrganizationOf"),
            "subs": [{"iri": r["s"], "label": r["label"]} for r in subs],
            "events": self._details(dates),
            "event_total": len(dates),
            "counterparts": self._organizations_in(list(dates), besides=iri),
        }

    @staticmethod
    def _linked(facts: list[Row], predicate: str) -> list[dict[str, str]]:
        return sorted(
            ({"iri": r["o"], "label": r.get("label") or r["o"]} for r in facts if r["p"] == predicate),
            key=lambda x: x["label"],
        )

    def _institution(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        parts = self.rows(
            f"SELECT ?s ?label WHERE {{ ?s dcterms:isPartOf <{iri}> ; a bg:Institution ; "
            "rdfs:label ?label } "
            "ORDER BY ?label"
        )
        dates = self._event_dates(f"?e bg:institution <{iri}> .")
        years: Counter[str] = Counter(d[:4] for d in dates.values() if d)
        peak = max(years.values(), default=1)
        pillar = next(
            (r.get("label") or r["o"].rsplit("#", 1)[-1] for r in facts if r["p"].endswith("#pillar")), ""
        )
        return {
            "pillar": pillar,
            "parents": self._linked(facts, "http://purl.org/dc/terms/isPartOf"),
            "parts": [{"iri": r["s"], "label": r["label"]} for r in parts],
            "events": self._details(dates),
            "event_total": len(dates),
            "agencies": self._organizations_in(list(dates)),
            "people": self._people_in(list(dates)),
            "activity": [
                {"year": y, "events": n, "width": round(100 * n / peak)} for y, n in sorted(years.items())
            ],
        }

    def _event(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        people = self.rows(
            "SELECT ?person ?name ?stated ?post ?postLabel ?role WHERE { "
            f"<{iri}> bg:participation ?part . ?part rdf:value ?person . ?person rdfs:label ?name . "
            "OPTIONAL { ?part bg:statedTitle ?stated } "
            'OPTIONAL { ?part sem:roleType ?r . BIND(STRAFTER(STR(?r), "#") AS ?role) } '
            "OPTIONAL { ?part bg:asPost ?post . ?post rdfs:label ?postLabel } } ORDER BY ?name"
        )
        source = self.rows(
            "SELECT ?item ?itemLabel ?position ?number ?report ?reportLabel ?url ?file WHERE { "
            f"<{iri}> prov:wasDerivedFrom ?item . ?item rdfs:label ?itemLabel ; dcterms:isPartOf ?report . "
            "?report rdfs:label ?reportLabel . OPTIONAL { ?item schema:position ?position } "
            "OPTIONAL { ?item bg:itemNumber ?number } OPTIONAL { ?report schema:url ?url } "
            "OPTIONAL { ?report dcterms:source ?file } } LIMIT 1"
        )
        by = self._group(facts)
        classes = [r["o"] for r in by.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])]
        date = next((str(r["o"]) for r in by.get("https://schema.org/startDate", [])), "")
        end = next((str(r["o"]) for r in by.get("https://schema.org/endDate", [])), "")

        def named(predicate: str, kind: str | None = None) -> list[dict[str, str]]:
            return sorted(
                (
                    {"iri": r["o"], "label": r.get("label") or r["o"]}
                    for r in by.get(predicate, [])
                    if kind is None or kind_of(r["o"]) == kind
                ),
                key=lambda x: x["label"],
            )

        return {
            "date": date,
            "end": end,
            "type": next((_EVENT_TYPE[c] for c in classes if c in _EVENT_TYPE), "event"),
            "undated": "https://w3id.org/binatgraph/ontology#UndatedEvent" in classes,
            "participants": [
                {
                    "iri": r["person"],
                    "label": r["name"],
                    "stated": r.get("stated", ""),
                    "post": r.get("post", ""),
                    "post_label": r.get("postLabel", ""),
                    "role": r.get("role", "").removesuffix("Role").lower(),
                }
                for r in people
            ],
            "organizations": named("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor", "organization"),
            "institutions": named("https://w3id.org/binatgraph/ontology#institution"),
            "places": named("https://schema.org/location"),
            "topics": named("http://purl.org/dc/terms/subject"),
            "source": self._source_row(source[0]) if source else None,
            "passage": self._passage(source[0]["item"])[0] if source else "",
        }

    @staticmethod
    def _group(facts: list[Row]) -> dict[str, list[Row]]:
        by: dict[str, list[Row]] = defaultdict(list)
        for row in facts:
            by[row["p"]].append(row)
        return by

    @staticmethod
    def _source_row(row: Row) -> dict[str, Any]:
        return {
            "item": row["item"],
            "item_label": row["itemLabel"],
            "number": row.get("number") or row.get("position", ""),
            "report": row["report"],
            "report_label": row["reportLabel"],
            "url": row.get("url", "") if row.get("url", "").startswith(("https://", "http://")) else "",
            "file": row.get("file", ""),
        }

    def _item(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        found = ids.parse_item(iri)
        assert found is not None
        report = str(ids.report(found[0]))
        rows = self.rows(
            "SELECT ?reportLabel ?url ?file (SAMPLE(?e) AS ?event) (SAMPLE(?t) AS ?eventLabel) WHERE { "
            f"<{report}> rdfs:label ?reportLabel . OPTIONAL {{ <{report}> schema:url ?url }} "
            f"OPTIONAL {{ <{report}> dcterms:source ?file }} "
            f"OPTIONAL {{ ?e prov:wasDerivedFrom <{iri}> ; rdfs:label ?t }} }} "
            "GROUP BY ?reportLabel ?url ?file"
        )
        row = rows[0] if rows else {}
        passage, missing = self._passage(iri)
        return {
            "report": report,
            "report_label": row.get("reportLabel", found[0]),
            "position": found[1],
            "url": row.get("url", "") if row.get("url", "").startswith(("https://", "http://")) else "",
            "file": row.get("file", ""),
            "event": row.get("event", ""),
            "event_label": row.get("eventLabel", ""),
            "passage": passage,
            "passage_missing": missing,
        }

    def _passage(self, iri: str) -> tuple[str, str]:
        """The item's words from its source file, or why they cannot be shown."""
        from binatgraph.graph.provenance import SourceError, source_text

        started = dt.datetime.now()
        try:
            found = source_text(self.graph, iri, self.sources)
        except SourceError as exc:
            return "", str(exc)
        finally:
            # source_text runs its SPARQL through rdflib: count it with the page's queries
            self.reader.query_seconds += (dt.datetime.now() - started).total_seconds()
        return found.part("item") or "", ""

    def _report(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        items = self.rows(
            "SELECT ?item ?label ?position ?e ?eLabel WHERE { "
            f"?item dcterms:isPartOf <{iri}> ; a bg:ReportItem ; rdfs:label ?label ; "
            "schema:position ?position . "
            "OPTIONAL { ?e prov:wasDerivedFrom ?item ; rdfs:label ?eLabel } }"
        )
        listed = sorted(
            (
                {
                    "iri": r["item"],
                    "label": r["label"],
                    "position": int(r["position"]),
                    "event": r.get("e", ""),
                    "event_label": r.get("eLabel", ""),
                }
                for r in items
            ),
            key=lambda r: int(str(r["position"])),
        )
        by = self._group(facts)
        url = next((r["o"] for r in by.get("https://schema.org/url", [])), "")
        return {
            "items": listed,
            "url": url if url.startswith(("https://", "http://")) else "",
            "coverage": next((r["o"] for r in by.get("https://schema.org/temporalCoverage", [])), ""),
            "publisher": next((r["o"] for r in by.get("http://purl.org/dc/terms/publisher", [])), ""),
        }

    def _place(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        events, total = self._events_of(f"?e schema:location <{iri}> .")
        return {"events": events, "event_total": total}

    def _topic(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        narrower = self.rows(
            f"SELECT ?s ?label WHERE {{ ?s skos:broader <{iri}> ; rdfs:label ?label }} ORDER BY ?label"
        )
        events, total = self._events_of(f"?e dcterms:subject <{iri}> .")
        return {
            "events": events,
            "event_total": total,
            "narrower": [{"iri": r["s"], "label": r["label"]} for r in narrower],
        }

    def _post(self, iri: str, facts: list[Row]) -> dict[str, Any]:
        holders = self.rows(
            "SELECT DISTINCT ?person ?name WHERE { "
            f"{{ <{iri}> org:heldBy ?person }} UNION {{ ?part bg:asPost <{iri}> ; rdf:value ?person }} "
            "?person rdfs:label ?name } ORDER BY ?name"
        )
        events, total = self._events_of(f"?e bg:participation/bg:asPost <{iri}> .")
        return {
            "holders": [{"iri": r["person"], "label": r["name"]} for r in holders],
            "events": events,
            "event_total": total,
        }

    # --- centrality ranks ------------------------------------------------------------------------

    def participations(self) -> dict[str, tuple[str, list[str]]]:
        """Every event with people taking part: ``{event: (stated date or "", [people])}``; one query,
        cached (ranks and briefs read it)."""
        if self._participations is None:
            rows = self.rows(
                "SELECT ?e ?d ?p WHERE { ?e bg:participation ?x . ?x rdf:value ?p . "
                "OPTIONAL { ?e schema:startDate ?d } }"
            )
            found: dict[str, tuple[str, list[str]]] = {}
            for row in rows:
                found.setdefault(row["e"], (row.get("d", ""), []))[1].append(row["p"])
            self._participations = found
        return self._participations

    def ranks(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Each person's degree rank per quarter: ``{person: {quarter: (rank, co-participants)}}``.

        Degree in the people projection of the quarter's events (those dated to the month or day),
        as ``binatgraph centrality --period`` ranks it; computed once from :meth:`participations`.
        """
        if self._ranks is None:
            met: dict[tuple[str, str], set[str]] = defaultdict(set)
            for date, people in self.participations().values():
                quarter = _quarter(date)
                if quarter is None:
                    continue
                for person in people:
                    met[(quarter, person)].update(people)
            per_quarter: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for (quarter, person), others in met.items():
                per_quarter[quarter].append((person, len(others - {person})))
            ranks: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
            for quarter, entries in per_quarter.items():
                entries.sort(key=lambda e: -e[1])
                rank, last = 0, -1
                for i, (person, degree) in enumerate(entries, 1):
                    if degree != last:
                        rank, last = i, degree
                    ranks[person][quarter] = (rank, degree)
            self._ranks = dict(ranks)
        return self._ranks

    # --- search ----------------------------------------------------------------------------------

    def search_index(self) -> list[dict[str, Any]]:
        """Every named entity: ``iri``, ``label``, ``kind`` and ``names`` (label, aliases, acronyms)."""
        if self._index is None:
            rows = self.rows(
                'SELECT ?s ?label (GROUP_CONCAT(DISTINCT ?alt; separator="\u001f") AS ?alts) WHERE { '
                "?s skos:prefLabel ?label . OPTIONAL { ?s skos:altLabel ?alt } "
                f'FILTER(STRSTARTS(STR(?s), "{BGR}")) }} GROUP BY ?s ?label'
            )
            index: list[dict[str, Any]] = []
            for row in rows:
                kind = kind_of(row["s"])
                if kind is None or kind in ("event", "item"):
                    continue
                index.append(
                    {
                        "iri": row["s"],
                        "label": row["label"],
                        "kind": kind,
                        "names": [row["label"], *_split(row.get("alts"))],
                    }
                )
            index.sort(key=lambda e: (fold(e["label"]), e["iri"]))
            self._index = index
        return self._index

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Entities whose name, alias or acronym holds ``query`` (accents and case ignored); exact
        and prefix matches first.

        >>> from binatgraph.graph.build import build
        >>> from binatgraph.graph.store import StoreLocation, open_graph
        >>> memory = StoreLocation.parse("memory")
        >>> from pathlib import Path
        >>> _ = build(Path(__file__).parents[3] / "data", memory)
        >>> with open_graph(memory) as g:
        ...     site = Site(g)
        ...     plain, accented = site.search("lopez obrador"), site.search("LÓPEZ Obrador")
        >>> [hit["label"] for hit in plain] == [hit["label"] for hit in accented]
        True
        >>> [hit["label"] for hit in plain]
        ['Andrés Manuel López Obrador']
        """
        wanted = fold(query)
        if not wanted:
            return []
        hits = []
        for entry in self.search_index():
            keys = [fold(name) for name in entry["names"]]
            if any(wanted in key for key in keys):
                score = 0 if wanted in keys else 1 if any(k.startswith(wanted) for k in keys) else 2
                hits.append((score, fold(entry["label"]), entry))
        hits.sort(key=lambda h: (h[0], h[1]))
        return [hit[2] for hit in hits[:limit]]


def ego_drawing(center: str, label: str, circle: list[dict[str, Any]]) -> dict[str, Any]:
    """A small ego network as positions for an inline SVG: the person in the middle, the people
    they met most around them, ties as thick as the events shared.

    >>> drawing = ego_drawing("p", "P", [{"iri": "a", "label": "A", "shared": 2}])
    >>> drawing["nodes"][0]["label"], len(drawing["nodes"]), drawing["ties"][0]["width"]
    ('P', 2, 4.0)
    """
    import math

    width, height, radius = 520, 360, 130
    nodes = [{"iri": center, "label": label, "x": width / 2, "y": height / 2, "center": True}]
    ties = []
    most = max((c["shared"] for c in circle), default=1)
    for i, other in enumerate(circle):
        angle = 2 * math.pi * i / max(len(circle), 1) - math.pi / 2
        x, y = width / 2 + radius * math.cos(angle), height / 2 + radius * math.sin(angle)
        nodes.append(
            {
                "iri": other["iri"],
                "label": other["label"],
                "x": round(x, 1),
                "y": round(y, 1),
                "center": False,
            }
        )
        ties.append(
            {
                "x1": width / 2,
                "y1": height / 2,
                "x2": round(x, 1),
                "y2": round(y, 1),
                "width": round(1 + 3 * other["shared"] / most, 1),
            }
        )
    return {"width": width, "height": height, "nodes": nodes, "ties": ties}
