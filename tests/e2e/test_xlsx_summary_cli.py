"""`perfdesk xlsx summary`: the monitoring overview and self-evaluation summary as workbooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook


def _perfdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_summaries_of_the_demo_county_open_as_workbooks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _perfdesk(data, "demo").returncode == 0
    from datetime import date

    year = str(date.today().year)
    for kind, words in (("monitoring", "监控"), ("selfeval", "自评")):
        out = tmp_path / f"{kind}.xlsx"
        result = _perfdesk(data, "xlsx", "summary", kind, "--year", year, "-o", str(out))
        assert result.returncode == 0, result.stderr
        ws = load_workbook(out).active
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert any(words in t for t in texts), texts[:10]
        assert any("城关镇" in t for t in texts)  # the demo's completed project appears
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_area


def test_an_unknown_unit_exits_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _perfdesk(data, "demo")
    result = _perfdesk(
        data, "xlsx", "summary", "selfeval", "--year", "2026", "--unit", "999", "-o", str(tmp_path / "x.xlsx")
    )
    assert result.returncode == 2 and "print.unknown_unit" in result.stderr
