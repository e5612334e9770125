"""Timing and memory of benchmark stages: wall seconds, peak resident memory, child processes with a limit.

Peak memory is the resident-set high-water mark (``VmHWM`` in ``/proc/self/status``), reset before
each stage through ``/proc/self/clear_refs`` after ``malloc_trim`` hands freed heap back, so a
stage's figure is its own. Stages that may run for many minutes (the rdflib baselines) run in a
child process stopped at a time limit and are reported as a lower bound (``>120``).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing as mp
import os
import platform
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any


def status_mb(field: str, pid: int | str = "self") -> float | None:
    """A ``/proc/PID/status`` memory field (``VmRSS``, ``VmHWM``) in MB; None off Linux."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def reset_peak() -> None:
    """Reset this process's resident-set high-water mark (Linux; elsewhere the peak is cumulative)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def release_heap() -> None:
    """Hand freed heap pages back to the OS (glibc), so a stage's growth is not hidden by the last one's."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def peak_mb() -> float:
    hwm = status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    """One stage at one size: seconds (None when stopped at ``limit`` or failed) and peak memory."""

    seconds: float | None
    peak_mb: float | None = None
    note: str = ""
    limit: float | None = None

    def cell(self) -> str:
        if self.seconds is not None:
            return fmt(self.seconds)
        return f">{self.limit:g}" if self.limit else "failed"


def fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


def measured(run: Callable[[], Any]) -> tuple[Any, Timing]:
    """Run ``run()`` in this process: its value, wall seconds and peak resident MB."""
    gc.collect()
    release_heap()
    reset_peak()
    start = time.perf_counter()
    value = run()
    seconds = time.perf_counter() - start
    return value, Timing(seconds, peak_mb())


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        value, timing = measured(lambda: func(*args))
        conn.send(("done", value, timing.seconds, timing.peak_mb))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def limited(func: Callable[..., Any], args: tuple[Any, ...], limit: float) -> tuple[Any, Timing]:
    """``func(*args)`` in a forked child (it shares the parent's objects) stopped at ``limit`` seconds."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, func, args))
    process.start()
    send.close()
    try:
        if not receive.poll(limit):
            return None, Timing(None, status_mb("VmHWM", process.pid), limit=limit)
        try:
            message = receive.recv()
        except EOFError:  # died without a word (the OOM killer, a crash)
            process.join()
            return None, Timing(None, note=f"child died, exit code {process.exitcode}")
        if message[0] == "error":
            return None, Timing(None, note=message[1])
        return message[1], Timing(message[2], message[3])
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


def _proc(path: str, pattern: str) -> str:
    try:
        found = re.search(pattern, Path(path).read_text())
    except OSError:
        return ""
    return found.group(1).strip() if found else ""


def machine() -> str:
    """Cores, CPU model, RAM and kernel of this machine, for the results' header."""
    kb = _proc("/proc/meminfo", r"MemTotal:\s+(\d+)")
    memory = f", {int(kb) / 2**20:.0f} GB RAM" if kb else ""
    cpu = _proc("/proc/cpuinfo", r"model name\s*:\s*(.+)") or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def versions(names: list[str]) -> str:
    """Python and the given distributions' versions, for the results' header."""
    return ", ".join([f"Python {platform.python_version()}"] + [f"{n} {version(n)}" for n in names])


def load_average() -> str:
    return _proc("/proc/loadavg", r"^(\S+)")
