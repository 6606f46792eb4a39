"""What the main window's 绩效目标 menu does: 目标总览… (one overview window of the year shown) and
审核清单设置…. The windows are imported when first opened: nothing of them is needed at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from perfdesk.services import catalog

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.review.checklist_editor import ChecklistEditor
    from ui.review.target_overview import TargetOverviewView

OVERVIEW_SIZE = (1180, 640)


class ReviewActions(QObject):
    """Open the target overview and the checklist editor for ``window``'s store and year."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.overview: TargetOverviewView | None = None

    def open_overview(self) -> TargetOverviewView:
        """Show the overview of the year in the tree (county mode: double-click reviews)."""
        from ui.review.target_overview import TargetOverviewView

        window = self._window
        year = window.navigator.year
        if self.overview is None or self.overview.year != year:
            if self.overview is not None:
                self.overview.close()
            settings = window.settings
            overview = TargetOverviewView(
                window.store, year, county_mode=settings.mode == "county", decimals=settings.money_decimals,
                parent=window,
            )  # fmt: skip
            overview.setWindowFlag(Qt.WindowType.Window)
            overview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            overview.resize(*OVERVIEW_SIZE)
            overview.open_requested.connect(self._on_overview_open_requested)
            overview.reviews_changed.connect(self._on_overview_reviews_changed)
            overview.destroyed.connect(self._on_overview_destroyed)
            self.overview = overview
        self.overview.show()
        self.overview.raise_()
        return self.overview

    def edit_checklist(self) -> ChecklistEditor:
        from ui.review.checklist_editor import ChecklistEditor

        dialog = ChecklistEditor(self._window.store, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_overview_destroyed(self) -> None:
        self.overview = None

    def _on_overview_reviews_changed(self) -> None:
        self._window.reload()  # the tree marks 差 again

    def _on_overview_open_requested(self, project_id: int) -> None:
        """Show the project in the tree and open its target sheet."""
        window = self._window
        project = catalog.get_project(window.store, project_id)
        if project.fiscal_year != window.navigator.year:
            window.set_year(project.fiscal_year)
        window.navigator.select(project)
        window.form_actions.open("targets", project_id)
