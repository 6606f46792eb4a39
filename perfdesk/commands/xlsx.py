"""``perfdesk xlsx export DOC.json [-o FILE.xlsx]``: a form document as a workbook in print layout;
``perfdesk xlsx import FILE.xlsx|FILE.csv [--dry-run] [--year Y]``: the unit/project list and
target sheets into the database.

The workbook has the printed form's layout (merged cells, borders, column widths, A4 page setup);
see :mod:`perfdesk.reports.xlsx_forms`. Exit codes as ``perfdesk print``: 0 written; 2 when the
document cannot be read or printed, or the file cannot be written (one Chinese line, no traceback).
``import`` runs the same preview and import as the GUI (:mod:`perfdesk.services.excel_import`):
0 after importing (or, with ``--dry-run``, when the import would succeed; nothing is written);
2 with every problem listed (sheet, row, column) when anything is wrong, and nothing is written.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from perfdesk.commands.check import load_document
from perfdesk.commands.print import EXIT_BAD_INPUT, EXIT_OK, fail, output_path, write_atomically
from perfdesk.domain.document import DocumentError
from perfdesk.domain.labels import label


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``xlsx`` (with ``export``) to the ``perfdesk`` command."""
    parser = subparsers.add_parser(
        "xlsx", help="Excel 工作簿：把表单文档导出为 .xlsx，从 .xlsx/.csv 导入项目和目标表", add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    actions = parser.add_subparsers(title="操作", dest="xlsx_action", metavar="操作", required=True)
    export = actions.add_parser(
        "export",
        help="把表单文档按正式表样导出为 .xlsx（合并单元格、边框、A4 页面设置）",
        description="把一份表单文档按正式表样导出为 Excel 工作簿。退出码：0 已导出；2 文件无法读取、不是表单文档或无法导出。",
        add_help=False,
    )
    export.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    export.add_argument("file", metavar="DOC.json", help="表单文档（JSON 文件）")
    export.add_argument(
        "-o", "--output", metavar="FILE.xlsx", help="工作簿文件；省略时与文档同名、扩展名为 .xlsx"
    )
    export.set_defaults(handler=run_export)
    imp = actions.add_parser(
        "import",
        help="从 .xlsx 或 .csv 导入单位、项目（含资金）和绩效目标表",
        description="从 Excel 工作簿或 CSV 文件导入单位/项目清单和绩效目标表，全部成功才写入。"
        "退出码：0 已导入（--dry-run 时为可以导入）；2 有问题（逐条列出工作表、行、列），未写入任何内容。",
        add_help=False,
    )
    imp.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    imp.add_argument("file", metavar="FILE.xlsx|FILE.csv", help="工作簿或 CSV 文件（UTF-8 或 GBK）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并列出将导入的内容，不写入")
    imp.add_argument(
        "--year", type=int, metavar="Y", help="预算年度；省略时为数据库中最新的年度（没有时为今年）"
    )
    imp.set_defaults(handler=run_import)
    summary = actions.add_parser(
        "summary",
        help="把监控总览或自评汇总导出为 .xlsx",
        description="从数据库导出一个年度的监控总览（monitoring）或自评汇总（selfeval）工作簿。退出码：0 已导出；2 无法导出。",
        add_help=False,
    )
    summary.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    summary.add_argument(
        "kind", choices=("monitoring", "selfeval"), help="monitoring 监控总览；selfeval 自评汇总"
    )
    summary.add_argument("--year", type=int, required=True, metavar="Y", help="预算年度")
    summary.add_argument("--unit", metavar="CODE", help="只导出这个单位（省略时为全部单位）")
    summary.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="工作簿文件")
    summary.set_defaults(handler=run_summary)


def run_export(args: argparse.Namespace) -> int:
    from perfdesk.reports.forms import ReportError
    from perfdesk.reports.xlsx_forms import export_document_xlsx

    source = Path(args.file).expanduser()
    target = output_path(source, args.output, ".xlsx")
    try:
        doc = load_document(source)
        buffer = io.BytesIO()
        export_document_xlsx(doc, buffer)
    except (DocumentError, ReportError) as exc:
        return fail(exc.code, str(exc))
    try:
        write_atomically(target, buffer.getvalue())
    except OSError as exc:
        return fail("io", f"无法写入 {target}：{exc.strerror or exc}")
    print(f"已导出{label('form.' + doc.kind)}：{target}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from datetime import date

    from perfdesk.paths import resolve_data_dir
    from perfdesk.services import catalog
    from perfdesk.services.excel_import import ImportRefused, apply_import, plan_import
    from perfdesk.services.store import Store

    with Store.open(resolve_data_dir(args.data_dir)) as store:
        year = args.year or max(catalog.list_years(store), default=date.today().year)
        plan = plan_import(store, Path(args.file).expanduser(), year)
        for problem in plan.warnings:
            print(problem.describe(), file=sys.stderr)
        if not plan.ok:
            for problem in plan.errors:
                print(problem.describe(), file=sys.stderr)
            print(f"有 {len(plan.errors)} 个错误，未导入任何内容。请改正后重新导入。", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"{year} 年度：{plan.summary()}")
        for change in plan.updated_projects:
            fields = "，".join(f"{_field_label(k)} {a} → {b}" for k, (a, b) in change.changes.items())
            print(f"  更新 {change.code} {change.name}：{fields}")
        if args.dry_run:
            print("预览（--dry-run）：未写入任何内容")
            return EXIT_OK
        try:
            result = apply_import(store, plan)
        except ImportRefused as exc:
            return fail("import.refused", str(exc))
    print(result.summary())
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from perfdesk.paths import resolve_data_dir
    from perfdesk.reports.forms import ReportError
    from perfdesk.services import catalog, printing
    from perfdesk.services.store import Store

    target = Path(args.output).expanduser()
    buffer = io.BytesIO()
    with Store.open(resolve_data_dir(args.data_dir)) as store:
        unit_id = None
        if args.unit:
            units = [n.unit for n in catalog.load_tree(store, args.year) if n.unit.code == args.unit]
            if not units:
                return fail("print.unknown_unit", f"没有代码为 {args.unit} 的单位，请核对单位代码")
            unit_id = units[0].id
        try:
            printing.export_summary_xlsx(store, args.kind, args.year, buffer, unit_id)
        except ReportError as exc:
            return fail(exc.code, str(exc))
    try:
        write_atomically(target, buffer.getvalue())
    except OSError as exc:
        return fail("io", f"无法写入 {target}：{exc.strerror or exc}")
    print(f"已导出{'监控总览' if args.kind == 'monitoring' else '自评汇总'}：{target}")
    return EXIT_OK


def _field_label(name: str) -> str:
    key = f"field.funds.{name}" if name in ("annual", "fiscal", "other") else f"field.project.{name}"
    return label(key)
