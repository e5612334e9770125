"""The query page in a real headless Chromium (Debian's chromium + chromedriver, installed by .ci/run)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from binatgraph.graph.store import StoreLocation, database_path
from binatgraph.schema.prefixes import shorten
from binatgraph.serve import EndpointSettings

from .chromium import headless_chromium, require_chromium
from .serving import running

require_chromium()


@pytest.fixture(scope="module")
def base(data_store: StoreLocation) -> Iterator[str]:
    with running(EndpointSettings(database_path(data_store))) as url:
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


def _type_and_run(browser: object, text: str, until: str = "rows") -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    editor = browser.find_element(By.ID, "query")  # type: ignore[attr-defined]
    browser.execute_script("arguments[0].value = arguments[1]", editor, text)  # type: ignore[attr-defined]
    browser.execute_script("document.getElementById('status').textContent = ''")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "status"), until))
    return browser.find_element(By.ID, "status").text  # type: ignore[attr-defined]


def _download(browser: object) -> tuple[bool, str | None]:
    """Whether the CSV link shows, and the file it downloads (read through the page's own fetch)."""
    shown, text = browser.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1], link = document.getElementById('download');"
        "if (link.hidden || !link.href) { done([!link.hidden, null]); return; }"
        "fetch(link.href).then(function (r) { return r.text(); }).then(function (t) { done([true, t]); });"
    )
    return shown, text


QUOTED = (
    "SELECT ?p ?name ?note WHERE { ?p a schema:Person ; rdfs:label ?name . "
    'BIND(CONCAT("said \\"hi\\", then, left") AS ?note) } ORDER BY ?name LIMIT 4'
)


def test_the_result_downloads_as_the_endpoints_csv(browser: object, base: str) -> None:
    import httpx
    from selenium.webdriver.common.by import By

    browser.get(base + "/")  # type: ignore[attr-defined]
    assert _download(browser) == (False, None)  # nothing to download before a query ran
    assert _type_and_run(browser, QUOTED) == "4 rows"
    link = browser.find_element(By.ID, "download")  # type: ignore[attr-defined]
    assert link.is_displayed() and link.get_attribute("download").endswith(".csv")
    shown, text = _download(browser)
    expected = httpx.get(f"{base}/sparql", params={"query": QUOTED, "format": "csv"}).text
    assert shown and text == expected
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["p", "name", "note"] and len(rows) == 5
    assert rows[1][0].startswith("https://w3id.org/binatgraph/id/person/")  # whole IRIs, as the endpoint
    assert rows[1][2] == 'said "hi", then, left'


def test_a_failing_query_clears_the_last_answer(browser: object, base: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base + "/")  # type: ignore[attr-defined]
    assert _type_and_run(browser, "SELECT ?p WHERE { ?p a schema:Person } LIMIT 3") == "3 rows"
    assert len(_rows(browser)) == 3 and _download(browser)[0]
    status = _type_and_run(browser, "SELECT ?p WHERE { ?p a schema:Person ", until="syntax")
    assert "syntax" in status
    status_class = browser.find_element(By.ID, "status").get_attribute("class")  # type: ignore[attr-defined]
    assert "error" in status_class
    assert _rows(browser) == []
    assert browser.find_elements(By.CSS_SELECTOR, "#results thead th") == []  # type: ignore[attr-defined]
    assert _download(browser) == (False, None)


def test_iris_show_with_the_project_prefixes(browser: object, base: str) -> None:
    browser.get(base + "/")  # type: ignore[attr-defined]
    query = (
        "SELECT ?person ?class ?item WHERE { VALUES ?person { person:ken-salazar } ?person a ?class . "
        "OPTIONAL { ?e bg:participation/rdf:value ?person ; prov:wasDerivedFrom ?item } } "
        "ORDER BY ?class ?item LIMIT 1"
    )
    assert _type_and_run(browser, query) == "1 rows"
    [[person, cls, item]] = _rows(browser)
    assert (person, cls) == ("person:ken-salazar", shorten("https://schema.org/Person"))
    # an IRI whose rest is not a plain name stays whole, as `binatgraph query` prints it
    assert item == shorten(item) and item.startswith("https://w3id.org/binatgraph/id/report/")


def test_the_example_query_counts_each_event_once(browser: object, base: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + "/")  # type: ignore[attr-defined]
    example = browser.find_element(By.ID, "query").get_attribute("value")  # type: ignore[attr-defined]
    assert "COUNT(DISTINCT ?event)" in example
    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "status"), "rows"))
    assert sum(int(events) for _year, events in _rows(browser)) == 30


def test_a_cut_result_says_so_on_the_page(browser: object, data_store: StoreLocation) -> None:
    with running(EndpointSettings(database_path(data_store), max_rows=2, site=False)) as url:
        browser.get(url + "/")  # type: ignore[attr-defined]
        status = _type_and_run(browser, "SELECT ?p WHERE { ?p a schema:Person }")
    assert status == "2 rows (cut at the server's result cap of 2 rows; more rows match)"
