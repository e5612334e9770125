"""Benchmark: every named query on the embedded store against rdflib's in-memory store, side by side.

For each size, synthetic data is generated (``binatgraph.synth.data``, fixed seed), built into the
embedded Oxigraph store, and the very same triples are parsed into an rdflib ``Graph()``; each
named query then runs on both in the same process, alternating, and the medians are compared.
The rdflib baseline is skipped above ``--baseline-max`` events (it takes minutes there).

    python benchmarks/queries.py --sizes 1000 10000 100000 --repeat 3

Prints a Markdown table: seconds per query on each store and the ratio (baseline / embedded).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from binatgraph.graph.build import build
from binatgraph.graph.export import serialize
from binatgraph.graph.store import StoreLocation, engine, open_graph
from binatgraph.queries import load_library, prepare
from binatgraph.synth.data import write_synthetic

# Parameters that exist in the synthetic data (the library's defaults name real entities).
SYNTH_PARAMS = {
    "institution": "institution:institution-0",
    "person": "person:person-0",
    "entity": "person:person-0",
    "date": "2012-06-01",
    "from": "2012-01-01",
    "to": "2012-12-31",
}


def _time(run: object, repeat: int) -> float | None:
    """Median seconds of ``run``; None when the engine cannot run the query (rdflib raises on some)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            run()  # type: ignore[operator]
        except Exception as exc:
            print(f"    failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return None
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _baseline(graph: Graph, text: str, repeat: int, limit: float) -> float | str | None:
    """rdflib's median seconds, measured in a forked child so a query past ``limit`` can be stopped."""
    ctx = mp.get_context("fork")  # the child shares the parsed graph; nothing is reloaded
    parent, child = ctx.Pipe()

    def work() -> None:
        child.send(_time(lambda: list(graph.query(text)), repeat))

    process = ctx.Process(target=work)
    process.start()
    if parent.poll(limit * repeat):
        value = parent.recv()
        process.join()
        return value
    process.kill()
    process.join()
    return f">{limit:g}"


def _compare(embedded: float | None, base: float | str | None, baseline: bool) -> dict[str, object]:
    """Cells of one row; a baseline stopped at the limit gives a lower bound on the ratio."""
    if isinstance(base, str) and embedded:
        ratio: object = f">{float(base[1:]) / embedded:.0f}"
    elif isinstance(base, float) and embedded:
        ratio = round(base / embedded, 1)
    else:
        ratio = None
    shown: object = round(base, 4) if isinstance(base, float) else base
    return {
        "embedded_s": round(embedded, 4) if embedded is not None else None,
        "rdflib_s": shown if base is not None else ("error" if baseline else None),
        "ratio": ratio,
    }


def bench(events: int, repeat: int, baseline: bool, limit: float) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data, location = Path(tmp) / "data", StoreLocation.parse(Path(tmp) / "store")
        write_synthetic(data, events=events, seed=7)
        start = time.perf_counter()
        built = build(data, location, shacl=False)
        build_s = time.perf_counter() - start
        with open_graph(location) as graph:
            store = engine(graph)
            memory = None
            if baseline:
                start = time.perf_counter()
                memory = Graph().parse(data=serialize(graph, "nt"), format="nt")
                rows.append(
                    {
                        "events": events,
                        "query": "(load N-Triples)",
                        "embedded_s": None,
                        "rdflib_s": round(time.perf_counter() - start, 3),
                        "ratio": None,
                    }
                )
            rows.append(
                {
                    "events": events,
                    "query": "(build store)",
                    "embedded_s": round(build_s, 3),
                    "rdflib_s": None,
                    "ratio": None,
                    "triples": built.triples,
                }
            )
            held = next(
                iter(
                    store.query(
                        "SELECT ?post WHERE { ?part bg:asPost ?post } LIMIT 1",
                        prefixes={"bg": "https://w3id.org/binatgraph/ontology#"},
                    )
                )
            )
            params = {**SYNTH_PARAMS, "post": held[0].value}
            for query in load_library():
                text = prepare(
                    query, {k: v for k, v in params.items() if k in {p.name for p in query.params}}
                )
                embedded = _time(lambda text=text: list(store.query(text)), repeat)
                base = _baseline(memory, text, repeat, limit) if memory is not None else None
                rows.append(
                    {"events": events, "query": query.name, **_compare(embedded, base, memory is not None)}
                )
                print(f"  {events:>7} {query.name:30} {embedded}s  {base}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline-max", type=int, default=10000, help="largest size that runs the rdflib baseline"
    )
    parser.add_argument(
        "--limit", type=float, default=120, help="seconds an rdflib query may run before it stops"
    )
    args = parser.parse_args()
    print("| events | query | embedded (s) | rdflib memory (s) | ratio |")
    print("|---:|---|---:|---:|---:|")
    for size in args.sizes:
        for row in bench(size, args.repeat, size <= args.baseline_max, args.limit):
            cells = [row["events"], row["query"], row["embedded_s"], row["rdflib_s"], row["ratio"]]
            print("| " + " | ".join("" if c is None else str(c) for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
