"""The command line: exact outputs, exit codes, and that every command teaches by example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
REPORT = Path(__file__).resolve().parent / "fixtures" / "ingest" / "test-2024-h2.txt"
runner = CliRunner()
# Loaded only by the commands that use them (issue 14: fast start).
HEAVY = ("pandas", "networkx", "pyshacl", "starlette", "uvicorn", "igraph", "scipy", "jinja2", "bs4", "pyvis")


def _flat(text: str) -> str:
    """Output with rich's box drawing and line wrapping taken out, for matching a message."""
    return " ".join(text.replace("│", " ").split())


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
    assert code == 2 and "use one of nt, turtle, jsonld" in _flat(err)


def test_export_reads_format_aliases(built_store: str) -> None:
    assert _run("export", "-f", "TTL", "--store", built_store)[1] == _run("export", "--store", built_store)[1]


def test_rows_formats_are_checked_the_same_everywhere(built_store: str) -> None:
    for command in (["stats", "--store", built_store], ["queries"], ["centrality", "--store", built_store]):
        code, _, err = _run(*command, "-f", "xlsx")
        assert code == 2 and "unknown format 'xlsx'; use one of table, csv, tsv, json" in _flat(err), command


def test_old_spellings_still_work_and_warn(tmp_path: Path) -> None:
    code, out, err = _run("ingest", str(REPORT), "--data", str(FIXTURE_DATA), "--json")
    assert code == 0 and json.loads(out)["report"]
    assert "ingest --json is deprecated" in err and "use ingest -f json" in err
    code, _, err = _run("ingest", str(REPORT), "--data", str(FIXTURE_DATA), "--out", str(tmp_path / "d"))
    assert code == 0 and (tmp_path / "d").is_dir() and "ingest --out is deprecated" in err
    hidden = _run("ingest", "--help")[1]
    assert "--json" not in hidden and "--out " not in hidden


def test_ingest_json_and_eval_data_spellings(tmp_path: Path) -> None:
    code, out, err = _run("ingest", str(REPORT), "--data", str(FIXTURE_DATA), "-f", "json")
    assert code == 0 and json.loads(out)["items"] and "deprecated" not in err
    code, out, err = _run("eval", str(REPORT), "--data", str(tmp_path / "none"), "-f", "json")
    assert code == 1 and "none" in err


def test_choices_written_in_the_cli_equal_the_library() -> None:
    import importlib

    from binatgraph import analysis, viz
    from binatgraph.cli import analysis as cli_analysis
    from binatgraph.cli import data as cli_data
    from binatgraph.cli import query as cli_query
    from binatgraph.cli import selection as cli_selection
    from binatgraph.graph import export
    from binatgraph.queries import results

    centrality = importlib.import_module("binatgraph.analysis.centrality")
    selection = importlib.import_module("binatgraph.analysis.selection")
    assert tuple(analysis.PROJECTIONS) == cli_selection.PROJECTIONS
    assert tuple(analysis.MEASURES) == cli_selection.MEASURES
    assert tuple(viz.VIEWS) == cli_selection.VIEWS
    assert cli_selection.PERIOD_FORMATS == selection.PERIOD_FORMATS
    assert cli_selection.DEFAULT_K == centrality.DEFAULT_K
    assert cli_selection.EXACT_BETWEENNESS_UP_TO == centrality.EXACT_BETWEENNESS_UP_TO
    assert cli_selection.DEFAULT_TOP == viz.DEFAULT_TOP
    assert cli_analysis.GRAPH_FILES.names == tuple(analysis.GRAPH_FORMATS)
    assert set(cli_data.EXPORTS.names) == set(export.FORMATS)
    assert cli_query.RESULTS.names[0] == "table" and set(cli_query.RESULTS.names[1:]) == set(results.FORMATS)


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_cli_loads_no_heavy_library_until_a_command_needs_it(built_store: str) -> None:
    loaded = _loaded_after("import binatgraph.cli")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert "rdflib" not in loaded and "pyoxigraph" not in loaded  # --help needs neither
    run = "from binatgraph.cli import app\ntry:\n    app({args!r})\nexcept SystemExit:\n    pass"
    for args in (["stats", "--store", built_store], ["query", "ASK { ?s ?p ?o }", "--store", built_store]):
        loaded = _loaded_after(run.format(args=args))
        heavy = {m for m in loaded if m.split(".")[0] in (*HEAVY, "oxrdflib")}
        assert not heavy, f"binatgraph {args[0]} loads {sorted(heavy)}"
        assert not {m for m in loaded if m.startswith("binatgraph.serve")}


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
