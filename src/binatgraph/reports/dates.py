"""Every way a report states a date, read into :class:`~binatgraph.schema.model.PartialDate`.

Forms seen in CBI reports and their likely variants: ``(01.31.22)`` and ``(06.07.22 - 06.10.22)`` in
titles; ``April 12, 2023`` and ``October 4-6, 2023`` on date lines; ``March 8th`` and ``On April 13``
with the year taken from the report's period; report periods such as ``January - June 2022``,
``April-June 2023``, ``Q3 2023`` or ``Third Quarter 2023``.

>>> title_date("U.S. visit (06.07.22 - 06.10.22) Learn more")
('06.07.22 - 06.10.22', PartialDate(year=2022, month=6, day=7), PartialDate(year=2022, month=6, day=10))
>>> stated, start, end, label = date_line("October 4-6, 2023 Link")
>>> stated, str(start), str(end), label
('October 4-6, 2023', '2023-10-04', '2023-10-06', 'Link')
"""

from __future__ import annotations

import re

from binatgraph.schema.model import PartialDate

__all__ = ["MONTHS", "body_date", "date_line", "header_date", "month_header", "report_period", "title_date"]

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
_DASH = r"\s*[-–—]\s*"
_ORDINAL = r"(?:st|nd|rd|th)?"

_TITLE_DATE = re.compile(
    rf"\((?P<d1>\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}})(?:{_DASH}(?P<d2>\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}))?\)"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:Date|Dates|Fecha|When)\s*:\s*)?(?:On\s+)?(?P<stated>(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}"
    rf"(?:{_DASH}(?:(?P<month2>{_MONTH})\s+)?(?P<day2>\d{{1,2}}){_ORDINAL})?(?:,?\s+(?P<year>\d{{4}}))?)"
    # a link label after the date, bare or bracketed: "Link", "(LINK)", "[Learn more]"
    rf"\s*(?:[|·-]\s*)?[(\[]?(?P<link>Link|Learn more|Read more|Source)?[)\]]?\s*$",
    re.IGNORECASE,
)
_BODY_DATE = re.compile(
    rf"^\W*On\s+(?P<stated>(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<year>\d{{4}}))?)\b",
    re.IGNORECASE,
)
_MONTH_HEADER = re.compile(rf"^\W*(?P<month>{_MONTH})(?:\s+\d{{4}})?\W*$", re.IGNORECASE)
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _dotted(text: str) -> PartialDate:
    month, day, year = (int(part) for part in text.split("."))
    return PartialDate(year + 2000 if year < 100 else year, month, day)


def title_date(title: str) -> tuple[str, PartialDate, PartialDate | None] | None:
    """A ``(MM.DD.YY)`` date or range in a title: the text as printed, start and end."""
    match = _TITLE_DATE.search(title)
    if not match:
        return None
    try:
        start = _dotted(match.group("d1"))
        end = _dotted(match.group("d2")) if match.group("d2") else None
    except ValueError:
        return None
    stated = match.group(0)[1:-1]
    return stated, start, end


def _year_for(month: int, period: tuple[PartialDate, PartialDate] | None) -> int | None:
    """The year a month without one falls in, from the report's period."""
    if period is None:
        return None
    start, end = period
    for year in range(start.year, end.year + 1):
        first = PartialDate(year, month).earliest
        if start.earliest <= first <= end.latest or PartialDate(year, month).latest >= start.earliest > first:
            return year
    return end.year


def _from_parts(
    month: str, day: str, year: str | None, period: tuple[PartialDate, PartialDate] | None
) -> PartialDate | None:
    number = _month(month)
    try:
        resolved = int(year) if year else _year_for(number, period)
        return PartialDate(resolved, number, int(day)) if resolved else None
    except ValueError:  # an impossible day or year in the text is no date, not a crash
        return None


def date_line(
    line: str, period: tuple[PartialDate, PartialDate] | None = None
) -> tuple[str, PartialDate | None, PartialDate | None, str | None] | None:
    """A line that is only a date (or range), maybe with a link label: stated, start, end, label."""
    match = _DATE_LINE.match(line.strip())
    if not match:
        return None
    start = _from_parts(match.group("month"), match.group("day"), match.group("year"), period)
    end = None
    if match.group("day2"):
        end = _from_parts(
            match.group("month2") or match.group("month"), match.group("day2"), match.group("year"), period
        )
    return match.group("stated"), start, end, match.group("link")


def body_date(text: str, period: tuple[PartialDate, PartialDate] | None) -> tuple[str, PartialDate] | None:
    """A date that opens a body ("On April 13, ..."), with the year from the report period.

    >>> body_date("On April 13, officials met.", (PartialDate(2023, 4), PartialDate(2023, 6)))
    ('April 13', PartialDate(year=2023, month=4, day=13))
    >>> body_date("In October 2021 the framework was created.", None) is None
    True
    """
    match = _BODY_DATE.match(text)
    if not match:
        return None
    date = _from_parts(match.group("month"), match.group("day"), match.group("year"), period)
    return (match.group("stated"), date) if date else None


def month_header(line: str) -> str | None:
    """A line that is just a month name ("APRIL", "## May 2023"): the header as printed."""
    match = _MONTH_HEADER.match(line)
    return line.strip(" #*_") if match else None


def header_date(header: str, period: tuple[PartialDate, PartialDate] | None) -> PartialDate | None:
    """The month a month header ("MAY", "June 2023") stands for, to the month; the year from the
    header, else from the report's period; None when neither gives one.

    >>> header_date("MAY", (PartialDate(2023, 4), PartialDate(2023, 6)))
    PartialDate(year=2023, month=5, day=None)
    >>> header_date("June 2024", None), header_date("JUNE", None)
    (PartialDate(year=2024, month=6, day=None), None)
    """
    match = _MONTH_HEADER.match(header)
    if not match:
        return None
    number = _month(match.group("month"))
    year = re.search(r"\d{4}", header)
    resolved = int(year.group(0)) if year else _year_for(number, period)
    return PartialDate(resolved, number) if resolved else None


def report_period(line: str) -> tuple[PartialDate, PartialDate] | None:
    """The period a report covers, from its header line.

    >>> report_period("REPORT | January - June 2022")
    (PartialDate(year=2022, month=1, day=None), PartialDate(year=2022, month=6, day=None))
    >>> report_period("Quarterly report, Third Quarter 2023")[1]
    PartialDate(year=2023, month=9, day=None)
    """
    months = re.search(
        rf"(?P<m1>{_MONTH})(?:\s+(?P<y1>\d{{4}}))?{_DASH}(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})",
        line,
        re.IGNORECASE,
    )
    if months:
        y2 = int(months.group("y2"))
        y1 = int(months.group("y1") or y2)
        if not (1 <= y1 <= 9999 and 1 <= y2 <= 9999):
            return None
        return PartialDate(y1, _month(months.group("m1"))), PartialDate(y2, _month(months.group("m2")))
    quarter = re.search(
        r"\bQ([1-4])\s*(\d{4})\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(\d{4})",
        line,
        re.IGNORECASE,
    )
    if quarter:
        number = int(quarter.group(1)) if quarter.group(1) else _QUARTERS[quarter.group(3).lower()]
        year = int(quarter.group(2) or quarter.group(4))
        if not 1 <= year <= 9999:
            return None
        return PartialDate(year, 3 * number - 2), PartialDate(year, 3 * number)
    return None
