"""The benchmark scripts still run: the day benchmark end to end on a tiny graph (figures are not checked)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"

pytestmark = pytest.mark.slow  # about a minute: `pytest -m "not slow"` skips it locally; CI runs it


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import day as module

    yield module
    sys.modules.pop("day", None)
    sys.modules.pop("measure", None)


def test_day_runs_every_stage_and_tabulates(day, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = argparse.Namespace(reports=3, baseline_max=200, layer_max=200, limit=30.0, workdir=tmp_path)
    run = day.run_size(200, args)
    assert set(run["day"]) == set(day.DAY)
    assert all(run["day"][stage]["seconds"] > 0 for stage in day.DAY)
    assert set(run["baseline"]) == {"load", "queries", "project", "centrality", "page"}
    assert {q["rows"] for q in run["queries"].values()} != {0}  # the parameters name real entities
    assert all("rdflib_api" in q for q in run["queries"].values())
    run["date"], run["load_average"] = "2026-01-01", "0.0"
    table = day.tables({200: run})
    assert "| load | " in table and "**median**" in table
    assert not list(tmp_path.iterdir())  # the work folder is cleaned up
