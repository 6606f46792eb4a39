"""``perfdesk task issue --year Y -o FILE.pdtask`` (county) and ``task import FILE.pdtask`` (township)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time
from pathlib import Path

from perfdesk.commands.exchange_io import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    CommandFailed,
    add_confirm,
    add_help,
    add_password,
    confirm_key,
    guarded,
    open_store,
    read_password,
)
from perfdesk.exchange.keys import spaced


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("task", help="任务包：县级下发，乡镇导入", add_help=False)
    add_help(parser)
    sub = parser.add_subparsers(title="操作", dest="task_command", metavar="操作", required=True)

    issue = sub.add_parser("issue", help="县级：生成本年度任务包", add_help=False)
    add_help(issue)
    add_password(issue)
    issue.add_argument("--year", type=int, required=True, help="预算年度")
    issue.add_argument("-o", "--output", required=True, metavar="FILE.pdtask", help="输出文件")
    issue.add_argument("--expires", metavar="YYYY-MM-DD", help="过期日期（默认 180 天后）")
    issue.add_argument(
        "--deadline",
        action="append",
        default=[],
        metavar="表=YYYY-MM-DD",
        help="截止日期，如 targets=2025-03-31，可多次给出",
    )
    issue.set_defaults(handler=guarded(_issue))

    imp = sub.add_parser("import", help="乡镇：导入任务包（首次需核对县级密钥标识）", add_help=False)
    add_help(imp)
    imp.add_argument("file", metavar="FILE.pdtask", help="任务包")
    add_confirm(imp)
    imp.set_defaults(handler=guarded(run_import))


def _issue(args: argparse.Namespace) -> int:
    from perfdesk.services.exchange_tasks import issue_task, parse_deadline

    try:
        deadlines = [parse_deadline(text) for text in args.deadline]
        expires = (
            datetime.combine(datetime.fromisoformat(args.expires).date(), time(23, 59, 59), UTC)
            if args.expires
            else None
        )
    except ValueError as exc:
        raise CommandFailed("task.option", f"日期格式不对：{exc}（应为 YYYY-MM-DD）") from None
    password = read_password(args)
    with open_store(args) as store:
        built = issue_task(
            store,
            password,
            args.year,
            Path(args.output).expanduser(),
            expires_at=expires,
            deadlines=deadlines,
        )
    signer = built.manifest.signer
    print(f"已生成任务包 {built.path}：{args.year} 年度，{len(built.manifest.scope.units)} 个单位，"
          f"{built.manifest.expires_at:%Y-%m-%d} 过期。")  # fmt: skip
    if signer is not None:
        print(f"县级密钥标识：{spaced(signer.key_id)}（请印发给各乡镇核对）")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from perfdesk.services.exchange_tasks import import_task

    with open_store(args) as store:
        result = import_task(
            store, Path(args.file).expanduser(), lambda key_id, county: confirm_key(args, key_id, county)
        )
    report = result.report
    if result.rotated_from:
        print(
            f"县级密钥已更换：{spaced(result.rotated_from)} → {spaced(result.county_key)}（已由原密钥签名确认）"
        )
    elif result.pinned:
        print(f"已钉住县级密钥 {spaced(result.county_key)}。")
    if report.verdict == "duplicate":
        print(f"任务包 {report.file} 以前已导入，未作改变。")
    else:
        print(
            f"已导入任务包 {report.file}：{result.units} 个单位，{result.projects} 个项目，指标库 {result.library} 条。"
        )
    for warning in report.warnings:
        print(f"提示：{warning}")
    return EXIT_OK if report.verdict in ("accepted", "duplicate") else EXIT_BAD_INPUT
