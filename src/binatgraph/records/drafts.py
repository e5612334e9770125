"""A new report in, draft records out: read → parse → extract → drafts in ``data/`` format.

Ingest never writes the curated data itself. It writes a draft folder with the same layout as ``data/``
(``reports/<id>.yaml`` and, for entities the gazetteer does not know, proposals in
``gazetteer/<kind>.yaml``) plus a short review note. After review,
:func:`binatgraph.graph.apply.apply_drafts` validates the drafts together with the curated gazetteer
(model, references, SHACL) and adds them to the store in one transaction; the report's earlier triples
are replaced, so applying twice changes nothing. Moving the reviewed files into ``data/`` makes them
part of every later ``binatgraph build``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from binatgraph.records.dataset import Dataset
from binatgraph.records.extract import (
    EntityFound,
    ItemExtraction,
    PersonFound,
    extract_item,
    is_national_government,
)
from binatgraph.records.gazetteer import GazetteerIndex
from binatgraph.records.reference import linking_index, load_reference, promote, reference_folder
from binatgraph.reports import ParsedReport, SourceKind, parse_source, read_report_text
from binatgraph.reports.dates import MONTHS
from binatgraph.reports.repository import RepositoryEntry
from binatgraph.schema.kinds import GAZETTEER_KINDS, by_plural
from binatgraph.schema.model import (
    PRINTED_TITLE_WORDS,
    Country,
    Entity,
    Event,
    Institution,
    Mentions,
    Organization,
    PartialDate,
    Participation,
    Person,
    PersonRef,
    Pillar,
    Reference,
    ReferenceInstitution,
    ReferenceOrganization,
    ReferencePlace,
    ReferencePost,
    Report,
    ReportItem,
    title_words,
)

__all__ = ["Draft", "draft_report", "ingest_file", "report_id_for", "write_draft"]

_MONTH_ABBR = {number: name for name, number in MONTHS.items() if len(name) == 3}


def slugify(text: str) -> str:
    """An id from a name: ``Gina Raimondo`` → ``gina-raimondo``.

    >>> slugify("Secretaría de Economía (SE)")
    'secretaria-de-economia-se'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def report_id_for(parsed: ParsedReport, source: Path) -> str:
    """``cbi-2023-apr-jun`` from the report's period; the file name when it states none.

    >>> from binatgraph.schema.model import PartialDate
    >>> report_id_for(ParsedReport(None, PartialDate(2023, 4), PartialDate(2023, 6), "", ()), Path("x.txt"))
    'cbi-2023-apr-jun'
    """
    start, end = parsed.period_start, parsed.period_end
    if parsed.layout.startswith("document"):
        return "doc-" + slugify(source.stem).removeprefix("doc-")
    if parsed.layout == "repository" and parsed.title:
        return "repository-" + slugify(parsed.title.split(":")[-1])
    if start is None or end is None or start.month is None or end.month is None:
        return slugify(source.stem)
    head = f"cbi-{start.year}-{_MONTH_ABBR[start.month]}"
    return (
        f"{head}-{_MONTH_ABBR[end.month]}"
        if start.year == end.year
        else f"{head}-{end.year}-{_MONTH_ABBR[end.month]}"
    )


@dataclass
class Draft:
    """Draft records of one report, the entities proposed for the gazetteer, and what to review."""

    source: Path
    report: Report
    extractions: tuple[ItemExtraction, ...]
    proposals: dict[str, list[Entity]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Linking:
    """The index mentions are linked against (curated gazetteer + reference) and the reference itself."""

    index: GazetteerIndex
    reference: Reference | None = None


def linking_for(dataset: Dataset) -> Linking:
    """The curated gazetteer of ``dataset`` plus the reference beside its data folder, built once per
    process (the index and the name table it feeds are cached); the curated gazetteer alone when the
    dataset was not loaded from a folder or the folder has no ``reference/``."""
    return _linking(dataset.index, dataset.root)


@cache
def _linking(index: GazetteerIndex, root: Path | None) -> Linking:
    if root is None or not reference_folder(root).is_dir():
        return Linking(index)
    reference = load_reference(reference_folder(root), gazetteer=index.gazetteer)
    return Linking(linking_index(index.gazetteer, reference), reference)


_REFERENCE_CLASSES = (ReferenceOrganization, ReferenceInstitution, ReferencePost, ReferencePlace)


class _Proposer:
    """Gives unknown entities ids, once per report, never reusing an id the gazetteer has."""

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.proposals: dict[str, list[Entity]] = {kind: [] for kind in GAZETTEER_KINDS}
        self.from_reference: set[str] = set()

    def _new_id(self, name: str) -> str:
        base = slugify(name)
        candidate, n = base, 2
        taken = {e.id for entities in self.proposals.values() for e in entities}
        while self.index.get(candidate) is not None or candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def person(self, found: PersonFound) -> str:
        if found.id:
            return found.id
        key = ("people", slugify(found.name))
        if key not in self.by_key:
            entity = Person(
                id=self._new_id(found.name), name=found.name, country=found.country or Country.OTHER
            )
            self.by_key[key] = entity
            self.proposals["people"].append(entity)
        return self.by_key[key].id

    def body(self, found: EntityFound, kind: str) -> str:
        if found.id:
            return found.id
        key = (kind, slugify(found.name))
        if key not in self.by_key:
            entity: Entity
            if kind == "institutions":
                entity = Institution(
                    id=self._new_id(found.name),
                    name=found.name,
                    acronym=found.acronym,
                    pillar=found.pillar or Pillar.DIALOGUE_MECHANISM,
                )
            else:
                entity = Organization(
                    id=self._new_id(found.name),
                    name=found.name,
                    acronym=found.acronym,
                    country=found.country or Country.OTHER,
                )
            self.by_key[key] = entity
            self.proposals[kind].append(entity)
        return self.by_key[key].id


def _ids(found: Iterable[EntityFound], kind: str, proposer: _Proposer, taking_part: bool) -> tuple[str, ...]:
    return tuple(dict.fromkeys(proposer.body(f, kind) for f in found if f.taking_part == taking_part))


def _records(
    extractions: Sequence[ItemExtraction], proposer: _Proposer, index: GazetteerIndex, notes: list[str]
) -> tuple[ReportItem, ...]:
    """Item records for the events; a repository entry that describes an institution becomes a proposed
    institution instead, and the events that remain are numbered 1..n."""
    items: list[ReportItem] = []
    for ex in extractions:
        entry = getattr(ex.item, "entry", None)
        if entry is not None and entry.pillar is not None:
            _institution_entry(entry, ex, proposer, index, notes)
            continue
        position = len(items) + 1
        if ex.item.position != position:
            ex = replace(ex, item=replace(ex.item, position=position))  # type: ignore[type-var]
        items.append(_item_record(ex, proposer, notes))
    return tuple(items)


def _institution_entry(
    entry: RepositoryEntry, ex: ItemExtraction, proposer: _Proposer, index: GazetteerIndex, notes: list[str]
) -> None:
    """Propose the institution a repository entry describes, or note the known one it matches."""
    known = index.lookup(entry.name, "institutions") or (
        index.lookup(entry.acronym, "institutions") if entry.acronym else []
    )
    if known:
        notes.append(f"entry {ex.item.position}: '{entry.name}' is the known institution {known[0].id}")
        return
    parents = tuple(dict.fromkeys(f.id for f in ex.institutions if f.id and f.name != entry.name))
    found = EntityFound(entry.name, None, entry.acronym, pillar=Pillar(entry.pillar or "agreement"))
    new_id = proposer.body(found, "institutions")
    proposal = next(e for e in proposer.proposals["institutions"] if e.id == new_id)
    countries = tuple(Country(c) for c in entry.parties) or (Country.US, Country.MX)
    updated = proposal.model_copy(
        update={
            "countries": countries,
            "part_of": parents,
            "established": PartialDate(entry.year) if entry.year else None,
        }
    )
    proposals = proposer.proposals["institutions"]
    proposer.proposals["institutions"] = [updated if e.id == new_id else e for e in proposals]
    notes.append(f"entry {ex.item.position}: new institution from the repository: {entry.name} (id {new_id})")


def _item_record(ex: ItemExtraction, proposer: _Proposer, notes: list[str]) -> ReportItem:
    item = ex.item
    label = f"item {item.number or item.position} (line {getattr(item, 'line', '?')})"
    participants, mentioned = [], []
    for person in ex.people:
        person_id = proposer.person(person)
        post = person.post
        if person.title and post is None:
            notes.append(
                f"{label}: title '{person.title}' of {person.name} is not a known post; add it to posts.yaml"
            )
        ref: dict[str, Any] = {"person": person_id, "post": post, "title": person.title if post else None}
        if person.taking_part:
            participants.append(Participation(**ref, role=person.role))
        else:
            mentioned.append(PersonRef(**ref, former=person.former))
    institutions_taking_part = _ids(ex.institutions, "institutions", proposer, True)
    organizations_taking_part = _ids(ex.organizations, "organizations", proposer, True)
    if not participants and not institutions_taking_part and not organizations_taking_part:
        notes.append(f"{label}: no participant, organization or institution found; the event needs one")
    if item.date is None:
        notes.append(f"{label}: no date of its own; left undated")
    elif item.date_source == "header":
        notes.append(f"{label}: no date of its own; dated {item.date} by its header {item.month_header}")
    short = title_words(item.title) <= PRINTED_TITLE_WORDS
    if not short:
        notes.append(f"{label}: the printed title is long; shorten `title` (the title span points at it)")
    return ReportItem(
        position=item.position,
        number=item.number,
        title=item.title,
        printed_title=item.title if short else None,
        stated_date=item.stated_date,
        date_source=item.date_source,
        month_header=item.month_header,
        link_label=item.link_label,
        spans=getattr(item, "spans", None),
        event=Event(
            type=ex.event_type,
            title=item.title,
            date=item.date,
            end_date=item.end_date,
            places=tuple(dict.fromkeys(p.id for p in ex.places if p.id and p.taking_part)),
            topics=tuple(dict.fromkeys(t.id for t in ex.topics if t.id))[:4],
            participants=tuple(participants),
            organizations=organizations_taking_part,
            institutions=institutions_taking_part,
        ),
        mentions=Mentions(
            people=tuple(mentioned),
            organizations=_ids(ex.organizations, "organizations", proposer, False),
            institutions=_ids(ex.institutions, "institutions", proposer, False),
        ),
    )


def _promote_reference(
    items: Sequence[ReportItem], linking: Linking, dataset: Dataset, proposer: _Proposer
) -> None:
    """Reference entities the drafted items name (and the ancestors the curated gazetteer lacks) are
    proposed as plain gazetteer records: they reach the graph only through a reviewed gazetteer."""
    if linking.reference is None:
        return
    used: list[str] = []
    for item in items:
        event, mentions = item.event, item.mentions
        used.extend(event.organizations + event.institutions + mentions.organizations + mentions.institutions)
        used.extend(p.post for p in (*event.participants, *mentions.people) if p.post)
        used.extend(event.places)
    wanted = [i for i in dict.fromkeys(used) if isinstance(linking.index.get(i), _REFERENCE_CLASSES)]
    for entity in promote(linking.reference, wanted, dataset.gazetteer):
        kind = linking.index.kind_of(entity.id)
        if kind is not None:
            proposer.proposals.setdefault(kind, []).append(entity)
            proposer.from_reference.add(entity.id)


def draft_report(parsed: ParsedReport, source: Path, dataset: Dataset, url: str | None = None) -> Draft:
    """Link every item of a parsed report and turn it into draft records.

    When ``source`` is a file, the report records its name, SHA-256 and absolute path, so
    :func:`binatgraph.graph.provenance.source_text` can find the words again and tell a changed
    file; ``url`` is the report's public page.
    """
    linking = linking_for(dataset)
    extractions = tuple(extract_item(item, linking.index) for item in parsed.items)
    if parsed.layout.startswith("document"):
        # a document's "the Mexican government" is the country acting, not an organization taking part
        extractions = tuple(
            replace(
                ex,
                organizations=tuple(
                    o for o in ex.organizations if not is_national_government(linking.index.get(o.id or ""))
                ),
                # buildings and venues are marginal in a document; its places are cities, states, regions
                places=tuple(p for p in ex.places if p.place_kind != "venue"),
            )
            for ex in extractions
        )
    elif linking.reference is not None:
        # a CBI report names the bodies it reports on; a reference body met only inside a post's
        # title ("Head of the North America Unit") is the post's wording, as it was before the reference
        extractions = tuple(
            replace(
                ex,
                organizations=tuple(
                    o
                    for o in ex.organizations
                    if not (o.in_title and isinstance(linking.index.get(o.id or ""), _REFERENCE_CLASSES))
                ),
            )
            for ex in extractions
        )
    proposer = _Proposer(linking.index)
    notes = list(parsed.warnings)
    items = _records(extractions, proposer, linking.index, notes)
    _promote_reference(items, linking, dataset, proposer)
    period_start = parsed.period_start or next((i.date for i in parsed.items if i.date), None)
    period_end = parsed.period_end or period_start
    dates = [d for i in parsed.items for d in (i.date, i.end_date) if d is not None]
    if parsed.layout.startswith("document") and dates and period_start is not None and period_end is not None:
        # a document's period runs from its event to its publication, whichever comes first
        period_start = min([period_start, *dates], key=lambda d: d.earliest)
        period_end = max([period_end, *dates], key=lambda d: d.latest)
    undated_ok = parsed.layout.startswith(("document", "repository"))
    if (period_start is None or period_end is None) and not undated_ok:
        raise ValueError(f"{source}: the report states no period and no item has a date")
    digest = hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else None
    if url is None:
        notes.append("the report's public page is not known: add it as `url`")
    report = Report(
        id=report_id_for(parsed, source),
        title=parsed.title or source.stem,
        **({"publisher": parsed.publisher} if parsed.publisher else {}),
        period_start=period_start,
        period_end=period_end,
        source_file=source.name,
        source_sha256=digest,
        source_location=str(source.resolve()) if digest else None,
        url=url,
        layout=parsed.layout,
        items=items,
    )
    for kind, entities in proposer.proposals.items():
        for entity in entities:
            notes.append(
                f"{by_plural(kind).singular} from the reference gazetteer proposed: {entity.name} "
                f"(id {entity.id})"
                if entity.id in proposer.from_reference
                else f"new {by_plural(kind).singular} proposed: {entity.name} (id {entity.id}); "
                "check it is not a known one"
            )
    return Draft(source, report, extractions, {k: v for k, v in proposer.proposals.items() if v}, notes)


def ingest_file(
    path: Path | str, dataset: Dataset, url: str | None = None, kind: SourceKind | None = None
) -> Draft:
    """Read, parse and draft one source file: a CBI report, a single document or a repository page
    (``kind``; guessed from the text when ``None``). Raises ``ReportReadError`` on unreadable input."""
    path = Path(path)
    return draft_report(parse_source(read_report_text(path), str(path), kind), path, dataset, url)


# --- writing drafts ----------------------------------------------------------------------------


def _dump(records: Sequence[Any]) -> str:
    data = [r.model_dump(mode="json", exclude_defaults=True) for r in records]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def write_draft(draft: Draft, folder: Path) -> Path:
    """Write the draft as ``folder/<report id>/`` (reports/, gazetteer/, REVIEW.md), all or nothing."""
    target = folder / draft.report.id
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{draft.report.id}-", dir=folder))
    try:
        (scratch / "reports").mkdir()
        report = draft.report.model_dump(mode="json", exclude_defaults=True)
        header = f"# Draft from {draft.source.name} by `binatgraph ingest`: review before applying.\n"
        (scratch / "reports" / f"{draft.report.id}.yaml").write_text(
            header + yaml.safe_dump(report, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
        )
        if draft.proposals:
            (scratch / "gazetteer").mkdir()
            for kind, entities in draft.proposals.items():
                (scratch / "gazetteer" / f"{kind}.yaml").write_text(_dump(entities), encoding="utf-8")
        (scratch / "REVIEW.md").write_text(review_text(draft), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def review_text(draft: Draft) -> str:
    """What a reviewer should look at: counts, new entities, and everything uncertain."""
    items = draft.report.items
    dated = sum(1 for i in items if i.event.date is not None and i.date_source != "header")
    lines = [
        f"# Review: {draft.report.id} (from {draft.source.name})",
        "",
        f"{len(items)} items, {dated} with a date of their own; "
        f"{sum(len(v) for v in draft.proposals.values())} new entities proposed.",
        "",
        "## To check",
        "",
        *(f"- {note}" for note in draft.notes),
        "",
    ]
    return "\n".join(lines)
