"""Benchmark: who-meets-whom through kglab itself against ``binatgraph.analysis.project``, one process.

``day.py`` approximates the kglab path with rdflib's ``rdflib_to_networkx_graph``; this script runs
kglab's own documented path instead (its networkx tutorial, ``examples/ex6_0.ipynb``): the Turtle
dump parsed into a ``kglab.KnowledgeGraph``, a ``kglab.SubgraphMatrix`` over the SPARQL pairs
event -> person, ``build_nx_graph(nx.DiGraph(), bipartite=True)``, then networkx's weighted
bipartite projection onto the people (weight: number of shared events, as ours).

For each size: synthetic records (``binatgraph.synth.data``, seed 7) are built into a store
(``shacl=False``) and exported as Turtle, outside the timings. Then, timed with peak resident memory:
ours (``project(graph, "people")`` on the store, in this process), kglab's parse, and kglab's
projection, each kglab step in a forked child stopped at ``--limit`` seconds (reported as a lower
bound, ``>300``). A child's peak includes the pages it shares with this process (for the projection:
the parsed graph). The kglab graph is checked against ours: people, ties, total weight, edge by edge.

kglab is not a project dependency (it pulls jupyterlab, jpype1, statsmodels, pyvis...), so this runs
from a separate venv::

    python3 -m venv /tmp/kglab-venv
    /tmp/kglab-venv/bin/pip install kglab==1.0.1 -e .
    /tmp/kglab-venv/bin/python benchmarks/kglab_path.py --events 1000 10000

The table is printed and written to ``kglab-results.md`` beside this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import kglab  # imported here, so its import time (pandas, pyvis, ...) counts in no stage
import measure
import networkx as nx
from networkx.algorithms import bipartite

from binatgraph import analysis
from binatgraph.graph.build import build
from binatgraph.graph.export import export
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.synth.data import write_synthetic

HERE = Path(__file__).parent
RESULTS = HERE / "kglab-results.md"
SEED = 7

NAMESPACES = {"bg": "https://w3id.org/binatgraph/ontology#"}
# The pairs kglab's SubgraphMatrix expects: ?subject (an event) -> ?object (a person taking part in
# it, through its participation node), the same membership as ours (projection.NODE_TYPES["person"]).
SPARQL = """
SELECT ?subject ?object
WHERE {
    ?subject bg:participation ?part .
    ?part rdf:value ?object .
}
"""

Edges = dict[tuple[str, str], int]


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def edges_of(G: nx.Graph, name: Any = str) -> Edges:
    """Each tie as a sorted pair of IRIs with its weight."""
    found: Edges = {}
    for u, v, w in G.edges(data="weight"):
        a, b = sorted((str(name(u)), str(name(v))))
        found[a, b] = w
    return found


def kglab_parse(dump: Path) -> Any:
    kg = kglab.KnowledgeGraph(name="binatgraph", namespaces=NAMESPACES)
    return kg.load_rdf(dump, format="ttl")


def _parse_count(dump: Path) -> int:
    return len(kglab_parse(dump).rdf_graph())


def kglab_projection(kg: Any) -> dict[str, Any]:
    """kglab's documented path to networkx, then networkx's weighted projection onto the people."""
    start = time.perf_counter()
    subgraph = kglab.SubgraphMatrix(kg, SPARQL)
    B = subgraph.build_nx_graph(nx.DiGraph(), bipartite=True)
    built = time.perf_counter() - start
    people = [n for n, side in B.nodes(data="bipartite") if side == 1]
    G = bipartite.weighted_projected_graph(B.to_undirected(), people)
    projected = time.perf_counter() - start - built
    return {
        "build_nx_graph": built,
        "weighted_projection": projected,
        "events": len(B) - len(people),
        "people": {str(subgraph.inverse_transform(n)) for n in G},
        "edges": edges_of(G, subgraph.inverse_transform),
    }


def compare(ours: nx.Graph, theirs: dict[str, Any]) -> str:
    mine, other = edges_of(ours), theirs["edges"]
    line = (
        f"ours {ours.number_of_nodes():,} people, {len(mine):,} ties, weight {sum(mine.values()):,}; "
        f"kglab {len(theirs['people']):,} people, {len(other):,} ties, weight {sum(other.values()):,}"
    )
    if set(ours) == theirs["people"] and mine == other:
        return "identical: " + line
    differ = sum(1 for k in mine.keys() | other.keys() if mine.get(k) != other.get(k))
    return f"DIFFERENT ({differ:,} ties differ, {len(set(ours) ^ theirs['people']):,} people): {line}"


def run_size(events: int, limit: float, workdir: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"events": events}
    say(f"{events:,} events")
    with tempfile.TemporaryDirectory(prefix=f"kglab-{events}-", dir=workdir) as folder:
        tmp = Path(folder)
        data, dump, built = tmp / "data", tmp / "graph.ttl", StoreLocation.parse(tmp / "built")
        write_synthetic(data, events=events, seed=SEED)
        out["triples"] = build(data, built, shacl=False).triples
        with open_graph(built) as graph:
            out["turtle_mb"] = export(graph, "turtle", dump) / 1e6
            say(f"  prepared: {out['triples']:,} triples, {out['turtle_mb']:.0f} MB Turtle")
            G, out["ours"] = measure.measured(lambda: analysis.project(graph, "people"))
        say(f"  ours: {out['ours'].cell()} s, {G.number_of_nodes():,} people, {G.number_of_edges():,} ties")

        triples, out["parse"] = measure.limited(_parse_count, (dump,), limit)
        say(f"  kglab parse: {out['parse'].cell()} s {out['parse'].note} ({triples or 0:,} triples)")
        if out["parse"].seconds is None:
            out["project"] = measure.Timing(None, note="not run: the parse did not finish")
            return out
        kg = kglab_parse(dump)  # again, here, so the forked child below shares it
        theirs, out["project"] = measure.limited(kglab_projection, (kg,), limit)
        del kg
        if theirs is None:
            out["check"] = "not compared: the projection did not finish"
        else:
            out["split"] = (theirs["build_nx_graph"], theirs["weighted_projection"])
            out["check"] = compare(G, theirs)
        say(f"  kglab projection: {out['project'].cell()} s {out['project'].note}")
        say(f"  {out['check']}")
    return out


def _mb(timing: measure.Timing) -> str:
    return f"{timing.peak_mb:.0f}" if timing.peak_mb else ""


def _ratio(kglab: measure.Timing, ours: measure.Timing) -> str:
    seconds = kglab.seconds if kglab.seconds is not None else kglab.limit
    if not seconds or not ours.seconds:
        return ""
    return f"{'>' if kglab.seconds is None else ''}{seconds / ours.seconds:.0f}x"


def table(runs: list[dict[str, Any]]) -> str:
    head = [
        "events",
        "triples",
        "ours s (MB)",
        "kglab parse s (MB)",
        "kglab projection s (MB)",
        "of which build_nx_graph / nx projection s",
        "ratio projection",
        "ratio parse + projection",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in runs:
        ours, parse, project = run["ours"], run["parse"], run["project"]
        both = measure.Timing(
            None if parse.seconds is None or project.seconds is None else parse.seconds + project.seconds,
            limit=(parse.seconds or parse.limit or 0) + (project.seconds or project.limit or 0),
        )
        split = run.get("split")
        row = [
            f"{run['events']:,}",
            f"{run['triples']:,}",
            f"{ours.cell()} ({_mb(ours)})",
            f"{parse.cell()} ({_mb(parse)})",
            f"{project.cell()} ({_mb(project)})",
            f"{measure.fmt(split[0])} / {measure.fmt(split[1])}" if split else "",
            _ratio(project, ours),
            _ratio(both, ours),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def report(runs: list[dict[str, Any]], limit: float) -> str:
    checks = "\n".join(f"- {run['events']:,} events: {run.get('check', '')}" for run in runs)
    return (
        "# who-meets-whom: kglab's own path against ours\n\n"
        f"Written by `benchmarks/kglab_path.py` on {dt.date.today().isoformat()}.\n\n"
        f"- machine: {measure.machine()}\n"
        f"- versions: {measure.versions(['kglab', 'rdflib', 'networkx', 'pyoxigraph', 'oxrdflib'])}\n"
        f"- time limit per kglab step: {limit:g} s (`>` marks a lower bound)\n\n"
        'Ours: `binatgraph.analysis.project(graph, "people")` on the Oxigraph store. kglab: '
        "`KnowledgeGraph.load_rdf` of the Turtle dump (parse), then `SubgraphMatrix(kg, sparql)`, "
        "`build_nx_graph(nx.DiGraph(), bipartite=True)` and networkx's "
        "`bipartite.weighted_projected_graph` onto the people (projection). Peak MB: resident "
        "high-water mark of the stage (a forked child's includes pages shared with the parent).\n\n"
        f"```sparql{SPARQL}```\n\n"
        f"{table(runs)}\n\n"
        f"Same graph?\n\n{checks}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per kglab step")
    parser.add_argument("--workdir", default=None, help="where the temporary data and stores go")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    runs = [run_size(n, args.limit, args.workdir) for n in args.events]
    text = report(runs, args.limit)
    print(text)
    args.output.write_text(text)
    say(f"written {args.output}")


if __name__ == "__main__":
    main()
