"""A :class:`~perfdesk.reports.sheet.Sheet` as an A4 PDF: page, title, tables, notes, footer.

The page is A4, portrait or landscape as the sheet says, with the table centred between the
margins. The footer of every page carries the project code and the document's short hash on the
left, "第 x 页 共 y 页" in the middle (the canvas keeps each page until the document is complete,
so it knows the total without a second layout pass), and, for a document from an exported
package, the package's SHA-256 with a QR code that holds it on the right.

The output is reproducible: the same document gives the same bytes (reportlab's invariant mode,
no dates in the file), so a printed form can be checked against its document.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table

from perfdesk import APP_NAME
from perfdesk.domain.labels import label
from perfdesk.reports.fonts import draw_bold_string, font_name, string_width
from perfdesk.reports.pdf_tables import LEADING, TableContext, block_flowable
from perfdesk.reports.sheet import Sheet

TITLE_SIZE = 16.0
FOOTER_SIZE = 7.5
TOP_MARGIN, BOTTOM_MARGIN = 12 * mm, 24 * mm
QR_SIZE = 16 * mm
QR_QUIET = 2
"""Modules of white around the code (the standard asks for 4; the page margin supplies the rest)."""


class BoldTitle(Flowable):  # type: ignore[misc]
    """The form's title, centred, in the synthetic bold of :mod:`perfdesk.reports.fonts`."""

    def __init__(self, text: str, size: float = TITLE_SIZE) -> None:
        super().__init__()
        self.text = text
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.size * 1.8
        return self.width, self.height

    def draw(self) -> None:
        draw_bold_string(self.canv, self.width / 2, self.size * 0.55, self.text, self.size)


@cache
def qr_modules(value: str) -> tuple[tuple[int, int, int], ...]:
    """Dark runs ``(row, first column, length)`` of the QR code (error correction M) of ``value``."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(code.modules):
        col = 0
        for dark, group in itertools.groupby(bool(module) for module in row):
            length = len(list(group))
            if dark:
                runs.append((r, col, length))
            col += length
    return tuple(runs)


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code of ``value`` as filled rectangles in a ``size`` square at (x, y), quiet zone included.

    Drawn on the canvas directly: reportlab's QR widget goes through the graphics renderer, which
    sets Helvetica and so puts an unembedded font into the file.
    """
    runs = qr_modules(value)
    count = max(r for r, _, _ in runs) + 1
    box = size / (count + 2 * QR_QUIET)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    for r, col, length in runs:
        top = y + size - (r + QR_QUIET + 1) * box
        canvas.rect(x + (col + QR_QUIET) * box, top, length * box, box, stroke=0, fill=1)
    canvas.restoreState()


def qr_payload(package_hash: str) -> str:
    """What the footer's QR code holds: the package hash, named so a scanner shows what it is."""
    return f"sha256:{package_hash}"


def draw_footer(canvas: Canvas, sheet: Sheet, page: int, pages: int) -> None:
    """The footer of one page (see the module docstring)."""
    width, _ = canvas._pagesize
    left = (width - sum(sheet.widths_mm) * mm) / 2
    right = width - left
    base = 11 * mm
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(font_name(), FOOTER_SIZE)
    info = "  ".join(
        part for part in (sheet.footer_left, label("print.doc_hash").format(hash=sheet.short_hash)) if part
    )
    canvas.drawString(left, base, info)
    canvas.drawCentredString(width / 2, base, label("print.page").format(page=page, pages=pages))
    if sheet.package_hash:
        text = label("print.package_hash").format(hash=sheet.package_hash)
        canvas.drawString(left, base + FOOTER_SIZE * 1.6, text)
        draw_qr(canvas, qr_payload(sheet.package_hash), right - QR_SIZE, base - 4 * mm, QR_SIZE)
    canvas.restoreState()


def _canvas_maker(sheet: Sheet, counted: list[int]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so every footer can say 共 y 页.

    The number of pages is appended to ``counted``.
    """

    class FormCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Otherwise the canvas starts in Helvetica, which ends up in the file, unembedded.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font_name()
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            counted.append(pages)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                draw_footer(self, sheet, number, pages)
                Canvas.showPage(self)
            Canvas.save(self)

    return FormCanvas


def _plain_table(rows: list[list[Any]], widths: list[float], size: float, commands: list[Any]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), font_name(), size, size * LEADING),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            *commands,
        ]
    )
    return table


def _unit_line(sheet: Sheet, width: float) -> Table:
    return _plain_table(
        [[sheet.unit_line, sheet.money_line]],
        [width * 0.7, width * 0.3],
        sheet.font_size + 0.5,
        [("ALIGN", (1, 0), (1, 0), "RIGHT"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)],
    )


def _signatures(sheet: Sheet, width: float) -> Table:
    """Label and a ruled space for each signature, five across (three on a portrait page)."""
    per_row = 5 if sheet.landscape else 3
    size = sheet.font_size + 0.5
    pairs = [(f"{name}：", value) for name, value in sheet.signatures]
    rows: list[list[Any]] = []
    for i in range(0, len(pairs), per_row):
        chunk = pairs[i : i + per_row] + [("", "")] * (per_row - len(pairs[i : i + per_row]))
        rows.append([text for pair in chunk for text in pair])
    pair_width = width / per_row
    label_width = max(string_width(name, size) for name, _ in pairs) + 2
    widths = [w for _ in range(per_row) for w in (label_width, pair_width - label_width)]
    commands: list[Any] = [("TOPPADDING", (0, 0), (-1, -1), 10)]
    for r, row in enumerate(rows):
        for c in range(1, len(row), 2):
            if row[c - 1]:
                commands.append(("LINEBELOW", (c, r), (c, r), 0.5, colors.black))
    return _plain_table(rows, widths, size, commands)


def _notes(sheet: Sheet) -> list[Flowable]:
    if not sheet.notes:
        return []
    size = sheet.font_size - 0.5
    style = ParagraphStyle(
        "note", fontName=font_name(), fontSize=size, leading=size * LEADING, wordWrap="CJK"
    )
    return [Spacer(1, 2 * mm), *(Paragraph(escape(note), style) for note in sheet.notes)]


def page_size(sheet: Sheet) -> tuple[float, float]:
    size: tuple[float, float] = landscape(A4) if sheet.landscape else portrait(A4)
    return size


def render_sheet_pdf(sheet: Sheet, out: Path | IO[bytes], *, subject: str = "") -> int:
    """Write ``sheet`` as a PDF to a path or a binary stream; returns the number of pages."""
    width, height = page_size(sheet)
    table_width = sum(sheet.widths_mm) * mm
    side = (width - table_width) / 2
    frame = Frame(side, BOTTOM_MARGIN, table_width, height - TOP_MARGIN - BOTTOM_MARGIN, 0, 0, 0, 0)
    target = str(out) if isinstance(out, Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=(width, height),
        leftMargin=side,
        rightMargin=side,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=sheet.title,
        author=APP_NAME,
        creator=APP_NAME,
        subject=subject,
        invariant=1,
    )
    doc.addPageTemplates([PageTemplate("form", [frame])])
    ctx = TableContext(sheet, frame._height)
    story: list[Flowable] = [BoldTitle(sheet.title), _unit_line(sheet, table_width)]
    story += [block_flowable(ctx, block) for block in sheet.blocks]
    story += _notes(sheet)
    story += [Spacer(1, 3 * mm), _signatures(sheet, table_width)]
    counted: list[int] = []
    doc.build(story, canvasmaker=_canvas_maker(sheet, counted))
    return counted[-1]
