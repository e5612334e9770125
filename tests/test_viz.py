"""Network pages without a browser: no external reference, escaping, counts, cuts, empty pages, CLI."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from binatgraph import analysis, viz
from binatgraph.cli.app import app
from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.synth.data import write_synthetic

from .conftest import load_memory

runner = CliRunner()
PERSON = "https://w3id.org/binatgraph/id/person/"
VIEWS = ["who-meets-whom", "organizations", "institutions", "events"]

# Markup that must show as text wherever data is displayed; each sets a flag if it ever runs.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "</script><script>window.__pwned = 3</script>",
    "<!--<script>window.__pwned = 4</script>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
]


def malicious_graph() -> tuple[nx.Graph, dict[str, dict[str, Any]]]:
    """Three people whose names, posts, aliases, events and institutions all carry markup."""
    graph = nx.Graph(title="<script>window.__pwned = 5</script>", selection="<b>all</b>", description="x")
    graph.add_node(
        "ana",
        label='Ana <img src=x onerror="window.__pwned = 6">',
        type="person",
        country="MX",
        aliases=["<script>window.__pwned = 7</script>"],
        posts=['<img src=x onerror="window.__pwned = 8">'],
        events=["e1", "e2", "e3"],
    )
    graph.add_node("bo", label="Bo", type="person", country="US", aliases=[], posts=[], events=["e1", "e2"])
    graph.add_node("cy", label="Cy", type="person", country="US", aliases=[], posts=[], events=["e3"])
    graph.add_edge("ana", "bo", weight=2, events=["e1", "e2"])
    graph.add_edge("ana", "cy", weight=1, events=["e3"])
    events = {
        "e1": {"date": "2023-01-02", "title": PAYLOADS[0], "type": "meeting", "item": "x/report/r/item/1"},
        "e2": {"date": "2023-02", "title": PAYLOADS[1], "type": "visit", "item": "x/report/r/item/2"},
        "e3": {
            "date": "2023",
            "title": PAYLOADS[2] + PAYLOADS[3],
            "type": "call",
            "item": PAYLOADS[4],
            "institutions": [PAYLOADS[5]],
        },
    }
    return graph, events


def busy_graph() -> tuple[nx.Graph, dict[str, dict[str, Any]]]:
    """A node in more events than a page lists: 10 in 2021, 50 in 2022, and its earliest in 2019."""
    dates = ["2019-05-20"] + [f"2021-{m:02d}-15" for m in range(1, 11)]
    dates += [f"2022-{1 + i % 12:02d}-{1 + i // 12:02d}" for i in range(viz.EVENTS_LISTED)]
    events = {f"b{i}": {"date": d, "title": f"event {i}", "type": "meeting"} for i, d in enumerate(dates)}
    graph = nx.Graph(title="busy")
    graph.add_node("busy", label="Busy", type="person", country="MX", events=list(events))
    graph.add_node("early", label="Early", type="person", country="US", events=["b0"])
    graph.add_node("late", label="Late", type="person", country="US", events=["b60"])
    graph.add_edge("busy", "early", weight=1, events=["b0"])
    graph.add_edge("busy", "late", weight=1, events=["b60"])
    return graph, events


@pytest.fixture(scope="module")
def store(data_store: StoreLocation) -> Graph:
    # in memory: the CLI tests below read it as `--store memory`
    with open_graph(load_memory(data_store)) as graph:
        yield graph


def page_data(html: str) -> dict[str, Any]:
    """The JSON block the page's script reads."""
    match = re.search(r'<script type="application/json" id="bg-data">(.*?)</script>', html, re.DOTALL)
    assert match, "the page has no data block"
    return json.loads(match.group(1))


EXTERNAL = [
    # any attribute that would make the browser fetch something
    re.compile(
        r"""\b(?:src|href|action|formaction|poster|srcset|background|data)\s*=\s*["']?\s*(?:https?:)?//""",
        re.I,
    ),
    re.compile(r"sourceMappingURL", re.I),
    re.compile(r"<(?:iframe|object|embed|base|audio|video|source)\b", re.I),
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.I),
    re.compile(r"<link\b(?![^>]*href=\"data:)[^>]*>", re.I),
    re.compile(r"fonts\.googleapis|cdn\.jsdelivr|cdnjs|unpkg\.com|bootstrap", re.I),
]


# in stylesheets: anything fetched by url() other than inline data, or an import
CSS_EXTERNAL = [re.compile(r"""url\(\s*["']?\s*(?!data:)[^)'"\s]""", re.I), re.compile(r"@import", re.I)]


def external_references(html: str) -> list[str]:
    found = [m.group(0) for pattern in EXTERNAL for m in pattern.finditer(html)]
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL | re.I)
    styles += re.findall(r'\bstyle\s*=\s*"([^"]*)"', html, re.I)
    return found + [m.group(0) for css in styles for pattern in CSS_EXTERNAL for m in pattern.finditer(css)]


@pytest.mark.parametrize("name", VIEWS)
def test_pages_reference_nothing_outside_themselves(store: Graph, name: str) -> None:
    html = viz.view(store, name)
    assert external_references(html) == []
    # the page's own elements: one data block and two scripts (vis-network and the page), all inline
    assert html.count("</script>") == 3
    assert re.findall(r"<link\b[^>]*>", html) == ['<link rel="icon" href="data:,">']


def test_the_scanner_catches_what_pyvis_writes_by_default() -> None:
    from pyvis.network import Network

    net = Network()
    net.add_node(1, label="a")
    assert external_references(net.generate_html())


def test_scripts_are_allowed_by_hash_and_nothing_else() -> None:
    html = viz.page(nx.path_graph(["a", "b"]))
    policy = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1])
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]


def test_markup_in_the_data_is_never_markup_in_the_page() -> None:
    graph, events = malicious_graph()
    html = viz.page(graph, events=events)
    for payload in PAYLOADS:
        assert payload not in html
    assert "<title>&lt;script&gt;window.__pwned = 5&lt;/script&gt;</title>" in html
    assert html.count("</script>") == 3
    data = page_data(html)
    assert [e["title"] for e in data["events"]] == [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2] + PAYLOADS[3]]
    assert data["nodes"]["ana"]["posts"] == ['<img src=x onerror="window.__pwned = 8">']
    assert data["institutions"] == [PAYLOADS[5]]
    block = html.split('id="bg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "\\u003cscript\\u003e" in block


def test_script_json_escapes_everything_that_could_end_a_script() -> None:
    text = viz.script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


@pytest.mark.parametrize("name", VIEWS)
def test_embedded_counts_match_the_projection(store: Graph, name: str) -> None:
    projection = viz.VIEWS[name].projection
    expected = analysis.project(store, projection)
    result = viz.view_page(store, name)
    data = page_data(result.html)
    assert (result.nodes, result.edges) == (expected.number_of_nodes(), expected.number_of_edges())
    assert {n["id"] for n in data["vis"]["nodes"]} == set(expected.nodes)
    assert len(data["vis"]["edges"]) == expected.number_of_edges()
    assert {frozenset((e["from"], e["to"])) for e in data["vis"]["edges"]} == {
        frozenset(e) for e in expected.edges
    }
    assert result.notes == ()


def test_real_counts_per_view(store: Graph) -> None:
    counts = {name: viz.view_page(store, name) for name in VIEWS}
    assert {name: (p.nodes, p.edges) for name, p in counts.items()} == {
        "who-meets-whom": (22, 24),
        "organizations": (24, 40),
        "institutions": (37, 29),
        "events": (126, 209),
    }


def test_tooltips_carry_posts_country_and_events_with_their_source(store: Graph) -> None:
    data = page_data(viz.view(store, "who-meets-whom"))
    salazar = data["nodes"][PERSON + "ken-salazar"]
    assert salazar["country"] == "US" and salazar["posts"]
    events = [data["events"][i] for i in salazar["events"]]
    assert all(e["title"] and e["source"].startswith("cbi-") for e in events)
    assert any(e["date"] for e in events)
    tie = next(iter(data["edges"].values()))
    assert tie["weight"] == len(tie["events"]) >= 1


def test_top_cuts_to_the_most_central_and_says_so(store: Graph) -> None:
    people = analysis.project(store, "people")
    result = viz.render(people, top=5, size_by="betweenness")
    expected = analysis.centrality(people, "betweenness", top=5)["node"].tolist()
    data = page_data(result.html)
    assert [n["id"] for n in data["vis"]["nodes"]] == expected
    assert result.notes == ("Cut from 22 to 5 nodes: the 5 with the highest betweenness.",)
    assert "Cut from 22 to 5 nodes" in result.html
    assert result.edges == people.subgraph(expected).number_of_edges()


def test_min_weight_drops_weaker_ties(store: Graph) -> None:
    people = analysis.project(store, "people")
    strong = [(a, b) for a, b, w in people.edges(data="weight") if w >= 2]
    result = viz.render(people, min_weight=2)
    assert result.nodes == people.number_of_nodes() and result.edges == len(strong) > 0
    assert any("fewer than 2 shared events" in note for note in result.notes)


def test_sizes_follow_the_chosen_measure(store: Graph) -> None:
    people = analysis.project(store, "people")
    data = page_data(viz.page(people, size_by="pagerank"))
    values = analysis.compute(people, "pagerank")
    by_id = {n["id"]: n for n in data["vis"]["nodes"]}
    best = max(values, key=values.get)
    assert by_id[best]["size"] == max(n["size"] for n in by_id.values())
    assert data["nodes"][best]["value"] == pytest.approx(values[best], abs=1e-6)
    with pytest.raises(viz.VizError, match="allowed: degree"):
        viz.page(people, size_by="fame")


def test_colour_is_country_and_shape_is_type(store: Graph) -> None:
    html = viz.view(store, "institutions")
    data = page_data(html)
    groups = data["vis"]["options"]["groups"]
    assert groups["institution|binational"]["shape"] == "diamond"
    assert groups["organization|MX"]["color"]["background"] == viz.COUNTRY_FILLS["MX"]
    assert "Binational" in html and "Institution" in html


def test_ego_page_keeps_its_person_under_any_cut(store: Graph) -> None:
    result = viz.view_page(store, "ego", ego="Ken Salazar", top=1)
    data = page_data(result.html)
    assert [n["id"] for n in data["vis"]["nodes"]] == [PERSON + "ken-salazar"]
    assert "<title>Ego network: Ken Salazar</title>" in result.html


def test_unknown_ego_name_suggests_close_names(store: Graph) -> None:
    with pytest.raises(analysis.UnknownNameError) as caught:
        viz.view(store, "ego", ego="Ken Salazr")
    assert caught.value.suggestions == ["Ken Salazar"]


def test_empty_selection_gives_a_page_that_says_so(store: Graph, tmp_path: Path) -> None:
    result = viz.view_page(
        store, "who-meets-whom", analysis.Selection.of(period="2031"), path=tmp_path / "empty.html"
    )
    assert result.empty and result.nodes == 0
    html = (tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "Nothing matched: no events match 2031" in html
    assert page_data(html)["vis"]["nodes"] == []


def test_write_page_creates_the_folder_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "page.html"
    viz.write_page(nx.path_graph(["x", "y"]), target)
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]
    with pytest.raises(viz.VizError):
        viz.write_page(nx.path_graph(["x", "y"]), target, size_by="fame")
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_the_most_central_nodes_are_always_labelled(store: Graph) -> None:
    orgs = analysis.project(store, "organizations")
    labelled = page_data(viz.page(orgs))["labelled"]
    top = analysis.centrality(orgs, "degree")["node"].tolist()
    assert labelled[: viz.LABELLED] == top[: viz.LABELLED]
    assert "https://w3id.org/binatgraph/id/org/us-embassy-mexico" in labelled
    institutions = page_data(viz.view(store, "institutions"))
    names = {institutions["nodes"][node]["label"] for node in institutions["labelled"]}
    assert {"Embassy of the United States in Mexico", "U.S.-Mexico Bicentennial Framework"} <= names
    # a cut never splits a small tie: the 15th person has one counterpart, and so do all after
    # them but the two with none
    people = analysis.project(store, "people")
    labelled = page_data(viz.page(people))["labelled"]
    assert set(labelled) == {n for n in people if people.degree(n)} and len(labelled) == 20
    assert PERSON + "laura-carrillo" in labelled
    # a large tie is cut at 15, the hub first; an ego page labels its person first
    star = page_data(viz.page(nx.star_graph(40)))["labelled"]
    assert len(star) == viz.LABELLED and star[0] == "0"
    ego = page_data(viz.view(store, "ego", ego="Ken Salazar"))["labelled"]
    assert ego[0] == PERSON + "ken-salazar"


def test_pages_and_exports_are_written_readable_by_others(tmp_path: Path) -> None:
    from binatgraph.graph.export import write_atomically

    previous = os.umask(0o022)
    try:
        viz.write_page(nx.path_graph(["x", "y"]), tmp_path / "page.html")
        analysis.write_graph(nx.path_graph(["x", "y"]), tmp_path / "graph.graphml")
        os.umask(0o077)  # a stricter umask is honoured
        with write_atomically(tmp_path / "private.nt") as out:
            out.write(b"")
    finally:
        os.umask(previous)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"page.html": 0o644, "graph.graphml": 0o644, "private.nt": 0o600}


def test_unknown_view_lists_the_views(store: Graph) -> None:
    with pytest.raises(viz.VizError, match="allowed: who-meets-whom, organizations"):
        viz.view(store, "people")


# --- a cut page read from the store ------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> StoreLocation:
    """A folder store of 400 synthetic events: heavy-tailed people, ties at every cut."""
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic(folder / "data", events=400, seed=7)
    location = StoreLocation.parse(folder / "store")
    build(folder / "data", location, shacl=False)
    return location


def _selection(graph: Graph, which: str) -> analysis.Selection | None:
    """A selection over the synthetic store: its busiest year, two topics (an event filed under
    both matches twice), or a type."""
    if which == "year":
        years = [d[:4] for (d,) in analysis.select(graph, "SELECT ?d WHERE { ?e schema:startDate ?d }") if d]
        return analysis.Selection.of(period=max(set(years), key=years.count))
    if which == "topics":
        query = "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e dcterms:subject ?t } GROUP BY ?t ORDER BY DESC(?n) ?t"
        topics = [str(t) for t, _ in analysis.select(graph, query)][:2]
        return analysis.Selection.of(topics=topics)
    if which == "type":
        return analysis.Selection.of(types=["meeting", "visit"])
    return None


def _full_page(graph: Graph, name: str, selection: analysis.Selection | None, **options: Any) -> viz.Page:
    """The page as drawn from the whole projection, every event of the kept nodes read."""
    network = viz.view_graph(graph, name, selection)
    return viz.render(network, events=lambda iris: viz.event_details(graph, iris), **options)


@pytest.mark.parametrize(
    ("name", "size_by", "top", "which"),
    [
        ("who-meets-whom", "degree", 25, None),
        ("who-meets-whom", "weighted-degree", 25, None),
        ("who-meets-whom", "degree", 7, "year"),
        ("who-meets-whom", "weighted-degree", 10, "topics"),
        ("organizations", "degree", 12, None),
        ("organizations", "weighted-degree", 9, "type"),
        ("who-meets-whom", "degree", 1000, None),  # no cut: every node
    ],
)
def test_a_cut_page_is_the_page_of_the_whole_projection(
    synthetic: StoreLocation, name: str, size_by: str, top: int, which: str | None
) -> None:
    with open_graph(synthetic) as graph:
        selection = _selection(graph, which or "")
        assert viz.cut.applies(viz.VIEWS[name], selection, size_by=size_by, top=top)
        cut = viz.view_page(graph, name, selection, size_by=size_by, top=top)
        full = _full_page(graph, name, selection, size_by=size_by, top=top)
        projection = analysis.project(graph, viz.VIEWS[name].projection, selection)
        titles = analysis.events_table(graph).set_index("event")["title"].to_dict()
    data, expected = page_data(cut.html), page_data(full.html)
    # the kept nodes: the highest by the measure, equals by label, as networkx counts them
    values = analysis.compute(projection, size_by)
    label = {n: projection.nodes[n]["label"] for n in projection}
    best = sorted(projection, key=lambda n: (-values[n], label[n], n))[:top]
    assert [node["id"] for node in data["vis"]["nodes"]] == best
    assert {n: data["nodes"][n]["value"] for n in best} == {n: values[n] for n in best}
    # the ties among them, with their weights
    ties = {frozenset((e["from"], e["to"])): data["edges"][e["id"]]["weight"] for e in data["vis"]["edges"]}
    kept = projection.subgraph(best)
    assert ties == {frozenset((a, b)): w for a, b, w in kept.edges(data="weight")}
    assert {n: data["nodes"][n]["count"] for n in best} == {n: len(kept.nodes[n]["events"]) for n in best}
    # what the filters offer and the titles listed
    assert data["institutions"] == expected["institutions"] and data["facets"] == expected["facets"]
    listed = [event["title"] for event in data["events"]]
    assert listed == [event["title"] for event in expected["events"]] and set(listed) <= set(titles.values())
    # and all the rest: the same page, byte for byte
    assert (cut.nodes, cut.edges, cut.total_nodes, cut.total_edges, cut.notes) == (
        full.nodes,
        full.edges,
        projection.number_of_nodes(),
        projection.number_of_edges(),
        full.notes,
    )
    assert data == expected and cut.html == full.html


def test_a_cut_page_reads_only_what_it_shows(
    synthetic: StoreLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_projection(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a cut page projects nothing whole")

    attributes: list[set[str]] = []
    asked: list[str] = []
    entity_attributes, listed_details = viz.cut.entity_attributes, viz.cut.listed_details

    def some_attributes(graph: Graph, node_type: str, iris: Any = None) -> Any:
        assert iris is not None, "attributes of the kept nodes only"
        attributes.append(set(iris))
        return entity_attributes(graph, node_type, iris)

    def some_titles(graph: Graph, iris: Any) -> Any:
        asked.extend(iris)
        return listed_details(graph, iris)

    monkeypatch.setattr(analysis, "project", no_projection)
    monkeypatch.setattr(analysis, "events_table", no_projection)
    monkeypatch.setattr(viz.cut, "entity_attributes", some_attributes)
    monkeypatch.setattr(viz.cut, "listed_details", some_titles)
    with open_graph(synthetic) as graph:
        result = viz.view_page(graph, "who-meets-whom", top=20)
    data = page_data(result.html)
    assert result.nodes == 20 < result.total_nodes
    # labels are read for the nodes at or above the cut (ties broken by label), not for everyone
    assert len(attributes) == 1 and set(data["nodes"]) <= attributes[0]
    assert len(attributes[0]) < result.total_nodes
    # titles for the listed events alone, fewer than the kept nodes' events
    assert len(asked) == len(set(asked)) == len(data["events"])
    assert len(asked) < sum(node["count"] for node in data["nodes"].values())


def test_small_value_blocks_give_the_same_page(
    synthetic: StoreLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the kept nodes, their institutions, attributes and titles read a few at a time
    with open_graph(synthetic) as graph:
        whole = viz.view_page(graph, "who-meets-whom", top=30)
        monkeypatch.setattr(viz.cut, "VALUES_UP_TO", 7)
        monkeypatch.setattr(analysis.projection, "VALUES_UP_TO", 7)
        blocks = viz.view_page(graph, "who-meets-whom", top=30)
    assert blocks.html == whole.html


def test_a_cut_page_from_a_sparql_endpoint_is_the_same(synthetic: StoreLocation) -> None:
    from binatgraph.graph.store import database_path
    from binatgraph.serve import EndpointSettings

    from .serving import running

    with open_graph(synthetic) as graph:
        embedded = viz.view_page(graph, "who-meets-whom", size_by="weighted-degree", top=15)
    settings = EndpointSettings(database_path(synthetic), max_rows=100_000)
    with running(settings) as url, open_graph(StoreLocation.parse(f"sparql+{url}/sparql")) as graph:
        remote = viz.view_page(graph, "who-meets-whom", size_by="weighted-degree", top=15)
    assert remote.html == embedded.html


@pytest.mark.parametrize(
    ("name", "options", "selection"),
    [
        ("who-meets-whom", {"size_by": "pagerank"}, None),
        ("who-meets-whom", {"top": None}, None),
        ("who-meets-whom", {"top": 0}, None),
        ("who-meets-whom", {}, analysis.Selection.of(countries=["MX"])),
        ("institutions", {}, None),
        ("events", {}, None),
    ],
)
def test_other_pages_project_the_whole_view(
    name: str, options: dict[str, Any], selection: analysis.Selection | None
) -> None:
    assert not viz.cut.applies(
        viz.VIEWS[name], selection, size_by=options.get("size_by", "degree"), top=options.get("top", 500)
    )
    assert not viz.cut.applies(viz.VIEWS["ego"], None, size_by="degree", top=500, ego="Ken Salazar")


# --- the command ------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--store", "memory"])
    return result.exit_code, result.stdout, result.stderr


def test_cli_help() -> None:
    result = runner.invoke(app, ["viz", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "--size-by" in result.stdout and "--min-weight" in result.stdout


def test_cli_writes_a_page_into_a_new_folder(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "people.html"
    code, _, err = _run(
        "viz", "who-meets-whom", "-o", str(target), "--period", "2022", "--size-by", "pagerank"
    )
    assert code == 0, err
    assert f"wrote {target}: " in err and "(who-meets-whom, 2022; size: pagerank)" in err
    expected = analysis.project(store, "people", analysis.Selection.of(period="2022"))
    data = page_data(target.read_text(encoding="utf-8"))
    assert len(data["vis"]["nodes"]) == expected.number_of_nodes()


def test_cli_top_and_min_weight_notes(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "events.html"
    code, _, err = _run("viz", "events", "--top", "20", "-o", str(target))
    assert code == 0, err
    assert "Cut from 126 to 20 nodes: the 20 with the highest degree." in err
    assert "Cut from 126 to 20 nodes" in target.read_text(encoding="utf-8")


def test_cli_filters_by_institution_name(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "hled.html"
    code, _, err = _run("viz", "organizations", "--institution", "HLED", "-o", str(target))
    assert code == 0, err
    labels = sorted(n["label"] for n in page_data(target.read_text(encoding="utf-8"))["nodes"].values())
    assert labels == ["Department of State", "Secretariat of Foreign Affairs"]


def test_cli_ego(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "ego.html"
    code, _, err = _run("viz", "ego", "Marcelo Ebrard", "-o", str(target))
    assert code == 0, err
    assert "Ego network: Marcelo Ebrard" in target.read_text(encoding="utf-8")


def test_cli_unknown_ego_name_prints_suggestions_and_fails(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "ego.html"
    code, _, err = _run("viz", "ego", "Ken Salazr", "-o", str(target))
    assert code == 1
    assert "no node named 'Ken Salazr'" in err and "did you mean: Ken Salazar?" in err
    assert not target.exists()


def test_cli_empty_selection_writes_the_page_and_fails(store: Graph, tmp_path: Path) -> None:
    target = tmp_path / "empty.html"
    code, _, err = _run("viz", "organizations", "--period", "2031", "-o", str(target))
    assert code == 1
    assert "no events match 2031" in err and "dated events run from 2022-01-31" in err
    assert "Nothing matched" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ego", "-o", "x.html"], "the ego view needs a person"),
        (["institutions", "Ken Salazar", "-o", "x.html"], "only the ego view takes a name"),
    ],
)
def test_cli_name_only_for_ego(store: Graph, args: list[str], message: str) -> None:
    code, _, err = _run("viz", *args)
    assert code == 2 and message in err


def test_a_busy_node_lists_its_latest_events_and_filters_on_all() -> None:
    graph, events = busy_graph()
    data = page_data(viz.page(graph, events=events))
    busy = data["nodes"]["busy"]
    assert busy["count"] == len(events) == viz.EVENTS_LISTED + 11
    listed = sorted(data["events"][i]["date"] for i in busy["events"])
    assert len(listed) == viz.EVENTS_LISTED and listed[0].startswith("2022-")  # 2019 and 2021 left out
    periods = sorted({tuple(data["facets"][f][:2]) for f in busy["facets"]})
    assert periods == [
        ("2019-04-01", "2019-06-31"),
        ("2021-01-01", "2021-03-31"),
        ("2021-04-01", "2021-06-31"),
        ("2021-07-01", "2021-09-31"),
        ("2021-10-01", "2021-12-31"),
        ("2022-01-01", "2022-03-31"),
        ("2022-04-01", "2022-06-31"),
        ("2022-07-01", "2022-09-31"),
        ("2022-10-01", "2022-12-31"),
    ]
    assert [tie["count"] for tie in data["edges"].values()] == [1, 1]


PAGE_IN_A_CHILD = """
import sys
import networkx as nx
from binatgraph import viz
graph = nx.relabel_nodes(nx.gnm_random_graph(60, 400, seed=3), lambda n: f"person-{n}")
for node in graph:
    graph.nodes[node].update(label=node.title(), type="person", country="MX")
sys.stdout.write(viz.page(graph, top=20))
"""


@pytest.mark.slow  # ~15 s: fresh interpreters under several hash seeds
def test_the_same_graph_gives_the_same_page_in_any_process() -> None:
    # A cut page once walked its kept nodes in set order, which follows Python's per-process
    # string hashing: ties, layout and bytes then changed from one run to the next.
    pages = [
        subprocess.run(
            [sys.executable, "-c", PAGE_IN_A_CHILD],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert page_data(pages[0])["vis"]["edges"], "the cut page should keep some ties"
    assert pages[0] == pages[1]
