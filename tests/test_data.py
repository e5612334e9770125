"""The curated data: it validates, and the graph holds what the two reports say."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import PROV, RDF, SDO, Graph

from binatgraph.graph.build import build, compile_graph
from binatgraph.graph.export import serialize
from binatgraph.graph.shacl import check
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.records.linking import find_mentions
from binatgraph.schema import ids
from binatgraph.schema.vocab import BG

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> Graph:
    return compile_graph(dataset)


def test_both_reports_with_all_their_items(dataset: Dataset) -> None:
    assert {r.id: len(r.items) for r in dataset.reports} == {"cbi-2022-jan-jun": 16, "cbi-2023-apr-jun": 14}
    for report in dataset.reports:
        assert [item.number for item in report.items] == list(range(1, len(report.items) + 1))


def test_shacl_conforms_on_the_curated_graph(graph: Graph) -> None:
    result = check(graph)
    assert result.conforms, "\n".join(map(str, result.violations))


def test_every_event_is_linked_to_its_report_item(graph: Graph) -> None:
    events = {
        e
        for cls in (
            BG.Visit,
            BG.Meeting,
            BG.DialogueSession,
            BG.JointStatement,
            BG.Decree,
            BG.PhoneCall,
            BG.Summit,
            BG.Forum,
            BG.Resolution,
            BG.Announcement,
            BG.AgreementSigning,
            BG.OtherEvent,
        )
        for e in graph.subjects(RDF.type, cls)
    }
    assert len(events) == 30
    for event in events:
        [item] = graph.objects(event, PROV.wasDerivedFrom)
        assert (item, RDF.type, BG.ReportItem) in graph


def test_items_without_a_date_take_their_header_month(dataset: Dataset) -> None:
    # 2023 items 11 and 13 print no date: they take the month of their MAY and JUNE headers, marked so
    assert [(r.id, i.number) for r, i in dataset.items if i.event.date is None] == []
    by_header = [
        (r.id, i.number, i.month_header, str(i.event.date), i.event.date.precision.value)
        for r, i in dataset.items
        if i.date_source == "header" and i.event.date is not None
    ]
    assert by_header == [
        ("cbi-2023-apr-jun", 11, "MAY", "2023-05", "month"),
        ("cbi-2023-apr-jun", 13, "JUNE", "2023-06", "month"),
    ]


def test_date_stated_only_in_the_body(dataset: Dataset) -> None:
    report = next(r for r in dataset.reports if r.id == "cbi-2023-apr-jun")
    item = report.items[1]
    assert (item.stated_date, item.date_source, str(item.event.date)) == ("April 13", "body", "2023-04-13")


def test_summit_range(graph: Graph) -> None:
    summit = ids.event("cbi-2022-jan-jun", 16)
    assert str(graph.value(summit, SDO.startDate)) == "2022-06-07"
    assert str(graph.value(summit, SDO.endDate)) == "2022-06-10"


def test_one_ministry_under_many_names(dataset: Dataset) -> None:
    for name in (
        "Foreign Ministry",
        "Ministry of Foreign Affairs",
        "Secretariat of Foreign Affairs",
        "Secretary of Foreign Affairs (SRE)",
        "SRE",
    ):
        assert [e.id for e in dataset.index.lookup(name, "organizations")] == ["mx-sre"], name
    for name in ("HLED", "High Level Economic Dialogue", "High-Level Economic Dialogue"):
        assert [e.id for e in dataset.index.lookup(name)] == ["hled"]
    # the 2023 long official name is linked through its leading words
    sentence = "a review within U.S.-Mexico Bicentennial Framework for Security, Communities and more"
    assert [m.entity.id for m in find_mentions(sentence, dataset.index)] == ["bicentennial-framework"]
    assert [e.id for e in dataset.index.lookup("Bicentennial Framework for Security")] == [
        "bicentennial-framework"
    ]


def test_velasco_titles_differ_between_reports_but_the_post_is_one(dataset: Dataset) -> None:
    titles = {
        (report.id, part.title)
        for report, item in dataset.items
        for part in item.event.participants
        if part.person == "roberto-velasco"
    }
    assert ("cbi-2022-jan-jun", "Chief Officer for North America") in titles
    assert ("cbi-2023-apr-jun", "Head of the North America Unit") in titles
    posts = {p.post for _, i in dataset.items for p in i.event.participants if p.person == "roberto-velasco"}
    assert posts == {"mx-chief-officer-north-america"}


def test_ebrard_is_a_former_foreign_secretary_by_june_2023(graph: Graph) -> None:
    membership = ids.membership("marcelo-ebrard", "mx-foreign-secretary")
    sources = set(graph.objects(membership, PROV.wasDerivedFrom))
    assert ids.item("cbi-2023-apr-jun", 14) not in sources
    assert ids.item("cbi-2022-jan-jun", 2) in sources
    assert (ids.item("cbi-2023-apr-jun", 14), SDO.mentions, ids.person("marcelo-ebrard")) in graph


def test_rapid_response_mechanism_is_part_of_usmca(dataset: Dataset) -> None:
    rrlm = dataset.index.get("rapid-response-labor-mechanism")
    assert rrlm is not None and rrlm.part_of == ("usmca",)  # type: ignore[attr-defined]


def test_build_and_export_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        location = StoreLocation.parse(tmp_path / name)
        result = build(DATA, location)
        assert result.events == 30
        with open_graph(location) as graph:
            outputs.append(serialize(graph, "nt"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"<http://www.w3.org/ns/prov#wasDerivedFrom>") >= 30
