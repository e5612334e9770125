"""Who took part in each event, said once: derived triples the pair questions read instead of long paths.

An event names its people through participation nodes (``bg:participation/rdf:value``), its
organizations directly (``sem:hasActor``) or through the post a participant held
(``bg:participation/bg:asPost/org:postIn``), and its institutions with ``bg:institution``. Every
question about who meets whom walked those paths for every event, every time (at 100k events most
of agency-pairs' 18.6 s). The graph therefore stores, beside the asserted triples, one direct link
per event and party (declared in ``ontology/binatgraph.ttl``, documented in
``docs/rdf-mapping.md``):

- ``bg:involvesPerson`` (⊑ ``sem:hasActor``): event → each person taking part, i.e.
  ``?event bg:participation/rdf:value ?person``;
- ``bg:involvesOrganization`` (⊑ ``dcterms:relation``): event → each ``org:Organization`` taking
  part itself or through the post of a person present, i.e.
  ``?event sem:hasActor|(bg:participation/bg:asPost/org:postIn) ?x . ?x a org:Organization``
  (so dialogue mechanisms and binational organizations, which are ``org:Organization``, count when a
  participant held a post in them);
- ``bg:involvesInstitution`` (⊑ ``dcterms:relation``): event → each ``bg:Institution`` it belongs to
  (``bg:institution``) or in which a person present held the post they came as.

The RDFS entailments of these (:mod:`binatgraph.graph.entail`) are stored too: the ``sem:hasActor``
of a person is already asserted, so ``bg:involvesPerson`` adds no ``sem:hasActor`` triple; the two
others add ``dcterms:relation`` links (an event's ``bg:institution`` ones were there already).

Two equivalent ways to derive them, giving the same triples (a test checks both against the paths):

- :func:`report_derived` from the records, while a build streams its triples report by report;
- :func:`sparql_update`, one SPARQL 1.1 Update on a store already holding the data and its
  entailments: a loaded dump (any endpoint), and, limited to one report's events, an applied report
  (in the same request as its triples). It first deletes what was derived before, so a dump carrying
  stale derived triples is corrected, and running it twice changes nothing.

They are rebuilt with the graph and never edited by hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import DCTERMS, ORG, PROV, RDF, URIRef

from binatgraph.graph import entail
from binatgraph.graph.entail import Hierarchy, hierarchy
from binatgraph.graph.rdf import PILLAR_CLASS, post_bodies
from binatgraph.schema import ids
from binatgraph.schema.model import Gazetteer, Report
from binatgraph.schema.vocab import BG, BGR, SEM

__all__ = ["DERIVED", "Bodies", "bodies", "marker", "report_derived", "sparql_update"]

Triple = tuple[URIRef, URIRef, URIRef]

DERIVED: tuple[URIRef, ...] = (BG.involvesPerson, BG.involvesOrganization, BG.involvesInstitution)
"""The derived properties; nothing else is written by this module (beyond their entailments)."""


@dataclass(frozen=True)
class Bodies:
    """What the derivation needs from the gazetteer: the body of each post, and what kind it is."""

    post_in: Mapping[str, URIRef]  # post id -> organization or institution IRI
    organizations: frozenset[
        URIRef
    ]  # bodies that are org:Organization (all organizations, some institutions)
    institutions: frozenset[URIRef]  # bodies that are bg:Institution


def bodies(gazetteer: Gazetteer, rules: Hierarchy | None = None) -> Bodies:
    """The posts' bodies of ``gazetteer``, and which of its entities are organizations or institutions.

    An institution is an ``org:Organization`` when its pillar class is one in the ontology
    (dialogue mechanisms and binational organizations), read from the closed class hierarchy.
    """
    rules = rules or hierarchy()
    organizations = {ids.organization(org.id) for org in gazetteer.organizations}
    institutions = set()
    for inst in gazetteer.institutions:
        iri = ids.institution(inst.id)
        institutions.add(iri)
        if ORG.Organization in rules.superclasses.get(PILLAR_CLASS[inst.pillar], ()):
            organizations.add(iri)
    return Bodies(post_bodies(gazetteer), frozenset(organizations), frozenset(institutions))


def report_derived(report: Report, known: Bodies) -> Iterator[Triple]:
    """The derived triples of one report's events, each once, in a stable order (no entailments)."""
    for item in report.items:
        event = item.event
        iri = ids.event(report.id, item.position)
        people = dict.fromkeys(ids.person(part.person) for part in event.participants)
        through_posts = [known.post_in[part.post] for part in event.participants if part.post is not None]
        organizations = dict.fromkeys(
            [ids.organization(org) for org in event.organizations]
            + [body for body in through_posts if body in known.organizations]
        )
        institutions = dict.fromkeys(
            [ids.institution(inst) for inst in event.institutions]
            + [body for body in through_posts if body in known.institutions]
        )
        for person in people:
            yield iri, BG.involvesPerson, person
        for org in organizations:
            yield iri, BG.involvesOrganization, org
        for inst in institutions:
            yield iri, BG.involvesInstitution, inst


# What each derived property is, as a SPARQL pattern from ?event to ?x over the asserted triples and
# their entailments (sem:hasActor then also holds persons and participation nodes; the type filters
# keep organizations). Kept next to report_derived: the test holds the two to the same triples.
# Full IRIs, no prefixes: the update is appended to other operations of one request.
_HAS_ACTOR, _VALUE, _TYPE = SEM.hasActor.n3(), RDF.value.n3(), RDF.type.n3()
_THROUGH_POST = (
    f"?event {BG.participation.n3()} ?_part . ?_part {BG.asPost.n3()} ?_post . ?_post {ORG.postIn.n3()} ?x ."
)
PATHS: dict[URIRef, str] = {
    BG.involvesPerson: f"?event {BG.participation.n3()} ?_part . ?_part {_VALUE} ?x .",
    BG.involvesOrganization: (
        f"{{ ?event {_HAS_ACTOR} ?x }} UNION {{ {_THROUGH_POST} }}\n  ?x {_TYPE} {ORG.Organization.n3()} ."
    ),
    BG.involvesInstitution: (
        f"{{ ?event {BG.institution.n3()} ?x }} UNION {{ {_THROUGH_POST} ?x {_TYPE} {BG.Institution.n3()} }}"
    ),
}


def sparql_update(
    rules: Hierarchy | None = None, graph: str | None = None, *, report: str | None = None
) -> str:
    """One SPARQL 1.1 Update replacing the derived triples of ``graph`` (default graph if None).

    Run it after the RDFS entailments are stored (``?x a org:Organization`` reads them); it inserts
    each derived triple with its own entailments (super-properties), so nothing has to run after it.
    With ``report`` (a report IRI) only the events of that report's items are derived again (an
    applied report, whose old triples the same request deleted).

    >>> update = sparql_update()
    >>> update.count("DELETE"), update.count("INSERT")
    (1, 3)
    """
    rules = rules or hierarchy()
    open_graph, close_graph = (f"GRAPH <{graph}> {{ ", " }") if graph else ("", "")
    scope = (
        f"?event {PROV.wasDerivedFrom.n3()} ?_item . ?_item {DCTERMS.isPartOf.n3()} <{report}> .\n  "
        if report
        else ""
    )
    operations = [
        f"DELETE {{ {open_graph}?event ?p ?x{close_graph} }} WHERE {{ VALUES ?p {{ "
        + " ".join(p.n3() for p in DERIVED)
        + f" }} {open_graph}{scope}?event ?p ?x{close_graph} }}"
    ]
    for prop in DERIVED:
        heads = [prop, *rules.superproperties.get(prop, ())]
        template = " ".join(f"?event {p.n3()} ?x ." for p in heads)
        operations.append(
            f"INSERT {{ {open_graph}{template}{close_graph} }} WHERE {{\n"
            f"  {open_graph}{scope}{PATHS[prop]}{close_graph}\n}}"
        )
    return " ;\n".join(operations)


GRAPH = BGR.graph
"""The graph itself, as a subject: its ``dcterms:conformsTo`` says which materialization it holds."""


@cache
def marker() -> Triple:
    """The triple that says a graph holds the RDFS entailments and derived triples of today's rules.

    ``bgr:graph dcterms:conformsTo bgr:materialization/{digest}``, the digest taken from the two
    updates that would write them (:func:`binatgraph.graph.entail.sparql_update` and
    :func:`sparql_update`), so it changes whenever the ontology's hierarchies or the derivations do.
    Every build writes it; ``binatgraph load`` finds it in an export of a current build and then
    skips both updates (they would add nothing and cost more than the bulk load itself); it runs
    them for any other dump, without adding the marker (an export loads back as the same graph).
    """
    digest = hashlib.sha256((entail.sparql_update() + "\n" + sparql_update()).encode()).hexdigest()[:16]
    return GRAPH, DCTERMS.conformsTo, BGR[f"materialization/{digest}"]
