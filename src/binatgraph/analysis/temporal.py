"""Change over time: the same measure per period, with each node's move in rank.

>>> from binatgraph.analysis.selection import Period
>>> [p.label for p in periods_between("2022Q4", "2023Q1")]
['2022Q4', '2023Q1']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd
from rdflib import Graph

from binatgraph.analysis.centrality import Backend, EmptyGraphError, centrality
from binatgraph.analysis.projection import project, select
from binatgraph.analysis.selection import Period, Selection, quarters

__all__ = ["centrality_over_time", "dated_span", "empty_selection", "periods_between"]


def periods_between(first: str, last: str) -> list[Period]:
    """Every quarter from the quarter of ``first`` to that of ``last`` (any period format).

    >>> [period.label for period in periods_between("2022-11", "2023Q1")]
    ['2022Q4', '2023Q1']
    """
    return quarters(Period.parse(first).start, Period.parse(last).end)


def dated_span(graph: Graph) -> tuple[str, str] | None:
    """The first and last stated event dates in the store (``None`` if no event is dated)."""
    rows = list(
        select(
            graph,
            "SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE { ?e schema:startDate ?d }",
        )
    )
    first, last = rows[0] if rows else (None, None)
    if first is None or last is None:
        return None
    return first, last


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
        scoped = dataclasses.replace(selection, period=period)  # every other filter kept, reports too
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


def empty_selection(graph: Graph, selection: Selection, what: str) -> str:
    """Why ``what`` (a projection, a view) came out empty, and the dated span the store does hold.

    The message the CLI prints for an empty selection, so every command says it the same way.
    """
    span = dated_span(graph)
    known = f"; dated events run from {span[0]} to {span[1]}" if span else "; the store has no dated events"
    hint = f"widen the period or drop a filter{known}"
    return f"no events match {selection.describe()}: {what} is empty ({hint})"
