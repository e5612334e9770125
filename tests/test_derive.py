"""Derived triples (who took part in each event, one hop from it) equal what the long paths give, on
data/ and on synthetic data, whether built from the records, loaded from a dump, or applied."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from binatgraph.graph.apply import apply_drafts
from binatgraph.graph.build import build
from binatgraph.graph.derive import DERIVED, sparql_update
from binatgraph.graph.entail import entailed
from binatgraph.graph.rdf import dataset_triples
from binatgraph.graph.store import StoreLocation, engine, load_dump, ntriples_line, open_graph
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file, write_draft
from binatgraph.schema.resources import load_ontology
from binatgraph.schema.vocab import BG
from binatgraph.synth.data import write_synthetic

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
FIXTURE_DATA = HERE / "fixtures" / "data"
PREFIXES = """
PREFIX bg: <https://w3id.org/binatgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# The long paths the named queries walked before, written out here independently of graph.derive.
LONG_PATHS = {
    BG.involvesPerson: "?event bg:participation/rdf:value ?x",
    BG.involvesOrganization: (
        "?event sem:hasActor|(bg:participation/bg:asPost/org:postIn) ?x . ?x a org:Organization"
    ),
    BG.involvesInstitution: (
        "{ ?event bg:institution ?x } UNION "
        "{ ?event bg:participation/bg:asPost/org:postIn ?x . ?x a bg:Institution }"
    ),
}

Pairs = dict[str, set[tuple[str, str]]]


def _pairs(store: ox.Store, pattern: str) -> set[tuple[str, str]]:
    solutions = store.query(f"{PREFIXES} SELECT DISTINCT ?event ?x WHERE {{ {pattern} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return {(row[0].value, row[1].value) for row in solutions}  # type: ignore[union-attr]


def _derived(store: ox.Store) -> Pairs:
    return {str(p): _pairs(store, f"?event {p.n3()} ?x") for p in DERIVED}


def _long_paths(store: ox.Store) -> Pairs:
    return {str(p): _pairs(store, LONG_PATHS[p]) for p in DERIVED}


def _underived(data: Path) -> ox.Store:
    """The graph of ``data`` before anything is derived: asserted triples, ontology, entailments."""
    store = ox.Store()
    text = "".join(
        ntriples_line(*t) for t in entailed([*dataset_triples(load_dataset(data)), *load_ontology()])
    )
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic(folder, events=400, seed=3)
    return folder


@pytest.mark.parametrize("which", ["data", "synthetic"])
def test_built_derived_triples_equal_the_long_paths(
    which: str, synthetic: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = DATA if which == "data" else synthetic
    expected = _long_paths(_underived(data))
    assert all(expected.values())
    location = StoreLocation.parse(tmp_path / "store")
    build(data, location)
    with open_graph(location) as graph:
        store = engine(graph)
        assert _derived(store) == expected
        # the long paths give the same on the built store: deriving added no actor
        assert _long_paths(store) == expected
    if which == "data":  # the counts docs/rdf-mapping.md quotes
        assert {p.rsplit("#", 1)[1]: len(v) for p, v in expected.items()} == {
            "involvesPerson": 43,
            "involvesOrganization": 59,
            "involvesInstitution": 19,
        }


def test_the_sparql_update_derives_the_same_and_is_idempotent(synthetic: Path) -> None:
    store = _underived(synthetic)
    expected = _long_paths(store)
    before = len(store)
    store.update(sparql_update())
    assert _derived(store) == expected
    after = len(store)
    store.update(sparql_update())
    assert len(store) == after > before
    # entailments come with them: dcterms:relation for organizations and institutions, and no new sem:hasActor
    relations = _pairs(store, "?event dcterms:relation ?x")
    assert expected[str(BG.involvesOrganization)] <= relations
    assert expected[str(BG.involvesInstitution)] <= relations
    assert _pairs(store, "?event sem:hasActor ?x") == _pairs(_underived(synthetic), "?event sem:hasActor ?x")


def test_a_loaded_dump_is_derived_again(synthetic: Path, tmp_path: Path) -> None:
    # a dump with no derived triples (an older build, another tool) and one wrong derived triple
    store = _underived(synthetic)
    expected = _long_paths(store)
    dump = tmp_path / "dump.nt"
    store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    with dump.open("a", encoding="utf-8") as out:
        out.write(
            f"<{next(iter(expected[str(BG.involvesPerson)]))[0]}> {BG.involvesPerson.n3()} <urn:x:nobody> .\n"
        )
    location = StoreLocation.parse(tmp_path / "store")
    load_dump(location, dump)
    with open_graph(location) as graph:
        assert _derived(engine(graph)) == expected


def test_an_applied_report_is_derived(tmp_path: Path) -> None:
    draft = ingest_file(HERE / "fixtures" / "ingest" / "test-2024-h2.txt", load_dataset(FIXTURE_DATA))
    folder = write_draft(draft, tmp_path / "drafts")
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location)
    with open_graph(location) as graph:
        before = _derived(engine(graph))
    report_id, _ = apply_drafts(folder, FIXTURE_DATA, location)
    for _ in range(2):  # applying twice changes nothing
        with open_graph(location) as graph:
            store = engine(graph)
            derived = _derived(store)
            assert derived == _long_paths(store)
            people = derived[str(BG.involvesPerson)]
            assert {e for e, _ in people} - {e for e, _ in before[str(BG.involvesPerson)]}, (
                "nothing new derived"
            )
            assert any(report_id in event for event, _ in people)
        apply_drafts(folder, FIXTURE_DATA, location)


def test_an_export_of_a_build_loads_without_the_updates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from binatgraph.graph import derive, entail
    from binatgraph.graph.export import export

    built = StoreLocation.parse(tmp_path / "built")
    build(FIXTURE_DATA, built)
    dump = tmp_path / "graph.ttl"
    with open_graph(built) as graph:
        export(graph, "turtle", dump)
        triples = len(engine(graph))

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("the dump carries today's marker: nothing to materialize")

    derive.marker()  # cached by the build already; computed from the real updates
    monkeypatch.setattr(entail, "sparql_update", refuse)
    monkeypatch.setattr(derive, "sparql_update", refuse)
    assert load_dump(StoreLocation.parse(tmp_path / "loaded"), dump) == triples
