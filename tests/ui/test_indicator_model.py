"""The indicator grid's model: a well-behaved Qt model whose edits go through the domain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from perfdesk.domain.findings import Finding, Severity
from ui.targets.indicator_model import (
    COL_CORE,
    COL_EXPLANATION,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_VALUE,
    COL_WEIGHT,
    CONTINUES_ROLE,
    PROBLEM_ROLE,
    IndicatorModel,
    cell_of,
)

ROAD = Path(__file__).resolve().parents[1] / "data" / "documents" / "targets-road.json"
EDIT = Qt.ItemDataRole.EditRole
DISPLAY = Qt.ItemDataRole.DisplayRole


def road_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ROAD.read_text(encoding="utf-8"))["indicators"]
    return rows


@pytest.fixture
def model() -> IndicatorModel:
    filled = IndicatorModel("classic")
    filled.set_rows(road_rows())
    return filled


def test_the_model_passes_qtmodeltester(qtmodeltester: Any, model: IndicatorModel) -> None:
    qtmodeltester.check(model, force_py=True)
    empty = IndicatorModel("2021")
    qtmodeltester.check(empty, force_py=True)


def test_columns_read_as_the_form_and_merged_groups_show_once(model: IndicatorModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释", "★"]
    assert model.index(0, COL_LV1).data(DISPLAY) == "产出指标"
    assert model.index(1, COL_LV1).data(DISPLAY) == ""  # same 一级 as above: drawn merged
    assert model.index(1, COL_LV1).data(EDIT) == "产出指标"
    assert model.index(1, COL_LV2).data(CONTINUES_ROLE) is True
    assert model.index(2, COL_LV2).data(DISPLAY) == "质量指标"
    assert model.index(8, COL_CORE).data(DISPLAY) == "★★★"
    assert not model.flags(model.index(8, COL_CORE)) & Qt.ItemFlag.ItemIsEditable


def test_a_value_is_stored_as_the_parser_writes_it(model: IndicatorModel) -> None:
    assert model.setData(model.index(0, COL_VALUE), ">=3.50公里")
    assert model.index(0, COL_VALUE).data() == "≥3.5公里"
    assert model.setData(model.index(1, COL_VALUE), "≥９５％")
    assert model.rows()[1]["value"] == "≥95%"


def test_a_refused_value_keeps_the_old_one_and_says_why(qtbot: Any, model: IndicatorModel) -> None:
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(model.index(0, COL_VALUE), "3-5公里")
    row, column, reason = refused.args
    assert (row, column) == (0, COL_VALUE) and "区间" in reason
    assert model.index(0, COL_VALUE).data() == "≥3公里"


def test_lv1_and_lv2_must_be_in_the_framework(qtbot: Any, model: IndicatorModel) -> None:
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(model.index(0, COL_LV2), "社会效益指标")
    assert "不在一级指标“产出指标”下" in refused.args[2] and "属于“效益指标”" in refused.args[2]
    assert model.setData(model.index(0, COL_LV1), "效益")  # leniently matched, stored as spelled
    row = model.rows()[0]
    assert (row["lv1"], row["lv2"]) == ("效益指标", "")  # 数量指标 is no 二级 of 效益指标
    assert model.setData(model.index(0, COL_LV2), "社会效益")
    assert model.rows()[0]["lv2"] == "社会效益指标"
    blank = IndicatorModel("classic")
    blank.set_rows([{"lv1": "", "lv2": "", "lv3": "x", "value": ""}])
    assert blank.setData(blank.index(0, COL_LV2), "时效指标")  # the 一级 follows from the 二级
    assert blank.rows()[0]["lv1"] == "产出指标"


def test_weight_lv3_and_explanation(qtbot: Any, model: IndicatorModel) -> None:
    assert model.setData(model.index(0, COL_WEIGHT), "１５分")
    assert model.rows()[0]["weight"] == "15"
    with qtbot.waitSignal(model.edit_refused):
        assert not model.setData(model.index(0, COL_WEIGHT), "高")
    with qtbot.waitSignal(model.edit_refused):
        assert not model.setData(model.index(0, COL_LV3), "长" * 101)
    assert model.setData(model.index(0, COL_EXPLANATION), "以竣工验收报告为准，含（支线）")
    assert model.rows()[0]["explanation"] == "以竣工验收报告为准，含（支线）"
    assert model.setData(model.index(0, COL_VALUE), "")  # a value may be cleared, the rules report it
    assert model.rows()[0]["value"] == ""


def test_a_placeholder_is_shown_as_a_problem_and_unknown_fields_are_kept() -> None:
    model = IndicatorModel("classic")
    model.set_rows(
        [{"lv1": "效益指标", "lv2": "社会效益指标", "lv3": "受益人口", "value": "≥**人", "actual": "9"}]
    )
    assert "占位符" in model.index(0, COL_VALUE).data(PROBLEM_ROLE)
    assert model.index(0, COL_VALUE).data(Qt.ItemDataRole.ForegroundRole) is not None
    model.setData(model.index(0, COL_VALUE), "≥520人")
    assert model.index(0, COL_VALUE).data(PROBLEM_ROLE) == ""
    assert model.rows()[0]["actual"] == "9"


def test_edits_go_on_the_undo_stack_when_one_is_attached(model: IndicatorModel) -> None:
    stack = QUndoStack()
    model.set_undo_stack(stack)
    model.setData(model.index(0, COL_VALUE), "≥4公里")
    model.setData(model.index(0, COL_VALUE), "≥4公里")  # no change, no step
    assert stack.count() == 1 and stack.text(0) == "修改第1行指标值"
    stack.undo()
    assert model.rows()[0]["value"] == "≥3公里"
    stack.redo()
    assert model.rows()[0]["value"] == "≥4公里"


def test_findings_mark_their_cells_and_read_only_locks_every_cell(model: IndicatorModel) -> None:
    finding = Finding("value.no_unit", Severity.ERROR, "indicators[2].value", "缺少计量单位")
    model.set_findings([finding, Finding("x", Severity.WARNING, "indicators[4]", "提示")])
    assert "缺少计量单位" in model.index(2, COL_VALUE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, COL_VALUE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(4, COL_LV3).data(Qt.ItemDataRole.BackgroundRole) is not None
    model.set_read_only(True)
    assert not model.setData(model.index(0, COL_LV3), "改名")
    assert not any(
        model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )
    assert cell_of("indicators[3].weight") == (3, COL_WEIGHT)
    assert cell_of("indicators[lv3=受益人口]") is None and cell_of("goals.annual") is None
