"""One table for every benchmark: figure, value, baseline, ratio, goal, pass/fail; also JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``ratio`` = value ÷ baseline; ``goal`` bounds the ratio or the value."""

    name: str
    value: float
    unit: str
    baseline: float | None
    goal: str
    passed: bool

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def print_table(figures: list[Figure]) -> None:
    header = f"{'figure':44} {'value':>12} {'baseline':>12} {'ratio':>8}  {'goal':24} result"
    print(header)
    print("-" * len(header))
    for f in figures:
        base = f"{f.baseline:.4g}" if f.baseline is not None else "-"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
        print(
            f"{f.name:44} {f.value:>10.4g} {f.unit:1} {base:>12} {ratio:>8}  {f.goal:24} {'pass' if f.passed else 'FAIL'}"
        )


def write_json(figures: list[Figure], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(f), "ratio": f.ratio} for f in figures]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
