"""Splitting a report's text into items (the ``text → items`` stage).

The layout is read from the text's own features, not from a list of known reports:

- numbered titles (``1) Title`` or ``1. Title``), counted in sequence so a numbered list inside a
  body is not taken for new items; otherwise titles are the lines followed by a date line, or
  Markdown headings;
- a date in the title (``(01.31.22)``), on the next line (``April 12, 2023 Link``), or opening the
  body (``On April 13, ...``); nothing else is taken as the item's date;
- month headers (``APRIL``) on their own line; an item that prints no date of its own is dated to
  the month of its header (``date_source="header"``, precision month);
- an "Institutional context - ..." line, or an "Institutional Implications:" heading followed by
  paragraphs;
- bullets, Markdown emphasis and links, non-breaking and doubled spaces are cleaned for matching,
  while every item keeps its exact span in the text it came from, and the spans of its title line,
  body and context paragraph (:class:`~binatgraph.schema.model.ItemSpans`: character offsets and
  lines in the text as :func:`~binatgraph.reports.text.read_report_text` returns it).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from binatgraph.reports.dates import (
    body_date,
    date_line,
    header_date,
    month_header,
    report_period,
    title_date,
)
from binatgraph.reports.text import ReportReadError
from binatgraph.schema.model import ItemSpans, PartialDate, Span

__all__ = ["ParsedItem", "ParsedReport", "parse_report"]

Period = tuple[PartialDate, PartialDate]


@dataclass(frozen=True)
class ParsedItem:
    """One item of a report: title, dates as stated and as read, body, and where it stands."""

    position: int
    number: int | None
    title: str
    stated_date: str | None
    date_source: str | None  # "title" | "date_line" | "body" | "header" | None
    date: PartialDate | None
    end_date: PartialDate | None
    month_header: str | None
    link_label: str | None
    body: str
    context: str | None
    start: int  # text[start:end] is the whole item, title included
    end: int
    line: int  # 1-based line of the title
    truncated: bool = False
    title_span: Span | None = None  # the title line
    body_span: Span | None = None  # first to last line of the body
    context_span: Span | None = None  # the context marker to the context's last line
    end_line: int | None = None  # 1-based line of the item's last character

    @property
    def spans(self) -> ItemSpans | None:
        """The item's spans as the record stores them."""
        if self.title_span is None:
            return None
        item = Span(line=self.line, end_line=self.end_line or self.line, start=self.start, end=self.end)
        return ItemSpans(item=item, title=self.title_span, body=self.body_span, context=self.context_span)


@dataclass(frozen=True)
class ParsedReport:
    """A report split into items: title, period, the layout recognised, the parser's warnings."""

    title: str | None
    period_start: PartialDate | None
    period_end: PartialDate | None
    layout: str
    items: tuple[ParsedItem, ...]
    warnings: tuple[str, ...] = ()
    publisher: str | None = None  # who published it, when the text says (a document's issuing office)


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    end: int
    clean: str
    heading: bool  # a Markdown heading or a bold-only line


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a]+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦●*+]|[-–](?=\s))\s+")
_NUMBERED = re.compile(r"^(?P<number>\d{1,6})\s*(?P<mark>[.)])\s+(?P<title>\S.*)$")
_CONTEXT = re.compile(
    r"^Institutional\s+(?:context|implications?)\b\s*[:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_LINK_LABEL = re.compile(r"\s*(?P<label>Learn more|Read more|Link)\s*$", re.IGNORECASE)
_FIELD_LABEL = re.compile(r"^\s*(?:Title|Event|Headline|Título|Evento)\s*:\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"”’')\]]\s*$")


def _clean(raw: str) -> tuple[str, bool]:
    heading = raw.lstrip().startswith("#")
    text = _MD_LINK.sub(r"\1", raw)
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    text = re.sub(r"^\s*>\s*", "", text)
    text = _BULLET.sub("", text)
    stripped = text.strip()
    if stripped.startswith(("**", "__")) and stripped.endswith(("**", "__")) and len(stripped) > 4:
        heading = True
    text = text.replace("**", "").replace("__", "")
    return _SPACES.sub(" ", text).strip(), heading


_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")


def _split_lines(text: str) -> list[_Line]:
    """Lines as an editor counts them: only CR, LF and CRLF end a line (not str.splitlines' NEL,
    form feed or Unicode separators), so reported line numbers match what a person sees."""
    lines = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        if match.start() == len(text) and number > 1:
            break
        clean, heading = _clean(match.group(1))
        lines.append(_Line(number, match.start(1), match.end(1), clean, heading))
    return lines


def _header(lines: list[_Line]) -> tuple[str | None, Period | None]:
    content = [line for line in lines if line.clean][:5]
    title = content[0].clean if content else None
    for line in content:
        period = report_period(line.clean)
        if period:
            return title, period
    return title, None


def _numbered_starts(lines: list[_Line]) -> list[int]:
    """Indexes of numbered title lines, taken only while the numbers run in sequence."""
    starts: list[int] = []
    expected: int | None = None
    delimiter: str | None = None  # "1)" and "1." are different lists: a body's list keeps its own style
    for i, line in enumerate(lines):
        match = _NUMBERED.match(line.clean)
        if not match or date_line(line.clean) is not None:
            continue
        number, mark = int(match.group("number")), match.group("mark")
        if (expected is None or number == expected) and delimiter in (None, mark):
            starts.append(i)
            expected, delimiter = number + 1, mark
    return starts


def _next_content(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].clean:
            return j
    return None


def _unnumbered_starts(lines: list[_Line], header_index: int | None) -> list[int]:
    """Title lines of a report without numbers: a line followed by a date line, or a heading."""
    starts = []
    for i, line in enumerate(lines):
        if not line.clean or i == header_index or month_header(line.clean) or date_line(line.clean):
            continue
        if _CONTEXT.match(line.clean) or len(line.clean) > 250:
            continue
        following = _next_content(lines, i)
        followed_by_date = following is not None and date_line(lines[following].clean) is not None
        if followed_by_date or (line.heading and not report_period(line.clean)):
            starts.append(i)
    return starts


def _strip_title(title: str) -> tuple[str, tuple[str, PartialDate, PartialDate | None] | None, str | None]:
    """Title without its printed date and link label; return those too."""
    label = None
    match = _LINK_LABEL.search(title)
    # "Link" ends a title only after its printed date: "... Rail Link" is a title's own last word
    if (
        match
        and match.start() > 0
        and (title[: match.start()].rstrip().endswith(")") or match.group("label").lower() != "link")
    ):
        label, title = match.group("label"), title[: match.start()]
    dated = title_date(title)
    if dated:
        title = re.sub(r"\(\s*" + re.escape(dated[0]) + r"\s*\)", " ", title)
    title = _FIELD_LABEL.sub("", title)  # a "Title: …" layout labels its fields
    return _SPACES.sub(" ", title).strip(" -–:"), dated, label


def _without_title(body_line: str, title: str) -> str:
    """A body that opens by repeating the title ("Title - On January 31, ...") loses the repeat."""
    if (
        title
        and body_line.lower().startswith(title.lower())
        and re.match(r"\s*[-–—:]", body_line[len(title) :])
    ):
        return body_line[len(title) :].lstrip(" -–—:")
    return body_line


@dataclass
class _Builder:
    lines: list[_Line]
    period: Period | None
    text: str = ""

    def span(self, first: int, last: int) -> Span:
        """Lines ``first`` to ``last`` (indexes), without the whitespace at either end."""
        start, end = self.lines[first].start, self.lines[last].end
        chunk = self.text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        return Span(line=self.lines[first].number, end_line=self.lines[last].number, start=start, end=end)

    def item(self, position: int, index: int, stop: int, month: str | None, number: int | None) -> ParsedItem:
        lines = self.lines
        raw_title = lines[index].clean
        if number is not None:
            raw_title = _NUMBERED.match(raw_title).group("title")  # type: ignore[union-attr]
        title, dated, label = _strip_title(raw_title)
        stated, source, date, end = (
            (dated[0], "title", dated[1], dated[2]) if dated else (None, None, None, None)
        )
        body: list[str] = []
        context: list[str] = []
        body_lines: list[int] = []
        context_lines: list[int] = []
        in_context = False
        last_content = index
        for j in range(index + 1, stop):
            text = lines[j].clean
            if not text:
                continue
            last_content = j
            if j == _next_content(lines, index) and (found := date_line(text, self.period)) is not None:
                if stated is None and found[1] is not None:
                    stated, source, date, end = found[0], "date_line", found[1], found[2]
                label = label or found[3]
                continue
            if _LINK_LABEL.fullmatch(text):
                label = label or text.strip()
                continue
            marker = _CONTEXT.match(text)
            if marker:
                context_lines.append(j)
                rest = marker.group("rest").strip()
                if rest:
                    context.append(rest)  # 2022 style: the context is this one line
                else:
                    in_context = True  # 2023 style: the paragraphs that follow
                continue
            (context_lines if in_context else body_lines).append(j)
            (context if in_context else body).append(_without_title(text, title) if not body else text)
        body_text = "\n".join(body)
        if stated is None and body and (opening := body_date(body[0], self.period)):
            stated, source, date = opening[0], "body", opening[1]
        start, end_offset = lines[index].start, lines[last_content].end
        return ParsedItem(
            position=position,
            number=number,
            title=title,
            stated_date=stated,
            date_source=source,
            date=date,
            end_date=end,
            month_header=month,
            link_label=label,
            body=body_text,
            context="\n".join(context) or None,
            start=start,
            end=end_offset,
            line=lines[index].number,
            title_span=self.span(index, index),
            body_span=self.span(body_lines[0], body_lines[-1]) if body_lines else None,
            context_span=self.span(context_lines[0], context_lines[-1]) if context_lines else None,
            end_line=lines[last_content].number,
        )


def parse_report(text: str, source: str | None = None) -> ParsedReport:
    """Split a report into items.

    >>> text = "Report | April-June 2024\\nAPRIL\\n1) A visit\\nApril 3, 2024 Link\\nOfficials met.\\n"
    >>> item = parse_report(text).items[0]
    >>> (item.number, item.title, str(item.date), item.month_header, item.link_label)
    (1, 'A visit', '2024-04-03', 'APRIL', 'Link')
    """
    name = source or "<text>"
    lines = _split_lines(text)
    title, period = _header(lines)
    header_index = next((i for i, line in enumerate(lines) if line.clean), None)
    starts = _numbered_starts(lines)
    numbered = bool(starts)
    if not numbered:
        starts = _unnumbered_starts(lines, header_index)
    if not starts:
        raise ReportReadError(
            name,
            "no report items found: expected numbered titles such as '1) Title', or titles followed by a "
            "date line such as 'April 12, 2023'",
        )
    builder = _Builder(lines, period, text)
    items, warnings = [], []
    month: str | None = None
    boundaries = [*starts, len(lines)]
    month_lines = {i: header for i, line in enumerate(lines) if (header := month_header(line.clean))}
    for position, (index, following) in enumerate(itertools.pairwise(boundaries), start=1):
        month = next((month_lines[i] for i in sorted(month_lines, reverse=True) if i < index), month)
        stop = next((i for i in sorted(month_lines) if index < i < following), following)
        number = int(_NUMBERED.match(lines[index].clean).group("number")) if numbered else None  # type: ignore[union-attr]
        item = builder.item(position, index, stop, month if month_lines else None, number)
        if item.date is None and item.month_header is not None:
            # no date of its own: the month its header states, marked as such
            from_header = header_date(item.month_header, period)
            if from_header is not None:
                item = replace(
                    item, date=from_header, stated_date=item.month_header, date_source="header"
                )
        items.append(item)
    last = items[-1]
    last_text = text[last.start : last.end].rstrip()  # the item's last line, whichever part it is
    if last_text and not _SENTENCE_END.search(last_text):
        items[-1] = _replace_truncated(last)
        warnings.append(
            f"{name}:{last.line}: item {last.number or last.position} ends mid-sentence; "
            "the file may be truncated"
        )
    layout = (
        ("numbered" if numbered else "unnumbered")
        + ("-month-headers" if month_lines else "")
        + ("-dated-titles" if any(i.date_source == "title" for i in items) else "-date-lines")
    )
    return ParsedReport(
        title,
        period[0] if period else None,
        period[1] if period else None,
        layout,
        tuple(items),
        tuple(warnings),
    )


def _replace_truncated(item: ParsedItem) -> ParsedItem:
    return replace(item, truncated=True)
