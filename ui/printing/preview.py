"""打印预览: the printed PDF page by page, zoomed, and from here printed or saved.

The window shows the very bytes that are printed and exported (one layout source). Pages are
rasterised by :mod:`ui.printing.raster` at the zoom asked for; 打印… opens Qt's print dialog
(``QPrintDialog``, looked up through this module so a test replaces it) and paints every page
onto the chosen ``QPrinter``; the printer, copies and duplex are remembered in ``QSettings``
(the orientation comes from each page of the PDF and is never a setting).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from perfdesk.services.progress import Cancelled
from ui import tasks as task_module
from ui.printing.raster import PdfPages, print_pages

ZOOM_STEPS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
SCREEN_DPI = 96.0
"""100% shows the page at its paper size on a 96 dpi screen."""
SETTINGS_GROUP = "printing"
PDF_FILTER = "PDF 文件 (*.pdf)"


def choose_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save the PDF (a test replaces this function)."""
    path, _ = QFileDialog.getSaveFileName(parent, "导出 PDF", str(suggested), PDF_FILTER)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".pdf" else chosen.with_name(chosen.name + ".pdf")


def safe_file_name(name: str) -> str:
    """``name`` without the characters Windows forbids in a file name."""
    return re.sub(r'[\\/:*?"<>|]+', "_", name).strip() or "打印.pdf"


def restore_printer_settings(printer: QPrinter, settings: QSettings) -> None:
    """Put the remembered printer, copies and duplex on ``printer`` (what is still available)."""
    settings.beginGroup(SETTINGS_GROUP)
    try:
        name = str(settings.value("printer_name", "") or "")
        if name and name in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(name)
        copies = int(str(settings.value("copies", 1) or 1))
        printer.setCopyCount(max(1, copies))
        duplex = int(str(settings.value("duplex", -1)))
        supported = [int(mode.value) for mode in QPrinterInfo(printer).supportedDuplexModes()]
        if duplex >= 0 and duplex in supported:
            printer.setDuplex(QPrinter.DuplexMode(duplex))
    finally:
        settings.endGroup()


def save_printer_settings(printer: QPrinter, settings: QSettings) -> None:
    """Remember what the person chose in the print dialog for the next time."""
    settings.beginGroup(SETTINGS_GROUP)
    try:
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            settings.setValue("printer_name", printer.printerName())
        settings.setValue("copies", printer.copyCount())
        settings.setValue("duplex", int(printer.duplex().value))
    finally:
        settings.endGroup()


class PrintPreview(QWidget):
    """The preview window of one printed PDF.

    Signals:
        page_changed(index): the page shown changed (0-based).
        printed(pages): the PDF went to a printer; pages painted.
        exported(path): the PDF was saved as a file.
    """

    page_changed = Signal(int)
    printed = Signal(int)
    exported = Signal(str)

    def __init__(
        self,
        data: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        suggested_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.data = data
        self.title = title
        self.pages = PdfPages(data)
        self.settings = settings if settings is not None else QSettings("PerfDesk", "PerfDesk")
        self.suggested_name = safe_file_name(suggested_name or f"{title}.pdf")
        self.index = 0
        self.zoom = 1.0
        self.fit_width = True
        self._released = False
        self.setWindowTitle(f"打印预览 — {title}")
        self.setObjectName("printPreview")

        self.prev_button = self._button(
            "上一页", self.previous_page, QKeySequence.StandardKey.MoveToPreviousPage
        )
        self.next_button = self._button("下一页", self.next_page, QKeySequence.StandardKey.MoveToNextPage)
        self.page_label = QLabel()
        self.fit_button = self._button("适合宽度", self.fit_to_width)
        self.actual_button = self._button("100%", lambda: self.set_zoom(1.0))
        self.zoom_out_button = self._button("−", self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_button = self._button("+", self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_label = QLabel()
        self.print_button = self._button("打印…", self.print_document, QKeySequence.StandardKey.Print)
        self.export_button = self._button("导出 PDF…", self.export_pdf)

        bar = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.fit_button, self.actual_button, self.zoom_out_button, self.zoom_label):
            bar.addWidget(widget)
        bar.addWidget(self.zoom_in_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)

        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setObjectName("printPreviewPage")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet(
            "QScrollArea { background: #7f7f7f; } QLabel#printPreviewPage { background: #7f7f7f; }"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self.resize(980, 760)
        self._show_page()

    def _button(
        self, text: str, slot: object, shortcut: QKeySequence.StandardKey | None = None
    ) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        if shortcut is not None:
            button.setShortcut(QKeySequence(shortcut))
        return button

    # ------------------------------------------------------------ paging and zoom

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def go_to(self, index: int) -> None:
        index = max(0, min(index, self.page_count - 1))
        if index != self.index:
            self.index = index
            self._show_page()
            self.scroll_area.verticalScrollBar().setValue(0)
            self.page_changed.emit(index)

    def next_page(self) -> None:
        self.go_to(self.index + 1)

    def previous_page(self) -> None:
        self.go_to(self.index - 1)

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = max(ZOOM_STEPS[0], min(zoom, ZOOM_STEPS[-1]))
        self._show_page()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom - 0.01), ZOOM_STEPS[0]))

    def fit_to_width(self) -> None:
        self.fit_width = True
        self._show_page()

    def _fitted_zoom(self) -> float:
        width_pt = self.pages.sizes[self.index][0]
        room = max(self.scroll_area.viewport().width() - 24, 100)
        return room / (width_pt / 72.0 * SCREEN_DPI)

    def _show_page(self) -> None:
        if self._released:
            return
        if self.fit_width:
            self.zoom = self._fitted_zoom()
        self.page_label.setText(f"第 {self.index + 1} 页 共 {self.page_count} 页")
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < self.page_count - 1)
        ratio = self.devicePixelRatioF()
        image = self.pages.render(self.index, SCREEN_DPI * self.zoom * ratio)
        image.setDevicePixelRatio(ratio)
        self.image.setPixmap(QPixmap.fromImage(image))
        self.image.setMinimumSize(image.size() / ratio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width:
            self._show_page()

    # ------------------------------------------------------------ printing and saving

    def print_document(self) -> int:
        """打印…: the print dialog, then every page onto the chosen printer; returns pages printed."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        restore_printer_settings(printer, self.settings)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        save_printer_settings(printer, self.settings)
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the PDF onto ``printer`` with a progress dialog that can cancel between pages."""
        progress = QProgressDialog("正在打印…", "取消", 0, self.page_count, self)
        progress.setWindowTitle("打印")
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def on_page(done: int, total: int) -> None:
            progress.setValue(done)
            progress.setLabelText(f"正在打印第 {done + 1} 页，共 {total} 页…")
            QApplication.processEvents()
            if progress.wasCanceled():
                raise Cancelled("已取消打印")

        try:
            pages = print_pages(self.pages, printer, on_page)
        except (Cancelled, OSError) as exc:
            printer.abort()
            task_module.present_error(self, exc)
            return 0
        finally:
            progress.close()
        self.printed.emit(pages)
        return pages

    def export_pdf(self) -> Path | None:
        """导出 PDF…: save the same bytes that are previewed and printed."""
        folder = Path(str(self.settings.value(f"{SETTINGS_GROUP}/export_folder", "") or Path.home()))
        path = choose_pdf_path(self, folder / self.suggested_name)
        if path is None:
            return None
        try:
            path.write_bytes(self.data)
        except OSError as exc:
            task_module.present_error(self, exc)
            return None
        self.settings.setValue(f"{SETTINGS_GROUP}/export_folder", str(path.parent))
        self.exported.emit(str(path))
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):  # going away: free PDFium's copy now
            self._released = True
            self.pages.close()
        super().closeEvent(event)
