"""``perfdesk key init | show | export -o UNIT.pdkey | enrol FILE.pdkey | revoke KEYID``."""

from __future__ import annotations

import argparse
import json
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
    parser = subparsers.add_parser("key", help="本安装的签名密钥和已登记的密钥", add_help=False)
    add_help(parser)
    sub = parser.add_subparsers(title="操作", dest="key_command", metavar="操作", required=True)

    init = sub.add_parser("init", help="生成本安装的密钥（首次使用时）", add_help=False)
    add_help(init)
    add_password(init)
    init.add_argument("--rotate", action="store_true", help="更换密钥：旧密钥停用（需输入原口令）")
    init.set_defaults(handler=guarded(_init))

    show = sub.add_parser("show", help="显示本安装的密钥标识和已登记的密钥", add_help=False)
    add_help(show)
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    show.set_defaults(handler=guarded(_show))

    export = sub.add_parser("export", help="导出密钥登记文件（.pdkey），交县里登记", add_help=False)
    add_help(export)
    add_password(export)
    export.add_argument("-o", "--output", required=True, metavar="UNIT.pdkey", help="输出文件")
    export.add_argument("--unit", metavar="CODE", help="本单位编码；省略时取输出文件名（如 610921101.pdkey）")
    export.set_defaults(handler=guarded(_export))

    form = sub.add_parser("form", help="打印密钥登记表（PDF），签字盖章后交县里", add_help=False)
    add_help(form)
    form.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="输出文件")
    form.add_argument("--unit", metavar="CODE", help="本单位编码；省略时取导出登记文件时的单位")
    form.set_defaults(handler=guarded(_form))

    enrol = sub.add_parser("enrol", help="县级：登记乡镇的密钥登记文件（核对密钥标识后）", add_help=False)
    add_help(enrol)
    enrol.add_argument("file", metavar="FILE.pdkey", help="密钥登记文件")
    add_confirm(enrol)
    enrol.set_defaults(handler=guarded(_enrol))

    revoke = sub.add_parser("revoke", help="县级：吊销一个已登记的密钥", add_help=False)
    add_help(revoke)
    revoke.add_argument("key_id", metavar="KEYID", help="密钥标识")
    revoke.add_argument("--reason", default="", help="吊销原因，如“电脑丢失”")
    revoke.set_defaults(handler=guarded(_revoke))


def _init(args: argparse.Namespace) -> int:
    from perfdesk.services import keys

    password = read_password(args, new=True)
    with open_store(args) as store:
        info = keys.init_key(store, password, rotate=args.rotate)
    print(f"{'已更换' if args.rotate else '已生成'}本安装的密钥。密钥标识：{spaced(info.key_id)}")
    print("请打印密钥登记表并导出登记文件：perfdesk key export -o <单位编码>.pdkey")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from perfdesk.services import keys

    with open_store(args) as store:
        own = keys.own_key(store)
        known = keys.known_keys(store)
    if args.json:
        print(
            json.dumps(
                {
                    "own": {
                        "key_id": own.key_id,
                        "unit": own.unit_code,
                        "created_at": own.created_at.isoformat(),
                    }
                    if own
                    else None,
                    "known": [
                        {
                            "key_id": k.key_id,
                            "role": k.role,
                            "status": k.status,
                            "unit": k.unit_code,
                            "name": k.unit_name,
                        }
                        for k in known
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if own is None:
        print("本安装还没有密钥（perfdesk key init 生成）。")
    else:
        unit = f"，单位 {own.unit_name}（{own.unit_code}）" if own.unit_code else ""
        print(f"本安装的密钥标识：{spaced(own.key_id)}（{own.created_at:%Y-%m-%d} 生成{unit}）")
    labels = {"enrolled": "已登记", "revoked": "已吊销", "pinned": "已钉住", "rotated": "已轮换"}
    for k in known:
        role = "县级" if k.role == "county" else k.unit_code
        print(f"  {k.key_id}  {labels.get(k.status, k.status)}  {role} {k.unit_name}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from perfdesk.services import keys

    output = Path(args.output).expanduser()
    unit = args.unit or output.stem
    password = read_password(args)
    with open_store(args) as store:
        path = keys.export_enrolment(store, password, output, unit)
        own = keys.own_key(store)
    assert own is not None
    print(
        f"已导出密钥登记文件 {path}。密钥标识：{spaced(own.key_id)}，单位 {own.unit_name}（{own.unit_code}）"
    )
    print("请打印密钥登记表，签字盖章后与登记文件一起交县财政局。")
    return EXIT_OK


def _form(args: argparse.Namespace) -> int:
    from perfdesk.reports.pdf_enrolment import write_enrolment_form

    with open_store(args) as store:
        path = write_enrolment_form(store, args.unit or "", Path(args.output).expanduser())
    print(f"已生成密钥登记表 {path}。请打印，签字盖章后与 .pdkey 登记文件一起交县财政局。")
    return EXIT_OK


def _enrol(args: argparse.Namespace) -> int:
    from perfdesk.exchange.enrolment import MAX_KEYFILE, read_enrolment
    from perfdesk.services import keys
    from perfdesk.services.exchange_county import retry_quarantined

    path = Path(args.file).expanduser()
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEYFILE + 1)
    except OSError as exc:
        raise CommandFailed("keyfile.unreadable", f"无法读取 {path}：{exc.strerror or exc}") from None
    enrolment = read_enrolment(data)
    print(f"单位：{enrolment.unit_name}（{enrolment.unit_code}），填报人：{enrolment.preparer}")
    if not confirm_key(args, enrolment.key_id, enrolment.unit_name):
        print("未登记。", file=__import__("sys").stderr)
        return EXIT_BAD_INPUT
    with open_store(args) as store:
        from perfdesk.services.exchange_log import require_mode

        require_mode(store, "county")
        keys.enrol(store, enrolment)
        released = retry_quarantined(store, enrolment.key_id)
    print(f"已登记 {enrolment.unit_name} 的密钥 {spaced(enrolment.key_id)}。")
    for report in released:
        print(f"  待确认的申报包 {report.file}：{report.message}")
    return EXIT_OK


def _revoke(args: argparse.Namespace) -> int:
    from perfdesk.services import keys
    from perfdesk.services.exchange_log import require_mode

    with open_store(args) as store:
        require_mode(store, "county")
        info = keys.revoke(store, args.key_id, args.reason)
    print(
        f"已吊销 {info.unit_name} 的密钥 {spaced(info.key_id)}。它签名的申报包将被拒收；下次任务包会通知各乡镇。"
    )
    return EXIT_OK
