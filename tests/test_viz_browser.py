"""Network pages in a real headless Chromium (Debian's chromium + chromedriver, installed by .ci/run).

Each page is opened from file:// with the network switched off, and every request the browser
makes is recorded: only file: and data: URLs may appear. Set BINATGRAPH_SCREENSHOTS to a folder
(e.g. docs/screenshots) to keep a 1280x800 screenshot of each view there.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from binatgraph import analysis, viz
from binatgraph.graph.store import StoreLocation, open_graph

from .chromium import headless_chromium, require_chromium
from .test_viz import PAYLOADS, busy_graph, malicious_graph

require_chromium()

VIEWS = ["who-meets-whom", "organizations", "institutions", "events", "ego"]
PERSON = "https://w3id.org/binatgraph/id/person/"
WIDTH, HEIGHT = 1280, 800


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, data_store: StoreLocation) -> dict[str, Any]:
    """Every view of data/ (all events) written to a folder, with the projections it was drawn from."""
    folder = tmp_path_factory.mktemp("viz-pages")
    made: dict[str, Any] = {"folder": folder}
    with open_graph(data_store) as graph:
        for name in VIEWS:
            ego = "Ken Salazar" if name == "ego" else None
            viz.view_page(graph, name, ego=ego, path=folder / f"{name}.html")
            made[name] = viz.view_graph(graph, name, ego=ego)
        made["hled"] = analysis.project(graph, "people", analysis.Selection.of(institutions=[_hled(graph)]))
        made["2022"] = analysis.project(graph, "people", analysis.Selection.of(period="2022"))
        viz.view_page(
            graph, "organizations", analysis.Selection.of(period="2031"), path=folder / "empty.html"
        )
    bad, events = malicious_graph()
    viz.write_page(bad, folder / "malicious.html", events=events)
    busy, events = busy_graph()
    viz.write_page(busy, folder / "busy.html", events=events)
    return made


def _hled(graph: Any) -> str:
    return analysis.find_entity(graph, "HLED", "institution")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = headless_chromium(
        tmp_path_factory.mktemp("chromium"),
        logs=("browser", "performance"),
        extra_flags=(f"--window-size={WIDTH},{HEIGHT}",),
    )
    driver.set_page_load_timeout(60)
    # no network at all: anything that tries to leave the machine fails, and is still logged
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    yield driver
    driver.quit()


def _open(browser: Any, path: Path) -> None:
    browser.get_log("browser")  # drop what earlier pages (and the start page) logged
    browser.get_log("performance")
    browser.get(path.as_uri())
    deadline = time.monotonic() + 60
    while not browser.execute_script("return !!(window.binatgraph && window.binatgraph.stabilized)"):
        assert time.monotonic() < deadline, f"{path.name} did not settle"
        time.sleep(0.05)


def _requests(browser: Any) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] in ("Network.webSocketCreated", "Network.eventSourceMessageReceived"):
            urls.append(message["params"].get("url", message["method"]))
    return urls


def _errors(browser: Any) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _count(browser: Any) -> dict[str, int]:
    return browser.execute_script(
        "var b = window.binatgraph; return {nodes: b.nodes.length, edges: b.edges.length, "
        "shown: b.visible().nodes, tiesShown: b.visible().edges, "
        "drawn: Object.keys(b.network.body.nodes).length}"
    )


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_opens_offline_and_holds_its_projection(
    browser: Any, pages: dict[str, Any], name: str
) -> None:
    path = pages["folder"] / f"{name}.html"
    _open(browser, path)
    expected: nx.Graph = pages[name]
    counts = _count(browser)
    assert counts["nodes"] == counts["shown"] == counts["drawn"] == expected.number_of_nodes()
    assert counts["edges"] == counts["tiesShown"] == expected.number_of_edges()
    assert set(browser.execute_script("return window.binatgraph.nodes.getIds()")) == set(expected.nodes)
    assert _errors(browser) == []
    urls = _requests(browser)
    assert urls and all(url.startswith(("file:", "data:")) for url in urls), urls
    # physics settled once and is off: the layout no longer moves
    assert browser.execute_script("return window.binatgraph.network.physics.options.enabled") is False
    before = browser.execute_script("return window.binatgraph.network.getPositions()")
    time.sleep(0.3)
    assert browser.execute_script("return window.binatgraph.network.getPositions()") == before
    shot = browser.get_screenshot_as_png()
    assert shot[16:24] == WIDTH.to_bytes(4, "big") + HEIGHT.to_bytes(4, "big")  # the PNG's own size
    if folder := os.environ.get("BINATGRAPH_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.png").write_bytes(shot)


@pytest.mark.parametrize("name", ["events", "institutions", "who-meets-whom"])
def test_labels_at_rest_do_not_overlap(browser: Any, pages: dict[str, Any], name: str) -> None:
    _open(browser, pages["folder"] / f"{name}.html")
    # the boxes vis-network itself measured when it last drew each shown label (canvas pixels),
    # moved by the vertical adjustment it draws a label with when the page moved it off its node
    boxes = browser.execute_script(
        "var b = window.binatgraph; b.network.redraw();"
        "return b.labelled().map(function (id) { var n = b.network.body.nodes[id];"
        "  var s = n.labelModule.size, v = n.options.font.vadjust || 0;"
        "  return [id, s.left, s.top + v, s.left + s.width, s.top + s.height + v]; });"
    )
    assert len(boxes) >= min(10, pages[name].number_of_nodes() // 3)
    clashes = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert clashes == []


@pytest.mark.parametrize("name", ["who-meets-whom", "organizations", "institutions", "events"])
def test_the_most_central_nodes_keep_their_labels_at_any_zoom(
    browser: Any, pages: dict[str, Any], name: str
) -> None:
    _open(browser, pages["folder"] / f"{name}.html")
    pinned = browser.execute_script("return window.binatgraph.data.labelled")
    top = analysis.centrality(pages[name], "degree")["node"].tolist()[: viz.LABELLED]
    assert pinned[: viz.LABELLED] == top
    for zoom in (1.0, 0.4, 0.15, 3.0):
        shown = browser.execute_script(
            "var b = window.binatgraph; b.network.moveTo({scale: arguments[0]}); b.layoutLabels();"
            "b.network.redraw(); return b.labelled().filter(function (id) {"
            "  return b.network.body.nodes[id].labelModule.elementOptions.label; });",
            zoom,
        )
        assert set(pinned) <= set(shown), f"zoom {zoom}: {sorted(set(pinned) - set(shown))}"
    assert _errors(browser) == []


def test_the_details_panel_is_opaque(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, pages["folder"] / "organizations.html")
    browser.execute_script("window.binatgraph.search('Embassy of the United States in Mexico')")
    details = browser.find_element(By.ID, "details")
    assert details.is_displayed()
    colour = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", details)
    channels = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    alpha = float(channels[3]) if len(channels) == 4 else 1.0
    assert alpha == 1.0, colour
    assert browser.execute_script("return getComputedStyle(arguments[0]).opacity", details) == "1"


def test_search_by_name_or_alias_selects_and_shows_the_node(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, pages["folder"] / "who-meets-whom.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("Ken Salazar", Keys.ENTER)
    assert browser.execute_script("return window.binatgraph.network.getSelectedNodes()") == [
        PERSON + "ken-salazar"
    ]
    details = browser.find_element(By.ID, "details")
    assert details.is_displayed() and "Ken Salazar" in details.text and "Ambassador" in details.text
    # accents and case folded, and aliases count
    box.clear()
    box.send_keys("andres manuel lopez obrador", Keys.ENTER)
    assert browser.execute_script("return window.binatgraph.network.getSelectedNodes()") == [
        PERSON + "andres-manuel-lopez-obrador"
    ]
    box.clear()
    box.send_keys("AMLO")
    browser.find_element(By.ID, "search-go").click()
    assert browser.execute_script("return window.binatgraph.network.getSelectedNodes()") == [
        PERSON + "andres-manuel-lopez-obrador"
    ]
    box.clear()
    box.send_keys("Nobody Atall", Keys.ENTER)
    assert "No name matches" in browser.find_element(By.ID, "search-status").text
    assert _errors(browser) == []


def _checkbox(browser: Any, fieldset: str, value: str) -> Any:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f"#{fieldset} input[value='{value}']")


def test_filters_change_the_visible_set(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, pages["folder"] / "who-meets-whom.html")
    people: nx.Graph = pages["who-meets-whom"]

    _checkbox(browser, "filter-countries", "MX").click()
    not_mexican = people.subgraph(n for n, c in people.nodes(data="country") if c != "MX")
    counts = _count(browser)
    assert (counts["shown"], counts["tiesShown"]) == (
        not_mexican.number_of_nodes(),
        not_mexican.number_of_edges(),
    )
    assert counts["shown"] < counts["nodes"]
    hidden = browser.execute_script(
        "return window.binatgraph.nodes.get({filter: function (n) { return n.hidden; }})"
        ".map(function (n) { return n.id; })"
    )
    assert set(hidden) == {n for n, c in people.nodes(data="country") if c == "MX"}
    browser.find_element(By.ID, "reset").click()
    assert _count(browser)["shown"] == people.number_of_nodes()

    # an institution keeps the people of its events and the ties made there, as the analysis does
    Select(browser.find_element(By.ID, "filter-institution")).select_by_visible_text(
        "High-Level Economic Dialogue"
    )
    hled = pages["hled"]
    counts = _count(browser)
    assert (counts["shown"], counts["tiesShown"]) == (hled.number_of_nodes(), hled.number_of_edges())
    browser.find_element(By.ID, "reset").click()

    # a period from its first to its last quarter is the analysis's period
    Select(browser.find_element(By.ID, "period-from")).select_by_visible_text("2022Q1")
    Select(browser.find_element(By.ID, "period-to")).select_by_visible_text("2022Q4")
    year = pages["2022"]
    counts = _count(browser)
    assert (counts["shown"], counts["tiesShown"]) == (year.number_of_nodes(), year.number_of_edges())
    assert "Showing" in browser.find_element(By.ID, "visible").text
    browser.find_element(By.ID, "reset").click()
    assert _count(browser)["tiesShown"] == people.number_of_edges()
    assert _errors(browser) == []


def test_type_filter_on_the_events_view(browser: Any, pages: dict[str, Any]) -> None:
    _open(browser, pages["folder"] / "events.html")
    _checkbox(browser, "filter-types", "event").click()
    counts = _count(browser)
    events = sum(1 for _, t in pages["events"].nodes(data="type") if t == "event")
    assert counts["shown"] == counts["nodes"] - events and counts["tiesShown"] == 0


def _hover(browser: Any, node: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    at = browser.execute_script(
        "var n = window.binatgraph.network; return n.canvasToDOM(n.getPosition(arguments[0]));", node
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#network canvas")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(at["x"] - size["width"] / 2), int(at["y"] - size["height"] / 2)
    ).perform()


def test_markup_in_the_data_shows_as_text_and_never_runs(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, pages["folder"] / "malicious.html")
    assert browser.title == "<script>window.__pwned = 5</script>"
    _hover(browser, "ana")
    tooltip = browser.find_element(By.ID, "tooltip")
    WebDriverWait(browser, 5).until(lambda b: tooltip.is_displayed())
    text = tooltip.get_attribute("textContent")
    assert 'Ana <img src=x onerror="window.__pwned = 6">' in text
    assert PAYLOADS[0] in text and PAYLOADS[1] in text and PAYLOADS[2] + PAYLOADS[3] in text
    assert "source: " + PAYLOADS[4] in text
    browser.execute_script("window.binatgraph.search('Ana')")
    details = browser.find_element(By.ID, "details").get_attribute("textContent")
    assert (
        '<img src=x onerror="window.__pwned = 8">' in details
        and "<script>window.__pwned = 7</script>" in details
    )
    options = [
        o.get_attribute("textContent")
        for o in browser.find_elements(By.CSS_SELECTOR, "#filter-institution option")
    ]
    assert PAYLOADS[5] in options
    time.sleep(0.3)  # give an injected onerror the chance it must not get
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert (
        browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    )
    assert browser.execute_script("return document.scripts.length") == 3
    assert _errors(browser) == []
    assert all(url.startswith(("file:", "data:")) for url in _requests(browser))
    # and the page's policy would stop a script that got in anyway (it only runs its own two)
    ran = browser.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        "document.head.appendChild(s); return typeof window.__injected"
    )
    assert ran == "undefined"
    assert any("Content Security Policy" in e["message"] for e in _errors(browser))


def test_empty_selection_page_says_nothing_matched(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, pages["folder"] / "empty.html")
    assert "Nothing matched" in browser.find_element(By.ID, "empty").text
    assert browser.execute_script("return window.binatgraph.nodes.length") == 0
    assert browser.find_element(By.ID, "search").get_attribute("disabled") is not None
    assert _errors(browser) == []


def test_filters_find_events_a_page_does_not_list(browser: Any, pages: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, pages["folder"] / "busy.html")
    info = browser.execute_script(
        "return JSON.parse(document.getElementById('bg-data').textContent).nodes.busy"
    )
    assert info["count"] == viz.EVENTS_LISTED + 11 and len(info["events"]) == viz.EVENTS_LISTED
    # busy's only 2019 event is its earliest, so it is not listed, yet the period still finds it
    Select(browser.find_element(By.ID, "period-from")).select_by_visible_text("2019Q2")
    Select(browser.find_element(By.ID, "period-to")).select_by_visible_text("2019Q2")
    shown = browser.execute_script(
        "return window.binatgraph.nodes.get({filter: function (n) { return !n.hidden; }})"
    )
    assert sorted(n["id"] for n in shown) == ["busy", "early"]
    assert _count(browser)["tiesShown"] == 1
    browser.find_element(By.ID, "reset").click()
    assert _count(browser)["shown"] == 3
    assert _errors(browser) == []
