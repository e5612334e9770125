"""Who is central: degree, weighted degree, betweenness, closeness, eigenvector and PageRank.

Each measure is declared once in :data:`MEASURES` with what it means and how each engine computes
it. Two engines give the same numbers (tests hold them to it): networkx, the reference, and
igraph, which is 20-100x faster on the measures that walk shortest paths or iterate
(``../shared/MEASUREMENTS.md``: betweenness from 200 sources on 30k people, networkx >240 s,
igraph 6.5 s). ``backend="auto"`` uses igraph from :data:`IGRAPH_FROM` nodes on.

Conventions, the same on both engines:

- betweenness and closeness count hops (each shared event list is one tie, whatever its weight);
  betweenness is normalised by the number of pairs, closeness uses Wasserman-Faust's scaling for
  graphs in several pieces (networkx's default);
- eigenvector and PageRank use the edge weights (shared events); eigenvector has unit length;
- betweenness is exact up to :data:`EXACT_BETWEENNESS_UP_TO` nodes, and above that estimated from
  ``k`` sampled sources (default :data:`DEFAULT_K`), the same estimator as networkx's ``k``.

>>> import networkx as nx
>>> G = nx.path_graph(["a", "b", "c"])
>>> centrality(G, "betweenness")[["node", "value", "rank"]].to_dict("records")[0]
{'node': 'b', 'value': 1.0, 'rank': 1}
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import pandas as pd

__all__ = [
    "DEFAULT_K",
    "EXACT_BETWEENNESS_UP_TO",
    "IGRAPH_FROM",
    "MEASURES",
    "AnalysisError",
    "Backend",
    "EmptyGraphError",
    "Measure",
    "centrality",
    "centrality_table",
    "node_frame",
    "to_igraph",
]

Backend = Literal["auto", "networkx", "igraph"]
IGRAPH_FROM = 2_000
EXACT_BETWEENNESS_UP_TO = 5_000
DEFAULT_K = 500
NODE_COLUMNS = ["node", "label", "type", "country"]


class AnalysisError(ValueError):
    """An analysis cannot run on this input; the message says why and what is allowed."""


class EmptyGraphError(AnalysisError):
    """The projection has no nodes (no events matched the selection)."""


@dataclass(frozen=True)
class Options:
    """How a measure runs: ``k`` sampled sources for betweenness (``None``: exact), and the seed."""

    k: int | None
    seed: int


@dataclass(frozen=True)
class Measure:
    """A centrality measure: its meaning and its computation on each engine."""

    name: str
    description: str
    networkx: Callable[[nx.Graph, Options], dict[Any, float]]
    igraph: Callable[[Any, Options], Sequence[float]] | None = None


# --- betweenness: exact, or estimated from sampled sources -------------------------------------


def _sources(G: nx.Graph, k: int, seed: int) -> list[Any]:
    # the same draw as networkx's own `betweenness_centrality(k=..., seed=...)`
    return random.Random(seed).sample(list(G), k)


def _sample_size(G: nx.Graph, options: Options) -> int | None:
    n = G.number_of_nodes()
    k = options.k if options.k is not None else (DEFAULT_K if n > EXACT_BETWEENNESS_UP_TO else None)
    return None if k is None or k >= n else k


def _rescale(raw: dict[Any, float], n: int, sources: set[Any] | None) -> dict[Any, float]:
    """From the pair-dependency sums over (source, any target) to normalised betweenness.

    Unbiased for a uniform sample of k sources: a source node cannot lie inside its own paths,
    so it is scaled by (n-1)/(k-1), every other node by (n-1)/k (networkx does the same).
    """
    if n <= 2:
        return dict.fromkeys(raw, 0.0)
    norm = 2 / ((n - 1) * (n - 2))
    if sources is None:
        return {v: b * norm for v, b in raw.items()}
    k = len(sources)
    in_sample = (n - 1) / (k - 1) if k > 1 else math.nan
    return {v: b * norm * (in_sample if v in sources else (n - 1) / k) for v, b in raw.items()}


def _betweenness_nx(G: nx.Graph, options: Options) -> dict[Any, float]:
    k = _sample_size(G, options)
    if k is None:
        return nx.betweenness_centrality(G, normalized=True)
    sources = _sources(G, k, options.seed)
    raw = nx.betweenness_centrality_subset(G, sources, list(G), normalized=False)
    return _rescale(raw, G.number_of_nodes(), set(sources))


def _betweenness_ig(g: Any, options: Options) -> list[float]:
    G: nx.Graph = g["nx"]
    names = g.vs["name"]
    k = _sample_size(G, options)
    if k is None:
        raw = dict(zip(names, g.betweenness(directed=False), strict=True))
        return list(_rescale(raw, len(names), None).values())
    index = {name: i for i, name in enumerate(names)}
    sources = _sources(G, k, options.seed)
    values = g.betweenness(directed=False, sources=[index[s] for s in sources], targets=None)
    raw = dict(zip(names, values, strict=True))
    return list(_rescale(raw, len(names), set(sources)).values())


# --- closeness, eigenvector, PageRank ----------------------------------------------------------


def _closeness_ig(g: Any, options: Options) -> list[float]:
    n = g.vcount()
    if n <= 1:
        return [0.0] * n
    size = {i: len(c) for c in g.connected_components() for i in c}
    values = g.closeness(normalized=True)
    # igraph scales within each piece; Wasserman-Faust also weighs by the share of the graph reached
    return [
        0.0 if math.isnan(v) or size[i] <= 1 else v * (size[i] - 1) / (n - 1) for i, v in enumerate(values)
    ]


def _unit_length(values: Sequence[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [abs(v) / norm for v in values]


def _eigenvector_nx(G: nx.Graph, options: Options) -> dict[Any, float]:
    """The leading eigenvector of the weighted adjacency matrix, unit length.

    networkx's own functions refuse graphs in several pieces; the leading eigenvector is still
    well defined there (it lives on the piece with the largest eigenvalue, the rest score 0), and
    it is what igraph returns, so it is computed here from the matrix directly.
    """
    if G.number_of_edges() == 0:
        return dict.fromkeys(G, 1 / math.sqrt(G.number_of_nodes()))
    import numpy as np
    import scipy.sparse.linalg

    nodes = list(G)
    matrix = nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", dtype=np.dtype(float))
    if len(nodes) <= 500:
        _, vectors = np.linalg.eigh(matrix.toarray())
        vector = vectors[:, -1]
    else:
        _, vectors = scipy.sparse.linalg.eigsh(matrix, k=1, which="LA")
        vector = vectors[:, 0]
    return dict(zip(nodes, _unit_length(vector.tolist()), strict=True))


def _eigenvector_ig(g: Any, options: Options) -> list[float]:
    if g.ecount() == 0:
        return [1 / math.sqrt(g.vcount())] * g.vcount()
    with warnings.catch_warnings():
        # igraph warns on graphs in several pieces; the zeros it gives there are the intended answer
        warnings.simplefilter("ignore", RuntimeWarning)
        return _unit_length(g.eigenvector_centrality(scale=True, weights="weight"))


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "degree",
            "number of distinct counterparts",
            lambda G, o: {v: float(d) for v, d in G.degree()},
        ),
        Measure(
            "weighted-degree",
            "sum of shared events over all counterparts",
            lambda G, o: {v: float(d) for v, d in G.degree(weight="weight")},
        ),
        Measure(
            "betweenness",
            "share of shortest paths (in hops) between others that pass through the node",
            _betweenness_nx,
            _betweenness_ig,
        ),
        Measure(
            "closeness",
            "inverse mean distance (in hops) to the nodes it can reach, scaled by how many it reaches",
            lambda G, o: nx.closeness_centrality(G),
            _closeness_ig,
        ),
        Measure(
            "eigenvector",
            "tied, by many shared events, to nodes that are themselves central",
            _eigenvector_nx,
            _eigenvector_ig,
        ),
        Measure(
            "pagerank",
            "chance a walk along shared events is at the node (damping 0.85)",
            lambda G, o: nx.pagerank(G, alpha=0.85, weight="weight"),
            lambda g, o: g.pagerank(damping=0.85, weights="weight", directed=False),
        ),
    )
}


def measure(name: str) -> Measure:
    """The measure called ``name``; an unknown name lists the allowed ones."""
    try:
        return MEASURES[name]
    except KeyError:
        raise AnalysisError(f"measure '{name}' is not known; allowed: {', '.join(MEASURES)}") from None


def to_igraph(G: nx.Graph) -> Any:
    """An igraph copy of ``G`` with node keys as ``name`` and the edge ``weight`` (graph attribute
    ``nx`` keeps the original, for the sampling that must match networkx's draw)."""
    import igraph as ig

    index = {node: i for i, node in enumerate(G)}
    g = ig.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in G.edges()], directed=False)
    g.vs["name"] = list(index)
    g.es["weight"] = [float(w) for _, _, w in G.edges(data="weight", default=1)]
    g["nx"] = G
    return g


def _engine(G: nx.Graph, backend: Backend) -> str:
    if backend not in ("auto", "networkx", "igraph"):
        raise AnalysisError(f"backend '{backend}' is not known; allowed: auto, networkx, igraph")
    if backend == "auto":
        return "igraph" if G.number_of_nodes() >= IGRAPH_FROM else "networkx"
    return backend


def _check(G: nx.Graph) -> None:
    if G.number_of_nodes() == 0:
        what = G.graph.get("selection", "this selection")
        raise EmptyGraphError(
            f"the {G.graph.get('projection', '')} projection is empty for {what}: no events match, "
            "so there is nothing to measure (widen the period or drop a filter)"
        )


def compute(
    G: nx.Graph, name: str, *, k: int | None = None, seed: int = 0, backend: Backend = "auto"
) -> dict[Any, float]:
    """``{node: value}`` for one measure (see :data:`MEASURES`)."""
    spec = measure(name)
    _check(G)
    options = Options(k=k, seed=seed)
    if _engine(G, backend) == "igraph" and spec.igraph is not None:
        g = to_igraph(G)
        return dict(zip(g.vs["name"], (float(v) for v in spec.igraph(g, options)), strict=True))
    return {v: float(x) for v, x in spec.networkx(G, options).items()}


def node_frame(G: nx.Graph) -> pd.DataFrame:
    """One row per node: IRI, label, type and country."""
    rows = [
        {"node": n, "label": d.get("label", n), "type": d.get("type", ""), "country": d.get("country", "")}
        for n, d in G.nodes(data=True)
    ]
    return pd.DataFrame(rows, columns=NODE_COLUMNS)


def _ranked(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    # ties share the best rank; rows within a tie are ordered by label, then IRI, for a stable order
    frame = frame.assign(_key=frame[column].round(12))
    frame = frame.sort_values(["_key", "label", "node"], ascending=[False, True, True], ignore_index=True)
    frame["rank"] = frame["_key"].rank(method="min", ascending=False).astype(int)
    return frame.drop(columns="_key")


def centrality(
    G: nx.Graph,
    name: str = "degree",
    *,
    top: int | None = None,
    k: int | None = None,
    seed: int = 0,
    backend: Backend = "auto",
) -> pd.DataFrame:
    """Nodes ranked by one measure: ``rank, node, label, type, country, value``, best first.

    ``frame.attrs`` records the measure, the engine, the projection and, for sampled
    betweenness, the number of sources ``k``.
    """
    values = compute(G, name, k=k, seed=seed, backend=backend)
    frame = node_frame(G)
    frame["value"] = frame["node"].map(values).astype(float)
    frame = _ranked(frame, "value")[["rank", *NODE_COLUMNS, "value"]]
    if top is not None:
        frame = frame.head(top)
    frame.attrs.update(
        measure=name,
        backend=_engine(G, backend),
        projection=G.graph.get("projection", ""),
        selection=G.graph.get("selection", ""),
        k=_sample_size(G, Options(k, seed)) if name == "betweenness" else None,
    )
    return frame


def centrality_table(
    G: nx.Graph,
    names: Sequence[str] | None = None,
    *,
    k: int | None = None,
    seed: int = 0,
    backend: Backend = "auto",
) -> pd.DataFrame:
    """Every measure side by side, one column each, plus its rank as ``<measure>_rank``.

    >>> import networkx as nx
    >>> table = centrality_table(nx.star_graph(3), ["degree", "closeness"])
    >>> table.loc[0, "degree"], table.loc[0, "degree_rank"], table.loc[0, "closeness"]
    (np.float64(3.0), np.int64(1), np.float64(1.0))
    """
    names = list(names or MEASURES)
    frame = node_frame(G)
    for name in names:
        frame[name] = frame["node"].map(compute(G, name, k=k, seed=seed, backend=backend)).astype(float)
        frame[f"{name}_rank"] = frame[name].round(12).rank(method="min", ascending=False).astype(int)
    return frame.sort_values([f"{names[0]}_rank", "label", "node"], ignore_index=True)
