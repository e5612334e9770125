"""Network analysis of the stored graph: projections, centrality, communities, paths, change.

The flow is one way: the store answers SPARQL aggregates (:mod:`.projection`), networkx graphs
hold the result, and each measure family lives in its own module. Results are pandas DataFrames
with the node IRI and its label, so they compose in a notebook.

>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> from binatgraph.graph.build import build
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
>>> _ = build(data, memory)
>>> with open_graph(memory) as g:
...     G = project(g, "people", Selection.of(period="2023Q2"))
>>> centrality(G, "degree", top=1)[["label", "value"]].to_dict("records")
[{'label': 'Andrés Manuel López Obrador', 'value': 4.0}]
"""

from binatgraph.analysis.centrality import (
    MEASURES,
    AnalysisError,
    EmptyGraphError,
    centrality,
    centrality_table,
    compute,
    node_frame,
    to_igraph,
)
from binatgraph.analysis.communities import communities, community_summary
from binatgraph.analysis.graphio import GRAPH_FORMATS, write_graph
from binatgraph.analysis.names import (
    AmbiguousNameError,
    UnknownNameError,
    find_entity,
    find_report,
    resolve,
    suggest,
)
from binatgraph.analysis.paths import NoConnectionError, connection, ego_network
from binatgraph.analysis.projection import PROJECTIONS, ProjectionError, events_table, project, select
from binatgraph.analysis.selection import Period, Selection, SelectionError, quarters
from binatgraph.analysis.temporal import centrality_over_time, dated_span, periods_between

__all__ = [
    "GRAPH_FORMATS",
    "MEASURES",
    "PROJECTIONS",
    "AmbiguousNameError",
    "AnalysisError",
    "EmptyGraphError",
    "NoConnectionError",
    "Period",
    "ProjectionError",
    "Selection",
    "SelectionError",
    "UnknownNameError",
    "centrality",
    "centrality_over_time",
    "centrality_table",
    "communities",
    "community_summary",
    "compute",
    "connection",
    "dated_span",
    "ego_network",
    "events_table",
    "find_entity",
    "find_report",
    "node_frame",
    "periods_between",
    "project",
    "quarters",
    "resolve",
    "select",
    "suggest",
    "to_igraph",
    "write_graph",
]
