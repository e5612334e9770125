"""Groups that meet among themselves: Louvain communities and their modularity.

>>> import networkx as nx
>>> G = nx.barbell_graph(4, 0)  # two squares of four, joined by one edge
>>> frame = communities(G)
>>> sorted(frame.groupby("community")["node"].apply(sorted).tolist())
[[0, 1, 2, 3], [4, 5, 6, 7]]
>>> round(frame.attrs["modularity"], 3)
0.423

Within a community the most central member comes first (weighted degree: shared events, counted
over the whole graph), so a group's hub heads its list:

>>> star = nx.Graph([("hub", leaf) for leaf in "abc"])
>>> communities(star)["node"].tolist()
['hub', 'a', 'b', 'c']
"""

from __future__ import annotations

from typing import SupportsInt, cast

import networkx as nx
import pandas as pd

from binatgraph.analysis.centrality import NODE_COLUMNS, _check, node_frame

__all__ = ["communities", "community_summary"]


def communities(G: nx.Graph, *, resolution: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """Each node with its Louvain community (weighted by shared events): ``community`` 0 is the
    largest. ``frame.attrs["modularity"]`` is the partition's modularity, the same seed giving the
    same partition.

    Members are listed most central first: by ``weighted_degree`` (the shared events of all the
    node's ties), then by ``degree`` (distinct counterparts), then by label.

    networkx's Louvain is used on every size: at 100k synthetic events it takes seconds, not
    minutes (``benchmarks/analysis.py``), and it takes a seed, so results repeat.
    """
    _check(G)
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    labels = nx.get_node_attributes(G, "label")
    # largest first, ties by their first label, so numbering is stable across runs
    parts = sorted(parts, key=lambda c: (-len(c), min(str(labels.get(n, n)) for n in c)))
    membership = {node: i for i, part in enumerate(parts) for node in part}
    frame = node_frame(G)
    frame["community"] = frame["node"].map(membership).astype(int)
    frame["community_size"] = frame["community"].map({i: len(p) for i, p in enumerate(parts)}).astype(int)
    frame["weighted_degree"] = frame["node"].map(dict(G.degree(weight="weight"))).astype(float)
    frame["degree"] = frame["node"].map(dict(G.degree())).astype(int)
    frame = frame.sort_values(
        ["community", "weighted_degree", "degree", "label"],
        ascending=[True, False, False, True],
        ignore_index=True,
    )[[*NODE_COLUMNS, "community", "community_size", "weighted_degree", "degree"]]
    frame.attrs.update(
        modularity=nx.community.modularity(G, parts, weight="weight", resolution=resolution)
        if G.number_of_edges()
        else 0.0,
        communities=len(parts),
        projection=G.graph.get("projection", ""),
    )
    return frame


def community_summary(frame: pd.DataFrame, *, members: int = 5) -> pd.DataFrame:
    """One row per community: its size, its countries and its most central members, hub first.

    >>> import networkx as nx
    >>> community_summary(communities(nx.barbell_graph(3, 0)))["size"].tolist()
    [3, 3]
    """
    rows = []
    for community, group in frame.groupby("community", sort=True):
        countries = group["country"].replace("", "?").value_counts()
        rows.append(
            {
                "community": int(cast("SupportsInt", community)),  # the labels are numbers
                "size": len(group),
                # most members first, ties by country code
                "countries": ", ".join(
                    f"{c} {n}" for c, n in sorted(countries.items(), key=lambda cn: (-cn[1], cn[0]))
                ),
                "members": "; ".join(str(x) for x in group["label"].head(members)),
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "countries", "members"])
