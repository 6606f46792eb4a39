"""``perfdesk score FILE.json``: run as a person runs it, in a fresh interpreter, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def score(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "score", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def example(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DOCUMENTS / f"selfeval-{name}.json").read_text(encoding="utf-8"))
    return doc


def write(tmp_path: Path, doc: object, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "total"), [("road", "96.22"), ("subsidy", "97.59"), ("training", "94.90")])
def test_a_clean_sheet_prints_its_breakdown_and_exits_0(name: str, total: str) -> None:
    result = score(DOCUMENTS / f"selfeval-{name}.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert f"总分：{total}" in result.stdout
    assert "等级：优" in result.stdout
    assert "评分方案：mof-2020" in result.stdout


def test_the_breakdown_shows_the_arithmetic_and_the_override() -> None:
    out = score(DOCUMENTS / "selfeval-road.json").stdout
    assert "预算执行（分值 10）：执行率 118.50 ÷ 120.00 = 98.75%，10 × 118.50 ÷ 120.00 = 9.88" in out
    assert "实际 92% 未达到目标 95%：5 × 92 ÷ 95 = 4.84" in out
    assert "10.00（认定）" in out
    assert "人工认定（1 项）：" in out and "计算得分 9.60 → 认定 10.00" in out


def test_json_output_has_the_documented_shape() -> None:
    result = score(DOCUMENTS / "selfeval-road.json", "--json")
    assert result.returncode == 0
    out = json.loads(result.stdout)
    assert (out["funds_score"], out["total"], out["grade"], out["findings"]) == ("9.88", "96.22", "优", [])
    assert len(out["indicators"]) == 12
    first = out["indicators"][0]
    assert (first["lv3"], first["computed"], first["score"], first["findings"]) == (
        "新建(改建)村内道路里程",
        "15.00",
        "15.00",
        [],
    )
    assert out["indicators"][8]["computed"] == "9.60" and out["indicators"][8]["score"] == "10.00"
    assert out["overrides"][0]["index"] == 8
    assert "受益脱贫" in result.stdout  # Chinese as is, not \\u escapes


def test_an_error_finding_exits_1(tmp_path: Path) -> None:
    doc = example("subsidy")
    doc["indicators"][0]["reason"] = ""
    path = write(tmp_path, doc)
    text = score(path)
    assert text.returncode == 1
    assert (
        "错误 [score.reason_required] indicators[0].reason：第 1 行指标“补助种植面积”未得满分" in text.stdout
    )
    assert "总分：97.59" in text.stdout  # the score is still shown
    as_json = score(path, "--json")
    assert as_json.returncode == 1
    out = json.loads(as_json.stdout)
    assert out["findings"] == [
        {
            "code": "score.reason_required",
            "severity": "error",
            "field": "indicators[0].reason",
            "message": "第 1 行指标“补助种植面积”未得满分，请填写偏差原因分析及改进措施",
        }
    ]
    assert out["indicators"][0]["findings"] == out["findings"]


def test_a_warning_alone_exits_0(tmp_path: Path) -> None:
    doc = example("subsidy")
    doc["indicators"][7]["reason"] = ""  # 达成 tier, 4.5 of 5: a warning
    result = score(write(tmp_path, doc))
    assert result.returncode == 0
    assert "提示 [score.reason_required] indicators[7].reason" in result.stdout


def test_the_profile_option_wins_over_the_document(tmp_path: Path) -> None:
    result = score(DOCUMENTS / "selfeval-subsidy.json", "--profile", "provincial-cap", "--json")
    assert result.returncode == 0
    # linear reverse 9.83 and a deduction of 2 for over-achievement: 95.58 (see test_scoring.py)
    assert json.loads(result.stdout)["total"] == "95.58"
    county = json.loads(
        (DOCUMENTS.parents[2] / "resources" / "profiles" / "mof-2020.json").read_text("utf-8")
    )
    county |= {"name": "county-a", "reverse": "linear"}
    path = write(tmp_path, county, "county-a.json")
    result = score(DOCUMENTS / "selfeval-subsidy.json", "--profile", path, "--json")
    assert json.loads(result.stdout)["indicators"][4]["score"] == "9.83"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", "doc.not_json"),
        (b"[1, 2]", "doc.not_object"),
        (b'{"kind": "report"}', "doc.kind"),
        ("\ufeff{\u201ckind\u201d: 1}".encode("gbk", errors="replace"), "doc.encoding"),
    ],
)
def test_a_file_that_is_not_a_document_exits_2(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = score(path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"错误 [{code}]：")
    assert "Traceback" not in result.stderr


def test_a_target_sheet_cannot_be_scored() -> None:
    result = score(DOCUMENTS / "targets-road.json")
    assert result.returncode == 2
    assert "错误 [score.kind]：" in result.stderr and "绩效目标表（kind 为 targets）" in result.stderr


def test_a_missing_file_or_a_folder_exits_2(tmp_path: Path) -> None:
    missing = score(tmp_path / "nowhere.json")
    assert missing.returncode == 2 and missing.stderr.startswith("错误 [doc.not_found]：找不到文件")
    folder = score(tmp_path)
    assert folder.returncode == 2 and "错误 [doc.unreadable]" in folder.stderr
    assert "Traceback" not in missing.stderr + folder.stderr


def test_an_unknown_or_broken_profile_exits_2(tmp_path: Path) -> None:
    unknown = score(DOCUMENTS / "selfeval-road.json", "--profile", "mof-2030")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("错误 [profile.unknown]：没有名为“mof-2030”的评分方案")
    doc = example("road")
    doc["profile"] = "../../etc/passwd"  # a document names a profile; it never points at a file
    named = score(write(tmp_path, doc))
    assert named.returncode == 2 and "profile.unknown" in named.stderr
    broken = write(tmp_path, {"format": "perfdesk-scoring-profile"}, "broken.json")
    result = score(DOCUMENTS / "selfeval-road.json", "--profile", broken)
    assert result.returncode == 2
    assert f"错误 [profile.invalid]：评分方案文件 {broken} 的字段" in result.stderr
