"""`binatgraph query` and `binatgraph queries`: exact outputs and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph.store import StoreLocation

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(data_store: StoreLocation) -> str:
    """The session's store built from data/ (conftest), as the --store setting."""
    assert data_store.path is not None
    return str(data_store.path)


def _query(store: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args, "--store", store])
    return result.exit_code, result.stdout, result.stderr


def test_named_query_as_csv(store: str) -> None:
    code, out, _ = _query(store, "undated-events", "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "event,name,report,number"
    assert lines[1] == (
        "https://w3id.org/binatgraph/id/event/cbi-2023-apr-jun-11,"
        "Carrillo and Velasco delegation in Washington,cbi-2023-apr-jun,11"
    )


def test_json_is_sparql_results_json(store: str) -> None:
    code, out, _ = _query(
        store, "mechanism-participants", "--param", "institution=institution:hled", "-f", "json"
    )
    body = json.loads(out)
    assert code == 0 and body["head"]["vars"] == ["name", "stated_title", "role", "date", "event"]
    assert len(body["results"]["bindings"]) == 4
    assert body["results"]["bindings"][0]["event"]["type"] == "uri"


def test_inline_construct_to_turtle(store: str) -> None:
    code, out, _ = _query(
        store, "CONSTRUCT { ?e schema:name ?n } WHERE { ?e a bg:Summit ; schema:name ?n }", "-f", "turtle"
    )
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == 1


def test_rq_file(store: str, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(?p) AS ?people) WHERE { ?p a schema:Person }")
    code, out, _ = _query(store, str(query), "-f", "tsv")
    assert code == 0 and out.splitlines() == ["?people", '"25"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_table_by_default(store: str) -> None:
    code, out, err = _query(store, "most-connected-officials")
    assert code == 0 and "Roberto Velasco Álvarez" in out and "22 rows" in err
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("SELECT ?x WHERE {\n ?x ?y }",), "error at 2:9"),
        (("mechanism-participant",), "did you mean mechanism-participants"),
        (("events-in-range", "--param", "from=2023-02-30"), "expected a date as YYYY-MM-DD"),
        (("events-in-range", "--param", "oops"), "--param takes name=value"),
        (("SELECT ?x WHERE { ?x ?y ?z }", "--param", "x=1"), "parameters (x) are for named queries"),
    ],
)
def test_errors_are_one_clear_line(store: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = _query(store, *args)
    assert code == 1 and message in err


def test_queries_lists_the_library() -> None:
    result = runner.invoke(app, ["queries", "-f", "json"])
    listed = {row["name"]: row for row in json.loads(result.stdout)}
    assert len(listed) >= 12
    assert listed["events-in-range"]["params"] == "from=2023-04-01, to=2023-04-30"


def test_inline_sparql_needs_no_prefix_lines_in_a_table(store: str) -> None:
    code, out, err = _query(store, "SELECT ?p WHERE { ?p a schema:Person } ORDER BY ?p LIMIT 1")
    assert code == 0 and "person:" in out and "1 rows" in err


def test_ask_and_construct_in_a_table(store: str) -> None:
    code, out, _ = _query(store, "ASK { ?e a bg:Summit }")
    assert code == 0 and "True" in out
    code, out, _ = _query(store, "CONSTRUCT { ?e schema:name ?n } WHERE { ?e a bg:Summit ; schema:name ?n }")
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == 1


def test_old_short_param_still_works_and_warns(store: str) -> None:
    code, out, err = _query(store, "events-in-range", "-p", "from=2023-04-01", "-f", "csv")
    assert code == 0 and out.startswith("date,")
    assert "query -p is deprecated" in err and "--param" in err


def test_unknown_format_lists_the_formats(store: str) -> None:
    code, _, err = _query(store, "undated-events", "-f", "yaml")
    assert code == 2
    assert "use one of table, csv, tsv, json, xml, turtle, jsonld, nt" in " ".join(
        err.replace("│", " ").split()
    )


def test_an_unreachable_endpoint_is_said_clearly() -> None:
    # the query goes to the endpoint (tests/test_remote_store.py runs it on a real one); none listens here
    result = runner.invoke(app, ["query", "ASK {}", "--store", "sparql+http://127.0.0.1:9/sparql"])
    assert result.exit_code == 1 and "cannot reach the SPARQL endpoint" in result.stderr, result.stderr


# --- an analyst's first hour (issue 15): prefixes everywhere, names as parameters, honest errors --------


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_prefixed_select_runs_in_every_results_format(store: str, fmt: str) -> None:
    code, out, err = _query(store, "SELECT ?e WHERE { ?e a schema:Person } LIMIT 2", "-f", fmt)
    assert code == 0, err
    assert "person" in out and "error" not in err


@pytest.mark.parametrize(
    ("query", "fmt", "expected"),
    [
        ("ASK { ?e a schema:Person }", "table", "True"),
        ("ASK { ?e a schema:Person }", "csv", "answer\ntrue"),
        ("CONSTRUCT { ?e a schema:Person } WHERE { ?e a schema:Person } LIMIT 1", "table", "schema:Person"),
        (
            "CONSTRUCT { ?e a schema:Person } WHERE { ?e a schema:Person } LIMIT 1",
            "nt",
            "https://schema.org/Person",
        ),
    ],
)
def test_ask_and_construct_with_prefixes(store: str, query: str, fmt: str, expected: str) -> None:
    code, out, err = _query(store, query, "-f", fmt)
    assert code == 0, err
    assert expected in out


def test_an_rq_file_with_prefixes_runs_as_a_table(store: str, tmp_path: Path) -> None:
    path = tmp_path / "people.rq"
    path.write_text("SELECT ?n WHERE { ?p a schema:Person ; rdfs:label ?n } ORDER BY ?n LIMIT 1\n")
    code, _, err = _query(store, str(path))
    assert code == 0, err
    assert "1 rows" in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Roberto Velasco", "Velasco"),  # the canonical name
        ("ROBERTO VELASCO ÁLVAREZ", "Velasco"),  # an alias, case and accents aside
        ("roberto-velasco", "Velasco"),  # the id
        ("person:roberto-velasco", "Velasco"),
    ],
)
def test_entity_parameters_take_names_aliases_and_ids(store: str, value: str, expected: str) -> None:
    code, out, err = _query(store, "person-profile", "--param", f"person={value}", "-f", "csv")
    assert code == 0, err
    assert len(out.splitlines()) > 1


def test_institution_parameter_takes_an_acronym(store: str) -> None:
    code, out, err = _query(store, "mechanism-participants", "--param", "institution=HLED", "-f", "csv")
    assert code == 0, err
    assert len(out.splitlines()) > 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("person:nobody", "nothing in the graph is called 'person:nobody'"),
        ("Roberto Velazco", "did you mean Roberto Velasco"),
    ],
)
def test_a_parameter_that_names_nothing_is_an_error(store: str, value: str, message: str) -> None:
    code, _, err = _query(store, "person-profile", "--param", f"person={value}")
    assert code == 1
    assert message in err


@pytest.mark.parametrize(
    ("query", "fmt", "message"),
    [
        (
            "CONSTRUCT { ?e a schema:Person } WHERE { ?e a schema:Person }",
            "csv",
            "-f csv is a results format",
        ),
        ("SELECT ?e WHERE { ?e a schema:Person }", "turtle", "-f turtle is a graph format"),
        ("SELEC ?e WHERE { ?e a schema:Person }", "table", "starts with 'SELEC'"),
        ("SELECT ?e WHERE { ?e a schema:Person ", "csv", "SPARQL syntax error"),
        ("INSERT DATA { person:x rdfs:label 'x' }", "table", "runs queries, not updates"),
        ("no-such-query", "table", "no named query 'no-such-query'"),
    ],
)
def test_wrong_format_or_query_says_what_is_wrong(store: str, query: str, fmt: str, message: str) -> None:
    code, out, err = _query(store, query, "-f", fmt)
    assert code == 1
    assert message in err and out == ""


def test_a_parameter_for_any_entity_takes_a_person_by_name(store: str) -> None:
    # provenance's entity defaults to an institution, yet takes "a person, organization, institution…"
    code, out, err = _query(store, "provenance", "--param", "entity=Roberto Velasco", "-f", "csv")
    assert code == 0, err
    assert "takes part" in out
