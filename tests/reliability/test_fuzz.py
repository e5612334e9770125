"""A bounded fuzz run: thousands of mutated reports and documents through reading, parsing and extraction.

Each case has a time limit. A case ends clean (items came out), in a clean error (a ReportReadError or a
ValueError with a message, what the CLI prints as one line), in a crash (any other exception: a
traceback for the user) or in a timeout. The run fails on any crash or timeout. Mutations are seeded, so
a failure names a case that reproduces.
"""

from __future__ import annotations

import random
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from binatgraph.records.dataset import load_dataset
from binatgraph.records.extract import extract_item
from binatgraph.reports import ReportReadError, parse_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATA = Path(__file__).resolve().parents[2] / "data"
CASES = 2000
LIMIT = 5.0  # seconds a case may take: a clean case takes milliseconds
NASTY = [
    "Secretary of " * 40,
    "(" * 60,
    "A" * 3000 + " (" + "B" * 3000,
    "1) ",
    "\u00a0\u200b\ufeff",
    "\r\n\r\n",
    "On June 31, 2023",
    "el 99 de marzo de 2023",
    "99.99.99",
    " date 20",
    "REPORT | Q9 9999\n",
    "Binational Institutional Repository\n",
    "**Encounter** — ",
    "• ",
    "<div>" * 30,
]


class CaseTimeoutError(Exception):
    """A case ran past its limit."""


def _sources() -> list[str]:
    paths = [
        *FIXTURES.glob("reports/*.txt"),
        *FIXTURES.glob("reports/*.md"),
        *FIXTURES.glob("documents/*.txt"),
        *FIXTURES.glob("repository/*"),
        *FIXTURES.glob("ingest/*.txt"),
    ]
    return [p.read_text(encoding="utf-8") for p in sorted(paths)]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.randint(1, 4)):
        move = rng.randrange(7)
        i = rng.randrange(len(lines))
        if move == 0:  # drop a line
            lines.pop(i)
        elif move == 1:  # repeat a line many times
            lines[i:i] = [lines[i]] * rng.randint(2, 200)
        elif move == 2:  # insert something hostile
            lines.insert(i, rng.choice(NASTY) + ("\n" if rng.random() < 0.5 else ""))
        elif move == 3:  # shuffle a stretch
            chunk = lines[i : i + 10]
            rng.shuffle(chunk)
            lines[i : i + 10] = chunk
        elif move == 4 and lines[i]:  # flip characters
            chars = list(lines[i])
            for _ in range(rng.randint(1, 5)):
                chars[rng.randrange(len(chars))] = rng.choice("(). \u00e9\u2014\n")
            lines[i] = "".join(chars)
        elif move == 5:  # cut the text short
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: rng.randint(0, len(lines[-1]))]
        else:  # join two lines
            if i + 1 < len(lines):
                lines[i : i + 2] = [lines[i].rstrip("\n") + " " + lines[i + 1]]
        if not lines:
            lines = [""]
    return "".join(lines)


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise CaseTimeoutError


def _cases(count: int, seed: int = 20) -> Iterator[tuple[int, str]]:
    rng = random.Random(seed)
    sources = _sources()
    for case in range(count):
        yield case, _mutate(rng, rng.choice(sources))


def run_fuzz(count: int = CASES) -> tuple[Counter[str], list[str]]:
    """Run ``count`` cases; the outcome counts and the first failures (case number and what happened)."""
    index = load_dataset(DATA).index
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for case, text in _cases(count):
            signal.setitimer(signal.ITIMER_REAL, LIMIT)
            try:
                parsed = parse_source(text, f"case-{case}")
                for item in parsed.items[:40]:
                    extract_item(item, index)
                outcomes["clean"] += 1
            except CaseTimeoutError:
                outcomes["timeout"] += 1
                failures.append(f"case {case}: over {LIMIT}s")
            except (ReportReadError, ValueError) as exc:
                outcomes["clean error"] += 1 if str(exc) else 0
                outcomes["crash"] += 0 if str(exc) else 1
            except Exception as exc:  # a traceback the user would see
                outcomes["crash"] += 1
                failures.append(f"case {case}: {type(exc).__name__}: {exc}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return outcomes, failures


@pytest.mark.slow
def test_mutated_sources_never_crash_or_hang() -> None:
    outcomes, failures = run_fuzz()
    assert sum(outcomes.values()) == CASES
    assert outcomes["crash"] == 0 and outcomes["timeout"] == 0, (dict(outcomes), failures[:10])


if __name__ == "__main__":  # python tests/reliability/test_fuzz.py: the counts, for the record
    counts, first = run_fuzz()
    print(dict(counts), *first[:10], sep="\n")
