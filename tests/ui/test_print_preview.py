"""打印预览: the same PDF page by page, zoomed, printed (to a PDF printer) and saved; the 打印 menu."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from perfdesk.services import demo, printing
from perfdesk.services.store import Store
from ui.main_window import MainWindow
from ui.printing import menu as print_menu
from ui.printing import preview as preview_module
from ui.printing.preview import PrintPreview
from ui.tasks import TaskRunner

YEAR = date.today().year
DEMO_UNIT = "610921101"


@pytest.fixture
def batch(store: Store) -> printing.PrintedPdf:
    demo.install_demo(store, today=date(YEAR, 9, 1))
    return printing.render_unit_forms(store, YEAR, DEMO_UNIT)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def preview(qtbot, batch: printing.PrintedPdf, settings: QSettings) -> PrintPreview:  # type: ignore[no-untyped-def]
    view = PrintPreview(batch.data, batch.title, settings=settings)
    qtbot.addWidget(view)
    view.show()
    return view


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_pages_through_the_pdf(preview: PrintPreview, batch: printing.PrintedPdf) -> None:
    assert preview.page_count == batch.pages >= 3
    assert preview.page_label.text() == f"第 1 页 共 {batch.pages} 页"
    assert not preview.prev_button.isEnabled() and preview.next_button.isEnabled()
    preview.next_button.click()
    assert preview.page_label.text() == f"第 2 页 共 {batch.pages} 页"
    assert preview.prev_button.isEnabled()
    preview.go_to(batch.pages + 5)
    assert preview.page_label.text() == f"第 {batch.pages} 页 共 {batch.pages} 页"
    assert not preview.next_button.isEnabled()
    preview.prev_button.click()
    assert preview.index == batch.pages - 2


def test_zoom_changes_the_size_of_the_page(preview: PrintPreview) -> None:
    preview.actual_button.click()
    assert preview.zoom_label.text() == "100%"
    actual = preview.image.pixmap().deviceIndependentSize()
    preview.zoom_in_button.click()
    assert preview.zoom_label.text() == "125%"
    bigger = preview.image.pixmap().deviceIndependentSize()
    assert bigger.width() > actual.width() * 1.2 and bigger.height() > actual.height() * 1.2
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.zoom_label.text() == "75%"
    preview.fit_button.click()
    room = preview.scroll_area.viewport().width()
    assert room - 40 <= preview.image.pixmap().deviceIndependentSize().width() <= room


def test_printing_to_a_pdf_printer_paints_every_page(
    preview: PrintPreview, batch: printing.PrintedPdf, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printed: list[int] = []
    preview.printed.connect(printed.append)
    assert preview.print_to(pdf_printer(out)) == batch.pages
    reader = PdfReader(out)
    assert len(reader.pages) == batch.pages == printed[0]
    source = PdfReader(io.BytesIO(batch.data))
    for ours, theirs in zip(reader.pages, source.pages, strict=True):  # orientation follows each page
        assert (ours.mediabox.width > ours.mediabox.height) == (
            theirs.mediabox.width > theirs.mediabox.height
        )
    assert out.stat().st_size > 10_000


class FakePrintDialog:
    """Stands in for QPrintDialog: the person picks 2 copies and a PDF file as the printer."""

    accepted = True
    output = Path()

    def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:
        pass

    def exec(self) -> QDialog.DialogCode:
        if not self.accepted:
            return QDialog.DialogCode.Rejected
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.output))
        self.printer.setResolution(150)
        self.printer.setCopyCount(2)
        return QDialog.DialogCode.Accepted


def test_print_button_goes_through_the_dialog_and_remembers_the_settings(
    preview: PrintPreview, batch: printing.PrintedPdf, settings: QSettings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    FakePrintDialog.output = tmp_path / "dialog.pdf"
    monkeypatch.setattr(preview_module, "QPrintDialog", FakePrintDialog)
    assert preview.print_document() == batch.pages
    assert len(PdfReader(FakePrintDialog.output).pages) == batch.pages
    assert int(str(settings.value("printing/copies"))) == 2
    printer = QPrinter()
    preview_module.restore_printer_settings(printer, settings)
    assert printer.copyCount() == 2
    monkeypatch.setattr(FakePrintDialog, "accepted", False)
    assert preview.print_document() == 0


def test_export_saves_the_same_bytes(
    preview: PrintPreview, batch: printing.PrintedPdf, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "导出" / "批量.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(preview_module, "choose_pdf_path", lambda parent, suggested: target)
    assert preview.export_pdf() == target
    assert target.read_bytes() == batch.data


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    demo.install_demo(store, today=date(YEAR, 9, 1))
    tasks = TaskRunner()
    main = MainWindow(store, tasks, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.set_year(YEAR)
    yield main
    for key in [k for k in main.tool_windows if k.startswith("print-")]:
        main.tool_windows[key].close()
    tasks.shutdown()


def select_demo_project(window: MainWindow) -> None:
    node = next(n for n in printing.catalog.load_tree(window.store, YEAR) if n.unit.code == DEMO_UNIT)
    project = next(p for p in node.projects if p.form_count)
    assert window.navigator.select(project)


def test_print_menu_previews_a_batch_and_a_project_form(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    menus = [a.text() for a in window.menuBar().actions()]
    assert "打印(&P)" in menus
    select_demo_project(window)
    monkeypatch.setattr(print_menu, "choose", lambda parent, title, text, options: options[0])
    window.extension_actions["print_unit"].trigger()
    window.tasks.wait_idle()
    batch = window.tool_windows[f"print-unit-{DEMO_UNIT}-all@{YEAR}"]
    assert isinstance(batch, PrintPreview) and batch.isVisible() and batch.page_count >= 3
    window.extension_actions["print_project"].trigger()
    window.tasks.wait_idle()
    form = next(w for k, w in window.tool_windows.items() if k.startswith("print-project-"))
    assert isinstance(form, PrintPreview) and form.title.endswith("绩效目标表")


def test_print_menu_summaries_open_previews(window: MainWindow) -> None:
    select_demo_project(window)
    for key in ("print_monitoring", "print_selfeval"):
        window.extension_actions[key].trigger()
        window.tasks.wait_idle()
    titles = [w.windowTitle() for k, w in window.tool_windows.items() if k.startswith("print-")]
    assert any("监控总览" in t for t in titles) and any("自评汇总" in t for t in titles)
