"""The ontology declares exactly the project's own terms, each anchored in a reused vocabulary."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SDO, Graph, URIRef

from binatgraph.schema.resources import load_ontology, load_shapes
from binatgraph.schema.vocab import BG, SEM

OWN = str(BG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _own(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(OWN)


def test_shapes_parse() -> None:
    assert len(load_shapes()) > 50


def test_declared_terms_match_the_closed_namespace(ontology: Graph) -> None:
    declared = {str(s)[len(OWN) :] for s in ontology.subjects(RDF.type, None) if _own(s)}
    assert declared == set(BG.__annotations__)


def test_own_classes_specialise_reused_classes(ontology: Graph) -> None:
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if not _own(cls):
            continue
        supers = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(not _own(s) for s in supers), f"{cls} is not a subclass of any reused class"


def test_own_properties_specialise_reused_properties(ontology: Graph) -> None:
    own_props = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in ontology.subjects(RDF.type, kind)
        if _own(p)
    }
    assert own_props, "no properties declared"
    for prop in own_props:
        supers = set(ontology.objects(prop, RDFS.subPropertyOf))
        assert any(not _own(s) for s in supers), f"{prop} is not a subproperty of any reused property"


@pytest.mark.parametrize(
    "event_class",
    [
        BG.Visit,
        BG.Meeting,
        BG.DialogueSession,
        BG.JointStatement,
        BG.AgreementSigning,
        BG.Decree,
        BG.PhoneCall,
        BG.Summit,
        BG.Forum,
        BG.Announcement,
        BG.Resolution,
        BG.OtherEvent,
    ],
)
def test_event_classes_are_schema_and_sem_events(ontology: Graph, event_class: URIRef) -> None:
    assert (event_class, RDFS.subClassOf, SDO.Event) in ontology
    assert (event_class, RDFS.subClassOf, SEM.Event) in ontology


def test_participation_is_a_sem_role(ontology: Graph) -> None:
    assert (BG.participation, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert (BG.Participation, RDFS.subClassOf, SEM.Role) in ontology


def _sh_in_lists(shapes: Graph) -> list[set[URIRef]]:
    """Every ``sh:in`` list of the shapes, as a set of its members."""
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    return [
        {m for m in Collection(shapes, head) if isinstance(m, URIRef)}
        for head in shapes.objects(None, SH["in"])
    ]


def test_shapes_event_types_equal_the_models() -> None:
    # The event shape's `sh:in` list is written by hand: it must name exactly the model's event types.
    from binatgraph.graph.rdf import EVENT_CLASS
    from binatgraph.schema.model import EventType

    expected = {EVENT_CLASS[t] for t in EventType}
    assert len(expected) == len(EventType)
    lists = [members for members in _sh_in_lists(load_shapes()) if BG.Visit in members]
    assert lists, "no sh:in list of event types in shapes.ttl"
    for members in lists:
        assert members == expected, f"shapes.ttl lists {sorted(members ^ expected)} differently"


def test_every_event_class_is_a_schema_event(ontology: Graph) -> None:
    from binatgraph.graph.rdf import EVENT_CLASS

    for cls in EVENT_CLASS.values():
        assert SDO.Event in set(ontology.transitive_objects(cls, RDFS.subClassOf)), cls
