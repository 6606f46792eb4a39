"""``perfdesk print --year Y --unit CODE`` prints a unit's forms from the database, as a person runs it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

YEAR = date.today().year  # ``perfdesk demo`` fills this year and the one before
DEMO_UNIT = "610921101"

pytestmark = pytest.mark.slow


def perfdesk(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = perfdesk(folder, "demo")
    assert result.returncode == 0, result.stderr
    return folder


def test_a_units_forms_print_into_one_pdf(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = perfdesk(demo_dir, "print", "--year", YEAR, "--unit", DEMO_UNIT, "-o", out)
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert result.stdout.strip() == f"已生成城关镇人民政府 {YEAR}年度绩效表：{out}（共 {len(pages)} 页）"
    text = "".join("".join(page.extract_text().split()) for page in pages)
    for form in ("绩效目标表", "绩效运行监控表", "绩效自评表"):
        assert f"{YEAR}年度项目支出{form}" in text


def test_one_kind_only(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "targets.pdf"
    result = perfdesk(demo_dir, "print", "--year", YEAR, "--unit", DEMO_UNIT, "--form", "targets", "-o", out)
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "监控表" not in text and "自评表" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--year", YEAR, "--unit", "999"),
            "错误 [print.unknown_unit]：没有代码为 999 的单位，请核对单位代码",
        ),
        (("--year", YEAR, "--unit", "610921102"), "错误 [print.nothing]：青山镇人民政府（610921102）"),
        (
            ("--year", YEAR),
            "错误 [print.usage]：请给出表单文档 DOC.json，或同时给出 --year 年度和 --unit 单位代码",
        ),
        (
            ("doc.json", "--year", YEAR, "--unit", DEMO_UNIT),
            "错误 [print.usage]：DOC.json 与 --year/--unit 只能选一种",
        ),
    ],
)
def test_refusals_exit_2_with_one_chinese_line_and_no_file(
    demo_dir: Path, tmp_path: Path, args: tuple[str | int, ...], message: str
) -> None:
    out = tmp_path / "x.pdf"
    result = perfdesk(demo_dir, "print", *map(str, args), "-o", out)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
