"""``binatgraph serve``: the SPARQL endpoint and its query page."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from binatgraph.cli.options import StoreOption, app, err, fail, store_location
from binatgraph.graph.store import database_path


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    store: StoreOption = None,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Most rows (or triples) one response carries.")] = 10_000,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="BINATGRAPH_UPDATE_TOKEN", help="Allow SPARQL Update for clients that send this token."
        ),
    ] = None,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Read-only unless an update token is given; every query is stopped after --timeout seconds and cut at
    --max-rows rows, so one heavy query cannot hang the server. The page needs no internet.

    Example: `binatgraph serve --port 7878` then open http://127.0.0.1:7878/
    """
    import uvicorn

    from binatgraph.serve import EndpointSettings, create_app

    location = store_location(store)
    if location.kind != "oxigraph" or not database_path(location).exists():
        raise fail(f"no built store at {location}: run `binatgraph build` first (serve needs a store folder)")
    settings = EndpointSettings(
        database_path(location), update_token, timeout, max_rows, workers=max(2, min(4, os.cpu_count() or 2))
    )
    err.print(
        f"serving {location} on http://{host}:{port}/ (SPARQL at /sparql; "
        f"{'updates need the token' if update_token else 'read-only'})",
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
