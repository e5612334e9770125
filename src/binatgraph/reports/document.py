"""Reading a single document about the relationship: a readout, press release, communiqué, joint
statement, transcript or news story, in English or Spanish (the ``text → items`` stage for documents).

A report lists many events; a document usually reports one. :func:`parse_document` turns the text into a
:class:`~binatgraph.reports.parse.ParsedReport` with one item, so the rest of the pipeline (extraction,
drafts, review, apply) treats a document exactly like a report of one item:

- page chrome is dropped ("An official website of the United States government", "3 MINUTE READ",
  share buttons, bylines), and the headline is the first line that reads like one;
- the **publication date** comes from the stored-page prefix (`` date 2021-06-16``), a ``Published:``
  line, a line that is only a date (``December 5, 2019``, ``Martes 10 de diciembre de 2019``), a
  dateline (``CIUDAD DE MÉXICO, 3 de marzo de 2024``, ``México, 22 ene (EFE)``) or a signed post
  (``— Name (@handle) October 21, 2019``);
- the **event date** is the first date the body states for the event (``On June 14-15, 2021``,
  ``Este domingo 2 de diciembre``, ``-12 mayo-``), else a relative one resolved against the
  publication date (``today``, ``late yesterday``, ``on Friday``, ``hoy``, ``este viernes``), else the
  publication date itself. Dates the text marks as past references (``el 18 de diciembre pasado``,
  ``since March 2020``) are not the event's.

Dates are read by this module's own patterns rather than a general date library: the question is not
"what dates does this text contain" but "which stated date is the event's", and that depends on the
cues around each one (a dateline, "pasado", "since", a weekday agreeing with the date). The patterns
cover English and Spanish month and weekday names and stay linear in the input.

>>> doc = parse_document("Readout of a call\\nMarch 3, 2023\\nEarlier today, the two ministers spoke.\\n")
>>> item = doc.items[0]
>>> item.title, str(item.date), item.date_source
('Readout of a call', '2023-03-03', 'relative')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from binatgraph.reports.dates import MONTHS as EN_MONTHS
from binatgraph.reports.parse import ParsedItem, ParsedReport
from binatgraph.schema.model import PartialDate, Span

__all__ = [
    "DateMention",
    "detect_language",
    "find_dates",
    "parse_document",
    "publication_date",
]

ES_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("enero", "ene"),
            ("febrero", "feb"),
            ("marzo", "mar"),
            ("abril", "abr"),
            ("mayo", "may"),
            ("junio", "jun"),
            ("julio", "jul"),
            ("agosto", "ago"),
            ("septiembre", "setiembre", "sep", "sept"),
            ("octubre", "oct"),
            ("noviembre", "nov"),
            ("diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}
MONTHS = {**ES_MONTHS, **EN_MONTHS}
WEEKDAYS = {
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{
        name: i
        for i, name in enumerate(("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"))
    },
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted({*WEEKDAYS, "miércoles", "sábado"}, key=len, reverse=True))
_DASH = r"\s*(?:-|–|—|al|y|to|through)\s*"

# English: [Weekday,] Month D[-D2][, YYYY]
_EN_DATE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:{_DASH}(?P<day2>\d{{1,2}})\b)?(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
# Spanish and day-first English: [weekday] D[ y D2] [de] month [[de|del] YYYY]
_DAY_FIRST = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?P<day>\d{{1,2}})(?:{_DASH}(?P<day2>\d{{1,2}}))?\s+(?:de\s+)?"
    rf"(?P<month>{_MONTH_RE})\.?\b(?:,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)(?:-(?P<day>\d\d))?\b")
_US_NUMERIC = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")
_PREFIX = re.compile(r"^\s*date\s+(?P<value>\d{4}(?:-\d\d){0,2})\s+")
_PAST_AFTER = re.compile(r"^\W{0,3}(?:pasad[oa]|anterior|previo)\b", re.IGNORECASE)
_PAST_BEFORE = re.compile(
    r"\b(?:since|until|through|established(?: in)?|founded(?: in)?|signed (?:in|on)|desde|hasta|"
    r"pasado|del pasado|el pasado|from|in)\s*$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"\b(?P<today>earlier today|today|this morning|this afternoon|tonight|hoy|el d[ií]a de hoy|esta mañana|"
    rf"este d[ií]a)\b|\b(?P<yesterday>late yesterday|yesterday|ayer|anoche)\b|"
    rf"\b(?P<prefix>on|this|last|este|esta|el|del|la|el pasado)?\s*(?P<wd>{_WEEKDAY_RE})\b"
    rf"(?P<suffix>\s+(?:pasado|anterior|próximo|proximo|next))?",
    re.IGNORECASE,
)
_SPANISH_RELATIVE = frozenset(
    (
        "hoy",
        "ayer",
        "anoche",
        "manana",
        "dia",
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
    )
)
_CHROME = re.compile(
    r"^(?:an official website of the united states government|here'?s how you know|flag|share|print|"
    r"tweet|email|skip to (?:main )?content|\d+\s+minute read|by\s+[A-Z][\w.'’ -]{2,60}|"
    r"(?:published|updated|posted)\s*:.*|official websites use \.gov.*|secure \.gov websites.*|"
    r"you are subscribed to .*|office of the spokesperson|for immediate release|comunicado|"
    r"press release|news release|media note|readout|transcript|[^\w]*)$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"[—–-]\s*[^()\n]{1,60}\(@\w+\)\s+(?P<date>.+)$")
_DATELINE = re.compile(r"^(?P<place>[A-ZÁÉÍÓÚÑ][\w .,'’()-]{1,60}?),\s+(?P<rest>.{4,60})$")
# "Washington D.C., 19 November 2021 (TDI): ..." or "Palenque, Mexico October 18, 2021 — ...": a dateline
# that opens a paragraph
_LEAD_DATELINE = re.compile(
    r"^(?P<place>[A-ZÁÉÍÓÚÑ][\w .,'’-]{1,50}?),?\s+(?P<date>[^:—–]{4,40}?)"
    r"\s*(?:\([\w .-]{1,20}\))?\s*[:—–]\s+"
)

_ES_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "que",
        "en",
        "y",
        "por",
        "para",
        "con",
        "una",
        "un",
        "se",
        "su",
        "al",
        "es",
        "lo",
        "como",
        "más",
        "pero",
        "sus",
        "le",
        "ya",
        "o",
        "este",
        "esta",
        "entre",
        "cuando",
        "muy",
        "sin",
        "sobre",
        "también",
        "me",
        "hasta",
        "hay",
        "donde",
        "quien",
        "desde",
        "todo",
        "nos",
        "durante",
        "todos",
        "uno",
        "les",
        "ni",
        "contra",
        "otros",
        "ese",
        "eso",
        "ante",
        "ellos",
        "e",
        "esto",
        "mí",
        "antes",
        "algunos",
        "qué",
        "unos",
        "yo",
        "otro",
        "otras",
        "otra",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "at",
        "from",
        "be",
        "this",
        "have",
        "or",
        "an",
        "are",
        "it",
        "his",
        "which",
        "but",
        "not",
        "were",
        "had",
        "their",
        "has",
        "been",
        "its",
        "they",
        "would",
        "who",
        "will",
        "more",
        "also",
        "other",
        "after",
        "into",
        "than",
    ]
)


@dataclass(frozen=True)
class DateMention:
    """A date stated in the text: where, as printed, and what it resolves to (``None`` if it cannot)."""

    start: int
    end: int
    stated: str
    date: PartialDate | None
    end_date: PartialDate | None = None
    past_reference: bool = False
    weekday: int | None = None


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def detect_language(text: str) -> str:
    """``es`` or ``en``, from the share of each language's common words.

    >>> detect_language("El canciller se reunió con la secretaria de Estado")
    'es'
    >>> detect_language("The minister met her counterpart")
    'en'
    """
    words = re.findall(r"[a-záéíóúñü]+", text[:4000].casefold())
    spanish = sum(w in _ES_WORDS for w in words)
    english = sum(w in _EN_WORDS for w in words)
    return "es" if spanish > english else "en"


def _safe_date(year: int | None, month: int, day: int | None) -> PartialDate | None:
    if year is None:
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _year_for_weekday(month: int, day: int, weekday: int, near: int | None) -> int | None:
    """The year in which ``month``/``day`` falls on ``weekday``: the nearest to ``near``, else the most
    recent one not after this year (a stated weekday pins a date whose year the text leaves out)."""
    latest = max(dt.date.today().year, near or 0)
    candidates = []
    for year in range(1990, latest + 1):
        try:
            if dt.date(year, month, day).weekday() == weekday:
                candidates.append(year)
        except ValueError:
            continue
    if not candidates:
        return None
    if near is not None:
        return min(candidates, key=lambda y: (abs(y - near), -y))
    return candidates[-1]


def find_dates(text: str, context_year: int | None = None) -> list[DateMention]:
    """Every calendar date stated in ``text``, in order, English and Spanish forms.

    A date without a year takes ``context_year``, or the year its stated weekday pins down.

    >>> [m.date.iso for m in find_dates("Este domingo 2 de diciembre", 2018)]
    ['2018-12-02']
    >>> [(m.date.iso, m.end_date.iso) for m in find_dates("On June 14-15, 2021, the secretary visited")]
    [('2021-06-14', '2021-06-15')]
    >>> find_dates("el acuerdo signado el 18 de diciembre pasado", 2019)[0].past_reference
    True
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_EN_DATE, _DAY_FIRST):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            month = MONTHS.get(_fold(match.group("month")).rstrip("."))
            if month is None:
                continue
            # "may" and "mar" are words too: a bare lowercase "may 5" needs a year or a capital
            if (
                match.group("month").islower()
                and match.group("month") in ("may", "mar")
                and not match.group("year")
            ):
                continue
            day = int(match.group("day"))
            weekday = WEEKDAYS.get(_fold(match.group("wd") or "")) if match.group("wd") else None
            year = int(match.group("year")) if match.group("year") else None
            if year is None and weekday is not None:
                year = _year_for_weekday(month, day, weekday, context_year)
            year = year or context_year
            start = _safe_date(year, month, day)
            end = _safe_date(year, month, int(match.group("day2"))) if match.group("day2") else None
            if end is not None and start is not None and end.earliest < start.earliest:
                end = None
            before = text[max(0, match.start() - 25) : match.start()]
            after = text[match.end() : match.end() + 12]
            past = bool(_PAST_AFTER.match(after) or _PAST_BEFORE.search(before))
            found.append(DateMention(match.start(), match.end(), match.group(0), start, end, past, weekday))
            taken.append((match.start(), match.end()))
    for match in _US_NUMERIC.finditer(text):
        date = _safe_date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        if date and int(match.group("month")) <= 12:
            found.append(DateMention(match.start(), match.end(), match.group(0), date))
    return sorted(found, key=lambda m: m.start)


def _prefix_date(text: str) -> tuple[PartialDate | None, int]:
    match = _PREFIX.match(text)
    if not match:
        return None, 0
    try:
        return PartialDate.parse(match.group("value")), match.end()
    except ValueError:
        return None, match.end()


def _date_line(line: str, year: int | None) -> PartialDate | None:
    """The date of a header line that is (almost) only a date, a dateline ("Place, date") or a
    ``Published:`` line; ``None`` for any other line."""
    stripped = line.strip()
    published = re.match(r"(?:published|posted|fecha)\s*:\s*(?P<rest>.+)", stripped, re.IGNORECASE)
    candidates = find_dates(published.group("rest") if published else stripped, year)
    if not candidates:
        return None
    first = candidates[0]
    rest = (stripped[: first.start] + stripped[first.end :]).strip(" |/-–—,.:()")
    lead = _LEAD_DATELINE.match(stripped)
    is_dateline = (bool(_DATELINE.match(stripped)) or (lead is not None and first.end <= lead.end())) and (
        first.start < 60
    )
    if first.date and first.date.day and (published or len(rest) < 40 or is_dateline):
        return first.date
    return None


def publication_date(lines: list[str], prefix: PartialDate | None) -> PartialDate | None:
    """The date the document was published, from its header lines (see the module notes)."""
    year = prefix.year if prefix else None
    if prefix is not None and prefix.day is not None:
        return prefix
    for line in lines[:12]:
        found = _date_line(line, year)
        if found:
            return found
    for line in lines:
        signed = _SIGNATURE.search(line.strip())
        if signed:
            dates = find_dates(signed.group("date"), year)
            if dates and dates[0].date and dates[0].date.day:
                return dates[0].date
    return prefix


def _relative(
    text: str, published: PartialDate | None, language: str = "en"
) -> tuple[str, PartialDate, int] | None:
    """The first relative date of the event ("today", "on Friday", "este viernes"), resolved."""
    if published is None or published.day is None:
        return None
    day = published.earliest
    for match in _RELATIVE.finditer(text):
        word = _fold(match.group(0).split()[-1] if match.group("wd") is None else match.group("wd"))
        if (word in _SPANISH_RELATIVE) != (language == "es"):
            continue  # "Serena Hoy" in an English text is a name; "on" is not Spanish
        if match.group(0)[:1].isupper() and match.start() > 0 and text[match.start() - 1] not in '\n"“(':
            before = text[max(0, match.start() - 2) : match.start()]
            if not re.search(r"[.!?]\s$", before):
                continue  # a capital mid-sentence: a name, not a day
        if match.group("today"):
            return match.group(0), published, match.start()
        if match.group("yesterday"):
            return match.group(0), PartialDate.parse(day - dt.timedelta(days=1)), match.start()
        weekday = WEEKDAYS.get(_fold(match.group("wd")))
        prefix = _fold(match.group("prefix") or "")
        suffix = _fold(match.group("suffix") or "").strip()
        if (
            weekday is None
            or suffix in ("proximo", "next")
            or prefix in ("el pasado", "del", "la")
            or suffix == "pasado"
        ):
            # "el lunes próximo" is ahead; "el sábado pasado" is an earlier happening the text refers to
            continue
        if prefix == "last" or suffix == "anterior":
            continue
        if not prefix and not match.group(0)[:1].isupper():
            continue  # a bare weekday mid-sentence is rarely the event's day
        back = (day.weekday() - weekday) % 7
        return match.group(0), PartialDate.parse(day - dt.timedelta(days=back)), match.start()
    return None


_PUBLISHERS = re.compile(
    r"(?P<name>(?:U\.S\. )?Department of [A-Z][a-z]+(?: [A-Z][a-z]+)*|The White House|"
    r"Office of the United States Trade Representative|U\.S\. Embassy[\w ]*|"
    r"Ministry of Foreign Affairs(?: of the United [A-Z][a-z]+ States)?|"
    r"Secretar[ií]a de [A-ZÁÉÍÓÚ][\wáéíóú ]+|"
    r"Gobierno de M[eé]xico|Presidencia de la Rep[uú]blica)|"
    r"\((?P<agency>EFE|AP|AFP|TDI|AGENPARL|Reuters|Notimex)\)"
)


def _publisher(lines: list[str]) -> str | None:
    """The issuing office or news agency the header names, if any."""
    for line in lines[:8]:
        match = _PUBLISHERS.search(line)
        if match:
            return (match.group("name") or match.group("agency")).strip()
    return None


def _content_lines(text: str, offset: int) -> list[tuple[int, int, str]]:
    """``(start, end, cleaned)`` for each non-empty line from ``offset``, chrome dropped."""
    out = []
    position = offset
    for raw in text[offset:].splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        cleaned = " ".join(line.replace("\u00a0", " ").split()).strip("•·▪ ")
        if cleaned and not _CHROME.match(cleaned):
            out.append((position, position + len(line), cleaned))
        position += len(raw)
    return out


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _span(text: str, start: int, end: int) -> Span:
    return Span(
        line=_line_of(text, start), end_line=_line_of(text, max(start, end - 1)), start=start, end=end
    )


def _title(lines: list[tuple[int, int, str]]) -> int:
    """Index of the headline: the first line that is not a date line, a dateline or a caption."""
    for i, (_, _, line) in enumerate(lines[:6]):
        dates = find_dates(line)
        only_date = bool(dates) and len(line) - sum(d.end - d.start for d in dates) < 25
        if len(line.split()) >= 3 and not only_date and not line.startswith(("(", "/", "—", "–")):
            return i
    return 0


def _headline(line: str) -> str:
    """A headline from the title line: the line itself, or its first sentence when it is a paragraph."""
    if len(line.split()) <= 30:
        return line
    sentence = re.match(r"(.{20,300}?[.!?])(?:\s|$)", line)
    return sentence.group(1) if sentence else line[:200]


def parse_document(text: str, source: str | None = None) -> ParsedReport:
    """Read one document into a report of one item: headline, event date, body, spans.

    The item's ``date_source`` says where its date came from: ``body`` (stated for the event),
    ``relative`` (``today``, a weekday…, resolved against the publication date) or ``publication``.
    """
    prefix, offset = _prefix_date(text)
    lines = _content_lines(text, offset)
    every_line = [" ".join(line.split()) for line in text[offset:].splitlines() if line.strip()]
    if not lines:
        from binatgraph.reports.text import ReportReadError

        raise ReportReadError(source or "<text>", "the document has no text")
    published = publication_date(every_line, prefix)
    context_year = published.year if published else (prefix.year if prefix else None)
    title_index = _title(lines)
    title_start, title_end, title_line = lines[title_index]
    title = _headline(title_line)
    # a paragraph taken for the headline stays in the body: its other sentences are the story
    body_lines = [entry for i, entry in enumerate(lines) if i != title_index or title != title_line]
    body = "\n".join(line for _, _, line in body_lines)
    # the event is looked for past the header's date lines and datelines' dates
    lead = "\n".join(
        _without_header_date(line, context_year) if i < 12 else line
        for i, (_, _, line) in enumerate(body_lines)
    )
    body_start = body_lines[0][0] if body_lines else title_end
    body_end = body_lines[-1][1] if body_lines else title_end

    date, end_date, stated, date_source = _event_date(
        _without_header_date(title, context_year), lead, published, context_year, detect_language(text)
    )
    item = ParsedItem(
        position=1,
        number=None,
        title=title[:300],
        stated_date=stated,
        date_source=date_source,
        date=date,
        end_date=end_date,
        month_header=None,
        link_label=None,
        body=body,
        context=None,
        start=lines[0][0],
        end=body_end,
        line=_line_of(text, title_start),
        title_span=_span(text, title_start, title_end),
        body_span=_span(text, body_start, body_end) if body_lines else None,
        end_line=_line_of(text, max(body_end - 1, 0)),
    )
    warnings = () if date else (f"{source or '<text>'}: no date found for the event",)
    publisher = _publisher(every_line)
    return ParsedReport(
        title[:300],
        published,
        published,
        "document-" + detect_language(text),
        (item,),
        warnings,
        publisher or "not stated in the document",
    )


def _without_header_date(line: str, year: int | None) -> str:
    if _date_line(line, year) is None and not _SIGNATURE.search(line):
        return line
    lead = _LEAD_DATELINE.match(line)
    if lead and find_dates(line[: lead.end()], year):
        return line[lead.end() :]
    dates = find_dates(line, year)
    return line[dates[-1].end :] if dates else line


def _event_date(
    title: str, body: str, published: PartialDate | None, context_year: int | None, language: str = "en"
) -> tuple[PartialDate | None, PartialDate | None, str | None, str | None]:
    lead = title + "\n" + body[:1500]
    explicit = None
    for mention in find_dates(lead, context_year):
        if mention.past_reference or mention.date is None or mention.date.day is None:
            continue
        if published and published.day and mention.date.earliest > published.earliest:
            continue  # announced for later: not what the document reports
        explicit = mention
        break
    relative = _relative(lead, published, language)
    # whichever the text states first: "Earlier today ... on Nov. 4 they had ..." is today's event
    if relative and (explicit is None or relative[2] < explicit.start):
        return relative[1], None, relative[0], "relative"
    if explicit is not None:
        return explicit.date, explicit.end_date, explicit.stated, "body"
    if published:
        return published, None, published.iso, "publication"
    return None, None, None, None
