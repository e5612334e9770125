"""What every command shares: the application object, the console for messages, the options that mean
the same in every command, and how a failure is reported. Command modules import from here, never from
each other, and :mod:`binatgraph.cli.app` imports them all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from binatgraph.cli.output import OutputFormat
from binatgraph.graph.store.location import ENV_VAR, StoreError, StoreLocation

__all__ = ["DataOption", "FormatOption", "StoreOption", "app", "err", "fail", "store_location"]

app = typer.Typer(
    name="binatgraph",
    help=(
        "A knowledge graph of the institutions, officials and events of the US–Mexico relationship.\n\n"
        "Start with `binatgraph build`, then `binatgraph stats`. Every command has --help with an example."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)

DataOption = Annotated[
    Path,
    typer.Option(
        "--data", "-d", help="The curated data folder (gazetteer/ and reports/).", show_default=True
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar=ENV_VAR,
        help="Where the graph lives: a folder (default .binatgraph/store), `memory`, or a SPARQL 1.1 "
        "endpoint as sparql+http://host:port/sparql.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table for people; csv, tsv or json for pipes.")
]


def fail(message: str, code: int = 1) -> typer.Exit:
    # soft_wrap: a path or a located problem must stay on one line to be copied or clicked
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True, markup=True)
    return typer.Exit(code)


def store_location(store: str | None) -> StoreLocation:
    try:
        return StoreLocation.parse(store)
    except StoreError as exc:
        raise fail(str(exc)) from exc
