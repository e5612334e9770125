"""``binatgraph serve``: the SPARQL endpoint and its query page."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

import os
from pathlib import Path
from typing import Annotated

import typer

from binatgraph.cli.options import StoreOption, app, err, fail, store_location


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    store: StoreOption = None,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Most rows (or triples) one response carries.")] = 10_000,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            "-r",
            help="The folder holding the report files, so the site's item pages quote their passage.",
            show_default=False,
        ),
    ] = None,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="BINATGRAPH_UPDATE_TOKEN",
            help="Allow SPARQL Update for clients that send `Authorization: Bearer <token>`.",
        ),
    ] = None,
    allow_service: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-service",
            metavar="URL",
            help="An endpoint SERVICE may query (or LOAD read); repeat for more. Without it both are "
            "refused, so the server sends no request anywhere. A URL ending in / allows all under it.",
            show_default=False,
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="HOST",
            help="A further Host name to answer (name or name:port), e.g. behind a proxy; repeat for more. "
            "Other Host values get 400 (against DNS rebinding).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint at /sparql, with a query page at /, and the analyst's
    site at /home: a page for every entity at its IRI's path (/id/person/..., HTML, Turtle, N-Triples
    or JSON-LD by Accept or suffix), live networks, a timeline, briefs and search.

    Read-only unless an update token is given; every query (in every mode) is stopped after --timeout
    seconds and cut at --max-rows rows, so one heavy query cannot hang the server; bodies over 1 MB,
    queries over 100 KB or nested over 200 deep are refused, a full queue answers 503, and one client
    holds at most all workers but one. The page needs no internet.

    Example: `binatgraph serve --port 7878` then open http://127.0.0.1:7878/
    """
    import uvicorn

    from binatgraph.graph.store import StoreError, served_database
    from binatgraph.serve import EndpointSettings, create_app
    from binatgraph.serve.guard import Limits

    location = store_location(store)
    try:
        database = served_database(location)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    settings = EndpointSettings(
        database,
        update_token,
        timeout,
        max_rows,
        workers=max(2, min(4, os.cpu_count() or 2)),
        sources=reports,
        limits=Limits(allow_service=frozenset(allow_service or ())),
        host=host,
        port=port,
        allow_hosts=tuple(allow_host or ()),
    )
    err.print(
        f"serving {location} on http://{host}:{port}/ (SPARQL at /sparql, the site at /home; "
        f"{'updates need the token' if update_token else 'read-only'})",
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
