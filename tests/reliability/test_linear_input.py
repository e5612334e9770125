"""Extraction stays linear in its input: the hostile inputs that took tens of seconds, timed against a
small one of the same shape (a ratio, not a wall-clock budget, so a busy machine does not fail it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from binatgraph.records.dataset import load_dataset
from binatgraph.records.extract import extract_item
from binatgraph.reports.document import parse_document

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    return load_dataset(DATA).index


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _extract(text: str, index) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    def run() -> object:
        [item] = parse_document("A title for the test\n" + text).items
        return extract_item(item, index)

    return run


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a title repeated on one line", lambda n: "Secretary of " * n),
        ("an unclosed parenthesis between long words", lambda n: "A" * (2 * n) + " (" + "B" * (2 * n)),
        ("a long capitalised run", lambda n: " ".join(["Word"] * n) + "."),
        ("a long run of name particles", lambda n: "Ana " + "de la " * n + "Cruz."),
    ],
)
def test_hostile_input_costs_what_its_length_says(index, name: str, make: Callable[[int], str]) -> None:  # type: ignore[no-untyped-def]
    small, large = 500, 8000  # 16x the input
    _extract(make(50), index)()  # warm caches
    t_small = max(_seconds(_extract(make(small), index)), 1e-3)
    t_large = _seconds(_extract(make(large), index))
    # linear work grows 16x; quadratic grows 256x. Allow for noise and fixed costs: under 60x, or fast anyway.
    assert t_large < 2.0 or t_large / t_small < 60, f"{name}: {t_small:.3f}s -> {t_large:.3f}s"
