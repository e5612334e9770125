"""The analyst's day on a SPARQL server gives the embedded store's answers (issue 19).

``benchmarks/day.py --store`` runs at 1,000 synthetic events: the dump is loaded into the server
(the Graph Store protocol, then ``MOVE``), the named queries go over HTTP, the projection,
centrality and page read the server through ``open_graph``; then the same queries, projection and page
run on the embedded store the dump came from, and the answers are compared: the triple count (a dump
of a build holds the derived triples and entailments, so the server must hold as many), every named
query's rows and order, every node and tie of the projection, and the page's bytes.

Like the other server tests (``tests/test_remote_store.py``) it needs ``BINATGRAPH_TEST_VIRTUOSO_URL``,
which ``.ci/run`` sets after ``scripts/virtuoso.sh start``; without it the test is skipped and says why.
It writes to a graph of its own and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from binatgraph.graph.store import StoreLocation
from binatgraph.graph.store import sparql as remote

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
URL = os.environ.get("BINATGRAPH_TEST_VIRTUOSO_URL", "")
GRAPH = "https://w3id.org/binatgraph/test/day"

needs_server = pytest.mark.skipif(
    not URL,
    reason="no SPARQL server: run `scripts/virtuoso.sh start` and set "
    "BINATGRAPH_TEST_VIRTUOSO_URL=sparql+http://127.0.0.1:28890/sparql (.ci/run does both)",
)


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import day as module

    yield module
    sys.modules.pop("day", None)
    sys.modules.pop("measure", None)


@pytest.fixture
def server() -> Iterator[StoreLocation]:
    """The test server with a graph of this test's own, dropped afterwards with its manifest."""
    location = StoreLocation.parse(f"{URL}#graph={GRAPH}")
    yield location
    store = remote._store(location)
    for graph in (GRAPH, remote.manifest_graph(location)):
        store._update(f"DROP SILENT GRAPH <{graph}>")


@pytest.mark.slow  # ~20 s: 1,000 events built, exported, loaded into the server, queried on both
@needs_server
def test_the_day_on_a_server_gives_the_embedded_stores_answers(  # type: ignore[no-untyped-def]
    day, server: StoreLocation, tmp_path: Path
) -> None:
    args = argparse.Namespace(reports=3, workdir=tmp_path, store=str(server), server_pid=None)
    run = day.run_server(1000, args)

    assert set(run["day"]) == set(day.DAY)
    assert all(run["day"][stage]["seconds"] > 0 for stage in day.DAY)
    answers = run["answers"]
    # the dump holds the derived triples and entailments (the build's marker): nothing added or lost
    assert answers["triples"]["same"], answers["triples"]
    queries = answers["queries"]
    assert len(queries) == len(run["queries"]) >= 13
    assert all({"embedded", "ours"} <= set(q) for q in run["queries"].values())  # both sides timed
    assert sum(q["rows"] for q in queries.values()) > 1000  # the parameters name real entities
    for name, verdict in queries.items():
        assert verdict["same_rows"], f"{name}: {verdict}"
        # exact order, or the order Virtuoso 7 gives strings alike in their first 20 characters
        assert verdict["order"] in ("same", "-", "virtuoso"), f"{name}: {verdict}"
    assert answers["projection"]["same"], answers["projection"]
    assert answers["projection"]["edges"] > 1000
    assert answers["page"]["same"]
    assert day.answers_match(answers)
    assert not list(tmp_path.iterdir())  # the work folder is cleaned up


def test_answers_differ_when_a_row_does(day) -> None:  # type: ignore[no-untyped-def]
    """The comparison is not vacuous: a changed value, a lost row or a swapped order shows."""
    query = "SELECT ?name ?n WHERE {} ORDER BY DESC(?n) ?name"
    names = ["name", "n"]
    here = [('"b"', "3"), ('"a"', "2"), ('"c"', "2")]
    assert day.compare_rows(query, names, here, list(here))["same"]
    assert not day.compare_rows(query, names, here, here[:2])["same_rows"]
    assert not day.compare_rows(query, names, here, [here[0], ('"a"', "2"), ('"c"', "1")])["same_rows"]
    assert day.compare_rows(query, names, here, [here[0], here[2], here[1]])["order"] == "differs"
    long = [('"Binational Mechanism 10"', "2"), ('"Binational Mechanism 30"', "2")]
    assert day.compare_rows(query, names, long, long[::-1])["order"] == "virtuoso"
