"""The kinds of entity the graph holds, declared once: names, IRI segment, RDF class, file, references.

Every stage that needs to know what a person, an organization or an event is reads this table: the
gazetteer's files and lookups, IRIs and their inverse, the reference checks of ``data/``, the
projections, the pages and the evaluation. Adding a kind is one row here (and its record in
:mod:`.model`).

>>> KINDS["person"].plural, KINDS["person"].segment, KINDS["organization"].segment
('people', 'person', 'org')
>>> by_plural("institutions").singular
'institution'
>>> [k.plural for k in gazetteer_kinds()]
['people', 'organizations', 'institutions', 'places', 'topics', 'posts']
>>> KINDS["post"].references
(('organization', 'organizations'),)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from rdflib import ORG, SDO, SKOS, URIRef

from binatgraph.schema.vocab import BG

__all__ = [
    "GAZETTEER_KINDS",
    "KINDS",
    "EntityKind",
    "Kind",
    "by_plural",
    "by_segment",
    "gazetteer_kinds",
]

EntityKind = Literal["people", "organizations", "institutions", "places", "topics", "posts"]
"""The plural names of the kinds kept in the gazetteer (and of its files); a test ties it to the table."""


@dataclass(frozen=True)
class Kind:
    """One kind of entity.

    ``singular`` and ``plural`` are how messages and pages name it; ``segment`` is its IRI path
    segment (``https://w3id.org/binatgraph/id/<segment>/<id>``) and its SPARQL prefix is ``singular``;
    ``rdf_class`` is the class every resource of the kind has; ``gazetteer_file`` is its file under
    ``data/gazetteer/`` (``None``: the kind lives in report files); ``references`` lists the record
    fields that name another entity, with the plural of the kind they must name.
    """

    singular: str
    plural: str
    segment: str
    rdf_class: URIRef
    gazetteer_file: str | None = None
    references: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The singular with a capital, for headings and legends."""
        return self.singular[:1].upper() + self.singular[1:]

    def name(self, count: int) -> str:
        """``singular`` or ``plural`` as ``count`` asks.

        >>> KINDS["person"].name(1), KINDS["person"].name(3)
        ('person', 'people')
        """
        return self.singular if count == 1 else self.plural


KINDS: dict[str, Kind] = {
    kind.singular: kind
    for kind in (
        Kind("person", "people", "person", SDO.Person, "people.yaml"),
        Kind(
            "organization",
            "organizations",
            "org",
            ORG.Organization,
            "organizations.yaml",
            (("parent", "organizations"),),
        ),
        Kind("institution", "institutions", "institution", BG.Institution, "institutions.yaml",
             (("part_of", "institutions"),)),
        Kind("place", "places", "place", SDO.Place, "places.yaml", (("within", "places"),)),
        Kind("topic", "topics", "topic", SKOS.Concept, "topics.yaml", (("broader", "topics"),)),
        # A post names the organization (or, for a secretariat's post, the institution) it sits in;
        # the reference check accepts either.
        Kind("post", "posts", "post", ORG.Post, "posts.yaml", (("organization", "organizations"),)),
        Kind("event", "events", "event", SDO.Event),
        Kind("report", "reports", "report", BG.Report),
    )
}
"""Every kind, by its singular name, in the order files are read and pages list them."""

_BY_PLURAL = {kind.plural: kind for kind in KINDS.values()}
_BY_SEGMENT = {kind.segment: kind for kind in KINDS.values()}


def by_plural(plural: str) -> Kind:
    """The kind whose plural is ``plural`` (``people`` → person); ``KeyError`` if none."""
    return _BY_PLURAL[plural]


def by_segment(segment: str) -> Kind:
    """The kind whose IRI segment is ``segment`` (``org`` → organization); ``KeyError`` if none.

    >>> by_segment("org").singular
    'organization'
    """
    return _BY_SEGMENT[segment]


def gazetteer_kinds() -> tuple[Kind, ...]:
    """The kinds kept in ``data/gazetteer/``, in file order."""
    return tuple(kind for kind in KINDS.values() if kind.gazetteer_file)


GAZETTEER_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)
"""The plurals of :func:`gazetteer_kinds`, typed for the code that indexes records by kind."""
