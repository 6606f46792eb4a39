"""The self-evaluation sheet (项目支出绩效自评表) editor and the unit's self-evaluation summary.

``form_window.open_selfeval`` is the way in. The rooms: ``columns`` (the indicator grid's columns
and the rules of a typed cell), ``indicator_model`` (the grid: 实际完成值, 完成档次, 分值, 得分 with its
arithmetic, 不适用, 偏差原因), ``funds_model`` (the money block and its score), ``tables`` (the
grids' view and cell editors), ``texts`` (预期目标/实际完成情况, 评价结论/存在问题/改进措施,
signatures), ``score_bar`` (总分, 等级, 人工认定, the profile chooser), ``row_actions`` (调整得分…
and 不适用 on a row), ``asks`` and ``override_dialog`` (their questions), ``sheet_layout`` (where
the parts sit), ``editor`` (the whole sheet: saving, undo, scoring as you type, 全审),
``form_window`` and ``summary`` (every project's total and grade, 中 and 差 first).

The scores are :func:`perfdesk.domain.scoring.score_self_evaluation`'s, recomputed after every
committed change; nothing here computes a score. The undo commands, the findings panel, the
project header and 全审/标记完成/重新打开 are the target sheet's (``ui.targets``).
"""
