"""How the benchmarks time things: one call, or several runs summed up as median and p95.

Our machines are small and shared, so a figure is a median (or a p95) of repeated runs, and
always read beside a baseline timed the same way in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call took, and what it returned."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def seconds_of(run: Callable[[], Any], runs: int) -> list[float]:
    """Seconds of each of ``runs`` calls, fastest first."""
    return sorted(timed(run)[0] for _ in range(runs))


def median_seconds(run: Callable[[], Any], runs: int) -> float:
    return statistics.median(seconds_of(run, runs))


def timings(run: Callable[[], Any], runs: int) -> dict[str, float]:
    """p50 and p95 of ``runs`` calls, in milliseconds."""
    seconds = seconds_of(run, runs)
    return {"p50_ms": round(statistics.median(seconds) * 1000, 2),
            "p95_ms": round(seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))] * 1000, 2)}
