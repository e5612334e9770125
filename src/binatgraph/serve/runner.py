"""Running SPARQL for the endpoint: worker processes, a hard timeout, a fair bounded queue, a result cap.

Oxigraph cannot cancel a query from Python, so each query runs in one of a few worker processes
that hold a read-only handle on the store. A query past the timeout gets its worker killed and
replaced; the server and the other workers go on serving. Results are written by the worker in the
format the client asked for, stopping at ``max_rows`` (the response then says it was truncated).

In front of the workers is a bounded queue, fair between clients: one client (one address) holds at
most ``share`` workers at once (all but one, by default), so a client sending slow queries cannot
starve another's cheap ones, and waits in line with at most ``2 * share`` requests; past that,
or with ``max_queue`` requests waiting in all, the request is refused at once (503, ``Retry-After``).
A query text that has timed out before counts as another client of its own (its address's "slow"
lane), so the same client's cheap queries are not stuck behind its known-slow ones either.

With updates enabled the server holds the store for writing; the workers still read it (read-only
handles), :meth:`QueryRunner.exclusive` holds queries back while an update runs, and each worker
reopens its handle before its next query so it sees the change.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import multiprocessing as mp
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from binatgraph.queries.results import GRAPH_TYPES, RESULT_TYPES, QueryOutcome, execute
from binatgraph.serve.guard import RefusedError

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "QueryOutcome", "QueryRunner", "apply_update", "execute"]

# The result formats (RESULT_TYPES, GRAPH_TYPES, execute) live in binatgraph.queries.results, so the CLI
# runs a query without loading this server.
_TEXT = "text/plain; charset=utf-8"


# --- worker processes ---------------------------------------------------------------------------


def _worker_main(database: str, conn: Connection) -> None:
    store, generation = ox.Store.read_only(database), 0
    while True:
        try:
            wanted, *request = conn.recv()
        except EOFError:
            return
        if wanted != generation:  # the store was updated since this handle was opened
            store, generation = ox.Store.read_only(database), wanted
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
    """A small pool of worker processes over a read-only store, each query bounded in time and size,
    handed out fairly between clients from a bounded queue."""

    def __init__(
        self,
        database: Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        max_rows: int = 10_000,
        max_queue: int | None = None,
        share: int | None = None,
    ) -> None:
        self.database, self.timeout, self.max_rows = str(database), timeout, max_rows
        self.workers = workers
        self.max_queue = max_queue if max_queue is not None else 4 * workers
        self.share = share if share is not None else max(1, workers - 1)
        self.per_client = min(self.max_queue, 2 * self.share)  # requests one client may have waiting
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._waiting: list[list[str | int]] = []  # [ticket, client, digest] in arrival order
        self._busy: dict[str, int] = {}  # workers each client holds
        self._tickets = 0
        self._writing = False  # an update holds the store: no query starts
        self._running = 0
        self.generation = 0  # bumped after each update: workers reopen their handle
        self._slow: OrderedDict[str, None] = OrderedDict()  # digests of query texts that timed out
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.database)
        with self._cond:
            self._all.append(worker)
            self._idle.append(worker)
            self._cond.notify_all()

    def _next(self) -> int | None:
        """The ticket to serve next: among waiting clients under their share, the one holding fewest
        workers (then the earliest)."""
        best: tuple[int, int] | None = None
        for ticket, client, _ in self._waiting:
            busy = self._busy.get(str(client), 0)
            if busy < self.share and (best is None or busy < best[0]):
                best = (busy, int(ticket))
        return None if best is None else best[1]

    def _acquire(self, client: str, digest: str) -> tuple[_Worker, str]:
        """A worker for ``client``'s query, in its turn, and the lane it was counted in."""
        with self._cond:
            if digest in self._slow:
                client += " (slow)"
            mine = sum(1 for _, c, _ in self._waiting if c == client)
            if len(self._waiting) >= self.max_queue or mine >= self.per_client:
                wait = max(1, math.ceil(self.timeout))
                raise RefusedError(
                    503,
                    f"the server is busy ({len(self._waiting)} queries waiting); try again in {wait} s",
                    {"Retry-After": str(wait)},
                )
            self._tickets += 1
            ticket = self._tickets
            entry: list[str | int] = [ticket, client, digest]
            self._waiting.append(entry)
            while self._writing or not self._idle or self._next() != ticket:
                self._cond.wait()
            self._waiting.remove(entry)
            lane = str(entry[1])  # moved to the slow lane if its text timed out meanwhile
            self._busy[lane] = self._busy.get(lane, 0) + 1
            self._running += 1
            worker = self._idle.pop()
            self._cond.notify_all()
            return worker, lane

    def _release(self, client: str, worker: _Worker | None) -> None:
        with self._cond:
            self._busy[client] -= 1
            if not self._busy[client]:
                del self._busy[client]
            self._running -= 1
            if worker is not None:
                self._idle.append(worker)
            self._cond.notify_all()

    def run(
        self, query: str, fmt: str | None = None, graph_fmt: str | None = None, client: str = ""
    ) -> QueryOutcome:
        """Run ``query`` on a worker; :class:`RefusedError` (503) at once when the queue is full."""
        digest = hashlib.blake2b(query.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        worker, client = self._acquire(client, digest)
        back: _Worker | None = None
        try:
            worker.conn.send((self.generation, query, fmt, graph_fmt, self.max_rows))
            if worker.conn.poll(self.timeout):
                try:
                    outcome: QueryOutcome = worker.conn.recv()
                except EOFError:
                    self._replace(worker)
                    return QueryOutcome(500, _TEXT, b"the query worker stopped")
                back = worker
                return outcome
            self._replace(worker)
            self._timed_out(digest)
            message = f"query timed out after {self.timeout:g} s; narrow it or add a LIMIT"
            return QueryOutcome(503, _TEXT, message.encode())
        finally:
            self._release(client, back)

    def _timed_out(self, digest: str) -> None:
        """Remember a query text that timed out; the same text waiting in line moves to the slow lane."""
        with self._cond:
            self._slow[digest] = None
            self._slow.move_to_end(digest)
            while len(self._slow) > 1024:
                self._slow.popitem(last=False)
            for entry in self._waiting:
                if entry[2] == digest and not str(entry[1]).endswith(" (slow)"):
                    entry[1] = f"{entry[1]} (slow)"
            self._cond.notify_all()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            if worker in self._all:
                self._all.remove(worker)
        self._add()

    @contextlib.contextmanager
    def exclusive(self, wait: float | None = None) -> Iterator[None]:
        """Hold queries back (and wait for running ones) while the block writes the store; workers
        reopen their handle afterwards. :class:`RefusedError` (503) if the store is not free in ``wait`` s."""
        deadline = time.monotonic() + (self.timeout + 5 if wait is None else wait)
        with self._cond:
            while self._writing:
                if not self._cond.wait(max(0.0, deadline - time.monotonic())) and self._writing:
                    raise RefusedError(503, "another update is running; try again", {"Retry-After": "1"})
            self._writing = True
            try:
                while self._running:
                    if not self._cond.wait(max(0.0, deadline - time.monotonic())) and self._running:
                        raise RefusedError(503, "queries are still running; try again", {"Retry-After": "1"})
            except BaseException:
                self._writing = False
                self._cond.notify_all()
                raise
        try:
            yield
        finally:
            with self._cond:
                self.generation += 1
                self._writing = False
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            workers, self._all, self._idle = self._all, [], []
        for worker in workers:
            worker.kill()


def apply_update(store: ox.Store, text: str) -> QueryOutcome:
    """Run a SPARQL Update on the writable ``store`` and flush it: 204, or 400 for a bad update, or 507
    with one line when the disk is full (the update is one transaction, so nothing was changed)."""
    try:
        store.update(text)
    except SyntaxError as exc:
        return QueryOutcome(400, _TEXT, f"SPARQL syntax {exc}".encode())
    except OSError as exc:
        if _full(exc):
            return QueryOutcome(507, _TEXT, b"no space left on the store's disk; nothing was changed")
        return QueryOutcome(500, _TEXT, f"the update failed: {exc}".splitlines()[0].encode())
    except (RuntimeError, ValueError) as exc:
        return QueryOutcome(400, _TEXT, f"the update failed: {exc}".splitlines()[0].encode())
    try:
        store.flush()
    except OSError as exc:  # the update is in the store's log already: it stays applied
        first = f"the update was applied but the store could not flush it: {exc}".splitlines()[0]
        return QueryOutcome(507 if _full(exc) else 500, _TEXT, first.encode())
    return QueryOutcome(204, _TEXT, b"")


def _full(exc: OSError) -> bool:
    return exc.errno == errno.ENOSPC or "no space left" in str(exc).lower()
