"""The endpoint holds up as a trusted server (issue 20, items 1-6 and 8): timeouts in every mode, query
screening, no outbound requests, limits, truncation said in the body, headers and hosts, tokens.

Real HTTP on loopback, as tests/test_serve.py; unit tests of :mod:`binatgraph.serve.guard` at the end.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from binatgraph.graph.build import build
from binatgraph.graph.store import StoreLocation, database_path
from binatgraph.serve import EndpointSettings

from .serving import running

DATA = Path(__file__).resolve().parents[1] / "data"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "ASK { ?s a bg:Summit }"
DEEP = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
TOKEN = {"Authorization": "Bearer s3cret"}


@pytest.fixture(scope="module")
def database(data_store: StoreLocation) -> Path:
    return database_path(data_store)


@pytest.fixture(scope="module")
def url(database: Path) -> Iterator[str]:
    with running(EndpointSettings(database, timeout=2.0, max_rows=5)) as base:
        yield base


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = StoreLocation.parse(tmp_path_factory.mktemp("writable") / "store")
    build(DATA, location)
    settings = EndpointSettings(database_path(location), update_token="s3cret", timeout=2.0, max_rows=5)
    with running(settings) as base:
        yield base


def _ask(base: str) -> bool:
    return bool(httpx.get(f"{base}/sparql", params={"query": SMALL}, timeout=30).json()["boolean"])


# --- 1. timeouts in every mode, over-deep and over-long queries ------------------------------------


def test_the_writable_server_enforces_the_timeout(writable: str) -> None:
    slow = httpx.get(f"{writable}/sparql", params={"query": HEAVY}, timeout=30)
    assert slow.status_code == 503 and "timed out" in slow.text
    assert _ask(writable)


def test_the_writable_server_sees_its_updates_in_its_workers(writable: str) -> None:
    insert = "INSERT DATA { <http://example.org/seen> a <http://example.org/Thing> }"
    done = httpx.post(f"{writable}/sparql", data={"update": insert}, headers=TOKEN)
    assert done.status_code == 204
    ask = httpx.get(f"{writable}/sparql", params={"query": "ASK { <http://example.org/seen> a ?t }"})
    assert ask.json()["boolean"] is True


@pytest.mark.parametrize("mode", ["read-only", "writable"])
def test_an_over_deep_query_is_refused_before_the_engine(mode: str, request: pytest.FixtureRequest) -> None:
    base = request.getfixturevalue("url" if mode == "read-only" else "writable")
    response = httpx.post(
        f"{base}/sparql", content=DEEP, headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 400 and "3000 levels deep" in response.text
    assert _ask(base)


def test_an_over_long_query_is_refused(url: str) -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "x" * 150_000 + '" }'
    response = httpx.post(
        f"{url}/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400 and "at most 100,000" in response.text


def test_an_over_deep_update_is_refused(writable: str) -> None:
    update = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{ " * 3000 + " }" * 3000
    response = httpx.post(f"{writable}/sparql", data={"update": update}, headers=TOKEN)
    assert response.status_code == 400 and "levels deep" in response.text


# --- 2. no outbound requests ---------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback socket that records whatever connects to it (a request the server should not send)."""
    seen: list[bytes] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(4096))
                except OSError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/anything", seen
    stop.set()
    thread.join(timeout=5)
    sock.close()


def test_service_is_refused_and_sends_nothing(url: str, listener: tuple[str, list[bytes]]) -> None:
    target, seen = listener
    query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 400 and "--allow-service" in response.text
    assert seen == []


def test_load_is_refused_even_with_the_token(writable: str, listener: tuple[str, list[bytes]]) -> None:
    target, seen = listener
    response = httpx.post(
        f"{writable}/sparql", data={"update": f"LOAD <{target}>"}, headers=TOKEN, timeout=30
    )
    assert response.status_code == 400 and "LOAD" in response.text
    assert seen == []


def test_an_allowed_service_endpoint_is_asked(database: Path, listener: tuple[str, list[bytes]]) -> None:
    from binatgraph.serve.guard import Limits

    target, seen = listener
    settings = EndpointSettings(
        database, timeout=3.0, site=False, limits=Limits(allow_service=frozenset({target}))
    )
    with running(settings) as base:
        query = f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"
        response = httpx.get(f"{base}/sparql", params={"query": query}, timeout=30)
    assert "--allow-service" not in response.text
    assert seen and seen[0].startswith((b"GET", b"POST"))


# --- 3. limits: body cap, bounded queue ---------------------------------------------------------------


def test_a_body_over_the_cap_is_413(url: str) -> None:
    body = b"ASK {} #" + b"x" * 2_000_000
    response = httpx.post(f"{url}/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_a_chunked_body_over_the_cap_is_413(url: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"#" + b"x" * 64_000 + b"\n"

    response = httpx.post(
        f"{url}/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 413


def test_a_full_queue_answers_503_with_retry_after(database: Path) -> None:
    from binatgraph.serve.guard import Limits

    settings = EndpointSettings(database, timeout=2.0, workers=1, site=False, limits=Limits(max_queue=2))
    with running(settings) as base:
        results: list[httpx.Response] = []

        def slow() -> None:
            results.append(httpx.get(f"{base}/sparql", params={"query": HEAVY}, timeout=60))

        threads = [threading.Thread(target=slow) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    busy = [r for r in results if r.status_code == 503 and "busy" in r.text]
    assert busy and all(r.headers["retry-after"].isdigit() for r in busy)


# --- 4. truncation said in the body --------------------------------------------------------------------


def test_a_cut_result_says_so_in_the_json_head(url: str) -> None:
    people = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }"
    head = httpx.get(f"{url}/sparql", params={"query": people}).json()["head"]
    assert head == {"vars": ["name"], "truncated": True, "limit": 5}
    whole = httpx.get(f"{url}/sparql", params={"query": people + " LIMIT 2"}).json()["head"]
    assert whole == {"vars": ["name"]}


# --- 5. headers and hosts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/sparql?query=ASK%7B%7D", "/static/app.js", "/api/prefixes", "/nowhere"]
)
def test_every_response_carries_the_security_headers(url: str, path: str) -> None:
    response = httpx.get(url + path)
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy and (
        "default-src 'self'" in policy or "default-src 'none'" in policy
    )
    assert response.headers.get("x-content-type-options") == "nosniff"


def test_a_foreign_host_is_refused(url: str) -> None:
    port = url.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{int(port) + 1}"):
        response = httpx.get(f"{url}/sparql", params={"query": SMALL}, headers={"Host": host})
        assert response.status_code == 400, host
        assert response.headers.get("x-content-type-options") == "nosniff"
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert httpx.get(f"{url}/sparql", params={"query": SMALL}, headers={"Host": host}).status_code == 200


def test_allow_host_adds_a_name(database: Path) -> None:
    settings = EndpointSettings(database, site=False, allow_hosts=("graph.example",))
    with running(settings) as base:
        ok = httpx.get(f"{base}/sparql", params={"query": SMALL}, headers={"Host": "graph.example"})
        other = httpx.get(f"{base}/sparql", params={"query": SMALL}, headers={"Host": "other.example"})
    assert ok.status_code == 200 and other.status_code == 400


# --- 6. tokens, encodings, formats ----------------------------------------------------------------------


def test_a_bare_token_is_refused(writable: str) -> None:
    insert = "INSERT DATA { <http://example.org/bare> a <http://example.org/Thing> }"
    response = httpx.post(f"{writable}/sparql", data={"update": insert}, headers={"Authorization": "s3cret"})
    assert response.status_code == 401
    ask = httpx.get(f"{writable}/sparql", params={"query": "ASK { <http://example.org/bare> ?p ?o }"})
    assert ask.json()["boolean"] is False


def test_a_non_ascii_authorization_header_is_400(writable: str) -> None:
    response = httpx.post(
        f"{writable}/sparql",
        content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers=[
            (b"Content-Type", b"application/sparql-update"),
            (b"Authorization", "Bearer s\xe9cret".encode("latin-1")),
        ],
    )
    assert response.status_code == 400


@pytest.mark.parametrize("kind", ["application/sparql-query", "application/sparql-update"])
def test_a_non_utf8_body_is_400(writable: str, kind: str) -> None:
    body = (
        "ASK { ?s ?p 'caf\xe9' }" if kind.endswith("query") else "INSERT DATA { <urn:a> <urn:b> 'caf\xe9' }"
    )
    response = httpx.post(
        f"{writable}/sparql", content=body.encode("latin-1"), headers={"Content-Type": kind, **TOKEN}
    )
    assert response.status_code == 400 and "UTF-8" in response.text


def test_a_non_utf8_form_is_400(url: str) -> None:
    response = httpx.post(
        f"{url}/sparql",
        content=b"query=ASK%20%7B%20%3Fs%20%3Fp%20%27caf%E9%27%20%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code in (200, 400)  # decoded leniently or refused, never a 500


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "text/csv"),
    ],
)
def test_a_format_that_does_not_fit_the_query_is_406(url: str, query: str, accept: str) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406


# --- 8. a full disk on the writable server ---------------------------------------------------------------


class _FullDisk:
    """A writable store whose disk is full: every update fails as Oxigraph's does (errno 28)."""

    read_only = staticmethod(ox.Store.read_only)

    def __init__(self, path: str | None = None) -> None:
        self._store = _REAL_STORE(path)

    def update(self, *_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


_REAL_STORE = ox.Store


def test_a_full_disk_answers_507_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    build(DATA, location)
    monkeypatch.setattr(ox, "Store", _FullDisk)
    settings = EndpointSettings(database_path(location), update_token="s3cret", site=False)
    with running(settings) as base:
        response = httpx.post(
            f"{base}/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, headers=TOKEN
        )
    assert response.status_code == 507
    assert response.text.strip().count("\n") == 0 and "no space left" in response.text


# --- 3. the queue in front of the workers, without HTTP ----------------------------------------------------


def test_one_clients_slow_queries_leave_a_worker_for_another(database: Path) -> None:
    import time

    from binatgraph.serve.guard import RefusedError
    from binatgraph.serve.runner import QueryRunner

    runner = QueryRunner(database, workers=2, timeout=1.5)
    try:
        warm = [threading.Thread(target=runner.run, args=(SMALL,), kwargs={"client": c}) for c in "ab"]
        for thread in warm:  # both workers started and answering
            thread.start()
        for thread in warm:
            thread.join(timeout=30)
        answers: list[int] = []

        def slow() -> None:
            try:
                answers.append(runner.run(HEAVY, client="10.0.0.1").status)
            except RefusedError as exc:
                answers.append(exc.status)

        burst = [threading.Thread(target=slow) for _ in range(3)]
        for thread in burst:
            thread.start()
        time.sleep(0.3)
        start = time.perf_counter()
        small = runner.run(SMALL, client="10.0.0.2")
        waited = time.perf_counter() - start
        # the same client's next small query is not stuck behind its known-slow text either
        for thread in burst:
            thread.join(timeout=30)
        assert answers == [503] * 3  # timed out: one at a time, on one worker
        assert small.status == 200 and waited < 1.0
        burst = [threading.Thread(target=slow)]
        for thread in burst:
            thread.start()
        time.sleep(0.3)
        start = time.perf_counter()
        assert runner.run(SMALL, client="10.0.0.1").status == 200
        assert time.perf_counter() - start < 1.0
        for thread in burst:
            thread.join(timeout=30)
    finally:
        runner.close()


# --- the screening itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://a/> { }" }',  # in a string
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://a/> { }",  # in a comment
        "SELECT ?service WHERE { ?s ex:service ?service ; <http://a/SERVICE> ?o }",  # names, not keywords
        "SELECT * WHERE { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }",  # allowed
        "SELECT * WHERE { FILTER(?a < 3 && ?b > 2) }",  # comparisons, not IRIs
    ],
)
def test_screening_lets_through(query: str) -> None:
    from binatgraph.serve.guard import Limits, screen_query

    assert screen_query(query, Limits(allow_service=frozenset({"http://allowed.example/"}))) is None


@pytest.mark.parametrize(
    ("query", "update", "why"),
    [
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://a/> { } }", False, "SERVICE <http://a/>"),
        ("select * where { service silent # c\n <http://a/> { } }", False, "SERVICE <http://a/>"),
        ("SELECT * WHERE { SERVICE ?endpoint { } }", False, "not written as a full IRI"),
        ("LOAD SILENT <http://a/data.ttl> INTO GRAPH <urn:g>", True, "LOAD <http://a/data.ttl>"),
        ("SELECT * WHERE " + "(" * 201 + "1" + ")" * 201, False, "201 levels deep"),
        ("INSERT DATA { <urn:a> <urn:b> '" + "x" * 100_001 + "' }", True, "the update is 100,"),
    ],
)
def test_screening_refuses(query: str, update: bool, why: str) -> None:
    from binatgraph.serve.guard import Limits, screen_query

    assert why in (screen_query(query, Limits(), update=update) or "")


@pytest.mark.parametrize("unit", ["{", "<", "'", "a:", "?x "])
def test_screening_is_linear(unit: str) -> None:
    from binatgraph.serve.guard import Limits, screen_query
    from tests.workcount import growth

    assert growth(lambda n: lambda: screen_query(unit * n, Limits()), 5_000) < 2.6, unit
