"""The monitoring period in words: ``1—7月`` and the time share the lights are read against."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from perfdesk.domain.labels import label


def period_text(month: int | None) -> str:
    """``1—7月`` (the labels table's spelling, as on the printed form), or '' without a month."""
    return label("monitoring.period").format(month=month) if month else ""


def period_line(year: int | None, month: int | None, margin: Decimal) -> str:
    """监控期间 and the time share, in one line over the money block (rich text)."""
    if not month:
        return "截止月份无效，无法按时间进度亮灯。"
    share = Decimal(month) * 100 / 12
    red = max(share - margin * 100, Decimal(0))
    return (
        f"<b>监控期间：{year or ''}年{period_text(month)}</b>　　{label('monitoring.time_share')} {month}/12 = "
        f"{_cut(share)}%　　资金执行率低于 {_cut(red)}% 为红灯、低于 {_cut(share)}% 为黄灯"
    )


def _cut(percent: Decimal) -> str:
    """Cut, not rounded, to 2 decimals, as the lights' own tooltips show it (41.66, not 41.67)."""
    return f"{percent.quantize(Decimal('0.01'), rounding=ROUND_DOWN):.2f}"
