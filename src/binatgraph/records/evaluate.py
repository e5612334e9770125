"""Scoring extraction against curated records: precision, recall and F1 per field, with the misses.

Each field is compared as a set of ``(item position, key)`` pairs. A key is the gazetteer id of
the entity; a name the extractor found but could not link is looked up in the gazetteer once
more, then compared by its normalised spelling, so an unlinked but correct name still counts.

>>> s = FieldScore.from_sets("people", {(1, "a"), (1, "b")}, {(1, "a"), (1, "c")})
>>> (s.precision, s.recall, round(s.f1, 2), s.missed, s.extra)
(0.5, 0.5, 0.5, ('1: b',), ('1: c',))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from binatgraph.records.extract import EntityFound, ItemExtraction
from binatgraph.records.gazetteer import EntityKind, GazetteerIndex, normalize
from binatgraph.schema.model import Report

if TYPE_CHECKING:
    from binatgraph.records.dataset import Dataset

__all__ = [
    "FIELDS",
    "EvaluationError",
    "FieldScore",
    "ReportScore",
    "combine",
    "curated_report",
    "gold_keys",
    "predicted_keys",
    "score_files",
    "score_report",
]

FIELDS = ("items", "dates", "people", "organizations", "institutions", "places", "topics")
Keys = set[tuple[int, str]]


@dataclass(frozen=True)
class FieldScore:
    """One field scored against the gold standard: counts, and what was missed or added."""

    field: str
    true_positives: int
    false_positives: int
    false_negatives: int
    missed: tuple[str, ...]  # in the gold standard, not found
    extra: tuple[str, ...]  # found, not in the gold standard

    @classmethod
    def from_sets(cls, field: str, gold: Keys, predicted: Keys) -> FieldScore:
        def show(keys: Keys) -> tuple[str, ...]:
            return tuple(f"{pos}: {key}" for pos, key in sorted(keys))

        return cls(
            field,
            len(gold & predicted),
            len(predicted - gold),
            len(gold - predicted),
            show(gold - predicted),
            show(predicted - gold),
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def merge(self, other: FieldScore) -> FieldScore:
        return FieldScore(
            self.field,
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.missed + other.missed,
            self.extra + other.extra,
        )


def _date_key(date: object, end: object) -> str:
    return f"{date or 'none'}" + (f"/{end}" if end else "")


def gold_keys(report: Report) -> dict[str, Keys]:
    """The gold standard of one curated report, field by field."""
    keys: dict[str, Keys] = {field: set() for field in FIELDS}
    for item in report.items:
        pos, event, mentions = item.position, item.event, item.mentions
        keys["items"].add((pos, str(item.number or "-")))
        keys["dates"].add((pos, _date_key(event.date, event.end_date)))
        keys["people"] |= {(pos, ref.person) for ref in (*event.participants, *mentions.people)}
        keys["organizations"] |= {(pos, ref) for ref in (*event.organizations, *mentions.organizations)}
        keys["institutions"] |= {(pos, ref) for ref in (*event.institutions, *mentions.institutions)}
        keys["places"] |= {(pos, ref) for ref in event.places}
        keys["topics"] |= {(pos, ref) for ref in event.topics}
    return keys


def _key(found: EntityFound | object, kind: EntityKind, index: GazetteerIndex) -> str:
    entity_id = getattr(found, "id", None)
    if entity_id:
        return str(entity_id)
    name = str(getattr(found, "name", ""))
    for candidate in (name, getattr(found, "acronym", None)):
        if candidate:
            hits = index.lookup(candidate, kind)
            if len(hits) == 1:
                return hits[0].id
    return f"new: {normalize(name)}"


def predicted_keys(extractions: Sequence[ItemExtraction], index: GazetteerIndex) -> dict[str, Keys]:
    """What the extractor found, keyed the same way as :func:`gold_keys`."""
    keys: dict[str, Keys] = {field: set() for field in FIELDS}
    for ex in extractions:
        pos = ex.item.position
        keys["items"].add((pos, str(ex.item.number or "-")))
        keys["dates"].add((pos, _date_key(ex.item.date, ex.item.end_date)))
        keys["people"] |= {(pos, _key(p, "people", index)) for p in ex.people}
        keys["organizations"] |= {(pos, _key(o, "organizations", index)) for o in ex.organizations}
        keys["institutions"] |= {(pos, _key(i, "institutions", index)) for i in ex.institutions}
        keys["places"] |= {(pos, _key(p, "places", index)) for p in ex.places if p.taking_part}
        keys["topics"] |= {(pos, _key(t, "topics", index)) for t in ex.topics}
    return keys


def score_report(
    report: Report, extractions: Sequence[ItemExtraction], index: GazetteerIndex
) -> list[FieldScore]:
    """Per-field scores of one report's extraction against its curated record."""
    gold, predicted = gold_keys(report), predicted_keys(extractions, index)
    return [FieldScore.from_sets(field, gold[field], predicted[field]) for field in FIELDS]


def combine(scores: Iterable[list[FieldScore]]) -> list[FieldScore]:
    """Micro-averaged scores over several reports."""
    totals: dict[str, FieldScore] = {}
    for report_scores in scores:
        for s in report_scores:
            totals[s.field] = totals[s.field].merge(s) if s.field in totals else s
    return [totals[f] for f in FIELDS if f in totals]


class EvaluationError(ValueError):
    """A report file cannot be scored: no curated report matches it."""


@dataclass(frozen=True)
class ReportScore:
    """One report file scored: the curated report it was matched to and the per-field scores."""

    path: Path
    curated: Report
    scores: list[FieldScore]

    def misses(self) -> list[str]:
        """One line per key missed or added: ``<report> <field> missed: item <position>: <key>``."""
        return [
            f"{self.curated.id} {s.field} {label}: item {key}"
            for s in self.scores
            for label, keys in (("missed", s.missed), ("extra", s.extra))
            for key in keys
        ]


def curated_report(dataset: Dataset, path: Path, report_id: str) -> Report:
    """The curated report a file is scored against: the one with its file name, else with its id."""
    for report in dataset.reports:
        if report.source_file == path.name:
            return report
    for report in dataset.reports:
        if report.id == report_id:
            return report
    raise EvaluationError(f"{path}: no curated report with that file name or id '{report_id}'")


def score_files(paths: Iterable[Path | str], dataset: Dataset) -> list[ReportScore]:
    """Extract each report file and score it against its curated report (:func:`curated_report`).

    Raises ``ReportReadError`` for an unreadable file and :class:`EvaluationError` for one with no
    curated counterpart; :func:`combine` of the ``scores`` gives the totals.
    """
    from binatgraph.records.drafts import ingest_file

    scored = []
    for path in map(Path, paths):
        draft = ingest_file(path, dataset)
        curated = curated_report(dataset, path, draft.report.id)
        scored.append(ReportScore(path, curated, score_report(curated, draft.extractions, dataset.index)))
    return scored
