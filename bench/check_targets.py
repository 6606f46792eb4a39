"""Bench: ``perfdesk check`` on 1,000 target sheets in one process, against merely json.loads-ing them.

The documents are the three clean fixtures of ``tests/data/documents`` (a road, an industry
subsidy and a training project) with their numbers, names and years varied, and one in five
given a mistake a person makes (a placeholder left in, a short goal line, a cost above the funds),
so every rule runs and some find something. Both figures read the same files from disk in the
same run: the baseline reads and ``json.loads`` each file; the check reads it through
``check_file`` (read, parse, required fields, target rules, blocking) and renders the Chinese text
the command prints. The value cache is emptied before every repetition, so no run profits from
the one before. Goal: check throughput ≥ 0.5 × json.loads throughput.

Run: ``python -m bench.check_targets [--json OUT.json]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import tempfile
from pathlib import Path
from typing import Any

from bench.report import Figure, median_seconds, print_table, write_json
from perfdesk.commands.check import check_file, render_text
from perfdesk.domain.target_rules import clear_caches

DOCUMENTS = 1000
GOAL = 0.5
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "documents"
TOWNS = [
    "城关",
    "和平",
    "双河",
    "石泉",
    "后柳",
    "中池",
    "饶峰",
    "两河",
    "迎丰",
    "池河",
    "喜河",
    "曾溪",
    "熨斗",
    "银桥",
    "云雾",
    "大河",
    "马池",
    "高桥",
]


def _vary_value(rng: random.Random, value: str) -> str:
    """Another number of the same shape: ``≥3公里`` → ``≥7公里``; rates and dates stay as written."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if not digits or "%" in value or ("年" in value and "月" in value):
        return value
    number = max(1, int(digits) * rng.randint(50, 150) // 100)
    return value.replace(digits, str(number), 1)


def _mistake(rng: random.Random, doc: dict[str, Any]) -> None:
    choice = rng.randrange(3)
    if choice == 0:
        doc["indicators"][0]["value"] = "≥**" + doc["indicators"][0]["value"].lstrip("≥=0123456789")
    elif choice == 1:
        doc["goals"]["annual"].append("按期完成")
    else:
        doc["indicators"].append(
            {"lv1": "产出指标", "lv2": "成本指标", "lv3": "项目总成本", "value": "≤9000000元"}
        )


def make_documents(folder: Path, count: int = DOCUMENTS, seed: int = 11) -> list[Path]:
    """Write ``count`` target documents into ``folder``; returns their paths."""
    rng = random.Random(seed)
    templates = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("targets-*.json"))]
    paths = []
    for n in range(count):
        doc = copy.deepcopy(templates[n % len(templates)])
        town = TOWNS[n % len(TOWNS)]
        doc["doc_id"] = f"bench-{n:05d}"
        doc["unit"]["name"] = f"{town}镇人民政府"
        doc["project"]["code"] = f"610921-23-{n:04d}"
        doc["project"]["name"] = f"{town}镇{doc['project']['name'][3:]}"
        for row in doc["indicators"]:
            row["value"] = _vary_value(rng, row["value"])
        if n % 5 == 4:
            _mistake(rng, doc)
        path = folder / f"targets-{n:05d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def _load_all(paths: list[Path]) -> None:
    for path in paths:
        json.loads(path.read_bytes())


def _check_all(paths: list[Path]) -> None:
    clear_caches()
    for path in paths:
        render_text(check_file(path), path)


def measure(paths: list[Path]) -> list[Figure]:
    _check_all(paths[:50])  # import and warm up the interpreter once
    loads = median_seconds(lambda: _load_all(paths))
    check = median_seconds(lambda: _check_all(paths))
    loads_rate, check_rate = len(paths) / loads, len(paths) / check
    ratio = check_rate / loads_rate
    return [
        Figure("json.loads of target documents", loads_rate, "doc/s", None, "baseline", True),
        Figure(
            "perfdesk check on target documents",
            check_rate,
            "doc/s",
            loads_rate,
            f"ratio >= {GOAL}",
            ratio >= GOAL,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="perfdesk-bench-") as tmp:
        figures = measure(make_documents(Path(tmp)))
    print_table(figures)
    if args.json:
        write_json(figures, Path(args.json))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
