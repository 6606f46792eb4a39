"""Completed demo forms: the township demo comes with one project's three forms filled in and
完成, so that 导出申报包 works right after ``perfdesk demo``.

The contents are the road project of ``resources/demo`` (the same sheets as the test documents);
the header and funds come from the demo project, as they would for a person filling the form, and
the amounts that only the form carries (执行数, 预计数) are set in proportion to its funds.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Final

from perfdesk.domain.money import Money
from perfdesk.paths import resource_path
from perfdesk.services import catalog, forms
from perfdesk.services.store import Store

DEMO_UNIT: Final = "610921101"
DEMO_PROJECT: Final = "城关镇村内道路硬化项目"
MONITORING_MONTH: Final = 7


def _template(kind: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(resource_path("demo", f"{kind}-road.json").read_text("utf-8"))
    for key in ("doc_id", "version_id", "supersedes", "unit", "project", "fiscal_year"):
        body.pop(key, None)
    return body


def _share(amount: Money, ratio: str) -> str:
    return Money.from_wan((amount.to_decimal_wan() * Decimal(ratio)).quantize(Decimal("0.01"))).to_document()


def complete_demo_forms(store: Store, year: int) -> int:
    """Create and complete the demo project's 绩效目标表, 运行监控表 and 自评表 of ``year``.

    Forms that already exist are left alone; returns how many were completed now.
    """
    project = next(
        (
            p
            for node in catalog.load_tree(store, year)
            if node.unit.code == DEMO_UNIT
            for p in node.projects
            if p.name == DEMO_PROJECT
        ),
        None,
    )
    if project is None:
        return 0
    annual = project.annual
    extra_funds = {
        "targets": {},
        "monitoring": {"initial": annual.to_document(), "adjusted": annual.to_document(),
                       "executed": _share(annual, "0.5"), "forecast": annual.to_document()},
        "selfeval": {"initial": annual.to_document(), "executed": _share(annual, "0.98")},
    }  # fmt: skip
    done = 0
    for kind in ("targets", "monitoring", "selfeval"):
        period = MONITORING_MONTH if kind == "monitoring" else 0
        if forms.find_document(store, project.id, kind, period) is not None:
            continue
        template = _template(kind)
        record = forms.create_document(store, project.id, kind, period=period, body=template)
        body = dict(record.body)
        body["funds"] = {**template.get("funds", {}), **body["funds"], **extra_funds[kind]}
        forms.save_document(store, record.id, body, what="示例数据")
        forms.complete(store, record.id)
        done += 1
    return done
