"""Extraction on the two real CBI reports, scored against data/ (an extra layer: needs ../shared/reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.records.drafts import ingest_file
from binatgraph.records.evaluate import combine, score_report
from binatgraph.records.extract import extract_item
from binatgraph.records.gazetteer import GazetteerIndex, normalize
from binatgraph.reports import parse_report, read_report_text

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "reports"
pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="the real reports live in ../shared/reports")

TARGETS = {"items": 1.0, "dates": 1.0, "people": 0.95, "organizations": 0.95, "institutions": 0.90}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(ROOT / "data")


def _files() -> list[Path]:
    return sorted(REPORTS.glob("*.txt"))


def test_eval_meets_the_targets(dataset: Dataset) -> None:
    gold = {r.source_file: r for r in dataset.reports}
    scores = combine(
        score_report(gold[path.name], ingest_file(path, dataset).extractions, dataset.index)
        for path in _files()
    )
    by_field = {s.field: s for s in scores}
    for field, target in TARGETS.items():
        assert by_field[field].f1 >= target, (field, by_field[field].missed, by_field[field].extra)


def test_people_are_found_without_knowing_them(dataset: Dataset) -> None:
    """With every person removed from the gazetteer, title-and-name patterns alone still find them."""
    index = GazetteerIndex.from_gazetteer(dataset.gazetteer.model_copy(update={"people": ()}))
    found = expected = hits = 0
    for path in _files():
        curated = next(r for r in dataset.reports if r.source_file == path.name)
        for item, gold in zip(parse_report(read_report_text(path)).items, curated.items, strict=True):
            names = {normalize(p.name) for p in extract_item(item, index).people}
            found += len(names)
            for ref in (*gold.event.participants, *gold.mentions.people):
                expected += 1
                entity = dataset.index.get(ref.person)
                assert entity is not None
                hits += bool(names & {normalize(n) for n in entity.names()})
    precision, recall = hits / found, hits / expected
    assert precision >= 0.9 and recall >= 0.85, (precision, recall)
