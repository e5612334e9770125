"""binatgraph: a knowledge graph of the US–Mexico relationship.

The package root offers the one call a notebook starts with, :func:`sparql` (SPARQL text or a
named query into a pandas DataFrame, see :mod:`binatgraph.queries.frame`). Such shortcuts are
loaded by name on first use, so ``import binatgraph`` loads neither pandas nor the store, and the
root depends on no stage of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from binatgraph.queries.frame import sparql

__version__ = "0.1.0"
__all__ = ["__version__", "sparql"]

_SHORTCUTS = {"sparql": "binatgraph.queries.frame"}
"""Each public name of the root and the module that defines it."""


def __getattr__(name: str) -> Any:
    if name in _SHORTCUTS:
        return getattr(importlib.import_module(_SHORTCUTS[name]), name)
    raise AttributeError(f"module 'binatgraph' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SHORTCUTS})
