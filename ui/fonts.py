"""The bundled Chinese font on screen: WenQuanYi Micro Hei, the same face the PDFs embed.

Registered with Qt at start and put behind the system UI font in the application font's family
list, so any character the system font lacks (all of Chinese on a machine without CJK fonts) is
drawn with the bundled face instead of as empty boxes. Machines that have a Chinese UI font keep
drawing with it.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from perfdesk.paths import CJK_FONT_FILE, resource_path

logger = logging.getLogger(__name__)

_registered: list[str] = []


def registered_families() -> list[str]:
    """Families this process registered from the bundled font file (empty before registering)."""
    return list(_registered)


def register_cjk_font(app: QApplication) -> str | None:
    """Register the bundled font and add it as the application font's fallback.

    Returns the family name, or None when the font file is missing or unreadable (logged; the
    program still runs with the system's fonts).
    """
    if not _registered:
        try:
            path = resource_path(*CJK_FONT_FILE)
        except FileNotFoundError as exc:
            logger.warning("%s", exc)
            return None
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            logger.warning("无法载入字体文件 %s", path)
            return None
        _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
        if not _registered:
            logger.warning("字体文件 %s 中没有可用的字体", path)
            return None
    # The .ttc holds a proportional and a monospaced face; the UI wants the proportional one.
    family = next((f for f in _registered if "Mono" not in f), _registered[0])
    font = app.font()
    families = font.families() or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)
    logger.info("界面字体：%s", "、".join(font.families()))
    return family
