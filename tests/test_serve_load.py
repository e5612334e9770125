"""A bounded load test on loopback (issue 20, item 3): small queries are not starved behind slow ones.

One client (source address 127.0.0.2, still loopback, so the server tells the two clients apart) sends
twelve slow queries at once to a two-worker server with ``--timeout 2``; meanwhile another client
(127.0.0.1) sends twenty small queries, one every 0.2 s. The small queries' p50/p99 latency, quiet
and under the slow burst, is printed (``pytest -s``) and the loaded p99 must stay under one timeout.
Fixed request counts, every request with its own time limit: the test stops by itself in ~15 s.
"""

from __future__ import annotations

import statistics
import threading
import time

import httpx
import pytest

from binatgraph.graph.store import StoreLocation, database_path
from binatgraph.serve import EndpointSettings

from .serving import running

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "ASK { ?s a bg:Summit }"
SLOW_COUNT, SMALL_COUNT, TIMEOUT = 12, 20, 2.0


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def _small_queries(client: httpx.Client, base: str, statuses: list[int]) -> list[float]:
    """SMALL_COUNT small queries sent open-loop, one every 0.2 s (each in its own thread, so one stuck
    query does not delay the next one's start); their latencies, a query cut at its 20 s limit at 20 s.
    Each answer's status goes to ``statuses`` (0 for no answer)."""
    latencies: list[float] = []

    def one() -> None:
        start = time.perf_counter()
        try:
            status = client.get(f"{base}/sparql", params={"query": SMALL}, timeout=20).status_code
        except httpx.HTTPError:
            status = 0
        latencies.append(time.perf_counter() - start)
        statuses.append(status)

    threads = [threading.Thread(target=one) for _ in range(SMALL_COUNT)]
    for thread in threads:
        thread.start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=30)
    return latencies


@pytest.mark.slow  # ~15 s
def test_small_queries_are_not_starved_behind_slow_ones(data_store: StoreLocation) -> None:
    settings = EndpointSettings(database_path(data_store), timeout=TIMEOUT, workers=2, site=False)
    limits = httpx.Limits(max_connections=SMALL_COUNT + SLOW_COUNT)
    with running(settings) as base, httpx.Client(limits=limits) as small_client:
        small_client.get(f"{base}/sparql", params={"query": SMALL}, timeout=20)  # warm both sides
        statuses: list[int] = []
        quiet = _small_queries(small_client, base, statuses)

        slow_answers: list[int] = []
        slow_client = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2", limits=limits))

        def slow() -> None:
            try:
                answer = slow_client.get(f"{base}/sparql", params={"query": HEAVY}, timeout=40)
                slow_answers.append(answer.status_code)
            except httpx.TimeoutException:
                slow_answers.append(0)

        burst = [threading.Thread(target=slow) for _ in range(SLOW_COUNT)]
        for thread in burst:
            thread.start()
        time.sleep(0.3)  # the slow queries are in
        loaded = _small_queries(small_client, base, statuses)
        for thread in burst:
            thread.join(timeout=60)
        slow_client.close()

    (q50, q99), (l50, l99) = _percentiles(quiet), _percentiles(loaded)
    print(
        f"\nsmall-query latency, quiet: p50 {q50 * 1000:.0f} ms, p99 {q99 * 1000:.0f} ms; "
        f"under {SLOW_COUNT} slow queries: p50 {l50 * 1000:.0f} ms, p99 {l99 * 1000:.0f} ms; "
        f"slow answers {sorted(slow_answers)}"
    )
    assert statuses == [200] * (2 * SMALL_COUNT), "a small query was refused or not answered"
    assert len(slow_answers) == SLOW_COUNT and set(slow_answers) <= {503}
    assert l99 < TIMEOUT, f"a small query waited {l99:.1f} s behind slow ones"
