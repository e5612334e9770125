"""A review ready to run for the tests: a copy of the fixture data, its store, and drafts of documents."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file, write_draft
from binatgraph.records.judgements import load_judgements, replay_draft

from .serving import serve_app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTS = FIXTURES / "review"
# the review fixtures in the order they are ingested: the first half is reviewed, the second replayed
ORDER = (
    "comunicado-agua-es.txt",
    "readout-agua-en.txt",
    "comunicado-frontera-es.txt",
    "readout-julio-en.txt",
    "comunicado-agosto-es.txt",
    "news-septiembre-en.txt",
)


@dataclass
class Workspace:
    root: Path
    data: Path
    store: StoreLocation
    drafts: Path


def workspace(root: Path) -> Workspace:
    """A writable copy of tests/fixtures/data, its store built in a folder, and an empty drafts folder."""
    data = root / "data"
    shutil.copytree(FIXTURES / "data", data)
    store = StoreLocation.parse(root / "store")
    build(data, store)
    return Workspace(root, data, store, root / "drafts")


def ingest(ws: Workspace, name: str, replay: bool = True) -> tuple[Path, int]:
    """Draft one review fixture (replaying the judgements so far); its folder and the questions left."""
    dataset = load_dataset(ws.data)
    draft = ingest_file(DOCUMENTS / name, dataset)
    asked = sum(len(v) for v in draft.proposals.values())
    judgements = load_judgements(ws.data)
    if replay and judgements.entries:
        draft, left = replay_draft(draft, judgements, dataset.index)
        asked = len(left)
    return write_draft(draft, ws.drafts), asked


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (to compare a folder before and after)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextmanager
def serving(app: object) -> Iterator[str]:
    """The workbench ``app`` on a free loopback port (the endpoint tests' server helper)."""
    with serve_app(app) as url:
        yield url
