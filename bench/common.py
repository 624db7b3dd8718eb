"""Timing helpers for the benchmark: repeated calls, median and p95, payload size, peak memory."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import plotly


@dataclass(frozen=True)
class Scenario:
    """One server-side operation to time: ``run()`` performs it and returns what the callback returns."""

    page: str
    name: str
    run: Callable[[], object]
    budget_ms: float  # the p95 target from the issue


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    median_ms: float
    p95_ms: float
    payload_kb: float

    @property
    def within_budget(self) -> bool:
        return self.p95_ms <= self.scenario.budget_ms


def measure(scenario: Scenario, repeat: int, warmup: int = 2) -> Result:
    for _ in range(warmup):
        scenario.run()
    timings = []
    output = None
    for _ in range(repeat):
        start = time.perf_counter()
        output = scenario.run()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(scenario, statistics.median(timings), p95, payload_kb(output))


def payload_kb(output: object) -> float:
    """Size of a callback's output as Dash would send it (JSON, plotly encoder)."""
    try:
        return len(json.dumps(output, cls=plotly.utils.PlotlyJSONEncoder).encode()) / 1024
    except TypeError:
        return float("nan")
