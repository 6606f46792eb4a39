"""Scoring a self-evaluation sheet (项目支出绩效自评表, FORMS.md §5.1) under a scoring profile.

:func:`score_self_evaluation` is pure: a document and a profile in, a :class:`ScoreResult` out.
It never raises for what a person got wrong; that comes back as findings with stable codes and
exact field paths (``indicators[3].actual``, ``funds.executed``). Every score carries its
arithmetic as a Chinese sentence for the screen's tooltips and the CLI.

Decisions:
- Each score is rounded the profile's way (default half up, 2 decimals) and the total is the sum of
  the rounded scores, rescaled for 不适用 rows: (money + Σ scores) × 100 ÷ (100 − Σ 不适用 weights).
- ``ScoreResult.findings`` is the complete list (document, money, rows, weights); each
  ``IndicatorScore.findings`` repeats the ones about that row, for the row's cell.
- An override (``"override": {"score", "reason"}``) is applied only when its score lies within
  0..weight and a reason is written; otherwise the computed score stands and the override is an
  error finding. The computed score is always kept beside the final one.
- Below full marks the row's ``reason`` (偏差原因分析及改进措施) is required, an error — except a
  qualitative score inside the top tier (达成年度指标), where the target counts as met and the
  missing reason is a warning. Over-achievement asks for the same ``reason`` and is then reported
  once, as ``score.over_achievement``.
- Category sums (产出 50 …) that differ from the profile are a warning (财预〔2020〕10号 allows
  adjusting them "如有特殊情况"); the indicator total (90) that differs is an error. A category with
  no rows (满意度 may be omitted) hands its points to the others: only the total is checked then.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from perfdesk.domain.document import FormDoc, IndicatorRow, required_findings
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import V2021, WeightCategory, category_of
from perfdesk.domain.indicator_value import format_number
from perfdesk.domain.profiles import DEFAULT_PROFILE, ProfileError, ScoringProfile, named_profile
from perfdesk.domain.scoring_rules import (
    ZERO,
    Outcome,
    read_points,
    row_name,
    score_funds,
    score_indicator_value,
    text_of,
)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """The score of one indicator row. ``index`` is the row's position in ``indicators``."""

    index: int
    lv1: str
    lv2: str
    lv3: str
    weight: Decimal
    computed: Decimal
    score: Decimal
    explanation: str
    overridden: bool = False
    override_reason: str = ""
    na: bool = False
    findings: tuple[Finding, ...] = ()

    def to_json(self, profile: ScoringProfile) -> dict[str, Any]:
        return {
            "index": self.index,
            "lv1": self.lv1,
            "lv2": self.lv2,
            "lv3": self.lv3,
            "weight": format_number(self.weight),
            "computed": profile.show(self.computed),
            "score": profile.show(self.score),
            "na": self.na,
            "overridden": self.overridden,
            "override_reason": self.override_reason,
            "explanation": self.explanation,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """A scored self-evaluation: money, rows, total, grade, findings and the overrides applied."""

    profile: ScoringProfile
    funds_score: Decimal
    funds_explanation: str
    execution_rate: Decimal | None
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    total_explanation: str
    grade: str
    grade_key: str
    findings: tuple[Finding, ...]
    overrides: tuple[IndicatorScore, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The ``perfdesk score --json`` object of DOCUMENTS.md (with a few extra keys)."""
        show = self.profile.show
        return {
            "profile": self.profile.name,
            "funds_score": show(self.funds_score),
            "funds_weight": format_number(self.profile.funds_weight),
            "funds_explanation": self.funds_explanation,
            "execution_rate": None if self.execution_rate is None else str(self.execution_rate),
            "indicators": [row.to_json(self.profile) for row in self.indicators],
            "total": show(self.total),
            "total_explanation": self.total_explanation,
            "grade": self.grade,
            "findings": [f.to_json() for f in self.findings],
            "overrides": [
                {
                    "index": row.index,
                    "lv3": row.lv3,
                    "computed": show(row.computed),
                    "score": show(row.score),
                    "reason": row.override_reason,
                }
                for row in self.overrides
            ],
        }


def score_self_evaluation(doc: FormDoc, profile: ScoringProfile) -> ScoreResult:
    """Score a self-evaluation document under ``profile``; what a person got wrong is a finding."""
    findings = required_findings(doc)
    if doc.kind != "selfeval":
        findings.append(
            Finding(
                "score.kind",
                Severity.ERROR,
                "kind",
                f"只有项目支出绩效自评表（selfeval）可以计分，本文档为 {doc.kind}",
            )
        )
    funds = score_funds(doc, profile)
    findings.extend(funds.findings)
    source = doc.indicators
    rows = tuple([_score_row(row, profile) for row in source])
    for row in rows:
        if row.findings:
            findings.extend(row.findings)
    findings.extend(_weight_findings(source, rows, profile))
    total, explanation, total_findings = _total(funds.score, funds.rate_percent, rows, profile)
    findings.extend(total_findings)
    grade = profile.grade_of(total)
    return ScoreResult(
        profile=profile,
        funds_score=funds.score,
        funds_explanation=funds.explanation,
        execution_rate=funds.rate_percent,
        indicators=rows,
        total=total,
        total_explanation=explanation,
        grade=grade.label,
        grade_key=grade.key,
        findings=tuple(findings),
        overrides=tuple(row for row in rows if row.overridden),
    )


def document_profile(doc: FormDoc) -> ScoringProfile:
    """The profile a document names in its ``profile`` field (a name, never a path), else mof-2020.

    Raises ProfileError when the named profile does not exist or cannot be used.
    """
    name = doc.raw.get("profile")
    if name is None or name == "":
        return named_profile(DEFAULT_PROFILE)
    if not isinstance(name, str):
        raise ProfileError("profile.unknown", f"文档的 profile 字段应为评分方案名称，现为 {name!r}")
    return named_profile(name.strip())


def selfeval_findings(doc: FormDoc) -> list[Finding]:
    """The scoring rules' findings on a self-evaluation, for ``perfdesk check``.

    The required-field findings are left out (``check_document`` adds them itself); a profile that
    cannot be used is one error on ``profile``.
    """
    try:
        profile = document_profile(doc)
    except ProfileError as exc:
        return [Finding("score.profile", Severity.ERROR, "profile", str(exc))]
    required = set(required_findings(doc))
    return [f for f in score_self_evaluation(doc, profile).findings if f not in required]


def _score_row(row: IndicatorRow, profile: ScoringProfile) -> IndicatorScore:
    # Every row of every sheet comes through here: its cells are read once, inline (as text_of
    # reads them), and the score is built with positional arguments (keywords cost more).
    get = row.raw.get
    index, lv1, lv2, lv3, text = row.index, get("lv1"), get("lv2"), get("lv3"), get("weight")
    lv1 = lv1.strip() if type(lv1) is str else row.get("lv1")
    lv2 = lv2.strip() if type(lv2) is str else row.get("lv2")
    lv3 = lv3.strip() if type(lv3) is str else row.get("lv3")
    text = text.strip() if type(text) is str else row.get("weight")
    weight, problem = _checked_weight(text, profile.full_score, profile.decimals)
    findings: list[Finding] = []
    if problem:
        findings.append(Finding("score.weight", Severity.ERROR, row.field("weight"), row_name(row) + problem))
    if get("na") is True:
        findings.extend(_na_findings(row))
        weight = ZERO if weight is None else weight
        return IndicatorScore(
            index, lv1, lv2, lv3, weight, ZERO, ZERO, _NA_TEXT, False, "", True, tuple(findings)
        )
    if weight is None:
        return IndicatorScore(
            index, lv1, lv2, lv3, ZERO, ZERO, ZERO, "缺少分值，无法计分", False, "", False, tuple(findings)
        )
    outcome = score_indicator_value(row, weight, profile)
    if outcome.findings:
        findings.extend(outcome.findings)
    score, explanation, override_reason = outcome.score, outcome.explanation, ""
    if "override" in row.raw:
        override, override_findings = _override(row, weight, profile)
        findings.extend(override_findings)
        if override is not None:
            score, override_reason = override
            explanation = f"人工认定 {score} 分（计算得分 {outcome.score}）：{override_reason}"
    if score < weight or outcome.over_achieved:
        reason = get("reason")  # written (as _reason_findings reads it): nothing to ask for
        if not (reason.strip() if type(reason) is str else row.get("reason")):
            findings.extend(_reason_findings(row, weight, score, outcome, bool(override_reason), findings))
    overridden = bool(override_reason)
    return IndicatorScore(
        index,
        lv1,
        lv2,
        lv3,
        weight,
        outcome.score,
        score,
        explanation,
        overridden,
        override_reason,
        False,
        tuple(findings),
    )


_NA_TEXT = "不适用，不计分；总分按其余分值折算为百分制"


def _na_findings(row: IndicatorRow) -> list[Finding]:
    out = []
    if not text_of(row, "reason"):
        message = f"{row_name(row)}标为不适用，请在偏差原因分析栏写明不适用的原因"
        out.append(Finding("score.na_reason", Severity.WARNING, row.field("reason"), message))
    if "override" in row.raw:
        message = f"{row_name(row)}标为不适用，人工认定得分不起作用；如该指标适用，请取消“不适用”"
        out.append(Finding("score.override_na", Severity.WARNING, row.field("override"), message))
    return out


@lru_cache(maxsize=4096)
def _checked_weight(text: str, full_score: Decimal, decimals: int) -> tuple[Decimal | None, str]:
    """A row's 分值 as typed: the weight, or ``None`` and what is wrong with it (after the row's name).

    Pure and keyed by the text and the profile's limits: a county's sheets use a handful of weights.
    """
    weight = read_points(text) if text else None
    if weight is not None and 0 <= weight <= full_score and -int(weight.as_tuple().exponent) <= decimals:
        return weight, ""
    if not text:
        problem = "缺少分值，自评时每个指标都要填写分值"
    elif weight is None:
        problem = f"的分值“{text}”不是数字，请填写如 20 或 7.5"
    elif weight < 0:
        problem = f"的分值“{text}”为负数，请填写不小于 0 的分值"
    elif weight > full_score:
        problem = f"的分值“{text}”超过满分 {format_number(full_score)}，请核对"
    else:
        problem = f"的分值“{text}”超过 {decimals} 位小数，请改为最多 {decimals} 位"
    return None, problem


def _override(
    row: IndicatorRow, weight: Decimal, profile: ScoringProfile
) -> tuple[tuple[Decimal, str] | None, list[Finding]]:
    """The applied override (score, reason), or ``None`` and the findings that keep it out."""
    raw = row.raw.get("override")
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        message = f'{row_name(row)}的人工认定应写成 {{"score": "7", "reason": "认定理由"}}'
        return None, [Finding("score.override", Severity.ERROR, row.field("override"), message)]
    out: list[Finding] = []
    value = raw.get("score")
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    score = read_points(text) if text else None
    if score is None or not 0 <= score <= weight or profile.round(score) != score:
        message = (
            f"{row_name(row)}的人工认定得分“{text}”无效，应为 0 到 {format_number(weight)} 之间、"
            f"最多 {profile.decimals} 位小数的数字"
        )
        out.append(Finding("score.override", Severity.ERROR, row.field("override.score"), message))
    reason = raw.get("reason")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        message = f"{row_name(row)}用人工认定得分替换了计算得分，请写明认定理由；未写理由前按计算得分计"
        out.append(Finding("score.override_reason", Severity.ERROR, row.field("override.reason"), message))
    if out or score is None:
        return None, out
    return (profile.round(score), reason), []


def _reason_findings(
    row: IndicatorRow,
    weight: Decimal,
    score: Decimal,
    outcome: Outcome,
    overridden: bool,
    earlier: list[Finding],
) -> list[Finding]:
    """A missing 偏差原因: below full marks, or over the over-achievement line."""
    if text_of(row, "reason"):
        return []
    field = row.field("reason")
    if outcome.over_achieved:
        message = (
            f"{row_name(row)}实际完成值达到目标的超额完成线，请在偏差原因分析栏说明原因（目标是否定得偏低）"
        )
        return [Finding("score.over_achievement", Severity.ERROR, field, message)]
    if score >= weight or any(f.severity is Severity.ERROR for f in earlier):
        return []
    soft = outcome.achieved and not overridden
    message = f"{row_name(row)}未得满分，请填写偏差原因分析及改进措施"
    return [Finding("score.reason_required", Severity.WARNING if soft else Severity.ERROR, field, message)]


@lru_cache(maxsize=1024)
def _category(lv1: str) -> WeightCategory | None:
    """The weight category a 一级 counts under (成本指标 of the 2021 tree: 产出)."""
    return category_of(lv1) or category_of(lv1, V2021)


def _weight_findings(
    source: list[IndicatorRow], rows: tuple[IndicatorScore, ...], profile: ScoringProfile
) -> list[Finding]:
    """The indicator weights against the profile: the total (error) and each block (warning)."""
    out: list[Finding] = []
    blocks = profile.blocks
    block_of = profile.block_of
    weights: list[list[Decimal]] = [[] for _ in blocks]  # per block, in row order
    for raw, row in zip(source, rows, strict=True):
        category = _category(row.lv1)
        if category is None:
            message = f"{row_name(raw)}的一级指标“{row.lv1}”不属于产出、效益、满意度，无法核对分类分值"
            out.append(Finding("score.category", Severity.WARNING, raw.field("lv1"), message))
            continue
        weights[block_of[category]].append(row.weight)
    # Summed by sum() in row order: the same exact decimals as adding them one by one.
    total = sum([row.weight for row in rows], ZERO)
    sums = [sum(block, ZERO) for block in weights]
    counts = [len(block) for block in weights]
    if total != profile.indicator_total:
        message = (
            f"各指标分值合计 {format_number(total)} 分，按评分方案“{profile.title}”应为 "
            f"{format_number(profile.indicator_total)} 分，请调整分值"
        )
        out.append(Finding("score.weights_sum", Severity.ERROR, "indicators", message))
    if len(blocks) > 1 and all(counts):
        for block, got in zip(blocks, sums, strict=True):
            if got != block.weight:
                message = (
                    f"{block.label}分值合计 {format_number(got)} 分（含不适用的指标），评分方案规定为 "
                    f"{format_number(block.weight)} 分；确需调整的请写出错说明"
                )
                out.append(Finding("score.category_weights", Severity.WARNING, "indicators", message))
    return out


def _total(
    funds: Decimal, rate: Decimal | None, rows: tuple[IndicatorScore, ...], profile: ScoringProfile
) -> tuple[Decimal, str, list[Finding]]:
    """The total: the rounded scores summed, rescaled for 不适用, capped at full and by 执行率."""
    show = profile.show
    scores = na_weight = ZERO
    for row in rows:  # one pass, summed in the same order as before
        if row.na:
            na_weight += row.weight
        else:
            scores += row.score
    full = profile.full_score
    subtotal = funds + scores
    if na_weight == 0:
        total = profile.round(subtotal)
        explanation = f"预算执行 {show(funds)} + 指标 {show(scores)} = {show(total)}"
    elif na_weight >= full or all(row.na for row in rows):
        message = (
            "不适用的指标太多（全部不适用，或其分值合计达到满分），无法折算总分；请至少保留一个适用的指标"
        )
        return (
            ZERO,
            "没有可折算的适用指标，总分暂为 0",
            [Finding("score.all_na", Severity.ERROR, "indicators", message)],
        )
    else:
        total = profile.round(subtotal * full / (full - na_weight))
        explanation = (
            f"(预算执行 {show(funds)} + 指标 {show(scores)}) × {format_number(full)} ÷ "
            f"({format_number(full)} − 不适用 {format_number(na_weight)}) = {show(total)}"
        )
    if total > full:
        total = profile.round(full)
        explanation += f"，超过满分按 {format_number(full)} 计"
    step = profile.cap_for(rate) if rate is not None else None
    if step is not None and total > step.cap:
        total = profile.round(step.cap)
        explanation += f"；执行率 {rate}% 低于 {format_number(step.below_percent)}%，总分封顶 {format_number(step.cap)} 分"
    return total, explanation, []
