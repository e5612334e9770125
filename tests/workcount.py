"""Work as a count of Python lines run, for tests that an algorithm grows linearly.

A clock in a test fails when the machine is busy (CI shares its cores); the number of lines a call
runs does not depend on that. Twice the input should cost about twice the lines; a quadratic scan
costs four times. (Work inside C code, such as a regular expression's backtracking, is not counted.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def lines_run(call: Callable[[], Any]) -> int:
    """How many Python lines ``call()`` executes."""
    executed = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal executed
        if event == "line":
            executed += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return executed


def growth(make: Callable[[int], Callable[[], Any]], n: int) -> float:
    """The ratio of the lines run at size ``2 * n`` to those at ``n`` (after one warm-up call, which
    fills caches such as compiled patterns)."""
    lines_run(make(max(1, n // 10)))
    small, large = lines_run(make(n)), lines_run(make(2 * n))
    return large / small
