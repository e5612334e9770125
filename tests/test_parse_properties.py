"""Property-based: the parser never crashes on any text, and every item's span comes from the input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from binatgraph.reports import ReportReadError, parse_report

LINES = st.sampled_from(
    [
        "Report | July-September 2025",
        "REPORT | January - June 2024",
        "AUGUST",
        "## September",
        "3) A border meeting (08.14.25) Learn more",
        "4. Ministers talk water",
        "**5) Trade review**",
        "July 9, 2025 Link",
        "October 4-6, 2025",
        "March 8th",
        "Institutional context - a standing mechanism since 2013.",
        "Institutional Implications:",
        "On July 21, delegates met in a border city.",
        "• a bullet\u00a0with  odd spacing",
        "In October 2021 the framework was created.",
        "",
    ]
)


def _check(text: str) -> None:
    try:
        report = parse_report(text, "fuzz.txt")
    except ReportReadError:
        return
    squash = lambda s: re.sub(r"[\s*#_]+", " ", s).strip()  # noqa: E731
    for item in report.items:
        assert 0 <= item.start <= item.end <= len(text)
        span = text[item.start : item.end]
        assert squash(item.title).split(" ")[0] in squash(span)
        assert 1 <= item.line <= len(re.findall(r"\r\n|\n|\r", text)) + 1
        if item.end_date is not None:
            assert item.date is not None and item.end_date.latest >= item.date.earliest


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40))
def test_report_like_text_keeps_spans_inside_the_input(lines: list[str]) -> None:
    _check("\n".join(lines))
