"""Rows out to people or pipes: a table by default, CSV, TSV or JSON on request.

Every command that prints rows takes the same ``-f/--format`` option (``options.ROWS``) and calls
:func:`emit`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "emit"]


class OutputFormat(StrEnum):
    """How rows are printed: a table for people, CSV, TSV or JSON for pipes."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat | str = OutputFormat.TABLE,
    *,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Print ``rows`` (dicts sharing keys) in ``fmt``.

    >>> emit([{"class": "schema:Person", "count": 3}], OutputFormat.CSV)
    class,count
    schema:Person,3
    """
    out = out or sys.stdout
    fmt = OutputFormat(fmt)
    columns = list(rows[0].keys()) if rows else []
    if fmt is OutputFormat.JSON:
        json.dump(list(rows), out, indent=2, ensure_ascii=False, default=str)
        out.write("\n")
    elif fmt in (OutputFormat.CSV, OutputFormat.TSV):
        delimiter = "," if fmt is OutputFormat.CSV else "\t"
        writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title, title_justify="left")
        for column in columns:
            numeric = all(isinstance(row.get(column), int | float) for row in rows)
            table.add_column(column, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        Console(file=out, width=100).print(table)
    out.flush()  # so a status line on stderr comes after the rows, not inside them
