"""Where the ontology and shapes are, in a checkout or in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

__all__ = ["load_ontology", "load_shapes", "ontology_dir"]

_CHECKOUT = Path(__file__).resolve().parents[3] / "ontology"
_WHEEL = Path(__file__).resolve().parents[1] / "_ontology"


def ontology_dir() -> Path:
    """The folder holding ``binatgraph.ttl`` and ``shapes.ttl``."""
    for candidate in (_CHECKOUT, _WHEEL):
        if (candidate / "binatgraph.ttl").exists():
            return candidate
    raise FileNotFoundError(f"ontology files not found in {_CHECKOUT} or {_WHEEL}")


@cache
def _parsed(name: str) -> Graph:
    return Graph().parse(ontology_dir() / name, format="turtle")


def load_ontology() -> Graph:
    """The OWL ontology (classes, properties, concept schemes). Callers must not modify it."""
    return _parsed("binatgraph.ttl")


def load_shapes() -> Graph:
    """The SHACL shapes. Callers must not modify it."""
    return _parsed("shapes.ttl")
