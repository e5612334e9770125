"""Parsed report items → linked mentions → draft records (the ``items → records`` stage).

Known entities are found through the gazetteer's aliases (:mod:`binatgraph.records.linking`). Entities it
does not know are found from patterns a report uses to introduce them, and are *proposed* for
review, never merged into a different entity:

- people: a title and a name ("Secretary of Commerce Gina Raimondo", "U.S. Trade Representative,
  Katherine Tai", "Dr. Laura Carrillo, Director of ..."). A post is not its organization;
- organizations: a name with an acronym in parentheses, and agency patterns (Department of ...,
  Ministry of ..., Consulate General of ..., ... Chamber of Commerce, ... Cartel);
- institutions: proper names carrying a pillar cue (Dialogue, Framework, Agreement, Mechanism,
  Program, Commission, Summit, Forum, Committee, Board, Treaty, Initiative).

Nothing here knows about a particular report: cues and patterns are general.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from binatgraph.records.gazetteer import EntityKind, GazetteerIndex, normalize
from binatgraph.records.linking import Mention, find_mentions
from binatgraph.records.people import PersonFound, name_candidates, people_of_item, title_before
from binatgraph.schema.model import (
    Country,
    EventType,
    Institution,
    Organization,
    PartialDate,
    Pillar,
    PlaceKind,
)

__all__ = [
    "EntityFound",
    "ItemExtraction",
    "ParsedItemLike",
    "PersonFound",
    "classify_event",
    "extract_item",
]


class ParsedItemLike(Protocol):
    """What extraction needs from a parsed item (``binatgraph.reports.ParsedItem`` has it), and the
    provenance fields the draft record copies from it. Read-only, so a frozen dataclass satisfies it."""

    @property
    def position(self) -> int: ...
    @property
    def number(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> PartialDate | None: ...
    @property
    def end_date(self) -> PartialDate | None: ...
    @property
    def body(self) -> str: ...
    @property
    def context(self) -> str | None: ...
    @property
    def stated_date(self) -> str | None: ...
    @property
    def date_source(self) -> str | None: ...
    @property
    def month_header(self) -> str | None: ...
    @property
    def link_label(self) -> str | None: ...


# --- what is found -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityFound:
    """An organization, institution, place or topic found in an item."""

    name: str
    id: str | None
    acronym: str | None = None
    country: Country | None = None
    pillar: Pillar | None = None
    taking_part: bool = True
    mention: str | None = None  # the longest form the text names a linked entity by
    in_title: bool = False  # named only as part of a post ("Head of the X Unit")
    place_kind: str | None = None  # a place's kind (country, state, city, region, venue)
    located: bool = True  # a place the text puts something in, not a country only named as a party
    span: tuple[int, int] | None = None  # where a proposed body is written in its section


def _body_json(found: EntityFound, pillar: bool = False) -> dict[str, object]:
    """A body as ``ingest --json`` prints it: the name as the text writes it, the gazetteer's name
    beside it (``canonical``), so a Spanish mention reads as written and still shows its link."""
    row: dict[str, object] = {"name": found.mention or found.name, "acronym": found.acronym}
    if pillar:
        row["pillar"] = found.pillar.value if found.pillar else None
    else:
        row["country"] = found.country.value if found.country else None
    row["id"] = found.id
    row["canonical"] = found.name
    return row


@dataclass(frozen=True)
class ItemExtraction:
    """Everything found in one parsed item: its event type and the entities it names."""

    item: ParsedItemLike
    event_type: EventType
    people: tuple[PersonFound, ...] = ()
    organizations: tuple[EntityFound, ...] = ()
    institutions: tuple[EntityFound, ...] = ()
    places: tuple[EntityFound, ...] = ()
    topics: tuple[EntityFound, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        """The shape ``binatgraph ingest --json`` prints for each item."""
        return {
            "number": self.item.number,
            "title": self.item.title,
            "date": self.item.date.iso if self.item.date else None,
            "end_date": self.item.end_date.iso if self.item.end_date else None,
            "event_type": self.event_type.value,
            "people": [
                {
                    "name": p.name,
                    "role": p.title,
                    "country": p.country.value if p.country else None,
                    "id": p.id,
                }
                for p in self.people
            ],
            # a binational organization (IBWC): an institution of the organization pillar, and an organization
            "organizations": [
                *(_body_json(o) for o in self.organizations),
                *(_body_json(i) for i in self.institutions if i.pillar is Pillar.ORGANIZATION),
            ],
            "institutions": [
                *_entry_institution(self.item, self.institutions),
                *(_body_json(i, pillar=True) for i in self.institutions),
            ],
            "places": [p.name for p in self.places],
            "topics": [t.name for t in self.topics],
        }


def _entry_institution(item: object, found: Sequence[EntityFound]) -> list[dict[str, object]]:
    """The institution a repository entry describes, when the linker did not already name it."""
    entry = getattr(item, "entry", None)
    if entry is None or entry.pillar is None:
        return []
    if any(normalize(f.name) == normalize(entry.name) for f in found):
        return []
    return [{"name": entry.name, "acronym": entry.acronym, "pillar": entry.pillar, "id": None}]


# --- patterns ----------------------------------------------------------------------------------

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LOWER = "a-záéíóúñüç"
_TITLE_CUES = (
    r"President|Vice President|Secretary|Undersecretary|Under Secretary|Deputy Secretary|Minister|Ambassador"
    r"|Advisor|Adviser|Director|Director General|Commissioner|Mayor|Governor|Consul General|Consul"
    r"|Representative"
    r"|Chief Officer|Chief|Head|Envoy|Senator|Congressman|Congresswoman|Attorney General|Administrator|Chair"
    r"|Chairman|Chairwoman|Co-Chair|Coordinator|Spokesperson|Leader|Lieutenant Governor"
)

_COUNTRY_CUES: tuple[tuple[re.Pattern[str], Country], ...] = (
    (re.compile(r"\b(?:U\.S\.|US|United States|American|White House)\b"), Country.US),
    (re.compile(r"\b(?:Mexican|Mexico(?:'s|’s)?|of Mexico)\b"), Country.MX),
    (re.compile(r"\b(?:Canadian|Canada(?:'s|’s)?)\b"), Country.CA),
)

# a capitalised word; a period belongs to it only inside it or in an abbreviation (U.S., D.C.), so
# that a name never runs on past a sentence end ("... Migration. The Foundation")
# A capitalised word starts where no word character stands before it (so a 16,000-letter word is tried
# once, not at each of its letters) and runs at most 40 characters.
_PROPER = rf"(?<![\w'’.-])(?:(?:[{_UPPER}]\.){{2,6}}|[{_UPPER}](?:[\w'’-]|\.(?=[\w-])){{0,40}}|U\.S\.)"
_CONNECT = r"(?:of|for|and|the|on|to|de|del|la|&)"
# Every repetition is bounded (a name runs to a dozen words at most), so that a long capitalised run
# costs each start position a bounded scan: extraction stays linear in the length of the text.
_PROPER_PHRASE = rf"{_PROPER}(?:[\s-]+(?:{_CONNECT}[\s-]+){{0,3}}{_PROPER}){{0,11}}"
ACRONYM_IN_PARENS = re.compile(rf"(?P<name>{_PROPER_PHRASE})\s*\((?P<acronym>[A-Z][A-Za-z&.-]{{1,9}})\)")

_AGENCY_HEADS = (
    r"Department|Ministry|Secretariat|Office|Agency|Bureau|Embassy|Consulate General|Consulate|University"
    r"|Administration|Institute|Directorate|General Directorate|Council|Service"
)
AGENCY = re.compile(
    rf"(?P<name>(?:(?:U\.S\.|Mexican|Canadian|{_PROPER})\s+){{0,4}}(?:{_AGENCY_HEADS})\s+(?:of|for)\s+(?:the\s+)?"
    rf"{_PROPER}(?:\s+(?:{_CONNECT}\s+){{0,3}}{_PROPER}){{0,10}})"
)
AGENCY_SUFFIX = re.compile(
    rf"(?P<name>{_PROPER}(?:\s+(?:of\s+|&\s+)?{_PROPER}){{0,5}}\s+(?:Chamber of Commerce|Cartel|Foundation"
    rf"|Institute|Coalition|Association|Society|Corporation|Alliance|Network"
    rf"|Center for [{_UPPER}]\w+(?:\s+[{_UPPER}]\w+){{0,3}})"
    # "... Coalition for Safe Migration", "... Foundation for Border Studies"
    rf"(?:\s+(?:for|on)\s+(?:the\s+)?{_PROPER}(?:\s+(?:{_CONNECT}\s+){{0,2}}{_PROPER}){{0,5}})?)\b"
)
# Spanish names of bodies: a head word, then capitalised words joined by de, del, la, y ... ("Secretaría
# de Seguridad y Protección Ciudadana", "Dirección General de Aduanas", "Instituto Nacional de Migración")
_ES_HEADS = (
    r"Secretaría|Subsecretaría|Dirección General|Dirección|Instituto|Comisión|Consejo|Fiscalía|Procuraduría"
    r"|Agencia|Oficina|Embajada|Consulado General|Consulado|Universidad|Cámara|Unidad|Coordinación|Fundación"
    r"|Asociación|Banco|Servicio|Centro"
)
_ES_HEAD = re.compile(rf"(?:{_ES_HEADS})\b")
_ES_JOIN = r"(?:de|del|para|y|e|en|sobre|a)(?:\s+(?:la|las|los|el))?"
AGENCY_ES = re.compile(
    rf"(?P<name>(?:{_ES_HEADS})(?:\s+[{_UPPER}][\w'’-]*){{0,3}}"
    rf"(?:\s+{_ES_JOIN}\s+[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}][\w'’-]*){{0,3}}){{1,4}})"
)
MOU = re.compile(
    rf"(?P<name>(?:{_PROPER}\s+){{0,4}}(?:Memorandum of Understanding|Memorándum de Entendimiento)"
    rf"(?:\s+(?:on|for|between|sobre|en materia de|para)\s+(?:the\s+)?"
    rf"{_PROPER}(?:\s+(?:{_CONNECT}\s+){{0,3}}{_PROPER}){{0,6}})?)"
)
# an IBWC minute (an agreement under the 1944 Water Treaty) named by its number
MINUTE = re.compile(r"\b(?:Minute|Acta)\s+(?:No\.\s*|Number\s+|número\s+)?(?P<number>\d{3})\b")

_PILLAR_CUES: dict[str, Pillar] = {
    "agreement": Pillar.AGREEMENT,
    "treaty": Pillar.AGREEMENT,
    "accord": Pillar.AGREEMENT,
    "convention": Pillar.AGREEMENT,
    "dialogue": Pillar.DIALOGUE_MECHANISM,
    "framework": Pillar.DIALOGUE_MECHANISM,
    "mechanism": Pillar.DIALOGUE_MECHANISM,
    "summit": Pillar.DIALOGUE_MECHANISM,
    "forum": Pillar.DIALOGUE_MECHANISM,
    "committee": Pillar.DIALOGUE_MECHANISM,
    "partnership": Pillar.DIALOGUE_MECHANISM,
    "commission": Pillar.ORGANIZATION,
    "board": Pillar.ORGANIZATION,
    "program": Pillar.PROGRAM,
    "programme": Pillar.PROGRAM,
    "initiative": Pillar.PROGRAM,
    "understanding": Pillar.AGREEMENT,
    # Spanish (normalize() drops the accents)
    "acuerdo": Pillar.AGREEMENT,
    "tratado": Pillar.AGREEMENT,
    "convenio": Pillar.AGREEMENT,
    "memorandum": Pillar.AGREEMENT,
    "entendimiento": Pillar.AGREEMENT,
    "dialogo": Pillar.DIALOGUE_MECHANISM,
    "mecanismo": Pillar.DIALOGUE_MECHANISM,
    "cumbre": Pillar.DIALOGUE_MECHANISM,
    "foro": Pillar.DIALOGUE_MECHANISM,
    "comite": Pillar.DIALOGUE_MECHANISM,
    "comision": Pillar.ORGANIZATION,
    "programa": Pillar.PROGRAM,
    "iniciativa": Pillar.PROGRAM,
}
# Cue words that make a phrase an institution only when they end it in English ("Memorandum of
# Understanding"); Spanish names start with theirs ("Comisión de ...", "Programa ...").
_ES_PILLAR_HEADS = frozenset(
    {
        "comision",
        "acuerdo",
        "tratado",
        "convenio",
        "programa",
        "iniciativa",
        "foro",
        "cumbre",
        "dialogo",
        "mecanismo",
        "comite",
        "memorandum",
    }
)
INSTITUTION_CUE = re.compile(
    rf"(?P<name>{_PROPER}(?:[\s-]+(?:{_CONNECT}[\s-]+){{0,3}}{_PROPER}){{0,11}}[\s-]+"
    rf"(?:{'|'.join(c.capitalize() for c in _PILLAR_CUES if c not in _ES_PILLAR_HEADS)})"
    rf"(?:\s+(?:on|of|for)\s+{_PROPER}(?:,?\s+(?:and\s+)?{_PROPER}){{0,8}})?)"
)

# Event types in the order they are tried; the first cue found in the title (then the body) wins.
_EVENT_CUES: tuple[tuple[EventType, re.Pattern[str]], ...] = (
    (
        EventType.PHONE_CALL,
        re.compile(r"\b(?:phone call|telephone call|call between|spoke by phone)\b", re.I),
    ),
    (EventType.JOINT_STATEMENT, re.compile(r"\bjoint statement\b", re.I)),
    (EventType.DECREE, re.compile(r"\bdecree\b", re.I)),
    (EventType.RESOLUTION, re.compile(r"\bresolution\b|\bresolved\b", re.I)),
    (EventType.SUMMIT, re.compile(r"\bsummit\b", re.I)),
    (EventType.FORUM, re.compile(r"\bforum\b", re.I)),
    (EventType.AGREEMENT_SIGNING, re.compile(r"\b(?:signed|signing|signature of)\b", re.I)),
    (
        EventType.VISIT,
        re.compile(r"\b(?:visit|visited|visits|work tour|working tour|delegation to|traveled)\b", re.I),
    ),
    (
        EventType.DIALOGUE_SESSION,
        re.compile(r"\bdialogue\b.*\b(?:meeting|session|review)\b|\bmidterm review\b", re.I),
    ),
    (EventType.MEETING, re.compile(r"\b(?:meeting|met|meet|convened)\b", re.I)),
    (EventType.ANNOUNCEMENT, re.compile(r"\b(?:announce[sd]?|announcement|launch(?:ed)?)\b", re.I)),
)



def classify_event(title: str, body: str) -> EventType:
    """The event type from cue words, title first.

    >>> classify_event("Phone Call Between Two Presidents", "They discussed migration.").value
    'phone_call'
    >>> classify_event("Delegation to Washington", "The delegation visited the capital.").value
    'visit'
    """
    for text in (title, body[:400]):
        for event_type, cue in _EVENT_CUES:
            if cue.search(text):
                return event_type
    return EventType.OTHER


# --- people ------------------------------------------------------------------------------------
# Names, titles, coreference and country live in binatgraph.records.people; these names stay for the
# organization finder, which must not read a post before a name as an organization.

_title_before = title_before


def _country_from(text: str) -> Country | None:
    for pattern, country in _COUNTRY_CUES:
        if pattern.search(text):
            return country
    return None


@dataclass(frozen=True)
class _Section:
    text: str
    taking_part: bool  # the body tells what happened; the context paragraph only names
    is_title: bool = False


def _sections(item: ParsedItemLike) -> list[_Section]:
    sections = [_Section(item.title, True, is_title=True), _Section(item.body, True)]
    if item.context:
        sections.append(_Section(item.context, False))
    return sections


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# --- organizations, institutions, places, topics ------------------------------------------------


_POST_BEFORE = re.compile(rf"\b(?:{_TITLE_CUES})\s+(?:of|for|at|to)\s+(?:the\s+)?$")


def _known(mentions: Iterable[Mention], taking_part: bool, text: str = "") -> Iterator[EntityFound]:
    for m in mentions:
        entity = m.entity
        in_title = bool(text) and _POST_BEFORE.search(text[max(0, m.start - 60) : m.start]) is not None
        yield EntityFound(
            name=entity.name,
            id=entity.id,
            acronym=getattr(entity, "acronym", None),
            country=getattr(entity, "country", None),
            pillar=entity.pillar if isinstance(entity, Institution) else None,
            taking_part=taking_part,
            mention=m.text,
            in_title=in_title,
        )


def _pillar_of(name: str) -> Pillar | None:
    words = normalize(name).split()
    cues = [_PILLAR_CUES[w] for w in words if w in _PILLAR_CUES]
    return cues[-1] if cues else None


_BINATIONAL_CUE = re.compile(
    r"\b(?:binacional|bilateral|binational|trilateral|internacional|international|libre comercio|free trade"
    r"|méxico[-–]estados unidos|estados unidos[-–]méxico|fronteriz[ao]|border)\b",
    re.IGNORECASE,
)


def _unknown_bodies(
    section: _Section,
    index: GazetteerIndex,
    known_spans: list[tuple[int, int]],
    known_ids: set[str] | None = None,
    place_spans: Sequence[tuple[int, int]] = (),
) -> Iterator[EntityFound]:
    """Organizations and institutions the gazetteer does not know, from acronyms and name patterns."""
    text = section.text
    seen: list[tuple[int, int]] = list(known_spans)
    # (start, end, name, acronym, pillar decided by the pattern: None = from the name's cue words)
    candidates: list[tuple[int, int, str, str | None, Pillar | bool | None]] = []

    def add(
        match: re.Match[str], acronym: str | None = None, pillar: Pillar | bool | None = True, tail: int = 0
    ) -> None:
        raw = match.group("name")[tail:]
        name = _trim_phrase(raw)
        if not name:
            return
        start = match.start("name") + tail + max(raw.find(name), 0)
        candidates.append((start, start + len(name), name, acronym, pillar))

    for match in ACRONYM_IN_PARENS.finditer(text):
        add(match, match.group("acronym"), tail=_spelled_tail(match.group("name"), match.group("acronym")))
    for pattern in (AGENCY, AGENCY_SUFFIX, INSTITUTION_CUE):
        for match in pattern.finditer(text):
            add(match)
    for match in MOU.finditer(text):
        add(match, pillar=Pillar.AGREEMENT)
    for match in AGENCY_ES.finditer(text):
        head = normalize(match.group("name").split()[0])
        # a Spanish commission or program is an institution of the relationship only when it says so
        is_institution = head in _ES_PILLAR_HEADS and _BINATIONAL_CUE.search(match.group("name"))
        add(match, pillar=True if is_institution else None)
    if known_ids and "ibwc" in known_ids:
        for match in MINUTE.finditer(text):
            name = f"IBWC Minute {match.group('number')}"
            candidates.append((match.start(), match.end(), name, None, Pillar.AGREEMENT))
    # a longer reading of a name ("U.S. Department of X") keeps the acronym its tail is given ("(DX)")
    acronyms = {c[1]: c[3] for c in candidates if c[3]}
    for start, end, name, acronym, pillar in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        acronym = acronym or acronyms.get(end)
        if _overlaps((start, end), seen) or len(name.split()) < 2 or index.lookup(name):
            continue
        # a place may stand inside a body's name ("La Paz Agreement"), but a name cut out of a longer
        # place ("Miami International Airport Convention" of the convention center) is no body
        if any(a < end and start < b and not (start <= a and b <= end) for a, b in place_spans):
            continue
        if acronym and index.lookup(acronym):
            continue
        seen.append((start, end))
        yield EntityFound(
            name=name,
            id=None,
            acronym=acronym,
            country=_country_from(name) or _country_from(text[max(0, start - 30) : start]),
            pillar=_pillar_of(name) if pillar is True else pillar or None,
            taking_part=section.taking_part,
            span=(start, end),
        )


def _spelled_tail(phrase: str, acronym: str) -> int:
    """Where the name an acronym abbreviates starts in a longer phrase: the longest tail whose
    capitalised words spell it ("X Coalition and the Office of Border Studies (OBS)" → "Office ...");
    0 (the whole phrase) when no tail spells it."""
    letters = "".join(ch for ch in acronym.upper() if ch.isalpha())
    words = list(re.finditer(r"\S+", phrase))
    for k, word in enumerate(words):
        initials = "".join(w.group(0)[0] for w in words[k:] if w.group(0)[:1].isupper())
        if initials.upper() == letters:
            return word.start()
    return 0


_SENTENCE_END = re.compile(r"(?<=[a-záéíóúñ]{2})[.;:!?]\s.*$", re.DOTALL)


_LEADING_TITLE = re.compile(rf"^(?:[\w.'’-]+\s+){{0,3}}?(?:{_TITLE_CUES})\s+(?:of|for|at)\s+(?:the\s+)?")


def _trim_phrase(name: str) -> str:
    """Drop leading articles, sentence openers, a post before its body ("Director of the X" → "X"), and
    whatever follows a sentence end ("the Secretariat of Economy. While ..." → "Secretariat of Economy")."""
    name = _SENTENCE_END.sub("", name.split("\n", 1)[0])
    name = _LEADING_TITLE.sub("", name)
    words = name.split()
    while words and (
        normalize(words[0]) in {"the", "on", "in", "at", "by", "and", "of", "for", "with", "both"}
        or words[0].endswith(",")
    ):
        words.pop(0)
    return " ".join(words).strip(" ,.")


def _dedupe(found: Iterable[EntityFound]) -> tuple[EntityFound, ...]:
    """One entry per entity; taking part anywhere beats being only named."""
    out: dict[str, EntityFound] = {}
    for entity in found:
        key = entity.id or normalize(entity.name)
        previous = out.get(key)
        if previous is not None and previous.in_title != entity.in_title:
            previous, entity = (replace(e, in_title=False) for e in (previous, entity))
        if previous is not None and previous.located != entity.located:
            previous, entity = (replace(e, located=True) for e in (previous, entity))
        if previous is None or (entity.taking_part and not previous.taking_part):
            if previous is not None and len(previous.mention or "") > len(entity.mention or ""):
                entity = replace(entity, mention=previous.mention)
            out[key] = entity
        elif len(entity.mention or "") > len(previous.mention or ""):
            out[key] = replace(previous, mention=entity.mention)
    return tuple(out.values())


_LINKED_KINDS: set[EntityKind] = {"people", "organizations", "institutions", "places", "topics"}


def extract_item(item: ParsedItemLike, index: GazetteerIndex) -> ItemExtraction:
    """Everything one item names, linked to the gazetteer where possible.

    >>> from types import SimpleNamespace
    >>> from binatgraph.schema.model import Gazetteer
    >>> item = SimpleNamespace(position=1, number=1, title="Commerce visit", date=None, end_date=None,
    ...     body="Secretary of Commerce Gina Raimondo visited the Foreign Ministry.", context=None)
    >>> found = extract_item(item, GazetteerIndex.from_gazetteer(Gazetteer()))
    >>> [(p.name, p.title, p.country) for p in found.people]
    [('Gina Raimondo', 'Secretary of Commerce', <Country.US: 'US'>)]
    """
    people_sections: list[tuple[_Section, list[tuple[int, int]]]] = []
    bodies: list[EntityFound] = []
    places: list[EntityFound] = []
    topics: list[EntityFound] = []
    for section in _sections(item):
        # posts are looked up inside titles only: a post's wording must not hide the organization
        # it names ("Department of Labor Deputy Undersecretary ...")
        mentions = find_mentions(section.text, index, _LINKED_KINDS)
        # a place or topic inside a new body's name ("La Paz Agreement") does not hide the body
        known_spans = [(m.start, m.end) for m in mentions if m.kind not in ("places", "topics")]
        non_people = [(m.start, m.end) for m in mentions if m.kind != "people"]
        people_sections.append((section, non_people))
        bodies.extend(
            _known(
                (m for m in mentions if m.kind in ("organizations", "institutions")),
                section.taking_part,
                section.text,
            )
        )
        person_spans = list(name_candidates(section.text))
        unknown = list(
            _unknown_bodies(
                section,
                index,
                known_spans + _title_spans(section.text, person_spans),
                {m.entity.id for m in mentions},
                [(m.start, m.end) for m in mentions if m.kind == "places"],
            )
        )
        bodies.extend(unknown)
        body_spans = [b.span for b in unknown if b.span is not None]
        places.extend(
            _places_in(
                section, [m for m in mentions if not _overlaps((m.start, m.end), body_spans)], person_spans
            )
        )
        topics.extend(_known((m for m in mentions if m.kind == "topics"), True))
    bodies_found = _dedupe([*bodies, *_parents_named(bodies, index)])
    return ItemExtraction(
        item=item,
        event_type=classify_event(item.title, item.body),
        people=people_of_item(people_sections, index),
        organizations=tuple(b for b in bodies_found if not _is_institution(b, index)),
        institutions=tuple(b for b in bodies_found if _is_institution(b, index)),
        places=_finest_places(_dedupe(places)),
        topics=_dedupe(topics),
    )


# A country counts as the event's location when the text puts something in it ("visited Mexico",
# "en México"); a country only named as a party ("the United States and Mexico agreed") does not.
_LOCATIVE = re.compile(
    r"\b(?:in|to|at|en|a|visit(?:ed|s|ing)?|toured|hacia|visitó|recorrió)\s+(?:the\s+|el\s+)?$", re.IGNORECASE
)


def _places_in(
    section: _Section, mentions: Sequence[Mention], person_spans: Sequence[tuple[int, int]]
) -> Iterator[EntityFound]:
    """Places the section names. A place word inside a person's name ("Miguel Hidalgo") is the name,
    not the place; a country is marked ``located`` when a locative word stands before it."""
    text = section.text
    for m in mentions:
        if m.kind != "places" or any(start < m.start < end for start, end in person_spans):
            continue
        found = next(_known([m], section.taking_part))
        kind = getattr(m.entity, "kind", None)
        before = text[max(0, m.start - 25) : m.start]
        located = kind != PlaceKind.COUNTRY or _LOCATIVE.search(before) is not None
        yield replace(found, place_kind=str(kind) if kind else None, located=located)


def _finest_places(places: tuple[EntityFound, ...]) -> tuple[EntityFound, ...]:
    """Cities, states and regions; a country only when it is the finest location given and the text
    locates something in it. Venues stay (the CBI reports list them) but do not make a country coarse."""
    finer = [p for p in places if p.place_kind not in (PlaceKind.COUNTRY, PlaceKind.VENUE)]
    if finer:
        return tuple(p for p in places if p.place_kind != PlaceKind.COUNTRY)
    return tuple(p for p in places if p.located)


def _parents_named(found: Sequence[EntityFound], index: GazetteerIndex) -> Iterator[EntityFound]:
    """Institutions named inside a part's name: "the X Executive Steering Committee" names X too."""
    for body in found:
        entity = index.get(body.id) if body.id else None
        if not isinstance(entity, Institution) or not entity.part_of or not body.mention:
            continue
        said = f" {normalize(body.mention)} "
        for parent_id in entity.part_of:
            parent = index.get(parent_id)
            if not isinstance(parent, Institution):
                continue
            name = next((n for n in parent.names() if len(n) > 3 and f" {normalize(n)} " in said), None)
            if name is not None:
                yield EntityFound(
                    name=parent.name,
                    id=parent.id,
                    acronym=parent.acronym,
                    pillar=parent.pillar,
                    taking_part=body.taking_part,
                    mention=name,
                )


def is_national_government(entity: object) -> bool:
    """A country's government as a whole ("Government of Mexico"): not an organization in a document."""
    return (
        isinstance(entity, Organization)
        and entity.parent is None
        and any(normalize(n).startswith("government of ") for n in (entity.name, *entity.aliases))
    )


def _title_spans(text: str, person_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of titles standing right before a person's name: a post is not an organization."""
    spans = []
    for start, _end in person_spans:
        title = _title_before(text, start)
        # a Spanish body's head noun (Dirección, Instituto) names a body, not a post (director, titular)
        if title and not _ES_HEAD.match(title):
            at = text.rfind(title, 0, start)
            if at >= 0:
                spans.append((at, at + len(title)))
    return spans


def _is_institution(found: EntityFound, index: GazetteerIndex) -> bool:
    if found.id is not None:
        return index.kind_of(found.id) == "institutions"
    return found.pillar is not None
