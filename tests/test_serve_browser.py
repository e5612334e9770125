"""The query page in a real headless Chromium (Debian's chromium + chromedriver, installed by .ci/run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, database_path
from binatgraph.serve import EndpointSettings

from .chromium import headless_chromium, require_chromium
from .serving import running

DATA = Path(__file__).resolve().parents[1] / "data"
require_chromium()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = StoreLocation.parse(tmp_path_factory.mktemp("page") / "store")
    build(DATA, location)
    with running(EndpointSettings(database_path(location))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    driver = headless_chromium(tmp_path_factory.mktemp("chromium"))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _rows(browser: object) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    return [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    ]  # type: ignore[attr-defined]


def _run(browser: object) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "status"), "rows"))
    return browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]


def test_write_a_query_and_see_its_rows(browser: object, base: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base + "/")  # type: ignore[attr-defined]
    editor = browser.find_element(By.ID, "query")  # type: ignore[attr-defined]
    editor.clear()
    editor.send_keys("SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 3")
    assert _run(browser) == "3 rows"
    assert _rows(browser) == [["Alejandro Mayorkas"], ["Andrés Manuel López Obrador"], ["Barack Obama"]]
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert errors == []


def test_run_a_named_query(browser: object, base: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(base + "/")  # type: ignore[attr-defined]
    WebDriverWait(browser, 20).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#named option")) > 1)
    select = Select(browser.find_element(By.ID, "named"))  # type: ignore[attr-defined]
    names = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
    assert len(names) >= 12
    select.select_by_value(
        "events-per-quarter-by-type" if "events-per-quarter-by-type" in names else names[0]
    )
    status = _run(browser)
    assert status.endswith("rows") and not status.startswith("0 ")
    assert _rows(browser)
