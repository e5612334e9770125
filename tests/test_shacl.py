"""SHACL: the shapes pass on good graphs and catch each crafted fault with a plain message."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import DCTERMS, ORG, PROV, RDF, SDO, XSD, Graph, Literal
from rdflib.namespace import SH

from binatgraph.graph.build import ShaclError, build
from binatgraph.graph.rdf import dataset_triples, to_graph
from binatgraph.graph.shacl import (
    ShaclResult,
    UnsupportedShapeError,
    check,
    check_pyshacl,
    check_store,
    constraints,
)
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.records.dataset import load_dataset
from binatgraph.schema import ids
from binatgraph.schema.resources import load_shapes
from binatgraph.schema.vocab import BG, SEM

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
REPORT = "test-2024-h1"
DATED, RANGED, UNDATED = (ids.event(REPORT, n) for n in (1, 2, 3))


@pytest.fixture(scope="module")
def good() -> Graph:
    return to_graph(dataset_triples(load_dataset(FIXTURE_DATA)))


def test_fixture_graph_conforms(good: Graph) -> None:
    result = check(good)
    assert result.conforms, "\n".join(map(str, result.violations))


def _end_before_start(g: Graph) -> None:
    g.set((RANGED, SDO.endDate, Literal("2024-03-01", datatype=XSD.date)))


def _no_type(g: Graph) -> None:
    g.remove((DATED, RDF.type, BG.DialogueSession))


def _two_types(g: Graph) -> None:
    g.add((DATED, RDF.type, BG.Visit))


def _no_source(g: Graph) -> None:
    g.remove((DATED, PROV.wasDerivedFrom, None))


def _two_pillars(g: Graph) -> None:
    g.add((ids.institution("water-accord"), BG.pillar, BG.ProgramPillar))


def _post_without_org(g: Graph) -> None:
    g.remove((ids.post("us-water-director"), ORG.postIn, None))


def _no_date_no_marker(g: Graph) -> None:
    g.remove((UNDATED, RDF.type, BG.UndatedEvent))


def _undated_with_date(g: Graph) -> None:
    g.add((UNDATED, SDO.startDate, Literal("2024-05-01", datatype=XSD.date)))


def _nobody_and_no_institution(g: Graph) -> None:
    g.remove((UNDATED, BG.institution, None))


def _participant_not_a_person(g: Graph) -> None:
    g.set((ids.participation(DATED, "ana-ruiz"), RDF.value, ids.place("monterrey")))


def _item_without_report(g: Graph) -> None:
    g.remove((ids.item(REPORT, 1), DCTERMS.isPartOf, None))


FAULTS: list[tuple[Callable[[Graph], None], str]] = [
    (_end_before_start, "Event ends (2024-03-01) before it starts (2024-03-10)."),
    (_no_type, "Event must have exactly one event type class"),
    (_two_types, "Event must have exactly one event type class"),
    (_no_source, "Event must be prov:wasDerivedFrom the bg:ReportItem it comes from"),
    (_two_pillars, "Institution must have exactly one bg:pillar"),
    (_post_without_org, "Post must have exactly one org:postIn"),
    (_no_date_no_marker, "Event has neither a schema:startDate nor rdf:type bg:UndatedEvent."),
    (_undated_with_date, "Event is typed bg:UndatedEvent but has a schema:startDate."),
    (_nobody_and_no_institution, "Event has no actor (sem:hasActor) and no institution (bg:institution)."),
    (_participant_not_a_person, "Participation's rdf:value is not a schema:Person."),
    (_item_without_report, "Report item must be dcterms:isPartOf exactly one report."),
]


@pytest.mark.parametrize(("fault", "message"), FAULTS, ids=[f.__name__.strip("_") for f, _ in FAULTS])
def test_crafted_fault_is_caught(good: Graph, fault: Callable[[Graph], None], message: str) -> None:
    bad = Graph()
    for triple in good:
        bad.add(triple)
    fault(bad)
    result = check(bad)
    assert not result.conforms
    assert any(message in v.message for v in result.violations), [str(v) for v in result.violations]


def test_an_actor_alone_is_enough(good: Graph) -> None:
    bad = Graph()
    for triple in good:
        bad.add(triple)
    bad.remove((UNDATED, BG.institution, None))
    bad.add((UNDATED, SEM.hasActor, ids.organization("us-state")))
    assert check(bad).conforms


def _located(result: ShaclResult) -> set[tuple[str, str]]:
    # focus nodes by their last IRI segment: pyshacl writes <IRI> where no prefix is bound
    return {(v.focus.strip("<>").rsplit("/", 1)[-1].rsplit(":", 1)[-1], v.message) for v in result.violations}


@pytest.mark.parametrize(("fault", "message"), FAULTS, ids=[f.__name__.strip("_") for f, _ in FAULTS])
def test_sparql_validator_finds_what_pyshacl_finds(
    good: Graph, fault: Callable[[Graph], None], message: str
) -> None:
    # the reference: pyshacl with RDFS inference over the ontology, on the asserted triples
    bad = Graph()
    for triple in good:
        bad.add(triple)
    fault(bad)
    ours, reference = check(bad), check_pyshacl(bad)
    assert ours.conforms == reference.conforms
    # the same focus nodes with the same messages ({?value} filled in by both)
    assert _located(ours) == _located(reference)


def test_every_shape_compiles_and_each_constraint_is_counted() -> None:
    compiled = constraints()
    shapes = load_shapes()
    # one query per constraint: at least one per property shape
    assert len(compiled) >= len(set(shapes.objects(None, SH.property)))
    seen: list[str] = []
    store = ox.Store()
    result = check_store(store, progress=seen.append)
    assert result.conforms
    assert seen[-1] == f"SHACL: checked {len(compiled)}/{len(compiled)} constraints, 0 violations"


def test_an_unsupported_shape_feature_is_refused_not_skipped() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShapeError, match="languageIn"):
        constraints(shapes)


def test_build_reports_progress_with_counts(tmp_path: Path) -> None:
    heard: list[str] = []
    build(FIXTURE_DATA, StoreLocation.parse(tmp_path / "store"), progress=heard.append)
    assert "read 1 reports, 3 events" in heard
    loading = r"turned records into [\d,]+ triples; loading them into Oxigraph"
    assert any(re.fullmatch(loading, m) for m in heard)
    assert any(re.fullmatch(r"SHACL: checked \d+/\d+ constraints, 0 violations", m) for m in heard)


def test_a_violation_found_in_the_build_keeps_the_old_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    location = StoreLocation.parse(tmp_path / "store")
    build(data, location)
    with open_graph(location) as graph:
        before = len(graph)
    shapes = load_shapes()
    # a shape the data breaks: every event would need two names
    strict = Graph()
    for triple in shapes:
        strict.add(triple)
    strict.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <https://schema.org/> .
        <urn:x:TwoNames> a sh:NodeShape ; sh:targetClass schema:Event ;
            sh:property [ sh:path schema:name ; sh:minCount 2 ; sh:message "Needs two names." ] .
        """,
        format="turtle",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("binatgraph.graph.shacl.load_shapes", lambda: strict)
        patch.setattr("binatgraph.graph.shacl._compiled", lambda _id: tuple(constraints(strict)))
        with pytest.raises(ShaclError, match="Needs two names"):
            build(data, location)
    with open_graph(location) as graph:
        assert len(graph) == before
