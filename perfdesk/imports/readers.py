"""Files into sheets of text cells: .xlsx through openpyxl, .csv in UTF-8 (with or without BOM),
GBK/GB18030 or UTF-16 (Excel's “Unicode 文本”).

Decisions:
- Limits keep a wrong or huge file from freezing the program: at most ``MAX_FILE_BYTES`` on disk,
  ``MAX_UNPACKED_BYTES`` unpacked (a workbook is a zip), ``MAX_SHEETS`` sheets, ``MAX_ROWS`` rows
  and ``MAX_COLUMNS`` columns per sheet. A sheet past ``MAX_ROWS`` is refused with a message that
  says to split it; reading stops at the first row past the limit, so the time spent on a 10 MB
  sheet is bounded by the limit, not by the sheet.
- Workbooks are opened ``read_only`` with cached formula results (``data_only``); a merged cell
  arrives as its value in the first cell and empty cells after it.
- CSV encoding: a BOM decides (UTF-8 or UTF-16); otherwise strict UTF-8, else GB18030 (a superset
  of GBK). A file with NUL bytes and no UTF-16 BOM is binary and refused; text that is neither
  is refused rather than guessed.
- Every cell becomes text: odd spaces made plain, each line trimmed, line breaks inside a cell
  kept (goal lines need them); whole numbers stored as floats lose their ``.0``, other numbers
  keep their shortest exact form. Full-width digits and units are folded by the layout readers
  (``clean_cell`` for list cells, the paste parser for indicators), which keep Chinese
  punctuation where it belongs (goal lines, 三级指标 names).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from perfdesk.imports.problems import ImportProblem, error, warning

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_SHEETS = 50
MAX_ROWS = 20_000
MAX_COLUMNS = 60
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")


class ReadError(Exception):
    """The file as a whole cannot be read; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its rows of text cells (row ``i`` is Excel's row ``i + 1``)."""

    name: str
    rows: list[list[str]]

    def cell(self, row: int, column: int) -> str:
        """The text at 0-based ``row``/``column``, '' outside the sheet."""
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    @property
    def empty(self) -> bool:
        return not any(cell for row in self.rows for cell in row)


@dataclass(frozen=True)
class Workbook:
    """The sheets read, and problems met while reading (sheets refused for their size …)."""

    sheets: list[Sheet]
    problems: list[ImportProblem] = field(default_factory=list)


def cell_text(value: object) -> str:
    """A cell value as text (see the module's decisions)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _trimmed(cells: Iterable[object]) -> list[str]:
    row = [cell_text(value) for value in cells]
    while row and not row[-1]:
        row.pop()
    return row


def read_file(path: Path) -> Workbook:
    """Read a workbook or CSV file; ``ReadError`` when the file as a whole cannot be used."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError("file.missing", f"无法打开文件 {path.name}：{exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise ReadError(
            "file.too_large",
            f"文件 {path.name} 有 {size / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。"
            "请只保留要导入的工作表，或拆分成几个文件后分别导入",
        )
    if suffix == ".xls":
        raise ReadError("file.old_excel", "不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入")
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    raise ReadError("file.type", f"不能导入 {path.suffix or '无扩展名'} 文件，请选择 .xlsx 或 .csv 文件")


def _read_workbook(path: Path) -> Workbook:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ReadError(
            "file.not_xlsx", f"{path.name} 不是有效的 .xlsx 工作簿（文件损坏，或只是改了扩展名）"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(
            "file.too_large",
            f"{path.name} 解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，请拆分成几个文件后分别导入",
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise ReadError("file.not_xlsx", f"{path.name} 无法作为 .xlsx 工作簿打开：{exc}") from None
    try:
        sheets: list[Sheet] = []
        problems: list[ImportProblem] = []
        for index, worksheet in enumerate(book.worksheets):
            if index == MAX_SHEETS:
                problems.append(
                    warning(
                        "file.too_many_sheets",
                        "",
                        f"工作簿超过 {MAX_SHEETS} 张工作表，只读取了前 {MAX_SHEETS} 张",
                    )
                )
                break
            sheet, problem = _read_rows(
                worksheet.title, worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            )
            sheets.append(sheet)
            if problem:
                problems.append(problem)
            width = getattr(worksheet, "max_column", None)
            if isinstance(width, int) and width > MAX_COLUMNS and not problem:
                problems.append(
                    warning(
                        "sheet.too_many_columns", worksheet.title,
                        f"工作表有 {width} 列，只读取了前 {MAX_COLUMNS} 列",
                    )
                )  # fmt: skip
        return Workbook(sheets, problems)
    finally:
        book.close()


def _read_rows(name: str, rows: Iterable[Iterable[object]]) -> tuple[Sheet, ImportProblem | None]:
    """The rows of one sheet, or an empty sheet and the refusal when it has too many rows."""
    out: list[list[str]] = []
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            message = (
                f"工作表超过 {MAX_ROWS} 行，未读取。请删除空行和不导入的内容，或把它拆分成几张工作表后再导入"
            )
            return Sheet(name, []), error("sheet.too_many_rows", name, message)
        out.append(_trimmed(row))
    while out and not out[-1]:
        out.pop()
    return Sheet(name, out), None


def decode_text(data: bytes, name: str) -> str:
    """The text of a CSV file (see the module's decisions on encodings)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        raise ReadError("file.binary", f"{name} 不是文本文件（含有二进制内容），请选择 .xlsx 或 .csv 文件")
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(
        "file.encoding",
        f"{name} 的文字编码无法识别（不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 或 WPS 中另存为“CSV UTF-8”后再导入",
    )


def _read_text(path: Path) -> Workbook:
    text = decode_text(path.read_bytes(), path.name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limited = (row[:MAX_COLUMNS] for row in rows)
    sheet, problem = _read_rows(path.stem, limited)
    return Workbook([sheet], [problem] if problem else [])
