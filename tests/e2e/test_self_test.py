"""``perfdesk --self-test``: the smoke test every build runs, here in a fresh interpreter."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfdesk import selftest


def self_test(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )


@pytest.mark.slow
def test_self_test_passes_every_step_and_leaves_the_data_folder_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = self_test("--self-test", env={**os.environ, "PERFDESK_HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    for number in range(1, len(selftest.STEPS) + 1):
        assert any(line.startswith(f"[{number}/{len(selftest.STEPS)}]") for line in lines), lines
    assert "迁移数据库" in result.stdout or "迁移" in lines[0]
    assert "PDF" in result.stdout and "已嵌入字体" in result.stdout
    assert "签名并验证交换包" in result.stdout
    assert lines[-1].startswith("自检通过")
    assert not home.exists()  # the self-test works in a temporary folder only


def test_self_test_is_listed_in_the_help() -> None:
    result = self_test("--help")
    assert result.returncode == 0
    assert "--self-test" in result.stdout


def test_a_failing_step_names_the_step_and_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_ctx: object) -> str:
        raise RuntimeError("字体文件缺失")

    steps = list(selftest.STEPS)
    steps[2] = (steps[2][0], broken)
    monkeypatch.setattr(selftest, "STEPS", tuple(steps))
    out = io.StringIO()
    assert selftest.run(out) == selftest.EXIT_FAILED
    text = out.getvalue()
    assert "自检失败：第 3 步“生成 PDF”：RuntimeError：字体文件缺失" in text
    assert "[2/5]" in text and "[3/5]" not in text
