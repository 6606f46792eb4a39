"""The main window: the project tree of a year on the left, the selected item's detail on the right,
menus for master data, settings and the data folder (backup, restore), and a status bar.

Start-up waits for this window, so it is built from what it shows at once: the tree and the unit
summary, filled through the store's read path. The project detail is built when a project is first
selected and the dialogs are imported when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

import perfdesk
from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.services import catalog, reviews
from perfdesk.services.catalog import ProjectRow, UnitRow
from perfdesk.services.settings import AppSettings, load_settings
from perfdesk.services.store import Store
from ui import prompts
from ui.data_folder import DataFolderActions
from ui.form_actions import FormActions, available, install_menu_extensions
from ui.master_data_actions import MasterDataActions
from ui.navigator import ProjectNavigator
from ui.review.actions import ReviewActions
from ui.tasks import TaskRunner
from ui.unit_summary import UnitSummary, placeholder

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.project_detail import ProjectDetail

DEFAULT_SIZE = (1280, 800)
TREE_WIDTH = 500
STATE_GROUP = "main_window"


class MainWindow(QMainWindow):
    """Browse units and projects of a fiscal year and edit them.

    The window does not close the store it was given; after a restore it opens (and at close
    closes) the replacement itself. ``store`` is always the one in use.

    Signals:
        store_replaced(object): a restore put a new ``Store`` in place of the old (closed) one.
    """

    store_replaced = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, *, ui_state: QSettings | None = None) -> None:
        super().__init__()
        self._store = store
        self._owns_store = False
        self._ui_state = ui_state if ui_state is not None else QSettings("PerfDesk", "PerfDesk")
        self._settings = load_settings(store)
        self.setObjectName("mainWindow")

        self.navigator = ProjectNavigator()
        self._detail: ProjectDetail | None = None  # built when a project is first shown
        self.unit_summary = UnitSummary()
        self.placeholder = placeholder()
        self.pages = QStackedWidget()
        for page in (self.placeholder, self.unit_summary):
            self.pages.addWidget(page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([TREE_WIDTH, DEFAULT_SIZE[0] - TREE_WIDTH])
        self.setCentralWidget(self.splitter)

        self.tasks = tasks
        self.tool_windows: dict[str, QWidget] = {}  # overviews and summaries, one per kind and year
        self.extension_actions: dict[str, QAction] = {}  # actions the menu extensions added
        self.data_folder = DataFolderActions(self, tasks)
        self.form_actions = FormActions(self)
        self.master_data = MasterDataActions(self)
        self.review_actions = ReviewActions(self)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.navigator.current_changed.connect(self._on_navigator_current_changed)
        self.navigator.year_changed.connect(self._on_navigator_year_changed)
        self.navigator.new_year_requested.connect(self._on_navigator_new_year_requested)
        self.unit_summary.edit_requested.connect(self.master_data.edit_unit)

        self._apply_settings(self._settings)
        self._show_years(self._default_year())
        self.reload()
        self._restore_geometry()

    # ------------------------------------------------------------ building

    def _action(self, text: str, slot: object, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        folder, master = self.data_folder, self.master_data
        self.backup_action = self._action("备份数据库…", folder.backup)
        self.restore_action = self._action("从备份恢复…", folder.restore)
        self.open_folder_action = self._action("打开数据文件夹", folder.open_folder)
        self.quit_action = self._action("退出", self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        self.new_unit_action = self._action("新建单位…", master.new_unit)
        self.edit_unit_action = self._action("编辑单位…", master.edit_unit)
        self.delete_unit_action = self._action("删除单位", master.delete_unit)
        self.new_project_action = self._action(
            "新建项目…", master.new_project, QKeySequence(QKeySequence.StandardKey.New)
        )
        self.delete_project_action = self._action("删除项目", master.delete_project)
        self.find_action = self._action(
            "查找项目", self._on_find_action_triggered, QKeySequence(QKeySequence.StandardKey.Find)
        )
        self.settings_action = self._action("设置…", self._on_settings_action_triggered)
        self.form_open_actions = {}
        for number, kind in enumerate(("targets", "monitoring", "selfeval"), start=1):
            action = self._action(
                f"{label('form.' + kind)}…",
                lambda _checked=False, k=kind: self.form_actions.open(k),
                QKeySequence(f"Ctrl+{number}"),
            )
            action.setEnabled(available(kind))
            self.form_open_actions[kind] = action
        self.target_overview_action = self._action("目标总览…", self.review_actions.open_overview)
        self.checklist_action = self._action("审核清单设置…", self.review_actions.edit_checklist)
        self.about_action = self._action("关于", self._on_about_action_triggered)
        # Delete acts on the tree only, so it never steals the key from a text field.
        self.delete_selection_action = self._action(
            "删除", master.delete_selection, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.delete_selection_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.navigator.tree.addAction(self.delete_selection_action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.backup_action, self.restore_action])
        file_menu.addSeparator()
        file_menu.addAction(self.open_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.new_unit_action, self.edit_unit_action, self.delete_unit_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_project_action, self.delete_project_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        bar.addMenu("表单(&B)").addActions(list(self.form_open_actions.values()))
        bar.addMenu("绩效目标(&G)").addActions([self.target_overview_action, self.checklist_action])
        install_menu_extensions(self)
        bar.addMenu("工具(&T)").addAction(self.settings_action)
        bar.addMenu("帮助(&H)").addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.mode_label = QLabel()
        self.folder_label = QLabel()
        self.folder_label.setStyleSheet("color: #5f6b7a;")
        status = self.statusBar()
        for widget in (self.counts_label, self.mode_label, self.folder_label):
            widget.setContentsMargins(8, 0, 8, 0)
            status.addPermanentWidget(widget)

    # ------------------------------------------------------------ public

    @property
    def store(self) -> Store:
        """The store in use (a restore replaces it)."""
        return self._store

    @property
    def settings(self) -> AppSettings:
        return self._settings

    @property
    def detail(self) -> ProjectDetail:
        """The project detail page, built on first use (start-up shows no project, so it waits)."""
        if self._detail is None:
            from ui.project_detail import ProjectDetail

            self._detail = ProjectDetail(self._store, self._settings.money_decimals)
            self._detail.project_saved.connect(self._on_detail_project_saved)
            self._detail.form_requested.connect(self.form_actions.open)
            self.pages.addWidget(self._detail)
        return self._detail

    def commit_pending(self) -> None:
        """Save what was typed into the detail but not yet committed (before deleting, restoring, closing)."""
        if self._detail is not None:
            self._detail.commit_pending()

    def reload(self, select: UnitRow | ProjectRow | None = None) -> None:
        """Load the chosen year's tree again, keeping (or moving to) the selection."""
        keep = select if select is not None else self.navigator.current_row()
        nodes = catalog.load_tree(self._store, self.navigator.year)
        self.navigator.show_tree(nodes, self._settings.money_decimals, keep)
        self.navigator.model.set_poor_targets(reviews.poor_target_projects(self._store, self.navigator.year))
        self.counts_label.setText(
            f"{self.navigator.model.unit_count} 个单位，{self.navigator.model.project_count} 个项目"
        )

    def set_year(self, year: int) -> None:
        """Show fiscal year ``year`` (added to the switcher if it has no projects yet)."""
        self._show_years(year)
        self.reload()

    def set_filter_text(self, text: str) -> None:
        """Search as if typed into the search box."""
        self.navigator.set_filter_text(text)

    def replace_store(self, store: Store) -> None:
        """Work on ``store`` from now on (after a restore); the window closes it at the end."""
        self._store = store
        self._owns_store = True
        if self._detail is not None:
            self._detail.set_store(store)
        self._apply_settings(load_settings(store))
        year = self.navigator.year
        self._show_years(year if year in catalog.list_years(store) else self._default_year())
        self.reload()
        self.store_replaced.emit(store)

    # ------------------------------------------------------------ years and settings

    def _default_year(self) -> int:
        years = catalog.list_years(self._store)
        this_year = self._store.clock().year
        if not years or this_year in years:
            return this_year
        return max(y for y in years if y <= this_year) if min(years) <= this_year else years[0]

    def _show_years(self, current: int) -> None:
        self.navigator.set_years(catalog.list_years(self._store), current)

    def _apply_settings(self, settings: AppSettings) -> None:
        self._settings = settings
        self.navigator.model.set_money_decimals(settings.money_decimals)
        if self._detail is not None:
            self._detail.set_money_decimals(settings.money_decimals)
        county = settings.county_name.strip()
        self.setWindowTitle(f"{label('app.title')} — {county}" if county else label("app.title"))
        self.mode_label.setText(label(f"mode.{settings.mode}"))
        self.folder_label.setText(f"{label('settings.data_dir')}：{self._store.data_dir}")

    def _on_navigator_year_changed(self, _year: int) -> None:
        self.reload()

    def _on_navigator_new_year_requested(self) -> None:
        years = catalog.list_years(self._store)
        year = prompts.ask_year(self, max(years) + 1 if years else self._store.clock().year)
        if year is None:
            return
        try:
            catalog.add_year(self._store, year)
        except ValidationFailed as refused:
            prompts.warn(self, "不能新建年度", str(refused))
            return
        self.set_year(year)

    def _on_settings_action_triggered(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_saved.connect(self._apply_settings)
        dialog.open()

    # ------------------------------------------------------------ selection

    def _on_navigator_current_changed(self, row: UnitRow | ProjectRow | None) -> None:
        if isinstance(row, ProjectRow):
            self.detail.show_project(row, self.navigator.current_unit())
            self.pages.setCurrentWidget(self.detail)
        else:
            if self._detail is not None:
                self._detail.show_project(None)
            if isinstance(row, UnitRow):
                model = self.navigator.model
                self.unit_summary.show_unit(row, model.rowCount(model.unit_index(row.id)))
                self.pages.setCurrentWidget(self.unit_summary)
            else:
                self.pages.setCurrentWidget(self.placeholder)
        self._update_actions()

    def _on_detail_project_saved(self, project: ProjectRow) -> None:
        self.navigator.model.replace_project(project)

    def _update_actions(self) -> None:
        row = self.navigator.current_row()
        has_unit = self.navigator.current_unit() is not None
        for action in (self.edit_unit_action, self.delete_unit_action):
            action.setEnabled(has_unit)
        self.delete_project_action.setEnabled(isinstance(row, ProjectRow))
        self.delete_selection_action.setEnabled(row is not None)

    def _on_find_action_triggered(self) -> None:
        self.navigator.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.navigator.search_box.selectAll()

    # ------------------------------------------------------------ help, geometry, closing

    def _on_about_action_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("关于")
        box.setText(
            f"<b>{label('app.title')}</b><br>版本 {perfdesk.__version__}<br><br>"
            "县乡两级预算绩效管理：绩效目标、运行监控、自评、打印与离线报送。"
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _restore_geometry(self) -> None:
        geometry = self._ui_state.value(f"{STATE_GROUP}/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        splitter = self._ui_state.value(f"{STATE_GROUP}/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending()
        self._ui_state.setValue(f"{STATE_GROUP}/geometry", self.saveGeometry())
        self._ui_state.setValue(f"{STATE_GROUP}/splitter", self.splitter.saveState())
        self._ui_state.sync()
        if self._owns_store:
            self._store.close()
            self._owns_store = False
        super().closeEvent(event)
