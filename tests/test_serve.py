"""The SPARQL 1.1 Protocol endpoint over real HTTP: formats, errors, read-only, timeout, cap."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, database_path
from binatgraph.serve import EndpointSettings

from .serving import running

DATA = Path(__file__).resolve().parents[1] / "data"
PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def database(data_store: StoreLocation) -> Path:
    return database_path(data_store)  # served read-only


@pytest.fixture(scope="module")
def url(database: Path) -> Iterator[str]:
    with running(EndpointSettings(database, timeout=2.0, max_rows=5)) as base:
        yield base


def test_get_select_as_sparql_json(url: str) -> None:
    response = httpx.get(
        f"{url}/sparql", params={"query": PEOPLE}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    body = response.json()
    assert body["head"]["vars"] == ["name"]
    assert body["results"]["bindings"][0]["name"] == {"type": "literal", "value": "Alejandro Mayorkas"}


def test_result_cap_is_announced(url: str) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": PEOPLE})
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-binatgraph-truncated"] == "true"


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("text/csv", lambda text: next(csv.reader(io.StringIO(text))) == ["name"]),
        ("text/tab-separated-values", lambda text: text.splitlines()[0] == "?name"),
        ("application/sparql-results+xml", lambda text: '<variable name="name"/>' in text),
    ],
)
def test_post_form_with_content_negotiation(url: str, accept: str, check: object) -> None:
    response = httpx.post(f"{url}/sparql", data={"query": PEOPLE}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert check(response.text)  # type: ignore[operator]


def test_post_direct_query_construct_as_turtle_and_jsonld(url: str) -> None:
    query = "CONSTRUCT { ?e schema:name ?n } WHERE { ?e a bg:Summit ; schema:name ?n }"
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        response = httpx.post(
            f"{url}/sparql",
            content=query,
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        assert response.status_code == 200
        graph = Graph().parse(data=response.text, format=fmt)
        assert len(graph) == 1


def test_ask(url: str) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": "ASK { ?s a bg:Summit }"})
    assert response.json() == {"head": {}, "boolean": True}


def test_syntax_error_is_400_with_line_and_column(url: str) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y \n}"})
    assert response.status_code == 400
    assert "error at 3:" in response.text


def test_update_is_refused_when_read_only(url: str) -> None:
    response = httpx.post(f"{url}/sparql", data={"update": "DROP ALL"})
    assert response.status_code == 403 and "read-only" in response.text
    assert httpx.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_query_past_the_timeout_fails_and_the_server_keeps_serving(url: str) -> None:
    slow = httpx.get(f"{url}/sparql", params={"query": HEAVY}, timeout=30)
    assert slow.status_code == 503 and "timed out" in slow.text
    assert httpx.get(f"{url}/sparql", params={"query": "ASK { ?s a bg:Summit }"}, timeout=30).json()[
        "boolean"
    ]


def test_page_and_its_assets_are_local(url: str) -> None:
    page = httpx.get(url + "/").text
    assert (
        "<textarea" in page and "http://" not in page and "https://" not in page.replace("https://w3id", "")
    )
    for asset in ("/static/app.js", "/static/app.css"):
        response = httpx.get(url + asset)
        assert response.status_code == 200
        assert "//cdn" not in response.text


def test_prefixes_are_served_for_the_page(url: str) -> None:
    from binatgraph.schema.prefixes import prefix_map

    response = httpx.get(url + "/api/prefixes")
    assert response.status_code == 200 and response.json() == prefix_map()
    assert response.json()["person"] == "https://w3id.org/binatgraph/id/person/"


def test_the_page_example_counts_each_event_once(url: str) -> None:
    page = httpx.get(url + "/").text
    example = html.unescape(re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', page, re.DOTALL)[1])
    assert "COUNT(DISTINCT ?event)" in example
    answer = httpx.get(f"{url}/sparql", params={"query": example}).json()["results"]["bindings"]
    events = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* schema:Event }"
    total = httpx.get(f"{url}/sparql", params={"query": events}).json()["results"]["bindings"][0]["n"]
    assert sum(int(row["events"]["value"]) for row in answer) == int(total["value"]) == 30


def test_updates_with_a_token(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")  # its own store: this test writes to it
    build(DATA, location)
    settings = EndpointSettings(database_path(location), update_token="s3cret")
    insert = "INSERT DATA { <http://example.org/x> a <http://example.org/Thing> }"
    with running(settings) as base:
        assert httpx.post(f"{base}/sparql", data={"update": insert}).status_code == 401
        assert (
            httpx.post(
                f"{base}/sparql", data={"update": insert}, headers={"Authorization": "Bearer wrong"}
            ).status_code
            == 401
        )
        ok = httpx.post(
            f"{base}/sparql",
            content=insert,
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"},
        )
        assert ok.status_code == 204
        ask = httpx.get(f"{base}/sparql", params={"query": "ASK { <http://example.org/x> a ?t }"})
        assert ask.json()["boolean"] is True
