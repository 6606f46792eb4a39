"""What the exchange subcommands share: the key password, the fingerprint confirmation, the
store, and turning refusals into one Chinese line with a code and exit code 2.

The password comes from ``--password-file FILE`` (its first line), else ``PERFDESK_PASSWORD``,
else a prompt when there is a terminal. A fingerprint is confirmed by ``--expect KEYID`` (it
must match), ``--yes``, or, at a terminal, by typing 是/y after comparing it with the paper.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from perfdesk.exchange.keys import normalize_key_id, spaced

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
PASSWORD_ENV = "PERFDESK_PASSWORD"


class CommandFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def add_help(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")


def add_password(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help=f"从文件第一行读取密钥口令（否则用环境变量 {PASSWORD_ENV}，或在终端输入）",
    )


def add_confirm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="不询问，直接确认密钥标识（已与纸质材料核对过）")
    parser.add_argument("--expect", metavar="KEYID", help="预期的密钥标识（与纸质材料上的一致才确认）")


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_password(args: argparse.Namespace, *, new: bool = False) -> str:
    """The key password, from the file, the variable or the terminal (asked twice when ``new``)."""
    if getattr(args, "password_file", None):
        try:
            lines = Path(args.password_file).expanduser().read_text("utf-8").splitlines()
        except OSError as exc:
            raise CommandFailed(
                "password.file", f"无法读取口令文件 {args.password_file}：{exc.strerror or exc}"
            ) from None
        password = lines[0] if lines else ""
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    elif _interactive():
        import getpass

        password = getpass.getpass("密钥口令：")
        if new and getpass.getpass("再输入一次：") != password:
            raise CommandFailed("password.mismatch", "两次输入的口令不一致")
    else:
        raise CommandFailed(
            "password.missing", f"需要密钥口令：请用 --password-file FILE 或环境变量 {PASSWORD_ENV}"
        )
    if not password:
        raise CommandFailed("password.empty", "密钥口令不能为空")
    return password


def confirm_key(args: argparse.Namespace, key_id: str, who: str) -> bool:
    """Has the operator confirmed that ``key_id`` is the one on the stamped paper?"""
    print(f"{who}的密钥标识：{spaced(key_id)}")
    if args.expect:
        expected = normalize_key_id(args.expect)
        if expected != key_id:
            print(f"与预期的密钥标识 {args.expect} 不一致，未确认。", file=sys.stderr)
            return False
        print("与预期的密钥标识一致。")
        return True
    if args.yes:
        return True
    if not _interactive():
        print(
            "没有终端可以确认：请核对后加 --yes，或用 --expect KEYID 给出纸质材料上的标识。", file=sys.stderr
        )
        return False
    answer = input("请与盖章的纸质材料逐组核对。一致吗？（是/否）：").strip().lower()
    return answer in ("是", "y", "yes")


def guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a subcommand; a refusal prints ``错误 [code]：message`` and exits 2 (1 for findings)."""

    def wrapper(args: argparse.Namespace) -> int:
        from perfdesk.domain.findings import ValidationFailed
        from perfdesk.exchange.errors import PackageError
        from perfdesk.exchange.keys import KeyProblem
        from perfdesk.services.exchange_log import ExchangeRefused

        try:
            return run(args)
        except (CommandFailed, PackageError, ExchangeRefused, KeyProblem) as exc:
            where = f"（{exc.file}）" if isinstance(exc, PackageError) and exc.file else ""
            print(f"错误 [{exc.code}]：{exc}{where}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except ValidationFailed as exc:
            for finding in exc.findings:
                print(f"错误 [{finding.code}] {finding.field}：{finding.message}", file=sys.stderr)
            return EXIT_FINDINGS

    return wrapper


def open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from perfdesk.paths import resolve_data_dir
    from perfdesk.services.store import Store

    return Store.open(resolve_data_dir(args.data_dir))
