"""Finishing a review: the records into ``data/`` and the graph into the store, all or nothing.

:func:`finish_review` replays the judgements on a draft folder; when nothing is left to judge it
plans the new text of every ``data/`` file the review touches (:mod:`binatgraph.records.curate`),
checks the result as a whole (a copy of ``data/`` with the changes is loaded with every model and
reference check, and the SHACL shapes are run), then commits:

1. a journal is written under ``data/.review-journal/``: the old text of every file (or that it was
   absent), the report's triples now in the store and which of the new entity triples the store
   lacks; ``journal.json`` is written last, by a rename;
2. the files are written, each through a temporary name and a rename;
3. the report's triples are replaced in the store in one transaction;
4. the journal is removed: the review is committed.

A failure in 2 or 3 rolls both back from the journal before the error is raised; a process killed
anywhere in between leaves the journal, and :func:`recover` (run first by every review and ingest
command) rolls back the same way. So ``data/`` and the store either both hold the review or neither.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from binatgraph.graph.build import ShaclError
from binatgraph.graph.entail import entailed
from binatgraph.graph.rdf import gazetteer_triples, report_triples, to_graph
from binatgraph.graph.shacl import check
from binatgraph.graph.store import StoreLocation, apply_report, open_graph
from binatgraph.records.curate import plan_changes
from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.records.judgements import (
    Judgements,
    Question,
    Resolved,
    load_draft_folder,
    load_judgements,
    replay,
    write_atomic,
)
from binatgraph.records.reference import load_reference, reference_folder
from binatgraph.schema import ids

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["JOURNAL", "FinishResult", "ReviewIncomplete", "finish_review", "recover"]

JOURNAL = ".review-journal"
"""The folder under ``data/`` that holds a review being committed."""


class ReviewIncomplete(ValueError):  # noqa: N818 - the review is unfinished, not broken
    """The draft still has proposals nobody judged."""

    def __init__(self, remaining: list[Question]) -> None:
        self.remaining = remaining
        names = ", ".join(f"{q.mention} ({q.key})" for q in remaining[:8])
        super().__init__(f"{len(remaining)} proposal(s) still to judge: {names}")


@dataclass(frozen=True)
class FinishResult:
    """What a finished review wrote: report, data files, triples applied, new entities, aliases."""

    report: str
    files: tuple[Path, ...]
    triples: int
    new_entities: int
    aliases: int


def _nt(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    from binatgraph.graph.store import ntriples_line

    return "".join(ntriples_line(*t) for t in triples)


def _parse_nt(text: str) -> list[tuple[Node, Node, Node]]:
    from rdflib import Graph

    graph = Graph()
    if text.strip():
        graph.parse(data=text, format="nt")
    return list(graph)


def _report_triples_in_store(location: StoreLocation, report_id: str) -> list[tuple[Node, Node, Node]]:
    """What ``apply_report`` would delete for this report (its resources and what points into them)."""
    report = str(ids.report(report_id))
    event_head = str(ids.event(report_id, 0))[:-2]
    query = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o .
      FILTER(REGEX(STR(?s), "^{event_head}[0-9]+(/|$)") || STR(?s) = "{report}"
             || STRSTARTS(STR(?s), "{report}/") || (isIRI(?o) && STRSTARTS(STR(?o), "{report}/"))) }}"""
    with open_graph(location) as graph:
        return list(graph.query(query))  # type: ignore[arg-type]


def _missing(
    location: StoreLocation, triples: Iterable[tuple[Node, Node, Node]]
) -> list[tuple[Node, Node, Node]]:
    with open_graph(location) as graph:
        return [t for t in triples if t not in graph]


def _delete(location: StoreLocation, triples: list[tuple[Node, Node, Node]]) -> None:
    if not triples:
        return
    with open_graph(location, read_only=False) as graph:
        graph.update(f"DELETE DATA {{ {_nt(triples)} }}")


def _validate(data_dir: Path, changes: dict[Path, str], report_id: str) -> tuple[Dataset, list[Any]]:
    """Load a copy of ``data_dir`` with ``changes`` made; SHACL on the gazetteer and the report."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(JOURNAL, ".*"))
        for path, text in changes.items():
            target = copy / path.relative_to(data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        dataset = load_dataset(copy)
        if reference_folder(copy).is_dir():  # no clash between the new curated records and the reference
            load_reference(reference_folder(copy), gazetteer=dataset.gazetteer)
    report = next(r for r in dataset.reports if r.id == report_id)
    triples = list(report_triples(report, dataset.gazetteer))
    graph = to_graph([*gazetteer_triples(dataset.gazetteer), *triples])
    result = check(graph)
    if not result.conforms:
        raise ShaclError(result)
    return dataset, triples


def resolve_folder(draft_dir: Path, data_dir: Path, judgements: Judgements | None = None) -> Resolved:
    """The draft folder with the judgements of ``data_dir`` replayed on it."""
    dataset = load_dataset(data_dir)
    draft = load_draft_folder(draft_dir)
    judgements = judgements if judgements is not None else load_judgements(data_dir)
    return replay(draft.report, draft.proposals, judgements, dataset.index, draft.from_reference)


def finish_review(draft_dir: Path, data_dir: Path, location: StoreLocation) -> FinishResult:
    """Write a fully judged draft into ``data_dir`` and the store, all or nothing (see the module)."""
    data_dir, draft_dir = Path(data_dir), Path(draft_dir)
    recover(data_dir, location)
    curated = load_dataset(data_dir)
    judgements = load_judgements(data_dir)
    draft = load_draft_folder(draft_dir)
    resolved = replay(draft.report, draft.proposals, judgements, curated.index, draft.from_reference)
    if resolved.remaining:
        raise ReviewIncomplete(resolved.remaining)
    kinds_of = {i: str(curated.index.kind_of(i)) for i in resolved.aliases}
    changes = plan_changes(data_dir, resolved, judgements, kinds_of)
    dataset, triples = _validate(data_dir, changes, resolved.report.id)
    touched = {e.id for entities in resolved.proposals.values() for e in entities} | set(resolved.aliases)
    entity_triples = [t for t in gazetteer_triples(dataset.gazetteer) if _names(t[0], touched)]
    stored = list(entailed([*entity_triples, *triples]))
    _commit(data_dir, location, resolved.report.id, changes, stored)
    return FinishResult(
        resolved.report.id,
        tuple(sorted(changes)),
        len(stored),
        sum(len(v) for v in resolved.proposals.values()),
        sum(len(v) for v in resolved.aliases.values()),
    )


def _names(subject: object, touched: set[str]) -> bool:
    found = ids.parse(str(subject))
    if found is not None:
        return found[1] in touched
    holding = ids.parse_membership(str(subject))
    return holding is not None and bool(set(holding) & touched)


def _commit(
    data_dir: Path,
    location: StoreLocation,
    report_id: str,
    changes: dict[Path, str],
    triples: list[tuple[Node, Node, Node]],
) -> None:
    journal = data_dir / JOURNAL
    shutil.rmtree(journal, ignore_errors=True)
    (journal / "files").mkdir(parents=True)
    entries = []
    for n, path in enumerate(sorted(changes)):
        saved = None
        if path.exists():
            saved = f"files/{n}"
            shutil.copyfile(path, journal / saved)
        entries.append({"path": str(path.relative_to(data_dir)), "saved": saved})
    (journal / "report.nt").write_text(_nt(_report_triples_in_store(location, report_id)), encoding="utf-8")
    (journal / "added.nt").write_text(_nt(_missing(location, triples)), encoding="utf-8")
    manifest = {"report": report_id, "store": str(location), "files": entries}
    write_atomic(
        journal / "journal.json", json.dumps(manifest, indent=1)
    )  # from here on, recover() rolls back
    try:
        for path in sorted(changes):
            write_atomic(path, changes[path])
        apply_report(location, report_id, triples)
    except BaseException:
        # if the rollback fails too, the journal stays and the next command finishes it
        with contextlib.suppress(Exception):
            recover(data_dir, location)
        raise
    (journal / "journal.json").unlink()  # committed
    shutil.rmtree(journal, ignore_errors=True)


def recover(data_dir: Path, location: StoreLocation | None) -> bool:
    """Roll back a review that was being committed when its process stopped; True when there was one.

    The files come back from the journal, and (when ``location`` is the journal's store) the report's
    earlier triples replace its new ones and the entity triples the review added are deleted.
    """
    journal = Path(data_dir) / JOURNAL
    manifest_path = journal / "journal.json"
    if not manifest_path.exists():
        shutil.rmtree(journal, ignore_errors=True)  # a journal never completed: nothing was changed
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        path = Path(data_dir) / entry["path"]
        if entry["saved"] is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, (journal / entry["saved"]).read_text(encoding="utf-8"))
    if location is not None and str(location) == manifest["store"]:
        old = _parse_nt((journal / "report.nt").read_text(encoding="utf-8"))
        apply_report(location, manifest["report"], old)
        _delete(location, _parse_nt((journal / "added.nt").read_text(encoding="utf-8")))
    manifest_path.unlink()
    shutil.rmtree(journal, ignore_errors=True)
    return True
