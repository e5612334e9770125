"""Records to triples, following ``docs/rdf-mapping.md``.

Every controlled value of the model maps to one ontology term in the tables below; a test checks
the tables cover every enum member, so adding an event type to the model without a class fails
loudly. The output has no blank nodes, so the same records always give the same triples.

>>> from binatgraph.schema.model import PartialDate
>>> date_literal(PartialDate.parse("2023-04")).datatype
rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from rdflib import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Literal, URIRef

from binatgraph.schema import ids
from binatgraph.schema.model import (
    Country,
    DatePrecision,
    Entity,
    Event,
    EventType,
    Gazetteer,
    Institution,
    Organization,
    OrgKind,
    PartialDate,
    ParticipantRole,
    Person,
    Pillar,
    Place,
    PlaceKind,
    Post,
    Report,
    ReportItem,
    Span,
    Topic,
)
from binatgraph.schema.prefixes import bind_prefixes
from binatgraph.schema.vocab import BG, OA, SEM

__all__ = ["dataset_triples", "date_literal", "source_file_iri", "to_graph"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

EVENT_CLASS: dict[EventType, URIRef] = {
    EventType.VISIT: BG.Visit,
    EventType.MEETING: BG.Meeting,
    EventType.DIALOGUE_SESSION: BG.DialogueSession,
    EventType.JOINT_STATEMENT: BG.JointStatement,
    EventType.AGREEMENT_SIGNING: BG.AgreementSigning,
    EventType.DECREE: BG.Decree,
    EventType.PHONE_CALL: BG.PhoneCall,
    EventType.SUMMIT: BG.Summit,
    EventType.FORUM: BG.Forum,
    EventType.ANNOUNCEMENT: BG.Announcement,
    EventType.RESOLUTION: BG.Resolution,
    EventType.OTHER: BG.OtherEvent,
}
PILLAR_CLASS: dict[Pillar, URIRef] = {
    Pillar.AGREEMENT: BG.Agreement,
    Pillar.DIALOGUE_MECHANISM: BG.DialogueMechanism,
    Pillar.ORGANIZATION: BG.BinationalOrganization,
    Pillar.PROGRAM: BG.Program,
}
PILLAR_CONCEPT: dict[Pillar, URIRef] = {
    Pillar.AGREEMENT: BG.AgreementPillar,
    Pillar.DIALOGUE_MECHANISM: BG.DialogueMechanismPillar,
    Pillar.ORGANIZATION: BG.OrganizationPillar,
    Pillar.PROGRAM: BG.ProgramPillar,
}
ROLE_CONCEPT: dict[ParticipantRole, URIRef] = {
    ParticipantRole.PARTICIPANT: BG.ParticipantRole,
    ParticipantRole.LEADER: BG.LeaderRole,
    ParticipantRole.HOST: BG.HostRole,
}
COUNTRY_CONCEPT: dict[Country, URIRef] = {
    Country.US: BG.US,
    Country.MX: BG.MX,
    Country.CA: BG.CA,
    Country.BINATIONAL: BG.Binational,
    Country.OTHER: BG.OtherCountry,
}
ORG_CLASS: dict[OrgKind, URIRef] = {
    OrgKind.GOVERNMENT: SDO.GovernmentOrganization,
    OrgKind.LEGISLATURE: SDO.GovernmentOrganization,
    OrgKind.COMPANY: SDO.Corporation,
    OrgKind.UNIVERSITY: SDO.CollegeOrUniversity,
    OrgKind.NGO: SDO.NGO,
    OrgKind.CRIMINAL: SDO.Organization,
    OrgKind.OTHER: SDO.Organization,
}
PLACE_CLASS: dict[PlaceKind, URIRef | None] = {
    PlaceKind.COUNTRY: SDO.Country,
    PlaceKind.STATE: SDO.State,
    PlaceKind.CITY: SDO.City,
    PlaceKind.REGION: None,
    PlaceKind.VENUE: None,
}
_DATE_TYPE: dict[DatePrecision, URIRef] = {
    DatePrecision.DAY: XSD.date,
    DatePrecision.MONTH: XSD.gYearMonth,
    DatePrecision.YEAR: XSD.gYear,
}


def date_literal(value: PartialDate) -> Literal:
    """A typed literal whose datatype carries the precision (xsd:date, gYearMonth or gYear)."""
    return Literal(value.iso, datatype=_DATE_TYPE[value.precision])


# --- entities ----------------------------------------------------------------------------------


def _labels(iri: URIRef, entity: Entity) -> Iterator[Triple]:
    yield iri, RDFS.label, Literal(entity.name)
    yield iri, SKOS.prefLabel, Literal(entity.name)
    for alt in dict.fromkeys(n for n in entity.names()[1:] if n != entity.name):
        yield iri, SKOS.altLabel, Literal(alt)


def _person(person: Person) -> Iterator[Triple]:
    iri = ids.person(person.id)
    yield iri, RDF.type, SDO.Person
    yield from _labels(iri, person)
    yield iri, BG.country, COUNTRY_CONCEPT[person.country]


def _organization(org: Organization) -> Iterator[Triple]:
    iri = ids.organization(org.id)
    yield iri, RDF.type, ORG.Organization
    yield iri, RDF.type, ORG_CLASS[org.kind]
    yield from _labels(iri, org)
    yield iri, BG.country, COUNTRY_CONCEPT[org.country]
    if org.parent:
        yield iri, ORG.subOrganizationOf, ids.organization(org.parent)


def _institution(inst: Institution) -> Iterator[Triple]:
    iri = ids.institution(inst.id)
    yield iri, RDF.type, BG.Institution
    yield iri, RDF.type, PILLAR_CLASS[inst.pillar]
    yield iri, BG.pillar, PILLAR_CONCEPT[inst.pillar]
    yield from _labels(iri, inst)
    for country in inst.countries:
        yield iri, BG.country, COUNTRY_CONCEPT[country]
    for parent in inst.part_of:
        yield iri, DCTERMS.isPartOf, ids.institution(parent)
    if inst.established:
        yield iri, DCTERMS.created, date_literal(inst.established)


def _place(place: Place) -> Iterator[Triple]:
    iri = ids.place(place.id)
    yield iri, RDF.type, SDO.Place
    kind_class = PLACE_CLASS[place.kind]
    if kind_class is not None:
        yield iri, RDF.type, kind_class
    yield from _labels(iri, place)
    yield iri, BG.country, COUNTRY_CONCEPT[place.country]
    if place.within:
        yield iri, SDO.containedInPlace, ids.place(place.within)


def _topic(topic: Topic) -> Iterator[Triple]:
    iri = ids.topic(topic.id)
    yield iri, RDF.type, SKOS.Concept
    yield iri, SKOS.inScheme, BG.Topics
    yield from _labels(iri, topic)
    if topic.broader:
        yield iri, SKOS.broader, ids.topic(topic.broader)


def post_bodies(gazetteer: Gazetteer) -> dict[str, URIRef]:
    """The IRI of the body each post is in: an organization, or an institution of that pillar.

    Worked out once per gazetteer: done per post and per report it was posts x institutions x
    reports, the largest cost of a build at 100k events.

    >>> from pathlib import Path
    >>> from binatgraph.records.dataset import load_dataset
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> bodies = post_bodies(load_dataset(data).gazetteer)
    >>> str(bodies["us-ambassador-to-mexico"]).rsplit("/", 2)[-2:]
    ['org', 'us-embassy-mexico']
    """
    institutions = {inst.id for inst in gazetteer.institutions}
    return {
        post.id: (ids.institution if post.organization in institutions else ids.organization)(
            post.organization
        )
        for post in gazetteer.posts
    }


def _post(post: Post, body: URIRef) -> Iterator[Triple]:
    iri = ids.post(post.id)
    yield iri, RDF.type, ORG.Post
    yield from _labels(iri, post)
    yield iri, ORG.postIn, body


def gazetteer_triples(gazetteer: Gazetteer) -> Iterator[Triple]:
    """Triples for every canonical entity, whether or not an event refers to it."""
    for person in gazetteer.people:
        yield from _person(person)
    for org in gazetteer.organizations:
        yield from _organization(org)
    for inst in gazetteer.institutions:
        yield from _institution(inst)
    for place in gazetteer.places:
        yield from _place(place)
    for topic in gazetteer.topics:
        yield from _topic(topic)
    bodies = post_bodies(gazetteer)
    for post in gazetteer.posts:
        yield from _post(post, bodies[post.id])


# --- reports, items, events --------------------------------------------------------------------


def _report(report: Report) -> Iterator[Triple]:
    iri = ids.report(report.id)
    yield iri, RDF.type, BG.Report
    yield iri, RDFS.label, Literal(report.title)
    yield iri, DCTERMS.identifier, Literal(report.id)
    yield iri, DCTERMS.publisher, Literal(report.publisher)
    if report.period_start is not None and report.period_end is not None:
        coverage = f"{report.period_start.earliest.isoformat()}/{report.period_end.latest.isoformat()}"
        yield iri, SDO.temporalCoverage, Literal(coverage)
    if report.source_file:
        yield iri, DCTERMS.source, Literal(report.source_file)
    if report.url:
        yield iri, SDO.url, URIRef(report.url)
    if report.source_file and report.source_sha256:
        # the file the items were read from, by name and digest: where the words of every span are
        media = source_file_iri(report.id)
        yield iri, SDO.associatedMedia, media
        yield media, RDF.type, SDO.MediaObject
        yield media, RDFS.label, Literal(report.source_file)  # (schema:name marks events in the shapes)
        yield media, SDO.sha256, Literal(report.source_sha256)
        if report.source_location:
            location = report.source_location
            yield media, SDO.contentUrl, URIRef(location if ":" in location[:8] else _file_url(location))


def source_file_iri(report_id: str) -> URIRef:
    """The IRI of a report's source file (its ``schema:associatedMedia``)."""
    return URIRef(f"{ids.report(report_id)}/source")


def _file_url(path: str) -> str:
    from pathlib import Path

    return Path(path).absolute().as_uri()


_SPAN_PROPERTY = {"item": BG.span, "title": BG.titleSpan, "body": BG.bodySpan, "context": BG.contextSpan}


def _span(item_iri: URIRef, name: str, span: Span) -> Iterator[Triple]:
    node = URIRef(f"{item_iri}/span/{name}")
    yield item_iri, _SPAN_PROPERTY[name], node
    yield node, RDF.type, OA.TextPositionSelector
    yield node, OA.start, Literal(span.start)
    yield node, OA.end, Literal(span.end)
    yield node, BG.startLine, Literal(span.line)
    yield node, BG.endLine, Literal(span.end_line)


def _item(report: Report, item: ReportItem) -> Iterator[Triple]:
    iri = ids.item(report.id, item.position)
    yield iri, RDF.type, BG.ReportItem
    yield iri, DCTERMS.isPartOf, ids.report(report.id)
    yield iri, SDO.position, Literal(item.position)
    yield iri, RDFS.label, Literal(item.title)
    if item.printed_title:
        yield iri, DCTERMS.title, Literal(item.printed_title)
    if item.spans is not None:
        for name in _SPAN_PROPERTY:
            span = getattr(item.spans, name)
            if span is not None:
                yield from _span(iri, name, span)
    if item.number is not None:
        yield iri, BG.itemNumber, Literal(item.number)
    if item.stated_date:
        yield iri, BG.statedDate, Literal(item.stated_date)
    if item.month_header:
        yield iri, SDO.articleSection, Literal(item.month_header)
    if item.link_label:
        yield iri, BG.linkLabel, Literal(item.link_label)
    for ref in item.mentions.people:
        yield iri, SDO.mentions, ids.person(ref.person)
    for org in item.mentions.organizations:
        yield iri, SDO.mentions, ids.organization(org)
    for inst in item.mentions.institutions:
        yield iri, SDO.mentions, ids.institution(inst)


def _event(report: Report, item: ReportItem, post_in: Mapping[str, URIRef]) -> Iterator[Triple]:
    event: Event = item.event
    iri = ids.event(report.id, item.position)
    item_iri = ids.item(report.id, item.position)
    yield iri, RDF.type, EVENT_CLASS[event.type]
    yield iri, SDO.name, Literal(event.title)
    yield iri, RDFS.label, Literal(event.title)
    yield iri, PROV.wasDerivedFrom, item_iri
    if event.date is None:
        yield iri, RDF.type, BG.UndatedEvent
    else:
        yield iri, SDO.startDate, date_literal(event.date)
        if item.date_source == "header":
            yield iri, RDF.type, BG.HeaderDatedEvent
    if event.end_date is not None:
        yield iri, SDO.endDate, date_literal(event.end_date)
    if event.summary:
        yield iri, SDO.description, Literal(event.summary)
    for place in event.places:
        yield iri, SDO.location, ids.place(place)
    for topic in event.topics:
        yield iri, DCTERMS.subject, ids.topic(topic)
    for org in event.organizations:
        yield iri, SEM.hasActor, ids.organization(org)
    for inst in event.institutions:
        yield iri, BG.institution, ids.institution(inst)
    for part in event.participants:
        person_iri = ids.person(part.person)
        part_iri = ids.participation(iri, part.person)
        yield iri, SEM.hasActor, person_iri
        yield iri, BG.participation, part_iri
        yield part_iri, RDF.type, BG.Participation
        yield part_iri, RDF.value, person_iri
        yield part_iri, SEM.roleType, ROLE_CONCEPT[part.role]
        if part.post is not None:
            yield part_iri, BG.asPost, ids.post(part.post)
        if part.title is not None:
            yield part_iri, BG.statedTitle, Literal(part.title)
    # Who held which post: taken from everyone the item places in a post, unless it says "former".
    for ref in (*event.participants, *item.mentions.people):
        if ref.post is None or ref.former:
            continue
        person_iri, post_iri = ids.person(ref.person), ids.post(ref.post)
        membership = ids.membership(ref.person, ref.post)
        yield person_iri, ORG.holds, post_iri
        yield post_iri, ORG.heldBy, person_iri
        yield membership, RDF.type, ORG.Membership
        yield membership, ORG.member, person_iri
        yield membership, ORG.organization, post_in[ref.post]
        yield membership, BG.post, post_iri
        yield membership, PROV.wasDerivedFrom, item_iri


def report_triples(
    report: Report, gazetteer: Gazetteer, bodies: Mapping[str, URIRef] | None = None
) -> Iterator[Triple]:
    """Triples for one report: the report, its items, their events and who held which post.

    ``bodies`` is :func:`post_bodies` of ``gazetteer``, for callers that turn many reports.
    """
    post_in = post_bodies(gazetteer) if bodies is None else bodies
    yield from _report(report)
    for item in report.items:
        yield from _item(report, item)
        yield from _event(report, item, post_in)


class Records(Protocol):
    """What :func:`dataset_triples` reads: a gazetteer and its reports (a loaded ``Dataset`` is one)."""

    @property
    def gazetteer(self) -> Gazetteer: ...

    @property
    def reports(self) -> Sequence[Report]: ...


def dataset_triples(dataset: Records) -> Iterator[Triple]:
    """Every triple of the dataset, gazetteer first. Duplicates are possible; a graph drops them."""
    yield from gazetteer_triples(dataset.gazetteer)
    bodies = post_bodies(dataset.gazetteer)
    for report in dataset.reports:
        yield from report_triples(report, dataset.gazetteer, bodies)


def to_graph(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """Add ``triples`` to ``graph`` (a new in-memory graph with the project's prefixes by default)."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    for triple in triples:
        graph.add(triple)
    return graph
