"""Stable IRIs from natural keys, and back.

The same records always give the same IRIs, so a rebuilt graph is identical to the last one and
links from notebooks or other graphs keep working. Entity ids are curated slugs; events and report
items are keyed by their report and position in it. Each builder has its inverse in :func:`parse`,
:func:`parse_event` and :func:`parse_item`; the segments come from :mod:`binatgraph.schema.kinds`.

>>> person("marcelo-ebrard")
rdflib.term.URIRef('https://w3id.org/binatgraph/id/person/marcelo-ebrard')
>>> event("cbi-2022-jan-jun", 3)
rdflib.term.URIRef('https://w3id.org/binatgraph/id/event/cbi-2022-jan-jun-03')
>>> parse(organization("mx-sre"))
('organization', 'mx-sre')
>>> parse_item(item("cbi-2022-jan-jun", 7))
('cbi-2022-jan-jun', 7)
"""

from __future__ import annotations

import re

from rdflib import URIRef

from binatgraph.schema.kinds import KINDS, by_segment
from binatgraph.schema.vocab import BGR

__all__ = [
    "entity",
    "event",
    "institution",
    "item",
    "membership",
    "organization",
    "parse",
    "parse_event",
    "parse_item",
    "parse_membership",
    "participation",
    "person",
    "place",
    "post",
    "report",
    "topic",
]

_ITEM = re.compile(r"^report/(?P<report>[^/]+)/item/(?P<position>\d+)$")
_EVENT = re.compile(r"^(?P<report>.+)-(?P<position>\d{2,})$")


def entity(kind: str, entity_id: str) -> URIRef:
    """The IRI of an entity of ``kind`` (singular, as in :data:`~binatgraph.schema.kinds.KINDS`)."""
    return BGR[f"{KINDS[kind].segment}/{entity_id}"]


def person(person_id: str) -> URIRef:
    """A person's IRI."""
    return entity("person", person_id)


def organization(org_id: str) -> URIRef:
    """An organization's IRI."""
    return entity("organization", org_id)


def institution(institution_id: str) -> URIRef:
    """A binational institution's IRI."""
    return entity("institution", institution_id)


def place(place_id: str) -> URIRef:
    """A place's IRI."""
    return entity("place", place_id)


def topic(topic_id: str) -> URIRef:
    """A topic's IRI."""
    return entity("topic", topic_id)


def post(post_id: str) -> URIRef:
    """A post's IRI (the post itself, not who held it)."""
    return entity("post", post_id)


def membership(person_id: str, post_id: str) -> URIRef:
    """The IRI of a person's holding of a post."""
    return BGR[f"membership/{person_id}/{post_id}"]


def report(report_id: str) -> URIRef:
    """A report's (or a document's) IRI."""
    return entity("report", report_id)


def item(report_id: str, position: int) -> URIRef:
    """The IRI of a report's item at ``position``."""
    return BGR[f"{KINDS['report'].segment}/{report_id}/item/{position}"]


def event(report_id: str, position: int) -> URIRef:
    """The IRI of the event a report's item at ``position`` describes."""
    return entity("event", f"{report_id}-{position:02d}")


def participation(event_iri: URIRef, person_id: str) -> URIRef:
    """The IRI of a person's part in an event."""
    return URIRef(f"{event_iri}/participant/{person_id}")


def _local(iri: str) -> str | None:
    text = str(iri)
    return text[len(str(BGR)) :] if text.startswith(str(BGR)) else None


def parse(iri: str) -> tuple[str, str] | None:
    """``(kind, id)`` for an entity, event or report IRI; ``None`` for anything else.

    >>> parse("https://w3id.org/binatgraph/id/event/cbi-2022-jan-jun-03")
    ('event', 'cbi-2022-jan-jun-03')
    >>> parse("https://example.org/x") is None
    True
    """
    local = _local(iri)
    if local is None or "/" not in local:
        return None
    segment, _, rest = local.partition("/")
    try:
        kind = by_segment(segment)
    except KeyError:
        return None
    if not rest or "/" in rest:
        return None
    return kind.singular, rest


def parse_item(iri: str) -> tuple[str, int] | None:
    """``(report id, position)`` for a report item's IRI; ``None`` for anything else."""
    local = _local(iri)
    match = _ITEM.match(local) if local else None
    return (match["report"], int(match["position"])) if match else None


def parse_membership(iri: str) -> tuple[str, str] | None:
    """``(person id, post id)`` for the IRI of a post held; ``None`` for anything else.

    >>> parse_membership(membership("ana-ruiz", "mx-foreign-secretary"))
    ('ana-ruiz', 'mx-foreign-secretary')
    """
    local = _local(iri)
    parts = local.split("/") if local else []
    return (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "membership" else None


def parse_event(iri: str) -> tuple[str, int] | None:
    """``(report id, position)`` for an event's IRI; ``None`` for anything else.

    >>> parse_event(event("cbi-2023-apr-jun", 12))
    ('cbi-2023-apr-jun', 12)
    """
    found = parse(iri)
    match = _EVENT.match(found[1]) if found and found[0] == "event" else None
    return (match["report"], int(match["position"])) if match else None
