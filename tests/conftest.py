"""Shared fixtures: the project's folders, a small invented dataset written for the tests, and the store
built once from data/ for every test that reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, open_graph, replace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A writable copy of the invented test dataset, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def data_store(tmp_path_factory: pytest.TempPathFactory) -> StoreLocation:
    """The embedded store built once from data/, in a temporary folder, shared by the whole session.

    Read it (``open_graph`` opens it read-only), never write to it: a test that changes a store builds
    its own copy into ``tmp_path``.
    """
    location = StoreLocation.parse(tmp_path_factory.mktemp("data-store") / "store")
    build(DATA, location)
    return location


def load_memory(source: StoreLocation) -> StoreLocation:
    """Copy the graph at ``source`` into this process's in-memory store (``--store memory``).

    The memory store is one per process: whoever loads it next replaces it (graphs already open keep
    what they had).
    """
    memory = StoreLocation.parse("memory")
    with open_graph(source) as graph:
        replace(memory, list(graph))
    return memory
