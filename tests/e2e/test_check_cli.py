"""``perfdesk check FILE.json``: run as a person runs it, in a fresh interpreter, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
ROAD = DOCUMENTS / "targets-road.json"


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "check", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def road() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(ROAD.read_text(encoding="utf-8"))
    return doc


def write(tmp_path: Path, doc: object, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["targets-road.json", "targets-subsidy.json", "targets-training.json"])
def test_a_clean_sheet_passes(name: str) -> None:
    result = check(DOCUMENTS / name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有发现问题，可以标记为完成" in result.stdout
    assert result.stderr == ""


def test_an_error_is_listed_in_chinese_and_exits_1(tmp_path: Path) -> None:
    doc = road()
    doc["project"]["manager"] = ""
    doc["indicators"][0]["value"] = "≥**公里"
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    out = result.stdout
    assert "错误 [target.header.missing] 项目负责人：请填写项目负责人" in out
    assert "错误 [value.placeholder] 第1行 指标值：" in out and "占位符" in out
    assert "结果：错误 2 条，提示 0 条。还不能标记为完成" in out


def test_a_warning_blocks_until_it_is_explained(tmp_path: Path) -> None:
    doc = road()
    doc["goals"]["annual"].append("修路")
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    assert "提示 [target.goal.short] 年度总体目标第3条" in result.stdout and "（未说明）" in result.stdout
    assert '"target.goal.short@goals.annual[2]"' in result.stdout  # the key to write the 出错说明 under

    doc["explanations"] = {"target.goal.short@goals.annual[2]": "村道维修，群众习惯这样叫"}
    result = check(write(tmp_path, doc))
    assert result.returncode == 0, result.stdout
    assert "（已说明：村道维修，群众习惯这样叫）" in result.stdout
    assert "错误 0 条，提示 1 条（已说明 1 条），可以标记为完成" in result.stdout


def test_an_explanation_does_not_pass_an_error(tmp_path: Path) -> None:
    doc = road()
    doc["funds"]["other"] = "25.00"
    doc["explanations"] = {"funds.unbalanced@funds.annual": "其他资金还在协调"}
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    assert "错误 [funds.unbalanced] 年度资金总额" in result.stdout


def test_json_output_has_the_findings_and_the_summary(tmp_path: Path) -> None:
    doc = road()
    doc["goals"]["annual"].append("修路")
    doc["indicators"][6]["value"] = "≤150万元"
    doc["explanations"] = {"target.goal.short@goals.annual[2]": "已与乡镇确认"}
    result = check(write(tmp_path, doc), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["kind"] == "targets" and report["passed"] is False
    assert report["summary"] == {"errors": 0, "warnings": 2, "explained": 1, "blocking": 1}
    first, second = report["findings"]
    assert first == {
        "code": "target.goal.short",
        "severity": "warning",
        "field": "goals.annual[2]",
        "message": first["message"],
        "location": "年度总体目标第3条",
        "explained": True,
        "explanation": "已与乡镇确认",
        "blocking": False,
    }
    assert (second["code"], second["field"], second["blocking"]) == (
        "target.cost.above_funds",
        "indicators[6].value",
        True,
    )
    assert second["explanation"] is None and "150 万元" in second["message"]
    assert report["notes"] == []


def test_json_output_of_a_clean_sheet() -> None:
    result = check(ROAD, "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["passed"] is True and report["findings"] == []
    assert report["summary"] == {"errors": 0, "warnings": 0, "explained": 0, "blocking": 0}


def test_an_omitted_satisfaction_category_is_a_note_not_a_finding(tmp_path: Path) -> None:
    doc = json.loads((DOCUMENTS / "targets-training.json").read_text(encoding="utf-8"))
    doc["indicators"] = [r for r in doc["indicators"] if r["lv1"] != "满意度指标"]
    result = check(write(tmp_path, doc))
    assert result.returncode == 0
    assert "说明：未设满意度指标（可以不设），其分值由产出指标、效益指标分担。" in result.stdout


def test_the_framework_can_be_chosen(tmp_path: Path) -> None:
    doc = road()
    for row in doc["indicators"]:
        if row["lv2"] == "成本指标":
            row["lv1"], row["lv2"] = "成本指标", "经济成本指标"
    path = write(tmp_path, doc)
    assert check(path).returncode == 1
    assert check(path, "--framework", "2021").returncode == 0


@pytest.mark.parametrize("kind", ["monitoring", "selfeval"])
def test_other_kinds_get_the_document_rules(tmp_path: Path, kind: str) -> None:
    doc = road()
    doc["kind"] = kind
    del doc["project"]["code"]
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    assert "错误 [doc.missing_field] 项目代码：缺少 project.code" in result.stdout
    assert "[target." not in result.stdout  # the target-sheet rules are for target sheets


# -- inputs that are not documents: exit 2, one Chinese line with the code, never a traceback ------


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("truncated.json", ROAD.read_bytes()[:700], "doc.not_json"),
    ("binary.json", bytes(range(256)) * 8, "doc.encoding"),
    ("gbk.json", json.dumps(road(), ensure_ascii=False).encode("gbk"), "doc.encoding"),
    ("empty.json", b"", "doc.not_json"),
    ("array.json", b"[1, 2, 3]", "doc.not_object"),
    ("kind.json", json.dumps({**road(), "kind": "budget"}).encode(), "doc.kind"),
    ("nokind.json", b'{"fiscal_year": 2022}', "doc.kind"),
    ("version.json", json.dumps({**road(), "schema_version": 9}).encode(), "doc.schema_version"),
    ("nan.json", b'{"kind": "targets", "fiscal_year": NaN}', "doc.not_json"),
    ("nested.json", b"[" * 200_000 + b"]" * 200_000, "doc.not_json"),
    ("nested-objects.json", b'{"kind": "targets", "x": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001, "doc.not_json"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_damaged_input_exits_2_with_one_chinese_line(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    result = check(_bad(tmp_path, name, data))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误 [{code}]：")
    assert "Traceback" not in result.stderr


def test_a_missing_file(tmp_path: Path) -> None:
    result = check(tmp_path / "没有这个文件.json")
    assert result.returncode == 2
    assert (
        result.stderr.startswith("错误 [doc.not_found]：找不到文件") and "没有这个文件.json" in result.stderr
    )


def test_a_folder_is_not_a_document(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("错误 [doc.unreadable]：")


def test_a_50_mb_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as stream:
        stream.write(b'{"kind": "targets", "pad": "')
        stream.truncate(50 * 1024 * 1024)
    result = check(path)
    assert result.returncode == 2
    assert result.stderr.startswith("错误 [doc.too_large]：") and "8 MB" in result.stderr


def test_bad_input_with_json_prints_the_error_as_json(tmp_path: Path) -> None:
    result = check(_bad(tmp_path, "array.json", b"[]"), "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["code"] == "doc.not_object"
    assert result.stderr.startswith("错误 [doc.not_object]")


def test_check_is_listed_in_the_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfdesk", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0 and "check" in result.stdout
    usage = check("--help")
    assert usage.returncode == 0 and "--json" in usage.stdout and "退出码" in usage.stdout


def test_a_wrong_option_is_bad_input() -> None:
    result = check(ROAD, "--framework", "1999")
    assert result.returncode == 2 and "参数错误" in result.stderr
