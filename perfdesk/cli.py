"""The ``perfdesk`` command: the GUI by default, headless subcommands for scripts and tests.

Every subcommand prints Chinese messages and exits 0 on success, 1 on a rule finding and 2 on
bad input (a file that cannot be used, a folder another PerfDesk holds).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from perfdesk import APP_TITLE, version
from perfdesk.paths import ENV_HOME, resolve_data_dir

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

# Subcommands that live in their own module (perfdesk/commands/*.py). Each module has
# ``register(subparsers)``, which adds its parser with ``set_defaults(handler=...)``.
COMMAND_MODULES: tuple[str, ...] = (
    "perfdesk.commands.check",
    "perfdesk.commands.score",
    "perfdesk.commands.print",
    "perfdesk.commands.xlsx",
    "perfdesk.commands.key",
    "perfdesk.commands.task",
    "perfdesk.commands.export",
    "perfdesk.commands.verify",
    "perfdesk.commands.import_",
    "perfdesk.commands.receipt",
)

Handler = Callable[[argparse.Namespace], int]


class _VersionAction(argparse.Action):
    """``--version``, reading the version only when asked (the metadata lookup is slow to import)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"PerfDesk {version()}")
        parser.exit(0)


def gui_data_dir(argv: Sequence[str]) -> str | bool | None:
    """The ``--data-dir`` of a plain GUI start (``perfdesk [--data-dir DIR] [gui]``), else False.

    A plain start skips building every subcommand's parser, which would import their modules
    on the way to the first window.
    """
    rest = [a for a in argv if a != "gui"]
    if not rest:
        return None
    if len(rest) == 2 and rest[0] == "--data-dir":
        return rest[1]
    if len(rest) == 1 and rest[0].startswith("--data-dir="):
        return rest[0].split("=", 1)[1]
    return False


class ChineseArgumentParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "用法：", 1)
            .replace("positional arguments:", "参数：")
            .replace("options:", "选项：")
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="perfdesk",
        description=f"{APP_TITLE}。不带子命令时启动图形界面。",
        epilog=f"数据文件夹：--data-dir 优先，其次环境变量 {ENV_HOME}，否则为用户数据文件夹。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--version", action=_VersionAction, help="显示版本号并退出")
    parser.add_argument("--data-dir", metavar="DIR", help="使用指定的数据文件夹")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="在临时文件夹中自检（数据库、表单、PDF、工作簿、签名交换包）后退出，不动数据文件夹",
    )
    parser._optionals.title = "选项"
    sub = parser.add_subparsers(
        title="子命令", dest="command", metavar="子命令", parser_class=ChineseArgumentParser
    )

    gui = sub.add_parser("gui", help="启动图形界面（默认）", add_help=False)
    gui.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    demo = sub.add_parser("demo", help="在数据文件夹中建立示例数据（示例县、单位和项目）", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    demo.add_argument("--county", action="store_true", help="建立同一示例县的县级（审核）安装")

    bk = sub.add_parser("backup", help="备份数据库到文件（如 U 盘）", add_help=False)
    bk.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    bk.add_argument("-o", "--output", metavar="FILE", help="备份文件；省略时写入数据文件夹的 backups/")

    rs = sub.add_parser("restore", help="从备份文件恢复数据库（原数据库会先备份保留）", add_help=False)
    rs.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    rs.add_argument("file", metavar="FILE", help="备份文件")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from perfdesk.services.store import Store

    return Store.open(_data_dir(args))


def cmd_gui(args: argparse.Namespace) -> int:
    # The GUI lives in the ``ui`` package above the core; the core reaches it only here, by name.
    try:
        gui = importlib.import_module("ui.app")
    except ImportError as exc:
        print(f"无法启动图形界面：{exc}。请先运行 bash scripts/dev.sh start 安装所需组件。", file=sys.stderr)
        return EXIT_BAD_INPUT
    return int(gui.run(_data_dir(args)))


def cmd_demo(args: argparse.Namespace) -> int:
    from perfdesk.services import demo

    with _open_store(args) as store:
        summary = demo.install_demo(store, county=args.county)
    print(summary.describe())
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from perfdesk.services import backups

    with _open_store(args) as store:
        target = (
            Path(args.output).expanduser()
            if args.output
            else store.data_dir / "backups" / f"manual-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        )
        path = backups.backup_to(store, target)
    print(f"已备份到 {path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from perfdesk.services import backups

    result = backups.restore(_data_dir(args), Path(args.file).expanduser())
    print(f"已从 {result.restored_from} 恢复数据库。")
    if result.kept_previous:
        print(f"原数据库已保留在 {result.kept_previous}")
    return EXIT_OK


def cmd_self_test() -> int:
    from perfdesk import selftest

    return selftest.run()


HANDLERS: dict[str, Handler] = {
    "gui": cmd_gui,
    "demo": cmd_demo,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``perfdesk`` console script."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    plain = gui_data_dir(argv)
    if plain is not False:
        return cmd_gui(argparse.Namespace(data_dir=plain, command="gui"))
    if argv == ["--self-test"]:  # the smoke test of every build: skip the subcommands' imports
        return cmd_self_test()
    args = build_parser().parse_args(argv)
    if args.self_test:
        return cmd_self_test()
    handler = getattr(args, "handler", None) or HANDLERS[args.command or "gui"]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        return _report(exc)


def _report(exc: Exception) -> int:
    from perfdesk.domain.findings import ValidationFailed
    from perfdesk.services.backups import RestoreRefused
    from perfdesk.storage.engine import StorageError
    from perfdesk.storage.lock import AlreadyRunning

    if isinstance(exc, RestoreRefused):
        print(f"错误 [{exc.code}]：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, StorageError | AlreadyRunning):
        code = getattr(getattr(exc, "check", None), "code", "storage")
        print(f"错误 [{code}]：{exc}", file=sys.stderr)
        latest = getattr(exc, "latest_backup", None)
        if latest:
            print(f"可以从最近的自动备份恢复：perfdesk restore {latest}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, ValidationFailed):
        for f in exc.findings:
            print(f"错误 [{f.code}] {f.field}：{f.message}", file=sys.stderr)
        return EXIT_FINDINGS
    if isinstance(exc, OSError):
        print(f"错误 [io]：{exc.strerror or exc}：{exc.filename or ''}", file=sys.stderr)
        return EXIT_BAD_INPUT
    raise exc


def main_gui() -> int:
    """Entry point of the windowed launcher: always the GUI."""
    return main(sys.argv[1:])
