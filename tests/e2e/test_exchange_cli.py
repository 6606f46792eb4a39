"""The whole offline loop as people run it: two data folders (a township PC and the county), the
CLI in fresh interpreters, files carried between them as on a USB stick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
YEAR = str(date.today().year)


def perfdesk(
    folder: Path, *args: str | Path, password: str | None = "示例口令", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PERFDESK_PASSWORD"}
    if password is not None:
        env["PERFDESK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "perfdesk", "--data-dir", str(folder), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
        input=stdin,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    return result.stdout


def test_township_to_county_and_back(tmp_path: Path) -> None:
    township, county, usb = tmp_path / "township", tmp_path / "county", tmp_path / "usb"
    usb.mkdir()
    ok(perfdesk(township, "demo"))
    ok(perfdesk(township, "key", "init"))
    key_id = json.loads(ok(perfdesk(township, "key", "show", "--json")))["own"]["key_id"]
    ok(perfdesk(township, "key", "export", "-o", usb / "610921101.pdkey"))
    assert "SHA-256" in ok(perfdesk(township, "export", "--year", YEAR, "-o", usb / "610921101-sub-1.pdsub"))

    ok(perfdesk(county, "demo", "--county"))
    ok(perfdesk(county, "key", "init"))
    issued = ok(perfdesk(county, "task", "issue", "--year", YEAR, "-o", usb / "610921-task-1.pdtask"))
    county_key = json.loads(ok(perfdesk(county, "key", "show", "--json")))["own"]["key_id"]
    assert county_key.replace("-", " ").upper() in issued

    not_yet = perfdesk(county, "verify", usb / "610921101-sub-1.pdsub", "--json", password=None)
    assert not_yet.returncode == 2 and json.loads(not_yet.stdout)["error"]["code"] == "key.unknown"
    wrong = perfdesk(
        county, "key", "enrol", usb / "610921101.pdkey", "--expect", "0000-0000-0000-0000-0000-0000-0000-0000"
    )
    assert wrong.returncode == 2
    ok(
        perfdesk(
            county, "key", "enrol", usb / "610921101.pdkey", "--expect", key_id.upper().replace("-", " ")
        )
    )
    assert (
        json.loads(ok(perfdesk(county, "verify", usb / "610921101-sub-1.pdsub", "--json")))["valid"] is True
    )
    imported = ok(perfdesk(county, "import", usb))
    assert "已导入" in imported and imported.count("：已接收") == 3
    assert "重复" in ok(perfdesk(county, "import", usb / "610921101-sub-1.pdsub"))
    ok(perfdesk(county, "receipt", "--year", YEAR, "-o", usb / "610921-receipt-1.pdreceipt"))

    no_terminal = perfdesk(township, "task", "import", usb / "610921-task-1.pdtask")
    assert no_terminal.returncode == 2 and "--yes" in no_terminal.stderr
    ok(perfdesk(township, "task", "import", usb / "610921-task-1.pdtask", "--expect", county_key))
    received = ok(perfdesk(township, "import", usb / "610921-receipt-1.pdreceipt"))
    assert received.count("已接收") == 3


def test_verify_refuses_a_damaged_package_with_its_code(tmp_path: Path) -> None:
    township, usb = tmp_path / "township", tmp_path / "usb"
    ok(perfdesk(township, "demo"))
    ok(perfdesk(township, "key", "init"))
    ok(perfdesk(township, "key", "export", "-o", usb / "610921101.pdkey"))
    package = usb / "a.pdsub"
    ok(perfdesk(township, "export", "--year", YEAR, "-o", package))
    assert json.loads(ok(perfdesk(township, "verify", package, "--json")))["valid"] is True
    package.write_bytes(package.read_bytes()[:-100])
    result = perfdesk(township, "verify", package)
    assert result.returncode == 2 and "[pkg.truncated]" in result.stderr and "Traceback" not in result.stderr
    missing_password = perfdesk(township, "export", "--year", YEAR, "-o", usb / "b.pdsub", password=None)
    assert missing_password.returncode == 2 and "password.missing" in missing_password.stderr
    wrong_password = perfdesk(township, "export", "--year", YEAR, "-o", usb / "b.pdsub", password="wrong")
    assert wrong_password.returncode == 2 and "key.password" in wrong_password.stderr
    assert not (usb / "b.pdsub").exists()
