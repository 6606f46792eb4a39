"""``perfdesk xlsx export DOC.json [-o FILE.xlsx]``: a form document as a workbook in print layout.

The workbook has the printed form's layout (merged cells, borders, column widths, A4 page setup);
see :mod:`perfdesk.reports.xlsx_forms`. Exit codes as ``perfdesk print``: 0 written; 2 when the
document cannot be read or printed, or the file cannot be written (one Chinese line, no traceback).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from perfdesk.commands.check import load_document
from perfdesk.commands.print import EXIT_OK, fail, output_path, write_atomically
from perfdesk.domain.document import DocumentError
from perfdesk.domain.labels import label


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``xlsx`` (with ``export``) to the ``perfdesk`` command."""
    parser = subparsers.add_parser("xlsx", help="Excel 工作簿：把表单文档导出为 .xlsx", add_help=False)
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
