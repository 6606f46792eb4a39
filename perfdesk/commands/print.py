"""``perfdesk print DOC.json [-o FILE.pdf]``: a form document as its printed PDF; and
``perfdesk print --year Y --unit CODE [--form KIND] -o FILE.pdf``: a unit's forms from the database.

Renders the document as it stands, whatever its kind (绩效目标表 portrait, 自评表 landscape), the
same PDF the program prints and previews. Exit codes: 0 written; 2 when the file is missing,
unreadable or not a form document, when the form cannot be printed (a kind with no printed form
yet, a scoring profile that cannot be used), or when the output cannot be written; for the
database form also for an unknown unit, nothing to print, or both forms (or neither) given. One Chinese
line on standard error with the code, never a traceback; nothing is left behind on failure.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from perfdesk.commands.check import load_document
from perfdesk.domain.document import DocumentError
from perfdesk.domain.labels import label

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``print`` to the ``perfdesk`` command."""
    parser = subparsers.add_parser(
        "print",
        help="把表单文档（JSON）打印成 PDF（绩效目标表、自评表）",
        description="把一份表单文档按正式表样生成 PDF（A4，字体嵌入）。退出码：0 已生成；2 文件无法读取、不是表单文档或无法打印。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("file", metavar="DOC.json", nargs="?", help="表单文档（JSON 文件）")
    parser.add_argument(
        "-o", "--output", metavar="FILE.pdf", help="PDF 文件；省略时与文档同名、扩展名为 .pdf"
    )
    unit = parser.add_argument_group("从数据库批量打印一个单位的表（代替 DOC.json）")
    unit.add_argument("--year", type=int, metavar="Y", help="年度")
    unit.add_argument("--unit", metavar="CODE", help="单位代码")
    unit.add_argument(
        "--form",
        choices=("targets", "monitoring", "selfeval"),
        help="只打印一种表：targets 目标表、monitoring 监控表、selfeval 自评表；省略时全部",
    )
    parser.set_defaults(handler=run)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fail(code: str, message: str) -> int:
    print(f"错误 [{code}]：{message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def output_path(source: Path, option: str | None, suffix: str) -> Path:
    return Path(option).expanduser() if option else source.with_suffix(suffix)


def run(args: argparse.Namespace) -> int:
    from perfdesk.reports.forms import ReportError

    from_database = args.year is not None or args.unit is not None or args.form is not None
    if from_database or args.file is None:
        return run_unit(args)
    from perfdesk.reports.pdf import render_document_pdf

    source = Path(args.file).expanduser()
    target = output_path(source, args.output, ".pdf")
    try:
        doc = load_document(source)
        buffer = io.BytesIO()
        pages = render_document_pdf(doc, buffer)
    except (DocumentError, ReportError) as exc:
        return fail(exc.code, str(exc))
    try:
        write_atomically(target, buffer.getvalue())
    except OSError as exc:
        return fail("io", f"无法写入 {target}：{exc.strerror or exc}")
    print(f"已生成{label('form.' + doc.kind)}：{target}（共 {pages} 页）")
    return EXIT_OK


def run_unit(args: argparse.Namespace) -> int:
    """``--year Y --unit CODE [--form KIND] -o FILE.pdf``: the unit's forms in one PDF."""
    from perfdesk.paths import resolve_data_dir
    from perfdesk.reports.forms import ReportError
    from perfdesk.services.printing import render_unit_forms
    from perfdesk.services.store import Store

    if args.file is not None:
        return fail("print.usage", "DOC.json 与 --year/--unit 只能选一种：打印文档，或从数据库打印单位的表")
    if args.year is None or not args.unit:
        return fail("print.usage", "请给出表单文档 DOC.json，或同时给出 --year 年度和 --unit 单位代码")
    if not args.output:
        return fail("print.usage", "从数据库打印时请用 -o 指定 PDF 文件")
    target = Path(args.output).expanduser()
    kinds = (args.form,) if args.form else None
    with Store.open(resolve_data_dir(args.data_dir)) as store:
        try:
            printed = render_unit_forms(store, args.year, args.unit, kinds)
        except ReportError as exc:
            return fail(exc.code, str(exc))
    try:
        write_atomically(target, printed.data)
    except OSError as exc:
        return fail("io", f"无法写入 {target}：{exc.strerror or exc}")
    print(f"已生成{printed.title}：{target}（共 {printed.pages} 页）")
    return EXIT_OK
