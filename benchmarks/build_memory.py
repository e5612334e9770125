"""Benchmark: the memory profile of a build, as a whole process, sampled while it runs.

``binatgraph build --no-shacl`` runs as a child process on a synthetic data folder; its resident memory
(``VmRSS`` of the process and its children) is sampled every ``--every`` seconds beside the last progress
line it printed, so the profile shows which step holds what. The figures go to ``build-memory.md`` beside
this script (one section per size, replaced when rerun).

    python benchmarks/build_memory.py --events 100000 --workdir /var/tmp          # ~3 minutes
    python benchmarks/build_memory.py --events 1000000 --workdir /var/tmp --every 5  # 10-40 min, ~20 GB

A build that streams report by report (issue 19) should hold memory flat while it reads and turns
records into triples; the bulk loader's own buffers come on top while it loads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import measure

from binatgraph.synth.data import write_synthetic

HERE = Path(__file__).parent
RESULTS = HERE / "build-memory.md"
SEED = 7


def _tree_rss_mb(pid: int) -> float:
    """Resident MB of ``pid`` and its direct children (the CLI runs in one process today)."""
    total = measure.status_mb("VmRSS", pid) or 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            total += measure.status_mb("VmRSS", child) or 0.0
    return total


def profile(data: Path, store: Path, every: float) -> tuple[float, list[tuple[float, float, str]], int]:
    """Run the build; return its seconds, the samples (seconds, MB, last progress line) and its exit code."""
    command = [sys.executable, "-m", "binatgraph.cli", "build", "--data", str(data), "--store", str(store)]
    command.append("--no-shacl")
    started = time.perf_counter()
    child = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    last = ["starting"]

    def read_progress() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            if line.strip():
                last[0] = line.strip()[:90]

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    samples: list[tuple[float, float, str]] = []
    while child.poll() is None:
        samples.append((time.perf_counter() - started, _tree_rss_mb(child.pid), last[0]))
        time.sleep(every)
    reader.join(timeout=5)
    return time.perf_counter() - started, samples, child.returncode


def _section(events: int, seconds: float, samples: list[tuple[float, float, str]], code: int) -> str:
    peak = max((mb for _, mb, _ in samples), default=0.0)
    lines = [
        f"## {events:,} events ({dt.date.today().isoformat()}, "
        f"load average at start {measure.load_average()})",
        "",
        f"`binatgraph build --no-shacl`: {seconds:.0f} s, "
        f"peak resident {peak:,.0f} MB (sampled), exit {code}.",
        "",
        "| s | resident MB | last progress line |",
        "|---:|---:|---|",
    ]
    # one row per change of step, plus every tenth sample so the curve shows
    shown_step = None
    for i, (at, mb, step) in enumerate(samples):
        if step != shown_step or i % 10 == 0 or mb == peak:
            lines.append(f"| {at:.0f} | {mb:,.0f} | {step.replace('|', '/')} |")
            shown_step = step
    return "\n".join(lines) + "\n"


def _write(events: int, section: str) -> None:
    text = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.exists()
        else (
            "# The build's memory, sampled\n\nWritten by `python benchmarks/build_memory.py`; "
            f"{measure.machine()}.\n\n"
        )
    )
    head = f"## {events:,} events"
    parts = text.split("\n## ")
    kept = [parts[0]] + [p for p in parts[1:] if not ("## " + p).startswith(head + " ")]
    RESULTS.write_text("\n## ".join(kept).rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--workdir", type=Path, default=None, help="where data and stores go (default: temp)")
    parser.add_argument("--data", type=Path, default=None, help="an existing synthetic folder (one size)")
    parser.add_argument("--store", type=Path, default=None, help="keep the built store here (one size)")
    args = parser.parse_args()
    for events in args.events:
        with tempfile.TemporaryDirectory(prefix=f"build-memory-{events}-", dir=args.workdir) as folder:
            tmp = Path(folder)
            data = args.data or tmp / "data"
            if args.data is None:
                write_synthetic(data, events=events, seed=SEED)
            seconds, samples, code = profile(data, args.store or tmp / "store", args.every)
            section = _section(events, seconds, samples, code)
            print(section)
            _write(events, section)
            for leftover in tmp.iterdir():
                if leftover == data:
                    continue
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink()


if __name__ == "__main__":
    main()
