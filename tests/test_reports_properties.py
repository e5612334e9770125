"""Property-based: the report parser fails only with ReportReadError, and item spans come from the input."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from binatgraph.reports import ReportReadError, parse_report

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
WORDS = st.sampled_from(
    [
        "border", "customs", "delegation", "treaty", "water", "Mexico", "United", "States", "ministers",
        "met", "agreed", "bridge", "port", "energy", "labor", "U.S.", "commission", "review", "Link",
        "Learn", "more", "On", "In", "2021", "created", "-", "Institutional", "context", "May", "12th",
        "(07.16.24)", "1)", "Sonora", "Texas", "D.C.", "consular", "fair",
    ]
)  # fmt: skip
SPACE = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\t"])


@st.composite
def _phrase(draw: st.DrawFn, min_size: int = 1, max_size: int = 10) -> str:
    words = draw(st.lists(WORDS, min_size=min_size, max_size=max_size))
    return "".join(word + draw(SPACE) for word in words).strip()


@st.composite
def _numbered_title(draw: st.DrawFn, number: int | None = None) -> str:
    if number is None or draw(st.integers(0, 9)) == 0:  # now and then out of sequence
        number = draw(st.integers(0, 20))
    line = f"{number}{draw(st.sampled_from([')', ')', '.']))} {draw(_phrase())}"
    if draw(st.booleans()):
        month, day, year = draw(st.integers(1, 13)), draw(st.integers(0, 32)), draw(st.integers(0, 99))
        line += f" ({month:02d}.{day:02d}.{year:02d})"
    if draw(st.booleans()):
        line += draw(st.sampled_from([" Learn more", " Link", ""]))
    return draw(st.sampled_from(["{}", "{}", "**{}**", "## {}", "• {}"])).format(line)


@st.composite
def _date_line(draw: st.DrawFn) -> str:
    month = draw(st.sampled_from([*MONTHS, "Oct.", "Sept", "Nov"]))
    day = draw(st.integers(0, 32))
    text = f"{month}{draw(SPACE)}{day}{draw(st.sampled_from(['', 'th', 'st']))}"
    if draw(st.booleans()):
        text += f"{draw(st.sampled_from(['-', ' - ', '–']))}{draw(st.integers(0, 32))}"
    if draw(st.booleans()):
        text += f", {draw(st.integers(1990, 2035))}"
    if draw(st.booleans()):
        text = "On " + text
    return text + draw(st.sampled_from(["", " Link", " Learn more", " [Link](https://example.org/x)"]))


_HEADER = st.builds(
    "{}{} {}".format,
    st.sampled_from(["REPORT | ", "Report | ", "# Report | "]),
    st.sampled_from(["January - June", "April-June", "October-December", "November 2023 - February", "Q3",
                     "Third Quarter", "Fourth Quarter"]),
    st.integers(1990, 2035),
)  # fmt: skip
_MONTH_HEADER = st.builds("{}{}".format, st.sampled_from(["", "## ", "**"]), st.sampled_from(MONTHS)).map(
    lambda line: line.upper() if len(line) % 2 else line
)
_CONTEXT = st.one_of(
    st.just("Institutional Implications:"),
    st.just("**Institutional Implications:**"),
    st.builds("Institutional context - {}".format, _phrase()),
    st.builds("Institutional context -{}".format, _phrase()),
)
_SENTENCE = st.one_of(
    st.builds("{}.".format, _phrase(3, 14)),
    st.builds("On {} {}, {}.".format, st.sampled_from(MONTHS), st.integers(1, 31), _phrase()),
    st.builds("{} - On {} {}, {}.".format, _phrase(), st.sampled_from(MONTHS), st.integers(1, 28), _phrase()),
    st.builds("In October {}, {} created.".format, st.integers(1990, 2030), _phrase()),
    _phrase(),  # a sentence cut short
)
NOISE = st.one_of(
    _numbered_title(), _date_line(), _MONTH_HEADER, _CONTEXT, _SENTENCE, _HEADER, st.just(""),
    st.text(st.characters(exclude_characters="[]_"), max_size=30),  # no Markdown links or "__" emphasis
)  # fmt: skip


@st.composite
def _report_lines(draw: st.DrawFn) -> list[str]:
    """A header, then items (title, maybe a date line, body, maybe context) with stray lines between."""
    lines = [draw(_HEADER)] if draw(st.booleans()) else []
    numbered = draw(st.booleans())
    for number in range(1, draw(st.integers(0, 8)) + 1):
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(_MONTH_HEADER))
        lines.append(draw(_numbered_title(number)) if numbered else draw(_phrase()))
        if draw(st.integers(0, 3)) > 0:
            lines.append(draw(_date_line()))
        lines += draw(st.lists(_SENTENCE, max_size=3))
        if draw(st.booleans()):
            lines += [draw(_CONTEXT), *draw(st.lists(_SENTENCE, max_size=2))]
        lines += draw(st.lists(NOISE, max_size=2))
        if draw(st.booleans()):
            lines.append("")
    return lines


def _squash(text: str) -> str:
    """Whitespace collapsed, Markdown emphasis and heading marks removed."""
    return " ".join(re.sub(r"[*#]", "", text).split())


def _line_number(text: str, offset: int) -> int:
    return len(re.findall(r"\r\n|\r|\n", text[:offset])) + 1


def _parse(text: str):  # -> ParsedReport | None
    try:
        return parse_report(text, "fuzz.txt")
    except ReportReadError as error:
        assert str(error).startswith("fuzz.txt")
        return None


def _check_spans(text: str, *, words: bool) -> None:
    report = _parse(text)
    if report is None:
        return
    assert report.items
    for position, item in enumerate(report.items, start=1):
        assert item.position == position
        assert 0 <= item.start <= item.end <= len(text)
        assert _line_number(text, item.start) == item.line
        span = text[item.start : item.end]
        if words:
            # every title word, in order, in the span
            squashed, at = _squash(span), 0
            for word in _squash(item.title).split():
                found = squashed.find(word, at)
                assert found >= 0, (word, squashed)
                at = found + len(word)
        else:
            # cleaning only deletes characters, so the title's visible characters are a subsequence
            rest = iter(span)
            assert all(char in rest for char in item.title if not char.isspace())
    for before, after in itertools.pairwise(report.items):
        assert before.end <= after.start
    assert all(not item.truncated for item in report.items[:-1])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_only_raises_report_read_error(text: str) -> None:
    _check_spans(text, words=False)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("1).(# *-•\u00a0\r\nOctober 4, 2024 Link Institutional context:")))
def test_text_from_report_characters_only_raises_report_read_error(text: str) -> None:
    _check_spans(text, words=False)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(_report_lines(), st.lists(NOISE, max_size=40)),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_report_like_text_keeps_items_inside_the_input(lines: list[str], newline: str, final: bool) -> None:
    text = newline.join(lines) + (newline if final else "")
    _check_spans(text, words=True)
