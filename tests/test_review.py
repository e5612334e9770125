"""Reviewing drafts by judging: judgements file, replay, candidates, CLI, and the all-or-nothing finish.

The replay measurement runs on the review fixtures (tests/fixtures/review/, invented documents that name
the same people and bodies under several spellings): the first half is reviewed by scripted judgements,
then the second half is ingested with and without replay, and the questions per document are compared.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph import review_apply
from binatgraph.graph.export import serialize
from binatgraph.graph.review_apply import JOURNAL, ReviewIncomplete, finish_review, recover
from binatgraph.graph.store import open_graph
from binatgraph.records.curate import add_aliases, append_entities, remove_record
from binatgraph.records.dataset import load_dataset
from binatgraph.records.judgements import (
    Context,
    Decision,
    Judgement,
    JudgementError,
    Judgements,
    Question,
    candidates,
    dump_judgements,
    load_draft_folder,
    load_judgements,
    questions,
    resolve,
    save_judgements,
)
from binatgraph.review.session import Session
from binatgraph.schema.model import Organization, Person

from .review_setup import ORDER, Workspace, ingest, tree, workspace

runner = CliRunner()

# What a reviewer decides about each proposal of the review fixtures (the fixtures are invented).
DECISIONS: dict[str, tuple[Decision, str | None, dict[str, str] | None]] = {
    "Carla Fuentes Rivas": (Decision.NEW, "carla-fuentes-rivas", {"country": "MX"}),
    "Secretaría de Relaciones Exteriores": (Decision.ENTITY, "mx-foreign-ministry", None),
    "Daniel Ortega Brooks": (Decision.NOT_AN_ENTITY, None, None),
    "Oficina de Asuntos Hídricos": (Decision.ENTITY, "us-water-office", None),
    "Estatal del Agua de Sonora": (
        Decision.NEW,
        "sonora-water-commission",
        {"name": "Comisión Estatal del Agua de Sonora", "country": "MX"},
    ),
    "Martín Salas Gómez": (Decision.NEW, "martin-salas-gomez", {"country": "MX"}),
}


def _review(ws: Workspace, name: str) -> tuple[int, int]:
    """Ingest one fixture, judge what it asks as DECISIONS says, finish; (asked, judged) counts."""
    folder, asked = ingest(ws, name)
    session = Session(folder, ws.data, ws.store)
    judged = 0
    for _, q, _ in session.questions():
        decision, entity, record = DECISIONS[q.mention]
        session.judge(q.key, decision, entity, record)
        judged += 1
    session.finish()
    return asked, judged


# --- the file --------------------------------------------------------------------------------------


def _judgement(mention: str, decision: Decision, entity: str | None = None, **context: object) -> Judgement:
    ctx = Context(
        report=str(context.get("report", "r1")),
        item=1,
        country=context.get("country"),
        with_=tuple(context.get("with_", ())),
    )  # type: ignore[arg-type]
    return Judgement(mention, str(context.get("kind", "people")), decision, ctx, entity)


def test_file_is_stable_and_round_trips(tmp_path: Path) -> None:
    j = Judgements()
    j.add(_judgement("Zoe Park", Decision.NEW, "zoe-park", country="US"))
    j.add(_judgement("Ana  Ruíz", Decision.ENTITY, "ana-ruiz", with_=("lena-moss",)))
    j.add(_judgement("Puerto Norte", Decision.NOT_AN_ENTITY, kind="organizations"))
    save_judgements(tmp_path, j)
    text = (tmp_path / "judgements.yaml").read_text()
    assert text.splitlines()[2:8] == [
        "- mention: Puerto Norte",
        "  kind: organizations",
        "  decision: not-an-entity",
        "  context: {report: r1, item: 1}",
        "- mention: Ana  Ruíz",
        "  kind: people",
    ]
    again = load_judgements(tmp_path)
    assert dump_judgements(again) == text  # reading and writing changes nothing
    # judging the same mention in the same place again replaces the judgement, it does not add one
    again.add(_judgement("ana ruiz", Decision.NOT_AN_ENTITY))
    assert len(again.entries) == 3
    assert again.undo("Ana Ruiz", "r1") and len(again.entries) == 2


def test_a_bad_entry_is_located(tmp_path: Path) -> None:
    (tmp_path / "judgements.yaml").write_text(
        "- {mention: X, kind: people, decision: entity, context: {report: r}}\n"
    )
    with pytest.raises(JudgementError, match="judgement 1: a 'entity' judgement needs `entity`"):
        load_judgements(tmp_path)


# --- replay ----------------------------------------------------------------------------------------


def _question(mention: str, kind: str = "people", **context: object) -> Question:
    proposal = (
        Person(id="x", name=mention, country="MX")
        if kind == "people"
        else Organization(id="x", name=mention, country="MX")
    )
    ctx = Context(
        str(context.get("report", "r2")),
        int(context.get("item", 1)),
        context.get("country"),
        tuple(context.get("with_", ())),
    )  # type: ignore[arg-type]
    return Question(kind, mention, proposal, ctx, (1,))


def test_replay_matches_spelling_and_context() -> None:
    j = Judgements([_judgement("Carla Fuentes", Decision.NEW, "carla-fuentes", country="MX")])
    assert resolve(_question("CARLA FUENTES"), j) is not None  # case and accents do not matter
    assert resolve(_question("Carla Fuentes", country="US"), j) is None  # another country: asked again
    assert resolve(_question("Carla Fuentes", kind="organizations"), j) is None  # another kind
    # "not in this event" is replayed for its own item only
    j = Judgements([_judgement("Zoe Park", Decision.NOT_IN_EVENT)])
    assert resolve(_question("Zoe Park", report="r1"), j) is not None
    assert resolve(_question("Zoe Park", report="r2"), j) is None


def test_disagreeing_judgements_are_settled_by_co_mentions_or_asked() -> None:
    a = _judgement("Ortega", Decision.ENTITY, "daniel-ortega", report="a", with_=("nicaragua",))
    b = _judgement("Ortega", Decision.ENTITY, "ana-ortega", report="b", with_=("mx-sre", "ana-ruiz"))
    j = Judgements([a, b])
    assert resolve(_question("Ortega", with_=("mx-sre",)), j) == b
    assert resolve(_question("Ortega", with_=("nicaragua",)), j) == a
    assert resolve(_question("Ortega"), j) is None  # nothing tells them apart: ask


def test_candidates_rank_a_spanish_name_of_a_known_body_first(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder, _ = ingest(ws, "comunicado-agua-es.txt")
    draft = load_draft_folder(folder)
    dataset = load_dataset(ws.data)
    [q] = [q for q in questions(draft.report, draft.proposals) if q.kind == "organizations"]
    assert candidates(q, dataset.index)[0].id == "mx-foreign-ministry"


def test_replay_asks_fewer_questions_after_half_is_reviewed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = ORDER[:3], ORDER[3:]
    before = {}
    cold = workspace(tmp_path / "cold")
    for name in second:
        before[name] = ingest(cold, name, replay=False)[1]
    ws = workspace(tmp_path / "warm")
    reviewed = {name: _review(ws, name) for name in first}
    curated_only = {name: ingest(ws, name, replay=False)[1] for name in second}
    after = {name: ingest(ws, name)[1] for name in second}
    with capsys.disabled():
        print("\njudgements asked per document (first half reviewed, then replayed):")
        for name in first:
            print(f"  reviewed {name}: {reviewed[name][0]} asked, {reviewed[name][1]} judged")
        for name in second:
            print(
                f"  {name}: {before[name]} asked before the review, {curated_only[name]} after it with the "
                f"curated data alone, {after[name]} with the judgements replayed"
            )
    assert sum(after.values()) < sum(curated_only.values()) < sum(before.values())
    assert after == {"readout-julio-en.txt": 1, "comunicado-agosto-es.txt": 1, "news-septiembre-en.txt": 1}
    # the question left in each is the one spelling nobody judged yet (the director's name)
    session = Session(ws.drafts, ws.data, ws.store)
    assert {q.mention for _, q, _ in session.questions()} == {"Martín Salas Gómez"}


# --- data files edited in place --------------------------------------------------------------------


def test_gazetteer_edits_touch_only_their_lines() -> None:
    text = (
        "# People.\n- id: a\n  name: A\n  aliases: [Ay, Aa]\n  country: MX\n"
        "# --- more\n- id: b\n  name: B\n  country: US\n"
    )
    assert add_aliases(text, "b", ["Bee"]) == text.replace("  name: B\n", "  name: B\n  aliases: [Bee]\n")
    assert add_aliases(text, "a", ["Á"]) == text.replace("[Ay, Aa]", "[Ay, Aa, Á]")
    appended = append_entities(text, [Person(id="c", name="C", aliases=("Cee",), country="US")])
    assert appended == text + "- id: c\n  name: C\n  aliases: [Cee]\n  country: US\n"
    # a reference entity accepted into the curated gazetteer leaves the reference (comments stay)
    assert remove_record(text, "b") == text.replace("- id: b\n  name: B\n  country: US\n", "")


# --- the command line ------------------------------------------------------------------------------


def test_cli_list_judge_status_undo_finish(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    ingest(ws, "comunicado-agua-es.txt")
    base = ["review", str(ws.drafts), "-d", str(ws.data), "-s", str(tmp_path / "store")]
    listed = runner.invoke(app, [*base, "--list"])
    assert listed.exit_code == 0, listed.stderr
    assert "doc-comunicado-agua-es:organizations/secretaria-de-relaciones-exteriores" in listed.stdout
    assert "mx-foreign-ministry" in listed.stdout
    result = runner.invoke(
        app,
        [
            *base,
            "--accept", "Carla Fuentes Rivas", "--country", "MX",
            "--merge", "organizations/secretaria-de-relaciones-exteriores=mx-foreign-ministry",
            "--reject", "people/daniel-ortega-brooks",
            "--status",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "0 of 3 proposals left to judge (3 judged)" in result.stdout
    undone = runner.invoke(app, [*base, "--undo", "daniel-ortega-brooks", "--list", "-f", "json"])
    assert undone.exit_code == 0, undone.stderr
    assert '"key": "people/daniel-ortega-brooks"' in undone.stdout
    unfinished = runner.invoke(app, [*base, "--finish"])
    assert unfinished.exit_code == 1 and "still to judge: Daniel Ortega Brooks" in unfinished.stderr
    wrong = runner.invoke(app, [*base, "--merge", "daniel-ortega-brooks=nobody"])
    assert wrong.exit_code == 1 and "'nobody' is not an entity" in wrong.stderr
    done = runner.invoke(app, [*base, "--reject", "daniel-ortega-brooks", "--finish"])
    assert done.exit_code == 0, done.stderr
    assert "4 files written" in done.stderr
    assert (
        "- id: carla-fuentes-rivas\n  name: Carla Fuentes Rivas\n  country: MX\n"
        in (ws.data / "gazetteer" / "people.yaml").read_text()
    )


def test_ingest_replays_judgements(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    _review(ws, "comunicado-agua-es.txt")
    doc = Path(__file__).parent / "fixtures" / "review" / "readout-agua-en.txt"
    result = runner.invoke(app, ["ingest", str(doc), "-d", str(ws.data), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    # the person accepted and the merged spelling are in the gazetteer now; the rejection is replayed
    assert "1 settled by earlier judgements, 0 left to judge" in result.stderr
    report = yaml.safe_load(
        (tmp_path / "out" / "doc-readout-agua-en" / "reports" / "doc-readout-agua-en.yaml").read_text()
    )
    event = report["items"][0]["event"]
    assert [p["person"] for p in event["participants"]] == ["lena-moss", "carla-fuentes-rivas"]
    assert "mx-foreign-ministry" in event["organizations"] + report["items"][0].get("mentions", {}).get(
        "organizations", []
    )


# --- all or nothing --------------------------------------------------------------------------------


def _judge_all(ws: Workspace, folder: Path) -> None:
    session = Session(folder, ws.data, ws.store)
    for _, q, _ in session.questions():
        decision, entity, record = DECISIONS[q.mention]
        session.judge(q.key, decision, entity, record)


def _store_lines(ws: Workspace) -> bytes:
    with open_graph(ws.store) as graph:
        return b"\n".join(sorted(serialize(graph, "nt").splitlines()))


def test_a_failure_inside_the_write_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace(tmp_path)
    folder, _ = ingest(ws, "comunicado-agua-es.txt")
    _judge_all(ws, folder)
    files, store = tree(ws.data), _store_lines(ws)

    real, calls = review_apply.apply_report, []

    def broken(*args: object, **kwargs: object) -> int:  # the store fails the review's write, not the undo
        calls.append(args)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review_apply, "apply_report", broken)
    with pytest.raises(OSError, match="disk full"):
        finish_review(folder, ws.data, ws.store)
    assert tree(ws.data) == files
    assert _store_lines(ws) == store
    assert not (ws.data / JOURNAL).exists()


def test_an_unfinished_review_is_refused(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder, _ = ingest(ws, "comunicado-agua-es.txt")
    files = tree(ws.data)
    with pytest.raises(ReviewIncomplete, match="3 proposal"):
        finish_review(folder, ws.data, ws.store)
    assert tree(ws.data) == files


KILLED = """
import sys, time
from pathlib import Path
from binatgraph.graph import review_apply
from binatgraph.graph.store import StoreLocation
real = review_apply.apply_report
def slow(location, report_id, triples):
    count = real(location, report_id, triples)  # the store now holds the review, data/ too
    Path(sys.argv[4]).write_text("applied")
    time.sleep(60)
    return count
review_apply.apply_report = slow
review_apply.finish_review(Path(sys.argv[1]), Path(sys.argv[2]), StoreLocation.parse(sys.argv[3]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_apply_is_rolled_back(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder, _ = ingest(ws, "comunicado-agua-es.txt")
    _judge_all(ws, folder)
    files, store = tree(ws.data), _store_lines(ws)
    marker = tmp_path / "applied"
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(folder), str(ws.data), str(tmp_path / "store"), str(marker)],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the review process ended before it was killed"
            assert time.monotonic() < deadline, "the review process never reached the store"
            time.sleep(0.05)
        assert tree(ws.data) != files  # killed mid-commit: the files were written
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (ws.data / JOURNAL / "journal.json").exists()
    assert recover(ws.data, ws.store)  # what every review and ingest command does first
    assert tree(ws.data) == files
    assert _store_lines(ws) == store
