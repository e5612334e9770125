"""The ``binatgraph`` command: a thin layer of typer commands over the library, one module per group.

:mod:`.options` holds the application, the options every command shares (one spelling per concept)
and how failures and old spellings are reported; :mod:`.output` prints rows; :mod:`.data`,
:mod:`.query`, :mod:`.analysis` (with :mod:`.selection`, shared with :mod:`.viz`), :mod:`.viz`,
:mod:`.source` and :mod:`.serve` are the command groups; :mod:`.app` imports them all and
:mod:`.docs` writes ``docs/cli.md`` from their help. Command modules import their libraries inside
the commands, so ``binatgraph --help`` loads no graph library. Nothing in the library imports this
package.
"""

from binatgraph.cli.app import app, main

__all__ = ["app", "main"]
