"""Benchmark: the analysis path (projections, centrality, communities, paths, export) at 10k and 100k events.

For each size, synthetic data is generated (``binatgraph.synth.data``, fixed seed) and built into the
embedded Oxigraph store (no SHACL); then, in one process, each stage is timed with the peak
resident memory of the process that runs it:

a) the people projection, ``binatgraph.analysis.project(g, "people")`` (one ``GROUP BY ?event``
   aggregate of each event's members on Oxigraph, the pairs counted in Python, then networkx);
b) the same for ``"organizations"``;
c) the kglab-style baseline, up to ``--baseline-max`` events: the same triples (exported as
   N-Triples) parsed into an rdflib ``Graph()``, ``rdflib_to_networkx_graph`` on the whole graph,
   then networkx's weighted bipartite projection of people over events (ratio: baseline / ours);
d) every centrality measure on the people graph with the networkx and the igraph backend
   (betweenness exact up to 5,000 people, else from 500 sampled sources, seed 0);
e) Louvain communities; f) the connection between the two highest-degree people (and from the
   first to the person farthest from them), and GraphML export.

Stages that can run for many minutes (the rdflib baseline, networkx's closeness and
betweenness) and the organizations projection (over 150 s at 100k before the type test moved
into each UNION branch) run in a child process stopped at a time limit and are reported as a
lower bound (">240").

    python benchmarks/analysis.py                          # 10k and 100k: ~15 minutes on 2 cores
    python benchmarks/analysis.py --events 10000           # 10k only: ~5 minutes

Peak memory is the resident-set high-water mark (``VmHWM`` in ``/proc/self/status``) of the
process running the stage, reset before each stage through ``/proc/self/clear_refs`` (after
``malloc_trim`` hands freed heap back, so a stage's growth is its own); a forked
child's figure includes the pages it shares with its parent (the graph it measures). Prints a
Markdown table and writes it, with the machine and the versions, to ``analysis-results.md``
beside this script (text below the "kept across runs" line of that file is preserved).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import networkx as nx
from measure import machine, peak_mb, release_heap, reset_peak, status_mb

from binatgraph.analysis import centrality, communities, connection, project, to_igraph, write_graph
from binatgraph.analysis.centrality import EXACT_BETWEENNESS_UP_TO, Backend
from binatgraph.graph.build import build
from binatgraph.graph.export import serialize
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.synth.data import write_synthetic

MEASURES = ["degree", "weighted-degree", "pagerank", "eigenvector", "closeness", "betweenness"]
NETWORKX_IN_CHILD = {"closeness", "betweenness"}  # hours at 100k: stopped at --limit
SAMPLED_K = 500
RESULTS = Path(__file__).with_name("analysis-results.md")
KEEP = "<!-- kept across runs: benchmarks/analysis.py rewrites everything above this line -->"

Step = Callable[[str, float], None]


# --- memory and time ---------------------------------------------------------------------------


@dataclass
class Timing:
    """One stage at one size: seconds (None when stopped at ``limit`` or failed) and memory."""

    seconds: float | None
    peak_mb: float | None = None
    start_mb: float | None = None
    note: str = ""
    limit: float | None = None
    ratio: str = ""

    def time_cell(self) -> str:
        if self.seconds is not None:
            return _fmt(self.seconds)
        return f">{self.limit:g}" if self.limit else "failed"

    def memory_cell(self) -> str:
        if self.peak_mb is None:
            return ""
        grew = f" (+{max(self.peak_mb - self.start_mb, 0):.0f})" if self.start_mb is not None else ""
        return f"{self.peak_mb:.0f}{grew}"


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


def _measured(run: Callable[[], Any]) -> tuple[Any, Timing]:
    gc.collect()
    release_heap()
    reset_peak()
    start_mb = status_mb("VmRSS")
    start = time.perf_counter()
    value = run()
    seconds = time.perf_counter() - start
    return value, Timing(seconds, peak_mb(), start_mb)


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run ``func(*args, step=...)`` and send its value and timing; ``step`` reports partial times."""

    def step(name: str, seconds: float) -> None:
        conn.send(("step", name, seconds, peak_mb()))
        reset_peak()

    try:
        value, timing = _measured(lambda: func(*args, step=step))
        # plain values: a class of this script pickles under another module name in a spawned child
        conn.send(("done", value, (timing.seconds, timing.peak_mb, timing.start_mb)))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _limited(
    func: Callable[..., Any], args: tuple[Any, ...], limit: float, method: str = "fork"
) -> tuple[Any, Timing, list[tuple[str, float, float]]]:
    """``func`` in a child process stopped at ``limit`` seconds: (value, timing, steps reported).

    ``fork`` shares the parent's objects (the graph) without copying them; ``spawn`` starts a
    fresh interpreter, whose memory is then the stage's own.
    """
    ctx = mp.get_context(method)
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, func, args))
    process.start()
    send.close()
    steps: list[tuple[str, float, float]] = []
    deadline = time.monotonic() + limit
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receive.poll(remaining):
                # the peak so far, read before the child is stopped
                return None, Timing(None, status_mb("VmHWM", process.pid), limit=limit), steps
            try:
                message = receive.recv()
            except EOFError:  # died without a word (the OOM killer, a crash)
                process.join()
                return None, Timing(None, note=f"child died, exit code {process.exitcode}"), steps
            if message[0] == "step":
                steps.append(message[1:])
            elif message[0] == "error":
                return None, Timing(None, note=message[1]), steps
            else:
                return message[1], Timing(*message[2]), steps
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


# --- stages that run in a child ----------------------------------------------------------------


def _graph_size(G: nx.Graph) -> tuple[int, int, int]:
    return G.number_of_nodes(), G.number_of_edges(), sum(w for *_, w in G.edges(data="weight", default=1))


def _project_child(store: str, name: str, *, step: Step) -> tuple[int, int, int]:
    with open_graph(StoreLocation.parse(store)) as graph:
        return _graph_size(project(graph, name))


def _baseline_child(ntriples: str, *, step: Step) -> tuple[int, int, int]:
    """rdflib in memory, the whole graph into networkx, then a weighted bipartite projection."""
    from networkx.algorithms import bipartite
    from rdflib import RDF, SDO, Graph
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_graph

    from binatgraph.schema.vocab import BG

    clock = time.perf_counter()
    graph = Graph().parse(ntriples, format="nt")
    step("c) rdflib: parse N-Triples into Graph()", time.perf_counter() - clock)
    clock = time.perf_counter()
    whole = rdflib_to_networkx_graph(graph)
    step("c) rdflib: rdflib_to_networkx_graph", time.perf_counter() - clock)
    clock = time.perf_counter()
    # an event names a person through a participation node: event - participation - person
    people = set(graph.subjects(RDF.type, SDO.Person))
    events = set(graph.subjects(BG.participation, None))
    B = nx.Graph()
    for part in graph.subjects(RDF.type, BG.Participation):
        ties = whole[part]
        B.add_edges_from((p, e) for p in ties if p in people for e in ties if e in events)
    G = bipartite.weighted_projected_graph(B, [n for n in B if n in people])
    step("c) rdflib: bipartite weighted projection", time.perf_counter() - clock)
    return _graph_size(G)


def _top10(G: nx.Graph, name: str, k: int | None, backend: Backend) -> list[str]:
    return centrality(G, name, k=k, seed=0, backend=backend, top=10)["node"].tolist()


def _centrality_child(G: nx.Graph, name: str, k: int | None, *, step: Step) -> list[str]:
    return _top10(G, name, k, "networkx")


def _warm_up() -> None:
    """Pay the import and first-call costs (igraph, scipy's solvers) before any stage is timed."""
    G = nx.les_miserables_graph()  # 77 nodes, weighted
    backends: tuple[Backend, ...] = ("networkx", "igraph")
    for name in MEASURES:
        for backend in backends:
            _top10(G, name, None, backend)
    communities(G)


# --- one size ----------------------------------------------------------------------------------


def _size_note(size: tuple[int, int, int]) -> str:
    return f"{size[0]:,} nodes, {size[1]:,} edges, weight {size[2]:,}"


def _ratio(numerator: Timing, denominator: Timing) -> str:
    if not denominator.seconds:
        return ""
    if numerator.seconds is None:
        return f">{numerator.limit / denominator.seconds:.0f}" if numerator.limit else ""
    value = numerator.seconds / denominator.seconds
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def bench(events: int, args: argparse.Namespace) -> dict[str, Timing]:
    """Every stage at one size; ``args`` gives the seed, the time limits and ``baseline_max``."""
    baseline = events <= args.baseline_max
    rows: dict[str, Timing] = {}

    def record(name: str, timing: Timing) -> Timing:
        rows[name] = timing
        print(
            f"  {events:>7} {name:58} {timing.time_cell():>8} s {timing.memory_cell():>12} MB  {timing.note}",
            file=sys.stderr,
            flush=True,
        )
        return timing

    def stage(name: str, run: Callable[[], Any], note: Callable[[Any], str] | None = None) -> Any:
        value, timing = _measured(run)
        timing.note = note(value) if note else ""
        record(name, timing)
        return value

    with tempfile.TemporaryDirectory(prefix="binatgraph-analysis-") as tmp:
        work = Path(tmp)
        data, store = work / "data", work / "store"
        location = StoreLocation.parse(store)
        stage(
            "synthetic data (binatgraph.synth)", lambda: write_synthetic(data, events=events, seed=args.seed)
        )
        stage(
            "build store (Oxigraph, no SHACL)",
            lambda: build(data, location, shacl=False).triples,
            lambda triples: f"{triples:,} triples",
        )
        ntriples = work / "graph.nt"
        with open_graph(location) as graph:
            G = stage(
                "a) project people", lambda: project(graph, "people"), lambda P: _size_note(_graph_size(P))
            )
            if baseline:
                stage(
                    "export N-Triples (for the baseline)",
                    lambda: ntriples.write_bytes(serialize(graph, "nt")),
                    lambda size: f"{size / 1e6:.0f} MB",
                )

        size, timing, _ = _limited(
            _project_child, (str(store), "organizations"), args.projection_limit, "spawn"
        )
        timing.note = _size_note(size) if size else timing.note
        record("b) project organizations", timing)

        if baseline:
            size, total, steps = _limited(_baseline_child, (str(ntriples),), args.baseline_limit, "spawn")
            for step_name, seconds, peak in steps:
                record(step_name, Timing(seconds, peak))
            if steps:
                total.peak_mb = max(peak for *_, peak in steps)
                total.start_mb = None
            ours = _graph_size(G)
            if size:
                same = ", same as a)" if size == ours else f", a) has {_size_note(ours)}"
                convert = Timing(sum(seconds for _, seconds, _ in steps[1:]))
                ratio = _ratio(convert, rows["a) project people"])
                without = f"; without the parse {convert.time_cell()} s, {ratio}x a)"
                total.note = _size_note(size) + same + without
            else:
                done = ", ".join(s[0].split(": ", 1)[1] for s in steps) or "nothing"
                total.note = f"stopped after: {done}"
            total.ratio = _ratio(total, rows["a) project people"]) + " (baseline / a)"
            record("c) baseline total (kglab-style)", total)

        stage(
            "to_igraph (inside every igraph measure)", lambda: to_igraph(G), lambda g: f"{g.ecount():,} edges"
        )
        k = SAMPLED_K if G.number_of_nodes() > EXACT_BETWEENNESS_UP_TO else None
        for name in MEASURES:
            note = "" if name != "betweenness" else "exact" if k is None else f"k={k} sources, seed 0"
            top_ig = stage(f"d) {name}, igraph", lambda name=name: _top10(G, name, k, "igraph"))
            same_code = name in ("degree", "weighted-degree")
            rows[f"d) {name}, igraph"].note = "same networkx code (no igraph version)" if same_code else note
            if name in NETWORKX_IN_CHILD:
                top_nx, timing, _ = _limited(_centrality_child, (G, name, k), args.limit, "fork")
                record(f"d) {name}, networkx", timing)
            else:
                top_nx = stage(f"d) {name}, networkx", lambda name=name: _top10(G, name, k, "networkx"))
            timing = rows[f"d) {name}, networkx"]
            timing.ratio = _ratio(timing, rows[f"d) {name}, igraph"])
            if top_nx is not None:
                shared = len(set(top_nx) & set(top_ig))
                note += (", " if note else "") + (
                    "top-10 same as igraph" if shared == 10 else f"top-10: {shared}/10 shared with igraph"
                )
            timing.note = timing.note or note

        stage(
            "e) Louvain communities",
            lambda: communities(G, seed=0),
            lambda f: f"{f.attrs['communities']} communities, modularity {f.attrs['modularity']:.3f}",
        )
        degree = dict(G.degree())
        first, second = sorted(degree, key=lambda n: (-degree[n], n))[:2]
        distance = nx.single_source_shortest_path_length(G, first)
        farthest = max(sorted(distance), key=distance.__getitem__)
        for name, target in (("two highest-degree people", second), ("top person to the farthest", farthest)):
            stage(
                f"f) connection, {name}",
                lambda target=target: connection(G, first, target),
                lambda f: f"path of {len(f)} ties, {f.attrs['alternatives']} shortest paths compared",
            )
        stage(
            "f) write GraphML (people)",
            lambda: write_graph(G, work / "people.graphml", "graphml").stat().st_size,
            lambda size: f"{size / 1e6:.0f} MB",
        )
    return rows


# --- report ------------------------------------------------------------------------------------


def _label(events: int) -> str:
    return f"{events // 1000}k" if events >= 1000 and events % 1000 == 0 else str(events)


def table(results: dict[int, dict[str, Timing]]) -> str:
    sizes = list(results)
    stages = list(dict.fromkeys(name for rows in results.values() for name in rows))
    labels = [_label(n) for n in sizes]
    header = (
        ["stage"]
        + [f"{x} (s)" for x in labels]
        + [f"peak MB {x}" for x in labels]
        + [f"ratio {x}" for x in labels]
        + ["notes"]
    )
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (3 * len(sizes)) + "---|"]
    for name in stages:
        cells = [results[n].get(name) for n in sizes]
        notes = "; ".join(f"{x}: {c.note}" for x, c in zip(labels, cells, strict=True) if c and c.note)
        row = (
            [name]
            + [c.time_cell() if c else "" for c in cells]
            + [c.memory_cell() if c else "" for c in cells]
            + [c.ratio if c else "" for c in cells]
            + [notes]
        )
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _versions() -> str:
    names = ["networkx", "igraph", "pyoxigraph", "oxrdflib", "rdflib", "scipy", "pandas"]
    return ", ".join([f"Python {platform.python_version()}"] + [f"{n} {version(n)}" for n in names])


def write_results(path: Path, text: str, command: str, loads: list[str], seconds: float) -> None:
    kept = ""
    if path.exists() and KEEP in (old := path.read_text(encoding="utf-8")):
        kept = old.split(KEEP, 1)[1]
    body = f"""# Analysis path: timings on synthetic events

Written by `{command}` on {dt.date.today().isoformat()}, in {seconds / 60:.1f} minutes.

- Machine: {machine()}. Load average (1 min) {" → ".join(loads)} over the run: the machine is shared
  and other jobs may run, so these are single runs, not medians; ratios come from the same run.
- Versions: {_versions()}.
- Seconds are wall time of one call. *Peak MB* is the peak resident set of the process running the
  stage (VmHWM, reset before each stage through `/proc/self/clear_refs`, after freed heap is handed
  back with `malloc_trim`) and, in brackets, its growth over the stage's start. Rows b) and c) run
  in a fresh child process (their own memory); networkx closeness and betweenness in a forked child
  (its figure includes the graph it shares with the parent).
- `>N`: stopped at the time limit. *ratio*: on c) baseline / a); on networkx rows networkx / igraph.
  The igraph rows include `to_igraph` (every igraph measure converts the graph again).
- Rows a) and b) are the library's `project()`: one `GROUP BY ?event` aggregate of each event's
  members on the store, the pairs counted in Python; b) runs in a child stopped at the time limit.

{text}

{KEEP}"""
    path.write_text(body + kept, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--baseline-max", type=int, default=10_000, help="largest size that runs the rdflib baseline"
    )
    parser.add_argument("--baseline-limit", type=float, default=300, help="seconds the baseline may run")
    parser.add_argument("--limit", type=float, default=240, help="seconds a networkx measure may run")
    parser.add_argument(
        "--projection-limit", type=float, default=150, help="seconds the organizations projection may run"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown file to write ('-': none)")
    args = parser.parse_args()
    command = "python benchmarks/analysis.py " + " ".join(sys.argv[1:])
    started = time.perf_counter()
    loads = [f"{os.getloadavg()[0]:.1f}"]
    results: dict[int, dict[str, Timing]] = {}
    _warm_up()
    for events in args.events:
        results[events] = bench(events, args)
        loads.append(f"{os.getloadavg()[0]:.1f}")
    text = table(results)
    print(text)
    if str(args.output) != "-":
        write_results(args.output, text, command.strip(), loads, time.perf_counter() - started)
        print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
