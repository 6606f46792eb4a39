"""The layout model shared by the PDF and the workbook: placing cells, merging groups, hashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfdesk.domain.document import FormDoc
from perfdesk.reports.fonts import FONT_NAME, register_cjk_font, string_width
from perfdesk.reports.forms import ReportError, build_sheet
from perfdesk.reports.sheet import Cell, Placed, merge_runs, package_hash, place
from perfdesk.reports.sheet_common import numbered_goals, with_unit

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def doc(name: str) -> FormDoc:
    return FormDoc(json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8")))


def test_cells_skip_the_columns_a_rowspan_from_above_holds() -> None:
    rows = [
        (Cell("项目资金", rowspan=3), Cell("年度资金总额", colspan=2), Cell("120.00")),
        (Cell("其中：财政拨款", colspan=2), Cell("100.00")),
        (Cell("其他资金", colspan=2), Cell("20.00")),
    ]
    placed = place(rows, 4)
    assert [(p.row, p.col, p.rowspan, p.colspan) for p in placed] == [
        (0, 0, 3, 1),
        (0, 1, 1, 2),
        (0, 3, 1, 1),
        (1, 1, 1, 2),
        (1, 3, 1, 1),
        (2, 1, 1, 2),
        (2, 3, 1, 1),
    ]


def test_a_row_wider_than_the_grid_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="wider"):
        place([(Cell("a", colspan=3), Cell("b"))], 3)


def grid(rows: list[tuple[str, str, str]]) -> list[Placed]:
    return place([tuple(Cell(text) for text in row) for row in rows], 3)


def test_groups_merge_down_and_a_second_level_only_inside_its_first() -> None:
    rows = [
        ("一级指标", "二级指标", "三级指标"),
        ("产出指标", "数量指标", "a"),
        ("产出指标", "数量指标", "b"),
        ("产出指标", "质量指标", "c"),
        ("效益指标", "质量指标", "d"),  # same 二级 text, other 一级: not merged with the row above
        ("效益指标", "", "e"),
        ("效益指标", "", "f"),  # empty cells never merge
    ]
    assert merge_runs(grid(rows), (0, 1), 1) == [(0, 1, 3), (0, 4, 6), (1, 1, 2)]


def test_the_heading_never_merges_with_the_body() -> None:
    rows = [("一级指标", "x", "y"), ("一级指标", "x", "z")]
    assert merge_runs(grid(rows), (0,), 1) == []
    assert merge_runs(grid(rows), (0,), 0) == [(0, 0, 1)]


def test_goal_lines_are_numbered_unless_the_preparer_numbered_them() -> None:
    assert numbered_goals(["修建道路3公里", "", "带动增收"]) == "目标1：修建道路3公里\n目标2：带动增收"
    kept = ["目标1：修路", "2. 增收", "（三）绿化", "四、管护"]
    assert numbered_goals(kept) == "\n".join(kept)


@pytest.mark.parametrize(
    ("actual", "target", "shown"),
    [
        ("3.2", "≥3公里", "3.2公里"),
        ("480人", "≥500人", "480人"),
        ("明显", "明显改善", "明显"),
        ("abc", "≥3公里", "abc"),
    ],
)
def test_actuals_take_the_unit_of_their_target(actual: str, target: str, shown: str) -> None:
    assert with_unit(actual, target) == shown


def test_the_package_hash_is_read_only_when_it_is_a_sha256() -> None:
    raw = dict(doc("targets-road").raw)
    assert package_hash(FormDoc(raw)) == ""
    raw["package"] = {"sha256": "ab" * 32}
    assert package_hash(FormDoc(raw)) == "ab" * 32
    raw["package"] = {"sha256": "not a hash"}
    assert package_hash(FormDoc(raw)) == ""


def test_the_bundled_font_is_registered_once_under_one_name() -> None:
    first, second = register_cjk_font(), register_cjk_font()
    assert first is second
    assert first.name == FONT_NAME and first.subfont == 0
    assert first.path.name in ("wqy-microhei.ttc", "simsun.ttc")
    assert string_width("项目名称", 10) == pytest.approx(40, abs=2)  # a CJK glyph is one em wide


@pytest.mark.parametrize("name", ["targets-road", "selfeval-road", "monitoring-road"])
def test_every_row_of_every_block_fills_the_grid(name: str) -> None:
    sheet = build_sheet(doc(name))
    for block in sheet.blocks:
        placed = place(block.rows, sheet.columns)
        covered = {
            (p.row + dr, p.col + dc) for p in placed for dr in range(p.rowspan) for dc in range(p.colspan)
        }
        assert covered == {(r, c) for r in range(len(block.rows)) for c in range(sheet.columns)}


def test_an_unknown_kind_is_refused_in_chinese() -> None:
    raw = dict(doc("targets-road").raw, kind="review")
    with pytest.raises(ReportError) as caught:
        build_sheet(FormDoc(raw))
    assert caught.value.code == "print.unsupported"
    assert str(caught.value) == "暂不支持打印review（kind 为 review）"


def test_on_windows_the_system_simsun_is_preferred_when_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfdesk.reports import fonts

    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    assert fonts.windows_simsun() is None
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simsun.ttc").write_bytes(b"not a font")
    assert fonts.windows_simsun() == tmp_path / "Fonts" / "simsun.ttc"
    # A system font that cannot be loaded falls back to the bundled one.
    fonts.register_cjk_font.cache_clear()
    try:
        chosen = fonts.register_cjk_font()
        assert chosen.path.name == "wqy-microhei.ttc"
    finally:
        monkeypatch.undo()
        fonts.register_cjk_font.cache_clear()
        fonts.register_cjk_font()


def test_elsewhere_the_bundled_font_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfdesk.reports import fonts

    monkeypatch.setattr(fonts.sys, "platform", "linux")
    assert fonts.windows_simsun() is None
