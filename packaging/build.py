"""Build the frozen PerfDesk (PyInstaller onedir), run its self-test and print its size.

    python packaging/build.py              build build/dist/perfdesk, run `perfdesk --self-test`
    python packaging/build.py --baseline   also freeze a bare PySide6 window the same way and
                                           print both sizes and their ratio (goal: within 1.3x)
    python packaging/build.py --no-test    skip the frozen self-test (cross-checking only)

The version comes from pyproject.toml and is written to build/dist/perfdesk/VERSION.
Exit 0 when the build and its self-test passed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "build" / "dist"
WORK = ROOT / "build" / "pyi"
SIZE_GOAL = 1.3


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def folder_size(folder: Path) -> int:
    """Bytes on disk of the regular files under ``folder`` (symlinks counted once, as links)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            total += path.lstat().st_size
    return total


def freeze(spec: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(PACKAGING / spec)],
        check=True, cwd=ROOT,
    )  # fmt: skip
    return time.perf_counter() - started


def console_exe(bundle: Path) -> Path:
    return bundle / ("perfdesk.exe" if sys.platform == "win32" else "perfdesk")


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建 PerfDesk 冻结程序（PyInstaller onedir）并自检")
    parser.add_argument("--baseline", action="store_true", help="同时冻结一个空白 PySide6 窗口作体积基准")
    parser.add_argument("--no-test", action="store_true", help="不运行冻结程序的自检")
    args = parser.parse_args(argv)

    version = project_version()
    print(f"构建 PerfDesk {version}")
    seconds = freeze("perfdesk.spec")
    bundle = DIST / "perfdesk"
    (bundle / "VERSION").write_text(version + "\n", encoding="utf-8")
    size = folder_size(bundle)
    print(f"已构建 {bundle}：{mb(size)}，用时 {seconds:.0f} 秒")

    if not args.no_test:
        result = subprocess.run([str(console_exe(bundle)), "--self-test"], check=False)
        if result.returncode != 0:
            print("冻结程序自检失败", file=sys.stderr)
            return 1
        print("冻结程序自检通过")

    if args.baseline:
        freeze("bare_window.spec")
        bare = folder_size(DIST / "bare-window")
        ratio = size / bare
        verdict = "达标" if ratio <= SIZE_GOAL else "未达标"
        print(
            f"体积：PerfDesk {mb(size)}，空白 PySide6 窗口 {mb(bare)}，比值 {ratio:.2f}（目标 ≤ {SIZE_GOAL}，{verdict}）"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
