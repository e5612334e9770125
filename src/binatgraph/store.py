"""The store API at its historical path: ``binatgraph.store`` is :mod:`binatgraph.graph.store`.

Notebooks and scripts written as ``from binatgraph.store import open_graph`` keep working.
"""

from binatgraph.graph.store import *  # noqa: F403
from binatgraph.graph.store import __all__  # noqa: F401
