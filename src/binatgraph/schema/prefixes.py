"""The prefixes every graph binds and every query may use without declaring, in one place.

Analysts type ``person:marcelo-ebrard`` or ``a schema:Event`` and never a PREFIX line: the CLI, the
endpoint, the projections and the exports all take their prefixes from :data:`PREFIXES`, and
:func:`prologue` is the one function that writes PREFIX lines.

>>> shorten("https://w3id.org/binatgraph/id/person/marcelo-ebrard")
'person:marcelo-ebrard'
>>> print(prologue("SELECT * WHERE { ?e a schema:Event }", only_used=True).splitlines()[0])
PREFIX schema: <https://schema.org/>
"""

from __future__ import annotations

import re

from rdflib import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Namespace

from binatgraph.schema.kinds import KINDS
from binatgraph.schema.vocab import BG, BGR, OA, SEM

__all__ = ["PREFIXES", "RESOURCE_PREFIXES", "bind_prefixes", "prefix_map", "prologue", "shorten"]

RESOURCE_PREFIXES: dict[str, Namespace] = {
    kind.singular: Namespace(f"{BGR}{kind.segment}/") for kind in KINDS.values()
}
"""Short prefixes analysts can type in SPARQL: ``person:marcelo-ebrard``, ``institution:hled``."""

PREFIXES: dict[str, Namespace] = {
    "bg": Namespace(str(BG._NS)),
    "bgr": BGR,
    **RESOURCE_PREFIXES,
    "sem": SEM,
    "org": Namespace(str(ORG)),
    "schema": Namespace(str(SDO)),
    "prov": Namespace(str(PROV)),
    "oa": OA,
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
}
"""Every project prefix and its namespace."""

# Longest namespace first, so person: wins over bgr: for a person's IRI.
_BY_LENGTH = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda pair: -len(pair[0]))
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w-]*):", re.IGNORECASE | re.MULTILINE)
_LOCAL = re.compile(r"^[\w][\w.-]*$")


def prefix_map() -> dict[str, str]:
    """The prefixes as plain strings, the form engines and serializers take."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def prologue(query: str = "", *, only_used: bool = False) -> str:
    """``query`` with a PREFIX line for each project prefix it does not declare itself.

    ``only_used`` keeps the prologue short by declaring only the prefixes the text mentions.
    """
    declared = {m.group(1) for m in _DECLARED.finditer(query)}
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in PREFIXES.items()
        if p not in declared and (not only_used or re.search(rf"(?<![\w:]){re.escape(p)}:", query))
    ]
    return "\n".join(lines) + ("\n" if lines else "") + query


def shorten(iri: str) -> str:
    """``iri`` as ``prefix:local`` when a project prefix covers it and the rest is a plain name."""
    for namespace, prefix in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _LOCAL.match(local):
                return f"{prefix}:{local}"
    return iri
