"""Reviewed drafts into the store: validate them with the curated gazetteer and apply them in one transaction.

A draft folder (written by :mod:`binatgraph.records.drafts`) has the layout of ``data/``. Applying it
loads it together with the curated gazetteer (model and reference checks), checks the SHACL shapes, and
replaces the report's triples in the store; the report's earlier triples go, so applying twice changes
nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from rdflib.term import Node

from binatgraph.graph.build import ShaclError
from binatgraph.graph.entail import entailed
from binatgraph.graph.rdf import gazetteer_triples, report_triples, to_graph
from binatgraph.graph.shacl import check
from binatgraph.graph.store import StoreLocation, apply_reports
from binatgraph.records.dataset import load_dataset
from binatgraph.schema import ids
from binatgraph.schema.kinds import GAZETTEER_KINDS

__all__ = ["apply_drafts", "apply_many"]


def _merged_folder(data_dir: Path, draft_dir: Path, scratch: Path) -> Path:
    """A data folder holding the curated gazetteer plus the draft's proposals and its report."""
    (scratch / "gazetteer").mkdir(parents=True)
    (scratch / "reports").mkdir()
    for kind in GAZETTEER_KINDS:
        records: list[Any] = []
        for folder in (data_dir / "gazetteer", draft_dir / "gazetteer"):
            path = folder / f"{kind}.yaml"
            if path.exists():
                records.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
        (scratch / "gazetteer" / f"{kind}.yaml").write_text(
            yaml.safe_dump(records, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    for path in sorted((draft_dir / "reports").glob("*.yaml")):
        shutil.copy(path, scratch / "reports" / path.name)
    return scratch


def apply_drafts(draft_dir: Path, data_dir: Path, location: StoreLocation) -> tuple[str, int]:
    """Validate a reviewed draft with the curated gazetteer and add it to the store in one transaction.

    Returns the report id and the number of triples the report now has in the store.
    """
    [(report_id, count)] = apply_many([draft_dir], data_dir, location)
    return report_id, count


def apply_many(draft_dirs: Sequence[Path], data_dir: Path, location: StoreLocation) -> list[tuple[str, int]]:
    """Validate every draft first, then add them all to the store in one transaction: all or none.

    Returns each report id with the number of triples the report now has in the store.
    """
    prepared = [_prepared(draft_dir, data_dir) for draft_dir in draft_dirs]
    seen: set[str] = set()
    for report_id, _ in prepared:
        if report_id in seen:
            raise ValueError(f"two drafts are the report {report_id}; apply one of them")
        seen.add(report_id)
    counts = apply_reports(location, prepared)
    return [(report_id, counts[report_id]) for report_id, _ in prepared]


def _prepared(draft_dir: Path, data_dir: Path) -> tuple[str, list[tuple[Node, Node, Node]]]:
    """A draft's report id and the triples it stores, after the model, reference and SHACL checks."""
    with tempfile.TemporaryDirectory() as tmp:
        dataset = load_dataset(_merged_folder(data_dir, draft_dir, Path(tmp) / "data"))
    [report] = dataset.reports
    triples = list(report_triples(report, dataset.gazetteer))
    graph = to_graph([*gazetteer_triples(dataset.gazetteer), *triples])
    result = check(graph)
    if not result.conforms:
        raise ShaclError(result)
    proposals = _proposed_ids(draft_dir)
    entity_triples = [t for t in gazetteer_triples(dataset.gazetteer) if _is_proposed(t[0], proposals)]
    # stored with their RDFS entailments, as a build stores them (binatgraph.graph.entail)
    return report.id, list(entailed([*entity_triples, *triples]))


def _proposed_ids(draft_dir: Path) -> set[str]:
    ids: set[str] = set()
    for path in (draft_dir / "gazetteer").glob("*.yaml") if (draft_dir / "gazetteer").exists() else ():
        ids.update(r["id"] for r in yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return ids


def _is_proposed(subject: object, proposals: set[str]) -> bool:
    found = ids.parse(str(subject))
    if found is not None:
        return found[1] in proposals
    # a post held: new when the person or the post is
    holding = ids.parse_membership(str(subject))
    return holding is not None and bool(set(holding) & proposals)
