"""``binatgraph review``: judge the proposals of drafts, in the workbench page or from the command line."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts.

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from binatgraph.cli.options import DataOption, Formats, StoreOption, app, err, fail, store_location

LISTING = Formats(("table", "json"), "table for people; json for scripts.")


@app.command("review")
def review_command(
    drafts: Annotated[
        Path,
        typer.Argument(help="A draft folder written by `binatgraph ingest`, or the folder holding several."),
    ],
    data: DataOption = Path("data"),
    store: StoreOption = None,
    status: Annotated[
        bool, typer.Option("--status", help="Say what is left to judge in each draft.")
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="Print every proposal still to judge, with its best candidates.")
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="KEY",
            help="Accept a proposal as a new entity (KEY as --list prints it, e.g. people/ana-ruiz, or the "
            "name). "
            "--name, --country, --pillar, --parent, --kind and --id change the record.",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        list[str] | None,
        typer.Option(
            "--merge",
            metavar="KEY=ID",
            help="Judge a proposal to be a known entity; its spelling becomes one of the entity's aliases.",
            show_default=False,
        ),
    ] = None,
    reject: Annotated[
        list[str] | None,
        typer.Option(
            "--reject", metavar="KEY", help="Judge a proposal not to be an entity.", show_default=False
        ),
    ] = None,
    not_in_event: Annotated[
        bool,
        typer.Option(
            "--not-in-event",
            help="With --reject: an entity, but not part of this event (not replayed elsewhere).",
        ),
    ] = False,
    undo: Annotated[
        list[str] | None,
        typer.Option(
            "--undo",
            metavar="KEY",
            help="Remove the judgements made of a proposal in these drafts.",
            show_default=False,
        ),
    ] = None,
    finish: Annotated[
        bool,
        typer.Option(
            "--finish", help="Write the judged drafts into the data folder and the store, all or nothing."
        ),
    ] = False,
    name: Annotated[
        str | None, typer.Option(help="With --accept: the canonical name.", show_default=False)
    ] = None,
    entity_id: Annotated[
        str | None, typer.Option("--id", help="With --accept: the new entity's id.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="With --accept: the kind (people, organizations, ...).", show_default=False),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="With --accept: US, MX, CA or other.", show_default=False)
    ] = None,
    pillar: Annotated[
        str | None, typer.Option(help="With --accept of an institution: its pillar.", show_default=False)
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(help="With --accept: the id of the entity it is part of.", show_default=False),
    ] = None,
    fmt: Annotated[str, LISTING.option()] = LISTING.default,
    host: Annotated[
        str, typer.Option(help="Address the workbench listens on; keep it on loopback.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the workbench.")] = 7879,
    site: Annotated[
        str, typer.Option(help="Where `binatgraph serve` runs, for the candidates' pages (/id/...).")
    ] = "http://127.0.0.1:7878",
) -> None:
    """Judge what a draft proposes: each new name is a new entity, a known one (merge), or not an entity.

    Without options, opens the review workbench on loopback: the source text with every mention
    highlighted beside the draft record, candidates ranked for each proposal, item fixes (date, type,
    participants, institutions) and keyboard shortcuts. Every judgement is written to
    data/judgements.yaml and replayed by every later `binatgraph ingest`, so a spelling judged once is
    not asked again. --list, --accept, --merge, --reject and --undo do the same without a browser;
    --finish (or Finish on the page) writes the reviewed records into data/ and the graph into the
    store in one transaction: a failure, or a killed process, leaves both as they were.

    Example: `binatgraph review drafts/doc-readout-en --merge people/tomas-ibarra=tomas-ibarra-soto --finish`
    """
    from binatgraph.graph.build import ShaclError
    from binatgraph.graph.review_apply import ReviewIncomplete
    from binatgraph.graph.store import StoreError
    from binatgraph.records.curate import CurationError
    from binatgraph.records.dataset import DataError
    from binatgraph.records.judgements import Decision, JudgementError
    from binatgraph.review.session import ReviewError, Session
    from binatgraph.schema.kinds import by_plural

    location = store_location(store)
    try:
        session = Session(drafts, data, location)
        for key in accept or ():
            record = {"name": name, "country": country, "pillar": pillar, "parent": parent, "kind": kind}
            j = session.judge(key, Decision.NEW, entity_id, record)
            err.print(f"{j.mention}: a new {by_plural(j.kind).singular}, id {j.entity}", highlight=False)
        for pair in merge or ():
            key, sep, target = pair.rpartition("=")
            if not sep:
                raise fail(f"--merge takes KEY=ID, not '{pair}'", code=2)
            j = session.judge(key, Decision.ENTITY, target)
            err.print(f"{j.mention}: the known entity {j.entity}", highlight=False)
        for key in reject or ():
            decision = Decision.NOT_IN_EVENT if not_in_event else Decision.NOT_AN_ENTITY
            j = session.judge(key, decision)
            err.print(f"{j.mention}: {decision.value}", highlight=False)
        for key in undo or ():
            gone = session.undo(key)
            err.print(
                f"undone: {', '.join(f'{j.mention} → {j.decision.value}' for j in gone)}", highlight=False
            )
        acted = bool(accept or merge or reject or undo)
        if status:
            rows = session.status()
            if fmt == "json":
                sys.stdout.write(json.dumps(rows, indent=2) + "\n")
            for row in rows if fmt != "json" else ():
                sys.stdout.write(
                    f"{row['report']}: {row['left']} of {row['proposals']} proposals left to judge "
                    f"({row['judged']} judged), {row['items']} items — {row['draft']}\n"
                )
        if list_:
            _print_questions(session, fmt)
        if finish:
            for result in session.finish():
                err.print(
                    f"{result.report}: {len(result.files)} files written in {data}, "
                    f"{result.new_entities} new "
                    f"entities, {result.aliases} aliases; {result.triples:,} triples applied to {location}",
                    highlight=False,
                )
        if acted or status or list_ or finish:
            return
    except (
        ReviewError,
        ReviewIncomplete,
        DataError,
        ShaclError,
        StoreError,
        JudgementError,
        CurationError,
    ) as exc:
        raise fail(str(exc)) from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc
    _serve(session, host, port, site)


def _print_questions(session: "object", fmt: str) -> None:
    from binatgraph.review.session import Session

    assert isinstance(session, Session)
    asked = session.questions()
    if fmt == "json":
        rows = [
            {
                "report": report,
                "key": q.key,
                "mention": q.mention,
                "kind": q.kind,
                "items": list(q.items),
                "country": q.context.country,
                "candidates": [{"id": c.id, "name": c.name, "score": c.score} for c in found],
            }
            for report, q, found in asked
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not asked:
        sys.stdout.write("nothing left to judge\n")
    for report, q, found in asked:
        items = ", ".join(str(i) for i in q.items) or "-"
        best = "; ".join(f"{c.id} ({c.score:.2f})" for c in found[:3]) or "no candidate"
        sys.stdout.write(f"{report}:{q.key}\t{q.mention}\titems {items}\tcandidates: {best}\n")


def _serve(session: "object", host: str, port: int, site: str) -> None:
    import uvicorn

    from binatgraph.review.app import create_review_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print("[yellow]warning:[/] the workbench writes data/: keep it on loopback", markup=True)
    err.print(f"review workbench on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    uvicorn.run(create_review_app(session, site=site), host=host, port=port, log_level="warning")  # type: ignore[arg-type]
