"""``perfdesk receipt --year Y -o FILE.pdreceipt``: the county's receipt for what it imported and reviewed."""

from __future__ import annotations

import argparse
from pathlib import Path

from perfdesk.commands.exchange_io import EXIT_OK, add_help, add_password, guarded, open_store, read_password


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "receipt", help="县级：生成回执包（接收结果、审核结论、退回原因）", add_help=False
    )
    add_help(parser)
    add_password(parser)
    parser.add_argument("--year", type=int, required=True, help="预算年度")
    parser.add_argument(
        "--unit", action="append", default=[], metavar="CODE", help="只含这些单位（含下属单位）；默认全部"
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdreceipt", help="输出文件")
    parser.set_defaults(handler=guarded(run))


def run(args: argparse.Namespace) -> int:
    from perfdesk.services.exchange_receipts import produce_receipt

    password = read_password(args)
    with open_store(args) as store:
        built = produce_receipt(store, password, args.year, Path(args.output).expanduser(), units=args.unit)
    print(f"已生成回执包 {built.path}：{len(built.manifest.scope.units)} 个单位，包标识 {built.package_id}")
    return EXIT_OK
