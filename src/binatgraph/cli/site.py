"""``binatgraph site`` and ``binatgraph brief``: the analyst's site as static files, and one period's
brief as a file (:mod:`binatgraph.site`)."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

from pathlib import Path
from typing import Annotated

import typer

from binatgraph.cli.options import StoreOption, app, err, fail
from binatgraph.cli.selection import open_store

ReportsOption = Annotated[
    Path | None,
    typer.Option(
        "--reports",
        "-r",
        help="The folder holding the report files, so item pages quote their passage "
        "(default: where each was ingested from).",
        show_default=False,
    ),
]


@app.command("site")
def site_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write (new or empty, or one this command wrote before, which is replaced).",
            show_default=False,
        ),
    ],
    reports: ReportsOption = None,
    store: StoreOption = None,
) -> None:
    """Write the whole site as static HTML files: a page for every person, organization, institution,
    place, topic, post, event, report and report item, the network views, the timeline, a brief per
    quarter and search. The pages open from disk or any static host and make no request.

    `binatgraph serve` answers the same pages live (at /home), with filters and content negotiation.

    Example: `binatgraph site -o site/ --reports data/reports` then open site/index.html
    """
    from binatgraph.site.static import SiteError, write_site

    with open_store(store) as graph:
        try:
            written = write_site(graph, output, reports)
        except (SiteError, OSError) as exc:
            raise fail(f"cannot write {output}: {exc}") from exc
    kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(written.kinds.items()))
    err.print(
        f"wrote {written.pages:,} pages ({written.bytes / 1e6:,.1f} MB) to {output} in "
        f"{written.seconds:.1f}s: {kinds}",
        highlight=False,
    )


@app.command("brief")
def brief_command(
    period: Annotated[str, typer.Argument(help="The quarter, such as 2023Q2.", show_default=False)],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .html for a page, .md for Markdown.",
            show_default=False,
        ),
    ],
    reports: ReportsOption = None,
    store: StoreOption = None,
) -> None:
    """Write the brief of one quarter: its events by institution, people new in it and those gone
    quiet since the quarter before, the largest moves in centrality, and its strongest ties, every
    line linked (by IRI) to its page and source item.

    Example: `binatgraph brief 2023Q2 -o brief-2023Q2.md`
    """
    suffix = output.suffix.lower()
    if suffix not in (".html", ".md"):
        raise fail(f"give an .html or .md file, not {output.name}", code=2)
    from binatgraph.graph.export import write_atomically
    from binatgraph.site import PageNotFoundError, brief_document

    with open_store(store) as graph:
        try:
            text = brief_document(graph, period, "md" if suffix == ".md" else "html", reports)
        except PageNotFoundError as exc:
            raise fail(str(exc)) from exc
    try:
        with write_atomically(output) as out:
            out.write(text.encode("utf-8"))
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc}") from exc
    err.print(f"wrote the brief of {period} to {output}", highlight=False)
