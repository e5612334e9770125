"""Records to triples: the mapping of docs/rdf-mapping.md, checked on the invented dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import DCTERMS, ORG, PROV, RDF, SDO, XSD, Graph, Literal

from binatgraph.graph.rdf import (
    COUNTRY_CONCEPT,
    EVENT_CLASS,
    ORG_CLASS,
    PILLAR_CLASS,
    PILLAR_CONCEPT,
    PLACE_CLASS,
    ROLE_CONCEPT,
    dataset_triples,
    to_graph,
)
from binatgraph.records.dataset import load_dataset
from binatgraph.schema import ids
from binatgraph.schema.model import Country, EventType, OrgKind, ParticipantRole, Pillar, PlaceKind
from binatgraph.schema.vocab import BG, SEM

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
REPORT = "test-2024-h1"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph(dataset_triples(load_dataset(FIXTURE_DATA)))


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        (EVENT_CLASS, EventType),
        (PILLAR_CLASS, Pillar),
        (PILLAR_CONCEPT, Pillar),
        (ROLE_CONCEPT, ParticipantRole),
        (COUNTRY_CONCEPT, Country),
        (ORG_CLASS, OrgKind),
        (PLACE_CLASS, PlaceKind),
    ],
)
def test_every_controlled_value_has_a_term(table: dict[object, object], enum: type) -> None:
    assert set(table) == set(enum)


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for t in graph if any(type(term).__name__ == "BNode" for term in t)]


def test_event_links_to_its_item_and_report(graph: Graph) -> None:
    event, item = ids.event(REPORT, 1), ids.item(REPORT, 1)
    assert (event, PROV.wasDerivedFrom, item) in graph
    assert (event, RDF.type, BG.DialogueSession) in graph
    assert graph.value(item, SDO.position) == Literal(1)


def test_dates_keep_their_datatype(graph: Graph) -> None:
    event = ids.event(REPORT, 2)
    assert graph.value(event, SDO.startDate) == Literal("2024-03-10", datatype=XSD.date)
    assert graph.value(event, SDO.endDate) == Literal("2024-03-12", datatype=XSD.date)


def test_undated_event_is_marked_not_guessed(graph: Graph) -> None:
    event = ids.event(REPORT, 3)
    assert (event, RDF.type, BG.UndatedEvent) in graph
    assert graph.value(event, SDO.startDate) is None


def test_participation_records_role_post_and_stated_title(graph: Graph) -> None:
    event = ids.event(REPORT, 1)
    part = ids.participation(event, "ana-ruiz")
    assert (event, SEM.hasActor, ids.person("ana-ruiz")) in graph
    assert (event, BG.participation, part) in graph
    assert graph.value(part, SEM.roleType) == BG.HostRole
    assert graph.value(part, BG.asPost) == ids.post("mx-foreign-secretary")
    assert graph.value(part, BG.statedTitle) == Literal("Foreign Minister")


def test_membership_comes_from_items_that_show_the_post(graph: Graph) -> None:
    membership = ids.membership("tom-baker", "us-water-director")
    assert set(graph.objects(membership, PROV.wasDerivedFrom)) == {ids.item(REPORT, 1), ids.item(REPORT, 2)}
    assert graph.value(membership, ORG.organization) == ids.organization("us-water-office")


def test_a_former_post_is_not_taken_as_held(graph: Graph) -> None:
    membership = ids.membership("ana-ruiz", "mx-foreign-secretary")
    # held at item 1; item 2 only calls her a former holder, so it is not evidence
    assert set(graph.objects(membership, PROV.wasDerivedFrom)) == {ids.item(REPORT, 1)}
    assert (ids.item(REPORT, 2), SDO.mentions, ids.person("ana-ruiz")) in graph


def test_institution_pillar_and_part_of(graph: Graph) -> None:
    dialogue = ids.institution("water-dialogue")
    assert graph.value(dialogue, BG.pillar) == BG.DialogueMechanismPillar
    assert (dialogue, RDF.type, BG.DialogueMechanism) in graph
    assert graph.value(dialogue, DCTERMS.isPartOf) == ids.institution("water-accord")
    assert graph.value(dialogue, DCTERMS.created) == Literal("2019", datatype=XSD.gYear)


def test_same_records_same_graph() -> None:
    first = to_graph(dataset_triples(load_dataset(FIXTURE_DATA)))
    second = to_graph(dataset_triples(load_dataset(FIXTURE_DATA)))
    assert set(first) == set(second)
