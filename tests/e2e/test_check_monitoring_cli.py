"""``perfdesk check`` on monitoring sheets, run as a person runs it: a fresh interpreter, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "check", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def sheet(name: str = "monitoring-road.json") -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DOCUMENTS / name).read_text(encoding="utf-8"))
    return doc


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["monitoring-road.json", "monitoring-subsidy.json"])
def test_a_filled_monitoring_sheet_passes(name: str) -> None:
    result = check(DOCUMENTS / name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("检查绩效运行监控表：")
    assert "没有发现问题，可以标记为完成" in result.stdout
    assert result.stderr == ""


def test_a_red_light_without_a_reason_exits_1_naming_the_cells(tmp_path: Path) -> None:
    doc = sheet()
    doc["indicators"][7].update(deviation=[], reason="")  # 带动增加脱贫人口收入: red
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    out = result.stdout
    assert "错误 [monitor.deviation.missing] 第8行 偏差原因：第 8 行指标“带动增加脱贫人口收入”为红灯" in out
    assert "错误 [monitor.reason.missing] 第8行 原因说明：" in out and "请填写原因说明" in out
    assert "结果：错误 2 条，提示 0 条。还不能标记为完成" in out


def test_a_blue_light_blocks_until_its_note_is_written(tmp_path: Path) -> None:
    doc = sheet("monitoring-subsidy.json")
    doc["indicators"][1]["reason"] = ""  # 受益脱贫户数 150 of 87.5 by July: blue
    result = check(write(tmp_path, doc))
    assert result.returncode == 1
    assert "提示 [monitor.ahead] 第2行 原因说明" in result.stdout and "（未说明）" in result.stdout
    doc["explanations"] = {"monitor.ahead@indicators[1].reason": "奖补户在春季一次核定，全年目标已完成"}
    result = check(write(tmp_path, doc))
    assert result.returncode == 0, result.stdout
    assert "错误 0 条，提示 1 条（已说明 1 条），可以标记为完成" in result.stdout


def test_json_output_lists_codes_and_fields(tmp_path: Path) -> None:
    doc = sheet()
    doc["month"] = 13
    doc["indicators"][8]["progress"] = "240元"
    result = check(write(tmp_path, doc), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["kind"] == "monitoring" and report["passed"] is False
    found = {(f["code"], f["field"], f["location"]) for f in report["findings"]}
    assert ("monitor.month", "month", "截止月份") in found
    assert ("monitor.progress.unit_mismatch", "indicators[8].progress", "第9行 截至执行值") in found


def test_a_file_that_is_not_a_document_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "monitoring.json"
    path.write_text('{"kind": "monitoring", "month": 7,', encoding="utf-8")
    result = check(path)
    assert result.returncode == 2
    assert "doc.not_json" in result.stdout + result.stderr
