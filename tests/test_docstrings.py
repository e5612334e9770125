"""Every public function and class of the library says what it is for.

Public: named in the module's ``__all__`` or named without a leading underscore. Only what a
module defines counts (not what it imports). The CLI is left out: its
commands' help is their docstring, and ``docs/cli.md`` is tested against it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import binatgraph

SKIPPED_PACKAGES = ("binatgraph.cli",)


def _modules() -> list[ModuleType]:
    names = [binatgraph.__name__] + [
        info.name for info in pkgutil.walk_packages(binatgraph.__path__, prefix=f"{binatgraph.__name__}.")
    ]
    return [
        importlib.import_module(name)
        for name in sorted(names)
        if not any(name == p or name.startswith(p + ".") for p in SKIPPED_PACKAGES)
    ]


def _public(module: ModuleType) -> list[str]:
    names = dict.fromkeys(getattr(module, "__all__", ()))
    names.update(dict.fromkeys(n for n in vars(module) if not n.startswith("_")))
    return list(names)


def _own_doc(obj: object) -> str:
    if not inspect.isclass(obj):
        return getattr(obj, "__doc__", None) or ""
    # a class's own docstring: not one inherited (pydantic models and enums inherit theirs), nor the
    # signature that @dataclass writes when there is none
    doc = obj.__dict__.get("__doc__") or ""
    return "" if doc.startswith(f"{obj.__name__}(") else doc


def _undocumented(module: ModuleType) -> list[str]:
    missing = []
    for name in _public(module):
        obj = getattr(module, name, None)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported, or re-exported from the module that defines it
        if not _own_doc(obj).strip():
            missing.append(f"{module.__name__}.{name}")
    return missing


def test_the_walk_finds_the_stage_packages() -> None:
    names = {m.__name__ for m in _modules()}
    assert {"binatgraph.schema.model", "binatgraph.graph.store.embedded", "binatgraph.analysis"} <= names
    assert not any(n.startswith("binatgraph.cli") for n in names)


def test_public_functions_and_classes_have_docstrings() -> None:
    missing = [name for module in _modules() for name in _undocumented(module)]
    assert not missing, "public definitions without a docstring:\n  " + "\n  ".join(missing)
