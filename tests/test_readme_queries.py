"""Every query example in README.md and ontology/README.md runs as printed, in every output format.

The examples are read from the files themselves, so a README that drifts from the code fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.graph.store import StoreLocation

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "README.md", ROOT / "ontology" / "README.md")
RESULTS = ("table", "csv", "tsv", "json", "xml")
GRAPHS = ("table", "turtle", "jsonld", "nt")
runner = CliRunner()


def _commands() -> list[tuple[str, list[str]]]:
    found = []
    for doc in DOCS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line.startswith("binatgraph query "):
                continue
            words = shlex.split(line.split("  #")[0], comments=False)[2:]
            if any(w.endswith(".rq") for w in words):
                continue  # the reader's own file
            found.append((f"{doc.relative_to(ROOT)}: {line[:70]}", words))
    return found


def _sparql_blocks() -> list[tuple[str, str]]:
    blocks = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for i, match in enumerate(re.finditer(r"```sparql\n(.*?)```", text, re.S)):
            blocks.append((f"{doc.relative_to(ROOT)} block {i + 1}", match.group(1)))
    return blocks


COMMANDS = _commands()
BLOCKS = _sparql_blocks()


def test_the_readmes_have_query_examples() -> None:
    assert len(COMMANDS) >= 3


def _without_format(words: list[str]) -> list[str]:
    out, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word in ("-f", "--format"):
            skip = True
            continue
        out.append(word)
    return out


def _formats(query: str) -> tuple[str, ...]:
    return GRAPHS if re.search(r"\b(CONSTRUCT|DESCRIBE)\b", query, re.I) else RESULTS


@pytest.mark.parametrize(("where", "words"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_readme_query_runs_in_every_format(data_store: StoreLocation, where: str, words: list[str]) -> None:
    words = _without_format(words)
    for fmt in _formats(" ".join(words)):
        result = runner.invoke(app, ["query", *words, "-f", fmt, "--store", str(data_store.path)])
        assert result.exit_code == 0, f"{where} -f {fmt}: {result.stderr}"
        assert result.stdout.strip() or "rows" in result.stderr, f"{where} -f {fmt}: no output"


@pytest.mark.parametrize(("where", "query"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_readme_sparql_blocks_run_in_every_format(data_store: StoreLocation, where: str, query: str) -> None:
    for fmt in _formats(query):
        result = runner.invoke(app, ["query", query, "-f", fmt, "--store", str(data_store.path)])
        assert result.exit_code == 0, f"{where} -f {fmt}: {result.stderr}"
