"""The reference gazetteer: known bodies and posts of both governments, for linking mentions.

``data/reference/`` (next to ``data/gazetteer/``) holds ``organizations.yaml``, ``institutions.yaml``
and ``posts.yaml``: the US departments and agencies, Mexico's secretarías and the bodies under them,
Canada's main bodies, the international organizations on the bilateral agenda, and the top posts of
each, every entry with a ``basis`` saying what it rests on. They use the curated gazetteer's fields
and id conventions, and may point (``parent``, ``part_of``, ``organization``) at curated entities.

Reference entities link mentions in text but are not part of the graph: ``binatgraph build`` reads
``data/gazetteer/`` only. Once a reviewed event names one, :func:`promote` turns it (and any
ancestor the curated gazetteer lacks) into gazetteer records to propose. The curated gazetteer wins
every clash: the reference never repeats a curated id or name, and :func:`linking_index` drops any
reference name the curated gazetteer has since taken.

>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"
>>> index = linking_index(load_gazetteer(data / "gazetteer")[0], load_reference(data=data))
>>> {e.id for name in ("Secretaría de Gobernación", "SEGOB", "Interior Ministry") for e in index.lookup(name)}
{'mx-segob'}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from binatgraph.records.dataset import (
    DATA_SUFFIXES,
    DataError,
    Problem,
    _data_files,
    _read,
    _validate_list,
    load_gazetteer,
)
from binatgraph.records.gazetteer import GazetteerIndex, iter_entities, normalize
from binatgraph.schema.kinds import EntityKind
from binatgraph.schema.model import (
    Entity,
    Gazetteer,
    Institution,
    Organization,
    Place,
    Post,
    Reference,
    ReferenceInstitution,
    ReferenceOrganization,
    ReferencePlace,
    ReferencePost,
)

__all__ = [
    "REFERENCE_KINDS",
    "check_reference",
    "linking_index",
    "load_linking_index",
    "load_reference",
    "promote",
    "read_reference",
    "reference_folder",
    "summary",
    "summary_table",
]

REFERENCE_KINDS: tuple[EntityKind, ...] = ("organizations", "institutions", "posts", "places")
"""The kinds the reference holds, each in ``data/reference/<kind>.yaml``."""

_MODELS: dict[str, type[Entity]] = {
    "organizations": ReferenceOrganization,
    "institutions": ReferenceInstitution,
    "posts": ReferencePost,
    "places": ReferencePlace,
}
_PLAIN: dict[type[Entity], type[Entity]] = {
    ReferenceOrganization: Organization,
    ReferenceInstitution: Institution,
    ReferencePost: Post,
    ReferencePlace: Place,
}


def reference_folder(data: Path | str = "data") -> Path:
    """The reference folder of a data folder: ``<data>/reference``, beside ``<data>/gazetteer``."""
    return Path(data) / "reference"


# --- reading -----------------------------------------------------------------------------------


def read_reference(folder: Path) -> tuple[Reference, list[Problem], dict[str, tuple[Path, int | None]]]:
    """Read and validate ``<folder>/<kind>.yaml`` for each reference kind.

    Returns the valid records, the problems (located by file and line), and where each record's
    id is written (file, line), so that checks across records can point at it.
    """
    problems: list[Problem] = []
    where: dict[str, tuple[Path, int | None]] = {}
    by_kind: dict[str, list[Any]] = {kind: [] for kind in REFERENCE_KINDS}
    if not folder.is_dir():
        raise DataError([Problem(folder, "no such reference folder")])
    for stray in sorted({p.stem for p in _data_files(folder)} - set(REFERENCE_KINDS)):
        problems.append(
            Problem(folder / stray, f"unknown reference file; expected one of {', '.join(REFERENCE_KINDS)}")
        )
    for kind in REFERENCE_KINDS:
        for path in (folder / f"{kind}{suffix}" for suffix in DATA_SUFFIXES):
            if not path.exists():
                continue
            try:
                raw = _read(path)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            by_kind[kind].extend(_validate_list(path, raw, _MODELS[kind], problems, set()))
            for entry in raw if isinstance(raw, list) else ():
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    where.setdefault(entry["id"], (path, getattr(entry, "line", None)))
    return Reference(**by_kind), problems, where


def _reference_entities(reference: Reference) -> Iterator[tuple[EntityKind, Entity]]:
    for kind in REFERENCE_KINDS:
        for entity in getattr(reference, kind):
            yield kind, entity


def check_reference(
    reference: Reference,
    gazetteer: Gazetteer,
    folder: Path,
    where: dict[str, tuple[Path, int | None]] | None = None,
) -> list[Problem]:
    """What no single record shows: clashes with the curated gazetteer or within, and dangling ids.

    * an id used twice in the reference, or already used by the curated gazetteer;
    * a name (canonical, acronym or alias, after :func:`normalize`) the curated gazetteer already
      has, or that two reference entries claim;
    * a ``parent``, ``part_of`` or ``organization`` that names no organization (institution) in the
      reference or the curated gazetteer;
    * an empty ``basis`` (the model refuses it already; kept for records built in code).
    """
    where = where or {}
    # a record that failed validation has its own problem; references to it are not reported again
    failed = set(where) - {entity.id for _, entity in _reference_entities(reference)}

    def problem(entity_id: str, message: str, field: str) -> Problem:
        path, line = where.get(entity_id, (folder, None))
        return Problem(path, message, line=line, record=entity_id, field=field)

    problems: list[Problem] = []
    curated_ids = {entity.id: kind for kind, entity in iter_entities(gazetteer)}
    curated_names: dict[str, str] = {}
    for _, entity in iter_entities(gazetteer):
        for name in entity.names():
            curated_names.setdefault(normalize(name), entity.id)

    seen: dict[str, str] = {}
    claims: dict[str, list[str]] = defaultdict(list)
    for kind, entity in _reference_entities(reference):
        if entity.id in curated_ids:
            problems.append(
                problem(entity.id, f"id already in the curated gazetteer ({curated_ids[entity.id]})", "id")
            )
        if entity.id in seen:
            problems.append(problem(entity.id, f"id used twice in the reference ({seen[entity.id]})", "id"))
        seen.setdefault(entity.id, kind)
        for name in dict.fromkeys(entity.names()):
            key = normalize(name)
            if key in curated_names:
                problems.append(
                    problem(
                        entity.id,
                        f"the name '{name}' is the curated entity '{curated_names[key]}''s; leave it there",
                        "aliases",
                    )
                )
            if entity.id not in claims[key]:
                claims[key].append(entity.id)
        if not getattr(entity, "basis", "").strip():
            problems.append(problem(entity.id, "says nothing of what it rests on", "basis"))
    for key, ids in sorted(claims.items()):
        if len(ids) > 1:
            problems.append(problem(ids[1], f"the name '{key}' is claimed by {', '.join(ids)}", "aliases"))

    orgs = {e.id for e in (*gazetteer.organizations, *reference.organizations)}
    insts = {e.id for e in (*gazetteer.institutions, *reference.institutions)}
    for org in reference.organizations:
        if org.parent is not None and org.parent not in orgs | failed:
            problems.append(problem(org.id, f"unknown organization '{org.parent}'", "parent"))
    for inst in reference.institutions:
        for ref in inst.part_of:
            if ref not in insts | failed:
                problems.append(problem(inst.id, f"unknown institution '{ref}'", "part_of"))
    places = {e.id for e in (*gazetteer.places, *reference.places)}
    for place in reference.places:
        if place.within is not None and place.within not in places | failed:
            problems.append(problem(place.id, f"unknown place '{place.within}'", "within"))
    for post in reference.posts:
        if post.organization not in orgs | insts | failed:
            problems.append(problem(post.id, f"unknown organization '{post.organization}'", "organization"))
    return problems


def load_reference(
    folder: Path | str | None = None, *, data: Path | str = "data", gazetteer: Gazetteer | None = None
) -> Reference:
    """Load and check the reference gazetteer; raise :class:`DataError` listing every problem.

    ``folder`` defaults to ``<data>/reference``. It is checked against ``gazetteer``, by default
    the curated gazetteer beside it (``<folder>/../gazetteer``), read as far as it validates.
    """
    folder = Path(folder) if folder is not None else reference_folder(data)
    reference, problems, where = read_reference(folder)
    if gazetteer is None:
        gazetteer = load_gazetteer(folder.parent / "gazetteer")[0]
    problems.extend(check_reference(reference, gazetteer, folder, where))
    if problems:
        raise DataError(problems)
    return reference


# --- linking -----------------------------------------------------------------------------------


def linking_index(gazetteer: Gazetteer, reference: Reference) -> GazetteerIndex:
    """A :class:`GazetteerIndex` over the curated gazetteer and the reference, for finding mentions.

    The curated gazetteer wins: a reference entity whose id or canonical name it holds is left
    out, and a reference acronym or alias it holds is dropped from the reference entity. Reference
    entities keep their class (:class:`ReferenceOrganization` ...), so a caller can tell them apart
    (``isinstance(entity, (ReferenceOrganization, ReferenceInstitution, ReferencePost))``) and
    :func:`promote` them when an event names them.
    """
    curated_ids = {entity.id for _, entity in iter_entities(gazetteer)}
    taken = {normalize(name) for _, entity in iter_entities(gazetteer) for name in entity.names()}
    merged: dict[str, list[Entity]] = {kind: list(getattr(gazetteer, kind)) for kind in REFERENCE_KINDS}
    for kind, entity in _reference_entities(reference):
        if entity.id in curated_ids or normalize(entity.name) in taken:
            continue
        update: dict[str, Any] = {}
        aliases = tuple(a for a in entity.aliases if normalize(a) not in taken)
        if aliases != entity.aliases:
            update["aliases"] = aliases
        acronym = getattr(entity, "acronym", None)
        if acronym is not None and normalize(acronym) in taken:
            update["acronym"] = None
        merged[kind].append(entity.model_copy(update=update) if update else entity)
    fields = {kind: tuple(entities) for kind, entities in merged.items()}
    return GazetteerIndex.from_gazetteer(gazetteer.model_copy(update=fields))


def load_linking_index(data: Path | str = "data") -> GazetteerIndex:
    """The curated gazetteer of ``data`` plus its reference, as one index for linking.

    The curated gazetteer must load without problems; a data folder without a reference folder
    gives the curated gazetteer's index alone.
    """
    gazetteer, problems, _ = load_gazetteer(Path(data) / "gazetteer")
    if problems:
        raise DataError(problems)
    folder = reference_folder(data)
    if not folder.is_dir():
        return GazetteerIndex.from_gazetteer(gazetteer)
    return linking_index(gazetteer, load_reference(folder, gazetteer=gazetteer))


# --- promotion ---------------------------------------------------------------------------------


def _plain(entity: Entity) -> Entity:
    plain = _PLAIN[type(entity)]
    return plain.model_validate(entity.model_dump(exclude={"basis"}))


def promote(reference: Reference, ids: Iterable[str], gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Gazetteer records for the reference entities ``ids``, with the ancestors they need.

    Each record is the reference entry without its ``basis``, as a plain :class:`Organization`,
    :class:`Institution` or :class:`Post`. Ancestors (an organization's ``parent``, an
    institution's ``part_of``, a post's ``organization``) come too, first, unless ``gazetteer``
    (the curated one) holds them; ids the curated gazetteer already holds are skipped. An id the
    reference does not know raises ``KeyError``.

    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"
    >>> curated = load_gazetteer(data / "gazetteer")[0]
    >>> [e.id for e in promote(load_reference(data=data), ["us-hsi"], curated)]
    ['us-ice', 'us-hsi']
    """
    by_id = {entity.id: entity for _, entity in _reference_entities(reference)}
    curated = {entity.id for _, entity in iter_entities(gazetteer)} if gazetteer else set()
    wanted = list(dict.fromkeys(ids))
    unknown = [i for i in wanted if i not in by_id and i not in curated]
    if unknown:
        raise KeyError(f"not in the reference gazetteer: {', '.join(unknown)}")
    out: dict[str, Entity] = {}

    def visit(entity_id: str, path: tuple[str, ...]) -> None:
        if entity_id in out or entity_id in curated or entity_id not in by_id or entity_id in path:
            return
        entity = by_id[entity_id]
        for ancestor in _ancestors(entity):
            visit(ancestor, (*path, entity_id))
        out[entity_id] = _plain(entity)

    for entity_id in wanted:
        visit(entity_id, ())
    return list(out.values())


def _ancestors(entity: Entity) -> tuple[str, ...]:
    if isinstance(entity, Organization):
        return (entity.parent,) if entity.parent else ()
    if isinstance(entity, Institution):
        return entity.part_of
    if isinstance(entity, Post):
        return (entity.organization,)
    if isinstance(entity, Place):
        return (entity.within,) if entity.within else ()
    return ()


# --- summary -----------------------------------------------------------------------------------


def _country(entity: Entity) -> str:
    country = getattr(entity, "country", None)
    if country is not None:
        return str(country)
    return "binational"  # an institution: run by the governments it names


def summary(reference: Reference, gazetteer: Gazetteer | None = None) -> dict[str, dict[str, int]]:
    """Counts by kind, then by country; a post counts under its organization's country.

    An institution counts as ``binational``. A post in a curated organization counts under that
    organization's country when the curated ``gazetteer`` is given, else under ``curated``.
    """
    countries = {e.id: _country(e) for _, e in _reference_entities(reference) if not isinstance(e, Post)}
    if gazetteer is not None:
        for entity in (*gazetteer.organizations, *gazetteer.institutions):
            countries.setdefault(entity.id, _country(entity))
    counts: dict[str, dict[str, int]] = {}
    for kind in REFERENCE_KINDS:
        tally: Counter[str] = Counter()
        for entity in getattr(reference, kind):
            key = entity.organization if isinstance(entity, Post) else entity.id
            tally[countries.get(key, "curated")] += 1
        counts[kind] = dict(tally)
    return counts


def summary_table(reference: Reference, gazetteer: Gazetteer | None = None) -> str:
    """:func:`summary` as a Markdown table (kinds by countries, with totals), to quote in notes."""
    counts = summary(reference, gazetteer)
    columns = ["US", "MX", "CA", "binational", "other"]
    columns += sorted({c for tally in counts.values() for c in tally} - set(columns))
    lines = ["| kind | " + " | ".join(columns) + " | total |", "|---" * (len(columns) + 2) + "|"]
    for kind, tally in counts.items():
        cells = [str(tally.get(c, 0)) for c in columns]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {sum(tally.values())} |")
    totals = [str(sum(t.get(c, 0) for t in counts.values())) for c in columns]
    lines.append("| total | " + " | ".join(totals) + f" | {sum(sum(t.values()) for t in counts.values())} |")
    return "\n".join(lines)
