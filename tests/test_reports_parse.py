"""The report parser on invented reports in every layout: exact items, dates, spans and lines.

The fixtures under ``fixtures/reports`` are written for the tests (invented US–Mexico events); they
copy the shapes of the real CBI reports, never their wording.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from binatgraph.reports import ParsedItem, ParsedReport, ReportReadError, parse_report, read_report_text
from binatgraph.reports.dates import body_date, date_line, month_header, report_period, title_date
from binatgraph.schema.model import PartialDate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"

Row = tuple[object, ...]


def _load(name: str) -> tuple[str, ParsedReport]:
    path = FIXTURES / name
    text = read_report_text(path)
    return text, parse_report(text, str(path))


def _iso(date: PartialDate | None) -> str | None:
    return None if date is None else str(date)


def _row(item: ParsedItem) -> Row:
    return (
        item.number,
        item.title,
        item.stated_date,
        item.date_source,
        _iso(item.date),
        _iso(item.end_date),
        item.month_header,
        item.link_label,
        item.line,
        item.truncated,
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


def _line_at(text: str, number: int) -> str:
    return text.splitlines()[number - 1]


def _check_spans(text: str, report: ParsedReport) -> None:
    """Each item's span opens with its title line, holds its body and context, and stops before the next."""
    for item in report.items:
        assert 0 <= item.start <= item.end <= len(text)
        span = text[item.start : item.end]
        title_line = _line_at(text, item.line)
        assert span.startswith(title_line)
        assert _squash(item.title) in _squash(title_line.replace("*", ""))
        for line in [*item.body.splitlines(), *(item.context or "").splitlines()]:
            assert _squash(line) in _squash(span)
        for line in (item.context or "").splitlines():
            assert line not in item.body
    for before, after in itertools.pairwise(report.items):
        assert before.end < after.start


# --- layout 2022: numbered titles with the date in the title ------------------------------------

LAYOUT_2022 = [
    (1, "Boundary commissioners tour the Amistad Dam", "07.16.24", "title", "2024-07-16", None, None,
     "Learn more", 2, False),
    (2, "Cargo screening trial at Otay Mesa", "08.02.24", "title", "2024-08-02", None, None, None, 5, False),
    (3, "Cabinet security talks in Mexico City", "09.03.24 - 09.05.24", "title", "2024-09-03", "2024-09-05",
     None, "Learn more", 8, False),
    (4, "Border governors compare energy plans", "10.21.24", "title", "2024-10-21", None, None, "Learn more",
     11, False),
]  # fmt: skip


def test_layout_2022_items() -> None:
    text, report = _load("layout-2022.txt")
    assert [_row(item) for item in report.items] == LAYOUT_2022
    assert [item.position for item in report.items] == [1, 2, 3, 4]
    assert report.title == "REPORT | July - December 2024"
    assert (_iso(report.period_start), _iso(report.period_end)) == ("2024-07", "2024-12")
    assert report.layout == "numbered-dated-titles"
    assert report.warnings == ()
    _check_spans(text, report)


def test_layout_2022_body_drops_the_repeated_title_and_context_is_its_own_line() -> None:
    _, report = _load("layout-2022.txt")
    first, second = report.items[:2]
    assert first.body.startswith("On July 16, 2024, both commissioners walked the spillway")
    assert "Amistad Dam -" not in first.body
    assert first.context == (
        "A treaty body with a section in each country has divided the flow of the Rio Grande and the "
        "Colorado River since the 1940s."
    )
    assert second.body.startswith("On August 2, officers from the two agencies")
    assert second.context is not None and second.context.startswith("Customs agencies on both sides")
    assert all("Institutional context" not in (item.context or "") + item.body for item in report.items)


def test_layout_2022_spans_end_with_the_body_line() -> None:
    text, report = _load("layout-2022.txt")
    for item in report.items:
        span = text[item.start : item.end]
        assert span.startswith(f"{item.number}) {item.title} (")
        assert span.endswith(item.body)
        assert span.count("\n") == 2  # title, context and body lines


# --- layout 2023: month headers, numbered titles, date lines, Institutional Implications ---------

LAYOUT_2023 = [
    (1, "Port Authorities Open a Joint Produce Lane at Pharr", "October 4, 2024", "date_line", "2024-10-04",
     None, "OCTOBER", "Link"),
    (2, "Health Secretaries Coordinate Dengue Surveillance", "October 9", "body", "2024-10-09", None,
     "OCTOBER", None),
    # no date of its own: dated to the month of its header, and marked so
    (3, "Review of the Binational Scholarship Board", "OCTOBER", "header", "2024-10", None, "OCTOBER", None),
    (4, "Mayors of Sister Cities Sign a Mobility Pact", "November 14, 2024", "date_line", "2024-11-14", None,
     "NOVEMBER", "Link"),
    (5, "Treasury Officials Discuss the Cost of Remittances", "November 20, 2024", "date_line", "2024-11-20",
     None, "NOVEMBER", None),
    (6, "Energy Regulators Discuss Grid Interconnection", "December 3, 2024", "date_line", "2024-12-03", None,
     "DECEMBER", "Link"),
]  # fmt: skip


def _summary(report: ParsedReport) -> list[Row]:
    return [_row(item)[:8] for item in report.items]


def test_layout_2023_items() -> None:
    text, report = _load("layout-2023.txt")
    assert _summary(report) == LAYOUT_2023
    assert [item.line for item in report.items] == [4, 10, 14, 19, 24, 30]
    assert [item.truncated for item in report.items] == [False] * 5 + [True]
    assert report.title == "Report | October-December 2024"
    assert (_iso(report.period_start), _iso(report.period_end)) == ("2024-10", "2024-12")
    assert report.layout == "numbered-month-headers-date-lines"
    _check_spans(text, report)


def test_layout_2023_bodies_and_implications() -> None:
    _, report = _load("layout-2023.txt")
    first = report.items[0]
    assert first.body == (
        "Inspectors from both countries opened a lane where trucks carrying avocados and berries are checked "
        "once by a mixed team.\n"
        "Local shippers expect the lane to save several hours per crossing during the winter harvest."
    )
    assert first.context is not None and first.context.startswith("The lane turns a trial arrangement")
    assert "October 4, 2024" not in first.body and "Link" not in first.body
    assert report.items[1].body.startswith("On October 9, the health secretaries")
    for item in report.items:
        assert "Institutional Implications" not in item.body
        assert item.context is not None


def test_layout_2023_intro_and_month_headers_stay_out_of_items() -> None:
    text, report = _load("layout-2023.txt")
    spans = [text[item.start : item.end] for item in report.items]
    assert not any("This digest follows" in span for span in spans)
    assert not any(header in span for span in spans for header in ("\nOCTOBER", "\nNOVEMBER", "\nDECEMBER"))
    assert text[report.items[2].start : report.items[2].end].endswith("the board has published.")


def test_layout_2023_truncated_last_item() -> None:
    text, report = _load("layout-2023.txt")
    last = report.items[-1]
    assert last.truncated
    assert last.end == len(text)
    assert last.context is not None and last.context.endswith("during heat waves, but")
    [warning] = report.warnings
    assert f"{FIXTURES / 'layout-2023.txt'}:30:" in warning
    assert "item 6" in warning and "truncated" in warning


def test_a_year_in_a_body_sentence_is_not_a_date() -> None:
    _, report = _load("layout-2023.txt")
    board = report.items[2]
    assert board.body.startswith("In October 2021, the two governments created")
    # the body's "October 2021" is not taken; the item's header month is, marked as such
    assert (board.stated_date, board.date_source, str(board.date), board.end_date) == (
        "OCTOBER",
        "header",
        "2024-10",
        None,
    )
    assert body_date(board.body, (PartialDate(2024, 10), PartialDate(2024, 12))) is None


def test_layout_string_tells_dated_titles_from_date_lines() -> None:
    layouts = {name: _load(name)[1].layout for name in ("layout-2022.txt", "layout-2023.txt")}
    assert layouts["layout-2022.txt"].endswith("-dated-titles")
    assert layouts["layout-2023.txt"].endswith("-date-lines")
    assert "month-headers" in layouts["layout-2023.txt"]
    assert "month-headers" not in layouts["layout-2022.txt"]


# --- unnumbered variant: bullets, ranges, ordinals, odd spaces -----------------------------------

UNNUMBERED = [
    (None, "Cross-border rail freight roundtable", "October 17, 2024", "date_line", "2024-10-17", None, None,
     "Link", 3, False),
    (None, "Binational conference on watershed restoration", "November 4-6, 2024", "date_line", "2024-11-04",
     "2024-11-06", None, None, 8, False),
    (None, "Consular fair for seasonal farmworkers", "November 12th", "date_line", "2024-11-12", None, None,
     None, 13, False),
    (None, "Trade ministers review auto rules of origin", "December 2, 2024", "date_line", "2024-12-02", None,
     None, "Read more", 17, False),
]  # fmt: skip


def test_unnumbered_variant_items() -> None:
    text, report = _load("variant-unnumbered.txt")
    assert [_row(item) for item in report.items] == UNNUMBERED
    assert [item.position for item in report.items] == [1, 2, 3, 4]
    assert (_iso(report.period_start), _iso(report.period_end)) == ("2024-10", "2024-12")
    assert report.layout == "unnumbered-date-lines"
    assert report.warnings == ()
    _check_spans(text, report)


def test_unnumbered_variant_cleans_bullets_and_spaces() -> None:
    text, report = _load("variant-unnumbered.txt")
    assert "\u00a0" in text and "  " in text  # the fixture really has them
    first, second, third, _ = report.items
    assert first.body == (
        "Rail operators and both customs agencies discussed pre-clearance of freight cars at Laredo.\n"
        "Each side named a technical lead for a follow-up meeting in January."
    )
    assert second.body == (
        "Scientists and river managers met in Tijuana to compare restoration projects along the estuary."
    )
    assert second.context == "A minute signed under the water treaty covers sanitation in this basin."
    assert third.body.startswith("Consulates in three states held a fair where farmworkers renewed")
    for item in report.items:
        assert "\u00a0" not in item.title + item.body and "  " not in item.title + item.body
        assert not item.body.startswith(("•", "-"))
    assert text[first.start : first.end].startswith("Cross-border rail  freight roundtable\n")


# --- the same 2023 report as Markdown and as a saved web page ------------------------------------


def test_markdown_layout_matches_the_text_layout() -> None:
    text, report = _load("layout-2023.md")
    assert _summary(report) == LAYOUT_2023
    assert [item.line for item in report.items] == [7, 17, 25, 35, 45, 57]
    assert not any(item.truncated for item in report.items)
    assert report.warnings == ()
    assert report.title == "Report | October-December 2024"
    assert report.layout == "numbered-month-headers-date-lines"
    for item in report.items:
        assert text[item.start : item.end].startswith(f"**{item.number}) {item.title}**")
        assert "**" not in item.body + (item.context or "")
        assert "https://example.org" not in item.body
    _check_spans(text, report)


def test_html_page_matches_the_text_layout_without_chrome() -> None:
    text, report = _load("page.html")
    assert _summary(report) == LAYOUT_2023
    assert [item.line for item in report.items] == [4, 9, 13, 18, 23, 29]
    assert not any(item.truncated for item in report.items)
    assert report.title == "Report | October-December 2024"
    chrome = (
        "Binational Desk Online",
        "Home page",
        "All quarterly reports",
        "Who we are",
        "Reports >",
        "Share this item",
        "desk@example.org",
        "Unsubscribe",
        "Last updated",
        "analyticsQueue",
        "font-family",
    )
    for item in report.items:
        for piece in chrome:
            assert piece not in item.title + item.body + (item.context or "")
    assert len(report.items) == 6  # the footer's "7) Unsubscribe ..." line is not an item
    _check_spans(text, report)


# --- line endings -----------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_give_the_same_items_and_lines(newline: str) -> None:
    for name in ("layout-2022.txt", "layout-2023.txt", "variant-unnumbered.txt"):
        text, report = _load(name)
        other_text = text.replace("\n", newline)
        other = parse_report(other_text, name)
        assert [_row(item) for item in other.items] == [_row(item) for item in report.items]
        for item in other.items:
            span = other_text[item.start : item.end]
            assert span.startswith(_line_at(text, item.line))
            assert not span.endswith(("\r", "\n"))


def test_a_byte_order_mark_is_not_part_of_the_title(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "layout-2022.txt").read_bytes())
    report = parse_report(read_report_text(path))
    assert report.title == "REPORT | July - December 2024"
    assert [_row(item) for item in report.items] == LAYOUT_2022


# --- small inline reports -----------------------------------------------------------------------


def test_body_dates_take_the_year_from_a_period_that_crosses_new_year() -> None:
    text = (
        "Report | November 2024 - February 2025\n"
        "1) Winter meeting of border health officials\n"
        "On January 15, the officials compared flu season figures.\n"
        "2) Late autumn visit\n"
        "On November 28, a delegation toured a new crossing.\n"
    )
    report = parse_report(text)
    assert [(item.date_source, _iso(item.date)) for item in report.items] == [
        ("body", "2025-01-15"),
        ("body", "2024-11-28"),
    ]


def test_a_date_line_without_a_year_and_no_period_gives_no_date() -> None:
    text = "Digest of border news\n1) Port visit\nMarch 8th Link\nOfficials walked the new lanes.\n"
    [item] = parse_report(text).items
    assert (item.date, item.date_source, item.link_label) == (None, None, "Link")
    assert item.body == "Officials walked the new lanes."


def test_a_link_label_on_its_own_line() -> None:
    text = "Report | April-June 2024\n1) A visit to Reynosa\nApril 3, 2024\nRead more\nOfficials met.\n"
    [item] = parse_report(text).items
    assert (item.link_label, item.body, _iso(item.date)) == ("Read more", "Officials met.", "2024-04-03")


def test_a_multi_month_date_line() -> None:
    text = "Report | Q4 2024\n1) Trade mission\nOct. 30 - Nov. 1, 2024 Link\nBuyers visited Monterrey.\n"
    [item] = parse_report(text).items
    assert (item.stated_date, _iso(item.date), _iso(item.end_date)) == (
        "Oct. 30 - Nov. 1, 2024",
        "2024-10-30",
        "2024-11-01",
    )


def test_no_items_is_an_error_naming_the_source() -> None:
    text = "Some notes about the border.\nNothing here is dated or numbered.\n"
    with pytest.raises(ReportReadError, match="no report items found") as caught:
        parse_report(text, "notes.txt")
    assert str(caught.value).startswith("notes.txt: ")
    with pytest.raises(ReportReadError, match="no report items found"):
        parse_report("")


# --- bugs: these tests describe the behaviour the parser should have ------------------------------


def test_a_title_ending_in_the_word_link_keeps_it() -> None:
    text = (
        "Report | October-December 2024\n"
        "1) Governors Back a New Cross-Border Rail Link\n"
        "October 4, 2024 Link\n"
        "Two governors endorsed a freight line between Texas and Coahuila.\n"
    )
    [item] = parse_report(text).items
    assert item.title == "Governors Back a New Cross-Border Rail Link"
    assert item.link_label == "Link"


def test_a_body_is_not_cut_where_it_merely_starts_like_the_title() -> None:
    text = (
        "Report | April-June 2024\n"
        "1) Border summit\n"
        "April 3, 2024 Link\n"
        "Border summits are held every spring in a different city.\n"
    )
    [item] = parse_report(text).items
    assert item.body == "Border summits are held every spring in a different city."


def test_a_truncated_2022_layout_report_is_flagged() -> None:
    text, _ = _load("layout-2022.txt")
    cut = text[: text.rindex("solar farms")].rstrip()  # the last body now stops mid-sentence
    report = parse_report(cut, "cut.txt")
    last = report.items[-1]
    assert last.body.endswith("planned power lines and")
    assert last.truncated
    assert len(report.warnings) == 1 and "cut.txt:11:" in report.warnings[0]


def test_a_numbered_list_inside_a_body_is_not_taken_for_items() -> None:
    text = (
        "Report | October-December 2024\n"
        "1) Ministers Agree on Crossing Upgrades\n"
        "October 4, 2024 Link\n"
        "The ministers agreed on three steps:\n"
        "1. a shared count of daily crossings;\n"
        "2. a fund for inspection equipment;\n"
        "3. a joint review after six months.\n"
        "2) Wildfire Crews Sign a Mutual Aid Note\n"
        "October 9, 2024 Link\n"
        "Fire services in Sonora and Arizona agreed to lend crews during the dry months.\n"
    )
    report = parse_report(text)
    assert [(item.number, item.title) for item in report.items] == [
        (1, "Ministers Agree on Crossing Upgrades"),
        (2, "Wildfire Crews Sign a Mutual Aid Note"),
    ]
    assert "3. a joint review after six months." in report.items[0].body


def test_an_impossible_period_year_is_not_a_crash() -> None:
    text = "Report | January - June 0000\n1) A visit\nOn June 3, officials met in Laredo.\n"
    try:
        report = parse_report(text)
    except ReportReadError:
        return
    assert report.items[0].title == "A visit"


# --- dates.py ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dam tour (07.16.24) Learn more", ("07.16.24", "2024-07-16", None)),
        ("Talks (09.03.24 - 09.05.24) Learn more", ("09.03.24 - 09.05.24", "2024-09-03", "2024-09-05")),
        ("Talks (09.03.24–09.05.24)", ("09.03.24–09.05.24", "2024-09-03", "2024-09-05")),
        ("Forum (1.5.2025)", ("1.5.2025", "2025-01-05", None)),
        ("Forum (02.30.24)", None),
        ("Forum (13.01.24)", None),
        ("Forum on the 2024 budget", None),
        ("Forum (07/16/24)", None),
    ],
)
def test_title_date(title: str, expected: tuple[str, str, str | None] | None) -> None:
    found = title_date(title)
    assert (found if found is None else (found[0], _iso(found[1]), _iso(found[2]))) == expected


PERIOD = (PartialDate(2024, 10), PartialDate(2024, 12))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("October 4, 2024 Link", ("October 4, 2024", "2024-10-04", None, "Link")),
        ("October 4, 2024", ("October 4, 2024", "2024-10-04", None, None)),
        ("November 4-6, 2024", ("November 4-6, 2024", "2024-11-04", "2024-11-06", None)),
        ("November 4 – 6, 2024 Read more", ("November 4 – 6, 2024", "2024-11-04", "2024-11-06", "Read more")),
        ("November 12th", ("November 12th", "2024-11-12", None, None)),
        ("Dec. 2, 2024 | Learn more", ("Dec. 2, 2024", "2024-12-02", None, "Learn more")),
        ("Sept 30 2023 Source", ("Sept 30 2023", "2023-09-30", None, "Source")),
        ("Oct. 30 - Nov. 1, 2024", ("Oct. 30 - Nov. 1, 2024", "2024-10-30", "2024-11-01", None)),
        ("  october 4, 2024 link  ", ("october 4, 2024", "2024-10-04", None, "link")),
        ("October 4, 2024 was a busy day", None),
        ("October 2024", None),
        ("OCTOBER", None),
        ("Mayors of Sister Cities Sign a Mobility Pact", None),
        ("4) October 4, 2024", None),
    ],
)
def test_date_line(line: str, expected: tuple[str, str | None, str | None, str | None] | None) -> None:
    found = date_line(line, PERIOD)
    assert (found if found is None else (found[0], _iso(found[1]), _iso(found[2]), found[3])) == expected


def test_date_line_without_year_or_period() -> None:
    assert date_line("November 12th") == ("November 12th", None, None, None)
    assert date_line("February 30, 2024") == ("February 30, 2024", None, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On October 9, the health secretaries agreed to share data.", ("October 9", "2024-10-09")),
        ("On October 9, 2023, the secretaries met.", ("October 9, 2023", "2023-10-09")),
        ("On March 8th, the consul opened an office.", ("March 8th", "2024-03-08")),
        ("• On Nov. 12 farmworkers renewed passports.", ("Nov. 12", "2024-11-12")),
        ("In October 2021, the two governments created a scholarship board.", None),
        ("The board met on October 9, 2024.", None),
        ("On Monday, the board met.", None),
        ("On October 2021 the board was created.", None),
        ("On February 30, nothing happened.", None),
    ],
)
def test_body_date(text: str, expected: tuple[str, str] | None) -> None:
    found = body_date(text, PERIOD)
    assert (found if found is None else (found[0], _iso(found[1]))) == expected


def test_body_date_needs_a_year_from_somewhere() -> None:
    assert body_date("On October 9, the board met.", None) is None
    found = body_date("On October 9, 2024, the board met.", None)
    assert found is not None and _iso(found[1]) == "2024-10-09"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("OCTOBER", "OCTOBER"),
        ("November", "November"),
        ("## DECEMBER", "DECEMBER"),
        ("**May 2024**", "May 2024"),
        ("Sept.", "Sept."),
        ("October 4, 2024", None),
        ("Mayors meet", None),
        ("October and November", None),
        ("", None),
    ],
)
def test_month_header(line: str, expected: str | None) -> None:
    assert month_header(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("REPORT | January - June 2022", ("2022-01", "2022-06")),
        ("Report | April-June 2023", ("2023-04", "2023-06")),
        ("Report | October-December 2024", ("2024-10", "2024-12")),
        ("Report | Q3 2023", ("2023-07", "2023-09")),
        ("Quarterly report, Third Quarter 2023", ("2023-07", "2023-09")),
        ("Report | Fourth Quarter 2024", ("2024-10", "2024-12")),
        ("1st quarter of 2025", ("2025-01", "2025-03")),
        ("Report | November 2024 – February 2025", ("2024-11", "2025-02")),
        ("Report | Jan-Mar 2024", ("2024-01", "2024-03")),
        ("Report | 2024", None),
        ("A digest of border news", None),
    ],
)
def test_report_period(line: str, expected: tuple[str, str] | None) -> None:
    found = report_period(line)
    assert (found if found is None else (_iso(found[0]), _iso(found[1]))) == expected


def test_a_report_with_more_than_999_items_keeps_them_all() -> None:
    # numbers ran to three digits once: item 1000 and after were dropped without a word
    text = "REPORT | January - June 2030\n" + "".join(
        f"{i}) Item number {i} (01.0{1 + i % 9}.30) Learn more\nOfficials met.\n" for i in range(1, 1201)
    )
    items = parse_report(text).items
    assert len(items) == 1200 and items[-1].number == 1200
