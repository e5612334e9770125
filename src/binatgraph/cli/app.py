"""The ``binatgraph`` application: every command module registers its commands on the shared app when
imported here. ``binatgraph.cli:app`` is the console script."""

from __future__ import annotations

# each module registers its commands on the shared app when imported
from binatgraph.cli import analysis, data, query, review, serve, site, source, viz  # noqa: F401
from binatgraph.cli.options import app

__all__ = ["ORDER", "app", "main"]

ORDER = (
    "build",
    "validate",
    "stats",
    "query",
    "queries",
    "centrality",
    "communities",
    "path",
    "graph-export",
    "viz",
    "source",
    "serve",
    "site",
    "brief",
    "export",
    "load",
    "ingest",
    "review",
    "eval",
    "synth",
)
"""The order `binatgraph --help` lists the commands in: the pipeline's, first steps first."""
app.registered_commands.sort(key=lambda c: ORDER.index(c.name) if c.name in ORDER else len(ORDER))


def main() -> None:  # pragma: no cover - the console script calls `app`
    """Run the command line (as the `binatgraph` console script does)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
