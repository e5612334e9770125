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

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from binatgraph.records.dataset import Dataset
from binatgraph.records.extract import EntityFound, ItemExtraction, PersonFound, extract_item
from binatgraph.records.gazetteer import GazetteerIndex
from binatgraph.reports import ParsedReport, parse_report, read_report_text
from binatgraph.reports.dates import MONTHS
from binatgraph.schema.kinds import GAZETTEER_KINDS, by_plural
from binatgraph.schema.model import (
    Country,
    Entity,
    Event,
    Institution,
    Mentions,
    Organization,
    Participation,
    Person,
    PersonRef,
    Pillar,
    Report,
    ReportItem,
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


class _Proposer:
    """Gives unknown entities ids, once per report, never reusing an id the gazetteer has."""

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.proposals: dict[str, list[Entity]] = {kind: [] for kind in GAZETTEER_KINDS}

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
    return ReportItem(
        position=item.position,
        number=item.number,
        title=item.title,
        stated_date=item.stated_date,
        date_source=item.date_source,
        month_header=item.month_header,
        link_label=item.link_label,
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


def draft_report(parsed: ParsedReport, source: Path, dataset: Dataset) -> Draft:
    """Link every item of a parsed report and turn it into draft records."""
    extractions = tuple(extract_item(item, dataset.index) for item in parsed.items)
    proposer = _Proposer(dataset.index)
    notes = list(parsed.warnings)
    items = tuple(_item_record(ex, proposer, notes) for ex in extractions)
    period_start = parsed.period_start or next((i.date for i in parsed.items if i.date), None)
    period_end = parsed.period_end or period_start
    if period_start is None or period_end is None:
        raise ValueError(f"{source}: the report states no period and no item has a date")
    report = Report(
        id=report_id_for(parsed, source),
        title=parsed.title or source.stem,
        period_start=period_start,
        period_end=period_end,
        source_file=source.name,
        layout=parsed.layout,
        items=items,
    )
    for kind, entities in proposer.proposals.items():
        for entity in entities:
            notes.append(
                f"new {by_plural(kind).singular} proposed: {entity.name} (id {entity.id}); "
                "check it is not a known one"
            )
    return Draft(source, report, extractions, {k: v for k, v in proposer.proposals.items() if v}, notes)


def ingest_file(path: Path | str, dataset: Dataset) -> Draft:
    """Read, parse and draft one report file (raises ``ReportReadError`` on unreadable input)."""
    path = Path(path)
    return draft_report(parse_report(read_report_text(path), str(path)), path, dataset)


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
    dated = sum(1 for i in items if i.event.date is not None)
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
