"""The project's own RDF terms, as a closed namespace, and the namespaces of its resources.

Own terms exist only where no reused vocabulary fits; each is declared in
``ontology/binatgraph.ttl`` as a subclass or subproperty of a reused term (a test checks that
every term here is declared there, and the reverse). Misspelling a term raises instead of
minting a new IRI:

>>> BG.Visit
rdflib.term.URIRef('https://w3id.org/binatgraph/ontology#Visit')
>>> BG.Vist
Traceback (most recent call last):
...
AttributeError: term 'Vist' not in namespace 'https://w3id.org/binatgraph/ontology#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["BG", "BGR", "OA", "ONTOLOGY_IRI", "SEM"]

ONTOLOGY_IRI = "https://w3id.org/binatgraph/ontology"


class BG(DefinedNamespace):
    """binatgraph ontology terms."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes: provenance
    Report: URIRef
    ReportItem: URIRef
    # classes: events (each rdfs:subClassOf schema:Event and sem:Event)
    Visit: URIRef
    Meeting: URIRef
    DialogueSession: URIRef
    JointStatement: URIRef
    AgreementSigning: URIRef
    Decree: URIRef
    PhoneCall: URIRef
    Summit: URIRef
    Forum: URIRef
    Announcement: URIRef
    Resolution: URIRef
    OtherEvent: URIRef
    UndatedEvent: URIRef  # the explicit marker for an event whose report states no date
    HeaderDatedEvent: URIRef  # marker: the item states no date; startDate is its month header's month
    # classes: a person's part in an event, and the institutions of the CBI framework
    Participation: URIRef
    Institution: URIRef
    Agreement: URIRef
    DialogueMechanism: URIRef
    BinationalOrganization: URIRef
    Program: URIRef

    # concept schemes and their concepts
    EventTypes: URIRef
    Pillars: URIRef
    AgreementPillar: URIRef
    DialogueMechanismPillar: URIRef
    OrganizationPillar: URIRef
    ProgramPillar: URIRef
    ParticipantRoles: URIRef
    ParticipantRole: URIRef
    LeaderRole: URIRef
    HostRole: URIRef
    Countries: URIRef
    US: URIRef
    MX: URIRef
    CA: URIRef
    Binational: URIRef
    OtherCountry: URIRef
    Topics: URIRef

    # properties
    participation: URIRef  # event -> Participation (subPropertyOf sem:hasActor)
    asPost: URIRef  # Participation -> org:Post held at that event
    statedTitle: URIRef  # the title the item gives a person at that event (subPropertyOf rdfs:label)
    post: URIRef  # org:Membership -> org:Post
    institution: URIRef  # event -> the institution it belongs to
    pillar: URIRef  # institution -> pillar concept
    country: URIRef  # person/organization/institution/place -> country concept
    itemNumber: URIRef  # the number printed before an item's title
    statedDate: URIRef  # the date as printed, before interpretation
    linkLabel: URIRef  # the label of the item's source link ("Learn more", "Link")
    span: URIRef  # item -> its whole span in the source file (an oa:TextPositionSelector)
    titleSpan: URIRef  # item -> the span of its title line
    bodySpan: URIRef  # item -> the span of its body
    contextSpan: URIRef  # item -> the span of its context paragraph
    startLine: URIRef  # span -> 1-based line of its first character
    endLine: URIRef  # span -> 1-based line of its last character
    # derived at build, load and apply (binatgraph.graph.derive): who took part, one hop from the event
    involvesPerson: URIRef  # event -> each person taking part (subPropertyOf sem:hasActor)
    involvesOrganization: URIRef  # event -> each organization taking part, itself or through a post
    involvesInstitution: URIRef  # event -> each institution it belongs to or a participant's post is in


BGR = Namespace("https://w3id.org/binatgraph/id/")
"""Where the graph's resources live: people, organizations, events, report items."""

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
"""The Simple Event Model: actors and the roles they play in events."""

OA = Namespace("http://www.w3.org/ns/oa#")
"""The W3C Web Annotation vocabulary: where in the source file an item is printed (text selectors)."""
