"""Benchmark: each kind of page of the analyst's site beside the SPARQL queries it runs, and the static site.

For each store (built beforehand: ``binatgraph synth --events N -o DIR`` then ``binatgraph build --data
DIR --store S --no-shacl``), every kind of page is built the way ``binatgraph serve`` builds it
(:class:`binatgraph.site.SitePages`, live links), warm (the first build of each is discarded: it loads
templates and fills the per-store caches), best of ``--repeat``. The page's queries are timed inside it
(:class:`binatgraph.site.store.Reader`: each SELECT on the engine, every row read); a network page's
queries are those of its projection and of its tooltips' events, timed on their own.

    python benchmarks/site.py --store 10k=/tmp/store-10k --store 100k=/tmp/store-100k \\
        --static data=.binatgraph/store --static 10k=/tmp/store-10k

Prints Markdown tables: per page kind, seconds for the page, for its queries and the ratio (the target is
at most 1.5); then, per ``--static`` store, the time, page count and size of ``binatgraph site``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from binatgraph import analysis, viz
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.site import NETWORKS, Links, SitePages
from binatgraph.site.static import write_site

BGR = "https://w3id.org/binatgraph/id/"

# The busiest entity of each kind (the page that reads the most), found with one query per kind.
BUSIEST = {
    "person": "?e bg:participation/rdf:value ?s",
    "organization": "?e sem:hasActor ?s . ?s a org:Organization",
    "institution": "?e bg:institution ?s",
    "place": "?e schema:location ?s",
    "topic": "?e dcterms:subject ?s",
    "post": "?e bg:participation/bg:asPost ?s",
}


def _busiest(pages: SitePages, kind: str, pattern: str) -> str:
    rows = pages.site.rows(
        f"SELECT ?s (COUNT(?e) AS ?n) WHERE {{ {pattern} }} GROUP BY ?s ORDER BY DESC(?n) LIMIT 1"
    )
    return rows[0]["s"]


def _paths(pages: SitePages) -> dict[str, str]:
    """One path per kind of page: the busiest entity of each kind, an event, an item, a report."""
    paths = {"home": "home", "list (people)": "list/people"}
    for kind, pattern in BUSIEST.items():
        paths[f"{kind} (busiest)"] = "id/" + _busiest(pages, kind, pattern)[len(BGR) :]
    event = pages.site.rows(
        "SELECT ?e ?i WHERE { ?e bg:participation ?p ; prov:wasDerivedFrom ?i } ORDER BY ?e LIMIT 1"
    )[0]
    paths["event"] = "id/" + event["e"][len(BGR) :]
    paths["report item"] = "id/" + event["i"][len(BGR) :]
    report = pages.site.rows("SELECT ?r WHERE { ?r a bg:Report } ORDER BY ?r LIMIT 1")[0]["r"]
    paths["report"] = "id/" + report[len(BGR) :]
    quarters = pages.site.quarters()
    busiest_quarter = max(quarters, key=lambda q: q["events"])["period"]
    paths[f"brief ({busiest_quarter})"] = f"brief/{busiest_quarter}"
    paths["timeline"] = "timeline"
    paths[f"timeline ({busiest_quarter[:4]})"] = f"timeline?period={busiest_quarter[:4]}"
    paths["search"] = "search?q=person 1"
    return paths


def _page(pages: SitePages, path: str, repeat: int) -> dict[str, float]:
    stem, _, query = path.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&")) if query else {}
    pages.html(stem, params, Links("live"))  # warm: templates, the per-store caches
    best: dict[str, float] = {}
    for _ in range(repeat):
        with pages.reader.measured() as took:
            html = pages.html(stem, params, Links("live"))
        took["bytes"] = len(html)
        if not best or took["seconds"] < best["seconds"]:
            best = dict(took)
    return best


def _network(pages: SitePages, name: str, repeat: int, period: str | None) -> dict[str, float]:
    params = {"period": period} if period else {}
    graph = pages.site.graph
    selection = analysis.Selection.of(period=period)
    pages.html(f"network/{name}", params, Links("live"))
    best: dict[str, float] = {}
    for _ in range(repeat):
        started = time.perf_counter()
        network = analysis.project(graph, viz.VIEWS[NETWORKS[name]].projection, selection)
        queries = time.perf_counter() - started
        kept = sorted(network, key=lambda n: -network.degree(n))[:300]
        started = time.perf_counter()
        viz.event_details(graph, viz.graph_events(network.subgraph(kept)))
        queries += time.perf_counter() - started
        started = time.perf_counter()
        html = pages.html(f"network/{name}", params, Links("live"))
        took = {"seconds": time.perf_counter() - started, "query_seconds": queries, "bytes": len(html)}
        if not best or took["seconds"] < best["seconds"]:
            best = took
    return best


def run_store(
    label: str, location: StoreLocation, repeat: int, networks: bool = True
) -> list[tuple[str, dict[str, float]]]:
    rows = []
    with open_graph(location) as graph:
        pages = SitePages(graph)
        for kind, path in _paths(pages).items():
            rows.append((kind, _page(pages, path, repeat)))
            print(f"  {label} {kind}: {rows[-1][1]['seconds']:.3f}s", flush=True)
        period = max(pages.site.quarters(), key=lambda q: q["events"])["period"]
        for name in NETWORKS if networks else ():
            rows.append((f"network {name} ({period})", _network(pages, name, repeat, period)))
            print(f"  {label} network {name}: {rows[-1][1]['seconds']:.3f}s", flush=True)
    return rows


def static_site(label: str, location: StoreLocation) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="binatgraph-site-"))
    try:
        with open_graph(location) as graph:
            written = write_site(graph, folder / "site")
        return {"label": label, "pages": written.pages, "bytes": written.bytes, "seconds": written.seconds}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", default=[], metavar="LABEL=STORE")
    parser.add_argument("--static", action="append", default=[], metavar="LABEL=STORE")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-networks", action="store_true", help="leave out the network pages")
    args = parser.parse_args()
    results: dict[str, list[tuple[str, dict[str, float]]]] = {}
    for spec in args.store:
        label, _, path = spec.partition("=")
        results[label] = run_store(label, StoreLocation.parse(path), args.repeat, not args.no_networks)
    if results:
        labels = list(results)
        head = " | ".join(f"{label} page s | {label} queries s | {label} ratio" for label in labels)
        print(f"\n| page kind | {head} |")
        print("|---|" + "---:|" * (3 * len(labels)))
        kinds = [kind for kind, _ in results[labels[0]]]
        for i, kind in enumerate(kinds):
            cells = []
            for label in labels:
                _, took = results[label][i]
                ratio = took["seconds"] / took["query_seconds"] if took["query_seconds"] else float("nan")
                cells.append(f"{took['seconds']:.3f} | {took['query_seconds']:.3f} | {ratio:.2f}")
            shown = kind if all(results[label][i][0] == kind for label in labels) else kind.split(" (")[0]
            print(f"| {shown} | " + " | ".join(cells) + " |")
    if args.static:
        print("\n| `binatgraph site` on | pages | size | seconds |")
        print("|---|---:|---:|---:|")
        for spec in args.static:
            label, _, path = spec.partition("=")
            found = static_site(label, StoreLocation.parse(path))
            print(
                f"| {label} | {found['pages']:,} | {found['bytes'] / 1e6:,.1f} MB | {found['seconds']:.1f} |"
            )


if __name__ == "__main__":
    main()
