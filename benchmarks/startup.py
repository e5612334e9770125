"""How long a command takes from the shell: whole processes, against the floor every graph command pays.

Times, in the same run and alternated round by round, ``binatgraph --help``, ``binatgraph stats`` and a
one-row ``binatgraph query`` on a store built from ``data/`` (into a temporary folder first), beside
``python -c "import rdflib, pyoxigraph"``: the two libraries any command that reads the graph must load.
Prints the median wall seconds of each and its ratio to the floor; ``--write`` puts the table into the
"Startup" section of ``benchmarks/README.md``.

    python benchmarks/startup.py                 # 11 rounds, ~10 s
    python benchmarks/startup.py --rounds 21 --write

The target (issue 14): each of the three within 1.5x of the floor.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = Path(__file__).resolve().parent / "README.md"
TARGET = 1.5
ONE_ROW = "SELECT ?person WHERE { ?person a schema:Person } LIMIT 1"
_SECTION = re.compile(r"(<!-- startup:begin -->\n).*?(<!-- startup:end -->)", re.DOTALL)


def binatgraph() -> str:
    """The console script beside this interpreter (what a user types), else the one on PATH."""
    beside = Path(sys.executable).parent / "binatgraph"
    return str(beside) if beside.exists() else "binatgraph"


def commands(store: Path) -> dict[str, list[str]]:
    """What is timed: the floor first, then the three commands."""
    cli = binatgraph()
    return {
        'python -c "import rdflib, pyoxigraph"': [sys.executable, "-c", "import rdflib, pyoxigraph"],
        "binatgraph --help": [cli, "--help"],
        "binatgraph stats": [cli, "stats", "--store", str(store)],
        "binatgraph query (one row)": [cli, "query", ONE_ROW, "--store", str(store)],
    }


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one whole process; a failure stops the benchmark.

    CPU time is the steadier figure on a busy machine: waiting for a core does not count in it.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed:\n{errors.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(store: Path, rounds: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds per command; each round runs every command once, in a rotated order."""
    argvs = commands(store)
    for argv in argvs.values():  # warm the file cache and the bytecode
        run_once(argv)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in argvs}
    names = list(argvs)
    for i in range(rounds):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(run_once(argvs[name]))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def table(medians: dict[str, tuple[float, float]], rounds: int) -> str:
    """The figures as a Markdown table, with the ratio of each to the floor (the first row)."""
    floor_wall, floor_cpu = next(iter(medians.values()))
    lines = [
        f"| command | wall s (median of {rounds}) | × floor | CPU s (median) | × floor |",
        "|---|---:|---:|---:|---:|",
    ]
    for i, (name, (wall, cpu)) in enumerate(medians.items()):
        if i == 0:
            lines.append(f"| `{name}` | {wall:.3f} | 1.00 | {cpu:.3f} | 1.00 |")
            continue
        marks = [" ✓" if ratio <= TARGET else " ✗" for ratio in (wall / floor_wall, cpu / floor_cpu)]
        lines.append(
            f"| `{name}` | {wall:.3f} | {wall / floor_wall:.2f}{marks[0]} | {cpu:.3f} | "
            f"{cpu / floor_cpu:.2f}{marks[1]} |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    """Replace the figures between the startup markers of benchmarks/README.md."""
    readme = README.read_text(encoding="utf-8")
    if not _SECTION.search(readme):
        raise SystemExit(f"{README}: no <!-- startup:begin --> … <!-- startup:end --> markers")
    README.write_text(_SECTION.sub(lambda m: m.group(1) + text + "\n" + m.group(2), readme), encoding="utf-8")


def main() -> None:
    """Build a store from data/, time the commands, print the table (and write it with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11, help="runs of each command (at least 5)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder to build")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: a median of fewer says little")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build = [binatgraph(), "build", "--data", str(args.data), "--store", str(store), "--no-shacl"]
        subprocess.run(build, check=True, capture_output=True, cwd=ROOT)
        medians = measure(store, args.rounds)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = (
        table(medians, args.rounds)
        + f"\n\nMeasured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f}."
    )
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nwrote {README}")


if __name__ == "__main__":
    main()
