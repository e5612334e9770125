"""The package's own import graph, read with ``ast``: no cycles, and every arrow points downstream.

The stages, in the order data flows (docs/architecture.md): a module may import its own stage and the
stages before it, never a later one. Imports inside functions count too (a lazy import is still a
dependency), except those under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "binatgraph"

# Earlier stages first. `synth` writes data in the data/ format for benchmarks: it needs only the schema.
STAGES = (
    "schema",
    "reports",
    "records",
    "graph",
    "queries",
    "analysis",
    "viz",
    "site",
    "serve",
    "review",
    "synth",
    "cli",
)
# Top-level modules and the stage they belong to: the package root holds the version (every stage may
# read it) and loads its public shortcuts by name when first used; `store` is the historical alias of
# graph.store.
TOP_LEVEL = {"__init__": "schema", "store": "graph"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path) -> set[str]:
    """The binatgraph modules ``path`` imports (resolved, relative imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "binatgraph")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "binatgraph":
                continue
            found.add(target)
            # `from binatgraph.x import y` may import the module binatgraph.x.y
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if _exists(candidate):
                    found.add(candidate)
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative / "__init__.py").exists()


def stage_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return TOP_LEVEL["__init__"]
    if parts[1] in TOP_LEVEL:
        return TOP_LEVEL[parts[1]]
    return parts[1]


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        graph.add_node(source, path=path)
        for target in imports_of(path):
            if target != source and _exists(target):
                graph.add_edge(source, target)
    return graph


def test_every_module_belongs_to_a_stage() -> None:
    unknown = {m for m in import_graph() if stage_of(m) not in STAGES}
    assert not unknown, f"modules outside the stage folders: {sorted(unknown)}"


def test_no_import_cycles() -> None:
    graph = import_graph()
    # A package's __init__ re-exporting its own modules is not a cycle of design; drop the edges from
    # a module to its own package's __init__ (it imports the package to reach a sibling).
    pruned = nx.DiGraph((a, b) for a, b in graph.edges if not a.startswith(b + "."))
    cycles = list(nx.simple_cycles(pruned))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_arrows_point_downstream() -> None:
    upward = [
        f"{a} ({stage_of(a)}) imports {b} ({stage_of(b)})"
        for a, b in import_graph().edges
        if STAGES.index(stage_of(b)) > STAGES.index(stage_of(a))
    ]
    assert not upward, "imports against the flow:\n" + "\n".join(sorted(upward))


@pytest.mark.parametrize("command_module", ["binatgraph.cli.query", "binatgraph.cli.data"])
def test_query_and_data_commands_never_load_the_server(command_module: str) -> None:
    reachable = nx.descendants(import_graph(), command_module)
    assert not {m for m in reachable if m.startswith("binatgraph.serve")}


def test_the_checker_sees_a_planted_upward_import(tmp_path: Path) -> None:
    # The rules above must be able to fail: an import of the CLI from the schema is caught.
    planted = tmp_path / "binatgraph" / "schema" / "x.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("from binatgraph.cli import app\nfrom ..graph import rdf\n", encoding="utf-8")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "binatgraph"
    try:
        assert imports_of(planted) == {"binatgraph.cli", "binatgraph.graph"}
        assert STAGES.index(stage_of("binatgraph.cli")) > STAGES.index(stage_of("binatgraph.schema.x"))
    finally:
        PACKAGE = saved
