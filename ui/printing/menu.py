"""The main window's 打印 menu: preview (and from there print or save) a project's form, a unit's
forms in one PDF, the county's review sheet, the monitoring overview and the self-evaluation summary.

Light to import (start-up installs it): the preview window, PDFium and the renderers are imported
when first used. Every PDF is rendered on the task worker (``window.tasks.run``) with progress;
the preview opens on the UI thread when the bytes are ready.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from perfdesk.services.catalog import ProjectRow
from perfdesk.services.progress import Progress
from ui import errors
from ui import tasks as task_module

if TYPE_CHECKING:
    from perfdesk.services.printing import PrintedPdf
    from ui.main_window import MainWindow

ALL_FORMS = "全部表"
KIND_CHOICES = {
    ALL_FORMS: None,
    "绩效目标表": "targets",
    "绩效运行监控表": "monitoring",
    "项目支出绩效自评表": "selfeval",
}


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("打印(&P)")
    entries: Sequence[tuple[str, str, Callable[[MainWindow], None]]] = (
        ("print_project", "打印预览当前项目的表…", preview_project_form),
        ("print_unit", "批量打印本单位…", preview_unit_batch),
        ("print_review", "打印目标审核表…", preview_review_sheet),
        ("print_monitoring", "打印监控总览…", preview_monitoring_overview),
        ("print_selfeval", "打印自评汇总…", preview_selfeval_summary),
    )
    for key, text, handler in entries:
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, h=handler: h(window))
        menu.addAction(action)
        window.extension_actions[key] = action
        if key == "print_unit":
            menu.addSeparator()


def choose(parent: QWidget, title: str, text: str, options: list[str]) -> str | None:
    """Pick one of ``options`` (a test replaces this function); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    if len(options) == 1:
        return options[0]
    chosen, ok = QInputDialog.getItem(parent, title, text, options, 0, False)
    return str(chosen) if ok else None


def refuse(window: MainWindow, text: str) -> None:
    errors.show_message(window, QMessageBox.Icon.Information, "无法打印", text)


def _on_error(window: MainWindow) -> Callable[[BaseException], None]:
    def show(exc: BaseException) -> None:
        from perfdesk.reports.forms import ReportError

        if isinstance(exc, ReportError):
            errors.show_message(window, QMessageBox.Icon.Warning, "无法打印", str(exc))
        else:
            task_module.present_error(window, exc)

    return show


def render_and_preview(
    window: MainWindow, label: str, render: Callable[[Progress], PrintedPdf], name: str
) -> None:
    """Render on the worker, then open the preview (one per ``name`` and year, rebuilt each time)."""

    def show(printed: PrintedPdf) -> None:
        open_preview(window, printed, name)

    window.tasks.run(window, label, render, show, on_error=_on_error(window))


def open_preview(window: MainWindow, printed: PrintedPdf, name: str) -> QWidget:
    """A preview window of ``printed``; a second preview of the same thing replaces the first."""
    from ui.printing.preview import PrintPreview

    key = f"print-{name}@{window.navigator.year}"
    windows = window.tool_windows
    old = windows.pop(key, None)
    if old is not None:
        old.close()
    preview = PrintPreview(printed.data, printed.title, window)
    preview.setWindowFlag(Qt.WindowType.Window)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.destroyed.connect(
        lambda _obj=None: windows.pop(key, None) if windows.get(key) is preview else None
    )
    windows[key] = preview
    preview.show()
    preview.raise_()
    return preview


# ---------------------------------------------------------------- the menu's entries


def _selected_project(window: MainWindow, what: str) -> ProjectRow | None:
    row = window.navigator.current_row()
    if not isinstance(row, ProjectRow):
        refuse(window, f"请先在左侧选择一个项目，再{what}")
        return None
    return row


def preview_project_form(window: MainWindow) -> None:
    """打印预览当前项目的表…: one of the selected project's forms."""
    from perfdesk.services import printing

    project = _selected_project(window, "打印它的表")
    if project is None:
        return
    items = printing.project_items(window.store, project.id)
    if not items:
        refuse(window, f"项目“{project.name}”还没有填写任何表，没有可打印的内容")
        return
    titles = [item.title for item in items]
    chosen = choose(window, "打印预览", f"项目“{project.name}”的表：", titles)
    if chosen is None:
        return
    item = items[titles.index(chosen)]
    render_and_preview(
        window, "正在生成打印预览…", lambda _progress: printing.render_item(item), f"project-{item.record.id}"
    )


def preview_unit_batch(window: MainWindow) -> None:
    """批量打印本单位…: every form (or one kind) of the selected unit, in one PDF."""
    from perfdesk.services import printing

    unit = window.navigator.current_unit()
    if unit is None:
        refuse(window, "请先在左侧选择一个单位（或其中的项目），再批量打印")
        return
    year = window.navigator.year
    chosen = choose(window, "批量打印本单位", f"{unit.name} {year} 年度，打印哪些表：", list(KIND_CHOICES))
    if chosen is None:
        return
    kind = KIND_CHOICES[chosen]
    kinds = None if kind is None else (kind,)
    store = window.store

    def render(progress: Progress) -> PrintedPdf:
        return printing.render_unit_forms(store, year, unit.code, kinds, progress=progress)

    render_and_preview(window, f"正在生成 {unit.name} 的表…", render, f"unit-{unit.code}-{kind or 'all'}")


def preview_review_sheet(window: MainWindow) -> None:
    """打印目标审核表…: the county's review sheet of the selected project's target sheet."""
    from perfdesk.services import forms, printing

    project = _selected_project(window, "打印它的目标审核表")
    if project is None:
        return
    record = forms.find_document(window.store, project.id, "targets")
    if record is None:
        refuse(window, f"项目“{project.name}”还没有绩效目标表，没有审核表可打印")
        return
    store = window.store
    render_and_preview(
        window,
        "正在生成目标审核表…",
        lambda _progress: printing.render_review_sheet(store, record.id),
        f"review-{record.id}",
    )


def preview_monitoring_overview(window: MainWindow) -> None:
    """打印监控总览…: the monitoring lights of the year shown (of the selected unit, if any)."""
    from perfdesk.services import printing

    store, year, unit = window.store, window.navigator.year, window.navigator.current_unit()
    unit_id = unit.id if unit is not None else None
    render_and_preview(
        window,
        "正在生成监控总览…",
        lambda _progress: printing.render_monitoring_overview(store, year, unit_id),
        f"monitoring-{unit_id or 'all'}",
    )


def preview_selfeval_summary(window: MainWindow) -> None:
    """打印自评汇总…: the self-evaluation summary of the year shown (of the selected unit, if any)."""
    from perfdesk.services import printing

    store, year, unit = window.store, window.navigator.year, window.navigator.current_unit()
    unit_id = unit.id if unit is not None else None
    render_and_preview(
        window,
        "正在生成自评汇总…",
        lambda _progress: printing.render_selfeval_summary(store, year, unit_id),
        f"selfeval-{unit_id or 'all'}",
    )
