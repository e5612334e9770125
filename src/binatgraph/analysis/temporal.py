"""Change over time: the same measure per period, with each node's move in rank.

>>> from binatgraph.analysis.selection import Period
>>> [p.label for p in periods_between("2022Q4", "2023Q1")]
['2022Q4', '2023Q1']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rdflib import Graph

from binatgraph.analysis.centrality import Backend, EmptyGraphError, centrality
from binatgraph.analysis.projection import project, select
from binatgraph.analysis.selection import Period, Selection, quarters

__all__ = ["centrality_over_time", "dated_span", "periods_between"]


def periods_between(first: str, last: str) -> list[Period]:
    """Every quarter from the quarter of ``first`` to that of ``last`` (any period format)."""
    return quarters(Period.parse(first).start, Period.parse(last).end)


def dated_span(graph: Graph) -> tuple[str, str] | None:
    """The first and last stated event dates in the store (``None`` if no event is dated)."""
    rows = list(
        select(
            graph,
            "SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE { ?e schema:startDate ?d }",
        )
    )
    if not rows or rows[0][0] is None:
        return None
    return rows[0][0], rows[0][1]


def _quarters_of(graph: Graph) -> list[Period]:
    span = dated_span(graph)
    if span is None:
        return []
    return periods_between(span[0][:7], span[1][:7])


def centrality_over_time(
    graph: Graph,
    projection: str = "people",
    measure: str = "degree",
    periods: Sequence[Period | str] | None = None,
    selection: Selection | None = None,
    *,
    k: int | None = None,
    seed: int = 0,
    backend: Backend = "auto",
) -> pd.DataFrame:
    """One row per (period, node): ``period, rank, node, label, type, country, value``, plus
    ``previous_rank`` (in the last period where the node appeared) and ``rank_change``
    (positive: moved up). Periods default to every quarter holding a dated event; a period with
    no events is listed in ``frame.attrs["empty_periods"]`` rather than failing.
    """
    selection = selection or Selection()
    chosen = [Period.parse(p) if isinstance(p, str) else p for p in (periods or _quarters_of(graph))]
    frames, empty = [], []
    for period in chosen:
        scoped = Selection(
            period, selection.topics, selection.institutions, selection.types, selection.countries
        )
        try:
            frame = centrality(project(graph, projection, scoped), measure, k=k, seed=seed, backend=backend)
        except EmptyGraphError:
            empty.append(period.label)
            continue
        frames.append(frame.assign(period=period.label))
    columns = ["period", "rank", "node", "label", "type", "country", "value", "previous_rank", "rank_change"]
    if not frames:
        result = pd.DataFrame(columns=columns)
    else:
        result = pd.concat(frames, ignore_index=True)
        result["previous_rank"] = result.groupby("node")["rank"].shift(1).astype("Int64")
        result["rank_change"] = (result["previous_rank"] - result["rank"]).astype("Int64")
        result = result[columns]
    result.attrs.update(measure=measure, projection=projection, empty_periods=empty)
    return result
