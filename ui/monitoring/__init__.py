"""The monitoring sheet (绩效运行监控表) editor and the monitoring overview.

``form_window.open_monitoring`` is the way in. The rooms: ``indicator_model`` (the indicator grid
over the document's rows, each row's light computed again as it changes), ``money_model`` (the
money block and its light), ``cell_rules`` (what a typed cell stores, through the domain's
readers), ``cells`` (Delete and paste over several cells), ``delegates`` (偏差原因 ticked in a
list, 完成目标可能性 and 达成/部分达成/未达成 chosen), ``tables`` (the two grids' views), ``goals``
(年度总体目标 read-only, 进展情况 typed), ``lights`` and ``period`` (how a light and the period
read), ``sheet_layout``, ``editor`` (the whole sheet: saving, undo, 全审), ``form_window`` and
``overview`` (运行监控总览).

The undo commands, the findings panel, the project header and 全审/标记完成/重新打开 are the
target sheet's (``ui.targets.commands``, ``findings_panel``, ``header``, ``completion``).
"""
