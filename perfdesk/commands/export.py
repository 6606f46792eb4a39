"""``perfdesk export --year Y [--unit CODE]... -o FILE.pdsub``: 导出申报包 (township)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perfdesk.commands.exchange_io import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_help,
    add_password,
    guarded,
    open_store,
    read_password,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("export", help="乡镇：导出签名的申报包，交县里导入", add_help=False)
    add_help(parser)
    add_password(parser)
    parser.add_argument("--year", type=int, required=True, help="预算年度")
    parser.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="CODE",
        help="单位编码（含下属单位），可多次给出；默认为本单位",
    )
    parser.add_argument(
        "--form",
        action="append",
        default=[],
        choices=("targets", "monitoring", "selfeval"),
        help="表的种类，可多次给出；默认全部",
    )
    parser.add_argument(
        "--project", action="append", default=[], metavar="CODE", help="项目代码，可多次给出；默认全部"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE.pdsub", help="输出文件（如 U 盘上的路径）"
    )
    parser.set_defaults(handler=guarded(run))


def run(args: argparse.Namespace) -> int:
    from perfdesk.services.exchange_export import export_submission

    password = read_password(args)
    with open_store(args) as store:
        result = export_submission(
            store, password, args.year, Path(args.output).expanduser(), units=args.unit, kinds=args.form,
            projects=args.project,
        )  # fmt: skip
    print(result.describe())
    if result.skipped:
        print("有表未通过填报规则，未导出；请修改后重新导出。", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
