"""The target sheet (绩效目标表) editor: one window per open document.

``form_window.open_targets`` is the way in. The rooms: ``indicator_model`` (the grid's table model,
edits through the domain), ``delegates`` (一级/二级 choices, the merged look), ``grid`` (the table
view's keys: Tab/Enter, Insert/Delete, copy and paste), ``commands`` (every change as an undoable
command), ``goals_editor`` (年度总体目标 and 中期目标 as numbered lines), ``header`` (the read-only
project header), ``editor`` (the whole sheet: saving, status, 全审) and ``form_window``.
"""
