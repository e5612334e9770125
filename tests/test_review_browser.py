"""The review workbench in a real headless Chromium: one fixture document reviewed end to end.

The browser accepts a new person, merges the Spanish name of a known body into that body, rejects a
false person and fixes the item's date, with the keyboard and the page's buttons, then finishes; data/
and the store must then hold exactly that (the store equals a fresh build of the new data/). Only the
local server may be asked for anything, and the page may log no error. Set BINATGRAPH_SCREENSHOTS to
a folder (e.g. docs/screenshots) to keep a screenshot of the workbench there as review.png.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from binatgraph.graph.build import build
from binatgraph.graph.export import serialize
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.review.app import create_review_app
from binatgraph.review.session import Session

from .chromium import headless_chromium, require_chromium
from .review_setup import ingest, serving, workspace

require_chromium()


def _wait(condition: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("the page did not get there in time")


def test_review_a_document_end_to_end(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    ws = workspace(tmp_path)
    _, asked = ingest(ws, "comunicado-agua-es.txt")
    assert asked == 3
    session = Session(ws.drafts, ws.data, ws.store)
    driver = headless_chromium(
        tmp_path / "chromium", logs=("browser", "performance"), extra_flags=("--window-size=1360,900",)
    )
    try:
        with serving(create_review_app(session, site="http://127.0.0.1:7878")) as base:
            driver.get(base + "/")
            _wait(lambda: driver.find_element(By.CSS_SELECTOR, "body[data-ready]"))
            marks = driver.find_elements(By.CSS_SELECTOR, "mark.proposed")
            assert {m.text for m in marks} >= {
                "Carla Fuentes Rivas",
                "Daniel Ortega Brooks",
                "Secretaría de Relaciones Exteriores",
            }
            assert "5 left" not in driver.find_element(By.ID, "left").text
            if os.environ.get("BINATGRAPH_SCREENSHOTS"):
                shots = Path(os.environ["BINATGRAPH_SCREENSHOTS"])
                shots.mkdir(parents=True, exist_ok=True)
                driver.save_screenshot(str(shots / "review.png"))

            def card(key: str) -> Any:
                return driver.find_element(By.CSS_SELECTOR, f'article.question[data-key="{key}"]')

            body = driver.find_element(By.TAG_NAME, "body")
            # 1. accept the first proposal (the person) as new, with the keyboard
            _wait(lambda: "active" in card("people/carla-fuentes-rivas").get_attribute("class"))
            body.send_keys("a")
            _wait(lambda: "done" in card("people/carla-fuentes-rivas").get_attribute("class"))
            # 2. the Spanish name of the foreign ministry: merge into the known body (its first candidate)
            driver.find_element(
                By.CSS_SELECTOR, 'mark[data-key="organizations/secretaria-de-relaciones-exteriores"]'
            ).click()
            link = card("organizations/secretaria-de-relaciones-exteriores").find_element(
                By.CSS_SELECTOR, ".candidates a"
            )
            assert link.get_attribute("href") == "http://127.0.0.1:7878/id/org/mx-foreign-ministry"
            driver.find_element(By.TAG_NAME, "body").send_keys("1")
            _wait(
                lambda: (
                    "done" in card("organizations/secretaria-de-relaciones-exteriores").get_attribute("class")
                )
            )
            # 3. a false person: not an entity, by its button
            card("people/daniel-ortega-brooks").click()
            card("people/daniel-ortega-brooks").find_element(By.CSS_SELECTOR, ".do-reject").click()
            _wait(lambda: "all judged" in driver.find_element(By.ID, "left").text)
            # 4. the date: the meeting was the day before the communiqué
            date = driver.find_element(By.ID, "date")
            date.clear()
            date.send_keys("2024-06-11")
            driver.find_element(By.ID, "save-item").click()
            _wait(lambda: "saved" in driver.find_element(By.ID, "message").text)
            driver.find_element(By.ID, "finish").click()
            _wait(lambda: "files written" in driver.find_element(By.ID, "message").text)
            logs = driver.get_log("browser")
            events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
            requests = [
                e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
            ]
    finally:
        driver.quit()
    assert not [entry for entry in logs if entry["level"] == "SEVERE"], logs
    page_requests = [
        url for url in requests if not url.startswith("chrome:")
    ]  # the browser's own new-tab page
    assert page_requests and all(url.startswith((base, "data:")) for url in page_requests), page_requests

    # data/ holds exactly the review
    people = yaml.safe_load((ws.data / "gazetteer" / "people.yaml").read_text())
    assert {"id": "carla-fuentes-rivas", "name": "Carla Fuentes Rivas", "country": "MX"} in people
    assert not any(p["id"] == "daniel-ortega-brooks" for p in people)
    ministry = next(
        o
        for o in yaml.safe_load((ws.data / "gazetteer" / "organizations.yaml").read_text())
        if o["id"] == "mx-foreign-ministry"
    )
    assert "Secretaría de Relaciones Exteriores" in ministry["aliases"]
    report = yaml.safe_load((ws.data / "reports" / "doc-comunicado-agua-es.yaml").read_text())
    [item] = report["items"]
    assert item["event"]["date"] == "2024-06-11"
    assert [p["person"] for p in item["event"]["participants"]] == ["carla-fuentes-rivas"]
    assert item["event"]["organizations"] == ["mx-foreign-ministry"]
    judged = yaml.safe_load((ws.data / "judgements.yaml").read_text())
    assert sorted((j["mention"], j["decision"], j.get("entity")) for j in judged) == [
        ("Carla Fuentes Rivas", "new", "carla-fuentes-rivas"),
        ("Daniel Ortega Brooks", "not-an-entity", None),
        ("Secretaría de Relaciones Exteriores", "entity", "mx-foreign-ministry"),
    ]
    # the store holds what a fresh build of the new data/ holds
    fresh = StoreLocation.parse(tmp_path / "fresh")
    build(ws.data, fresh)
    with open_graph(ws.store) as reviewed, open_graph(fresh) as built:
        assert _lines(serialize(reviewed, "nt")) == _lines(serialize(built, "nt"))


def _lines(data: bytes) -> set[bytes]:
    # build-only statements (the store's record of the build) are not the review's business
    return {line for line in data.splitlines() if line.strip() and b"/meta/" not in line}
