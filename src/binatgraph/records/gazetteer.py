"""Canonical entities and their aliases: name normalisation and lookup.

Reports name one entity many ways (Foreign Ministry, Ministry of Foreign Affairs, SRE; HLED with
and without a hyphen; López Obrador with and without the accent). Every name goes through
:func:`normalize` before it is compared, so the gazetteer's aliases match whatever spelling a
report uses.

>>> normalize("the U.S.-Mexico Leaders’ Summit")
'the us mexico leaders summit'
>>> normalize("Andrés Manuel López Obrador") == normalize("ANDRES MANUEL LOPEZ OBRADOR")
True
>>> normalize("USMCA's")
'usmca'
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from binatgraph.schema.kinds import GAZETTEER_KINDS, EntityKind
from binatgraph.schema.model import Entity, Gazetteer

__all__ = ["EntityKind", "GazetteerIndex", "iter_entities", "normalize"]


_APOSTROPHES = "'’‘`´"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s\b")
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(name: str) -> str:
    """Fold a name to the key the gazetteer compares on.

    Case, accents, possessives, apostrophes, hyphens and dashes, dots in acronyms (U.S.), and
    runs of white space (non-breaking included) do not distinguish names.

    >>> normalize("Secretaría de Relaciones Exteriores")
    'secretaria de relaciones exteriores'
    >>> normalize("the U.S. Ambassador's  office")
    'the us ambassador office'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.translate({ord(ch): None for ch in _APOSTROPHES})
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True, eq=False)  # hashed by identity, so lookups built from it can be cached
class GazetteerIndex:
    """Look entities up by id or by any of their names.

    >>> from binatgraph.schema.model import Gazetteer, Organization
    >>> g = GazetteerIndex.from_gazetteer(Gazetteer(organizations=[
    ...     Organization(id="mx-sre", name="Secretariat of Foreign Affairs", acronym="SRE",
    ...                  aliases=["Foreign Ministry"], country="MX")]))
    >>> [e.id for e in g.lookup("foreign ministry")]
    ['mx-sre']
    >>> g.kind_of("mx-sre")
    'organizations'
    """

    gazetteer: Gazetteer
    by_id: dict[str, tuple[EntityKind, Entity]] = field(default_factory=dict)
    by_name: dict[str, list[tuple[EntityKind, Entity]]] = field(default_factory=dict)

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> GazetteerIndex:
        by_id: dict[str, tuple[EntityKind, Entity]] = {}
        by_name: dict[str, list[tuple[EntityKind, Entity]]] = defaultdict(list)
        for kind, entity in iter_entities(gazetteer):
            by_id.setdefault(entity.id, (kind, entity))
            for key in {normalize(name) for name in entity.names()}:
                by_name[key].append((kind, entity))
        return cls(gazetteer, by_id, dict(by_name))

    def get(self, entity_id: str) -> Entity | None:
        found = self.by_id.get(entity_id)
        return found[1] if found else None

    def kind_of(self, entity_id: str) -> EntityKind | None:
        found = self.by_id.get(entity_id)
        return found[0] if found else None

    def lookup(self, name: str, kind: EntityKind | None = None) -> list[Entity]:
        """Entities known by ``name`` (any spelling), optionally of one kind only."""
        hits = self.by_name.get(normalize(name), [])
        return [entity for k, entity in hits if kind is None or k == kind]

    def ambiguous_names(self) -> dict[str, list[str]]:
        """Normalised names claimed by more than one entity, with the ids that claim them."""
        return {
            key: [entity.id for _, entity in hits]
            for key, hits in self.by_name.items()
            if len({entity.id for _, entity in hits}) > 1
        }


def iter_entities(gazetteer: Gazetteer) -> Iterator[tuple[EntityKind, Entity]]:
    """Every entity of the gazetteer with its kind, in file order."""
    for kind in GAZETTEER_KINDS:
        for entity in getattr(gazetteer, kind):
            yield kind, entity
