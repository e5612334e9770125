"""The parser on reports we wrote in each layout a CBI report uses or may use."""

from __future__ import annotations

from pathlib import Path

import pytest

from binatgraph.reports import ParsedReport, ReportReadError, parse_report, read_report_text

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def _parse(name: str) -> ParsedReport:
    path = LAYOUTS / name
    return parse_report(read_report_text(path), str(path))


def _summary(report: ParsedReport) -> list[tuple[object, ...]]:
    return [
        (
            i.number,
            i.title,
            str(i.date) if i.date else None,
            str(i.end_date) if i.end_date else None,
            i.date_source,
            i.month_header,
            i.link_label,
        )
        for i in report.items
    ]


def test_numbered_titles_with_dates() -> None:
    report = _parse("dated-titles.txt")
    assert (str(report.period_start), str(report.period_end)) == ("2024-07", "2024-12")
    assert _summary(report) == [
        (1, "Water commissioners meet in Ciudad Juárez", "2024-07-15", None, "title", None, "Learn more"),
        (2, "Customs pilot at a new crossing", "2024-08-02", None, "title", None, None),
        (3, "Three-day security consultations", "2024-09-03", "2024-09-05", "title", None, "Learn more"),
    ]
    second = report.items[1]
    assert second.context == "In October 2021 a modernization fund was created for crossings."
    assert second.body.startswith("On August 2, inspectors")  # the repeated title is dropped
    assert "dated-titles" in report.layout


def test_unnumbered_titles_ranges_ordinals_bullets_and_odd_spaces() -> None:
    report = _parse("unnumbered.txt")
    assert _summary(report) == [
        (None, "Cross-border energy forum", "2024-10-04", "2024-10-06", "date_line", None, "Link"),
        (None, "Consular fair for migrant workers", "2024-11-12", None, "date_line", None, None),
    ]
    first = report.items[0]
    assert first.body == "Utilities and regulators compared grid links along the border."
    assert first.context == "A joint working group on interconnections may follow."


def test_markdown_with_month_headers_and_a_body_date() -> None:
    report = _parse("month-headers.md")
    assert _summary(report) == [
        (1, "Ministers open a trade review", "2024-10-08", None, "date_line", "OCTOBER", "Link"),
        (2, "Health officials compare vaccine plans", "2024-11-19", None, "body", "NOVEMBER", None),
    ]


def test_html_page_without_its_chrome() -> None:
    report = _parse("page.html")
    assert _summary(report) == [
        (1, "Port officials plan a new bridge", "2025-04-22", None, "date_line", "APRIL", "Link"),
        (2, "Wildfire crews sign a mutual aid note", "2025-05-03", None, "date_line", "MAY", "Link"),
    ]
    text = read_report_text(LAYOUTS / "page.html")
    for chrome in ("Center home", "menu entry", "footer text", "tracking", "font-family"):
        assert chrome not in text


def test_spans_and_lines_point_into_the_text() -> None:
    path = LAYOUTS / "dated-titles.txt"
    text = read_report_text(path)
    for item in parse_report(text).items:
        span = text[item.start : item.end]
        assert span.startswith(f"{item.number}) {item.title}")
        assert text.splitlines()[item.line - 1].startswith(f"{item.number})")
        assert item.context is None or item.context not in item.body


def test_a_passing_date_is_not_the_items_date() -> None:
    text = (
        "Report | January-March 2025\n1) Framework anniversary\nIn October 2021 the framework was created.\n"
    )
    [item] = parse_report(text).items
    assert item.date is None and item.stated_date is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x00\x00PK\x03", "binary"),
        (b"ok line\ncaf\xe9 line\n", ":2: not UTF-8"),
    ],
)
def test_unreadable_files_name_the_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(ReportReadError) as caught:
        read_report_text(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_no_items_is_an_error() -> None:
    with pytest.raises(ReportReadError, match="no report items found"):
        parse_report("Just a paragraph of prose about the border.\nAnd another.", "notes.txt")


# --- issue 16, item 5: "(LINK)" and "Date:" lines, "Label: value" items, Markdown tables ---


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "labelled-fields.txt",
            [("Ministers review the water accord", "2024-07-18"), ("A call on migration", "2024-08-02")],
        ),
        (
            "table.md",
            [("Ministers review the water accord", "2024-07-09"), ("A call on migration", "2024-08-02")],
        ),
    ],
)
def test_labelled_fields_and_markdown_tables(name: str, expected: list[tuple[str, str]]) -> None:
    text = read_report_text(Path(__file__).resolve().parent / "fixtures" / "layouts" / name)
    items = parse_report(text).items
    assert [(i.title, i.date.iso if i.date else None) for i in items] == expected


def test_a_date_line_with_a_bracketed_link_label() -> None:
    text = "REPORT | January - March 2031\nA visit to the border\nJanuary 10, 2031 (LINK)\nOfficials met.\n"
    [item] = parse_report(text).items
    assert (str(item.date), item.link_label) == ("2031-01-10", "LINK")
