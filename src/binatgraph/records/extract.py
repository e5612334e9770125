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
from dataclasses import dataclass, field
from typing import Protocol

from binatgraph.records.gazetteer import EntityKind, GazetteerIndex, normalize
from binatgraph.records.linking import Mention, find_mentions
from binatgraph.schema.model import (
    Country,
    EventType,
    Institution,
    Organization,
    PartialDate,
    ParticipantRole,
    Person,
    Pillar,
    Post,
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
    """What extraction needs from a parsed item (``binatgraph.reports.ParsedItem`` has it)."""

    position: int
    number: int | None
    title: str
    date: PartialDate | None
    end_date: PartialDate | None
    body: str
    context: str | None


# --- what is found -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFound:
    name: str
    id: str | None  # gazetteer id, or None for a person proposed for review
    title: str | None = None  # as the item words it
    post: str | None = None  # gazetteer post id the title stands for
    country: Country | None = None
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    taking_part: bool = True
    former: bool = False


@dataclass(frozen=True)
class EntityFound:
    """An organization, institution, place or topic found in an item."""

    name: str
    id: str | None
    acronym: str | None = None
    country: Country | None = None
    pillar: Pillar | None = None
    taking_part: bool = True


@dataclass(frozen=True)
class ItemExtraction:
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
            "organizations": [
                {
                    "name": o.name,
                    "acronym": o.acronym,
                    "country": o.country.value if o.country else None,
                    "id": o.id,
                }
                for o in self.organizations
            ],
            "institutions": [
                {
                    "name": i.name,
                    "acronym": i.acronym,
                    "pillar": i.pillar.value if i.pillar else None,
                    "id": i.id,
                }
                for i in self.institutions
            ],
            "places": [p.name for p in self.places],
            "topics": [t.name for t in self.topics],
        }


# --- patterns ----------------------------------------------------------------------------------

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LOWER = "a-záéíóúñüç"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?"
_INITIAL = rf"[{_UPPER}]\."
_PARTICLE = r"(?:de la|de los|del|de|la|y|van|von|da|dos)"
# Two to four name words; initials and particles (de la, del, van) may stand between them.
# A capitalised run of up to eight words; name_candidates() keeps the tail that reads as a name,
# so "Public Security Minister Rosa Icela Rodríguez" yields the whole three-word name.
PERSON_NAME = re.compile(
    rf"(?<![\w.])(?:Dr\.\s+)?({_NAME_WORD}(?:\s+(?:(?:{_INITIAL}|{_PARTICLE})\s+)*{_NAME_WORD}){{1,7}})(?![\w])"
)

# Words that make a capitalised phrase an organization, institution, place or document, not a person.
_NOT_NAME_LINES = (
    "Department Ministry Office Secretariat Secretary Agency Commission Council Committee Dialogue",
    "Framework Summit Forum Program Programme Mechanism Agreement Act Treaty University Chamber",
    "Group Board Center Centre Bureau Service Unit States United Mexico Mexican American Americas",
    "North South Security Affairs Republic Government Cartel Airport House Port City County",
    "International National Federal General Plan Convoy Expo Fair Statement Meeting Initiative",
    "Partnership Embassy Consulate President Minister Ambassador Director Commissioner Advisor",
    "Adviser Governor Mayor Representative Officer Chief Head Envoy Senator Administrator Deputy",
    "Undersecretary Under Attorney Guard Navy Army Congress Senate Trade Labor Labour Health Energy",
    "Climate Border Justice Homeland Transportation Commerce Foreign Public Safe Communities Task",
    "Force Title Joint Leaders Canada Canadian Washington California Texas Arizona Florida Los",
    "Angeles Chicago Dallas Miami Tijuana Coordination Protection Strategic Action Economic Level",
    "High Binational Bilateral Review Midterm Resolution Phone Call Enhancing Strengthening",
    "Advancing Collaborative Efforts Meeting Delegation Visit Tour Day Week January February March",
    "April May June July August September October November December Monday Tuesday Wednesday",
    "Thursday Friday Saturday Sunday The On In At For With And Of Both During After Before Among",
    "Additionally Furthermore Initially Consequently Lastly Institutional Context Implications Learn",
    "More Link Report Quarterly Jungle Clean River Basin Valley Gulf Pacific Caribbean Central Latin",
    "Cuba Haiti Nicaragua Venezuela Honduras Guatemala Salvador Colombia Panama",
)
_NOT_NAME_WORDS = frozenset(normalize(word) for line in _NOT_NAME_LINES for word in line.split())

_TITLE_CUES = (
    r"President|Vice President|Secretary|Undersecretary|Under Secretary|Deputy Secretary|Minister|Ambassador"
    r"|Advisor|Adviser|Director|Director General|Commissioner|Mayor|Governor|Consul General|Consul"
    r"|Representative"
    r"|Chief Officer|Chief|Head|Envoy|Senator|Congressman|Congresswoman|Attorney General|Administrator|Chair"
    r"|Chairman|Chairwoman|Co-Chair|Coordinator|Spokesperson|Leader|Lieutenant Governor"
)
_TITLE_CUE = re.compile(rf"\b(?:{_TITLE_CUES})\b")
_TITLE_AND_SURNAME = re.compile(
    rf"\b(?:President|Secretary|Minister|Ambassador|Commissioner|Governor|Mayor|Senator)\s+({_NAME_WORD})\b"
    rf"(?!\s+(?:{_NAME_WORD}|{_PARTICLE}\b|{_INITIAL}))"
)
_FORMER = re.compile(r"\b(?:former|then|ex-|previous|outgoing)\s*$", re.IGNORECASE)

_COUNTRY_CUES: tuple[tuple[re.Pattern[str], Country], ...] = (
    (re.compile(r"\b(?:U\.S\.|US|United States|American|White House)\b"), Country.US),
    (re.compile(r"\b(?:Mexican|Mexico(?:'s|’s)?|of Mexico)\b"), Country.MX),
    (re.compile(r"\b(?:Canadian|Canada(?:'s|’s)?)\b"), Country.CA),
)

_PROPER = rf"(?:[{_UPPER}][\w'’.-]*|U\.S\.)"
_CONNECT = r"(?:of|for|and|the|on|to|de|del|la|&)"
_PROPER_PHRASE = rf"{_PROPER}(?:[\s-]+(?:{_CONNECT}[\s-]+)*{_PROPER})*"
ACRONYM_IN_PARENS = re.compile(rf"(?P<name>{_PROPER_PHRASE})\s*\((?P<acronym>[A-Z][A-Za-z&.-]{{1,9}})\)")

_AGENCY_HEADS = (
    r"Department|Ministry|Secretariat|Office|Agency|Bureau|Embassy|Consulate General|Consulate|University"
    r"|Administration|Institute|Directorate|General Directorate|Council|Service"
)
AGENCY = re.compile(
    rf"(?P<name>(?:(?:U\.S\.|Mexican|Canadian|{_PROPER})\s+)*(?:{_AGENCY_HEADS})\s+(?:of|for)\s+(?:the\s+)?"
    rf"{_PROPER}(?:\s+(?:{_CONNECT}\s+)*{_PROPER})*)"
)
AGENCY_SUFFIX = re.compile(rf"(?P<name>{_PROPER}(?:\s+{_PROPER}){{0,4}}\s+(?:Chamber of Commerce|Cartel))\b")

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
}
INSTITUTION_CUE = re.compile(
    rf"(?P<name>{_PROPER}(?:[\s-]+(?:{_CONNECT}[\s-]+)*{_PROPER})*[\s-]+"
    rf"(?:{'|'.join(c.capitalize() for c in _PILLAR_CUES)})"
    rf"(?:\s+(?:on|of|for)\s+{_PROPER}(?:,?\s+(?:and\s+)?{_PROPER})*)?)"
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

_LEADER = re.compile(r"\b(?:led by|headed by|chaired by|presided by)\s*(?:the\s+)?$", re.I)
_HOST = re.compile(r"\breceived\b", re.I)


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


def _country_from(text: str) -> Country | None:
    for pattern, country in _COUNTRY_CUES:
        if pattern.search(text):
            return country
    return None


def _looks_like_name(name: str) -> bool:
    words = [normalize(w) for w in re.split(r"\s+", name) if w[0].isupper()]
    return len(words) >= 2 and not any(w in _NOT_NAME_WORDS for w in words)


# Words that carry a title across "and" or a comma ("Secretary of Security and Citizen Protection",
# "Under Secretary for Economic Growth, Energy and the Environment"); elsewhere "and" joins two people.
_TITLE_JOINERS = frozenset(
    {
        "security",
        "energy",
        "economic",
        "intelligence",
        "growth",
        "citizen",
        "public",
        "border",
        "foreign",
        "protection",
        "development",
        "trade",
        "environment",
        "labor",
        "affairs",
        "water",
        "health",
        "justice",
        "commerce",
        "international",
        "national",
        "homeland",
    }
)
_WORD = re.compile(rf"{_PROPER}|{_CONNECT}|,", re.IGNORECASE)


def _title_before(text: str, start: int) -> str | None:
    """The title that ends right before a name at ``start`` ("Secretary of Commerce Gina ...")."""
    window = re.sub(r",?\s*$", "", text[max(0, start - 200) : start])
    words = list(re.finditer(r"\S+", window))
    taken: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group(0)
        core = word.rstrip(",")
        if word.endswith(",") and i < len(words) - 1 and normalize(core) not in _TITLE_JOINERS:
            break
        if not re.fullmatch(rf"{_PROPER}|{_CONNECT}", core):
            break
        if normalize(core) == "and" and (
            i == 0 or normalize(words[i - 1].group(0).rstrip(",")) not in _TITLE_JOINERS
        ):
            break
        taken.insert(0, word)
    while taken and re.fullmatch(_CONNECT, taken[0].rstrip(","), re.IGNORECASE):
        taken.pop(0)
    title = " ".join(taken).strip(" ,")
    return title if title and _TITLE_CUE.search(title) else None


def _title_after(text: str, end: int) -> str | None:
    """An appositive title right after a name: "Laura Carrillo, Director of the Agency (AMEXCID)"."""
    match = re.match(
        rf",\s+((?:the\s+)?(?:{_PROPER}|{_CONNECT})(?:\s+(?:{_PROPER}|{_CONNECT}))*)", text[end:]
    )
    if not match or not _TITLE_CUE.match(re.sub(r"^the\s+", "", match.group(1))):
        return None
    return re.sub(r"^the\s+", "", match.group(1)).strip()


def _post_for_title(title: str | None, index: GazetteerIndex) -> str | None:
    if not title:
        return None
    for mention in find_mentions(title, index, {"posts"}):
        return mention.entity.id
    return None


def _role(text: str, start: int, received_by: set[int]) -> ParticipantRole:
    if _LEADER.search(text[max(0, start - 40) : start]):
        return ParticipantRole.LEADER
    if start in received_by:
        return ParticipantRole.HOST
    return ParticipantRole.PARTICIPANT


def _hosts(text: str, people_starts: Sequence[int]) -> set[int]:
    """Starts of people named in a clause before "received" ("X and Y received Z")."""
    hosts: set[int] = set()
    for match in _HOST.finditer(text):
        sentence_start = max(text.rfind(". ", 0, match.start()), 0)
        hosts.update(s for s in people_starts if sentence_start <= s < match.start())
    return hosts


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


def _people_in(
    section: _Section, index: GazetteerIndex, taken: list[tuple[int, int]]
) -> Iterator[PersonFound]:
    text = section.text
    known = find_mentions(text, index, {"people"})
    spans = [(m.start, m.end) for m in known]
    # Titles are often in Title Case ("Task Force To Tackle ..."), so new names are sought in prose only.
    unknown = (
        []
        if section.is_title
        else [
            (start, end)
            for start, end in name_candidates(text)
            if not _overlaps((start, end), spans)
            and not _overlaps((start, end), taken)
            and (_title_before(text, start) or _title_after(text, end))
        ]
    )
    starts = [m.start for m in known] + [start for start, _ in unknown]
    hosts = _hosts(text, starts)
    for mention in known:
        yield _person_from(
            text, mention.start, mention.end, mention.text, mention.entity, index, section, hosts
        )
    for start, end in unknown:
        yield _person_from(text, start, end, text[start:end], None, index, section, hosts)


def name_candidates(text: str) -> Iterator[tuple[int, int]]:
    """Spans that read as a person's name: the longest tail of a capitalised run that has no
    organization, place or title word ("Commerce Gina Raimondo" yields "Gina Raimondo").

    >>> text = "Secretary of Commerce Gina Raimondo met Dr. Ana de la Cruz."
    >>> [text[s:e] for s, e in name_candidates(text)]
    ['Gina Raimondo', 'Ana de la Cruz']
    """
    for match in PERSON_NAME.finditer(text):
        words = list(re.finditer(r"\S+", match.group(1)))
        for k in range(len(words) - 1):
            tail = match.group(1)[words[k].start() :]
            capitalised = sum(1 for w in words[k:] if w.group(0)[0].isupper())
            if words[k].group(0)[0].isupper() and capitalised <= 5 and _looks_like_name(tail):
                yield match.start(1) + words[k].start(), match.end(1)
                break
    # a title and a surname alone: "President Biden", "Secretary Blinken"
    for match in _TITLE_AND_SURNAME.finditer(text):
        if normalize(match.group(1)) not in _NOT_NAME_WORDS:
            yield match.start(1), match.end(1)


def _person_from(
    text: str,
    start: int,
    end: int,
    name: str,
    entity: object,
    index: GazetteerIndex,
    section: _Section,
    hosts: set[int],
) -> PersonFound:
    title = _title_before(text, start) or _title_after(text, end)
    post = _post_for_title(title, index)
    former = bool(_FORMER.search(text[max(0, start - 60) : start].split(",")[-1].rsplit(title or "\0", 1)[0]))
    country = entity.country if isinstance(entity, Person) else _country_from(title or "")
    if country is None and post is not None:
        country = _post_country(post, index)
    return PersonFound(
        name=entity.name if isinstance(entity, Person) else name,
        id=entity.id if isinstance(entity, Person) else None,
        title=title,
        post=post,
        country=country,
        role=_role(text, start, hosts),
        taking_part=section.taking_part and not former,
        former=former,
    )


def _post_country(post_id: str, index: GazetteerIndex) -> Country | None:
    post = index.get(post_id)
    if isinstance(post, Post):
        org = index.get(post.organization)
        if isinstance(org, Organization):
            return org.country
    return None


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# --- organizations, institutions, places, topics ------------------------------------------------


def _known(mentions: Iterable[Mention], taking_part: bool) -> Iterator[EntityFound]:
    for m in mentions:
        entity = m.entity
        yield EntityFound(
            name=entity.name,
            id=entity.id,
            acronym=getattr(entity, "acronym", None),
            country=getattr(entity, "country", None),
            pillar=entity.pillar if isinstance(entity, Institution) else None,
            taking_part=taking_part,
        )


def _pillar_of(name: str) -> Pillar | None:
    words = normalize(name).split()
    cues = [_PILLAR_CUES[w] for w in words if w in _PILLAR_CUES]
    return cues[-1] if cues else None


def _unknown_bodies(
    section: _Section, index: GazetteerIndex, known_spans: list[tuple[int, int]]
) -> Iterator[EntityFound]:
    """Organizations and institutions the gazetteer does not know, from acronyms and name patterns."""
    text = section.text
    seen: list[tuple[int, int]] = list(known_spans)
    candidates: list[tuple[int, int, str, str | None]] = []
    for match in ACRONYM_IN_PARENS.finditer(text):
        name = _trim_phrase(match.group("name"))
        candidates.append((match.end("name") - len(name), match.end("name"), name, match.group("acronym")))
    for pattern in (AGENCY, AGENCY_SUFFIX, INSTITUTION_CUE):
        for match in pattern.finditer(text):
            name = _trim_phrase(match.group("name"))
            candidates.append((match.end("name") - len(name), match.end("name"), name, None))
    for start, end, name, acronym in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if _overlaps((start, end), seen) or len(name.split()) < 2 or index.lookup(name):
            continue
        if acronym and index.lookup(acronym):
            continue
        seen.append((start, end))
        yield EntityFound(
            name=name,
            id=None,
            acronym=acronym,
            country=_country_from(name) or _country_from(text[max(0, start - 30) : start]),
            pillar=_pillar_of(name),
            taking_part=section.taking_part,
        )


_LEADING_TITLE = re.compile(rf"^(?:[\w.'’-]+\s+){{0,3}}?(?:{_TITLE_CUES})\s+(?:of|for|at)\s+(?:the\s+)?")


def _trim_phrase(name: str) -> str:
    """Drop leading articles, sentence openers, and a post before its body ("Director of the X" → "X")."""
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
        if previous is None or (entity.taking_part and not previous.taking_part):
            out[key] = entity
    return tuple(out.values())


def _dedupe_people(found: Iterable[PersonFound]) -> tuple[PersonFound, ...]:
    out: dict[str, PersonFound] = {}
    for person in found:
        key = person.id or normalize(person.name)
        previous = out.get(key)
        if previous is None:
            out[key] = person
            continue
        merged = PersonFound(
            name=previous.name,
            id=previous.id,
            title=previous.title or person.title,
            post=previous.post or person.post,
            country=previous.country or person.country,
            role=previous.role if previous.role is not ParticipantRole.PARTICIPANT else person.role,
            taking_part=previous.taking_part or person.taking_part,
            former=previous.former and person.former,
        )
        out[key] = merged
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
    [('Gina Raimondo', 'Secretary of Commerce', None)]
    """
    people: list[PersonFound] = []
    bodies: list[EntityFound] = []
    places: list[EntityFound] = []
    topics: list[EntityFound] = []
    for section in _sections(item):
        # posts are looked up inside titles only: a post's wording must not hide the organization
        # it names ("Department of Labor Deputy Undersecretary ...")
        mentions = find_mentions(section.text, index, _LINKED_KINDS)
        known_spans = [(m.start, m.end) for m in mentions]
        non_people = [(m.start, m.end) for m in mentions if m.kind != "people"]
        people.extend(_people_in(section, index, non_people))
        bodies.extend(
            _known((m for m in mentions if m.kind in ("organizations", "institutions")), section.taking_part)
        )
        person_spans = list(name_candidates(section.text))
        bodies.extend(_unknown_bodies(section, index, known_spans + _title_spans(section.text, person_spans)))
        places.extend(_known((m for m in mentions if m.kind == "places"), section.taking_part))
        topics.extend(_known((m for m in mentions if m.kind == "topics"), True))
    bodies_found = _dedupe(bodies)
    return ItemExtraction(
        item=item,
        event_type=classify_event(item.title, item.body),
        people=_dedupe_people(people),
        organizations=tuple(b for b in bodies_found if not _is_institution(b, index)),
        institutions=tuple(b for b in bodies_found if _is_institution(b, index)),
        places=_dedupe(places),
        topics=_dedupe(topics),
    )


def _title_spans(text: str, person_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of titles standing right before a person's name: a post is not an organization."""
    spans = []
    for start, _end in person_spans:
        title = _title_before(text, start)
        if title:
            at = text.rfind(title, 0, start)
            if at >= 0:
                spans.append((at, at + len(title)))
    return spans


def _is_institution(found: EntityFound, index: GazetteerIndex) -> bool:
    if found.id is not None:
        return index.kind_of(found.id) == "institutions"
    return found.pillar is not None
