"""The printed PDF as pictures: pages for the preview, and pages painted onto a ``QPrinter``.

One layout source: the PDF from :mod:`perfdesk.reports` is what the person sees and what the
printer gets. PDFium (pypdfium2) rasterises it: PySide6-Essentials has no QtPdf, and the Addons
wheel that has it is many times the size of PDFium (see docs/打印与导出.md). PDFium is not
thread-safe, so every function here runs on the UI thread.

Printing paints each page at the printer's resolution (at most :data:`MAX_PRINT_DPI`), in bands
of :data:`BAND_ROWS` rows so a 600 dpi A4 page never needs a 140 MB picture at once. Each page
sets the printer's orientation from its own size, so a batch of portrait 目标表 and landscape
自评表 prints every page the right way round.
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

POINTS_PER_INCH = 72.0
MAX_PRINT_DPI = 600
BAND_ROWS = 1024


class PdfPages:
    """An open PDF whose pages can be drawn at any resolution; ``close()`` frees PDFium's copy."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf = pdfium.PdfDocument(data)
        self.sizes: list[tuple[float, float]] = [
            self._pdf.get_page_size(index) for index in range(len(self._pdf))
        ]

    def __len__(self) -> int:
        return len(self.sizes)

    def close(self) -> None:
        self._pdf.close()

    def landscape(self, index: int) -> bool:
        width, height = self.sizes[index]
        return width > height

    def pixel_size(self, index: int, dpi: float) -> tuple[int, int]:
        width, height = self.sizes[index]
        scale = dpi / POINTS_PER_INCH
        return round(width * scale), round(height * scale)

    def render(self, index: int, dpi: float, rows: tuple[int, int] | None = None) -> QImage:
        """Page ``index`` (0-based) at ``dpi``, on white; ``rows`` = (first, end) cuts out a band."""
        _, height = self.sizes[index]
        scale = dpi / POINTS_PER_INCH
        crop = (0.0, 0.0, 0.0, 0.0)
        if rows is not None:
            full = round(height * scale)
            crop = (0.0, (full - rows[1]) / scale, 0.0, rows[0] / scale)
        page = self._pdf[index]
        try:
            bitmap = page.render(
                scale=scale, crop=crop, rev_byteorder=True, prefer_bgrx=True, optimize_mode="print"
            )
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()  # own the pixels: the bitmap's buffer goes away with it
            bitmap.close()
        finally:
            page.close()
        return image


def print_pages(pages: PdfPages, printer: QPrinter, on_page: Callable[[int, int], None] | None = None) -> int:
    """Paint every page of ``pages`` onto ``printer``; returns the pages painted.

    The PDF carries its own margins, so the printer prints on the full sheet. ``on_page(done,
    total)`` is called before each page (a progress dialog; it may raise to stop).
    """
    if not len(pages):
        return 0
    printer.setFullPage(True)
    _orient(printer, pages.landscape(0))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用或输出文件无法写入")
    try:
        for index in range(len(pages)):
            if on_page is not None:
                on_page(index, len(pages))
            if index:
                _orient(printer, pages.landscape(index))
                printer.newPage()
            _paint_page(painter, pages, index, printer)
    finally:
        painter.end()
    return len(pages)


def _orient(printer: QPrinter, landscape: bool) -> None:
    wanted = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    if printer.pageLayout().orientation() != wanted:
        printer.setPageOrientation(wanted)


def _paint_page(painter: QPainter, pages: PdfPages, index: int, printer: QPrinter) -> None:
    """Page ``index`` scaled into the sheet, band by band, at the printer's resolution."""
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    width, height = pages.pixel_size(index, dpi)
    target = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
    target.moveTo(0, 0)
    factor = min(target.width() / width, target.height() / height)
    left = (target.width() - width * factor) / 2
    for first in range(0, height, BAND_ROWS):
        end = min(first + BAND_ROWS, height)
        band = pages.render(index, dpi, (first, end))
        top = round(first * factor)
        bottom = round(end * factor)
        painter.drawImage(QRect(round(left), top, round(width * factor), bottom - top), band)
