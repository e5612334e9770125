"""What every command shares: the application object, the console for messages, the options that mean
the same in every command, and how a failure or a deprecated spelling is reported.

One spelling per concept, in every command:

- ``-s/--store``: where the graph lives (or ``$BINATGRAPH_STORE``);
- ``-d/--data``: the curated data folder;
- ``-f/--format``: what the command writes, from the formats *it* supports (:class:`Formats`);
- ``-o/--output``: where a command writes; each command's help says whether it is a file or a folder;
- ``--param``: a named query's parameter (``-p`` is the projection of the analysis commands).

Command modules import from here and from :mod:`.output`, never from each other (the analysis
options shared with ``viz`` are in :mod:`.selection`), and :mod:`binatgraph.cli.app` imports them
all. Nothing here loads a graph library: ``binatgraph --help`` must start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from binatgraph.cli.output import OutputFormat
from binatgraph.graph.store.location import ENV_VAR, StoreError, StoreLocation

__all__ = [
    "RENAMED",
    "ROWS",
    "DataOption",
    "FormatOption",
    "Formats",
    "StoreOption",
    "app",
    "deprecated",
    "err",
    "fail",
    "store_location",
]

app = typer.Typer(
    name="binatgraph",
    help=(
        "A knowledge graph of the institutions, officials and events of the US–Mexico relationship.\n\n"
        "Start with `binatgraph build`, then `binatgraph stats`. Every command has --help with an "
        "example; docs/cli.md has them all.\n\n"
        "Example: `binatgraph build && binatgraph query most-connected-officials`"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)


@dataclass(frozen=True)
class Formats:
    """The formats one command writes, for its ``-f/--format`` option: the first is the default.

    Every command declares its formats this way, so the option is spelled, shown and checked the same
    everywhere: names are case-insensitive, ``aliases`` (or ``normalize``, a function that raises
    ValueError) map other spellings onto them, and a wrong one exits 2 listing what is allowed.

    >>> Formats(("table", "csv"), "what to print").parse("CSV")
    'csv'
    """

    names: tuple[str, ...]
    help: str
    aliases: dict[str, str] = field(default_factory=dict)
    normalize: Callable[[str], str] | None = None

    @property
    def default(self) -> str:
        """The format used when the option is not given."""
        return self.names[0]

    def parse(self, value: str) -> str:
        """The format ``value`` names; a usage error (exit 2) listing the formats otherwise."""
        if self.normalize is not None:
            try:
                return self.normalize(value)
            except ValueError as exc:
                raise typer.BadParameter(str(exc)) from exc
        key = value.strip().lower()
        key = self.aliases.get(key, key)
        if key not in self.names:
            raise typer.BadParameter(f"unknown format '{value}'; use one of {', '.join(self.names)}")
        return key

    def option(self) -> Any:
        """The ``-f/--format`` option of a command that writes these formats."""
        return typer.Option(
            "--format",
            "-f",
            parser=self.parse,
            metavar="[" + "|".join(self.names) + "]",
            autocompletion=lambda: list(self.names),
            help=self.help,
        )


ROWS = Formats(tuple(OutputFormat), "table for people; csv, tsv or json for pipes.")
"""The formats of every command that prints rows (see :func:`binatgraph.cli.output.emit`)."""

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        "-d",
        metavar="FOLDER",
        help="The curated data folder (gazetteer/ and reports/).",
        show_default=True,
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        metavar="STORE",
        envvar=ENV_VAR,
        help="Where the graph lives: a folder (default .binatgraph/store), `memory`, or a SPARQL 1.1 "
        "endpoint as sparql+http://host:port/sparql.",
        show_default=False,
    ),
]
FormatOption = Annotated[str, ROWS.option()]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr and return the exit to raise (``raise fail(...)``)."""
    # soft_wrap: a path or a located problem must stay on one line to be copied or clicked
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True, markup=True)
    return typer.Exit(code)


RENAMED = {
    "ingest --out": "ingest -o/--output",
    "ingest --json": "ingest -f json",
    "eval --gold/-g": "eval -d/--data",
    "query -p": "query --param (-p is --projection in the analysis commands)",
}
"""Old spellings still read for one release (hidden from --help; they warn): old → new."""


def deprecated(old: str) -> None:
    """Warn on stderr that ``old`` (a key of :data:`RENAMED`) is an old spelling, kept for one release."""
    err.print(
        f"[yellow]warning:[/] {old} is deprecated and will be removed in the next release; "
        f"use {RENAMED[old]}",
        highlight=False,
        soft_wrap=True,
        markup=True,
    )


def store_location(store: str | None) -> StoreLocation:
    """The ``--store`` setting parsed; a clear error (exit 1) when it names no store."""
    try:
        return StoreLocation.parse(store)
    except StoreError as exc:
        raise fail(str(exc)) from exc
