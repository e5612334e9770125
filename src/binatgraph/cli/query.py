"""``binatgraph query`` and ``binatgraph queries``: SPARQL from the command line.

Finding the query, binding its parameters and writing the answer are the library's
(:mod:`binatgraph.queries`, :mod:`binatgraph.queries.results`); the web server is never loaded.
"""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from binatgraph.cli.options import (
    ROWS,
    FormatOption,
    Formats,
    StoreOption,
    app,
    deprecated,
    err,
    fail,
    store_location,
)
from binatgraph.cli.output import emit

if TYPE_CHECKING:
    from binatgraph.graph.store.location import StoreLocation
    from binatgraph.queries.results import Readable

RESULTS = Formats(
    ("table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "nt"),
    "table for people; csv, tsv, json, xml (SPARQL results) or turtle, jsonld, nt (graphs) for pipes.",
)
"""The formats of ``query``: a table, or those of :data:`binatgraph.queries.results.FORMATS`."""


@app.command("query")
def query_command(
    source: Annotated[
        str, typer.Argument(help="Inline SPARQL, a .rq file, or a named query (see `binatgraph queries`).")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", help="name=value for a named query's parameter (repeatable).", show_default=False
        ),
    ] = None,
    fmt: Annotated[str, RESULTS.option()] = RESULTS.default,
    store: StoreOption = None,
    old_param: Annotated[list[str] | None, typer.Option("-p", hidden=True)] = None,
) -> None:
    """Run a SPARQL query against the graph: a table for people, W3C result formats for pipes.

    Project prefixes (schema:, bg:, person:, institution:, ...) need no PREFIX lines. A named
    query's parameters are given as `--param name=value`; `binatgraph queries` lists them.
    With `--store sparql+http://…` the endpoint answers and writes the format itself; entity
    parameters then take ids or IRIs (person:ID), since names are looked up in the embedded store.

    Example: `binatgraph query mechanism-participants --param institution=hled -f csv`
    """
    from binatgraph.graph.store import StoreError, open_engine
    from binatgraph.queries import QueryError, parse_params, query_text
    from binatgraph.queries.results import readable, run

    if old_param:
        deprecated("query -p")
    location = store_location(store)
    if not location.embedded:
        _remote_query(location, source, parse_params([*(param or []), *(old_param or [])]), fmt)
        return
    try:
        with open_engine(location) as engine:
            text = query_text(source, parse_params([*(param or []), *(old_param or [])]), engine)
            if fmt != "table":
                outcome = run(engine, text, fmt)
            else:
                answer = readable(engine, text)
    except (QueryError, StoreError) as exc:
        raise fail(str(exc)) from exc
    if fmt != "table":
        if outcome.status != 200:
            raise fail(outcome.body.decode())
        sys.stdout.buffer.write(outcome.body)
    else:
        _print_table(answer)


def _print_table(answer: "Readable") -> None:
    """A query's answer for people: its rows as a table and their count, or a graph as Turtle."""
    if answer.graph is not None:
        sys.stdout.buffer.write(answer.graph)
    elif answer.rows:
        emit(answer.rows, "table")
        err.print(f"{len(answer.rows)} rows", highlight=False)
    else:
        err.print("no rows")


def _remote_query(location: "StoreLocation", source: str, params: dict[str, str], fmt: str) -> None:
    """The query sent to a SPARQL endpoint, which serialises the answer itself: the W3C format asked
    for, or SPARQL JSON for the table. Entity parameters are IRIs or prefixed ids here (names are
    resolved against an embedded store only)."""
    from binatgraph.graph.store import StoreError
    from binatgraph.graph.store.sparql import answer
    from binatgraph.queries import QueryError, query_text, with_prefixes
    from binatgraph.queries.results import GRAPH_TYPES, RESULT_TYPES, readable_answer

    if fmt == "table":
        accept = f"{RESULT_TYPES['json']}, text/turtle;q=0.9"
    else:
        accept = RESULT_TYPES[fmt] if fmt in RESULT_TYPES else GRAPH_TYPES[fmt][0]
    try:
        body, media_type = answer(location, with_prefixes(query_text(source, params)), accept)
        if fmt != "table":
            sys.stdout.buffer.write(body)
            return
        result = readable_answer(body, media_type)
    except (QueryError, StoreError) as exc:
        raise fail(str(exc)) from exc
    _print_table(result)


@app.command("queries")
def queries_command(fmt: FormatOption = ROWS.default) -> None:
    """List the named queries: name, what it answers, and its parameters with their defaults.

    Example: `binatgraph queries -f json`
    """
    from binatgraph.queries import load_library

    rows = [
        {
            "name": q.name,
            "title": q.title,
            "params": ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in q.params),
        }
        for q in load_library()
    ]
    emit(rows, fmt, title="Named queries (run one with `binatgraph query NAME`)")
