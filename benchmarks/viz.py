"""How long a network page takes to write and to settle in a browser, at 100 / 500 / 2,000 nodes.

Not a timed test: it prints a table. Graphs are synthetic and shaped like the people projection
(events of 2-6 participants drawn with a heavy tail, so a few people meet almost everyone; every
tie lists its shared events), built in networkx directly so the figures are about the page, not
the store. The browser is Debian's headless Chromium through selenium, offline; "settled" is the
moment physics has stabilised, been switched off and the labels laid out (``stabilizeMs`` on the
page, measured from the page's own script start), "load to still" adds parsing the inlined
vis-network and data, as seen from the driver; "relabel" is one label layout after zooming in
(it runs after every zoom, drag and filter change).

    python benchmarks/viz.py                       # 100, 500 and 2,000 nodes, all kept (--top 0)
    python benchmarks/viz.py --sizes 500 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from binatgraph.viz import write_page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' browser setup, shared
from tests.chromium import headless_chromium

BASE = "https://w3id.org/binatgraph/id/"
KINDS = ["meeting", "visit", "dialogue_session", "phone_call", "joint_statement", "summit"]


def synthetic_people(nodes: int, seed: int = 7) -> tuple[nx.Graph, dict[str, dict[str, Any]]]:
    """A people-like projection with ``nodes`` people and the details of its events."""
    rng = random.Random(seed)
    people = [f"{BASE}person/p{i:05d}" for i in range(nodes)]
    weights = [1 / (i + 1) ** 0.8 for i in range(nodes)]
    graph = nx.Graph(projection="people", selection="synthetic", title="Who meets whom (synthetic)")
    for i, iri in enumerate(people):
        country = rng.choices(["US", "MX", "CA", "other"], [55, 38, 5, 2])[0]
        graph.add_node(
            iri,
            label=f"Person {i} {rng.choice(['Álvarez', 'Smith', 'García', 'Johnson', 'López', 'Brown'])}",
            type="person",
            country=country,
            aliases=[],
            posts=[f"Post {rng.randrange(200)}"],
            events=[],
        )
    events: dict[str, dict[str, Any]] = {}
    for e in range(nodes * 2):
        iri = f"{BASE}event/synth-{e:06d}"
        year, month = 2018 + e * 6 // (nodes * 2), rng.randrange(1, 13)
        events[iri] = {
            "date": f"{year}-{month:02d}-{rng.randrange(1, 29):02d}",
            "title": f"Synthetic event {e}",
            "type": rng.choice(KINDS),
            "item": f"{BASE}report/synth-{year}/item/{e}",
            "institutions": [rng.choice(["HLED", "USMCA", "IBWC", "Bicentennial Framework"])],
        }
        # the first participant is drawn uniformly so nobody is left alone, the rest by the heavy tail
        group = {rng.choice(people), *rng.choices(people, weights, k=rng.randrange(1, 6))}
        for person in group:
            graph.nodes[person]["events"].append(iri)
        for a in group:
            for b in group:
                if a < b:
                    if graph.has_edge(a, b):
                        graph.edges[a, b]["weight"] += 1
                        graph.edges[a, b]["events"].append(iri)
                    else:
                        graph.add_edge(a, b, weight=1, events=[iri])
    return graph, events


def _browser(profile: Path) -> Any:
    """The page tests' headless Chromium, offline, in a 1280x800 window."""
    driver = headless_chromium(profile, logs=())
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


def _settle(driver: Any, path: Path, timeout: float = 300) -> tuple[float, float, float]:
    started = time.perf_counter()
    driver.get(path.as_uri())
    while not driver.execute_script("return !!(window.binatgraph && window.binatgraph.stabilized)"):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{path} did not settle in {timeout}s")
        time.sleep(0.05)
    wall = time.perf_counter() - started
    page_ms = driver.execute_script("return window.binatgraph.stabilizeMs")
    # laying the labels out again after zooming in (it runs after every zoom, drag and filter)
    relabel = driver.execute_script(
        "var b = window.binatgraph; b.network.moveTo({scale: b.network.getScale() * 1.6});"
        "var t = performance.now(); b.layoutLabels(); return performance.now() - t"
    )
    return wall, page_ms / 1000, relabel / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="Only time writing the pages.")
    parser.add_argument("--screenshots", type=Path, help="Save a 1280x800 screenshot of each page here.")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="binatgraph-viz-bench-"))
    driver = None if args.no_browser else _browser(work / "chromium")
    rows = []
    try:
        for size in args.sizes:
            graph, events = synthetic_people(size)
            path = work / f"people-{size}.html"
            writes, walls, settles, relabels = [], [], [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                page = write_page(graph, path, events=events, top=0)
                writes.append(time.perf_counter() - started)
                if driver is not None:
                    wall, settle, relabel = _settle(driver, path)
                    walls.append(wall)
                    settles.append(settle)
                    relabels.append(relabel)
                    if args.screenshots:
                        args.screenshots.mkdir(parents=True, exist_ok=True)
                        driver.save_screenshot(str(args.screenshots / f"people-{size}.png"))
            rows.append(
                [
                    f"{page.nodes:,}",
                    f"{page.edges:,}",
                    f"{path.stat().st_size / 1e6:.2f}",
                    f"{statistics.median(writes):.2f}",
                    f"{statistics.median(settles):.2f}" if settles else "-",
                    f"{statistics.median(walls):.2f}" if walls else "-",
                    f"{statistics.median(relabels) * 1000:.0f}" if relabels else "-",
                ]
            )
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(work, ignore_errors=True)
    header = ["nodes", "ties", "page MB", "write s", "settle s (page)", "load to still s", "relabel ms"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
