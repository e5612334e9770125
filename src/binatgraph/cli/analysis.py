"""``binatgraph centrality``, ``communities``, ``path`` and ``graph-export``: network analysis
from the command line, each a thin wrapper over :mod:`binatgraph.analysis`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer
from rdflib import Graph

from binatgraph import analysis
from binatgraph.analysis.centrality import DEFAULT_K, EXACT_BETWEENNESS_UP_TO
from binatgraph.analysis.graphio import nodes_path
from binatgraph.analysis.names import find_entity
from binatgraph.analysis.selection import PERIOD_FORMATS
from binatgraph.cli.options import FormatOption, StoreOption, app, err, fail, store_location
from binatgraph.cli.output import OutputFormat, emit
from binatgraph.graph.store import StoreError, open_graph

ProjectionName = StrEnum("ProjectionName", {name: name for name in analysis.PROJECTIONS})  # type: ignore[misc]
MeasureName = StrEnum("MeasureName", {name: name for name in analysis.MEASURES})  # type: ignore[misc]


class GraphFileFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


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
    typer.Option(help=f"Only events within {PERIOD_FORMATS}.", show_default=False),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", help="Only events on this topic (name, alias or IRI; repeatable).", show_default=False
    ),
]
InstitutionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--institution",
        help="Only events of this institution (e.g. HLED, USMCA; repeatable).",
        show_default=False,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help="Only events of this type (visit, meeting, dialogue_session…; repeatable).",
        show_default=False,
    ),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        help="Keep only nodes of this country: US, MX, CA, binational (repeatable).",
        show_default=False,
    ),
]
SeedOption = Annotated[int, typer.Option(help="Seed for sampled betweenness and Louvain, so runs repeat.")]


@contextlib.contextmanager
def _graph(store: str | None) -> Iterator[Graph]:
    try:
        with open_graph(store_location(store)) as graph:
            yield graph
    except StoreError as exc:
        raise fail(str(exc)) from exc


def _selection(
    graph: Graph,
    period: str | None,
    topics: list[str] | None,
    institutions: list[str] | None,
    types: list[str] | None,
    countries: list[str] | None,
) -> analysis.Selection:
    try:
        return analysis.Selection.of(
            period=period,
            topics=[find_entity(graph, t, "topic") for t in topics or []],
            institutions=[find_entity(graph, i, "institution") for i in institutions or []],
            types=types or [],
            countries=countries or [],
        )
    except (analysis.SelectionError, analysis.UnknownNameError, analysis.AmbiguousNameError) as exc:
        raise fail(str(exc)) from exc


def _project(graph: Graph, projection: str, selection: analysis.Selection) -> nx.Graph:
    G = analysis.project(graph, projection, selection)
    if G.number_of_nodes() == 0:
        span = analysis.dated_span(graph)
        known = (
            f"; dated events run from {span[0]} to {span[1]}" if span else "; the store has no dated events"
        )
        raise fail(
            f"no events match {selection.describe()}: the {projection} projection is empty "
            f"(widen the period or drop a filter{known})"
        )
    return G


def _records(frame: Any, fmt: OutputFormat, columns: list[str]) -> list[dict[str, Any]]:
    # tables show labels; csv and json carry the IRIs too so results join with SPARQL output
    if fmt is OutputFormat.TABLE:
        columns = [c for c in columns if c != "node"]
    return [{c: row[c] for c in columns} for row in frame.to_dict("records")]


def _round(value: float) -> float:
    return round(float(value), 6)


@app.command("centrality")
def centrality_command(
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    measure: Annotated[
        MeasureName,
        typer.Option(
            "--measure", "-m", help="degree, weighted-degree, betweenness, closeness, eigenvector, pagerank."
        ),
    ] = MeasureName.degree,  # type: ignore[attr-defined]
    period: PeriodOption = None,
    topic: TopicOption = None,
    institution: InstitutionOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    top: Annotated[int, typer.Option(help="How many rows; 0 for all.")] = 10,
    k: Annotated[
        int | None,
        typer.Option(
            help=f"Betweenness from k sampled sources (exact up to {EXACT_BETWEENNESS_UP_TO:,} nodes, "
            f"then k={DEFAULT_K} unless given).",
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = 0,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Rank people, organizations or institutions by a centrality measure.

    Betweenness and closeness count hops; eigenvector and PageRank weigh ties by shared events.
    Ties share a rank.

    Example: `binatgraph centrality --measure betweenness --period 2022 --top 5`
    """
    with _graph(store) as graph:
        selection = _selection(graph, period, topic, institution, event_type, country)
        G = _project(graph, projection.value, selection)
    frame = analysis.centrality(G, measure.value, top=top or None, k=k, seed=seed)
    frame["value"] = frame["value"].map(_round)
    title = f"{measure.value} in the {projection.value} projection, {selection.describe()}"
    if frame.attrs.get("k"):
        title += f" (estimated from {frame.attrs['k']} sampled sources, seed {seed})"
    emit(_records(frame, fmt, ["rank", "label", "type", "country", "value", "node"]), fmt, title=title)


@app.command("communities")
def communities_command(
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    period: PeriodOption = None,
    topic: TopicOption = None,
    institution: InstitutionOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    resolution: Annotated[
        float, typer.Option(help="Louvain resolution: above 1 gives smaller groups.")
    ] = 1.0,
    members: Annotated[
        bool, typer.Option(help="List every node with its community instead of a summary.")
    ] = False,
    seed: SeedOption = 0,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Find groups that meet among themselves (Louvain, weighted by shared events).

    Prints one row per community (size, countries, first members) and the partition's modularity;
    `--members` lists every node instead.

    Example: `binatgraph communities --projection organizations --members -f csv`
    """
    with _graph(store) as graph:
        selection = _selection(graph, period, topic, institution, event_type, country)
        G = _project(graph, projection.value, selection)
    frame = analysis.communities(G, resolution=resolution, seed=seed)
    title = (
        f"{frame.attrs['communities']} communities in the {projection.value} projection, "
        f"{selection.describe()}; modularity {frame.attrs['modularity']:.3f}"
    )
    if members:
        rows = _records(frame, fmt, ["community", "label", "type", "country", "node"])
    else:
        rows = analysis.community_summary(frame).to_dict("records")
    emit(rows, fmt, title=title)
    if fmt is not OutputFormat.TABLE:
        err.print(title, highlight=False)


def _item(iri: str, fmt: OutputFormat) -> str:
    """A report item IRI; in a table, its short form ``report-id#position``."""
    if fmt is not OutputFormat.TABLE or "/report/" not in iri:
        return iri
    report, _, position = iri.split("/report/", 1)[1].partition("/item/")
    return f"{report}#{position}"


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(help="A name, alias, acronym or IRI.")],
    target: Annotated[str, typer.Argument(help="A name, alias, acronym or IRI.")],
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    period: PeriodOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """How is A connected to B: the shortest chain of shared events, one row per event.

    Among chains of equal length the sturdiest wins (the one whose weakest tie has the most
    shared events). Names are matched through the gazetteer's aliases.

    Example: `binatgraph path "Ken Salazar" "Marcelo Ebrard"`
    """
    with _graph(store) as graph:
        selection = _selection(graph, period, None, None, None, None)
        G = _project(graph, projection.value, selection)
        try:
            steps = analysis.connection(G, analysis.resolve(G, source), analysis.resolve(G, target))
        except (analysis.UnknownNameError, analysis.AmbiguousNameError, analysis.AnalysisError) as exc:
            raise fail(str(exc)) from exc
        events = analysis.events_table(graph, {e for evs in steps["events"] for e in evs}).set_index("event")
    rows = []
    for step in steps.to_dict("records"):
        for event in step["events"]:
            info = events.loc[event]
            rows.append(
                {
                    "step": step["step"],
                    "from": step["source_label"],
                    "to": step["target_label"],
                    "date": info["date"],
                    "event": info["title"],
                    "type": info["type"],
                    "source_item": _item(info["item"], fmt),
                }
            )
    emit(
        rows,
        fmt,
        title=f"{steps.iloc[0]['source_label']} → {steps.iloc[-1]['target_label']}: {len(steps)} step(s)",
    )


@app.command("graph-export")
def graph_export_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (its folder is created).")
    ],
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    file_format: Annotated[
        GraphFileFormat,
        typer.Option(
            "--format", "-f", help="graphml (yEd, Cytoscape), gexf (Gephi) or csv (edge list + .nodes.csv)."
        ),
    ] = GraphFileFormat.GRAPHML,
    period: PeriodOption = None,
    topic: TopicOption = None,
    institution: InstitutionOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    store: StoreOption = None,
) -> None:
    """Write a projection for Gephi, Cytoscape, yEd or a spreadsheet.

    Nodes keep their IRI (as the node id), label, type and country; edges their weight (shared
    events) and the event IRIs. The file is written whole or not at all.

    Example: `binatgraph graph-export --projection organizations -f gexf -o agencies.gexf`
    """
    with _graph(store) as graph:
        selection = _selection(graph, period, topic, institution, event_type, country)
        G = _project(graph, projection.value, selection)
    try:
        analysis.write_graph(G, output, file_format.value)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc}") from exc
    extra = f" and {nodes_path(output)}" if file_format is GraphFileFormat.CSV else ""
    err.print(
        f"wrote {output}{extra}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges "
        f"({projection.value}, {selection.describe()})",
        highlight=False,
    )
