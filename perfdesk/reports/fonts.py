"""The one CJK font of the printed forms, registered with reportlab once per process.

reportlab embeds TrueType outlines only (CFF fonts such as Noto CJK fail, and the CID font
STSong-Light is never embedded), so the PDF uses the bundled WenQuanYi Micro Hei (``.ttc``,
subfont 0), or on Windows the system's SimSun (宋体, ``simsun.ttc`` subfont 0) when it is present
and loads: the typeface people expect on government forms. Either way it is registered under one
name, :data:`FONT_NAME`, and embedded as a subset, so the file prints the same anywhere.

Bold: neither face has a bold weight, and a synthetic bold must not change the text a PDF reader
extracts. Titles are drawn with :func:`draw_bold_string` (fill plus a thin stroke of the same
glyphs, text render mode 2: what word processors do for "fake bold"); in table cells the family's
bold maps to the regular face, so a ``<b>`` in a paragraph never fails.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from perfdesk.paths import CJK_FONT_FILE, resource_path

FONT_NAME = "PerfDeskCJK"
BOLD_STROKE_RATIO = 0.04
"""Stroke width of the synthetic bold, as a share of the font size (0.64 pt on a 16 pt title)."""


@dataclass(frozen=True, slots=True)
class FontChoice:
    """The registered font: reportlab name, the file, the subfont and the face's own name."""

    name: str
    path: Path
    subfont: int
    face: str


def windows_simsun() -> Path | None:
    """``simsun.ttc`` of a Windows installation, or ``None`` elsewhere and when it is missing."""
    if sys.platform != "win32":
        return None
    fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    path = fonts / "simsun.ttc"
    return path if path.is_file() else None


def _load(path: Path) -> TTFont:
    return TTFont(FONT_NAME, str(path), subfontIndex=0)


@cache
def register_cjk_font() -> FontChoice:
    """Register the CJK font (SimSun on Windows when present, else the bundled one) and return it."""
    font: TTFont | None = None
    path = windows_simsun()
    if path is not None:
        try:
            font = _load(path)
        except (TTFError, OSError, ValueError, struct.error):  # damaged or restricted: bundled one
            font = None
    if font is None:
        path = resource_path(*CJK_FONT_FILE)
        font = _load(path)
    assert path is not None
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
    )
    face = font.face.name
    return FontChoice(FONT_NAME, path, 0, face.decode("latin-1") if isinstance(face, bytes) else str(face))


def font_name() -> str:
    """The reportlab name of the CJK font, registering it on first use."""
    return register_cjk_font().name


def string_width(text: str, size: float) -> float:
    """Width in points of ``text`` set in the CJK font at ``size``."""
    return float(pdfmetrics.stringWidth(text, font_name(), size))


def draw_bold_string(
    canvas: Any, x: float, y: float, text: str, size: float, *, centred: bool = True
) -> None:
    """Draw ``text`` in synthetic bold: filled and stroked, so the glyphs look heavier.

    ``x`` is the centre of the line when ``centred``, else its left end; ``y`` is the baseline.
    """
    name = font_name()
    width = string_width(text, size)
    left = x - width / 2 if centred else x
    canvas.saveState()
    canvas.setLineWidth(size * BOLD_STROKE_RATIO)
    canvas.setLineJoin(1)
    text_object = canvas.beginText(left, y)
    text_object.setFont(name, size)
    text_object.setTextRenderMode(2)
    text_object.textOut(text)
    canvas.drawText(text_object)
    canvas.restoreState()
