"""``binatgraph viz``: an interactive network page, a thin wrapper over :mod:`binatgraph.viz`."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

from pathlib import Path
from typing import Annotated

import typer

from binatgraph.cli.options import StoreOption, app, err, fail
from binatgraph.cli.selection import (
    DEFAULT_TOP,
    CountryOption,
    InstitutionOption,
    MeasureName,
    PeriodOption,
    ReportOption,
    TopicOption,
    TypeOption,
    ViewName,
    open_store,
    selection,
)


@app.command("viz")
def viz_command(
    view: Annotated[
        ViewName,
        typer.Argument(
            help="who-meets-whom (people), organizations, institutions, events, or ego NAME "
            "(one person's circle in the people projection).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The HTML file to write (its folder is created).",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(help="For ego: the person (name, alias or IRI).", show_default=False),
    ] = None,
    period: PeriodOption = None,
    report: ReportOption = None,
    topic: TopicOption = None,
    institution: InstitutionOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    size_by: Annotated[
        MeasureName,
        typer.Option(
            "--size-by",
            help="Node size: degree, weighted-degree, betweenness, closeness, eigenvector or pagerank.",
        ),
    ] = MeasureName.degree,  # type: ignore[attr-defined]
    min_weight: Annotated[
        int, typer.Option("--min-weight", min=1, help="Leave out ties with fewer shared events than this.")
    ] = 1,
    top: Annotated[
        int,
        typer.Option(
            min=0, help="Keep the N nodes with the highest --size-by (the page says so); 0 for all."
        ),
    ] = DEFAULT_TOP,
    radius: Annotated[int, typer.Option(min=1, help="For ego: how many ties out from the person.")] = 1,
    store: StoreOption = None,
) -> None:
    """Write one self-contained HTML page of a network, to open in any browser (no internet needed).

    Fill colour is the country (people, organizations, institutions) or the type (events, places,
    topics), shape the type, size the chosen centrality, tie width the shared events. Hover or
    click for a node's posts and events with their source report item; search by name or alias;
    filter by type, country, institution and period. An empty selection writes a page saying so and
    exits 1.

    Example: `binatgraph viz who-meets-whom --period 2022 -o pages/people-2022.html`
    """
    if view.value == "ego" and not name:
        raise fail("the ego view needs a person: `binatgraph viz ego 'Ken Salazar' -o ken.html`", code=2)
    if view.value != "ego" and name:
        raise fail(f"only the ego view takes a name; `binatgraph viz {view.value} -o FILE` draws everyone", 2)
    from binatgraph import analysis, viz
    from binatgraph.analysis.temporal import empty_selection

    with open_store(store) as graph:
        chosen = selection(graph, period, topic, institution, event_type, country, report)
        try:
            result = viz.view_page(
                graph,
                view.value,
                chosen,
                ego=name,
                radius=radius,
                path=output,
                size_by=size_by.value,
                top=top,
                min_weight=min_weight,
            )
        except (analysis.UnknownNameError, analysis.AmbiguousNameError, viz.VizError) as exc:
            raise fail(str(exc)) from exc
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc}") from exc
        if result.empty:
            message = empty_selection(graph, chosen, f"the {view.value} view")
            raise fail(f"{message}; wrote {output}, a page saying so")
    err.print(
        f"wrote {output}: {result.nodes:,} nodes, {result.edges:,} ties "
        f"({view.value}, {chosen.describe()}; size: {size_by.value})",
        highlight=False,
    )
    for note in result.notes:
        err.print(note, highlight=False)
