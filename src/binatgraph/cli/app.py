"""The ``binatgraph`` application: every command module registers its commands on the shared app when
imported here. ``binatgraph.cli:app`` is the console script."""

from __future__ import annotations

import sys

from binatgraph.cli import analysis, data, query, serve, viz  # noqa: F401  (each registers its commands)
from binatgraph.cli.options import app

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - the console script calls `app`
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
