"""Ingest: a report we wrote in the 2023 layout goes to drafts, proposals, eval and the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph.apply import apply_drafts
from binatgraph.graph.build import build
from binatgraph.graph.export import serialize
from binatgraph.graph.store import StoreLocation, open_graph
from binatgraph.records.dataset import load_dataset
from binatgraph.records.drafts import ingest_file, write_draft
from binatgraph.records.evaluate import FieldScore, gold_keys, predicted_keys

HERE = Path(__file__).resolve().parent
FIXTURE_DATA = HERE / "fixtures" / "data"
REPORT = HERE / "fixtures" / "ingest" / "test-2024-h2.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def draft():  # type: ignore[no-untyped-def]
    return ingest_file(REPORT, load_dataset(FIXTURE_DATA))


def test_report_id_and_items_from_the_text(draft) -> None:  # type: ignore[no-untyped-def]
    assert draft.report.id == "cbi-2024-jul-sep"
    items = draft.report.items
    assert [(i.number, i.month_header, str(i.event.date) if i.event.date else None) for i in items] == [
        (1, "JULY", "2024-07-09"),
        (2, "JULY", "2024-07-22"),
        (3, "AUGUST", "2024-08"),  # no date of its own: the month of its header
    ]
    assert items[2].date_source == "header" and items[2].stated_date == "AUGUST"


def test_known_entities_are_linked_with_their_posts(draft) -> None:  # type: ignore[no-untyped-def]
    first = draft.report.items[0]
    people = {p.person: p for p in first.event.participants}
    assert (
        people["ana-ruiz"].post == "mx-foreign-secretary" and people["ana-ruiz"].title == "Foreign Minister"
    )
    assert people["tom-baker"].post == "us-water-director"
    assert "water-dialogue" in first.event.institutions
    assert set(first.event.organizations) >= {"us-state"}
    assert first.event.places == ("monterrey",)


def test_unknown_people_and_bodies_are_proposed_not_merged(draft) -> None:  # type: ignore[no-untyped-def]
    proposed = {kind: [e.name for e in entities] for kind, entities in draft.proposals.items()}
    assert "Gina Raimondo" in proposed["people"]
    assert "Lucía Fernández Ortega" in proposed["people"]
    assert "Northern Customs Office" in proposed["organizations"]
    assert "Twin Ports Program" in proposed["institutions"]
    second = draft.report.items[1]
    raimondo = next(p for p in second.event.participants if p.person == "gina-raimondo")
    assert raimondo.post is None  # "Secretary of Commerce" is not a known post: flagged, not guessed
    assert any("Secretary of Commerce" in note for note in draft.notes)
    # the accord named in item 3 is the known institution, not a new one
    assert "water-accord" in draft.report.items[2].event.institutions


def test_proposed_institution_gets_its_pillar_from_the_cue(draft) -> None:  # type: ignore[no-untyped-def]
    [program] = [e for e in draft.proposals["institutions"] if e.name == "Twin Ports Program"]
    assert program.pillar.value == "program"  # type: ignore[attr-defined]


def test_write_apply_is_idempotent(draft, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_draft(draft, tmp_path / "drafts")
    assert (folder / "reports" / "cbi-2024-jul-sep.yaml").exists()
    assert (folder / "gazetteer" / "people.yaml").exists()
    assert "Gina Raimondo" in (folder / "REVIEW.md").read_text()
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location)
    _, first_count = apply_drafts(folder, FIXTURE_DATA, location)
    with open_graph(location) as graph:
        once = serialize(graph, "nt")
    _, second_count = apply_drafts(folder, FIXTURE_DATA, location)
    with open_graph(location) as graph:
        twice = serialize(graph, "nt")
    assert first_count == second_count > 0
    assert once == twice
    assert b"person/gina-raimondo" in once


def test_a_draft_that_breaks_the_model_changes_nothing(draft, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_draft(draft, tmp_path / "drafts")
    report = folder / "reports" / "cbi-2024-jul-sep.yaml"
    report.write_text(report.read_text().replace("date: '2024-07-22'", "date: '2024-07-52'"))
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location)
    with open_graph(location) as graph:
        before = serialize(graph, "nt")
    from binatgraph.records.dataset import DataError

    with pytest.raises(DataError, match="item 2"):
        apply_drafts(folder, FIXTURE_DATA, location)
    with open_graph(location) as graph:
        assert serialize(graph, "nt") == before


def test_cli_json_shape() -> None:
    result = runner.invoke(app, ["ingest", str(REPORT), "--data", str(FIXTURE_DATA), "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    first = payload["items"][0]
    assert set(first) == {
        "number",
        "title",
        "date",
        "end_date",
        "event_type",
        "people",
        "organizations",
        "institutions",
        "places",
        "topics",
    }
    assert first["event_type"] == "dialogue_session"
    assert {"name": "Ana Ruiz", "role": "Foreign Minister", "country": "MX", "id": "ana-ruiz"} in first[
        "people"
    ]


def test_cli_writes_drafts_and_nothing_else(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(REPORT), "--data", str(FIXTURE_DATA), "-o", str(tmp_path / "d")]
    )
    assert result.exit_code == 0, result.stderr
    assert "3 items" in result.stderr
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["cbi-2024-jul-sep"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01binary", "binary"),
        (b"caf\xe9\n", "not UTF-8"),
        # prose is a document unless the analyst says it is a report
        (b"just some prose.\n", "no report items"),
    ],
)
def test_cli_bad_input_names_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    args = ["ingest", str(bad), "--kind", "report", "--data", str(FIXTURE_DATA), "-o", str(tmp_path / "d")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert str(bad) in result.stderr and message in result.stderr
    assert not (tmp_path / "d").exists()


def test_eval_scores_a_draft_against_itself_perfectly(draft, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = tmp_path / "gold"
    shutil.copytree(FIXTURE_DATA, gold)
    folder = write_draft(draft, tmp_path / "drafts")
    for kind_file in (folder / "gazetteer").glob("*.yaml"):
        target = gold / "gazetteer" / kind_file.name
        target.write_text(target.read_text() + kind_file.read_text())
    shutil.copy(folder / "reports" / "cbi-2024-jul-sep.yaml", gold / "reports")
    dataset = load_dataset(gold)
    report = next(r for r in dataset.reports if r.id == "cbi-2024-jul-sep")
    again = ingest_file(REPORT, dataset)
    gold_sets, predicted = gold_keys(report), predicted_keys(again.extractions, dataset.index)
    for field in ("items", "dates", "people", "organizations", "institutions"):
        score = FieldScore.from_sets(field, gold_sets[field], predicted[field])
        assert score.f1 == 1.0, (field, score.missed, score.extra)
    result = runner.invoke(app, ["eval", str(REPORT), "--gold", str(gold), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows = {row["field"]: row for row in json.loads(result.stdout)}
    assert rows["people"]["f1"] == 1.0 and rows["dates"]["tp"] == 3


def _second_draft(folder: Path, tmp_path: Path) -> Path:
    """A copy of a written draft under another report id."""
    other = tmp_path / "drafts-b" / "cbi-2024-jul-sep-b"
    shutil.copytree(folder, other)
    old = other / "reports" / "cbi-2024-jul-sep.yaml"
    text = old.read_text(encoding="utf-8").replace("id: cbi-2024-jul-sep", "id: cbi-2024-jul-sep-b", 1)
    (other / "reports" / "cbi-2024-jul-sep-b.yaml").write_text(text, encoding="utf-8")
    old.unlink()
    return other


def test_applying_several_drafts_is_one_transaction(draft, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a kill (or a bad draft) between two drafts must not leave the first applied and the second not
    folder = write_draft(draft, tmp_path / "drafts")
    second = _second_draft(folder, tmp_path)
    report = second / "reports" / "cbi-2024-jul-sep-b.yaml"
    report.write_text(report.read_text().replace("date: '2024-07-22'", "date: '2024-07-52'"))
    location = StoreLocation.parse(tmp_path / "store")
    build(FIXTURE_DATA, location)
    with open_graph(location) as graph:
        before = serialize(graph, "nt")
    args = [
        "ingest",
        str(folder),
        str(second),
        "--apply",
        "--data",
        str(FIXTURE_DATA),
        "--store",
        str(tmp_path / "store"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "Nothing was applied" in result.stderr
    with open_graph(location) as graph:
        assert serialize(graph, "nt") == before
    report.write_text(report.read_text().replace("date: '2024-07-52'", "date: '2024-07-22'"))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    with open_graph(location) as graph:
        after = serialize(graph, "nt")
    assert b"report/cbi-2024-jul-sep>" in after and b"report/cbi-2024-jul-sep-b>" in after
