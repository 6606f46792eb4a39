"""The unit/project tree on a county-scale database: fill time and search time per keystroke.

Data: bench.county_scale (1,200 projects × 15 indicators × 3 forms × 5 years). The baseline is a
plain Python substring scan over the same 1,200 rows, measured in the same run, so the ratio says
how much the Qt model/proxy/view path costs on top of the irreducible work. The goal is absolute:
under 50 ms per keystroke.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.county_scale import generate
from bench.report import Figure, median_seconds, print_table

KEYSTROKES = [
    "城",
    "城关",
    "城关村",
    "城关村道",
    "城关村道路",
    "6",
    "61",
    "6109",
    "610921-26-00",
    "610921-26-0012",
]


def measure() -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from perfdesk.services import catalog
    from perfdesk.services.store import Store
    from ui.navigator import ProjectNavigator

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "county"
        generate(data_dir)
        with Store.open(data_dir) as store:
            navigator = ProjectNavigator()
            navigator.resize(500, 800)
            navigator.show()
            app.processEvents()

            def fill() -> None:
                navigator.show_tree(catalog.load_tree(store, 2026), 2)
                navigator.tree.viewport().repaint()

            fill_s = median_seconds(fill)
            tree = catalog.load_tree(store, 2026)
            haystacks = [
                f"{p.name}{p.code}{n.unit.name}{n.unit.code}".lower() for n in tree for p in n.projects
            ]

            per_key, baseline = [], []
            for _ in range(5):
                navigator.set_filter_text("")
                for text in KEYSTROKES:
                    start = time.perf_counter()
                    navigator.set_filter_text(text)
                    navigator.tree.viewport().repaint()
                    per_key.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    _ = [text.lower() in h for h in haystacks]
                    baseline.append(time.perf_counter() - start)
            navigator.close()
    worst = max(per_key)
    mean_key = sum(per_key) / len(per_key)
    mean_base = sum(baseline) / len(baseline)
    return [
        Figure("项目树填充（1,200 个项目，含读库）", fill_s * 1000, "ms", None, "< 500 ms", fill_s < 0.5),
        Figure(
            "搜索每次按键平均（对比纯 Python 扫描）",
            mean_key * 1000,
            "ms",
            mean_base * 1000,
            "< 50 ms",
            mean_key < 0.05,
        ),
        Figure("搜索每次按键最慢", worst * 1000, "ms", None, "< 50 ms", worst < 0.05),
    ]


if __name__ == "__main__":
    print_table(measure())
