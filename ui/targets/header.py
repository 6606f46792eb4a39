"""The head of the target sheet, read-only: what the form takes from the project, laid out as printed.

项目名称 | 主管部门 | 实施单位 | 项目属性 | 项目期 | 项目负责人/联系电话 | 项目资金 (年度资金总额, 其中
财政拨款, 其他资金, in 万元). Nothing here is typed on the sheet: it is changed in the project's
own fields in the main window, and the sheet takes it from there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError

_NAME_STYLE = "background: #e9edf2; color: #33414f; padding: 4px 8px; border: 1px solid #c8cdd3;"
_VALUE_STYLE = "background: #f8f9fb; padding: 4px 8px; border: 1px solid #c8cdd3;"
NAME_WIDTH = 110
FUNDS_KEYS = ("funds.annual", "funds.fiscal", "funds.other")


def _text(section: dict[str, Any], key: str) -> str:
    value = section.get(key)
    return "" if value is None else str(value).strip()


def format_wan(text: str, decimals: int) -> str:
    """A document amount (万元, decimal string) as shown: ``"120"`` → ``"120.00"``; unreadable as is."""
    try:
        return Money.from_wan(text).format_wan(decimals) if text else "—"
    except MoneyError:
        return text


class ProjectHeader(QWidget):
    """The header block of a target sheet; ``show_document`` fills it from the document body."""

    def __init__(self, parent: QWidget | None = None, *, funds: bool = True) -> None:
        """``funds=False`` leaves out the 项目资金 line (a sheet with its own money block)."""
        super().__init__(parent)
        self._values: dict[str, QLabel] = {}
        caption = QLabel("项目基本信息（取自项目，不在此表中填写；如需修改，请在主窗口修改项目）")
        caption.setStyleSheet("color: #5f6b7a;")
        grid = QGridLayout()
        grid.setSpacing(0)
        self._row(grid, 0, ("project.name", 3))
        self._row(grid, 1, ("project.department", 1), ("project.unit", 1))
        self._row(grid, 2, ("project.attribute", 1), ("project.period", 1))
        self._row(grid, 3, ("project.manager", 1), ("project.phone", 1))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(caption)
        layout.addSpacing(3)
        layout.addLayout(grid)
        if funds:
            line = QHBoxLayout()
            line.setSpacing(0)
            line.addWidget(self._name(f"{label('field.funds')}（{label('money.unit')}）"))
            for key in FUNDS_KEYS:
                name = label(f"field.{key}")
                line.addWidget(self._name(name if key == "funds.annual" else f"其中：{name}"))
                line.addWidget(self._value(key, money=True), 1)
            layout.addLayout(line)

    def _row(self, grid: QGridLayout, row: int, *fields: tuple[str, int]) -> None:
        column = 0
        for key, span in fields:
            name = self._name(label(f"field.{key}"))
            name.setMinimumWidth(NAME_WIDTH)
            grid.addWidget(name, row, column)
            grid.addWidget(self._value(key), row, column + 1, 1, span)
            column += 1 + span

    def _name(self, text: str) -> QLabel:
        name = QLabel(text)
        name.setStyleSheet(_NAME_STYLE)
        return name

    def _value(self, key: str, *, money: bool = False) -> QLabel:
        value = QLabel()
        value.setObjectName(key.replace(".", "_"))
        value.setStyleSheet(_VALUE_STYLE)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if money:
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._values[key] = value
        return value

    def show_document(self, body: dict[str, Any], decimals: int = 2) -> None:
        project = body.get("project") if isinstance(body.get("project"), dict) else {}
        unit = body.get("unit") if isinstance(body.get("unit"), dict) else {}
        funds = body.get("funds") if isinstance(body.get("funds"), dict) else {}
        assert isinstance(project, dict) and isinstance(unit, dict) and isinstance(funds, dict)
        start, end = _text(project, "start_year"), _text(project, "end_year")
        period = f"{start}年" if start == end else f"{start}—{end}年"
        shown = {
            "project.name": _text(project, "name"),
            "project.department": _text(project, "department"),
            "project.unit": _text(unit, "name"),
            "project.attribute": _text(project, "attribute"),
            "project.period": period if start or end else "",
            "project.manager": _text(project, "manager"),
            "project.phone": _text(project, "phone"),
        }
        for key, text in shown.items():
            self._values[key].setText(text or "—")
        for key in FUNDS_KEYS:
            if key in self._values:
                self._values[key].setText(format_wan(_text(funds, key.removeprefix("funds.")), decimals))

    def value(self, key: str) -> str:
        """The text shown for ``key`` (``project.name``, ``funds.annual`` …)."""
        return self._values[key].text()
