"""Finding gazetteer entities in text: every alias, whatever its spelling.

Text is cut into word tokens that keep their character offsets; each token is folded the way
:func:`binatgraph.records.gazetteer.normalize` folds names (case, accents, hyphens, apostrophes,
possessives, dotted acronyms), and the longest run of tokens that spells a known name wins.
An alias written in capitals in the gazetteer (an acronym such as US or SRE) only matches text
written in capitals, so the pronoun "us" is not the United States.

>>> from binatgraph.schema.model import Gazetteer, Institution
>>> hled = Institution(id="hled", name="High-Level Economic Dialogue", acronym="HLED",
...                    pillar="dialogue_mechanism")
>>> index = GazetteerIndex.from_gazetteer(Gazetteer(institutions=[hled]))
>>> [(m.text, m.entity.id) for m in find_mentions("The High Level Economic Dialogue's review (HLED).", index)]
[('High Level Economic Dialogue', 'hled'), ('HLED', 'hled')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from binatgraph.records.gazetteer import EntityKind, GazetteerIndex, iter_entities, normalize
from binatgraph.schema.model import Entity

__all__ = ["Mention", "Token", "find_mentions", "tokenize"]

# A dotted acronym (U.S.) is one token; otherwise runs of letters or digits, so that hyphens,
# dashes and apostrophes separate words exactly as normalize() turns them into spaces.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
_APOSTROPHES = "'’‘`´"


@dataclass(frozen=True)
class Token:
    """A word of the text: as written, its normalized key, and its character span."""

    text: str
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names a gazetteer entity."""

    text: str
    start: int
    end: int
    kind: EntityKind
    entity: Entity


# Reports repeat their words; normalizing each distinct word once halves tokenizing.
_word_key = lru_cache(maxsize=1 << 16)(normalize)


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; a possessive 's is dropped, as normalize() drops it.

    >>> [t.key for t in tokenize("USMCA's U.S.-Mexico López")]
    ['usmca', 'us', 'mexico', 'lopez']
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if word.lower() == "s" and match.start() > 0 and text[match.start() - 1] in _APOSTROPHES:
            continue
        key = _word_key(word)
        if key:
            tokens.append(Token(word, key, match.start(), match.end()))
    return tokens


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and " " not in name.strip()


@dataclass(frozen=True)
class _Name:
    kind: EntityKind
    entity: Entity
    acronym: bool


@dataclass(frozen=True)
class _NameTable:
    names: dict[tuple[str, ...], list[_Name]]
    # the lengths (in words) of the names that start with each word, longest first: most words
    # start no name, so a lookup per word replaces one per possible length
    lengths: dict[str, tuple[int, ...]]


@cache
def _name_table(index: GazetteerIndex) -> _NameTable:
    table: dict[tuple[str, ...], list[_Name]] = {}
    for kind, entity in iter_entities(index.gazetteer):
        for name in entity.names():
            key = tuple(normalize(name).split())
            if key:
                table.setdefault(key, []).append(_Name(kind, entity, _is_acronym(name)))
    lengths: dict[str, set[int]] = {}
    for key in table:
        lengths.setdefault(key[0], set()).add(len(key))
    return _NameTable(table, {word: tuple(sorted(n, reverse=True)) for word, n in lengths.items()})


def find_mentions(text: str, index: GazetteerIndex, kinds: set[EntityKind] | None = None) -> list[Mention]:
    """Every gazetteer name in ``text``, longest match first, left to right, without overlaps."""
    table = _name_table(index)
    tokens = tokenize(text)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        found = _longest_at(tokens, i, table, kinds)
        if found is None:
            i += 1
            continue
        length, names = found
        start, end = tokens[i].start, tokens[i + length - 1].end
        mentions.extend(Mention(text[start:end], start, end, n.kind, n.entity) for n in _unique(names))
        i += length
    return mentions


def _longest_at(
    tokens: list[Token], i: int, table: _NameTable, kinds: set[EntityKind] | None
) -> tuple[int, list[_Name]] | None:
    for length in table.lengths.get(tokens[i].key, ()):
        if length > len(tokens) - i:
            continue
        span = tokens[i : i + length]
        key = tuple(t.key for t in span)
        names = [
            n
            for n in table.names.get(key, ())
            if (kinds is None or n.kind in kinds)
            and (not n.acronym or _written_in_capitals(span))
            and (
                n.kind not in _PROPER_KINDS
                or length == 1
                or not span[0].text[:1].islower()
                or (length >= 3 and span[0].key in _LOWER_CASE_HEADS)
            )
        ]
        if names:
            return length, names
    return None


# A body's name written with a lower-case first word reads as a common noun ("the city of Dallas"
# is a place, not the City of Dallas government); people and places are matched in any case.
_PROPER_KINDS = frozenset({"organizations", "institutions"})
# Spanish prose often writes a body's head noun in lower case ("la embajada de México en Washington",
# "la secretaría de Economía"); a name of three words or more starting with one of these still links.
_LOWER_CASE_HEADS = frozenset(
    {
        "embajada",
        "consulado",
        "secretaria",
        "subsecretaria",
        "cancilleria",
        "direccion",
        "fiscalia",
        "procuraduria",
    }
)


def _written_in_capitals(tokens: list[Token]) -> bool:
    return all(ch.isupper() for t in tokens for ch in t.text if ch.isalpha())


def _unique(names: list[_Name]) -> Iterator[_Name]:
    seen: set[str] = set()
    for name in names:
        if name.entity.id not in seen:
            seen.add(name.entity.id)
            yield name
