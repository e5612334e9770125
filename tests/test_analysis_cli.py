"""`binatgraph centrality`, `communities`, `path` and `graph-export`: outputs and errors."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph.store import StoreLocation

runner = CliRunner()


@pytest.fixture(scope="module")
def store(data_store: StoreLocation) -> str:
    """The session's store built from data/ (conftest), as the --store setting."""
    assert data_store.path is not None
    return str(data_store.path)


def _run(store: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--store", store])
    return result.exit_code, result.stdout, result.stderr


def test_betweenness_top_five_for_2022_as_csv(store: str) -> None:
    code, out, _ = _run(
        store, "centrality", "-m", "betweenness", "--period", "2022", "--top", "3", "-f", "csv"
    )
    assert code == 0
    assert out.splitlines() == [
        "rank,label,type,country,value,node",
        "1,Roberto Velasco Álvarez,person,MX,0.494505,https://w3id.org/binatgraph/id/person/roberto-velasco",
        "2,Marcelo Ebrard,person,MX,0.450549,https://w3id.org/binatgraph/id/person/marcelo-ebrard",
        "3,Ken Salazar,person,US,0.120879,https://w3id.org/binatgraph/id/person/ken-salazar",
    ]


def test_table_names_the_measure_and_selection(store: str) -> None:
    code, out, _ = _run(store, "centrality", "-p", "organizations", "-m", "pagerank", "--top", "2")
    assert code == 0 and "pagerank in the organizations projection, all events" in out
    assert "Secretariat of Foreign Affairs" in out and "https://" not in out


def test_filters_by_institution_name_and_country(store: str) -> None:
    code, out, _ = _run(store, "centrality", "-p", "organizations", "--institution", "HLED", "-f", "json")
    assert code == 0 and [r["label"] for r in json.loads(out)] == [
        "Department of State",
        "Secretariat of Foreign Affairs",
    ]
    code, out, _ = _run(store, "centrality", "--country", "us", "-f", "json", "--top", "0")
    assert code == 0 and {r["country"] for r in json.loads(out)} == {"US"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["centrality", "-m", "influence"], "'degree', 'weighted-degree', 'betweenness'"),
        (["centrality", "-p", "agencies"], "'people', 'organizations', 'institutions', 'events'"),
        (["centrality", "--period", "2023Q9"], "a quarter (2023Q2)"),
        (["centrality", "--period", "2021Q1"], "no events match 2021Q1"),
        (["centrality", "--topic", "migratoin"], "did you mean: Migration"),
        (["path", "Ken Salazr", "Marcelo Ebrard"], "did you mean: Ken Salazar"),
        (["path", "Ken Salazar", "Alejandro Mayorkas"], "not connected"),
    ],
)
def test_bad_input_says_what_is_allowed(store: str, args: list[str], message: str) -> None:
    code, out, err = _run(store, *args)
    assert code != 0
    assert message in " ".join((out + err).split()).replace("│", "").replace("  ", " ")


def test_empty_period_names_the_dated_span(store: str) -> None:
    code, _, err = _run(store, "communities", "--period", "2021")
    assert code == 1 and "dated events run from 2022-01-31 to 2023-06-13" in err


def test_communities_summary_and_members(store: str) -> None:
    code, out, err = _run(store, "communities", "-f", "json")
    assert code == 0 and "modularity 0.456" in err
    rows = json.loads(out)
    assert len(rows) == 7 and rows[0]["size"] == 7
    code, out, _ = _run(store, "communities", "--members", "-f", "csv")
    assert code == 0 and len(out.splitlines()) == 1 + 22


def test_path_lists_the_events_along_the_way(store: str) -> None:
    code, out, _ = _run(store, "path", "Ken Salazar", "AMLO", "-f", "json")
    rows = json.loads(out)
    assert code == 0
    assert [(r["step"], r["from"], r["to"]) for r in rows] == [
        (1, "Ken Salazar", "Marcelo Ebrard"),
        (1, "Ken Salazar", "Marcelo Ebrard"),
        (2, "Marcelo Ebrard", "Andrés Manuel López Obrador"),
    ]
    assert rows[0]["source_item"].startswith("https://w3id.org/binatgraph/id/report/")


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_export(store: str, tmp_path: Path, fmt: str, reader: object) -> None:
    target = tmp_path / "new" / f"orgs.{fmt}"
    code, _, err = _run(store, "graph-export", "-p", "organizations", "-f", fmt, "-o", str(target))
    assert code == 0 and "24 nodes, 40 edges" in err
    graph = reader(target)  # type: ignore[operator]
    assert graph.number_of_nodes() == 24


@pytest.mark.parametrize(("fmt", "first"), [("csv", "source,target,"), ("nope", None)])
def test_graph_export_format_is_checked(store: str, tmp_path: Path, fmt: str, first: str | None) -> None:
    target = tmp_path / f"people.{fmt}"
    code, _, err = _run(store, "graph-export", "-f", fmt, "-o", str(target))
    if first is None:
        assert code == 2 and "use one of graphml, gexf, csv" in " ".join(err.replace("│", " ").split())
    else:
        assert code == 0 and target.read_text(encoding="utf-8").startswith(first)


def test_every_command_has_help_with_an_example() -> None:
    for command in ("centrality", "communities", "path", "graph-export"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout


def test_report_filter_on_the_commands_that_take_a_period(store: str) -> None:
    # the 2023 report's centre, and a name that matches no report gets the report ids suggested
    result = runner.invoke(
        app, ["centrality", "--report", "cbi-2023-apr-jun", "--top", "1", "-f", "csv", "--store", store]
    )
    assert result.exit_code == 0, result.stderr
    assert "López Obrador" in result.stdout
    result = runner.invoke(app, ["communities", "--report", "nowhere", "--store", store])
    assert result.exit_code == 1 and "cbi-2023-apr-jun" in result.stderr
