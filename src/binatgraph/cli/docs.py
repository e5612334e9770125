"""``docs/cli.md``, written from the commands' own help: ``python -m binatgraph.cli.docs > docs/cli.md``.

Every command's docstring, usage line and options (as ``--help`` prints them, without the boxes) in
one Markdown page, plus the old spellings still read for one release. ``tests/test_cli_docs.py``
fails when the file in the repository differs from what this writes.
"""

from __future__ import annotations

import inspect
import sys

import typer

from binatgraph.cli.app import app
from binatgraph.cli.options import RENAMED

__all__ = ["commands", "main", "reference"]

REGENERATE = "python -m binatgraph.cli.docs > docs/cli.md"

_INTRO = """\
# The `binatgraph` command line

<!-- Generated from the commands' own --help by `{regenerate}`; do not edit by hand.
     tests/test_cli_docs.py fails when this file is stale. -->

Every command prints `--help` with an example; this page is the same text in one place.

One spelling per concept, in every command:

{spellings}

Messages and progress go to standard error; results to standard output, so `-f csv` and `-f json`
pipe cleanly.
"""

_SPELLINGS = [
    ("option", "means", "in"),
    (
        "`-s`, `--store STORE`",
        "where the graph lives: a folder (default `.binatgraph/store`), `memory`, or "
        "`sparql+http://host:port/sparql`; or `$BINATGRAPH_STORE`",
        "every command that reads or writes the graph",
    ),
    (
        "`-d`, `--data FOLDER`",
        "the curated data folder (`gazetteer/` and `reports/`), default `data`",
        "build, validate, ingest, eval",
    ),
    (
        "`-f`, `--format`",
        "what the command writes, from the formats *it* supports (its help lists them; the first is the "
        "default)",
        "every command that prints rows or writes a file format",
    ),
    (
        "`-o`, `--output FILE` or `FOLDER`",
        "where the command writes; its help says whether that is a file or a folder",
        "export, graph-export, viz (a file); ingest, synth (a folder)",
    ),
    ("`--param NAME=VALUE`", "a named query's parameter", "query"),
    (
        "`-p`, `--projection`",
        "which network an analysis looks at",
        "centrality, communities, path, graph-export",
    ),
]


def commands() -> dict[str, typer.core.TyperCommand]:
    """Every visible command of the app, by name, in the order ``--help`` lists them."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return {name: cmd for name, cmd in group.commands.items() if not cmd.hidden}  # type: ignore[misc]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _command(name: str, command: typer.core.TyperCommand, parent: typer.Context) -> str:
    ctx = typer.Context(command, info_name=name, parent=parent)
    usage = " ".join(["binatgraph", name, *command.collect_usage_pieces(ctx)])
    lines = [f"## `binatgraph {name}`", "", inspect.cleandoc(command.help or ""), ""]
    lines += ["```", usage, "```", ""]
    rows = [p.get_help_record(ctx) for p in command.params]
    rows.append(("--help", "Show this message and exit."))
    lines += ["| argument or option | meaning |", "|---|---|"]
    lines += [f"| `{_cell(opts)}` | {_cell(help_text)} |" for opts, help_text in (r for r in rows if r)]
    return "\n".join(lines) + "\n"


def reference() -> str:
    """The whole of docs/cli.md."""
    group = typer.main.get_command(app)
    root = typer.Context(group, info_name="binatgraph")
    found = commands()
    table = [f"| {' | '.join(row)} |" for row in _SPELLINGS]
    table.insert(1, "|---|---|---|")
    parts = [_INTRO.format(regenerate=REGENERATE, spellings="\n".join(table)), "## Commands", ""]
    parts += [f"- [`{n}`](#binatgraph-{n}): {c.get_short_help_str(100)}" for n, c in found.items()]
    parts.append("")
    parts += [_command(name, cmd, root) for name, cmd in found.items()]
    parts += [
        "## Old spellings",
        "",
        "Read for one release more, hidden from `--help`; each prints a warning on standard error.",
        "",
        "| old | new |",
        "|---|---|",
        *(f"| `{old}` | `{new.split(' (')[0]}` |" for old, new in RENAMED.items()),
        "",
    ]
    return "\n".join(parts)


def main() -> None:
    """Print docs/cli.md on standard output."""
    sys.stdout.write(reference())


if __name__ == "__main__":
    main()
