"""The 密钥登记表: the paper that goes with a township's ``.pdkey`` to the county (EXCHANGE.md §4).

One A4 page: the unit, the preparer and the date; the key id in large type as 8 groups of 4 hex
digits (each character in a fixed cell, so the groups line up like a monospace font without
using one of reportlab's standard fonts, which are never embedded); a QR code of the full
fingerprint (SHA-256 of the public key) drawn straight on the canvas; boxes for the signature
(签名) and the seal (盖章); and what the county does with it. Only the embedded CJK font is used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from perfdesk.exchange.keys import key_id_of
from perfdesk.reports.fonts import draw_bold_string, font_name, string_width
from perfdesk.reports.pdf_layout import draw_qr

if TYPE_CHECKING:
    from perfdesk.services.store import Store

TITLE = "绩效管理数据交换 密钥登记表"
KEY_ID_SIZE = 22
CELL = KEY_ID_SIZE * 0.62
"""Width of one hex digit's cell: the digits line up in columns whatever their own widths."""
QR_BOX = 48 * mm
INSTRUCTION = (
    "县级财政部门：收到本表和同名的 .pdkey 登记文件后，在“数据交换 → 密钥与登记”中导入登记文件，",
    "逐组核对屏幕上显示的密钥标识与本表一致，并确认本表已签字盖章，再点“登记”。",
    "不一致时不要登记，请与填报单位联系。本表由县级留存。二维码内容为公钥的完整 SHA-256 指纹。",
)


@dataclass(frozen=True)
class EnrolmentSheet:
    """What the 密钥登记表 shows."""

    unit_code: str
    unit_name: str
    preparer: str
    key_id: str
    fingerprint: str
    """The full SHA-256 of the raw public key, 64 lowercase hex digits (the QR code holds it)."""
    day: date
    county_name: str = ""

    @classmethod
    def of(
        cls, public_key: bytes, *, unit_code: str, unit_name: str, preparer: str, day: date,
        county_name: str = "",
    ) -> EnrolmentSheet:  # fmt: skip
        """The sheet of the key whose raw public key is ``public_key``."""
        return cls(
            unit_code,
            unit_name,
            preparer,
            key_id_of(public_key),
            hashlib.sha256(public_key).hexdigest(),
            day,
            county_name,
        )


def key_id_groups(key_id: str) -> list[str]:
    """The 8 groups of 4 digits as printed (capitals)."""
    return key_id.upper().split("-")


def qr_text(sheet: EnrolmentSheet) -> str:
    """What the QR code holds: the full fingerprint, named so a scanner shows what it is."""
    return f"perfdesk-key:{sheet.unit_code}:sha256:{sheet.fingerprint}"


def _text(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.setFont(font_name(), size)
    canvas.drawString(x, y, text)


def _draw_key_id(canvas: Canvas, sheet: EnrolmentSheet, centre: float, top: float) -> float:
    """The key id in two rows of 4 groups, each group in a fixed-width cell; returns the y below.

    A group is one string (a reader extracts ``EF71``, not ``E F 7 1``), spread with character
    spacing so that it fills its cell whatever the widths of the letters.
    """
    groups = key_id_groups(sheet.key_id)
    gap = CELL * 1.6
    row_width = 4 * 4 * CELL + 3 * gap
    y = top
    for row in (groups[:4], groups[4:]):
        x = centre - row_width / 2
        for group in row:
            natural = string_width(group, KEY_ID_SIZE)
            text = canvas.beginText(x, y)
            text.setFont(font_name(), KEY_ID_SIZE)
            text.setCharSpace(max(0.0, (4 * CELL - natural) / 3))
            text.textOut(group)
            canvas.saveState()  # the character spacing must not leak into the text that follows
            canvas.drawText(text)
            canvas.restoreState()
            x += 4 * CELL + gap
        y -= KEY_ID_SIZE * 1.6
    return y


def _box(canvas: Canvas, x: float, y: float, width: float, height: float, label: str) -> None:
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    _text(canvas, x + 3 * mm, y + height - 6 * mm, label, 11)


def render_enrolment_pdf(info: EnrolmentSheet, out: Path | IO[bytes]) -> None:
    """Write the 密钥登记表 of ``info`` to ``out`` (a path or a binary stream)."""
    target = str(out) if isinstance(out, Path) else out
    # initialFontName: otherwise the canvas starts in Helvetica, which ends up in the file unembedded
    canvas = Canvas(target, pagesize=A4, pageCompression=1, initialFontName=font_name())
    canvas.setTitle(f"密钥登记表 {info.unit_name}")
    canvas.setAuthor(info.unit_name)
    canvas.setSubject(f"密钥标识 {info.key_id}")
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    centre = width / 2
    draw_bold_string(canvas, centre, height - 30 * mm, TITLE, 18)
    if info.county_name:
        canvas.setFont(font_name(), 11)
        canvas.drawCentredString(centre, height - 38 * mm, f"报送：{info.county_name}财政局")

    y = height - 52 * mm
    rows = (
        ("单位名称", info.unit_name),
        ("单位编码", info.unit_code),
        ("填 报 人", info.preparer or "＿＿＿＿＿＿"),
        ("填报日期", f"{info.day.year} 年 {info.day.month} 月 {info.day.day} 日"),
    )
    for name, value in rows:
        _text(canvas, left, y, f"{name}：", 12)
        _text(canvas, left + string_width("填报日期：", 12) + 2 * mm, y, value, 12)
        y -= 9 * mm

    y -= 4 * mm
    _text(canvas, left, y, "密钥标识（8 组，每组 4 位，0–9 和 A–F）：", 12)
    y = _draw_key_id(canvas, info, centre, y - 14 * mm)

    qr_top = y - 2 * mm
    draw_qr(canvas, qr_text(info), centre - QR_BOX / 2, qr_top - QR_BOX, QR_BOX)
    canvas.setFont(font_name(), 8)
    fp = info.fingerprint.upper()
    canvas.drawCentredString(centre, qr_top - QR_BOX - 5 * mm, f"完整指纹 SHA-256：{fp[:32]}")
    canvas.drawCentredString(centre, qr_top - QR_BOX - 9 * mm, fp[32:])

    box_top = qr_top - QR_BOX - 16 * mm
    box_height = 38 * mm
    half = (right - left - 8 * mm) / 2
    _box(canvas, left, box_top - box_height, half, box_height, "填报人签名：")
    _box(canvas, left + half + 8 * mm, box_top - box_height, half, box_height, "单位盖章：")

    y = box_top - box_height - 10 * mm
    for line in INSTRUCTION:
        _text(canvas, left, y, line, 9.5)
        y -= 6 * mm
    canvas.showPage()
    canvas.save()


def write_enrolment_form(store: Store, unit_code: str, output: Path, *, day: date | None = None) -> Path:
    """The 密钥登记表 of ``store``'s own key for ``unit_code`` (the unit the key was exported for
    when empty), written to a temporary name next to ``output`` and renamed when complete."""
    from perfdesk.services import catalog, keys
    from perfdesk.services.exchange_log import ExchangeRefused
    from perfdesk.services.settings import load_settings

    own = keys.own_key(store)
    if own is None:
        raise ExchangeRefused("exchange.no_key", "本安装还没有密钥，请先生成密钥（perfdesk key init）")
    day = day or date.today()
    code = unit_code or own.unit_code
    names = {node.unit.code: node.unit.name for node in catalog.load_tree(store, day.year)}
    if code not in names:
        raise ExchangeRefused("exchange.unit", f"找不到单位编码 {code or '（未指定）'}，请指定本单位的编码")
    settings = load_settings(store)
    sheet = EnrolmentSheet.of(
        own.public_key, unit_code=code, unit_name=names[code], preparer=settings.preparer, day=day,
        county_name=settings.county_name,
    )  # fmt: skip
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    render_enrolment_pdf(sheet, partial)
    partial.replace(output)
    return output
