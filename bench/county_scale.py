"""Generate a county-scale database: 1,200 projects × 15 indicators × 3 forms × 5 years.

Written with bulk inserts through the real models and migrations (Store.open), so the file is
exactly what the program would hold; documents follow DOCUMENTS.md.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from pathlib import Path

from sqlalchemy import insert

from perfdesk.services.store import Store
from perfdesk.storage.models import FiscalYear, FormDocument, Project, Unit

UNITS = 60
PROJECTS_PER_YEAR = 1200
INDICATORS = 15
YEARS = tuple(range(2022, 2027))
KINDS = ("targets", "monitoring", "selfeval")

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
    "长安",
    "新华",
]
WORKS = (
    "村内道路硬化",
    "高标准农田建设",
    "饮水安全巩固提升",
    "产业发展奖补",
    "雨露计划职业教育补助",
    "茶园提质增效",
    "食用菌大棚建设",
    "农村危房改造",
    "小型农田水利设施维修",
    "技能培训",
    "学生营养改善计划",
    "基层医疗卫生机构运转",
)
ROWS = (
    ("产出指标", "数量指标", "新建村内道路里程", "≥{n}公里"),
    ("产出指标", "数量指标", "补助种植面积", "≥{n}亩"),
    ("产出指标", "数量指标", "受益脱贫户数", "≥{n}户"),
    ("产出指标", "质量指标", "项目(工程)验收合格率", "=100%"),
    ("产出指标", "质量指标", "种植作物成活率", "≥{p}%"),
    ("产出指标", "时效指标", "项目(工程)完成及时率", "≥{p}%"),
    ("产出指标", "成本指标", "财政资金补助标准", "≤{n}元/亩"),
    ("效益指标", "经济效益指标", "带动增加脱贫人口收入", "≥{n}万元"),
    ("效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥{n}人"),
    ("效益指标", "社会效益指标", "带动务工就业人数", "≥{n}人"),
    ("效益指标", "生态效益指标", "农村人居环境", "明显改善"),
    ("效益指标", "可持续影响指标", "工程设计使用年限", "≥{n}年"),
    ("效益指标", "可持续影响指标", "长效管护机制", "健全"),
    ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥{p}%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥{p}%"),
)
WEIGHTS = ("8", "6", "6", "6", "6", "6", "6", "6", "8", "6", "6", "5", "5", "5", "5")  # 90


def _document(
    rng: random.Random, kind: str, year: int, unit: dict[str, str], project: dict[str, object]
) -> str:
    indicators = []
    for (lv1, lv2, lv3, template), weight in zip(ROWS, WEIGHTS, strict=True):
        value = template.format(n=rng.randint(2, 900), p=rng.choice((90, 95, 98)))
        row: dict[str, object] = {"lv1": lv1, "lv2": lv2, "lv3": lv3, "value": value, "weight": weight}
        if kind == "monitoring":
            row.update(
                progress=str(rng.randint(0, 500)),
                forecast=str(rng.randint(100, 900)),
                deviation=[],
                likelihood=1,
            )
        elif kind == "selfeval":
            row.update(actual=str(rng.randint(1, 900)), reason="")
        indicators.append(row)
    doc = {
        "kind": kind,
        "schema_version": 1,
        "doc_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "version_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "supersedes": None,
        "fiscal_year": year,
        "profile": "mof-2020",
        "unit": unit,
        "project": project,
        "funds": {"annual": "120.00", "fiscal": "100.00", "other": "20.00"},
        "goals": {"annual": ["完成年度建设任务，带动脱贫户稳定增收"]},
        "indicators": indicators,
    }
    if kind == "monitoring":
        doc["month"] = 7
    return json.dumps(doc, ensure_ascii=False)


def generate(data_dir: Path, seed: int = 7) -> Path:
    """Fill ``data_dir`` with the county-scale data set; returns the database path."""
    rng = random.Random(seed)
    with Store.open(data_dir) as store, store.session_factory.begin() as session:
        units = [
            {"id": i + 1, "code": f"610921{i + 101:03d}", "name": f"{TOWNS[i % len(TOWNS)]}镇第{i // len(TOWNS) + 1}财政所",
             "kind": "township", "parent": "", "region_code": "610921"}
            for i in range(UNITS)
        ]  # fmt: skip
        session.execute(insert(Unit), units)
        session.execute(insert(FiscalYear), [{"year": y, "note": ""} for y in YEARS])
        project_rows, doc_rows = [], []
        pid = 0
        for year in YEARS:
            for n in range(PROJECTS_PER_YEAR):
                pid += 1
                unit = units[n % UNITS]
                name = f"{TOWNS[n % len(TOWNS)]}村{WORKS[n % len(WORKS)]}项目{n // 240 + 1}期"
                code = f"610921-{year % 100}-{n + 1:04d}"
                project_rows.append(
                    {"id": pid, "fiscal_year": year, "unit_id": unit["id"], "code": code, "name": name,
                     "department": "示例县农业农村局", "attribute": "new", "start_year": year, "end_year": year,
                     "manager": "张三", "phone": "0915-1234567", "category": "衔接资金",
                     "annual_cents": 120_000_000, "fiscal_cents": 100_000_000, "other_cents": 20_000_000}
                )  # fmt: skip
                meta_unit = {"code": str(unit["code"]), "name": str(unit["name"])}
                meta_project = {"code": code, "name": name, "category": "衔接资金", "attribute": "新增"}
                for kind in KINDS:
                    body = _document(rng, kind, year, meta_unit, meta_project)
                    parsed = json.loads(body)
                    doc_rows.append(
                        {"doc_id": parsed["doc_id"], "version_id": parsed["version_id"], "supersedes": None,
                         "kind": kind, "period": 7 if kind == "monitoring" else 0, "project_id": pid,
                         "fiscal_year": year, "status": "completed", "body": body,
                         "sha256": hashlib.sha256(body.encode()).hexdigest(), "updated_by": "bench"}
                    )  # fmt: skip
        session.execute(insert(Project), project_rows)
        for start in range(0, len(doc_rows), 2000):
            session.execute(insert(FormDocument), doc_rows[start : start + 2000])
        return store.database_path


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/county")
    print(generate(target))
