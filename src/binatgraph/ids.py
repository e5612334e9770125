"""Stable IRIs from natural keys.

The same records always give the same IRIs, so a rebuilt graph is identical to the last one and
links from notebooks or other graphs keep working. Entity ids are curated slugs; events and report
items are keyed by their report and position in it.

>>> person("marcelo-ebrard")
rdflib.term.URIRef('https://w3id.org/binatgraph/id/person/marcelo-ebrard')
>>> event("cbi-2022-jan-jun", 3)
rdflib.term.URIRef('https://w3id.org/binatgraph/id/event/cbi-2022-jan-jun-03')
"""

from __future__ import annotations

from rdflib import URIRef

from .vocab import BGR

__all__ = [
    "event",
    "institution",
    "item",
    "membership",
    "organization",
    "participation",
    "person",
    "place",
    "post",
    "report",
    "topic",
]


def person(person_id: str) -> URIRef:
    return BGR[f"person/{person_id}"]


def organization(org_id: str) -> URIRef:
    return BGR[f"org/{org_id}"]


def institution(institution_id: str) -> URIRef:
    return BGR[f"institution/{institution_id}"]


def place(place_id: str) -> URIRef:
    return BGR[f"place/{place_id}"]


def topic(topic_id: str) -> URIRef:
    return BGR[f"topic/{topic_id}"]


def post(post_id: str) -> URIRef:
    return BGR[f"post/{post_id}"]


def membership(person_id: str, post_id: str) -> URIRef:
    return BGR[f"membership/{person_id}/{post_id}"]


def report(report_id: str) -> URIRef:
    return BGR[f"report/{report_id}"]


def item(report_id: str, position: int) -> URIRef:
    return BGR[f"report/{report_id}/item/{position}"]


def event(report_id: str, position: int) -> URIRef:
    return BGR[f"event/{report_id}-{position:02d}"]


def participation(event_iri: URIRef, person_id: str) -> URIRef:
    return URIRef(f"{event_iri}/participant/{person_id}")
