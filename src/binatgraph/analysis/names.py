"""Finding a node by the name an analyst types: canonical names, aliases, acronyms, ids or IRIs.

Matching uses the gazetteer's normalisation (case, accents and punctuation folded), so
"Marcelo Ebrard", "marcelo ebrard" and "SRE" all find their node. A name that matches nothing
raises :class:`UnknownNameError` with the closest names in the graph.

>>> import networkx as nx
>>> G = nx.Graph()
>>> salazar = "https://w3id.org/binatgraph/id/person/ken-salazar"
>>> G.add_node(salazar, label="Ken Salazar", aliases=["Kenneth Salazar"])
>>> resolve(G, "kenneth salazar")
'https://w3id.org/binatgraph/id/person/ken-salazar'
>>> try:
...     resolve(G, "Ken Salazr")
... except UnknownNameError as error:
...     print(error)
no node named 'Ken Salazr' in this graph; did you mean: Ken Salazar?
"""

from __future__ import annotations

import difflib

import networkx as nx
from rdflib import Graph

from binatgraph.records.gazetteer import normalize

__all__ = ["AmbiguousNameError", "UnknownNameError", "find_entity", "find_report", "resolve", "suggest"]


class UnknownNameError(LookupError):
    """No node has this name; ``suggestions`` holds the closest labels."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no node named '{name}' in this graph{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNameError(LookupError):
    """Several nodes share this name; the message lists them with their IRIs."""


def _names(G: nx.Graph, node: str) -> list[str]:
    data = G.nodes[node]
    return [data.get("label", node), *data.get("aliases", [])]


def resolve(G: nx.Graph, name: str) -> str:
    """The IRI of the node called ``name`` (or whose IRI or id is ``name``)."""
    if name in G:
        return name
    wanted = normalize(name)
    exact = [n for n in G if any(normalize(alias) == wanted for alias in _names(G, n))]
    if not exact:
        exact = [n for n in G if n.rsplit("/", 1)[-1] == name]
    if len(exact) == 1:
        return exact[0]
    if exact:
        listed = "; ".join(f"{G.nodes[n].get('label', n)} <{n}>" for n in sorted(exact))
        raise AmbiguousNameError(f"'{name}' names several nodes: {listed}; give the IRI")
    raise UnknownNameError(name, suggest(G, name))


def suggest(G: nx.Graph, name: str, limit: int = 3) -> list[str]:
    """Labels of the nodes whose names are closest to ``name``."""
    by_name: dict[str, str] = {}
    for node in G:
        for alias in _names(G, node):
            by_name.setdefault(normalize(alias), G.nodes[node].get("label", node))
    close = difflib.get_close_matches(normalize(name), list(by_name), n=limit * 3, cutoff=0.5)
    return list(dict.fromkeys(by_name[c] for c in close))[:limit]


def find_entity(graph: Graph, name: str, node_type: str) -> str:
    """The IRI of a stored entity of ``node_type`` (``topic``, ``institution``…) called ``name``.

    >>> from binatgraph.graph.build import build
    >>> from binatgraph.graph.store import StoreLocation, open_graph
    >>> memory = StoreLocation.parse("memory")
    >>> from pathlib import Path
    >>> data = Path(__file__).parents[3] / "data"  # the checkout's data/, from any folder
    >>> _ = build(data, memory)
    >>> with open_graph(memory) as g:
    ...     find_entity(g, "HLED", "institution")
    'https://w3id.org/binatgraph/id/institution/hled'
    """
    from binatgraph.analysis.projection import entity_attributes

    G: nx.Graph[str] = nx.Graph()
    G.add_nodes_from(entity_attributes(graph, node_type).items())
    if name.startswith(("http://", "https://")) and name not in G:
        raise UnknownNameError(name, [])
    return resolve(G, name)


def find_report(graph: Graph, text: str) -> str:
    """The IRI of a report in ``graph`` named by id, ``report:<id>``, IRI or title (case and accents
    ignored); an unknown one raises :class:`~binatgraph.analysis.names.UnknownNameError` with the
    closest reports. What the CLI's ``--report`` resolves its value with.
    """
    from binatgraph.analysis.projection import select
    from binatgraph.analysis.selection import SelectionError, report_iri

    G: nx.Graph[str] = nx.Graph()
    query = (
        "SELECT ?r ?id ?label WHERE { ?r a bg:Report ; dcterms:identifier ?id . "
        "OPTIONAL { ?r rdfs:label ?label } }"
    )
    for iri, report_id, label in select(graph, query):
        if iri is not None:
            G.add_node(iri, label=report_id or iri, aliases=[label] if label else [])
    try:
        wanted = report_iri(text)
    except SelectionError:
        wanted = text
    if wanted in G:
        return wanted
    try:
        return resolve(G, text)
    except UnknownNameError as exc:
        raise UnknownNameError(text, exc.suggestions or sorted(str(G.nodes[n]["label"]) for n in G)) from None
