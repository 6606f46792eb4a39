"""Installation settings kept in the database: mode, county, money display, framework.

``monitoring_month`` is the county's cut-off month for in-year monitoring (default 7, i.e. 1—7月);
any month 1–12 is accepted, since counties run 6, 7, 9 and 12 and some monitor quarterly.

``load_settings`` reads with plain SQL through ``store.query`` (the first window needs the settings
before SQLAlchemy is loaded); ``save_settings`` writes through the ORM, imported when it runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.services import audit
from perfdesk.services.store import Store

MODES = ("township", "county")
MONEY_DECIMALS = (2, 4)
FRAMEWORKS = ("classic", "2021")


@dataclass(frozen=True)
class AppSettings:
    mode: str = "township"
    county_code: str = ""
    county_name: str = ""
    money_decimals: int = 2
    framework: str = "classic"
    preparer: str = ""
    demo_offered: bool = False
    monitoring_month: int = 7

    def validate(self) -> list[Finding]:
        out: list[Finding] = []
        if self.mode not in MODES:
            out.append(Finding("settings.mode", Severity.ERROR, "mode", "工作模式只能是乡镇或县级"))
        if self.county_code and not re.fullmatch(r"\d{6}(\d{3})?", self.county_code):
            out.append(
                Finding(
                    "settings.county_code",
                    Severity.ERROR,
                    "county_code",
                    "财政区划代码应为 6 位或 9 位数字，例如 610921",
                )
            )
        if self.money_decimals not in MONEY_DECIMALS:
            out.append(
                Finding("settings.money", Severity.ERROR, "money_decimals", "金额只能保留 2 位或 4 位小数")
            )
        if self.framework not in FRAMEWORKS:
            out.append(Finding("settings.framework", Severity.ERROR, "framework", "未知的指标体系"))
        month = self.monitoring_month
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            out.append(
                Finding(
                    "settings.monitoring_month",
                    Severity.ERROR,
                    "monitoring_month",
                    "监控截止月份应为 1 到 12 的整数，常用 6、7、9 或 12",
                )
            )
        return out


_DEFAULTS = AppSettings()


def load_settings(store: Store) -> AppSettings:
    stored = {key: json.loads(value) for key, value in store.query("SELECT key, value FROM settings")}
    values: dict[str, Any] = {}
    for f in fields(AppSettings):
        if f.name in stored:
            values[f.name] = stored[f.name]
    return replace(_DEFAULTS, **values)


def save_settings(store: Store, settings: AppSettings) -> AppSettings:
    """Validate and store; raises ``ValidationFailed`` naming the field that is wrong."""
    problems = settings.validate()
    if problems:
        raise ValidationFailed(problems)
    from perfdesk.storage.models import Setting

    before = load_settings(store)
    with store.session_factory.begin() as session:
        changed = {}
        for key, value in asdict(settings).items():
            session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            if getattr(before, key) != value:
                changed[key] = value
        if changed:
            audit.record(session, "update", "settings", "app", **changed)
    return settings
