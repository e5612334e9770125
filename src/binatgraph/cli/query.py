"""``binatgraph query`` and ``binatgraph queries``: SPARQL from the command line."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer

from binatgraph.cli.options import StoreOption, app, err, fail, store_location
from binatgraph.cli.output import OutputFormat, emit
from binatgraph.graph.store import StoreError, engine, open_graph
from binatgraph.queries import NamedQuery, QueryError, find, load_library, prepare
from binatgraph.schema.prefixes import prefix_map
from binatgraph.serve.runner import GRAPH_TYPES, RESULT_TYPES, execute

_SPARQL = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_CELL = 48  # widest cell in the table, so a result reads at 100 columns


def _resolve(source: str) -> NamedQuery | str:
    """Inline SPARQL, a path to an .rq file, or the name of a library query."""
    if _SPARQL.search(source) and not Path(source).is_file():
        return source
    if source.endswith(".rq") or Path(source).is_file():
        path = Path(source)
        if not path.is_file():
            raise QueryError(f"no such query file: {path}")
        return path.read_text(encoding="utf-8")
    return find(source)


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes name=value, got '{pair}'")
        params[name.strip()] = value.strip()
    return params


_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
}


def _short(term: object, prefixes: dict[str, str]) -> str | int | float:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMBERS:
        return _NUMBERS[term.datatype.value](term.value)
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(namespace) and "/" not in term.value[len(namespace) :]:
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    value = term.value  # type: ignore[attr-defined]
    return value if len(value) <= _CELL else value[: _CELL - 1] + "…"


@app.command("query")
def query_command(
    source: Annotated[
        str, typer.Argument(help="Inline SPARQL, a .rq file, or a named query (see `binatgraph queries`).")
    ],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value for a query parameter.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="table, csv, tsv, json (SPARQL results); turtle, jsonld (graphs)."
        ),
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query against the graph: a table for people, W3C result formats for pipes.

    Project prefixes (schema:, bg:, person:, institution:, ...) need no PREFIX lines.

    Example: `binatgraph query mechanism-participants --param institution=hled -f csv`
    """
    if fmt not in ("table", *RESULT_TYPES, *GRAPH_TYPES):
        raise fail(
            f"unknown format '{fmt}'; use table, {', '.join(RESULT_TYPES)}, {', '.join(GRAPH_TYPES)}", code=2
        )
    try:
        resolved = _resolve(source)
        text = prepare(resolved, _params(param or [])) if isinstance(resolved, NamedQuery) else resolved
        with open_graph(store_location(store)) as graph:
            oxstore = engine(graph)
            if fmt == "table":
                _table(oxstore, text)
                return
            outcome = execute(
                oxstore,
                text,
                fmt if fmt in RESULT_TYPES else None,
                fmt if fmt in GRAPH_TYPES else None,
                max_rows=sys.maxsize,
            )
    except (QueryError, StoreError) as exc:
        raise fail(str(exc)) from exc
    if outcome.status != 200:
        raise fail(outcome.body.decode())
    sys.stdout.buffer.write(outcome.body)


def _table(oxstore: ox.Store, text: str) -> None:
    try:
        result = oxstore.query(text)
    except SyntaxError as exc:
        raise fail(f"SPARQL syntax {exc}") from exc
    prefixes = prefix_map()
    if isinstance(result, ox.QueryBoolean):
        emit([{"answer": bool(result)}], OutputFormat.TABLE)
    elif isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [{n: _short(s[n], prefixes) for n in names} for s in result]
        emit(rows, OutputFormat.TABLE) if rows else err.print("no rows")
        if rows:
            err.print(f"{len(rows)} rows", highlight=False)
    else:
        sys.stdout.buffer.write(
            ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
        )


@app.command("queries")
def queries_command(
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, csv, tsv or json.")
    ] = OutputFormat.TABLE,
) -> None:
    """List the named queries: name, what it answers, and its parameters with their defaults.

    Example: `binatgraph queries -f json`
    """
    rows = [
        {
            "name": q.name,
            "title": q.title,
            "params": ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in q.params),
        }
        for q in load_library()
    ]
    emit(rows, fmt, title="Named queries (run one with `binatgraph query NAME`)")
