"""Scoring throughput: 10,000 self-evaluation documents scored in process.

The baseline is ``json.loads`` of the very same texts, measured in the same run, so the ratio
(scoring documents per second ÷ parsing documents per second) does not depend on the machine.
Scoring is measured from the text (``read_document`` + ``score_self_evaluation``), as the CLI and
an import would do it. The documents follow DOCUMENTS.md and the county-scale bench's indicator
rows, with realistic actual values: most targets met, some short of them, a few over-achieved, a
qualitative tier, an occasional 不适用 row and override. Goal: ratio ≥ 0.3.

    python -m bench.scoring [--count 10000] [--json bench/out/scoring.json]
"""

from __future__ import annotations

import argparse
import json
import random
from decimal import Decimal
from pathlib import Path

from bench.county_scale import ROWS, TOWNS, WEIGHTS, WORKS
from bench.report import Figure, median_seconds, print_table, write_json
from perfdesk.domain.document import read_document
from perfdesk.domain.profiles import load_profile
from perfdesk.domain.scoring import score_self_evaluation

GOAL_RATIO = 0.3
QUALITATIVE_TIERS = (("达成年度指标", "0.9"), ("部分达成年度指标并具有一定效果", "0.7"))


def _row(rng: random.Random, lv1: str, lv2: str, lv3: str, template: str, weight: str) -> dict[str, object]:
    row: dict[str, object] = {"lv1": lv1, "lv2": lv2, "lv3": lv3, "weight": weight, "reason": ""}
    if "{" not in template and not template.startswith(("=", "≥", "≤")):  # qualitative
        tier, share = rng.choice(QUALITATIVE_TIERS)
        row.update(value=template, tier=tier, score=str(Decimal(weight) * Decimal(share)))
        return row
    n, p = rng.randint(2, 900), rng.choice((90, 95, 98))
    value = template.format(n=n, p=p)
    target = Decimal(p if "{p}" in template else n) if "{" in template else Decimal(100)
    factor = rng.choice(("1", "1", "1", "1.05", "0.96", "0.9", "1.4"))
    actual = format((target * Decimal(factor)).quantize(Decimal("0.1")).normalize(), "f")
    if value.endswith("%"):
        actual = str(min(Decimal(actual), Decimal(100)))
    row["value"] = value
    row["actual"] = f"{actual}%" if value.endswith("%") and rng.random() < 0.5 else str(actual)
    if factor != "1":
        row["reason"] = "受天气和农户外出务工影响，进度略有偏差；下一年度提前安排施工和宣传"
    return row


def selfeval_document(rng: random.Random, n: int) -> str:
    """One realistic self-evaluation document as JSON text."""
    indicators = [_row(rng, *fields, weight) for fields, weight in zip(ROWS, WEIGHTS, strict=True)]
    if rng.random() < 0.1:
        indicators[6].update(na=True, reason="本项目不涉及补助标准")
    if rng.random() < 0.05:
        indicators[8]["override"] = {"score": "7", "reason": "统计口径调整，经县农业农村局认定"}
    budget = Decimal(rng.randint(50, 500))
    executed = budget * Decimal(rng.choice(("1", "0.99", "0.95", "0.85")))
    doc = {
        "kind": "selfeval",
        "schema_version": 1,
        "doc_id": f"{rng.getrandbits(128):032x}",
        "version_id": f"{rng.getrandbits(128):032x}",
        "supersedes": None,
        "fiscal_year": 2022,
        "profile": "mof-2020",
        "unit": {"code": f"610921{n % 60 + 101:03d}", "name": f"{TOWNS[n % len(TOWNS)]}镇人民政府"},
        "project": {
            "code": f"610921-22-{n % 10000:04d}",
            "name": f"{TOWNS[n % len(TOWNS)]}村{WORKS[n % len(WORKS)]}项目",
            "department": "示例县农业农村局",
            "manager": "张三",
            "phone": "0915-1234567",
            "category": "衔接资金",
            "attribute": "新增",
            "start_year": 2022,
            "end_year": 2022,
        },
        "funds": {
            "annual": f"{budget:.2f}",
            "fiscal": f"{budget:.2f}",
            "other": "0.00",
            "initial": f"{budget:.2f}",
            "executed": f"{executed:.2f}",
        },
        "goals": {
            "planned": "完成年度建设任务，带动脱贫户稳定增收",
            "achieved": "已按计划完成建设任务并通过验收",
        },
        "indicators": indicators,
    }
    return json.dumps(doc, ensure_ascii=False)


def run(count: int = 10_000, seed: int = 11) -> list[Figure]:
    rng = random.Random(seed)
    texts = [selfeval_document(rng, n) for n in range(count)]
    profile = load_profile()

    def parse_all() -> None:
        for text in texts:
            json.loads(text)

    def score_all() -> None:
        for text in texts:
            score_self_evaluation(read_document(text), profile)

    docs = [read_document(text) for text in texts]

    def score_read() -> None:
        for doc in docs:
            score_self_evaluation(doc, profile)

    score_all()  # warm-up: imports and the caches a long-running program has filled as well
    parse_rate = count / median_seconds(parse_all)
    score_rate = count / median_seconds(score_all)
    read_rate = count / median_seconds(score_read)
    goal = f"ratio ≥ {GOAL_RATIO} of json.loads"
    return [
        Figure(
            f"read + score {count} self-evaluations",
            score_rate,
            "/s",
            parse_rate,
            goal,
            score_rate / parse_rate >= GOAL_RATIO,
        ),
        Figure(
            f"score {count} read self-evaluations",
            read_rate,
            "/s",
            parse_rate,
            goal,
            read_rate / parse_rate >= GOAL_RATIO,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="Scoring throughput against json.loads of the same texts")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    figures = run(args.count)
    print_table(figures)
    if args.json:
        write_json(figures, args.json)
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
