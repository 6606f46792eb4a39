"""``perfdesk import FILE...``: county — submissions (a whole USB folder at once); township —
task packages and receipts. Prints one report row per package and per document.

Exit codes: 0 every package imported (or already there); 1 a package was held (待确认), or some of
its documents were rejected or are in conflict; 2 a package was refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from perfdesk.commands.exchange_io import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandFailed,
    add_confirm,
    add_help,
    guarded,
    open_store,
)
from perfdesk.commands.verify import kind_of
from perfdesk.domain.labels import label
from perfdesk.exchange.keys import spaced

VERDICTS = {
    "accepted": "已导入",
    "duplicate": "重复（未改变）",
    "partial": "部分导入",
    "quarantined": "待确认",
    "refused": "拒收",
}
OUTCOMES = {
    "accepted": "已接收",
    "updated": "已更新",
    "duplicate": "重复",
    "conflict": "冲突待处理",
    "rejected": "拒收",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="导入交换包：县级导入申报包；乡镇导入任务包和回执包", add_help=False
    )
    add_help(parser)
    parser.add_argument("files", nargs="+", metavar="FILE", help="交换包或存放交换包的文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")
    add_confirm(parser)
    parser.set_defaults(handler=guarded(run))


def _expand(names: list[str], suffixes: tuple[str, ...]) -> list[Path]:
    """The files named, and in each folder named, the packages this installation imports."""
    paths: list[Path] = []
    for name in names:
        path = Path(name).expanduser()
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        else:
            paths.append(path)
    if not paths:
        raise CommandFailed("import.nothing", f"没有找到可导入的交换包（{' / '.join(suffixes)}）")
    return paths


def run(args: argparse.Namespace) -> int:
    from perfdesk.services.settings import load_settings

    with open_store(args) as store:
        mode = load_settings(store).mode
    paths = _expand(args.files, (".pdsub",) if mode == "county" else (".pdtask", ".pdreceipt"))
    return _county(args, paths) if mode == "county" else _township(args, paths)


def _county(args: argparse.Namespace, paths: list[Path]) -> int:
    from perfdesk.services.exchange_county import import_submissions

    with open_store(args) as store:
        reports = import_submissions(store, paths)
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
    for r in reports:
        signer = f"{r.signer}（{spaced(r.key_id)}）" if r.signer else (spaced(r.key_id) if r.key_id else "—")
        head = (
            f"{r.file}：{VERDICTS.get(r.verdict, r.verdict)}；单位 {','.join(r.units) or '—'}；签名 {signer}"
        )
        print(
            head + (f"；[{r.code}] {r.message}" if r.code else f"；{r.message}"),
            file=sys.stderr if args.json else sys.stdout,
        )
        for w in r.warnings:
            print(f"  提示：{w}", file=sys.stderr if args.json else sys.stdout)
        for d in r.documents:
            line = f"  {d.unit} {d.project} {d.kind}：{OUTCOMES.get(d.outcome, d.outcome)}"
            print(
                line + (f"（{'；'.join(d.reasons)}）" if d.reasons else ""),
                file=sys.stderr if args.json else sys.stdout,
            )
    if any(r.verdict == "refused" for r in reports):
        return EXIT_BAD_INPUT
    return EXIT_OK if all(r.verdict in ("accepted", "duplicate") for r in reports) else EXIT_FINDINGS


def _township(args: argparse.Namespace, paths: list[Path]) -> int:
    from perfdesk.commands.task import run_import
    from perfdesk.services.exchange_receipts import import_receipt

    worst = EXIT_OK
    for path in paths:
        kind = kind_of(path, None)
        if kind == "task":
            code = run_import(argparse.Namespace(**{**vars(args), "file": str(path)}))
        elif kind == "receipt":
            with open_store(args) as store:
                applied = import_receipt(store, path)
            print(
                f"{path.name}：回执{'以前已导入，未作改变' if applied.report.verdict == 'duplicate' else '已导入'}"
            )
            notes = {"approved": "（锁定）", "returned": "（可修改）"}
            for what, before, after in applied.changes:
                print(
                    f"  {what}：{label('status.' + before)} → {label('status.' + after)}{notes.get(after, '')}"
                )
            code = EXIT_OK
        else:
            raise CommandFailed("import.kind", f"{path.name} 是申报包，乡镇不导入申报包（应由县里导入）")
        worst = max(worst, code)
    return worst
