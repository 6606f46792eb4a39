"""Pasting indicator rows copied from Excel or WPS: what arrives, and what is refused and why."""

from __future__ import annotations

import pytest

from perfdesk.domain.library import LibraryEntry
from perfdesk.domain.paste import (
    is_garbled,
    library_rows,
    parse_pasted_rows,
    place_rows,
    split_records,
    tidy_text,
)

# A road project's indicator table as WPS copies it: a header row, merged 一级/二级 cells copied as
# empty cells below their first row, CRLF line ends, a quoted cell with a line break inside.
WPS_BLOCK = (
    "一级指标\t二级指标\t三级指标\t指标值\t分值\t指标解释\r\n"
    "产出指标\t数量指标\t新建村内道路里程\t>=3公里\t15\t以竣工验收报告为准\r\n"
    "\t\t受益村民小组数\t=2个\t5\t\r\n"
    '\t质量指标\t"项目(工程)验收\n合格率"\t１００％\t10\t\r\n'
    "\t时效指标\t项目完成及时率\t≥\u00a095%\t5\t\r\n"
    "效益指标\t社会效益指标\t受益脱贫(监测)人口数\t≥500人\t10\t\r\n"
    "\t\t满意度\t≥95%\t10\t\r\n"
)


def _names(rows: list[dict[str, str]]) -> list[str]:
    return [row["lv3"] for row in rows]


def test_a_wps_block_arrives_with_merged_cells_filled_and_values_normalised() -> None:
    result = parse_pasted_rows(WPS_BLOCK, "classic")
    assert result.refused == []
    assert _names(result.rows) == [
        "新建村内道路里程", "受益村民小组数", "项目(工程)验收合格率", "项目完成及时率", "受益脱贫(监测)人口数",
        "满意度",
    ]  # fmt: skip
    first, second, third, fourth, fifth, sixth = result.rows
    assert first == {
        "lv1": "产出指标", "lv2": "数量指标", "lv3": "新建村内道路里程", "value": "≥3公里", "weight": "15",
        "explanation": "以竣工验收报告为准",
    }  # fmt: skip
    assert (second["lv1"], second["lv2"]) == ("产出指标", "数量指标")
    assert (third["lv2"], third["value"]) == ("质量指标", "=100%")
    assert (fourth["lv1"], fourth["lv2"], fourth["value"]) == ("产出指标", "时效指标", "≥95%")
    assert (sixth["lv1"], sixth["lv2"]) == ("效益指标", "社会效益指标")
    assert fifth["value"] == "≥500人"
    assert [note.line_no for note in result.notes] == [1]  # the header row, skipped and said so
    assert "表头" in result.notes[0].reason


def test_garbled_rows_and_a_bad_lv2_are_refused_naming_line_and_reason() -> None:
    block = (
        "产出指标\t数量指标\t新建村内道路里程\t≥3公里\t15\n"
        "\t\tÃ¤Â¸Â­æ–‡æŒ‡æ ‡\t≥95%\t5\n"  # UTF-8 read as Latin-1
        "\t\t受益户数\t锟斤拷\t5\n"
        "\t\t道路宽度\t≥4.5\ufffd米\t5\n"
        "效益指标\t环境效益指标\t人居环境\t明显改善\t5\n"
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥95%\t10\n"
    )
    result = parse_pasted_rows(block, "classic")
    assert _names(result.rows) == ["新建村内道路里程", "群众满意度"]
    refused = {row.line_no: row.reason for row in result.refused}
    assert sorted(refused) == [2, 3, 4, 5]
    assert all("乱码" in refused[n] for n in (2, 3, 4))
    assert "二级指标“环境效益指标”不在一级指标“效益指标”下" in refused[5]
    assert "社会效益指标" in refused[5]  # the choices are named
    report = result.report()
    assert "已粘贴 2 行指标" in report and "第2行：含有乱码" in report and "第5行：二级指标" in report


def test_gbk_read_as_latin1_is_garbled_but_real_latin1_symbols_are_not() -> None:
    assert is_garbled("²ú³öÖ¸±ê")  # 产出指标 in GBK bytes shown as Latin-1
    assert not is_garbled("≥××人")
    assert not is_garbled("≤30m²")
    assert not is_garbled("±5%")


def test_a_value_the_parser_refuses_is_refused_with_the_parsers_message() -> None:
    result = parse_pasted_rows("产出指标\t数量指标\t道路里程\t3-5公里\t10\n", "classic")
    assert result.rows == []
    assert result.refused[0].line_no == 1
    assert "区间" in result.refused[0].reason


def test_an_lv1_not_in_the_framework_and_a_missing_lv3_are_refused() -> None:
    block = "成本指标\t经济成本指标\t单位造价\t≤40万元/公里\n产出指标\t数量指标\t\t≥3公里\n"
    result = parse_pasted_rows(block, "classic")
    reasons = [row.reason for row in result.refused]
    assert "一级指标“成本指标”不在通用指标体系" in reasons[0]
    assert "缺少三级指标" in reasons[1]
    in_2021 = parse_pasted_rows(block, "2021")
    assert _names(in_2021.rows) == ["单位造价"]


def test_rows_under_a_refused_first_row_are_refused_too_rather_than_filed_wrongly() -> None:
    block = "产出指标\t数量指标\t里程\t≥3公里\n²ú³ö\t\t合格率\t100%\n\t\t及时率\t≥95%\n"
    result = parse_pasted_rows(block, "classic")
    assert _names(result.rows) == ["里程"]
    assert [row.line_no for row in result.refused] == [2, 3]
    assert "沿用上一行" in result.refused[1].reason


def test_extra_columns_are_ignored_but_reported_and_a_bad_weight_refused() -> None:
    block = "产出指标\t数量指标\t里程\t≥3公里\t10\t说明\t备用列\t\n产出指标\t质量指标\t合格率\t=100%\t十分\n"
    result = parse_pasted_rows(block, "classic")
    assert _names(result.rows) == ["里程"]
    assert result.rows[0]["explanation"] == "说明"
    assert result.notes[0].line_no == 1 and "备用列" in result.notes[0].reason
    assert result.refused[0].line_no == 2 and "分值“十分”" in result.refused[0].reason


def test_full_width_digits_letters_and_stray_spaces_are_tidied() -> None:
    block = " 产出 指标 \t数量\u3000指标\t新建 道路 里程（ＡＢ段）\t＞＝２０平方米\t１０\n"
    row = parse_pasted_rows(block, "classic").rows[0]
    assert row == {
        "lv1": "产出指标", "lv2": "数量指标", "lv3": "新建道路里程（AB段）", "value": "≥20平方米", "weight": "10",
        "explanation": "",
    }  # fmt: skip


def test_lv1_is_filled_from_a_known_lv2_and_group_title_rows_carry_on() -> None:
    block = "\t时效指标\t完成及时率\t≥95%\n效益指标\t社会效益指标\n\t\t受益人口\t≥500人\n"
    result = parse_pasted_rows(block, "classic")
    assert [(r["lv1"], r["lv2"]) for r in result.rows] == [
        ("产出指标", "时效指标"),
        ("效益指标", "社会效益指标"),
    ]
    assert result.refused == []


def test_excel_quoting_and_blank_lines() -> None:
    text = 'a\t"say ""hi""\tthere"\tc\r\n\r\n"x\ny"\t"unclosed\n"q"z\tw\t'
    assert split_records(text) == [
        ["a", 'say "hi"\tthere', "c"], [""], ["x\ny", '"unclosed'], ['"q"z', "w", ""],
    ]  # fmt: skip
    assert parse_pasted_rows("\r\n\t\t\r\n", "classic") == parse_pasted_rows("", "classic")


def test_chinese_lines_in_a_cell_join_without_a_space_and_latin_words_with_one() -> None:
    row = parse_pasted_rows('产出\t数量\t"新建道路\n里程"\t≥3km\t\t"as per\nreport"\n', "classic").rows[0]
    assert (row["lv3"], row["explanation"]) == ("新建道路里程", "as per report")
    assert tidy_text("  受益  人口\u00a0数 ") == "受益人口数"


@pytest.mark.parametrize(
    "framework, expected", [("classic", ("产出指标", "成本指标")), ("2021", ("成本指标", "经济成本指标"))]
)
def test_library_rows_keep_the_template_and_move_to_the_framework(
    framework: str, expected: tuple[str, str]
) -> None:
    entry = LibraryEntry(
        "衔接资金", "农村道路", "产出指标", "成本指标", "单位造价", "≤**万元/公里", "含路基", 1
    )
    row = library_rows([entry], framework)[0]
    assert (row["lv1"], row["lv2"]) == expected
    assert (row["value"], row["explanation"], row["core"]) == ("≤**万元/公里", "含路基", 1)


def test_place_rows_puts_new_rows_at_the_end_of_their_group_in_framework_order() -> None:
    existing: list[dict[str, object]] = [
        {"lv1": "产出指标", "lv2": "数量指标", "lv3": "a"},
        {"lv1": "产出指标", "lv2": "时效指标", "lv3": "b"},
        {"lv1": "满意度指标", "lv2": "服务对象满意度指标", "lv3": "c"},
    ]
    new: list[dict[str, object]] = [
        {"lv1": "产出指标", "lv2": "数量指标", "lv3": "a2"},
        {"lv1": "产出指标", "lv2": "质量指标", "lv3": "q"},
        {"lv1": "效益指标", "lv2": "社会效益指标", "lv3": "s"},
    ]
    placed = place_rows(existing, new, "classic")
    assert [row["lv3"] for row in placed] == ["a", "a2", "q", "b", "s", "c"]
