"""Synthetic CBI report *texts* in the real layouts, for benchmarks that ingest thousands of reports.

:mod:`binatgraph.synth.data` writes records in the ``data/`` format; this module writes what comes
*before* them: quarterly reports as a person would save them, to be read back by
:func:`binatgraph.reports.parse_report` and :func:`binatgraph.records.drafts.ingest_file`. Four layouts
take turns, report by report (:data:`LAYOUTS`):

- ``A``: the January–June 2022 style: ``REPORT | April - June 2030``, numbered titles carrying
  their date, ``1) Title (04.12.30) Learn more``, an ``Institutional context -`` line, and a body
  line that repeats the title before ``- On April 12, 2030, ...``;
- ``B``: the April–June 2023 style: an introduction, month headers (``APRIL``), numbered titles,
  a date line (``April 12, 2030 Link``, or a range ``April 4-6, 2030``) or a body opening
  ``On April 13, ...``, paragraphs, then ``Institutional Implications:`` and its paragraphs;
- ``markdown``: layout B saved as Markdown (``# Report``, ``## APRIL``, ``**1) Title**``,
  ``[Link](...)``, blank lines between paragraphs);
- ``unnumbered``: titles without numbers, each followed by a date line (``November 12th``,
  ``December 2, 2030 Read more``), bullets in the body, a header naming the quarter
  (``Report | Second Quarter 2030``).

Reports cover consecutive quarters forward from January–March 2000 (report 0), so every report
has its own period and its own ingest id (``cbi-2000-jan-mar``, ``cbi-2000-apr-jun``, ...). Titles
print two-digit years (``04.12.30``) up to 2099 and four digits after, which the parser reads too.

Every item names one to four people with their titles, as reports do ("the Secretary of Trade,
Ana Ruiz," / "Ana Ruiz, Secretary of Trade," / "Secretary of Trade Ana Ruiz"), organizations,
institutions, a place and topics, in two to four sentences built from templates written for this
module (eight event types, several templates each). Names come from the gazetteer of a data folder
(``data/gazetteer/*.json`` as :func:`binatgraph.synth.data.write_synthetic` writes it, or YAML), so the
linker can find them, or from a small built-in list of invented names when no folder is given.
Every :class:`SynthItem` keeps what was written (people, bodies, place, dates, event type), so a
benchmark can score what ingest finds.

The same arguments always give byte-identical files.

>>> import tempfile
>>> from binatgraph.reports import parse_report
>>> with tempfile.TemporaryDirectory() as folder:
...     paths = write_reports(Path(folder), reports=4, items_per_report=5, seed=3)
...     parsed = [parse_report(path.read_text(encoding="utf-8")) for path in paths]
>>> [path.name for path in paths][:2]
['synth-report-00000.txt', 'synth-report-00001.txt']
>>> [len(report.items) for report in parsed], [str(report.period_start) for report in parsed]
([5, 5, 5, 5], ['2000-01', '2000-04', '2000-07', '2000-10'])
"""

from __future__ import annotations

import calendar
import json
import random
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from binatgraph.schema.model import EventType, PartialDate

__all__ = ["LAYOUTS", "Named", "SynthItem", "SynthReport", "generate_reports", "write_reports"]

LAYOUTS: tuple[str, ...] = ("A", "B", "markdown", "unnumbered")
"""The layouts, in the order reports take them: report ``i`` is written in ``LAYOUTS[i % 4]``."""

_FIRST_YEAR = 2000


# --- what a report names -------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """An entity as written in a report: its name, its gazetteer id (``None`` for built-in names),
    and, for people, the title the report gives them and their country."""

    name: str
    id: str | None = None
    acronym: str | None = None
    title: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class SynthItem:
    """One item as written: what the title and body name (``people`` ... ``topics``) and what only the
    context paragraph names (``mentioned``)."""

    number: int | None
    title: str
    event_type: EventType
    date: PartialDate
    end_date: PartialDate | None
    people: tuple[Named, ...]
    organizations: tuple[Named, ...]
    institutions: tuple[Named, ...]
    places: tuple[Named, ...]
    topics: tuple[Named, ...]
    mentioned: tuple[Named, ...] = ()


@dataclass(frozen=True)
class SynthReport:
    """One report: its file name, layout, period, items and text."""

    name: str
    layout: str
    period_start: PartialDate
    period_end: PartialDate
    items: tuple[SynthItem, ...]
    text: str


# --- names: a gazetteer folder, or invented ones -------------------------------------------------

# (name, title, country): invented people with the kind of title reports give
_BUILTIN_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Everett Lindqvist", "Secretary of Commerce", "US"),
    ("Harriet Ashdown", "Deputy Secretary of Homeland Security", "US"),
    ("Corinne Whitcombe", "Ambassador to Mexico", "US"),
    ("Silas Pennington", "Trade Representative", "US"),
    ("Delphine Marchetti", "Special Envoy for Border Affairs", "US"),
    ("Wendell Okafor", "Under Secretary for Economic Growth", "US"),
    ("Rosalind Achebe-Park", "Administrator of the Office of Border Logistics", "US"),
    ("Bennett Sorensen", "Secretary of Energy", "US"),
    ("Margot Ellery", "Attorney General", "US"),
    ("Thaddeus Crane", "Governor of Nuevo Ocotillo", "US"),
    ("Lorna Featherstone", "Director of the Bureau of Crossing Safety", "US"),
    ("Cyrus Haldane", "Secretary of Labor", "US"),
    ("Marisol Quintanar Ibarra", "Secretary of Foreign Affairs", "MX"),
    ("Teodoro Villaseñor", "Undersecretary for North America", "MX"),
    ("Odalys Brambila", "Secretary of Economy", "MX"),
    ("Rufino Zertuche Lara", "Secretary of Security and Citizen Protection", "MX"),
    ("Priscila Arvizu", "Ambassador to the United States", "MX"),
    ("Leopoldo Cisneros Aragón", "Secretary of Health", "MX"),
    ("Itzel Carrasco Meza", "Director General of the National Institute of Border Ports", "MX"),
    ("Anselmo Tovar", "Secretary of Energy", "MX"),
    ("Griselda Ontiveros", "Chief Officer for North America", "MX"),
    ("Eliseo de la Fuente Ruelas", "Governor of San Lázaro", "MX"),
    ("Noemí Barragán", "Secretary of Labor", "MX"),
    ("Baltasar Iñiguez", "Consul General", "MX"),
)
# (name, acronym, country)
_BUILTIN_ORGANIZATIONS: tuple[tuple[str, str | None, str], ...] = (
    ("Office of Border Logistics", "OBL", "US"),
    ("Department of Coastal Resources", "DCR", "US"),
    ("Bureau of Crossing Safety", "BCS", "US"),
    ("Agency for Hemispheric Trade", "AHT", "US"),
    ("Secretariat of Coastal Development", "SECODE", "MX"),
    ("National Institute of Border Ports", "INPF", "MX"),
    ("Federal Agency for Water Basins", "AFCA", "MX"),
    ("Ministry of Regional Transport", None, "MX"),
)
_BUILTIN_INSTITUTIONS: tuple[tuple[str, str | None], ...] = (
    ("Binational Freight Corridor Dialogue", "BFCD"),
    ("Joint Aquifer Commission", "JAC"),
    ("Border Health Coordination Mechanism", "BHCM"),
    ("Gulf Estuary Restoration Program", None),
    ("Twin Cities Mobility Framework", None),
    ("Northern Ports Modernization Initiative", "NPMI"),
)
_BUILTIN_PLACES = (
    "Puerto Ocotillo",
    "San Lázaro",
    "Mesa Clara",
    "Villa Encinal",
    "Fort Calloway",
    "Nuevo Ocotillo",
    "Laguna Seca",
    "Port Harlan",
)
_BUILTIN_TOPICS = (
    "security",
    "migration",
    "trade",
    "labor",
    "energy",
    "water",
    "health",
    "climate",
    "investment",
    "transport",
    "supply chains",
    "firearms",
)


@dataclass(frozen=True)
class _Names:
    people: tuple[Named, ...]
    organizations: tuple[Named, ...]
    institutions: tuple[Named, ...]
    places: tuple[Named, ...]
    topics: tuple[Named, ...]
    country_prefix: bool = False  # titles may take "U.S." or "Mexican" (built-in titles name no country)


def _builtin_names() -> _Names:
    return _Names(
        people=tuple(Named(n, title=t, country=c) for n, t, c in _BUILTIN_PEOPLE),
        organizations=tuple(Named(n, acronym=a, country=c) for n, a, c in _BUILTIN_ORGANIZATIONS),
        institutions=tuple(Named(n, acronym=a) for n, a in _BUILTIN_INSTITUTIONS),
        places=tuple(Named(n) for n in _BUILTIN_PLACES),
        topics=tuple(Named(n) for n in _BUILTIN_TOPICS),
        country_prefix=True,
    )


def _records(folder: Path, kind: str) -> list[dict[str, Any]]:
    for suffix in (".json", ".yaml", ".yml"):
        path = folder / f"{kind}{suffix}"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            return list((json.loads(text) if suffix == ".json" else yaml.safe_load(text)) or [])
    return []


def _gazetteer_names(data: Path) -> _Names:
    """Names from ``data/gazetteer``; each person gets the title of a post of their own country."""
    folder = data / "gazetteer"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: no gazetteer folder (expected gazetteer/people.json and the rest)"
        )
    orgs = _records(folder, "organizations")
    org_country = {o["id"]: o.get("country") for o in orgs}
    posts = sorted(_records(folder, "posts"), key=lambda p: p["id"])
    by_country: dict[str | None, list[str]] = {}
    for post in posts:
        by_country.setdefault(org_country.get(post.get("organization")), []).append(post["name"])
    builtin = _builtin_names()
    people = []
    for i, person in enumerate(_records(folder, "people")):
        titles = by_country.get(person.get("country")) or [p["name"] for p in posts]
        fallback = builtin.people[i % len(builtin.people)].title
        title = titles[i % len(titles)] if titles else fallback
        people.append(Named(person["name"], person["id"], title=title, country=person.get("country")))
    names = _Names(
        people=tuple(people),
        organizations=tuple(
            Named(o["name"], o["id"], acronym=o.get("acronym"), country=o.get("country")) for o in orgs
        ),
        institutions=tuple(
            Named(i["name"], i["id"], acronym=i.get("acronym")) for i in _records(folder, "institutions")
        ),
        places=tuple(Named(p["name"], p["id"]) for p in _records(folder, "places")),
        topics=tuple(Named(t["name"].lower(), t["id"]) for t in _records(folder, "topics")),
    )
    for kind, minimum in (("people", 4), ("organizations", 2), ("institutions", 1), ("places", 1)):
        if len(getattr(names, kind)) < minimum:
            raise ValueError(f"{folder}: the gazetteer needs at least {minimum} {kind} to write reports")
    if len(names.topics) < 2:
        names = _Names(names.people, names.organizations, names.institutions, names.places, builtin.topics)
    return names


# --- templates -----------------------------------------------------------------------------------
# Fields: {a} {b} {c} {d} people as introduced in prose; {A} {B} their titles alone (item titles);
# {org} {org2} {inst} with their article, {Org} {Org2} {Inst} bare; {place}; {topic} {topic2}.

_TITLES: dict[EventType, tuple[str, ...]] = {
    EventType.VISIT: (
        "{A} visits {place}",
        "Working visit of the {A} to {place}",
        "{A} visit to {place}",
        "Delegation of the {Org} visits {place}",
    ),
    EventType.MEETING: (
        "{A} and {B} meet in {place}",
        "Bilateral meeting on {topic} in {place}",
        "Officials meet in {place} to discuss {topic}",
        "Meeting of the {Org} and the {Org2} on {topic}",
    ),
    EventType.DIALOGUE_SESSION: (
        "{Inst}: dialogue session on {topic}",
        "Dialogue review of the {Inst} in {place}",
        "New dialogue meeting under the {Inst}",
    ),
    EventType.JOINT_STATEMENT: (
        "Joint statement on {topic} cooperation",
        "{Org} and {Org2} issue a joint statement on {topic}",
        "Both governments issue a joint statement on {topic}",
    ),
    EventType.AGREEMENT_SIGNING: (
        "Signing of a memorandum on {topic} in {place}",
        "Agencies signed a protocol on {topic} in {place}",
        "Signature of a cooperation letter on {topic}",
    ),
    EventType.DECREE: (
        "Presidential decree on {topic}",
        "Decree creates a new office for {topic} coordination",
        "{A} issues a decree on {topic}",
    ),
    EventType.PHONE_CALL: (
        "Phone call between the {A} and the {B}",
        "{A} holds a phone call on {topic}",
        "Phone call on {topic} between both governments",
    ),
    EventType.SUMMIT: (
        "{Topic} summit in {place}",
        "Border summit in {place}",
        "{Inst} summit opens in {place}",
    ),
}

_OPENINGS: dict[EventType, tuple[str, ...]] = {
    EventType.VISIT: (
        "{a} traveled to {place} for two days of talks with local authorities and business groups on "
        "{topic}.",
        "{a} arrived in {place} on a working visit focused on {topic}, accompanied by {b}.",
        "{a} and {b} toured facilities in {place} to review joint projects on {topic}.",
        "{a} paid an official visit to {place}, where {b} received the delegation.",
    ),
    EventType.MEETING: (
        "{a} met with {b} in {place} to review pending issues on {topic}.",
        "{a} and {b} held a meeting in {place} on the bilateral agenda for {topic}.",
        "{a} convened officials from both governments in {place} to discuss {topic}.",
        "{a} hosted a meeting with {b} at the offices of {org} in {place}.",
    ),
    EventType.DIALOGUE_SESSION: (
        "{a} and {b} opened a new session of {inst} in {place}, with {topic} at the top of the agenda.",
        "{a} chaired the dialogue session of {inst} held in {place}, devoted to {topic}.",
        "delegations led by {a} and {b} gathered in {place} for the periodic review of {inst}.",
    ),
    EventType.JOINT_STATEMENT: (
        "{a} and {b} released a joint statement in which both governments commit to closer work on {topic}.",
        "{org} and {org2} published a joint statement, presented in {place} by {a}, on shared goals for "
        "{topic}.",
        "{a} read out a joint statement agreed with {b} that sets common targets on {topic}.",
    ),
    EventType.AGREEMENT_SIGNING: (
        "{a} and {b} signed a memorandum of understanding on {topic} in {place}.",
        "{a} signed, on behalf of {org}, a cooperation letter on {topic} that {b} countersigned in {place}.",
        "officials of {org} and {org2} signed a protocol on {topic} in {place}, witnessed by {a}.",
    ),
    EventType.DECREE: (
        "{a} issued a decree that creates a federal office for {topic} coordination along the border.",
        "a decree signed by {a} was published in the official gazette, setting new rules on {topic}.",
        "{a} presented a decree that assigns {org} new duties in {topic} matters.",
    ),
    EventType.PHONE_CALL: (
        "{a} spoke by phone with {b} about {topic} and the calendar of upcoming meetings.",
        "{a} and {b} held a phone call to follow up on commitments on {topic}.",
        "in a call that lasted nearly an hour, {a} and {b} reviewed progress on {topic}.",
        "{a} held a phone call with counterparts from {org} on {topic}.",
    ),
    EventType.SUMMIT: (
        "{a} and {b} attended a summit in {place} that brought together officials from both countries to "
        "discuss {topic}.",
        "{a} opened the summit in {place} with a speech on {topic}, followed by {b}.",
        "leaders from the border region met in {place} at a summit chaired by {a}, with {topic} as the main "
        "theme.",
    ),
}

_EXTRA_ONE = (
    "{c} also took part and stressed the role of local governments.",
    "The delegation included {c}.",
    "{c} presented a short report on the progress made since the last session.",
    "According to {c}, a technical team will meet again before the end of the quarter.",
)
_EXTRA_TWO = (
    "{c} and {d} joined the working sessions that followed.",
    "{c} briefed {d} on the results of a pilot project.",
    "Also present were {c} and {d}.",
)
_FILLERS = (
    "Both sides agreed to set up a working group on {topic} under {inst}.",
    "The talks also covered {topic2} and the work of {org}.",
    "Representatives of {org} will prepare a follow-up plan for the next session.",
    "A technical team will report on {topic2} within ninety days.",
    "The parties noted that {inst} remains the main channel for this work.",
    "Local groups in {place} welcomed the outcome and asked for regular updates.",
    "Staff of {org} and {org2} will share data on {topic2} every month.",
)
_CONTEXT = (
    "{inst} brings together agencies of both countries to coordinate work on {topic}.",
    "Created by the two governments, {inst} meets at least once a year to review common goals.",
    "{org} is the agency in charge of {topic} policy and takes part in most bilateral working groups.",
)
_IMPLICATIONS = (
    "The exchange gives {inst} a clearer mandate on {topic} for the coming months.",
    "Closer coordination between {org} and {org2} could shorten response times on {topic}.",
    "If the commitments hold, {inst} may become the main venue for technical follow-up.",
    "The outcome shows that both governments prefer standing mechanisms to one-off talks on {topic2}.",
)
_INTRODUCTIONS = (
    "A quarterly summary of the meetings, agreements and decisions of the institutions that Mexico and "
    "the United States share.",
    "This quarterly summary follows the dialogues, commissions and agencies through which the two "
    "countries manage common affairs.",
)
_QUARTER_WORDS = ("First", "Second", "Third", "Fourth")
_SMALL_WORDS = frozenset(("a", "an", "and", "the", "of", "on", "in", "to", "for", "by", "at", "with", "from"))
_PEOPLE_FIELDS = ("a", "b", "c", "d")
_ENTITY_FIELDS = ("org", "org2", "inst", "place", "topic", "topic2")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- one item ------------------------------------------------------------------------------------


@dataclass
class _Writer:
    """Introduces each entity the way a report does, once per item with its acronym."""

    rng: random.Random
    seen: set[str]
    country_prefix: bool = False

    def person(self, person: Named) -> str:
        title = person.title
        if not title:
            return person.name
        form = self.rng.randrange(3)
        if form == 0:
            prefix = ""
            if self.country_prefix and person.country in ("US", "MX") and self.rng.random() < 0.4:
                prefix = "U.S. " if person.country == "US" else "Mexican "
            return f"{prefix}{title} {person.name}"
        if form == 1:
            return f"{person.name}, {title},"
        return f"the {title}, {person.name},"

    def body(self, entity: Named) -> str:
        if entity.acronym and entity.name not in self.seen:
            self.seen.add(entity.name)
            return f"the {entity.name} ({entity.acronym})"
        return f"the {entity.name}"


def _sentence(template: str, values: dict[str, str]) -> str:
    return _capitalized(_tidy(template.format_map(values)))


def _tidy(text: str) -> str:
    """An appositive's closing comma before a full stop or another comma goes."""
    return text.replace(",.", ".").replace(",,", ",")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_case(title: str) -> str:
    words = title.split(" ")
    return " ".join(
        w[:1].upper() + w[1:] if (i == 0 or w.lower() not in _SMALL_WORDS) and w[:1].islower() else w
        for i, w in enumerate(words)
    )


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _dotted(date: PartialDate) -> str:
    year = date.year % 100 if _FIRST_YEAR <= date.year < 2100 else date.year
    return f"{date.month:02d}.{date.day:02d}.{year:02d}"


@dataclass(frozen=True)
class _Draft:
    """An item's content before a layout prints it."""

    title: str
    event_type: EventType
    date: PartialDate
    end_date: PartialDate | None
    opening: str  # first sentence, starting in lower case where a date phrase may precede it
    sentences: tuple[str, ...]  # the rest of the body
    context: tuple[str, ...]
    item: SynthItem


def _pick(rng: random.Random, pool: Sequence[Named], count: int) -> list[Named]:
    return rng.sample(list(pool), min(count, len(pool)))


def _draft_item(rng: random.Random, names: _Names, date: PartialDate, end: PartialDate | None) -> _Draft:
    event_type = rng.choice(list(_OPENINGS))
    people = _pick(rng, names.people, rng.choice((1, 2, 2, 2, 3, 3, 4)))
    orgs = _pick(rng, names.organizations, 2)
    inst = rng.choice(names.institutions)
    place = rng.choice(names.places)
    topics = _pick(rng, names.topics, 2)
    writer = _Writer(rng, set(), names.country_prefix)
    entities = {
        "org": orgs[0],
        "org2": orgs[-1],
        "inst": inst,
        "place": place,
        "topic": topics[0],
        "topic2": topics[-1],
    }
    used: set[str] = set()

    title_choices = [t for t in _TITLES[event_type] if _needs(t) <= len(people)]
    title_template = rng.choice(title_choices)
    used |= {f.lower() for f in _fields(title_template) if f.lower() in _ENTITY_FIELDS}
    title = title_template.format_map(
        {
            "A": people[0].title or people[0].name,
            "B": (people[1].title or people[1].name) if len(people) > 1 else "",
            "Org": orgs[0].name,
            "Org2": orgs[-1].name,
            "Inst": inst.name,
            "place": place.name,
            "topic": topics[0].name,
            "Topic": topics[0].name[:1].upper() + topics[0].name[1:],
        }
    )
    title = title[:1].upper() + title[1:]

    opening_choices = [t for t in _OPENINGS[event_type] if _needs(t) <= len(people)]
    opening_template = rng.choice(opening_choices)
    in_opening = _needs(opening_template)
    values = _values(writer, entities)
    values |= {f: writer.person(p) for f, p in zip(_PEOPLE_FIELDS, people[:in_opening], strict=False)}
    used |= _fields(opening_template) & set(_ENTITY_FIELDS)
    opening = _tidy(opening_template.format_map(values))

    sentences: list[str] = []
    rest = people[in_opening:]
    extra_one, extra_two = rng.sample(_EXTRA_ONE, len(_EXTRA_ONE)), rng.sample(_EXTRA_TWO, len(_EXTRA_TWO))
    while rest:
        pair = len(rest) >= 2 and rng.random() < 0.6
        template = (extra_two if pair else extra_one).pop()
        group, rest = (rest[:2], rest[2:]) if pair else (rest[:1], rest[1:])
        people_values = {f: writer.person(p) for f, p in zip(("c", "d"), group, strict=False)}
        sentences.append(_sentence(template, people_values))
    target = rng.randint(2, 4)
    fillers = rng.sample(_FILLERS, max(0, target - 1 - len(sentences)))
    for template in fillers:
        used |= _fields(template) & set(_ENTITY_FIELDS)
        sentences.append(_sentence(template, _values(writer, entities)))
    rng.shuffle(sentences)

    context_templates = [rng.choice(_CONTEXT), *rng.sample(_IMPLICATIONS, rng.randint(1, 2))]
    context_writer = _Writer(rng, set())
    context = tuple(_sentence(t, _values(context_writer, entities)) for t in context_templates)
    context_used = set().union(*(_fields(t) for t in context_templates)) & set(_ENTITY_FIELDS)

    def named(fields: Sequence[str], among: set[str]) -> tuple[Named, ...]:
        return tuple(dict.fromkeys(entities[f] for f in fields if f in among))

    item = SynthItem(
        number=None,
        title=title,
        event_type=event_type,
        date=date,
        end_date=end,
        people=tuple(people),
        organizations=named(("org", "org2"), used),
        institutions=named(("inst",), used),
        places=named(("place",), used),
        topics=named(("topic", "topic2"), used),
        mentioned=tuple(
            e
            for e in named(("org", "org2", "inst", "place", "topic", "topic2"), context_used)
            if e not in named(("org", "org2", "inst", "place", "topic", "topic2"), used)
        ),
    )
    return _Draft(title, event_type, date, end, opening, tuple(sentences), context, item)


def _needs(template: str) -> int:
    """How many people a template names (``{a}``/``{A}`` one, ``{b}``/``{B}`` two)."""
    fields = _fields(template)
    return 2 if fields & {"b", "B"} else 1 if fields & {"a", "A"} else 0


def _values(writer: _Writer, entities: dict[str, Named]) -> _LazyBodies:
    return _LazyBodies(writer, entities)


class _LazyBodies(dict[str, str]):
    """Organizations and institutions are rendered only when a template uses them, so an acronym is
    printed with the first mention actually written."""

    def __init__(self, writer: _Writer, entities: dict[str, Named]) -> None:
        super().__init__(
            place=entities["place"].name, topic=entities["topic"].name, topic2=entities["topic2"].name
        )
        self.writer, self.entities = writer, entities

    def __missing__(self, key: str) -> str:
        value = self.writer.body(self.entities[key])
        self[key] = value
        return value


# --- dates ---------------------------------------------------------------------------------------


def _period(index: int) -> tuple[int, int]:
    """Year and quarter (0-3) of report ``index``: consecutive quarters forward from 2000."""
    return _FIRST_YEAR + index // 4, index % 4


def _dates(
    rng: random.Random, year: int, quarter: int, count: int
) -> list[tuple[PartialDate, PartialDate | None]]:
    days = sorted((3 * quarter + rng.randint(1, 3), rng.randint(1, 27)) for _ in range(count))
    out = []
    for month, day in days:
        last = calendar.monthrange(year, month)[1]
        end = None
        if rng.random() < 0.15:
            end = PartialDate(year, month, min(last, day + rng.randint(1, 3)))
        out.append((PartialDate(year, month, day), end))
    return out


def _month_name(month: int) -> str:
    return calendar.month_name[month]


def _long_date(date: PartialDate, end: PartialDate | None = None, *, year: bool = True) -> str:
    text = f"{_month_name(date.month or 1)} {date.day}"
    if end is not None:
        text += f"-{end.day}"
    return f"{text}, {date.year}" if year else text


# --- layouts -------------------------------------------------------------------------------------


def _layout_a(rng: random.Random, year: int, quarter: int, drafts: list[_Draft]) -> list[str]:
    first, last = _month_name(3 * quarter + 1), _month_name(3 * quarter + 3)
    lines = [f"REPORT | {first} - {last} {year}"]
    for number, d in enumerate(drafts, start=1):
        stamp = _dotted(d.date) + (f" - {_dotted(d.end_date)}" if d.end_date else "")
        label = " Learn more" if rng.random() < 0.7 else ""
        lines.append(f"{number}) {d.title} ({stamp}){label}")
        lines.append(f"Institutional context - {d.context[0]}")
        if rng.random() < 0.8:
            when = _long_date(d.date) if rng.random() < 0.7 else f"{_month_name(d.date.month or 1)} "
            if when.endswith(" "):
                when += _ordinal(d.date.day or 1)
            body = [f"On {when}, {d.opening}", *d.sentences]
        else:
            body = [_capitalized(d.opening), *d.sentences]
        lines.append(f"{d.title} - {' '.join(body)}")
    return lines


def _body_b(rng: random.Random, d: _Draft, with_date_line: bool) -> list[str]:
    """Paragraphs of a layout-B body: the opening states the date when no date line does."""
    opening = (
        _capitalized(d.opening) if with_date_line else f"On {_long_date(d.date, year=False)}, {d.opening}"
    )
    sentences = [opening, *d.sentences]
    cut = rng.randint(1, len(sentences)) if len(sentences) > 1 else 1
    paragraphs = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    return [p for p in paragraphs if p]


def _layout_b(rng: random.Random, year: int, quarter: int, drafts: list[_Draft], markdown: bool) -> list[str]:
    first, last = _month_name(3 * quarter + 1), _month_name(3 * quarter + 3)
    lines = [f"{'# ' if markdown else ''}Report | {first}-{last} {year}", rng.choice(_INTRODUCTIONS)]
    month = None
    for number, d in enumerate(drafts, start=1):
        if d.date.month != month:
            month = d.date.month
            lines.append(f"{'## ' if markdown else ''}{_month_name(month or 1).upper()}")
        title = _title_case(d.title)
        lines.append(f"**{number}) {title}**" if markdown else f"{number}) {title}")
        with_date_line = d.end_date is not None or rng.random() < 0.8
        if with_date_line:
            stated = _long_date(d.date, d.end_date)
            link = f"[Link](https://example.org/cbi/{year}/{quarter + 1}/{number})" if markdown else "Link"
            lines.append(f"{stated} {link}" if rng.random() < 0.75 else stated)
        lines.extend(_body_b(rng, d, with_date_line))
        lines.append("**Institutional Implications:**" if markdown else "Institutional Implications:")
        lines.extend(d.context[1:])
    return ["\n" + line if markdown and i else line for i, line in enumerate(lines)]


def _layout_unnumbered(rng: random.Random, year: int, quarter: int, drafts: list[_Draft]) -> list[str]:
    lines = [f"Report | {_QUARTER_WORDS[quarter]} Quarter {year}"]
    for d in drafts:
        lines.extend(("", d.title))
        form = rng.randrange(4)
        if d.end_date is not None or form == 0:
            lines.append(_long_date(d.date, d.end_date))
        elif form == 1:
            lines.append(f"{_long_date(d.date)} {rng.choice(('Link', 'Read more'))}")
        elif form == 2:
            lines.append(f"{_month_name(d.date.month or 1)} {_ordinal(d.date.day or 1)}")
        else:
            lines.append(f"{_long_date(d.date)} Link")
        bullet = rng.choice(("", "• ", "- "))
        lines.extend(f"{bullet}{s}" for s in (_capitalized(d.opening), *d.sentences))
        if rng.random() < 0.5:
            lines.append(f"Institutional context - {d.context[0]}")
    return lines


# --- reports -------------------------------------------------------------------------------------


def _report(index: int, items: int, seed: int, names: _Names) -> SynthReport:
    # the module's old path seeds it still, so the same arguments keep giving the same files
    rng = random.Random(f"binatgraph.synth_reports:{seed}:{index}")
    layout = LAYOUTS[index % len(LAYOUTS)]
    year, quarter = _period(index)
    drafts = [_draft_item(rng, names, date, end) for date, end in _dates(rng, year, quarter, items)]
    if layout == "A":
        lines = _layout_a(rng, year, quarter, drafts)
    elif layout == "unnumbered":
        lines = _layout_unnumbered(rng, year, quarter, drafts)
    else:
        lines = _layout_b(rng, year, quarter, drafts, markdown=layout == "markdown")
    written = tuple(
        replace(
            d.item,
            number=None if layout == "unnumbered" else n,
            title=_title_case(d.title) if layout in ("B", "markdown") else d.title,
        )
        for n, d in enumerate(drafts, start=1)
    )
    return SynthReport(
        name=f"synth-report-{index:05d}.txt",
        layout=layout,
        period_start=PartialDate(year, 3 * quarter + 1),
        period_end=PartialDate(year, 3 * quarter + 3),
        items=written,
        text="\n".join(lines) + "\n",
    )


def generate_reports(
    reports: int, *, items_per_report: int = 15, seed: int = 0, data: Path | str | None = None
) -> Iterator[SynthReport]:
    """Yield ``reports`` synthetic reports, layouts in turn, with what each item names.

    ``data`` is a folder with a ``gazetteer/`` (as :func:`binatgraph.synth.data.write_synthetic` writes
    it); without it, names come from a small built-in list of invented ones.

    >>> first, second = generate_reports(2, items_per_report=3, seed=7)
    >>> first.layout, second.layout, str(second.period_start), len(second.items)
    ('A', 'B', '2000-04', 3)
    >>> first.text.splitlines()[0]
    'REPORT | January - March 2000'
    >>> all(item.people and all(p.title for p in item.people) for item in first.items)
    True
    """
    if reports < 0 or items_per_report < 1:
        raise ValueError("reports must be >= 0 and items_per_report >= 1")
    names = _gazetteer_names(Path(data)) if data is not None else _builtin_names()
    for index in range(reports):
        yield _report(index, items_per_report, seed, names)


def write_reports(
    folder: Path, *, reports: int, items_per_report: int = 15, seed: int = 0, data: Path | None = None
) -> list[Path]:
    """Write ``folder/synth-report-NNNNN.txt`` for ``reports`` reports; return their paths in order.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_reports(Path(tmp) / "reports", reports=2, items_per_report=2)
    ...     lines = paths[1].read_text(encoding="utf-8").splitlines()
    >>> lines[0], lines[2]
    ('Report | April-June 2000', 'APRIL')
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in generate_reports(reports, items_per_report=items_per_report, seed=seed, data=data):
        path = folder / report.name
        path.write_text(report.text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
