"""``perfdesk print`` and ``perfdesk xlsx export``, run as a person runs them, in a fresh interpreter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def perfdesk(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("name", "form", "pages"),
    [
        ("targets-road", "绩效目标表", 1),
        ("selfeval-road", "项目支出绩效自评表", 2),
        ("monitoring-road", "绩效运行监控表", 2),
    ],
)
def test_print_writes_a_valid_pdf_and_says_so(tmp_path: Path, name: str, form: str, pages: int) -> None:
    out = tmp_path / "x.pdf"
    result = perfdesk("print", DOCUMENTS / f"{name}.json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == f"已生成{form}：{out}（共 {pages} 页）"
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    assert "2022年度" in reader.pages[0].extract_text()


def test_without_output_the_pdf_goes_beside_the_document(tmp_path: Path) -> None:
    source = tmp_path / "targets-road.json"
    shutil.copy(DOCUMENTS / "targets-road.json", source)
    result = perfdesk("print", source.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "targets-road.pdf").read_bytes().startswith(b"%PDF-")


def test_a_damaged_document_exits_2_with_one_chinese_line_and_no_file(tmp_path: Path) -> None:
    source = tmp_path / "damaged.json"
    text = (DOCUMENTS / "targets-road.json").read_text(encoding="utf-8")
    source.write_text(text[: len(text) // 2], encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = perfdesk("print", source, "-o", out)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("错误 [doc.not_json]：文件 ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind either


def test_a_missing_file_and_a_wrong_kind_exit_2(tmp_path: Path) -> None:
    missing = perfdesk("print", tmp_path / "nope.json", "-o", tmp_path / "x.pdf")
    assert missing.returncode == 2
    assert missing.stderr.startswith("错误 [doc.not_found]：找不到文件")
    doc = json.loads((DOCUMENTS / "targets-road.json").read_text(encoding="utf-8"))
    doc["kind"] = "budget"
    path = tmp_path / "budget.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    wrong = perfdesk("print", path, "-o", tmp_path / "x.pdf")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("错误 [doc.kind]：")


def test_a_self_evaluation_under_an_unknown_profile_exits_2(tmp_path: Path) -> None:
    doc = json.loads((DOCUMENTS / "selfeval-road.json").read_text(encoding="utf-8"))
    doc["profile"] = "county-9999"
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = perfdesk("print", path, "-o", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert result.stderr.startswith("错误 [profile.unknown]：没有名为“county-9999”的评分方案")


def test_an_output_that_cannot_be_written_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    result = perfdesk("print", DOCUMENTS / "targets-road.json", "-o", folder)
    assert result.returncode == 2
    assert result.stderr.startswith(f"错误 [io]：无法写入 {folder}：")


def test_xlsx_export_writes_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    result = perfdesk("xlsx", "export", DOCUMENTS / "selfeval-road.json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已导出项目支出绩效自评表：{out}"
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "2022年度项目支出绩效自评表"


def test_xlsx_export_of_a_damaged_document_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "damaged.json"
    source.write_bytes(b"\xff\xfe not json")
    result = perfdesk("xlsx", "export", source, "-o", tmp_path / "x.xlsx")
    assert result.returncode == 2
    assert result.stderr.startswith("错误 [doc.encoding]：")
    assert not (tmp_path / "x.xlsx").exists()


def test_help_lists_print_and_xlsx() -> None:
    result = perfdesk("--help")
    assert result.returncode == 0
    assert "print" in result.stdout and "xlsx" in result.stdout
    assert perfdesk("xlsx").returncode == 2  # an action is required
