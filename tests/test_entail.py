"""RDFS materialization: `?e a schema:Event`, `a org:Organization`, `a sem:Event` and the declared
super-properties answer on the built store, on a loaded dump and after applying drafts, with no
reasoner (Oxigraph and Virtuoso have none by default)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, URIRef

from binatgraph.graph.apply import apply_drafts
from binatgraph.graph.build import build
from binatgraph.graph.derive import marker as marker_triple
from binatgraph.graph.entail import entailed, hierarchy, sparql_update
from binatgraph.graph.export import serialize
from binatgraph.graph.rdf import dataset_triples
from binatgraph.graph.store import StoreLocation, engine, load_dump, ntriples_line, open_graph
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file, write_draft
from binatgraph.schema.model import Pillar
from binatgraph.schema.resources import load_ontology

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
FIXTURE_DATA = HERE / "fixtures" / "data"
PREFIXES = """
PREFIX bg: <https://w3id.org/binatgraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _count(store: ox.Store, pattern: str) -> int:
    solutions = store.query(f"{PREFIXES} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))[0].value)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> StoreLocation:
    location = StoreLocation.parse(tmp_path_factory.mktemp("entail") / "store")
    build(DATA, location)
    return location


@pytest.fixture(scope="module")
def store(location: StoreLocation) -> Iterator[ox.Store]:
    with open_graph(location) as graph:
        yield engine(graph)


def test_every_event_is_a_schema_event(store: ox.Store) -> None:
    events = sum(len(report.items) for report in load_dataset(DATA).reports)
    assert events == 30
    assert _count(store, "?x a schema:Event") == events
    assert _count(store, "?x a sem:Event") == events
    # what the old workaround found, and no more
    assert _count(store, "?x a/rdfs:subClassOf* schema:Event") == events


def test_organizations_include_the_institutions_that_are_organizations(store: ox.Store) -> None:
    dataset = load_dataset(DATA)
    organizations = len(dataset.gazetteer.organizations)
    kinds = (Pillar.DIALOGUE_MECHANISM, Pillar.ORGANIZATION)
    institutions = sum(1 for inst in dataset.gazetteer.institutions if inst.pillar in kinds)
    assert institutions > 0
    assert _count(store, "?x a org:Organization") == organizations + institutions
    assert _count(store, "?x a bg:DialogueMechanism ; a org:OrganizationalCollaboration") > 0
    assert _count(store, "?x a schema:Person") == len(dataset.gazetteer.people)
    assert _count(store, "?x a bg:Agreement ; a schema:Legislation ; a bg:Institution") > 0


def test_declared_super_properties_are_stored(store: ox.Store) -> None:
    # bg:participation rdfs:subPropertyOf sem:hasActor: the participation is an actor value too
    assert _count(store, "?e bg:participation ?x . ?e sem:hasActor ?x") == _count(
        store, "?e bg:participation ?x"
    )
    assert _count(store, "?e bg:institution ?x . ?e dcterms:relation ?x") > 0
    assert _count(store, "?x bg:country ?c . ?x dcterms:spatial ?c") == _count(store, "?x bg:country ?c")


def test_the_hierarchy_is_what_the_ontology_declares() -> None:
    rules = hierarchy()
    ontology = load_ontology()
    for sub, supers in rules.superclasses.items():
        for sup in supers:
            # every entailed superclass is reachable through declared rdfs:subClassOf links
            assert sup in set(ontology.transitive_objects(sub, RDFS.subClassOf)), (sub, sup)
    bg = "https://w3id.org/binatgraph/ontology#"
    assert (
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor")
        in rules.superproperties[URIRef(bg + "participation")]
    )
    # transitive: Agreement -> Institution -> schema:Thing
    assert URIRef("https://schema.org/Thing") in rules.superclasses[URIRef(bg + "Agreement")]


def test_streaming_and_sparql_update_give_the_same_graph() -> None:
    raw = [*dataset_triples(load_dataset(FIXTURE_DATA)), *load_ontology()]
    streamed, updated = ox.Store(), ox.Store()
    streamed.load("".join(ntriples_line(*t) for t in entailed(raw)).encode(), format=ox.RdfFormat.N_TRIPLES)
    updated.load("".join(ntriples_line(*t) for t in raw).encode(), format=ox.RdfFormat.N_TRIPLES)
    before = len(updated)
    updated.update(sparql_update())
    assert len(updated) > before
    assert set(updated) == set(streamed)
    updated.update(sparql_update())  # idempotent
    assert set(updated) == set(streamed)


def test_a_dump_without_entailments_is_materialized_by_load(location: StoreLocation, tmp_path: Path) -> None:
    # a dump of the asserted triples only, as an older build or another tool would write it
    raw = tmp_path / "raw.nt"
    raw.write_text(
        "".join(ntriples_line(*t) for t in [*dataset_triples(load_dataset(DATA)), *load_ontology()]),
        encoding="utf-8",
    )
    loaded = StoreLocation.parse(tmp_path / "loaded")
    load_dump(loaded, raw)
    with open_graph(loaded) as graph:
        assert _count(engine(graph), "?x a schema:Event") == 30
        assert _count(engine(graph), "?x a org:Organization") > 31
        from_dump = serialize(graph, "nt")
    with open_graph(location) as graph:
        built = serialize(graph, "nt")
    # the same graph a build stores, but for the build's marker (binatgraph.graph.derive.marker)
    marker = ntriples_line(*marker_triple()).encode()
    assert marker in built and marker not in from_dump
    assert built.replace(marker, b"") == from_dump


def test_an_export_loads_back_unchanged(location: StoreLocation, tmp_path: Path) -> None:
    with open_graph(location) as graph:
        exported = serialize(graph, "nt")
    dump = tmp_path / "export.nt"
    dump.write_bytes(exported)
    again = StoreLocation.parse(tmp_path / "again")
    load_dump(again, dump)
    with open_graph(again) as graph:
        assert serialize(graph, "nt") == exported


def test_applied_drafts_are_materialized(tmp_path: Path) -> None:
    draft = ingest_file(HERE / "fixtures" / "ingest" / "test-2024-h2.txt", load_dataset(FIXTURE_DATA))
    folder = write_draft(draft, tmp_path / "drafts")
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location)
    with open_graph(location) as graph:
        before = _count(engine(graph), "?x a schema:Event")
    report_id, _ = apply_drafts(folder, FIXTURE_DATA, location)
    with open_graph(location) as graph:
        store = engine(graph)
        assert _count(store, "?x a schema:Event") == before + len(draft.report.items)
        assert _count(store, f'?x a sem:Event FILTER(CONTAINS(STR(?x), "{report_id}"))') == len(
            draft.report.items
        )


def test_entailed_keeps_the_input_and_adds_only_supers() -> None:
    graph = Graph()
    visit = URIRef("https://w3id.org/binatgraph/id/event/x-01")
    out = list(entailed([(visit, RDF.type, URIRef("https://w3id.org/binatgraph/ontology#Visit"))]))
    assert out[0] == (visit, RDF.type, URIRef("https://w3id.org/binatgraph/ontology#Visit"))
    for triple in out:
        graph.add(triple)
    assert set(graph.objects(visit, RDF.type)) == {
        URIRef("https://w3id.org/binatgraph/ontology#Visit"),
        URIRef("https://schema.org/Event"),
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
    }
