"""docs/cli.md is the CLI's reference: generated from the commands' own help, complete and current."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from binatgraph.cli.app import app
from binatgraph.cli.docs import REGENERATE, commands, reference
from binatgraph.cli.options import RENAMED

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
runner = CliRunner()


@pytest.fixture(scope="module")
def docs() -> str:
    return DOCS.read_text(encoding="utf-8")


def test_docs_are_what_the_generator_writes(docs: str) -> None:
    assert docs == reference(), f"docs/cli.md is stale: run `{REGENERATE}`"


def test_every_command_and_option_is_in_the_docs(docs: str) -> None:
    group = typer.main.get_command(app)
    root = typer.Context(group, info_name="binatgraph")
    missing = []
    for name, command in commands().items():
        if f"## `binatgraph {name}`" not in docs:
            missing.append(name)
        section = docs.split(f"## `binatgraph {name}`", 1)[-1].split("\n## ", 1)[0]
        ctx = typer.Context(command, info_name=name, parent=root)
        for param in command.params:
            if getattr(param, "hidden", False):
                continue
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("-") and opt not in section:
                    missing.append(f"{name} {opt}")
            assert param.get_help_record(ctx) is not None
    assert not missing, f"not in docs/cli.md (run `{REGENERATE}`): {', '.join(missing)}"


def test_the_docs_say_how_to_regenerate_them(docs: str) -> None:
    assert REGENERATE in docs.split("\n\n", 2)[1]


def test_every_old_spelling_is_listed(docs: str) -> None:
    for old in RENAMED:
        assert f"| `{old}` |" in docs


def test_every_help_ends_with_an_example() -> None:
    for name, command in commands().items():
        last = inspect.cleandoc(command.help or "").split("\n\n")[-1]
        assert last.startswith("Example:"), f"`binatgraph {name} --help` does not end with an example"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout
    assert "Example:" in runner.invoke(app, ["--help"]).stdout
