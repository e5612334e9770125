"""Reading a page of the CBI's Binational Institutional Repository (the ``text → items`` stage).

The repository catalogues the institutions themselves, one page per category. A page opens with the
repository's name and the category (agreements and treaties, organizations and commissions, dialogue
mechanisms, programs, diplomatic encounters and joint statements), a paragraph defining it, then entries.
An entry starts with a bullet or a type word (``Encounter``, ``Joint Statement``, ``Agreement``,
``Program``…) and its prose names the institution or the encounter, its year or date, its parties and
often its institutional implications.

Every entry becomes one item. An entry of an institution category also carries a
:class:`RepositoryEntry` describing the institution (name, acronym, pillar from the category, the year it
was founded or signed, the parties the text names); the records stage turns that into an Institution
record. An encounter is an event like any report item, dated by its own words.

>>> page = parse_repository(
...     "Binational Institutional Repository\\nDialogue Mechanisms\\n\\nMechanisms are recurring talks.\\n\\n"
...     "• High-Level Economic Dialogue (HLED). Launched in 2013 by the United States and Mexico.\\n"
... )
>>> entry = page.items[0]
>>> entry.title, entry.entry.pillar, entry.entry.acronym, entry.entry.year
('High-Level Economic Dialogue', 'dialogue_mechanism', 'HLED', 2013)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from binatgraph.reports.document import find_dates
from binatgraph.reports.parse import ParsedItem, ParsedReport
from binatgraph.reports.text import ReportReadError
from binatgraph.schema.model import PartialDate, Span

__all__ = ["CATEGORIES", "RepositoryEntry", "RepositoryItem", "parse_repository"]

# category heading → the pillar its institutions belong to (None: encounters, which are events)
CATEGORIES: dict[str, str | None] = {
    "agreements": "agreement",
    "treaties": "agreement",
    "acuerdos": "agreement",
    "tratados": "agreement",
    "organizations": "organization",
    "commissions": "organization",
    "organizaciones": "organization",
    "comisiones": "organization",
    "dialogue mechanisms": "dialogue_mechanism",
    "mechanisms": "dialogue_mechanism",
    "mecanismos": "dialogue_mechanism",
    "programs": "program",
    "programas": "program",
    "encounters": None,
    "joint statements": None,
    "encuentros": None,
    "declaraciones": None,
}
_TYPE_WORDS = (
    r"Encounter|Joint Statement|Statement|Visit|Meeting|Call|Summit|Agreement|Treaty|Memorandum|Program|"
    r"Commission|Organization|Mechanism|Dialogue|Encuentro|Declaración Conjunta|Acuerdo|Tratado|Programa|"
    r"Comisión|Mecanismo|Diálogo"
)
_ENTRY_START = re.compile(
    rf"^\s*(?:[•·▪‣◦●*+-]\s+|\d{{1,3}}[.)]\s+|\*\*(?P<type1>{_TYPE_WORDS})\*\*\s*[—–:-]?\s*|"
    rf"(?P<type2>{_TYPE_WORDS})\s*[—–:]\s*)",
)
_PARTIES = {
    "United States": "US",
    "U.S.": "US",
    "Estados Unidos": "US",
    "Mexico": "MX",
    "México": "MX",
    "Canada": "CA",
    "Canadá": "CA",
}
_NAME_END = re.compile(r"\s*(?:\((?P<inside>[^)]{1,80})\))?\s*(?:[.,;:—–]|\s(?:is|was|es|fue|are)\s)")


@dataclass(frozen=True)
class RepositoryEntry:
    """What an institution entry states: name, acronym, pillar, year founded or signed, parties."""

    category: str
    pillar: str | None  # None for an encounter
    name: str
    acronym: str | None = None
    year: int | None = None
    date: PartialDate | None = None
    parties: tuple[str, ...] = ()  # country codes the entry names


@dataclass(frozen=True)
class RepositoryItem(ParsedItem):
    """An item of a repository page, with what its entry states about the institution."""

    entry: RepositoryEntry | None = None


def _category(line: str) -> tuple[str, str | None] | None:
    folded = line.strip(" #*").casefold()
    for word, pillar in CATEGORIES.items():
        if word in folded and len(folded) < 80:
            return line.strip(" #*"), pillar
    return None


def _name_and_acronym(text: str) -> tuple[str, str | None, int | None]:
    """The institution an entry opens with, its acronym, and a year printed beside the name."""
    # "The" opens many names in prose; a Spanish article may be part of one (La Paz), so it stays
    text = re.sub(r"^The\s+", "", text.strip())
    match = _NAME_END.search(text)
    name = text[: match.start()] if match else text[:120]
    acronym, year = None, None
    inside = match.group("inside") if match else None
    if inside:
        if re.fullmatch(r"(?:19|20)\d\d", inside.strip()):
            year = int(inside)
        elif re.fullmatch(r"[A-Z][A-Za-z.&-]{1,15}", inside.strip()):
            acronym = inside.strip()
    return name.strip(" ,.;:"), acronym, year


def _encounter_title(prose: str) -> str:
    """The first sentence of an encounter, without the date that opens it ("On May 3, 2021, ...")."""
    for mention in find_dates(prose)[:1]:
        if mention.start < 6:
            prose = prose[mention.end :]
    prose = re.sub(r"^\W*(?:On|In|El|En)?\s*(?:(?:19|20)\d\d)?[\s,.;:—–-]*", "", prose)
    sentence = re.split(r"(?<=[.!?])\s", prose, maxsplit=1)[0]
    return (sentence[:1].upper() + sentence[1:])[:200].rstrip(" .")


def _parties(text: str) -> tuple[str, ...]:
    found = {code for name, code in _PARTIES.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)}
    return tuple(sorted(found))


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, position = [], 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        out.append((position, position + len(line), line))
        position += len(raw)
    return out


def _span(text: str, start: int, end: int) -> Span:
    line = text.count("\n", 0, start) + 1
    return Span(line=line, end_line=text.count("\n", 0, max(start, end - 1)) + 1, start=start, end=end)


def parse_repository(text: str, source: str | None = None) -> ParsedReport:
    """Split a repository page into one item per entry (see the module notes)."""
    name = source or "<text>"
    lines = _lines(text)
    category: tuple[str, str | None] | None = None
    starts: list[int] = []
    for _, _, line in lines[:12]:
        found = _category(line) if line.strip() and "repository" not in line.casefold() else None
        if found and category is None:
            category = found
    if category is None:
        raise ReportReadError(
            name, "a repository page names its category (e.g. 'Dialogue Mechanisms') at the top"
        )
    for i, (_, _, line) in enumerate(lines):
        if _ENTRY_START.match(line) and len(line.strip()) > 3:
            starts.append(i)
    if not starts:
        raise ReportReadError(
            name, "no repository entries found: expected bullets or type words such as 'Encounter'"
        )
    items: list[ParsedItem] = []
    for position, (first, following) in enumerate(
        zip(starts, [*starts[1:], len(lines)], strict=True), start=1
    ):
        start = lines[first][0]
        last = max((j for j in range(first, following) if lines[j][2].strip()), default=first)
        end = lines[last][1]
        raw = text[start:end]
        marker = _ENTRY_START.match(raw)
        assert marker is not None
        kind = marker.group("type1") or marker.group("type2")
        prose = " ".join(raw[marker.end() :].replace("**", "").split())
        items.append(_item(position, prose, kind, category, text, start, end, first + 1, last + 1))
    return ParsedReport(
        f"Binational Institutional Repository: {category[0]}",
        None,
        None,
        "repository",
        tuple(items),
        (),
        "Center for Binational Institutions",
    )


def _item(
    position: int,
    prose: str,
    kind: str | None,
    category: tuple[str, str | None],
    text: str,
    start: int,
    end: int,
    line: int,
    end_line: int,
) -> RepositoryItem:
    heading, pillar = category
    dates = [m for m in find_dates(prose) if m.date is not None and not m.past_reference]
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", prose)]
    encounter = pillar is None or (
        kind is not None and kind.casefold() in ("encounter", "joint statement", "encuentro")
    )
    if encounter:
        date = dates[0].date if dates else (PartialDate(years[0]) if years else None)
        title = _encounter_title(prose)
        entry = RepositoryEntry(heading, None, title, date=date, parties=_parties(prose))
    else:
        title, acronym, year = _name_and_acronym(prose)
        date = None
        first_date = dates[0].date if dates else None
        founded = year or (first_date.year if first_date else (years[0] if years else None))
        entry = RepositoryEntry(heading, pillar, title, acronym, founded, first_date, _parties(prose))
        date = PartialDate(founded) if founded else None
    item = RepositoryItem(
        position=position,
        number=None,
        title=title,
        stated_date=None if date is None else date.iso,
        date_source=None if date is None else "body",
        date=date,
        end_date=None,
        month_header=None,
        link_label=None,
        body=prose,
        context=None,
        start=start,
        end=end,
        line=line,
        title_span=_span(text, start, end),
        body_span=_span(text, start, end),
        end_line=end_line,
        entry=entry,
    )
    return replace(item, stated_date=item.stated_date, date_source=item.date_source)
