"""Single documents (readouts, communiqués, news) and repository pages: kind, date, title, drafts.

The fixtures in tests/fixtures/documents/ and tests/fixtures/repository/ were written for these tests in
the shapes real sources take; none is copied from a real document.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file
from binatgraph.reports import detect_kind, parse_source, read_report_text
from binatgraph.reports.document import detect_language, find_dates, parse_document

HERE = Path(__file__).resolve().parent
DOCS = HERE / "fixtures" / "documents"
REPO = HERE / "fixtures" / "repository"
REPORTS = HERE / "fixtures" / "reports"
DATA = HERE.parent / "data"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("documents/readout-en.txt", "document"),
        ("documents/comunicado-es.txt", "document"),
        ("documents/news-en.txt", "document"),
        ("repository/agreements.txt", "repository"),
        ("repository/encounters.md", "repository"),
        ("reports/layout-2022.txt", "report"),
        ("reports/layout-2023.txt", "report"),
    ],
)
def test_the_kind_of_a_source_is_recognised(name: str, kind: str) -> None:
    assert detect_kind(read_report_text(HERE / "fixtures" / name)) == kind


@pytest.mark.parametrize(
    ("name", "date", "source", "language"),
    [
        # "Earlier today" under a date line; a later meeting the text announces is not the event
        ("readout-en.txt", "2024-03-14", "relative", "en"),
        # "este viernes" against the dateline's Friday; the agreement "del 3 de noviembre pasado" is history
        ("comunicado-es.txt", "2024-02-09", "relative", "es"),
        # "yesterday" against a day-first dateline inside the first paragraph
        ("news-en.txt", "2024-05-16", "relative", "en"),
        # a dateline with an abbreviated Spanish month, the stored page's month-only prefix giving the year
        ("weekday-es.txt", "2024-02-23", "relative", "es"),
    ],
)
def test_a_document_is_dated_by_its_event(name: str, date: str, source: str, language: str) -> None:
    text = read_report_text(DOCS / name)
    parsed = parse_document(text, name)
    [item] = parsed.items
    assert (item.date.iso if item.date else None, item.date_source) == (date, source)
    assert parsed.layout == f"document-{language}"
    assert detect_language(text) == language


def test_the_headline_skips_chrome_and_date_lines() -> None:
    [item] = parse_document(read_report_text(DOCS / "readout-en.txt")).items
    assert item.title.startswith("Readout of Deputy Secretary Lena Moss")
    text = read_report_text(DOCS / "readout-en.txt")
    assert item.title_span is not None and text[item.title_span.start : item.title_span.end] == item.title


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("On June 14-15, 2030, the secretary visited", None, [("2030-06-14", "2030-06-15", False)]),
        ("Este domingo 2 de diciembre", 2029, [("2029-12-02", None, False)]),
        ("el acuerdo signado el 18 de diciembre pasado", 2030, [("2030-12-18", None, True)]),
        ("talks held since March 4, 2020 continue", None, [("2020-03-04", None, True)]),
        ("la visita -12 mayo- del embajador", 2031, [("2031-05-12", None, False)]),
        # a stated weekday pins the year the text leaves out
        ("On Thursday, July 8, the two governments announced", None, [("2021-07-08", None, False)]),
        ("the president may 5 times", 2030, []),
    ],
)
def test_dates_in_english_and_spanish(
    text: str, context: int | None, expected: list[tuple[str, str | None, bool]]
) -> None:
    found = [
        (m.date.iso if m.date else "", m.end_date.iso if m.end_date else None, m.past_reference)
        for m in find_dates(text, context)
    ]
    assert found == expected


def test_a_document_drafts_like_a_report_of_one_item(tmp_path: Path) -> None:
    draft = ingest_file(DOCS / "comunicado-es.txt", load_dataset(DATA))
    assert draft.report.id == "doc-comunicado-es"
    assert draft.report.layout == "document-es"
    assert draft.report.publisher == "Secretaría de Relaciones Exteriores"
    [item] = draft.report.items
    assert item.date_source == "relative" and str(item.event.date) == "2024-02-09"
    assert draft.report.source_sha256 and item.spans is not None


def test_a_repository_page_proposes_institutions() -> None:
    draft = ingest_file(REPO / "agreements.txt", load_dataset(DATA))
    assert draft.report.id == "repository-agreements-and-treaties"
    assert draft.report.items == ()  # every entry describes an institution, none an event
    proposed = {e.name: e for e in draft.proposals["institutions"]}
    assert set(proposed) == {
        "Treaty on the Utilization of Waters of the Colorado and Tijuana Rivers and of the Rio Grande",
        "La Paz Agreement",
    }
    la_paz = proposed["La Paz Agreement"]
    assert (la_paz.pillar.value, str(la_paz.established), {c.value for c in la_paz.countries}) == (
        "agreement",
        "1983",
        {"US", "MX"},
    )
    assert any("known institution usmca" in note for note in draft.notes)


def test_repository_encounters_become_dated_events() -> None:
    parsed = parse_source(read_report_text(REPO / "encounters.md"), "encounters.md")
    assert [i.date.iso if i.date else None for i in parsed.items] == ["2021-09-09", "2021-10-08", "2013"]
    assert parsed.items[0].title.startswith("The High-Level Economic Dialogue met again")
    draft = ingest_file(REPO / "encounters.md", load_dataset(DATA))
    assert [i.position for i in draft.report.items] == [1, 2, 3]
    assert "hled" in draft.report.items[0].event.institutions


def test_ingest_json_takes_a_kind_and_prints_each_entry() -> None:
    result = CliRunner().invoke(app, ["ingest", str(REPO / "agreements.txt"), "-f", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert [i["institutions"][0]["pillar"] for i in items] == ["agreement"] * 3
