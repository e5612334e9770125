"""binatgraph.analysis: measures against values worked out by hand, facts of data/, bad input."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import SDO, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from binatgraph import analysis
from binatgraph.analysis.centrality import compute
from binatgraph.graph.store import StoreLocation, open_graph, replace
from binatgraph.schema.vocab import BG

ID = "https://w3id.org/binatgraph/id/"
VELASCO = f"{ID}person/roberto-velasco"
BACKENDS = ["networkx", "igraph"]


@pytest.fixture
def graph(data_store: StoreLocation) -> Iterator[Graph]:
    with open_graph(data_store) as g:
        yield g


def _values(G: nx.Graph, measure: str, backend: str, **kw: object) -> dict[object, float]:
    return compute(G, measure, backend=backend, **kw)  # type: ignore[arg-type]


# --- each measure against a value worked out by hand --------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_betweenness_and_closeness_on_a_path(backend: str) -> None:
    # a-b-c-d: b lies on the paths a-c and a-d, 2 of the 3 pairs not involving it: 2/3
    G = nx.path_graph("abcd")
    between = _values(G, "betweenness", backend)
    assert between == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})
    # a reaches b, c, d at 1, 2, 3 hops: 3/6; b at 1, 1, 2: 3/4
    close = _values(G, "closeness", backend)
    assert close == pytest.approx({"a": 0.5, "b": 0.75, "c": 0.75, "d": 0.5})


@pytest.mark.parametrize("backend", BACKENDS)
def test_star_by_hand(backend: str) -> None:
    G = nx.star_graph(3)  # centre 0, leaves 1-3
    assert _values(G, "degree", backend) == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    assert _values(G, "betweenness", backend)[0] == pytest.approx(1.0)
    # eigenvalue sqrt(3): centre = sqrt(3) * leaf, unit length: centre 1/sqrt(2), leaves 1/sqrt(6)
    eigen = _values(G, "eigenvector", backend)
    assert eigen[0] == pytest.approx(1 / math.sqrt(2))
    assert eigen[1] == pytest.approx(1 / math.sqrt(6))
    # PageRank: c = 0.15/4 + 0.85 * 3l and l = 0.15/4 + 0.85 * c/3, with c + 3l = 1: c = 0.8875/1.85
    rank = _values(G, "pagerank", backend)
    assert rank[0] == pytest.approx(0.8875 / 1.85, abs=1e-5)
    assert rank[1] == pytest.approx((1 - 0.8875 / 1.85) / 3, abs=1e-5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_weighted_degree_sums_shared_events(backend: str) -> None:
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 2), ("a", "c", 3)])
    assert _values(G, "weighted-degree", backend) == {"a": 4.0, "b": 3.0, "c": 5.0}


@pytest.mark.parametrize("backend", BACKENDS)
def test_closeness_in_pieces_is_scaled_by_reach(backend: str) -> None:
    # a-b plus a lone c: a reaches 1 of 2 others at distance 1 -> 1 * (1/2)
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    assert _values(G, "closeness", backend) == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0})


@pytest.mark.parametrize("backend", BACKENDS)
def test_eigenvector_in_pieces_lives_on_the_strongest_piece(backend: str) -> None:
    G = nx.complete_graph(4)  # eigenvalue 3
    G.add_edge("x", "y")  # eigenvalue 1
    eigen = _values(G, "eigenvector", backend)
    assert eigen[0] == pytest.approx(0.5)
    assert eigen["x"] == pytest.approx(0.0, abs=1e-9)


def _random_graph(seed: int) -> nx.Graph:
    G = nx.gnm_random_graph(120, 300, seed=seed)
    G.add_edges_from([(500, 501), (501, 502)])
    rng = random.Random(seed)
    for a, b in G.edges():
        G.edges[a, b]["weight"] = rng.randint(1, 5)
    return nx.relabel_nodes(G, {n: f"n{n:03d}" for n in G})


@pytest.mark.parametrize("backend", BACKENDS)
def test_sampled_betweenness_is_networkx_estimator(backend: str) -> None:
    G = _random_graph(7)
    expected = nx.betweenness_centrality(G, k=30, seed=11)
    assert _values(G, "betweenness", backend, k=30, seed=11) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("measure", list(analysis.MEASURES))
def test_engines_agree(measure: str) -> None:
    G = _random_graph(3)
    nx_values = _values(G, measure, "networkx")
    assert _values(G, measure, "igraph") == pytest.approx(nx_values, abs=1e-4)


def test_ranks_share_ties_and_order_by_label() -> None:
    frame = analysis.centrality(nx.path_graph("abcd"), "degree")
    assert frame[["node", "rank"]].values.tolist() == [["b", 1], ["c", 1], ["a", 3], ["d", 3]]


def test_louvain_modularity_by_hand() -> None:
    # two triangles and a bridge: each side has 3 of the 7 edges and degree sum 7
    G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    frame = analysis.communities(G)
    assert sorted(frame.groupby("community")["node"].apply(sorted).tolist()) == [[1, 2, 3], [4, 5, 6]]
    assert frame.attrs["modularity"] == pytest.approx(2 * (3 / 7 - (7 / 14) ** 2))


def test_communities_list_the_hub_first_not_the_alphabet() -> None:
    # two groups joined by one weak tie: "zeta" is the hub of one (4 shared events), "yolanda" of the other
    G = nx.Graph()
    for leaf, weight in (("alba", 1), ("beto", 1), ("carla", 2)):
        G.add_edge("zeta", leaf, weight=weight)
    G.add_edge("alba", "beto", weight=1)
    for leaf in ("diego", "elena", "fabio"):
        G.add_edge("yolanda", leaf, weight=2)
    G.add_edge("diego", "elena", weight=1)
    G.add_edge("carla", "fabio", weight=1)
    nx.set_node_attributes(G, {n: n.capitalize() for n in G}, "label")
    frame = analysis.communities(G, seed=0)
    groups = frame.groupby("community", sort=True)["node"].apply(list).tolist()
    assert sorted(map(sorted, groups)) == [
        ["alba", "beto", "carla", "zeta"],
        ["diego", "elena", "fabio", "yolanda"],
    ]
    by_hub = {group[0]: group for group in groups}
    assert by_hub["zeta"] == ["zeta", "carla", "alba", "beto"]  # 4, then 3 (2 + the bridge), then 2 and 2
    assert by_hub["yolanda"] == ["yolanda", "diego", "elena", "fabio"]  # 6; then 3, 3, 3 by label
    summary = analysis.community_summary(frame, members=2)
    assert {row.split("; ")[0] for row in summary["members"]} == {"Zeta", "Yolanda"}


def test_connection_prefers_the_sturdier_route() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", weight=1, events=["e1"])
    G.add_edge("b", "d", weight=1, events=["e2"])
    G.add_edge("a", "c", weight=3, events=["e3", "e4", "e5"])
    G.add_edge("c", "d", weight=2, events=["e6", "e7"])
    steps = analysis.connection(G, "a", "d")
    assert steps["target"].tolist() == ["c", "d"] and steps["events"].tolist() == [
        ["e3", "e4", "e5"],
        ["e6", "e7"],
    ]


def test_no_connection_says_so() -> None:
    G = nx.Graph([("a", "b"), ("c", "d")])
    with pytest.raises(analysis.NoConnectionError, match="not connected"):
        analysis.connection(G, "a", "d")


def test_ego_network() -> None:
    G = nx.path_graph("abcde")
    assert sorted(analysis.ego_network(G, "c")) == ["b", "c", "d"]
    assert sorted(analysis.ego_network(G, "c", radius=2)) == list("abcde")


# --- the projections on data/ -------------------------------------------------------------------


def test_people_projection_counts_and_provenance(graph: Graph) -> None:
    G = analysis.project(graph, "people")
    assert (G.number_of_nodes(), G.number_of_edges(), G.graph["events"]) == (22, 24, 21)
    for _, _, data in G.edges(data=True):
        assert data["weight"] == len(data["events"]) and all(
            e.startswith(f"{ID}event/") for e in data["events"]
        )
    node = G.nodes[VELASCO]
    assert node["label"] == "Roberto Velasco Álvarez" and node["country"] == "MX" and node["type"] == "person"


def test_most_distinct_counterparts_is_velasco(graph: Graph) -> None:
    top = analysis.centrality(analysis.project(graph, "people"), "degree", top=2)
    assert top[["label", "value"]].values.tolist() == [
        ["Roberto Velasco Álvarez", 8.0],
        ["Andrés Manuel López Obrador", 6.0],
    ]


def test_mechanism_linking_most_agencies_is_the_bicentennial_framework(graph: Graph) -> None:
    G = analysis.project(graph, "institutions")
    frame = analysis.centrality(G, "degree")
    institutions = frame[frame["type"] == "institution"]
    assert institutions.iloc[0][["label", "value"]].tolist() == ["U.S.-Mexico Bicentennial Framework", 6.0]
    assert nx.is_bipartite(G)


def test_same_input_same_ranking(data_store: StoreLocation) -> None:
    def ranking() -> list[list[object]]:
        with open_graph(data_store) as g:
            G = analysis.project(g, "organizations")
        return analysis.centrality(G, "betweenness")[["node", "value", "rank"]].values.tolist()

    assert ranking() == ranking()


def test_filters_narrow_the_events(graph: Graph) -> None:
    everything = analysis.project(graph, "people")
    year = analysis.project(graph, "people", analysis.Selection.of(period="2022"))
    assert year.graph["events"] < everything.graph["events"]
    visits = analysis.project(graph, "events", analysis.Selection.of(types=["visit"]))
    events = [n for n, d in visits.nodes(data=True) if d["type"] == "event"]
    assert len(events) == 14 and {visits.nodes[e]["kind"] for e in events} == {"visit"}
    mexican = analysis.project(graph, "people", analysis.Selection.of(countries=["MX"]))
    assert {d["country"] for _, d in mexican.nodes(data=True)} == {"MX"}
    hled = analysis.find_entity(graph, "HLED", "institution")
    dialogue = analysis.project(graph, "organizations", analysis.Selection.of(institutions=[hled]))
    assert sorted(d["label"] for _, d in dialogue.nodes(data=True)) == [
        "Department of State",
        "Secretariat of Foreign Affairs",
    ]


def test_events_projection_is_bipartite(graph: Graph) -> None:
    G = analysis.project(graph, "events")
    events = {n for n, d in G.nodes(data=True) if d["type"] == "event"}
    assert len(events) == 30
    assert all((a in events) != (b in events) for a, b in G.edges())


def test_empty_period_is_refused_with_a_message(graph: Graph) -> None:
    G = analysis.project(graph, "people", analysis.Selection.of(period="2021Q1"))
    assert G.number_of_nodes() == 0
    with pytest.raises(analysis.EmptyGraphError, match="empty for 2021Q1"):
        analysis.centrality(G, "pagerank")


def test_change_over_time_ranks(graph: Graph) -> None:
    frame = analysis.centrality_over_time(graph, "people", "degree")
    assert frame["period"].unique().tolist() == ["2022Q1", "2022Q2", "2023Q2"]
    assert frame.attrs["empty_periods"] == ["2022Q3", "2022Q4", "2023Q1"]
    velasco = frame[frame["node"] == VELASCO]
    # 2023Q2: the Washington delegation, dated by its MAY header, with Carrillo his one counterpart
    assert velasco["rank"].tolist() == [1, 4, 5]
    assert velasco["rank_change"].tolist()[1:] == [-3, -1]


def test_unknown_name_suggests(graph: Graph) -> None:
    G = analysis.project(graph, "people")
    assert analysis.resolve(G, "AMLO").endswith("andres-manuel-lopez-obrador")
    with pytest.raises(analysis.UnknownNameError) as caught:
        analysis.resolve(G, "Roberto Velazco")
    assert "Roberto Velasco Álvarez" in caught.value.suggestions


# --- periods, selections and bad input ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2023Q2", "2023Q2", "2023-04-01", "2023-06-30"),
        ("2024-q1", "2024Q1", "2024-01-01", "2024-03-31"),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29"),
        ("2022", "2022", "2022-01-01", "2022-12-31"),
        ("2023-04-10..2023-05-02", "2023-04-10..2023-05-02", "2023-04-10", "2023-05-02"),
    ],
)
def test_periods(text: str, label: str, start: str, end: str) -> None:
    period = analysis.Period.parse(text)
    assert (period.label, period.start.isoformat(), period.end.isoformat()) == (label, start, end)


@pytest.mark.parametrize("text", ["2023Q5", "Q2 2023", "2023-13", "2023-05-02..2023-04-01", "last year"])
def test_bad_periods_list_the_formats(text: str) -> None:
    with pytest.raises(analysis.SelectionError, match=r"2023Q2|ends before"):
        analysis.Period.parse(text)


def test_unknown_measure_projection_type_and_country_list_what_is_allowed() -> None:
    with pytest.raises(analysis.AnalysisError, match="allowed: degree, weighted-degree"):
        analysis.centrality(nx.path_graph(3), "influence")
    with pytest.raises(analysis.ProjectionError, match="allowed: people, organizations"):
        analysis.project(Graph(), "agencies")
    with pytest.raises(analysis.SelectionError, match="allowed: visit, meeting"):
        analysis.Selection.of(types=["parade"])
    with pytest.raises(analysis.SelectionError, match="allowed: US, MX"):
        analysis.Selection.of(countries=["FR"])


def _dated_store(tmp_path: Path) -> StoreLocation:
    """Three visits: one dated to the day, one to the month, one to the year."""
    location = StoreLocation.parse(tmp_path / "dated")
    triples = []
    for name, value, datatype in [
        ("day", "2023-04-30", XSD.date),
        ("month", "2023-05", XSD.gYearMonth),
        ("year", "2023", XSD.gYear),
    ]:
        event = URIRef(f"{ID}event/{name}")
        triples += [
            (event, RDF.type, BG.Visit),
            (event, RDFS.label, Literal(f"visit dated to the {name}")),
            (event, SDO.startDate, Literal(value, datatype=datatype)),
        ]
    triples.append((BG.Visit, RDFS.subClassOf, SDO.Event))
    replace(location, triples)
    return location


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2023Q2", ["day", "month"]),
        ("2023", ["day", "month", "year"]),
        ("2023-04", ["day"]),
        ("2023-05-01..2023-05-31", ["month"]),
        ("2023-05-01..2023-05-30", []),
    ],
)
def test_an_event_counts_when_its_stated_date_lies_inside(
    tmp_path: Path, period: str, expected: list[str]
) -> None:
    with open_graph(_dated_store(tmp_path)) as g:
        found = analysis.events_table(g, selection=analysis.Selection.of(period=period))["event"].tolist()
    assert sorted(e.rsplit("/", 1)[1] for e in found) == expected


# --- files for other tools ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_round_trip(graph: Graph, tmp_path: Path, fmt: str) -> None:
    G = analysis.project(graph, "people")
    path = analysis.write_graph(G, tmp_path / "deep" / f"people.{fmt}", fmt)  # type: ignore[arg-type]
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (22, 24)
    node = back.nodes[VELASCO]
    assert node["label"] == "Roberto Velasco Álvarez" and node["country"] == "MX"
    weights = sorted(float(w) for _, _, w in back.edges(data="weight"))
    assert weights == sorted(float(w) for _, _, w in G.edges(data="weight"))


def test_csv_edge_and_node_lists(graph: Graph, tmp_path: Path) -> None:
    G = analysis.project(graph, "organizations")
    analysis.write_graph(G, tmp_path / "orgs.csv", "csv")
    edges = (tmp_path / "orgs.csv").read_text().splitlines()
    nodes = (tmp_path / "orgs.nodes.csv").read_text().splitlines()
    assert edges[0] == "source,target,source_label,target_label,weight,events" and len(edges) == 41
    assert nodes[0].startswith("node,label,type,country,degree") and len(nodes) == 25
