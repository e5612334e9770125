"""The data commands: build, validate, export, load, stats, ingest, eval and synth."""

# No `from __future__ import annotations`: typer reads every command's annotations when the app starts,
# and evaluating them from strings costs ~2 ms a command.

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from binatgraph.cli.options import (
    DataOption,
    FormatOption,
    Formats,
    StoreOption,
    app,
    deprecated,
    err,
    fail,
    store_location,
)
from binatgraph.cli.output import OutputFormat, emit
from binatgraph.graph.store import DUMP_FORMATS

if TYPE_CHECKING:
    from binatgraph.graph.store.location import StoreLocation
    from binatgraph.records.judgements import Judgements
    from binatgraph.reports.source import SourceKind


def _export_format(name: str) -> str:
    from binatgraph.graph.export import export_format

    return export_format(name)


EXPORTS = Formats(
    ("turtle", "nt", "jsonld"),
    "turtle, nt (sorted N-Triples) or jsonld; ttl, ntriples and json-ld are read too.",
    normalize=_export_format,
)
"""The formats of ``export`` (the keys of :data:`binatgraph.graph.export.FORMATS`)."""
EXTRACTIONS = Formats(
    ("drafts", "json"),
    "drafts: write draft folders for review (to --output); json: print the extraction instead.",
)
"""What ``ingest`` writes: draft folders, or the extraction as JSON on standard output."""


@app.command("build")
def build_command(
    data: DataOption = Path("data"),
    store: StoreOption = None,
    shacl: Annotated[bool, typer.Option(help="Check the SHACL shapes before writing.")] = True,
    fmt: FormatOption = "table",
) -> None:
    """Validate the curated data and write the graph into the store, replacing what was there.

    Records are checked against the data model, then the graph against the SHACL shapes (with
    RDFS inference). On any problem nothing is written and every problem is listed with its
    file, line, record and field. The store is swapped in only when complete.

    Example: `binatgraph build --data data --store .binatgraph/store`
    """
    from binatgraph.graph.build import ShaclError, build
    from binatgraph.graph.stats import class_counts_at
    from binatgraph.graph.store import StoreError
    from binatgraph.records.dataset import DataError

    location = store_location(store)
    started = time.perf_counter()
    try:
        with err.status("building") as status:

            def progress(message: str) -> None:
                status.update(message)
                if not err.is_terminal:  # a log (CI, a benchmark) gets each step as a line instead
                    err.print(f"[{time.strftime('%H:%M:%S')}] {message}", highlight=False)

            result = build(data, location, shacl=shacl, progress=progress)
        elapsed = time.perf_counter() - started
        rows = class_counts_at(location)
    except (DataError, ShaclError, StoreError) as exc:
        raise fail(str(exc)) from exc
    emit(rows, fmt, title=f"The graph at {location}")
    reports = len(result.report_ids)
    err.print(
        f"built {result.events} events from {reports} reports: {result.triples:,} triples "
        f"into {location} in {elapsed:.2f}s"
        + (" (SHACL conforms)" if result.shacl is not None else " (SHACL skipped)"),
        highlight=False,
    )


@app.command("validate")
def validate_command(
    data: DataOption = Path("data"),
    shacl: Annotated[bool, typer.Option(help="Also check the SHACL shapes.")] = True,
) -> None:
    """Check the curated data (model, references, SHACL) without writing anything.

    Exits 0 when the data is valid, 1 with every problem listed otherwise.

    Example: `binatgraph validate --data data`
    """
    from binatgraph.graph.build import ShaclError, build
    from binatgraph.records.dataset import DataError

    try:
        with err.status("validating"):
            result = build(data, None, shacl=shacl)
    except (DataError, ShaclError) as exc:
        raise fail(str(exc)) from exc
    err.print(
        f"valid: {result.events} events in {len(result.report_ids)} reports, {result.triples:,} triples"
        + (", SHACL conforms" if shacl else ""),
        highlight=False,
    )


@app.command("export")
def export_command(
    fmt: Annotated[str, EXPORTS.option()] = EXPORTS.default,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (default: standard output).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole graph out. `-f nt` is byte-identical for the same data.

    Example: `binatgraph export -f nt -o graph.nt`
    """
    from binatgraph.graph.export import export, export_format
    from binatgraph.graph.store import StoreError, open_graph

    location = store_location(store)
    try:
        with open_graph(location) as graph:
            written = export(graph, export_format(fmt), output)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    if output is not None:
        err.print(f"wrote {written:,} bytes to {output}", highlight=False)


@app.command("load")
def load_command(
    dump: Annotated[
        Path,
        typer.Argument(
            help=f"An RDF file of triples: {', '.join(DUMP_FORMATS)} (by its ending).", show_default=False
        ),
    ],
    store: StoreOption = None,
) -> None:
    """Replace the store's graph with an RDF file, such as a `binatgraph export` from a colleague.

    The file goes straight into the engine's bulk loader (tens of times faster than parsing it
    with rdflib). Nothing is checked against the shapes: use `binatgraph build` for curated data.
    A file that does not parse leaves the store as it was, and the error names the line.

    Example: `binatgraph export -f turtle -o graph.ttl` on one machine, `binatgraph load graph.ttl`
    on another.
    """
    from binatgraph.graph.store import StoreError, load_dump

    location = store_location(store)
    start = time.perf_counter()
    try:
        count = load_dump(location, dump)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    err.print(
        f"loaded {count:,} triples from {dump} into {location} in {time.perf_counter() - start:.2f}s",
        highlight=False,
    )


@app.command("stats")
def stats_command(store: StoreOption = None, fmt: FormatOption = "table") -> None:
    """Count the graph's resources per class, and say where the store is and what built it.

    Example: `binatgraph stats -f csv`
    """
    from binatgraph.graph.stats import class_counts_at
    from binatgraph.graph.store import StoreError, read_manifest

    location = store_location(store)
    try:
        rows = class_counts_at(location)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    emit(rows, fmt, title=f"The graph at {location}")
    manifest = read_manifest(location)
    if manifest and fmt == OutputFormat.TABLE:
        origin = (
            f"loaded {manifest['built_at']} from {manifest['loaded_from']}"
            if "loaded_from" in manifest
            else f"built {manifest.get('built_at', '?')} from {manifest.get('data', '?')} "
            f"(fingerprint {manifest.get('data_fingerprint', '?')})"
        )
        err.print(f"{manifest.get('triples', '?'):,} triples, {origin}", highlight=False)


def source_kind(value: str | None) -> "SourceKind | None":
    """The ``--kind`` value, checked."""
    if value is None:
        return None
    from binatgraph.reports.source import KINDS

    if value not in KINDS:
        raise fail(f"unknown kind '{value}'; use one of {', '.join(KINDS)}", code=2)
    return value


@app.command("ingest")
def ingest_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Report files (.txt, .md, .html), or reviewed draft folders with --apply."),
    ],
    data: DataOption = Path("data"),
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FOLDER", help="The folder draft folders are written into."),
    ] = Path("drafts"),
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Validate the drafts with the gazetteer and add them to the store."),
    ] = False,
    fmt: Annotated[str, EXTRACTIONS.option()] = EXTRACTIONS.default,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="report (a CBI report), document (a readout, press release, communiqué, news story) or "
            "repository (a page of the CBI's institutional repository); guessed from the text by default.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="The source's public page, kept as provenance.")
    ] = None,
    store: StoreOption = None,
    old_out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    old_json: Annotated[bool, typer.Option("--json", hidden=True)] = False,
) -> None:
    """Read new sources into draft records for review; `--apply` adds reviewed drafts to the store.

    A source is a CBI report, a single document about the relationship (a readout, press release,
    communiqué, joint statement, transcript or news story, in English or Spanish; one event, dated by what
    the text says of it, not by its publication) or a page of the CBI's Binational Institutional Repository
    (its entries become proposed institutions, its encounters events). The kind is guessed; `--kind` says it.
    Each source becomes `drafts/<id>/` in the same format as `data/`: `reports/<id>.yaml`,
    proposals for entities the gazetteer does not know in `gazetteer/`, and `REVIEW.md` listing what is
    new or uncertain.
    Edit them, then apply; applying the same report again changes nothing. To keep a report for every later
    build, move its reviewed files into `data/`. `-f json` prints the extraction instead of writing drafts.

    Example: `binatgraph ingest report.txt` then `binatgraph ingest drafts/cbi-2023-jul-sep --apply`
    """
    from binatgraph.graph.apply import apply_drafts, apply_many
    from binatgraph.graph.build import ShaclError
    from binatgraph.graph.store import StoreError
    from binatgraph.records.dataset import DataError, load_dataset
    from binatgraph.records.drafts import ingest_file, write_draft
    from binatgraph.reports import ReportReadError

    if old_out is not None:
        deprecated("ingest --out")
        output = old_out
    if old_json:
        deprecated("ingest --json")
        fmt = "json"
    try:
        dataset = load_dataset(data)
    except DataError as exc:
        raise fail(str(exc)) from exc
    location = store_location(store)
    judgements = _judgements(data, location)
    folders = [path for path in files if apply and path.is_dir()]
    if folders:
        # every reviewed draft folder in one transaction: all are applied, or none
        try:
            applied = apply_many(folders, data, location)
        except (DataError, ShaclError, StoreError, ValueError) as exc:
            raise fail(f"{exc}\nNothing was applied.") from exc
        for (report_id, count), folder in zip(applied, folders, strict=True):
            err.print(f"applied {report_id} from {folder}: the report has {count:,} triples in {location}")
    for path in files:
        if path in folders:
            continue
        try:
            draft = ingest_file(path, dataset, url=url, kind=source_kind(kind))
        except (ReportReadError, DataError, ShaclError, StoreError, ValueError) as exc:
            raise fail(str(exc)) from exc
        if fmt == "json":
            rows = [ex.as_json() for ex in draft.extractions]
            sys.stdout.write(
                json.dumps({"report": draft.report.id, "items": rows}, ensure_ascii=False, indent=2)
            )
            sys.stdout.write("\n")
            continue
        replayed = ""
        if judgements.entries:  # what was judged before is not asked again (data/judgements.yaml)
            from binatgraph.records.judgements import replay_draft

            before = sum(len(v) for v in draft.proposals.values())
            draft, left = replay_draft(draft, judgements, dataset.index)
            replayed = f"; {before - len(left)} settled by earlier judgements, {len(left)} left to judge"
        folder = write_draft(draft, output)
        new = sum(len(v) for v in draft.proposals.values())
        err.print(
            f"{path}: {len(draft.report.items)} items → {folder} ({new} new entities proposed{replayed}, "
            f"{len(draft.notes)} notes in REVIEW.md)",
            highlight=False,
        )
        if apply:
            try:
                report_id, count = apply_drafts(folder, data, location)
            except (DataError, ShaclError, StoreError) as exc:
                raise fail(f"{exc}\nThe draft is in {folder}; fix it and apply the folder.") from exc
            err.print(f"applied {report_id}: the report has {count:,} triples in {location}", highlight=False)


def _judgements(data: Path, location: "StoreLocation") -> "Judgements":
    """The review judgements of ``data``, after rolling back a review a killed process left half done."""
    from binatgraph.graph.review_apply import JOURNAL, recover
    from binatgraph.records.judgements import JudgementError, load_judgements

    if (data / JOURNAL).exists():
        recover(data, location)
    try:
        return load_judgements(data)
    except JudgementError as exc:
        raise fail(str(exc)) from exc


@app.command("eval")
def eval_command(
    reports: Annotated[list[Path], typer.Argument(help="Report files to extract and score.")],
    data: Annotated[
        Path, typer.Option("--data", "-d", help="The curated data folder to score against.")
    ] = Path("data"),
    misses: Annotated[bool, typer.Option(help="List what was missed and what was extra.")] = True,
    fmt: FormatOption = "table",
    old_gold: Annotated[Path | None, typer.Option("--gold", "-g", hidden=True)] = None,
) -> None:
    """Score extraction against curated records: precision, recall and F1 per field, with the misses.

    Each report is matched to the curated report with the same source file name or id.

    Example: `binatgraph eval ../shared/reports/*.txt --data data`
    """
    from binatgraph.records.dataset import DataError, load_dataset
    from binatgraph.records.evaluate import EvaluationError, combine, score_files
    from binatgraph.reports import ReportReadError

    if old_gold is not None:
        deprecated("eval --gold/-g")
        data = old_gold
    try:
        dataset = load_dataset(data)
        scored = score_files(reports, dataset)
    except (DataError, ReportReadError, ValueError) as exc:
        hint = f" in {data}" if isinstance(exc, EvaluationError) else ""
        raise fail(f"{exc}{hint}") from exc
    if misses and fmt == OutputFormat.TABLE:
        for report in scored:
            for line in report.misses():
                err.print(line, highlight=False)
    rows = [
        {
            "field": s.field,
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "tp": s.true_positives,
            "fp": s.false_positives,
            "fn": s.false_negatives,
        }
        for s in combine(r.scores for r in scored)
    ]
    emit(rows, fmt, title=f"Extraction scored against {data} ({len(reports)} reports)")


@app.command("synth")
def synth_command(
    events: Annotated[int, typer.Option("--events", "-n", min=1, help="How many events to generate.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FOLDER",
            help="The folder to write (gazetteer/ and reports/); it must be new or empty.",
            show_default=False,
        ),
    ],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 0,
) -> None:
    """Write a synthetic data folder shaped like the real one, for benchmarks at any size.

    Build it like real data: `binatgraph build --data DIR --store STORE` (add `--no-shacl` past ~10k
    events, where SHACL over an in-memory graph takes minutes).

    Example: `binatgraph synth --events 10000 --seed 1 -o /tmp/synth-10k`
    """
    from binatgraph.synth.data import write_synthetic

    if output.exists() and any(output.iterdir()):
        raise fail(f"{output} is not empty; choose a new folder")
    counts = write_synthetic(output, events=events, seed=seed)
    err.print(f"wrote {output}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), highlight=False)
