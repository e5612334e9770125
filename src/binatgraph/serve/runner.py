"""Running SPARQL for the endpoint: worker processes, a hard timeout, a result cap, W3C result formats.

Oxigraph cannot cancel a query from Python, so each query runs in one of a few worker processes
that hold a read-only handle on the store. A query past the timeout gets its worker killed and
replaced; the server and the other workers go on serving. Results are written by the worker in the
format the client asked for, stopping at ``max_rows`` (the response then says it was truncated).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from binatgraph.queries.results import GRAPH_TYPES, RESULT_TYPES, QueryOutcome, execute

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "QueryOutcome", "QueryRunner", "execute"]

# The result formats (RESULT_TYPES, GRAPH_TYPES, execute) live in binatgraph.queries.results, so the CLI
# runs a query without loading this server.


# --- worker processes ---------------------------------------------------------------------------


def _worker_main(database: str, conn: Connection) -> None:
    store = ox.Store.read_only(database)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, *request))


class _Worker:
    def __init__(self, database: str) -> None:
        self.conn, child = mp.get_context("spawn").Pipe()
        self.process = mp.get_context("spawn").Process(
            target=_worker_main, args=(database, child), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryRunner:
    """A small pool of worker processes over a read-only store, each query bounded in time and size."""

    def __init__(
        self, database: Path, *, workers: int = 2, timeout: float = 30.0, max_rows: int = 10_000
    ) -> None:
        self.database, self.timeout, self.max_rows = str(database), timeout, max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.database)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, query: str, fmt: str | None = None, graph_fmt: str | None = None) -> QueryOutcome:
        worker = self._idle.get()
        worker.conn.send((query, fmt, graph_fmt, self.max_rows))
        if worker.conn.poll(self.timeout):
            try:
                outcome: QueryOutcome = worker.conn.recv()
            except EOFError:
                outcome = QueryOutcome(500, "text/plain; charset=utf-8", b"the query worker stopped")
                self._replace(worker)
                return outcome
            self._idle.put(worker)
            return outcome
        self._replace(worker)
        message = f"query timed out after {self.timeout:g} s; narrow it or add a LIMIT"
        return QueryOutcome(503, "text/plain; charset=utf-8", message.encode())

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.remove(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()
