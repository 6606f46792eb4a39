"""绩效自评 in the store: start a self-evaluation from completed targets, and the unit summary.

:func:`start_selfeval` opens a 项目支出绩效自评表 with everything the year already holds — the
indicators with their 年度指标值 and 分值 from the target sheet, the goals as 预期目标, 年初预算数 —
and the latest monitoring sheet's 全年预计完成值 beside each indicator as a hint, so the preparer
types only what happened. :func:`selfeval_summary` scores every project's sheet for the unit (or
county) summary, 中 and 差 first.

Decisions:
- Self-evaluation starts only from a target sheet that is 已完成 or further, as monitoring does:
  the scores are read against those targets and weights.
- 年初预算数 (``funds.initial``) is the completed target sheet's 年度资金总额. 全年预算数 (``funds.annual``)
  is the project's 年度资金总额 — the forms service keeps every form's header and funds in step with
  the project — so it starts equal to 年初预算数 and follows a budget adjusted in the project.
  全年执行数 and 上年结转资金 start empty.
- The hint (``indicators[i].hint``, with ``hint_month`` on the document) is the monitoring forecast
  with the target's unit; it is never copied into 实际完成值: what was forecast in July is not what
  was achieved. The rules ignore both fields.
- The profile is the target sheet's when it names a shipped scoring profile, else ``mof-2020``.
- Scores in the summary are computed from each document under its own profile, never stored; a
  document whose profile cannot be used is listed with no total and the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.indicator_value import IndicatorValueError
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.profiles import DEFAULT_PROFILE, GRADE_KEYS, ProfileError, named_profile
from perfdesk.domain.scoring import document_profile, score_self_evaluation
from perfdesk.domain.scoring_rules import read_actual, read_target
from perfdesk.domain.text import normalize_width
from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import CARRIED_COLUMNS, TARGETS_READY
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

KIND: Final = "selfeval"
CUTTING_GRADES: Final = frozenset({"fair", "poor"})
"""中 and 差: grades that cut next year's money, shown first."""
GRADE_ORDER: Final = ("poor", "fair", "good", "excellent")
"""The summary's order: 差, 中, 良, 优, then the projects without a score."""
_NUMBERED = re.compile(r"^\s*(?:目标\s*\d+|\d+)\s*[、.．:：)）]")


def _refuse(code: str, message: str) -> ValidationFailed:
    return ValidationFailed([Finding(code, Severity.ERROR, "targets", message)])


def start_selfeval(store: Store, project_id: int) -> forms.DocumentRecord:
    """Open the 项目支出绩效自评表 of a project from its completed target sheet.

    Raises ``ValidationFailed`` (codes ``selfeval.no_targets``, ``selfeval.targets_not_completed``,
    or ``form.exists`` when the project already has one).
    """
    targets = forms.find_document(store, project_id, "targets")
    if targets is None:
        raise _refuse(
            "selfeval.no_targets",
            f"该项目还没有{label('form.targets')}，请先填报并标记完成，再开始绩效自评",
        )
    if targets.status not in TARGETS_READY:
        raise _refuse(
            "selfeval.targets_not_completed",
            f"该项目的{label('form.targets')}为“{targets.status_label}”，请先标记完成，"
            "再开始绩效自评（自评按已完成的目标和分值计分）",
        )
    monitoring = latest_monitoring(store, project_id, targets.fiscal_year)
    body = carried_over(FormDoc(targets.body), FormDoc(monitoring.body) if monitoring else None)
    project = targets.body.get("project")
    manager = project.get("manager") if isinstance(project, dict) else None
    body["signatures"] = {
        "preparer": load_settings(store).preparer,
        "manager": manager if isinstance(manager, str) else "",
        "finance": "",
        "head": "",
        "date": "",
    }
    return forms.create_document(store, project_id, KIND, profile=body["profile"], body=body)


def latest_monitoring(store: Store, project_id: int, year: int) -> forms.DocumentRecord | None:
    """The project's monitoring sheet of the latest cut-off month, if any."""
    sheets = [r for r in forms.list_documents(store, year, "monitoring") if r.project_id == project_id]
    return max(sheets, key=lambda record: record.period, default=None)


def carried_over(targets: FormDoc, monitoring: FormDoc | None = None) -> dict[str, Any]:
    """The body of a new self-evaluation: indicators, goals and 年初预算数 from the target sheet,
    with the monitoring forecast as a hint per indicator."""
    forecasts = _forecasts(monitoring) if monitoring is not None else {}
    indicators = []
    for row in targets.indicators:
        carried: dict[str, Any] = {name: row.raw[name] for name in CARRIED_COLUMNS if name in row.raw}
        carried.update({"actual": "", "reason": ""})
        hint = forecasts.get(_name_key(row.lv3), "")
        if hint:
            carried["hint"] = _with_unit(hint, row.value)
        indicators.append(carried)
    initial = _amount_text(targets.text("funds", "annual"))
    profile = targets.raw.get("profile")
    body: dict[str, Any] = {
        "kind": KIND,
        "schema_version": 1,
        "profile": profile if isinstance(profile, str) and _usable(profile) else DEFAULT_PROFILE,
        "funds": {"initial": initial, "annual": initial, "executed": "", "carryover": ""},
        "goals": {"planned": planned_goals(targets.goal_lines("annual")), "achieved": ""},
        "indicators": indicators,
        "closing": {"conclusion": "", "problems": "", "measures": ""},
        "explanations": {},
    }
    if monitoring is not None and forecasts:
        month = monitoring.raw.get("month")
        if isinstance(month, int) and not isinstance(month, bool):
            body["hint_month"] = month
    return body


def planned_goals(lines: Iterable[str]) -> str:
    """The annual goals as numbered lines (``目标1：…``); a line already numbered keeps its number."""
    kept = [line.strip() for line in lines if line.strip()]
    return "\n".join(
        line if _NUMBERED.match(line) else f"目标{n}：{line}" for n, line in enumerate(kept, start=1)
    )


def _name_key(text: str) -> str:
    return "".join(normalize_width(text).split())


def _forecasts(monitoring: FormDoc) -> dict[str, str]:
    return {_name_key(row.lv3): row.get("forecast") for row in monitoring.indicators if row.get("forecast")}


def _with_unit(text: str, target_text: str) -> str:
    """A forecast written as a bare number takes the target's unit (``3`` against ``≥3公里``)."""
    try:
        target = read_target(target_text).value
        if target.is_qualitative:
            return text
        read = read_actual(text, target)
    except (IndicatorValueError, ArithmeticError):
        return text
    return read.shown if read is not None else text


def _amount_text(text: str) -> str:
    """An amount as documents write it (``120.00``); text that is not money is kept as typed."""
    try:
        return Money.from_wan(text).to_document() if text else ""
    except (MoneyError, ArithmeticError):
        return text


def _usable(name: str) -> bool:
    try:
        named_profile(name)
    except ProfileError:
        return False
    return True


# ---------------------------------------------------------------- the unit summary


@dataclass(frozen=True)
class SelfEvalRow:
    """One project of the year with the score of its self-evaluation (none when not started)."""

    project_id: int
    project_code: str
    project_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    document_id: int | None = None
    status: str = ""
    profile: str = ""
    total: Decimal | None = None
    grade: str = ""
    grade_key: str = ""
    overrides: int = 0
    errors: int = 0
    note: str = ""

    @property
    def has_selfeval(self) -> bool:
        return self.document_id is not None

    @property
    def cuts_money(self) -> bool:
        """Graded 中 or 差: next year's money for the project is cut."""
        return self.grade_key in CUTTING_GRADES

    @property
    def status_label(self) -> str:
        return label(f"status.{self.status}") if self.status else label("monitoring.none")


def selfeval_summary(store: Store, year: int, unit_id: int | None = None) -> list[SelfEvalRow]:
    """Every project of ``year`` (of ``unit_id`` only, when given) with its self-evaluation score.

    Ordered 差, 中, 良, 优, then projects without a score; within a grade by unit and project code.
    """
    sheets = {record.project_id: record for record in forms.list_documents(store, year, KIND)}
    rows: list[SelfEvalRow] = []
    for node in catalog.load_tree(store, year):
        if unit_id is not None and node.unit.id != unit_id:
            continue
        for project in node.projects:
            names = (project.id, project.code, project.name, node.unit.id, node.unit.code, node.unit.name)
            sheet = sheets.get(project.id)
            rows.append(SelfEvalRow(*names) if sheet is None else _scored(names, sheet))
    rank = {key: i for i, key in enumerate(GRADE_ORDER)}
    return sorted(rows, key=lambda row: (rank.get(row.grade_key, len(rank)), row.unit_code, row.project_code))


def _scored(names: tuple[int, str, str, int, str, str], record: forms.DocumentRecord) -> SelfEvalRow:
    doc = FormDoc(record.body)  # read only: no copy needed
    try:
        profile = document_profile(doc)
    except ProfileError as exc:
        return SelfEvalRow(
            *names, document_id=record.id, status=record.status, profile=str(doc.raw.get("profile")),
            note=str(exc),
        )  # fmt: skip
    result = score_self_evaluation(doc, profile)
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    return SelfEvalRow(
        *names,
        document_id=record.id,
        status=record.status,
        profile=profile.name,
        total=result.total,
        grade=result.grade,
        grade_key=result.grade_key,
        overrides=len(result.overrides),
        errors=errors,
        note=f"尚有 {errors} 处错误，得分可能不准" if errors else "",
    )


def grade_distribution(rows: Iterable[SelfEvalRow]) -> dict[str, int]:
    """Projects per grade, in the order 优, 良, 中, 差 (grade keys; every grade present)."""
    counts = Counter(row.grade_key for row in rows if row.grade_key)
    return {key: counts.get(key, 0) for key in GRADE_KEYS}
