"""One resource locator for a source checkout, an installed wheel and a frozen build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import perfdesk
from perfdesk.paths import CJK_FONT_FILE, resource_path

ROOT = Path(perfdesk.__file__).resolve().parent.parent
PROBE = "from perfdesk.paths import resource_path, CJK_FONT_FILE; print(resource_path(*CJK_FONT_FILE))"


def test_source_checkout_finds_the_bundled_font() -> None:
    font = resource_path(*CJK_FONT_FILE)
    assert font == ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
    assert font.stat().st_size > 1_000_000
    assert (font.parent / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8").count("Apache") >= 1


def test_installed_wheel_layout_finds_resources_in_perfdesk_resources(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "perfdesk", site / "perfdesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "resources", site / "perfdesk_resources", ignore=shutil.ignore_patterns("__pycache__")
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(site)!r}]; " + PROBE],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == site / "perfdesk_resources" / "fonts" / "wqy-microhei.ttc"


def test_frozen_build_finds_resources_beside_the_executable(tmp_path: Path) -> None:
    bundle = tmp_path / "_internal"
    shutil.copytree(ROOT / "perfdesk", bundle / "perfdesk", ignore=shutil.ignore_patterns("__pycache__"))
    (bundle / "resources" / "fonts").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "fonts" / "wqy-microhei.ttc", bundle / "resources" / "fonts")
    code = f"import sys; sys._MEIPASS = {str(bundle)!r}; sys.path[:0] = [{str(bundle)!r}]; " + PROBE
    result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == bundle / "resources" / "fonts" / "wqy-microhei.ttc"


def test_a_missing_resource_says_so_in_chinese() -> None:
    try:
        resource_path("fonts", "no-such-font.ttf")
    except FileNotFoundError as exc:
        assert "缺少程序资源文件" in str(exc)
    else:
        raise AssertionError("a missing resource must raise")
