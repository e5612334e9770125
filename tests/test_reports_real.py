"""The parser on the two real CBI reports (an extra layer: skipped where ../shared/reports is absent).

Only counts, numbers, dates and labels are checked here; no wording of the reports is copied.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from binatgraph.reports import ParsedReport, parse_report, read_report_text

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
pytestmark = pytest.mark.skipif(not REPORTS.exists(), reason="the real reports live in ../shared/reports")

REPORT_2022 = "cbi-report-2022-jan-jun.txt"
REPORT_2023 = "cbi-report-2023-apr-jun.txt"


def _parse(name: str) -> tuple[str, ParsedReport]:
    path = REPORTS / name
    text = read_report_text(path)
    return text, parse_report(text, str(path))


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def test_2022_items_and_title_dates() -> None:
    _, report = _parse(REPORT_2022)
    assert [item.number for item in report.items] == list(range(1, 17))
    assert [item.position for item in report.items] == list(range(1, 17))
    assert (_iso(report.period_start), _iso(report.period_end)) == ("2022-01", "2022-06")
    assert report.layout == "numbered-dated-titles"
    assert report.warnings == ()
    assert all(item.date_source == "title" and item.month_header is None for item in report.items)
    assert all(item.date is not None and item.date.year == 2022 for item in report.items)
    last = report.items[-1]
    assert (_iso(last.date), _iso(last.end_date)) == ("2022-06-07", "2022-06-10")
    assert [item.end_date for item in report.items[:-1]] == [None] * 15
    dates = [item.date for item in report.items]
    assert dates == sorted(dates)
    assert [item.link_label for item in report.items] == [
        None if number in (3, 9) else "Learn more" for number in range(1, 17)
    ]
    assert not any(item.truncated for item in report.items)


def test_2022_items_have_context_and_a_body_without_the_repeated_title() -> None:
    text, report = _parse(REPORT_2022)
    lines = text.splitlines()
    for item in report.items:
        assert item.line == 3 * item.number - 1
        assert lines[item.line - 1].startswith(f"{item.number}) {item.title}")
        assert item.context and item.body
        assert item.context not in item.body
        assert not item.body.startswith(item.title)
        span = text[item.start : item.end]
        assert span.startswith(lines[item.line - 1]) and span.endswith(item.body[-40:])


def test_2023_items_month_headers_and_dates() -> None:
    _, report = _parse(REPORT_2023)
    assert [item.number for item in report.items] == list(range(1, 15))
    assert (_iso(report.period_start), _iso(report.period_end)) == ("2023-04", "2023-06")
    assert report.layout == "numbered-month-headers-date-lines"
    assert [item.month_header for item in report.items] == ["APRIL"] * 8 + ["MAY"] * 4 + ["JUNE"] * 2
    assert [_iso(item.date) for item in report.items] == [
        "2023-04-12",
        "2023-04-13",
        "2023-04-14",
        "2023-04-18",
        "2023-04-18",
        "2023-04-20",
        "2023-04-24",
        "2023-04-24",
        "2023-05-02",
        "2023-05-09",
        "2023-05",  # no date of its own: its MAY header's month
        "2023-05-12",
        "2023-06",  # likewise under JUNE
        "2023-06-13",
    ]
    sources = {item.number: item.date_source for item in report.items}
    assert sources[2] == "body"
    assert sources[11] == "header" and sources[13] == "header"
    assert {number for number, source in sources.items() if source == "date_line"} == set(range(1, 15)) - {
        2,
        11,
        13,
    }
    assert all(item.end_date is None for item in report.items)
    assert all(item.context for item in report.items)


def test_2023_last_item_is_truncated() -> None:
    text, report = _parse(REPORT_2023)
    assert [item.truncated for item in report.items] == [False] * 13 + [True]
    last = report.items[-1]
    assert last.line == 77
    assert last.end == len(text.rstrip())
    [warning] = report.warnings
    assert f"{REPORTS / REPORT_2023}:77:" in warning and "item 14" in warning


def test_2023_spans_stop_before_the_next_item_or_month() -> None:
    text, report = _parse(REPORT_2023)
    lines = text.splitlines()
    for before, after in itertools.pairwise(report.items):
        assert before.end < after.start
        gap = text[before.end : after.start]
        assert gap.strip() in ("", "MAY", "JUNE")
    for item in report.items:
        assert text[item.start : item.end].startswith(lines[item.line - 1])
        assert "Institutional Implications" not in item.body
