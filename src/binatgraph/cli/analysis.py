"""``binatgraph centrality``, ``communities``, ``path`` and ``graph-export``: network analysis
from the command line, each a thin wrapper over :mod:`binatgraph.analysis`."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from binatgraph.cli.options import FormatOption, Formats, StoreOption, app, err, fail
from binatgraph.cli.output import OutputFormat, emit
from binatgraph.cli.selection import (
    DEFAULT_K,
    EXACT_BETWEENNESS_UP_TO,
    CountryOption,
    InstitutionOption,
    MeasureName,
    PeriodOption,
    ProjectionName,
    ProjectionOption,
    ReportOption,
    SeedOption,
    TopicOption,
    TypeOption,
    open_store,
    selection,
)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from binatgraph.analysis import Selection
    from binatgraph.analysis.graphio import GraphFormat


class GraphFileFormat(StrEnum):
    """The files ``graph-export`` writes (the keys of :data:`binatgraph.analysis.GRAPH_FORMATS`)."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


GRAPH_FILES = Formats(
    tuple(GraphFileFormat), "graphml (yEd, Cytoscape), gexf (Gephi) or csv (edge list + .nodes.csv)."
)


def _project(graph: "Graph", projection: str, chosen: "Selection") -> "nx.Graph[str]":
    from binatgraph import analysis
    from binatgraph.analysis.temporal import empty_selection

    G = analysis.project(graph, projection, chosen)
    if G.number_of_nodes() == 0:
        raise fail(empty_selection(graph, chosen, f"the {projection} projection"))
    return G


def _records(frame: Any, fmt: str, columns: list[str]) -> list[dict[str, Any]]:
    # tables show labels; csv and json carry the IRIs too so results join with SPARQL output
    if fmt == OutputFormat.TABLE:
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
    report: ReportOption = None,
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
    fmt: FormatOption = "table",
) -> None:
    """Rank people, organizations or institutions by a centrality measure.

    Betweenness and closeness count hops; eigenvector and PageRank weigh ties by shared events.
    Ties share a rank.

    Example: `binatgraph centrality --measure betweenness --period 2022 --top 5`
    """
    from binatgraph import analysis

    with open_store(store) as graph:
        chosen = selection(graph, period, topic, institution, event_type, country, report)
        G = _project(graph, projection.value, chosen)
    frame = analysis.centrality(G, measure.value, top=top or None, k=k, seed=seed)
    frame["value"] = frame["value"].map(_round)
    title = f"{measure.value} in the {projection.value} projection, {chosen.describe()}"
    if frame.attrs.get("k"):
        title += f" (estimated from {frame.attrs['k']} sampled sources, seed {seed})"
    emit(_records(frame, fmt, ["rank", "label", "type", "country", "value", "node"]), fmt, title=title)


@app.command("communities")
def communities_command(
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    period: PeriodOption = None,
    report: ReportOption = None,
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
    fmt: FormatOption = "table",
) -> None:
    """Find groups that meet among themselves (Louvain, weighted by shared events).

    Prints one row per community (size, countries, first members) and the partition's modularity;
    `--members` lists every node instead.

    Example: `binatgraph communities --projection organizations --members -f csv`
    """
    from binatgraph import analysis

    with open_store(store) as graph:
        chosen = selection(graph, period, topic, institution, event_type, country, report)
        G = _project(graph, projection.value, chosen)
    frame = analysis.communities(G, resolution=resolution, seed=seed)
    title = (
        f"{frame.attrs['communities']} communities in the {projection.value} projection, "
        f"{chosen.describe()}; modularity {frame.attrs['modularity']:.3f}"
    )
    if members:
        rows = _records(frame, fmt, ["community", "label", "type", "country", "node"])
    else:
        summary = analysis.community_summary(frame)
        rows = _records(summary, fmt, [str(c) for c in summary.columns])
    emit(rows, fmt, title=title)
    if fmt != OutputFormat.TABLE:
        err.print(title, highlight=False)


def _item(iri: str, fmt: str) -> str:
    """A report item IRI; in a table, its short form ``report-id#position``."""
    if fmt != OutputFormat.TABLE or "/report/" not in iri:
        return iri
    report, _, position = iri.split("/report/", 1)[1].partition("/item/")
    return f"{report}#{position}"


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(help="A name, alias, acronym or IRI.")],
    target: Annotated[str, typer.Argument(help="A name, alias, acronym or IRI.")],
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    period: PeriodOption = None,
    report: ReportOption = None,
    store: StoreOption = None,
    fmt: FormatOption = "table",
) -> None:
    """How is A connected to B: the shortest chain of shared events, one row per event.

    Among chains of equal length the sturdiest wins (the one whose weakest tie has the most
    shared events). Names are matched through the gazetteer's aliases.

    Example: `binatgraph path "Ken Salazar" "Marcelo Ebrard"`
    """
    from binatgraph import analysis

    with open_store(store) as graph:
        G = _project(graph, projection.value, selection(graph, period, reports=report))
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
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (its folder is created).",
            show_default=False,
        ),
    ],
    projection: ProjectionOption = ProjectionName.people,  # type: ignore[attr-defined]
    file_format: Annotated[str, GRAPH_FILES.option()] = GRAPH_FILES.default,
    period: PeriodOption = None,
    report: ReportOption = None,
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
    from binatgraph import analysis
    from binatgraph.analysis.graphio import nodes_path

    with open_store(store) as graph:
        chosen = selection(graph, period, topic, institution, event_type, country, report)
        G = _project(graph, projection.value, chosen)
    try:
        analysis.write_graph(G, output, cast("GraphFormat", file_format))
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc}") from exc
    extra = f" and {nodes_path(output)}" if file_format == GraphFileFormat.CSV else ""
    err.print(
        f"wrote {output}{extra}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges "
        f"({projection.value}, {chosen.describe()})",
        highlight=False,
    )
