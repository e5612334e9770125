"""The ``binatgraph`` command: a thin layer of typer commands over the library, one module per group.

:mod:`.app` holds the application and the data commands; :mod:`.options` the options every command
shares; :mod:`.query`, :mod:`.serve`, :mod:`.analysis` and :mod:`.viz` their groups. Nothing in the
library imports this package.
"""

from binatgraph.cli.app import app, main

__all__ = ["app", "main"]
