"""Which events an analysis looks at: a period, a report, a topic, an institution, event types, countries.

A :class:`Selection` turns into SPARQL graph patterns over the event variable, so the filtering
happens in the store, before any pair is counted.

>>> Period.parse("2023Q2")
Period(start=datetime.date(2023, 4, 1), end=datetime.date(2023, 6, 30), label='2023Q2')
>>> Period.parse("2022").label, Period.parse("2022-03").end
('2022', datetime.date(2022, 3, 31))
>>> Period.parse("2023-04-15..2023-05-01").start
datetime.date(2023, 4, 15)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from binatgraph.graph.rdf import COUNTRY_CONCEPT, EVENT_CLASS
from binatgraph.schema import ids
from binatgraph.schema.model import Country, EventType

__all__ = [
    "PERIOD_FORMATS",
    "Period",
    "Selection",
    "SelectionError",
    "event_type",
    "quarters",
    "report_iri",
]

PERIOD_FORMATS = (
    "a year (2023), a quarter (2023Q2), a month (2023-05) or a date range (2023-04-01..2023-06-30)"
)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})$")


class SelectionError(ValueError):
    """A filter the user gave cannot be understood; the message lists what is allowed."""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """A closed span of days. Events count in it when their stated date lies wholly inside it.

    A date stated to the month (``2023-05``) is inside 2023Q2; a date stated only to the year is
    inside 2023 but in none of its quarters, and an undated event is in no period.
    """

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a year, quarter, month or ``FROM..TO`` range; anything else lists the formats."""
        text = text.strip()
        try:
            if m := _YEAR.match(text):
                year = int(m.group(1))
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
            if m := _QUARTER.match(text):
                year, quarter = int(m.group(1)), int(m.group(2))
                first = 3 * quarter - 2
                return cls(dt.date(year, first, 1), _month_end(year, first + 2), f"{year}Q{quarter}")
            if m := _MONTH.match(text):
                year, month = int(m.group(1)), int(m.group(2))
                return cls(dt.date(year, month, 1), _month_end(year, month), text)
            if m := _RANGE.match(text):
                start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
                if end < start:
                    raise SelectionError(f"period '{text}': the range ends before it starts")
                return cls(start, end, f"{start}..{end}")
        except ValueError as exc:
            if isinstance(exc, SelectionError):
                raise
            raise SelectionError(f"period '{text}': {exc}; give {PERIOD_FORMATS}") from exc
        raise SelectionError(f"period '{text}' is not understood; give {PERIOD_FORMATS}")

    def bounds(self) -> tuple[str, str]:
        """Strings to compare a stated date's first and last possible day with.

        A date stated to the month is padded to ``-31`` for its last day; when the period ends on
        the last day of a month, its bound is padded the same way so such a month still fits.
        """
        end = self.end.isoformat()
        if self.end == _month_end(self.end.year, self.end.month):
            end = end[:8] + "31"
        return self.start.isoformat(), end


def quarters(start: dt.date, end: dt.date) -> list[Period]:
    """Every quarter from the one holding ``start`` to the one holding ``end``.

    >>> [p.label for p in quarters(dt.date(2022, 11, 5), dt.date(2023, 4, 1))]
    ['2022Q4', '2023Q1', '2023Q2']
    """
    periods = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        periods.append(Period.parse(f"{year}Q{quarter}"))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return periods


def event_type(text: str) -> EventType:
    """An event type from its value, its class name or a spaced spelling.

    >>> event_type("Dialogue session"), event_type("PhoneCall")
    (<EventType.DIALOGUE_SESSION: 'dialogue_session'>, <EventType.PHONE_CALL: 'phone_call'>)
    """
    wanted = re.sub(r"[\s_-]", "", text).lower()
    for kind, cls in EVENT_CLASS.items():
        if wanted in (kind.value.replace("_", ""), str(cls).rsplit("#", 1)[1].lower()):
            return kind
    allowed = ", ".join(kind.value for kind in EventType)
    raise SelectionError(f"event type '{text}' is not known; allowed: {allowed}")


def country(text: str) -> Country:
    """A country code, in any case (``us``, ``MX``, ``binational``).

    >>> country(" mx ")
    <Country.MX: 'MX'>
    """
    for value in Country:
        if text.strip().lower() == value.value.lower():
            return value
    raise SelectionError(f"country '{text}' is not known; allowed: {', '.join(c.value for c in Country)}")


_REPORT_PREFIX = str(ids.report("x"))[: -len("x")]


def report_iri(text: str) -> str:
    """A report's IRI from its id (``cbi-2023-apr-jun``), ``report:<id>`` or its IRI.

    >>> report_iri("cbi-2023-apr-jun")
    'https://w3id.org/binatgraph/id/report/cbi-2023-apr-jun'
    >>> report_iri("report:cbi-2022-jan-jun") == report_iri(report_iri("cbi-2022-jan-jun"))
    True
    """
    text = text.strip()
    local = text.removeprefix(_REPORT_PREFIX).removeprefix("report:")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", local):
        raise SelectionError(f"report '{text}' is not a report id such as cbi-2023-apr-jun, nor its IRI")
    return str(ids.report(local))


@dataclass(frozen=True)
class Selection:
    """Filters on events (period, reports, topics, institutions, types) and on nodes (countries).

    Topics and institutions are IRIs (resolve names first with :mod:`.names`); reports are IRIs
    (:meth:`of` takes ids too). Several values of one filter are alternatives; different filters
    must all hold. A report selects the events derived from its items, dated or not.

    >>> print(Selection(types=(EventType.VISIT,)).patterns("?event"))
    ?event a <https://w3id.org/binatgraph/ontology#Visit> .
    >>> Selection.of(report="cbi-2023-apr-jun").describe()
    'cbi-2023-apr-jun'
    """

    period: Period | None = None
    topics: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    types: tuple[EventType, ...] = ()
    countries: tuple[Country, ...] = field(default=())
    reports: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        period: str | Period | None = None,
        topics: Iterable[str] = (),
        institutions: Iterable[str] = (),
        types: Iterable[str | EventType] = (),
        countries: Iterable[str | Country] = (),
        report: str | Iterable[str] | None = None,
    ) -> Selection:
        """A selection from user-facing strings (periods, type names, country codes, report ids)."""
        reports = (report,) if isinstance(report, str) else tuple(report or ())
        return cls(
            period=Period.parse(period) if isinstance(period, str) else period,
            topics=tuple(topics),
            institutions=tuple(institutions),
            types=tuple(t if isinstance(t, EventType) else event_type(t) for t in types),
            countries=tuple(c if isinstance(c, Country) else country(c) for c in countries),
            reports=tuple(dict.fromkeys(report_iri(r) for r in reports)),
        )

    def patterns(self, var: str) -> str:
        """SPARQL patterns that keep only the selected events bound to ``var``."""
        lines: list[str] = []
        if self.period is not None:
            low, high = self.period.bounds()
            lines += [
                f"{var} <https://schema.org/startDate> ?_date .",
                "BIND(STR(?_date) AS ?_d)",
                # the first and last day a date stated to the year or month can mean
                'BIND(IF(STRLEN(?_d) = 4, CONCAT(?_d, "-01-01"), '
                'IF(STRLEN(?_d) = 7, CONCAT(?_d, "-01"), ?_d)) AS ?_first)',
                'BIND(IF(STRLEN(?_d) = 4, CONCAT(?_d, "-12-31"), '
                'IF(STRLEN(?_d) = 7, CONCAT(?_d, "-31"), ?_d)) AS ?_last)',
                f'FILTER(?_first >= "{low}" && ?_last <= "{high}")',
            ]
        lines += _alternatives(
            var,
            "<http://www.w3.org/ns/prov#wasDerivedFrom>/<http://purl.org/dc/terms/isPartOf>",
            "?_report",
            self.reports,
        )
        lines += _alternatives(var, "a", "?_type", [str(EVENT_CLASS[t]) for t in self.types])
        lines += _alternatives(
            # a topic also selects the events filed under its narrower topics
            var,
            "<http://purl.org/dc/terms/subject>/<http://www.w3.org/2004/02/skos/core#broader>*",
            "?_topic",
            self.topics,
        )
        lines += _alternatives(
            var, "<https://w3id.org/binatgraph/ontology#institution>", "?_institution", self.institutions
        )
        return "\n".join(lines)

    def country_iris(self) -> set[str]:
        return {str(COUNTRY_CONCEPT[c]) for c in self.countries}

    def describe(self) -> str:
        """A short human reading of the filters, for titles and page notes."""
        parts = []
        if self.period:
            parts.append(self.period.label)
        parts += [iri.rsplit("/", 1)[-1] for iri in self.reports]
        parts += [t.value for t in self.types]
        parts += [iri.rsplit("/", 1)[-1] for iri in (*self.topics, *self.institutions)]
        parts += [c.value for c in self.countries]
        return ", ".join(parts) or "all events"


def _alternatives(var: str, predicate: str, name: str, values: Sequence[str]) -> list[str]:
    if not values:
        return []
    if len(values) == 1:
        return [f"{var} {predicate} <{values[0]}> ."]
    terms = " ".join(f"<{v}>" for v in values)
    return [f"{var} {predicate} {name} .", f"VALUES {name} {{ {terms} }}"]
