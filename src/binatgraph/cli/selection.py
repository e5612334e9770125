"""What the analysis commands and ``viz`` share: the names they offer, their filter options, opening the
store and turning the filters into a :class:`binatgraph.analysis.Selection`.

The names of projections, measures and views are written here, not imported from
:mod:`binatgraph.analysis`, because that package loads networkx and pandas, and ``binatgraph --help``
must not; ``tests/test_cli.py`` holds these lists equal to the library's tables.
"""

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from binatgraph.cli.options import fail, store_location

if TYPE_CHECKING:
    from rdflib import Graph

    from binatgraph.analysis import Selection

PROJECTIONS = ("people", "organizations", "institutions", "events")
"""The keys of :data:`binatgraph.analysis.PROJECTIONS`."""
MEASURES = ("degree", "weighted-degree", "betweenness", "closeness", "eigenvector", "pagerank")
"""The keys of :data:`binatgraph.analysis.MEASURES`."""
VIEWS = ("who-meets-whom", "organizations", "institutions", "events", "ego")
"""The keys of :data:`binatgraph.viz.VIEWS`."""
PERIOD_FORMATS = (
    "a year (2023), a quarter (2023Q2), a month (2023-05) or a date range (2023-04-01..2023-06-30)"
)
""":data:`binatgraph.analysis.selection.PERIOD_FORMATS`."""
DEFAULT_K = 500
""":data:`binatgraph.analysis.centrality.DEFAULT_K`."""
EXACT_BETWEENNESS_UP_TO = 5_000
""":data:`binatgraph.analysis.centrality.EXACT_BETWEENNESS_UP_TO`."""
DEFAULT_TOP = 500
""":data:`binatgraph.viz.DEFAULT_TOP`."""

ProjectionName = StrEnum("ProjectionName", {name: name for name in PROJECTIONS})  # type: ignore[misc]
MeasureName = StrEnum("MeasureName", {name: name for name in MEASURES})  # type: ignore[misc]
ViewName = StrEnum("ViewName", {name: name for name in VIEWS})  # type: ignore[misc]

ProjectionOption = Annotated[
    ProjectionName,
    typer.Option(
        "--projection",
        "-p",
        help="people: who meets whom; organizations: agencies by shared events; institutions: "
        "institutions and the organizations in their events; events: events and everything they name.",
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(metavar="PERIOD", help=f"Only events within {PERIOD_FORMATS}.", show_default=False),
]
ReportOption = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="REPORT",
        help="Only events of this report or document (id, report:ID or title; repeatable).",
        show_default=False,
    ),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        metavar="NAME",
        help="Only events on this topic (name, alias or IRI; repeatable).",
        show_default=False,
    ),
]
InstitutionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--institution",
        metavar="NAME",
        help="Only events of this institution (e.g. HLED, USMCA; repeatable).",
        show_default=False,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="Only events of this type (visit, meeting, dialogue_session…; repeatable).",
        show_default=False,
    ),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="CODE",
        help="Keep only nodes of this country: US, MX, CA, binational (repeatable).",
        show_default=False,
    ),
]
SeedOption = Annotated[int, typer.Option(help="Seed for sampled betweenness and Louvain, so runs repeat.")]


@contextlib.contextmanager
def open_store(store: str | None) -> Iterator["Graph"]:
    """The graph at ``--store``, or a clear error when there is none."""
    from binatgraph.graph.store import StoreError, open_graph

    try:
        with open_graph(store_location(store)) as graph:
            yield graph
    except StoreError as exc:
        raise fail(str(exc)) from exc


def selection(
    graph: "Graph",
    period: str | None = None,
    topics: list[str] | None = None,
    institutions: list[str] | None = None,
    types: list[str] | None = None,
    countries: list[str] | None = None,
    reports: list[str] | None = None,
) -> "Selection":
    """The filters as a selection, topics and institutions found by name; a clear error otherwise."""
    from binatgraph import analysis

    try:
        return analysis.Selection.of(
            period=period,
            topics=[analysis.find_entity(graph, t, "topic") for t in topics or []],
            institutions=[analysis.find_entity(graph, i, "institution") for i in institutions or []],
            types=types or [],
            countries=countries or [],
            report=[analysis.find_report(graph, r) for r in reports or []],
        )
    except (analysis.SelectionError, analysis.UnknownNameError, analysis.AmbiguousNameError) as exc:
        raise fail(str(exc)) from exc
