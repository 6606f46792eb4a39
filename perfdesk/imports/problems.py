"""What an import found wrong, named by sheet, row and column, with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """An error stops the import; a warning is shown and the import may go on."""

    ERROR = "error"
    WARNING = "warning"


def column_letter(index: int) -> str:
    """The Excel column letter of a 0-based column index: 0 → ``A``, 27 → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem: ``row`` is the row as Excel shows it (from 1, 0 when the whole sheet or
    file), ``column`` the column letter ('' when the whole row), ``column_name`` its header."""

    code: str
    level: Level
    sheet: str
    row: int
    column: str
    column_name: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def where(self) -> str:
        """The cell as a person looks for it: ``工作表“项目” 第5行 F列（年度资金总额）``."""
        parts = [f"工作表“{self.sheet}”"] if self.sheet else []
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列" + (f"（{self.column_name}）" if self.column_name else ""))
        elif self.column_name:
            parts.append(f"（{self.column_name}）")
        return " ".join(parts)

    def describe(self) -> str:
        level = "错误" if self.is_error else "提示"
        where = self.where()
        return (
            f"{level} [{self.code}] {where}：{self.message}"
            if where
            else f"{level} [{self.code}] {self.message}"
        )


def error(
    code: str, sheet: str, message: str, *, row: int = 0, column: int | None = None, column_name: str = ""
) -> ImportProblem:
    """An error at a cell (``column`` as a 0-based index, None for the whole row or sheet)."""
    letter = "" if column is None else column_letter(column)
    return ImportProblem(code, Level.ERROR, sheet, row, letter, column_name, message)


def warning(
    code: str, sheet: str, message: str, *, row: int = 0, column: int | None = None, column_name: str = ""
) -> ImportProblem:
    letter = "" if column is None else column_letter(column)
    return ImportProblem(code, Level.WARNING, sheet, row, letter, column_name, message)
