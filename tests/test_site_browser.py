"""The analyst's site in a real headless Chromium (Debian's chromium + chromedriver, installed by .ci/run).

The browser walks the live site from its home page: it opens every kind of page, follows a query
result to its entity, a network node to its page and an event to its source item, searches a name with
and without accents, and checks counts against the store. Every request the browser makes is recorded:
only the local server (or file: and data: for the static copy) may appear, and no page may log an
error. Set BINATGRAPH_SCREENSHOTS to a folder (e.g. docs/screenshots) to keep screenshots of the
person page and the timeline there.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from binatgraph.graph.store import StoreLocation, database_path, open_engine, open_graph
from binatgraph.schema.prefixes import prologue
from binatgraph.serve import EndpointSettings
from binatgraph.site.static import write_site

from .chromium import headless_chromium, require_chromium
from .serving import running

require_chromium()

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = Path(__file__).resolve().parents[2] / "shared" / "reports"  # the report files, where at hand
SOURCES = REAL if REAL.exists() else None
BGR = "https://w3id.org/binatgraph/id/"
WIDTH, HEIGHT = 1280, 900


def _count(location: StoreLocation, query: str) -> int:
    with open_engine(location) as store:
        solutions = store.query(prologue() + query)
        assert isinstance(solutions, ox.QuerySolutions)
        row = next(iter(solutions))
        return int(row[0].value)


@pytest.fixture(scope="module")
def base(data_store: StoreLocation) -> Iterator[str]:
    with running(EndpointSettings(database_path(data_store), sources=SOURCES)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = headless_chromium(
        tmp_path_factory.mktemp("chromium"),
        logs=("browser", "performance"),
        extra_flags=(f"--window-size={WIDTH},{HEIGHT}",),
    )
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    yield driver
    driver.quit()


class Walk:
    """The browser with what it requested and logged since the walk began."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.requests: list[str] = []
        self.errors: list[dict[str, Any]] = []
        browser.get_log("browser")
        browser.get_log("performance")

    def collect(self) -> None:
        for entry in self.browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
        self.errors += [e for e in self.browser.get_log("browser") if e["level"] == "SEVERE"]

    def open(self, path: str) -> None:
        self.browser.get(self.base + path)
        self.collect()

    def css(self, selector: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.browser.find_elements(By.CSS_SELECTOR, selector))

    def one(self, selector: str) -> Any:
        found = self.css(selector)
        assert found, f"nothing matches {selector} on {self.browser.current_url}"
        return found[0]

    def click(self, element: Any) -> None:
        before = self.browser.current_url
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        self.wait(lambda: self.browser.current_url != before)
        self.collect()

    def wait(self, condition: Any, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, f"timed out on {self.browser.current_url}"
            time.sleep(0.05)

    def h1(self) -> str:
        return str(self.one("h1").text)


def _settled(walk: Walk) -> None:
    walk.wait(
        lambda: walk.browser.execute_script("return !!(window.binatgraph && window.binatgraph.stabilized)")
    )


def _click_node(walk: Walk, node: str) -> None:
    """A real mouse click on ``node`` where vis-network drew it."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = walk.one("#network canvas")
    x, y = walk.browser.execute_script(
        "var n = window.binatgraph.network; n.focus(arguments[0], {scale: 1.5}); "
        "var p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]); return [p.x, p.y];",
        node,
    )
    size = canvas.size
    before = walk.browser.current_url
    ActionChains(walk.browser).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    walk.wait(lambda: walk.browser.current_url != before)
    walk.collect()


def test_walk_the_live_site(browser: Any, base: str, data_store: StoreLocation) -> None:
    walk = Walk(browser, base)

    # home: the counts are the store's
    walk.open("/home")
    people = _count(data_store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }")
    shown = {e.get_attribute("data-kind"): int(e.text) for e in walk.css("span.count[data-kind]")}
    assert shown["person"] == people
    assert shown["event"] == _count(
        data_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }"
    )

    # the list of people, then a person page
    walk.click(walk.one("a[href='/list/people']"))
    assert int(walk.one("#entry-count").text) == people == len(walk.css("ul.listing li"))
    walk.click(next(a for a in walk.css("ul.listing a") if a.text == "Ken Salazar"))
    assert browser.current_url.endswith("/id/person/ken-salazar")
    assert walk.h1() == "Ken Salazar"
    events = _count(
        data_store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE "
        f"{{ ?e bg:participation/rdf:value <{BGR}person/ken-salazar> }}",
    )
    assert int(walk.one("#events .event-count").text) == events == len(walk.css("#events tbody tr"))
    assert walk.css("#ranks tbody tr") and walk.css("svg.ego circle")
    if folder := os.environ.get("BINATGRAPH_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / "site-person.png"))

    # an event, and from it its source item with the passage from the report file
    walk.click(walk.one("#events tbody td:nth-child(3) a"))
    assert "/id/event/" in browser.current_url
    assert walk.css("#participants a")
    walk.click(walk.one("a.source-item"))
    assert "/item/" in browser.current_url
    if SOURCES is not None:
        assert walk.one("blockquote.passage").text.strip()
    else:  # the page says which file it would quote
        assert ".txt" in walk.one("#item").text

    # every other kind of page, reached by links
    for kind, selector in (
        ("organization", "#named dd a[href^='/id/org/']"),
        ("institution", "a[href^='/id/institution/']"),
        ("topic", "a[href^='/id/topic/']"),
        ("place", "a[href^='/id/place/']"),
    ):
        walk.open("/id/event/cbi-2023-apr-jun-11")
        links = walk.css(selector)
        if not links:
            continue
        walk.click(links[0])
        assert f"/id/{kind[:3] if kind == 'organization' else kind}/" in browser.current_url
        assert walk.css("h1")
    walk.open("/id/org/mx-sre")
    assert walk.css("#officials li") and walk.css("#counterparts li")
    walk.open("/id/report/cbi-2022-jan-jun")
    assert len(walk.css("#report tbody tr")) == _count(
        data_store,
        "SELECT (COUNT(?i) AS ?n) WHERE "
        f"{{ ?i a bg:ReportItem ; dcterms:isPartOf <{BGR}report/cbi-2022-jan-jun> }}",
    )

    # search, with and without accents, from the box on every page
    for text in ("lopez obrador", "LÓPEZ Obrador"):
        walk.open("/home")
        box = walk.one("nav form.search input")
        box.send_keys(text)
        start = browser.current_url
        box.submit()
        walk.wait(lambda start=start: browser.current_url != start)
        walk.collect()
        hits = [a.text for a in walk.css("#search-results a")]
        assert hits == ["Andrés Manuel López Obrador"], (text, hits)
    walk.click(walk.one("#search-results a"))
    assert walk.h1() == "Andrés Manuel López Obrador"

    # the timeline: one dot per dated event and institution, each a link to its event
    walk.open("/timeline")
    dated = _count(data_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e schema:startDate ?d }")
    assert int(walk.one("#timeline-count").text) == dated
    if folder := os.environ.get("BINATGRAPH_SCREENSHOTS"):
        browser.save_screenshot(str(Path(folder) / "site-timeline.png"))
    dot = walk.one("#timeline a.event")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", dot)
    walk.wait(lambda: "/id/event/" in browser.current_url)
    walk.collect()
    walk.open("/timeline?group=type&period=2022")
    assert walk.css("#timeline a.event")

    # a brief
    walk.open("/brief/2023Q2")
    assert walk.h1() == "Brief: 2023Q2" and walk.css("#by-institution a.source")

    # a network: a node click opens the node's page
    walk.open("/network/people")
    _settled(walk)
    count = browser.execute_script("return window.binatgraph.nodes.length")
    assert count == _count(
        data_store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e bg:participation/rdf:value ?p }"
    )
    _click_node(walk, f"{BGR}person/ken-salazar")
    assert browser.current_url.endswith("/id/person/ken-salazar")

    # the query page: a result IRI links to its page
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    walk.open("/")
    editor = walk.one("#query")
    editor.clear()
    editor.send_keys("SELECT ?p WHERE { ?p a schema:Person ; rdfs:label 'Ken Salazar' }")
    walk.one("#run").click()
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "status"), "rows"))
    walk.click(walk.one("#results tbody a"))
    assert walk.h1() == "Ken Salazar"

    walk.collect()
    assert walk.errors == []
    outside = [u for u in walk.requests if not u.startswith((base, "data:"))]
    assert outside == [], outside


def test_static_site_opens_from_disk(browser: Any, tmp_path: Path, data_store: StoreLocation) -> None:
    out = tmp_path / "site"
    with open_graph(data_store) as graph:
        write_site(graph, out, SOURCES)
    walk = Walk(browser, out.as_uri())
    walk.open("/index.html")
    walk.click(walk.one("a[href='list/people.html']"))
    walk.click(next(a for a in walk.css("ul.listing a") if a.text == "Ken Salazar"))
    assert walk.h1() == "Ken Salazar"
    # search from the box: the static search page filters its inlined index
    for text in ("lopez obrador", "López OBRADOR"):
        walk.open("/search.html")
        box = walk.one("#search-box")
        box.send_keys(text)
        walk.wait(lambda: len(walk.css("#search-results a")) > 0)
        assert [a.text for a in walk.css("#search-results a")] == ["Andrés Manuel López Obrador"]
    walk.open("/network/people.html")
    _settled(walk)
    _click_node(walk, f"{BGR}person/ken-salazar")
    assert browser.current_url.endswith("/id/person/ken-salazar.html")
    walk.collect()
    assert walk.errors == []
    outside = [u for u in walk.requests if not u.startswith(("file:", "data:"))]
    assert outside == [], outside
