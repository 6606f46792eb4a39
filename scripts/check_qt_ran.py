"""Fail when the Qt tests did not really run (skipped, deselected or missing) — CI must see them."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    ran = skipped = 0
    for case in ET.parse(path).iter("testcase"):
        if not case.get("classname", "").startswith("tests.ui"):
            continue
        if case.find("skipped") is not None:
            skipped += 1
        else:
            ran += 1
    if ran == 0 or skipped:
        print(f"Qt 界面测试未完整运行：运行 {ran} 个，跳过 {skipped} 个", file=sys.stderr)
        return 1
    print(f"Qt 界面测试：运行 {ran} 个，无跳过")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
