"""The source command: the words of a report item, read from its source file and checked by digest."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from binatgraph.cli.options import StoreOption, app, err, fail, store_location


class Part(StrEnum):
    ITEM = "item"
    TITLE = "title"
    BODY = "body"
    CONTEXT = "context"


@app.command("source")
def source_command(
    item: Annotated[
        str,
        typer.Argument(
            help="An item (IRI, or REPORT/POSITION such as cbi-2023-apr-jun/11), or an event by IRI, id "
            "(cbi-2023-apr-jun-11) or title (a unique part of it is enough).",
            show_default=False,
        ),
    ],
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            "-r",
            help="The folder holding the report files (default: where each was ingested from).",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        Part, typer.Option("--part", "-p", help="Print the whole item, or only its title, body or context.")
    ] = Part.ITEM,
    store: StoreOption = None,
) -> None:
    """Print the words a report item rests on, from its source file.

    The graph keeps where each item is printed (line and character spans) and the file's name and
    SHA-256, never the words. The file is read from --reports, or from where the report was ingested;
    a file with another digest is refused. Without the file, says which file and digest it needs.

    Example: `binatgraph source "Buttigieg at AIFA" --reports ../shared/reports`
    """
    # imported here, not at the top: `binatgraph --help` must not load the graph libraries
    from binatgraph.graph.provenance import SourceError, source_text
    from binatgraph.graph.store import StoreError, open_graph

    location = store_location(store)
    try:
        with open_graph(location) as graph:
            found = source_text(graph, item, reports)
    except SourceError as exc:
        raise fail(str(exc)) from exc
    except StoreError as exc:
        raise fail(str(exc)) from exc
    words = found.part(part.value)
    if words is None:
        raise fail(f"item {found.number or found.position} of {found.report} has no {part.value}")
    span = found.spans[part.value]
    lines = f"line {span.line}" if span.line == span.end_line else f"lines {span.line}-{span.end_line}"
    err.print(
        f"{found.report} item {found.number or found.position} ({found.title}): {part.value}, {lines} of "
        f"{found.path} (SHA-256 checked)" + (f"; published at {found.url}" if found.url else ""),
        highlight=False,
    )
    typer.echo(words)
