"""``python -m binatgraph.cli``: the command line, as the ``binatgraph`` script runs it."""

from binatgraph.cli.app import main

main()
