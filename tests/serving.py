"""Start the SPARQL endpoint on a free loopback port for a test, and stop it afterwards."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from binatgraph.serve import EndpointSettings, create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_app(app: object, port: int | None = None) -> Iterator[str]:
    """The base URL of any ASGI ``app`` served on 127.0.0.1 until the block ends (a free port by default)."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def running(settings: EndpointSettings) -> Iterator[str]:
    """The base URL of an endpoint serving ``settings`` until the block ends (on 127.0.0.1, a free port)."""
    port = free_port()
    with serve_app(create_app(dataclasses.replace(settings, host="127.0.0.1", port=port)), port) as url:
        yield url
