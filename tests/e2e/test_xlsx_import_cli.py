"""``perfdesk xlsx import``: run as a person runs it, in a fresh interpreter, on real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from perfdesk.services import catalog
from perfdesk.services.store import Store

HEADER = ["单位编码", "单位名称", "项目代码", "项目名称", "年度资金总额", "财政拨款", "其他资金"]
ROAD = ["610921101", "城关镇人民政府", "610921-RD-0001", "东关村产业路硬化项目", "120.35", "100.35", "20"]


def perfdesk(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "--data-dir", str(data_dir), "xlsx", "import", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip


def workbook(path: Path, *rows: list[str]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def projects(data_dir: Path) -> list[tuple[str, int]]:
    with Store.open(data_dir) as store:
        return [(p.code, p.annual.cents) for n in catalog.load_tree(store, 2025) for p in n.projects]


@pytest.mark.slow
def test_import_dry_run_writes_nothing_then_import_exits_0(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = workbook(tmp_path / "清单.xlsx", ROAD)
    dry = perfdesk(data, path, "--year", "2025", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "2025 年度：新单位 1 个，新项目 1 个，更新项目 0 个，目标表 0 张",
        "预览（--dry-run）：未写入任何内容",
    ]
    assert projects(data) == []
    done = perfdesk(data, path, "--year", "2025")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "已导入：新单位 1 个，新项目 1 个，更新项目 0 个，目标表 0 张"
    assert projects(data) == [("610921-RD-0001", 120_350_000)]


@pytest.mark.slow
def test_a_wrong_file_exits_2_with_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad = [*ROAD[:4], "一百二十万", "100", "20"]
    unbalanced = ["610921101", "城关镇人民政府", "610921-WS-0002", "饮水项目", "80.5", "80", "0"]
    result = perfdesk(data, workbook(tmp_path / "错.xlsx", bad, unbalanced), "--year", "2025")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "错误 [funds.not_money] 工作表“项目清单” 第2行 E列（年度资金总额）：“一百二十万”不是金额，请输入以万元为单位的数字，例如 120.50",
        "错误 [funds.unbalanced] 工作表“项目清单” 第3行 E列（年度资金总额）："
        "年度资金总额 80.5 万元不等于财政拨款与其他资金之和 80 万元（相差 0.5 万元），请核对到分",
        "有 2 个错误，未导入任何内容。请改正后重新导入。",
    ]
    assert projects(data) == []


@pytest.mark.slow
def test_a_gbk_csv_imports_and_a_missing_file_exits_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    csv_path = tmp_path / "清单.csv"
    csv_path.write_bytes((",".join(HEADER) + "\n" + ",".join(ROAD) + "\n").encode("gbk"))
    assert perfdesk(data, csv_path, "--year", "2025").returncode == 0
    assert projects(data) == [("610921-RD-0001", 120_350_000)]
    missing = perfdesk(data, tmp_path / "没有.xlsx", "--year", "2025")
    assert missing.returncode == 2
    assert missing.stderr.startswith("错误 [file.missing] 无法打开文件 没有.xlsx")
