"""Undated items take their month header's month, and analyses can look at one report at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal
from rdflib import SDO as SCHEMA

from binatgraph.analysis import (
    Selection,
    SelectionError,
    centrality,
    centrality_over_time,
    events_table,
    project,
)
from binatgraph.analysis.names import UnknownNameError, find_report
from binatgraph.analysis.selection import report_iri
from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.schema import ids
from binatgraph.schema.vocab import BG

DATA = Path(__file__).resolve().parents[1] / "data"
R2022, R2023 = "cbi-2022-jan-jun", "cbi-2023-apr-jun"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    location = StoreLocation.parse(tmp_path_factory.mktemp("selection") / "store")
    build(DATA, location, shacl=False)
    with open_graph(location) as g:
        yield g


def _short(frame_events: object) -> set[str]:
    return {str(e).rsplit("/", 1)[-1] for e in frame_events}  # type: ignore[attr-defined]


def test_header_dated_items_fall_in_their_quarter_to_the_month(graph: Graph) -> None:
    q2 = events_table(graph, selection=Selection.of(period="2023Q2"))
    assert {f"{R2023}-11", f"{R2023}-13"} <= _short(q2["event"])
    assert len(q2) == 14  # every event of the 2023 report
    may = events_table(graph, selection=Selection.of(period="2023-05"))
    assert f"{R2023}-11" in _short(may["event"]) and f"{R2023}-13" not in _short(may["event"])
    for position, month in ((11, "2023-05"), (13, "2023-06")):
        event = ids.event(R2023, position)
        assert graph.value(event, SCHEMA.startDate) == Literal(month, datatype=XSD.gYearMonth)
        assert (event, RDF.type, BG.HeaderDatedEvent) in graph
        assert (event, RDF.type, BG.UndatedEvent) not in graph


def test_an_analyst_can_leave_header_dates_out(graph: Graph) -> None:
    rows = graph.query(
        "SELECT (COUNT(?e) AS ?n) WHERE { ?e schema:startDate ?d . "
        "FILTER NOT EXISTS { ?e a bg:HeaderDatedEvent } }",
        initNs={"schema": str(SCHEMA), "bg": str(BG._NS)},
    )
    assert [int(row[0]) for row in rows] == [28]  # type: ignore[index]


def test_selection_by_report_counts_its_events(graph: Graph) -> None:
    assert len(events_table(graph, selection=Selection.of(report=R2022))) == 16
    assert len(events_table(graph, selection=Selection.of(report=R2023))) == 14
    both = Selection.of(report=[R2022, f"report:{R2023}"])
    assert len(events_table(graph, selection=both)) == 30
    assert len(events_table(graph, selection=Selection.of(report=R2022, period="2023"))) == 0
    visits = Selection.of(report=R2023, types=["visit"])
    assert len(events_table(graph, selection=visits)) == 3  # items 11, 12 and 14
    assert Selection.of(report=R2023, period="2023Q2").describe() == f"2023Q2, {R2023}"


def test_people_in_both_reports(graph: Graph) -> None:
    people = {r: set(project(graph, "people", Selection.of(report=r))) for r in (R2022, R2023)}
    both = {iri.rsplit("/", 1)[-1] for iri in people[R2022] & people[R2023]}
    assert both == {"andres-manuel-lopez-obrador", "rosa-icela-rodriguez", "roberto-velasco"}


def test_report_filter_reaches_centrality_and_change_over_time(graph: Graph) -> None:
    ranked = centrality(project(graph, "people", Selection.of(report=R2023)), "degree")
    assert "Roberto Velasco Álvarez" in set(ranked["label"])  # item 11, dated only by its MAY header
    over_time = centrality_over_time(graph, "people", "degree", selection=Selection.of(report=R2022))
    assert set(over_time["period"]) == {"2022Q1", "2022Q2"}
    assert "2023Q2" in over_time.attrs["empty_periods"]


def test_report_names_resolve_or_suggest(graph: Graph) -> None:
    iri = str(ids.report(R2023))
    assert report_iri(R2023) == report_iri(f"report:{R2023}") == report_iri(iri) == iri
    assert find_report(graph, "CBI Report, April–June 2023") == iri
    assert find_report(graph, R2023) == iri
    with pytest.raises(UnknownNameError, match=f"did you mean: {R2023}"):
        find_report(graph, "cbi-2023-apr")
    with pytest.raises(SelectionError, match="not a report id"):
        Selection.of(report="the 2023 report")


def test_viz_view_takes_the_report_filter(graph: Graph) -> None:
    from binatgraph.viz.views import view_graph

    network = view_graph(graph, "who-meets-whom", Selection.of(report=R2023))
    assert set(network) == set(project(graph, "people", Selection.of(report=R2023)))
    assert network.graph["selection"] == R2023
