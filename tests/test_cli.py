"""The command line: exact outputs, exit codes, and that every command teaches by example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def built_store(tmp_path: Path) -> str:
    store = str(tmp_path / "store")
    code, _, err = _run("build", "--data", str(FIXTURE_DATA), "--store", store)
    assert code == 0, err
    return store


def test_every_command_has_help_with_an_example() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert {"build", "validate", "export", "stats"} <= set(commands)
    for name in commands:
        code, out, _ = _run(name, "--help")
        assert code == 0
        assert "Example:" in out, f"`binatgraph {name} --help` has no example"


def test_build_reports_what_and_where(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, out, err = _run("build", "--data", str(FIXTURE_DATA), "--store", str(store), "-f", "json")
    assert code == 0, err
    counts = {row["class"]: row["count"] for row in json.loads(out)}
    assert counts["bg:ReportItem"] == 3
    assert counts["schema:Person"] == 3
    assert "built 3 events from 1 reports" in err and str(store) in err
    assert "SHACL conforms" in err


def test_stats_as_csv(built_store: str) -> None:
    code, out, _ = _run("stats", "--store", built_store, "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "class,count"
    assert "bg:Institution,2" in lines


def test_stats_reads_the_store_from_the_environment(
    built_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINATGRAPH_STORE", built_store)
    code, out, _ = _run("stats", "-f", "json")
    assert code == 0 and json.loads(out)


def test_export_nt_is_byte_identical_across_builds(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        store = str(tmp_path / name)
        assert _run("build", "--data", str(FIXTURE_DATA), "--store", store)[0] == 0
        target = tmp_path / f"{name}.nt"
        assert _run("export", "-f", "nt", "-o", str(target), "--store", store)[0] == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"<https://w3id.org/binatgraph/id/event/test-2024-h1-01>" in outputs[0]


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_export_formats_parse_back(built_store: str, fmt: str) -> None:
    from rdflib import Graph

    code, out, _ = _run("export", "-f", fmt, "--store", built_store)
    assert code == 0
    parsed = Graph().parse(data=out, format={"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}[fmt])
    assert len(parsed) > 100


def test_export_unknown_format(built_store: str) -> None:
    code, _, err = _run("export", "-f", "rdfxml", "--store", built_store)
    assert code == 2 and "use one of nt, turtle, jsonld" in err


def test_bad_data_fails_with_location_and_leaves_store_untouched(built_store: str, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE_DATA, broken)
    report = broken / "reports" / "test-2024-h1.yaml"
    report.write_text(report.read_text().replace("date: 2024-02-05", "date: 2024-02-31"), encoding="utf-8")
    before = _run("export", "-f", "nt", "--store", built_store)[1]
    code, _, err = _run("build", "--data", str(broken), "--store", built_store)
    assert code == 1
    assert "test-2024-h1.yaml:" in err and "item 1 → event.date" in err
    assert _run("export", "-f", "nt", "--store", built_store)[1] == before


def test_validate_writes_nothing(tmp_path: Path) -> None:
    code, _, err = _run("validate", "--data", str(FIXTURE_DATA))
    assert code == 0 and "valid: 3 events in 1 reports" in err
    assert not (tmp_path / ".binatgraph").exists()


def test_missing_store_is_explained(tmp_path: Path) -> None:
    code, _, err = _run("stats", "--store", str(tmp_path / "none"))
    assert code == 1 and "run `binatgraph build` first" in err
