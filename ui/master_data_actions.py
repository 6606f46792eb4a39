"""What the 编辑 menu does to units and projects: open the dialogs, ask before deleting, and say
why a deletion is refused (a project that already has forms).

The dialogs are imported when first opened: the main window builds these actions at start-up,
and nothing of a dialog is needed before the person asks for one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.services import catalog
from perfdesk.services.catalog import ProjectRow, UnitRow
from ui import prompts

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class MasterDataActions(QObject):
    """Create, edit and delete the units and projects shown in ``window``'s tree."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def new_unit(self) -> None:
        self._open_unit_dialog(None)

    def edit_unit(self) -> None:
        unit = self._window.navigator.current_unit()
        if unit is not None:
            self._open_unit_dialog(unit)

    def _open_unit_dialog(self, unit: UnitRow | None) -> None:
        from ui.dialogs import UnitDialog

        window = self._window
        dialog = UnitDialog(window.store, unit, region_code=window.settings.county_code, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unit_saved.connect(self._on_unit_dialog_unit_saved)
        dialog.open()

    def _on_unit_dialog_unit_saved(self, unit: UnitRow) -> None:
        self._window.reload(select=unit)

    def new_project(self) -> None:
        from ui.dialogs import ProjectDialog

        window = self._window
        units = window.navigator.model.units()
        if not units:
            prompts.warn(
                window, "新建项目", "还没有预算单位。请先用“编辑 → 新建单位…”建立单位，再为它新建项目。"
            )
            return
        current = window.navigator.current_unit()
        dialog = ProjectDialog(
            window.store,
            window.navigator.year,
            units,
            unit_id=current.id if current else None,
            parent=window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.project_created.connect(self._on_project_dialog_project_created)
        dialog.open()

    def _on_project_dialog_project_created(self, project: ProjectRow) -> None:
        self._window.reload(select=project)

    def delete_selection(self) -> None:
        """Delete whatever is current in the tree: a project, or a unit with its projects."""
        row = self._window.navigator.current_row()
        if isinstance(row, ProjectRow):
            self._delete_project(row)
        elif isinstance(row, UnitRow):
            self._delete_unit(row)

    def delete_unit(self) -> None:
        """Delete the current unit, or the unit of the current project."""
        unit = self._window.navigator.current_unit()
        if unit is not None:
            self._delete_unit(unit)

    def delete_project(self) -> None:
        row = self._window.navigator.current_row()
        if isinstance(row, ProjectRow):
            self._delete_project(row)

    def _delete_unit(self, unit: UnitRow) -> None:
        window = self._window
        window.commit_pending()
        question = (
            f"确定删除{label('entity.unit')}“{unit.name}”（{unit.code}）吗？\n\n"
            "该单位在各年度的项目会一并删除，此操作不能撤销。"
        )
        if not prompts.confirm(window, "删除单位", question):
            return
        try:
            catalog.delete_unit(window.store, unit.id)
        except ValidationFailed as refused:
            prompts.warn(window, "不能删除", str(refused))
            return
        window.statusBar().showMessage(f"已删除单位“{unit.name}”", 5000)
        window.reload()

    def _delete_project(self, project: ProjectRow) -> None:
        window = self._window
        window.commit_pending()
        question = (
            f"确定删除{label('entity.project')}“{project.name}”（{project.code}）吗？\n\n此操作不能撤销。"
        )
        if not prompts.confirm(window, "删除项目", question):
            return
        try:
            catalog.delete_project(window.store, project.id)
        except ValidationFailed as refused:
            prompts.warn(window, "不能删除", str(refused))
            return
        window.statusBar().showMessage(f"已删除项目“{project.name}”", 5000)
        window.reload(select=window.navigator.current_unit())
