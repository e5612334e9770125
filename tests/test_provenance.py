"""Provenance down to the source: spans, file digest and URL from parser to graph, and back to the words.

The fixture report (tests/fixtures/provenance/) is invented for these tests, in the 2023 layout, with an
accented word before some spans (offsets count characters, not bytes) and one item with no date of its own.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import DCTERMS, RDF, SDO, Literal, URIRef
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph.apply import apply_drafts
from binatgraph.graph.build import build
from binatgraph.graph.provenance import (
    SourceMismatchError,
    SourceNotFoundError,
    UnknownItemError,
    find_item,
    source_text,
)
from binatgraph.graph.rdf import report_triples, source_file_iri, to_graph
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file, write_draft
from binatgraph.reports import parse_report, read_report_text
from binatgraph.schema import ids
from binatgraph.schema.vocab import BG, OA

HERE = Path(__file__).resolve().parent
FIXTURE_DATA = HERE / "fixtures" / "data"
REPORT = HERE / "fixtures" / "provenance" / "report-2024-q4.txt"
REPORT_ID = "cbi-2024-oct-dec"
REAL = HERE.parents[1] / "shared" / "reports"
runner = CliRunner()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the parser records spans --------------------------------------------------------------------


def test_spans_point_at_the_title_body_and_context() -> None:
    text = read_report_text(REPORT)
    lines = text.split("\n")
    first, second = parse_report(text, str(REPORT)).items
    assert first.title_span is not None and first.body_span is not None and first.context_span is not None
    assert first.title_span.of(text) == "1) Water Dialogue Session in Monterrey"
    assert first.body_span.of(text).startswith("Foreign Minister Ana Ruiz welcomed")
    assert first.body_span.of(text).endswith("along the Río Bravo.")
    assert (first.body_span.line, first.body_span.end_line) == (6, 7)  # two paragraphs
    assert first.context_span.of(text) == (
        "Institutional Implications:\nA second session keeps the accord's review on schedule."
    )
    # the date line belongs to the item, not to its title or body
    assert "October 8, 2024 Link" in first.spans.item.of(text)  # type: ignore[union-attr]
    assert "October 8" not in first.title_span.of(text) + first.body_span.of(text)
    # the month header between items is in neither item
    assert "NOVEMBER" not in first.spans.item.of(text) + second.spans.item.of(text)  # type: ignore[union-attr]
    for item in (first, second):
        spans = item.spans
        assert spans is not None
        for span in (spans.item, spans.title, spans.body, spans.context):
            assert span is not None
            # line numbers agree with the offsets, and the span is whole lines without end whitespace
            assert lines[span.line - 1].strip() == span.of(text).split("\n")[0]
            assert lines[span.end_line - 1].strip() == span.of(text).split("\n")[-1]
        assert spans.item.start == spans.title.start and spans.item.end == spans.context.end  # type: ignore[union-attr]


def test_offsets_count_characters_not_bytes() -> None:
    text = read_report_text(REPORT)
    first = parse_report(text).items[0]
    assert first.context_span is not None
    raw = REPORT.read_bytes()
    assert raw.index(b"Institutional") != first.context_span.start  # "í" is two bytes
    assert text.index("Institutional") == first.context_span.start


def test_crlf_files_keep_their_spans(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(REPORT.read_bytes().replace(b"\n", b"\r\n"))
    text = read_report_text(crlf)
    item = parse_report(text).items[1]
    assert item.title_span is not None and item.title_span.line == 11
    assert item.title_span.of(text) == "2) Ruiz and Baker Agree on a Drought Calendar"


# --- drafts and the graph keep them ----------------------------------------------------------------


def test_draft_records_the_file_digest_location_and_spans() -> None:
    draft = ingest_file(REPORT, load_dataset(FIXTURE_DATA), url="https://example.org/reports/2024-q4")
    report = draft.report
    assert (report.source_file, report.source_sha256) == (REPORT.name, _sha256(REPORT))
    assert report.source_location == str(REPORT.resolve())
    assert report.url == "https://example.org/reports/2024-q4"
    text = read_report_text(REPORT)
    parsed = parse_report(text).items
    assert [item.spans for item in report.items] == [item.spans for item in parsed]
    assert report.items[0].printed_title == "Water Dialogue Session in Monterrey"


def test_rdf_carries_url_digest_spans_and_printed_title() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    report = ingest_file(REPORT, dataset, url="https://example.org/reports/2024-q4").report
    graph = to_graph(report_triples(report, dataset.gazetteer))
    report_iri, media = ids.report(REPORT_ID), source_file_iri(REPORT_ID)
    assert (report_iri, SDO.url, URIRef("https://example.org/reports/2024-q4")) in graph
    assert (report_iri, SDO.associatedMedia, media) in graph
    assert (media, RDF.type, SDO.MediaObject) in graph
    assert graph.value(media, SDO.sha256) == Literal(_sha256(REPORT))
    assert graph.value(media, SDO.contentUrl) == URIRef(REPORT.resolve().as_uri())
    item = ids.item(REPORT_ID, 1)
    title = graph.value(item, BG.titleSpan)
    assert (title, RDF.type, OA.TextPositionSelector) in graph
    assert graph.value(title, OA.start) == Literal(99)
    assert graph.value(title, OA.end) == Literal(137)
    assert (graph.value(title, BG.startLine), graph.value(title, BG.endLine)) == (Literal(4), Literal(4))
    assert {graph.value(item, p) is not None for p in (BG.span, BG.bodySpan, BG.contextSpan)} == {True}
    assert graph.value(item, SDO.name) is None
    assert graph.value(item, DCTERMS.title) == Literal("Water Dialogue Session in Monterrey")


# --- back to the words ---------------------------------------------------------------------------------


def _store_with(report: Path, tmp_path: Path) -> StoreLocation:
    """The fixture data built into a store, with ``report`` ingested and applied."""
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location, shacl=False)
    folder = write_draft(ingest_file(report, load_dataset(FIXTURE_DATA)), tmp_path / "drafts")
    apply_drafts(folder, FIXTURE_DATA, location)
    return location


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The fixture report in a folder of its own, so a test may remove or change it."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    return Path(shutil.copy(REPORT, folder / REPORT.name))


def test_source_text_reads_the_item_from_where_it_was_ingested(copied: Path, tmp_path: Path) -> None:
    location = _store_with(copied, tmp_path)
    with open_graph(location) as graph:
        by_event_id = source_text(graph, f"{REPORT_ID}-02")
        by_title = source_text(graph, "drought calendar")
        by_item = source_text(graph, str(ids.item(REPORT_ID, 1)))
    assert by_event_id.item == by_title.item == str(ids.item(REPORT_ID, 2))
    assert by_event_id.path == copied
    assert by_event_id.part("title") == "2) Ruiz and Baker Agree on a Drought Calendar"
    assert by_event_id.part("body") == (
        "Ana Ruiz and Tom Baker agreed on a shared drought calendar for the Río Bravo basin."
    )
    assert by_item.part().startswith("1) Water Dialogue Session in Monterrey\nOctober 8, 2024 Link\n")  # type: ignore[union-attr]
    assert by_item.sha256 == _sha256(REPORT)


def test_a_missing_file_names_the_file_and_digest(copied: Path, tmp_path: Path) -> None:
    location = _store_with(copied, tmp_path)
    copied.unlink()
    with open_graph(location) as graph, pytest.raises(SourceNotFoundError) as caught:
        source_text(graph, f"{REPORT_ID}-01")
    message = str(caught.value)
    assert REPORT.name in message and _sha256(REPORT) in message and "--reports" in message
    # the same file elsewhere is found through reports_dir
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(REPORT, elsewhere / REPORT.name)
    with open_graph(location) as graph:
        assert source_text(graph, f"{REPORT_ID}-01", elsewhere).path == elsewhere / REPORT.name


def test_a_changed_file_is_refused_by_its_digest(copied: Path, tmp_path: Path) -> None:
    location = _store_with(copied, tmp_path)
    copied.write_text(copied.read_text(encoding="utf-8").replace("Monterrey", "Saltillo"), encoding="utf-8")
    with open_graph(location) as graph, pytest.raises(SourceMismatchError) as caught:
        source_text(graph, f"{REPORT_ID}-01")
    message = str(caught.value)
    assert str(copied) in message and _sha256(REPORT) in message and _sha256(copied) in message


def test_unknown_items_suggest_close_titles(copied: Path, tmp_path: Path) -> None:
    location = _store_with(copied, tmp_path)
    with open_graph(location) as graph:
        with pytest.raises(UnknownItemError, match="did you mean"):
            find_item(graph, "Water Dialog Sesion in Monterey")
        with pytest.raises(UnknownItemError, match="no report item"):
            find_item(graph, "a> } DROP ALL ; <b")
        assert find_item(graph, f"{REPORT_ID}/2") == str(ids.item(REPORT_ID, 2))
        assert find_item(graph, f"event:{REPORT_ID}-01") == str(ids.item(REPORT_ID, 1))


def test_cli_source_prints_the_words_or_the_file_it_needs(copied: Path, tmp_path: Path) -> None:
    _store_with(copied, tmp_path)
    store = str(tmp_path / "store")
    ok = runner.invoke(app, ["source", "drought calendar", "--store", store, "--part", "body"])
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout == (
        "Ana Ruiz and Tom Baker agreed on a shared drought calendar for the Río Bravo basin.\n"
    )
    assert "SHA-256 checked" in ok.stderr and "line 12" in ok.stderr
    copied.unlink()
    missing = runner.invoke(app, ["source", f"{REPORT_ID}-02", "--store", store])
    assert missing.exit_code == 1 and missing.stdout == ""
    assert REPORT.name in missing.stderr and _sha256(REPORT) in missing.stderr
    found = runner.invoke(
        app, ["source", f"{REPORT_ID}-02", "--store", store, "--reports", str(REPORT.parent)]
    )
    assert found.exit_code == 0 and found.stdout.startswith("2) Ruiz and Baker Agree on a Drought Calendar\n")


# --- the curated data ------------------------------------------------------------------------------------


def test_curated_reports_keep_url_digest_and_spans_without_sentences() -> None:
    dataset = load_dataset(HERE.parent / "data")
    for report in dataset.reports:
        assert report.url and report.url.startswith("https://binationalinstitutions.org/reports/")
        assert report.source_sha256 and len(report.source_sha256) == 64
        for item in report.items:
            assert item.spans is not None and item.spans.title.line == item.spans.item.line
            assert item.printed_title is None or len(item.printed_title.split()) <= 10


@pytest.mark.skipif(not REAL.exists(), reason="the real reports live in ../shared/reports")
def test_curated_spans_point_at_the_real_reports() -> None:
    dataset = load_dataset(HERE.parent / "data")
    for report in dataset.reports:
        path = REAL / str(report.source_file)
        assert _sha256(path) == report.source_sha256
        text = read_report_text(path)
        parsed = parse_report(text).items
        assert [item.spans for item in report.items] == [p.spans for p in parsed]
        for item in report.items:
            assert item.spans is not None
            assert item.spans.title.of(text).startswith(f"{item.number}) ")
            if item.printed_title:
                assert item.printed_title in item.spans.title.of(text)
            assert item.spans.context is not None
            assert item.spans.context.of(text).startswith("Institutional")


@pytest.mark.skipif(not REAL.exists(), reason="the real reports live in ../shared/reports")
def test_source_text_on_the_curated_graph(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    build(HERE.parent / "data", location, shacl=False)
    with open_graph(location) as graph:
        with pytest.raises(SourceNotFoundError, match=r"cbi-report-2023-apr-jun\.txt"):
            source_text(graph, "Buttigieg at AIFA")
        found = source_text(graph, "Buttigieg at AIFA", REAL)
    assert found.part("title").startswith("13) ")  # type: ignore[union-attr]
    assert found.url == "https://binationalinstitutions.org/reports/3j90bdn5bc1qp4bglt4u2af8rcawkr"
