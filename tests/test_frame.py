"""``binatgraph.sparql``: SPARQL text or a named query into a DataFrame, on data/."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import binatgraph
from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.queries import QueryError

DATA = Path(__file__).resolve().parents[1] / "data"
EVENT = "https://w3id.org/binatgraph/id/event/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreLocation]:
    location = StoreLocation.parse(tmp_path_factory.mktemp("frame") / "store")
    build(DATA, location)
    yield location


def test_import_loads_neither_pandas_nor_the_store() -> None:
    code = "import sys, binatgraph; print(sorted({'pandas', 'pyoxigraph', 'rdflib'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert "sparql" in dir(binatgraph) and "sparql" in binatgraph.__all__


def test_named_query_with_parameters(store: StoreLocation) -> None:
    frame = binatgraph.sparql("mechanism-participants", store, institution="bicentennial-framework")
    assert list(frame.columns) == ["name", "stated_title", "role", "date", "event"]
    assert "Rosa Icela Rodríguez" in set(frame["name"])
    assert frame["event"].str.startswith("event:").all()  # IRIs shortened as the CLI prints them
    default = binatgraph.sparql("mechanism-participants", store)  # the parameter's default: HLED
    assert set(default["event"]).isdisjoint(frame["event"])


def test_a_keyword_parameter_takes_a_trailing_underscore(store: StoreLocation) -> None:
    frame = binatgraph.sparql("events-in-range", store, from_="2023-05-01", to="2023-05-31")
    assert len(frame) > 0 and frame["date"].between("2023-05-01", "2023-05-31").all()
    same = binatgraph.sparql("events-in-range", store, **{"from": "2023-05-01", "to": "2023-05-31"})
    pd.testing.assert_frame_equal(frame, same)


def test_free_text_with_project_prefixes_and_numbers_as_numbers(store: StoreLocation) -> None:
    frame = binatgraph.sparql(
        "SELECT ?kind (COUNT(DISTINCT ?e) AS ?events) WHERE { ?e a ?class ."
        " ?class rdfs:subClassOf schema:Event ; skos:prefLabel ?kind } GROUP BY ?kind ORDER BY DESC(?events)",
        store,
    )
    assert pd.api.types.is_integer_dtype(frame["events"])
    assert frame["events"].sum() == 30
    assert frame.loc[0, "kind"] == "visit"


def test_shorten_false_keeps_iris_whole(store: StoreLocation) -> None:
    text = "SELECT ?e WHERE { ?e a bg:Visit } ORDER BY ?e LIMIT 1"
    assert binatgraph.sparql(text, store).loc[0, "e"].startswith("event:")
    assert binatgraph.sparql(text, store, shorten=False).loc[0, "e"].startswith(EVENT)


def test_unbound_values_are_none(store: StoreLocation) -> None:
    frame = binatgraph.sparql("SELECT ?e ?nothing WHERE { ?e a bg:Visit } LIMIT 1", store)
    assert list(frame.columns) == ["e", "nothing"] and frame.loc[0, "nothing"] is None


def test_ask_gives_one_row_with_the_answer(store: StoreLocation) -> None:
    yes = binatgraph.sparql("ASK { ?e a bg:Visit }", store)
    no = binatgraph.sparql("ASK { ?e a bg:NoSuchClass }", store)
    assert list(yes.columns) == ["answer"]
    assert yes["answer"].tolist() == [True] and no["answer"].tolist() == [False]


def test_construct_gives_subject_predicate_object(store: StoreLocation) -> None:
    frame = binatgraph.sparql(
        "CONSTRUCT { ?e schema:name ?name } WHERE { ?e a bg:Visit ; schema:name ?name }", store
    )
    assert list(frame.columns) == ["subject", "predicate", "object"]
    assert len(frame) == 14 and (frame["predicate"] == "schema:name").all()
    described = binatgraph.sparql("DESCRIBE person:marcelo-ebrard", store)
    assert list(described.columns) == ["subject", "predicate", "object"] and len(described) > 0


def test_store_as_setting_location_or_open_graph(store: StoreLocation) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }"
    by_location = binatgraph.sparql(text, store)
    pd.testing.assert_frame_equal(by_location, binatgraph.sparql(text, str(store.path)))
    with open_graph(store) as graph:
        pd.testing.assert_frame_equal(by_location, binatgraph.sparql(text, graph))


def test_rdflib_graph_gives_the_same_frame(store: StoreLocation) -> None:
    from rdflib import Graph

    with open_graph(store) as graph:
        plain = Graph()
        for triple in graph.triples((None, None, None)):
            plain.add(triple)
    text = "SELECT ?e (COUNT(?p) AS ?people) WHERE { ?e a bg:Visit ; bg:participation ?p } GROUP BY ?e"
    ordered = text + " ORDER BY ?e"
    pd.testing.assert_frame_equal(binatgraph.sparql(ordered, store), binatgraph.sparql(ordered, plain))


def test_a_syntax_error_on_an_rdflib_graph_is_a_query_error() -> None:
    from rdflib import Graph

    with pytest.raises(QueryError, match="SPARQL syntax error"):
        binatgraph.sparql("SELECT ?x WHERE { ?x ", Graph())


def test_env_setting_is_the_default_store(store: StoreLocation, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINATGRAPH_STORE", str(store.path))
    assert binatgraph.sparql("ASK { ?e a bg:Visit }").loc[0, "answer"]


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("mechanism-participant", {}, "did you mean mechanism-participants"),
        ("mechanism-participants", {"person": "x"}, "takes no parameter person"),
        ("SELECT ?e WHERE { ?e a bg:Visit }", {"person": "x"}, "are for named queries"),
        ("SELECT ?e WHERE { ?e a bg:Visit ", {}, "SPARQL syntax error"),
    ],
)
def test_errors_say_what_is_wrong(
    store: StoreLocation, query: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        binatgraph.sparql(query, store, **params)
