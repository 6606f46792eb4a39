"""How a traffic light looks on screen — a coloured dot, its Chinese label, a soft tint — and the
other cell colours of the monitoring grids.

The colour is never the only sign: every light also reads 红灯 / 黄灯 / 绿灯 / 蓝灯 (or 未亮灯), so a
person who does not tell red from green, or a grey-scale printout of a screenshot, still reads it.
The tooltip of a light is the domain's arithmetic (``LightResult.explanation``).
"""

from __future__ import annotations

from functools import cache
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.labels import label
from perfdesk.domain.monitoring_lights import Light, LightResult

DOT_COLORS: Final = {
    Light.RED: "#d93025",
    Light.YELLOW: "#e8a900",
    Light.GREEN: "#1e8e3e",
    Light.BLUE: "#1a73e8",
}
TINTS: Final = {
    Light.RED: "#fbe1de",
    Light.YELLOW: "#fdf3cf",
    Light.GREEN: "#e1f3e4",
    Light.BLUE: "#dfeafc",
}
TEXT_COLORS: Final = {
    Light.RED: "#a52714",
    Light.YELLOW: "#7a5900",
    Light.GREEN: "#14632d",
    Light.BLUE: "#174ea6",
}
NONE_COLOR: Final = "#9aa4ae"
CARRIED_BACKGROUND: Final = QBrush(QColor("#f3f5f7"))
"""Cells carried over from the target sheet or computed: not typed here."""
ERROR_BACKGROUND: Final = QBrush(QColor("#fdecea"))
WARNING_BACKGROUND: Final = QBrush(QColor("#fff4dc"))
HINT_TEXT: Final = QBrush(QColor("#c0392b"))
"""The prompt in an empty cell the rules require (请选择（必填）)."""
NOTE_TEXT: Final = QBrush(QColor("#b9770e"))
"""The prompt in an empty cell the rules ask about (请简要说明)."""
ORDER: Final = (Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE)
"""The order colours are counted and listed in (worst first, blue last: ahead of plan)."""


def light_label(light: Light | None) -> str:
    """红灯 / 黄灯 / 绿灯 / 蓝灯, or 未亮灯."""
    return light.label if light is not None else label("light.none")


@cache
def light_icon(light: Light | None, size: int = 12) -> QIcon:
    """A filled dot of the light's colour (a grey ring when no light shows); made on first use."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if light is None:
        painter.setPen(QColor(NONE_COLOR))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QColor(DOT_COLORS[light]).darker(120))
        painter.setBrush(QColor(DOT_COLORS[light]))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


@cache
def tint(light: Light) -> QBrush:
    return QBrush(QColor(TINTS[light]))


@cache
def text_brush(light: Light | None) -> QBrush:
    return QBrush(QColor(TEXT_COLORS[light] if light is not None else NONE_COLOR))


def finding_background(found: list[Finding] | None) -> QBrush | None:
    """A cell 全审 found something at: pink for an error, sand for a warning."""
    if not found:
        return None
    return ERROR_BACKGROUND if any(f.severity is Severity.ERROR for f in found) else WARNING_BACKGROUND


def light_tooltip(result: LightResult) -> str:
    """The light's name and the arithmetic behind it, e.g. ``绿灯：目标 ≥500人 × 7/12 = …``."""
    return f"{light_label(result.color)}：{result.explanation}"


def dot_html(light: Light | None) -> str:
    """A coloured ● and the label, for rich-text labels (the overview's summary line)."""
    color = DOT_COLORS[light] if light is not None else NONE_COLOR
    return f"<span style='color:{color}; font-size:13pt'>●</span>{light_label(light)}"
