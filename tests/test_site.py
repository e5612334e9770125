"""The analyst's site: pages built from the store, content negotiation over real HTTP (every IRI asked
for HTML, Turtle, N-Triples and JSON-LD, and what comes back parsed), the static copy, the brief and
the commands."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from binatgraph.cli import app
from binatgraph.graph.store import StoreLocation, database_path, open_engine, open_graph
from binatgraph.schema.prefixes import prologue
from binatgraph.serve import EndpointSettings
from binatgraph.serve.site import negotiate
from binatgraph.site import Links, PageNotFoundError, SitePages, brief_document, csp, kind_of
from binatgraph.site.static import MARKER, SiteError, write_site

from .serving import running

DATA = Path(__file__).resolve().parents[1] / "data"
BGR = "https://w3id.org/binatgraph/id/"
SALAZAR = BGR + "person/ken-salazar"


def _select(location: StoreLocation, query: str) -> list[list[str]]:
    with open_engine(location) as store:
        solutions = store.query(prologue() + query)
        assert isinstance(solutions, ox.QuerySolutions)
        return [[term.value if term is not None else "" for term in row] for row in solutions]


@pytest.fixture(scope="module")
def iris(data_store: StoreLocation) -> list[str]:
    """Every IRI of data/ that has a page: entities, events, reports and report items."""
    rows = _select(data_store, f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{BGR}")) }}')
    return sorted(row[0] for row in rows if kind_of(row[0]))


@pytest.fixture(scope="module")
def base(data_store: StoreLocation) -> Iterator[str]:
    settings = EndpointSettings(database_path(data_store))
    with running(settings) as url:
        yield url


# --- pages as data -----------------------------------------------------------------------------------


def test_every_kind_has_pages(iris: list[str]) -> None:
    kinds = {kind_of(iri) for iri in iris}
    assert kinds == {
        "person",
        "organization",
        "institution",
        "place",
        "topic",
        "post",
        "event",
        "report",
        "item",
    }


def test_person_page_shows_posts_events_institutions_ranks_and_circle(data_store: StoreLocation) -> None:
    with open_graph(data_store) as graph:
        page = SitePages(graph).site.entity(SALAZAR)
    events = _select(data_store, f"SELECT DISTINCT ?e WHERE {{ ?e bg:participation/rdf:value <{SALAZAR}> }}")
    assert page["event_total"] == len(events) == len(page["events"])
    dates = [e["date"] for e in page["events"]]
    assert dates == sorted(dates, reverse=True)
    assert any("Ambassador" in p["stated"] for p in page["posts"])
    assert page["circle"] and all(c["iri"].startswith(BGR + "person/") for c in page["circle"])
    assert page["ranks"] and all(rank >= 1 for rank, _ in page["ranks"].values())
    assert page["ego"]["nodes"][0]["iri"] == SALAZAR


def test_search_ignores_accents_and_case(data_store: StoreLocation) -> None:
    with open_graph(data_store) as graph:
        site = SitePages(graph).site
        plain = [hit["iri"] for hit in site.search("lopez obrador")]
        accented = [hit["iri"] for hit in site.search("LÓPEZ OBRADOR")]
        acronym = [hit["label"] for hit in site.search("sre")]
    assert plain == accented and plain
    assert any("Relaciones Exteriores" in label or "Foreign" in label for label in acronym), acronym


def test_unknown_pages_raise(data_store: StoreLocation) -> None:
    with open_graph(data_store) as graph:
        pages = SitePages(graph)
        for path in ("id/person/nobody-at-all", "list/events", "brief/2023", "network/nothing", "nowhere"):
            with pytest.raises(PageNotFoundError):
                pages.html(path, {}, Links("live"))


def test_report_text_is_escaped(data_store: StoreLocation) -> None:
    """A label holding markup shows as text on every page that names it."""
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    store = ox.Store()
    with open_engine(data_store) as source:
        store.extend(source.quads_for_pattern(None, None, None, None))
    event = ox.NamedNode(BGR + "event/cbi-2022-jan-jun-13")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.remove(next(iter(store.quads_for_pattern(event, label, None, None))))
    store.add(ox.Quad(event, label, ox.Literal(payload)))
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    pages = SitePages(graph)
    for path in ("id/event/cbi-2022-jan-jun-13", "id/person/ken-salazar", "timeline", "brief/2022Q1"):
        text = pages.html(path, {}, Links("live"))
        if path == "brief/2022Q1" and html.escape(payload, quote=False) not in text:
            continue  # the event may be outside the quarter
        assert payload not in text and "<img src=x" not in text, path
        assert "&lt;script&gt;" in text, path


# --- content negotiation over HTTP ------------------------------------------------------------------


def _parse(text: str, fmt: str) -> Graph:
    return Graph().parse(data=text, format=fmt)


def test_every_iri_answers_html_turtle_ntriples_and_jsonld(base: str, iris: list[str]) -> None:
    with httpx.Client(base_url=base) as client:
        for iri in iris:
            path = "/id/" + iri[len(BGR) :]
            page = client.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200, iri
            assert page.headers["content-type"].startswith("text/html")
            assert "Vary" in page.headers or "vary" in page.headers
            # the server adds frame-ancestors (ignored in a <meta>, so the page's own policy lacks it)
            assert page.headers["content-security-policy"] == csp() + "; frame-ancestors 'none'"
            subject = URIRef(iri)
            for accept, fmt in (
                ("text/turtle", "turtle"),
                ("application/n-triples", "nt"),
                ("application/ld+json", "json-ld"),
            ):
                answer = client.get(path, headers={"Accept": accept})
                assert answer.status_code == 200, (iri, accept)
                assert answer.headers["content-type"].startswith(accept)
                graph = _parse(answer.text, fmt)
                assert (subject, None, None) in graph, (iri, accept)


def test_suffixes_pick_the_format(base: str) -> None:
    path = "/id/person/ken-salazar"
    with httpx.Client(base_url=base) as client:
        turtle = client.get(path + ".ttl", headers={"Accept": "text/html"})
        assert turtle.headers["content-type"].startswith("text/turtle")
        assert "vary" not in turtle.headers
        graph = _parse(turtle.text, "turtle")
        assert (URIRef(SALAZAR), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in graph
        jsonld = client.get(path + ".jsonld")
        assert json.loads(jsonld.text)
        assert (URIRef(SALAZAR), None, None) in _parse(jsonld.text, "json-ld")
        nt = client.get(path + ".nt")
        assert (URIRef(SALAZAR), None, None) in _parse(nt.text, "nt")
        page = client.get(path + ".html", headers={"Accept": "text/turtle"})
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>Ken Salazar</h1>" in page.text


def test_event_description_includes_its_participations(base: str) -> None:
    event = BGR + "event/cbi-2022-jan-jun-13"
    answer = httpx.get(f"{base}/id/event/cbi-2022-jan-jun-13.ttl")
    graph = _parse(answer.text, "turtle")
    parts = list(graph.objects(URIRef(event), URIRef("https://w3id.org/binatgraph/ontology#participation")))
    assert parts and all((p, None, None) in graph for p in parts)


def test_unknown_iris_are_404(base: str) -> None:
    with httpx.Client(base_url=base) as client:
        assert client.get("/id/person/nobody-at-all").status_code == 404
        assert client.get("/id/person/nobody-at-all.ttl").status_code == 404
        assert client.get("/brief/2023Q9").status_code == 404
        assert client.get("/network/nothing").status_code == 404


def test_accept_header_preferences() -> None:
    assert negotiate("application/ld+json;q=0.5, text/turtle") == "ttl"
    assert negotiate("text/turtle;q=0") == "html"
    assert negotiate("application/n-triples") == "nt"


def test_site_pages_answer_and_endpoint_is_unchanged(base: str) -> None:
    with httpx.Client(base_url=base) as client:
        for path in (
            "/home",
            "/list/people",
            "/timeline",
            "/timeline?group=type&period=2022",
            "/brief/2023Q2",
            "/search?q=ebrard",
            "/network/people?period=2022",
            "/network/organizations",
            "/network/institutions",
            "/network/events",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "https://cdn" not in response.text
        assert "Marcelo Ebrard" in client.get("/search?q=EBRARD").text
        assert client.get("/").text.count('id="query"') == 1  # the query page stays at /
        assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403


def test_site_can_be_left_out(data_store: StoreLocation) -> None:
    with running(EndpointSettings(database_path(data_store), site=False)) as url:
        assert httpx.get(f"{url}/home").status_code == 404


# --- the static site, the brief, the commands -------------------------------------------------------


def _links(text: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', text)


def test_static_site_holds_every_page_and_links_resolve(
    tmp_path: Path, data_store: StoreLocation, iris: list[str]
) -> None:
    out = tmp_path / "site"
    with open_graph(data_store) as graph:
        written = write_site(graph, out)
    assert (out / MARKER).exists()
    for iri in iris:
        assert (out / "id" / (iri[len(BGR) :] + ".html")).exists(), iri
    files = list(out.rglob("*.html"))
    assert written.pages == len(files)
    broken = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        for link in _links(text):
            if link.startswith(("https://", "http://")):
                # only report pages on the web, never anything the page would load
                assert 'rel="external noreferrer" href="' + link in text, (file, link)
                continue
            if link.startswith(("data:", "#")):
                continue
            target = (file.parent / link.split("?")[0]).resolve()
            if not target.exists():
                broken.append((str(file.relative_to(out)), link))
    assert broken == []
    # a second run replaces the folder; a foreign folder is refused
    with open_graph(data_store) as graph:
        write_site(graph, out)
        foreign = tmp_path / "mine"
        foreign.mkdir()
        (foreign / "notes.txt").write_text("keep", encoding="utf-8")
        with pytest.raises(SiteError):
            write_site(graph, foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_brief_as_markdown_and_html(data_store: StoreLocation) -> None:
    with open_graph(data_store) as graph:
        markdown = brief_document(graph, "2023Q2", "md")
        page = brief_document(graph, "2023Q2", "html")
    events = _select(
        data_store,
        "SELECT ?e WHERE { ?e schema:startDate ?d FILTER(STRLEN(STR(?d)) >= 7 && "
        'STR(?d) >= "2023-04" && STR(?d) < "2023-07") }',
    )
    assert f"{len(events)} dated events" in markdown
    assert "](https://w3id.org/binatgraph/id/report/" in markdown  # each event line links its source item
    assert "<h1>Brief: 2023Q2</h1>" in page


def test_site_and_brief_commands(tmp_path: Path, data_store: StoreLocation) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["site", "-o", str(tmp_path / "out"), "--store", str(data_store.path)])
    assert result.exit_code == 0, result.output
    assert "pages" in result.output and (tmp_path / "out" / "index.html").exists()
    brief = tmp_path / "brief.md"
    result = runner.invoke(app, ["brief", "2023Q2", "-o", str(brief), "--store", str(data_store.path)])
    assert result.exit_code == 0, result.output
    assert brief.read_text(encoding="utf-8").startswith("# Brief: 2023Q2")
    result = runner.invoke(
        app, ["brief", "2023Q2", "-o", str(tmp_path / "b.txt"), "--store", str(data_store.path)]
    )
    assert result.exit_code == 2
