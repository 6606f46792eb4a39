"""A form document as an .xlsx workbook in the printed layout (the same Sheet the PDF renders).

One worksheet per form, laid out on the sheet's column grid (less the grid lines no cell starts or
ends at, which a workbook would only carry as empty split columns): the title and 填报单位 line, every
block with thin borders on every cell (merged cells included, or Excel and WPS leave gaps), 一级/
二级 merged down their rows, the notes and the signature lines. Row heights are worked out here
from the text and the column widths: Excel never fits the height of a merged cell itself.

Page setup: A4, the sheet's orientation, fit to one page wide (as many pages tall as needed),
centred, print area over the form, the indicator heading row repeated on every printed page, and
"第 &P 页 共 &N 页" with the document's short hash in the footer. The two top rows (title and
填报单位) are frozen; freezing down to the indicator heading would hold the whole header block,
often taller than a laptop window, and leave nothing to scroll.

Figures that are plain numbers (amounts, weights, scores, 执行率) are written as numbers with the
printed number of decimals, so a person can add them up in Excel; anything else stays text
(``10.00*``, ``不适用``, ``≥3公里``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from perfdesk import APP_NAME
from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.reports.forms import build_sheet
from perfdesk.reports.sheet import Block, Cell, Sheet, merge_runs, place, without_unused_columns

FONT_NAME = "宋体"
GB2312_CHARSET = 134
MM_PER_CHAR = 1.9
"""Millimetres per Excel column-width unit (one '0' of the default font, with its padding)."""
LINE_PT = 1.45
TITLE_PT = 16.0
ROW_PAD_PT = 6.0
FROZEN_ROWS = 2
# No leading zeros ("0915" stays text) and at most 15 digits (what Excel keeps of a number).
_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.(\d{1,10}))?")
_PERCENT = re.compile(r"(-?(?:0|[1-9]\d{0,14})(?:\.(\d{1,10}))?)%")
_ALIGN = {"label": "center", "head": "center", "center": "center", "number": "right", "value": "left"}
_THIN = Side(style="thin", color="000000")
BORDERS = {
    "grid": Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
    "none": Border(),
    "under": Border(bottom=_THIN),
}


def text_width(text: str) -> int:
    """Width in column units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def line_count(text: str, width_chars: float) -> int:
    """Lines ``text`` takes in a cell ``width_chars`` wide, wrapped."""
    capacity = max(1.0, width_chars - 1.0)
    if 2 * len(text) <= capacity and "\n" not in text:  # fits even if every character is wide
        return 1
    return sum(max(1, math.ceil(text_width(line) / capacity)) for line in text.split("\n"))


def cell_value(text: str) -> tuple[Any, str | None]:
    """The value to store and its number format: numbers as numbers, everything else as text."""
    number = _NUMBER.fullmatch(text)
    if number:
        decimals = len(number.group(1) or "")
        return Decimal(text), "0." + "0" * decimals if decimals else "0"
    percent = _PERCENT.fullmatch(text)
    if percent:
        decimals = len(percent.group(2) or "")
        return Decimal(percent.group(1)) / 100, ("0." + "0" * decimals if decimals else "0") + "%"
    return text, None


Grid = list[list[XlCell | None]]


@dataclass
class _Writer:
    """Writes one Sheet into one worksheet: each row is built in full, then appended in order."""

    ws: Worksheet
    sheet: Sheet

    def __post_init__(self) -> None:
        self.styles: dict[tuple[str, ...], StyleArray] = {}
        self.rows = 0  # appended so far
        self.font = Font(name=FONT_NAME, size=self.sheet.font_size, charset=GB2312_CHARSET)
        self.widths = [mm / MM_PER_CHAR for mm in self.sheet.widths_mm]
        self.line_height = self.sheet.font_size * LINE_PT

    @property
    def columns(self) -> int:
        return self.sheet.columns

    @property
    def next_row(self) -> int:
        return self.rows + 1

    def text_height(self, text: str, col: int, colspan: int) -> float:
        width = sum(self.widths[col : col + colspan])
        return line_count(text, width) * self.line_height + ROW_PAD_PT

    def style(self, key: tuple[str, ...], apply: Callable[[XlCell], None]) -> StyleArray:
        """The style ``key`` of this workbook; ``apply`` sets it up on a probe cell the first time.

        openpyxl looks every font, border and alignment up in the workbook's tables on each
        assignment; the finished index array, copied to each cell, costs a tenth of that.
        """
        found = self.styles.get(key)
        if found is None:
            probe = XlCell(self.ws)
            apply(probe)
            found = self.styles[key] = probe._style
        return found

    def cell(self, cell: Cell, border: str = "grid") -> XlCell:
        value, number_format = cell_value(cell.text) if cell.style != "value" else (cell.text, None)

        def apply(target: XlCell) -> None:
            target.font = self.font
            target.alignment = Alignment(horizontal=_ALIGN[cell.style], vertical="center", wrap_text=True)
            target.border = BORDERS[border]
            if number_format:
                target.number_format = number_format
            if cell.fill:
                target.fill = PatternFill("solid", start_color=cell.fill, end_color=cell.fill)

        style = self.style((cell.style, border, number_format or "", cell.fill), apply)
        return XlCell(self.ws, value=value, style_array=copy(style))

    def put(self, grid: Grid, row: int, col: int, cell: Cell, rowspan: int = 1, colspan: int = 1) -> None:
        """Place ``cell`` in ``grid`` (0-based) merged over its span.

        The cells a merged range covers hold no value but carry the top cell's style: Excel and
        WPS draw a merged cell's borders from the cells along its edges.
        """
        top = grid[row][col] = self.cell(cell)
        if rowspan == 1 and colspan == 1:
            return
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                if (r, c) != (row, col):
                    grid[r][c] = XlCell(self.ws, style_array=copy(top._style))
        self.merge(self.next_row + row, col, rowspan, colspan)

    def merge(self, row: int, col: int, rowspan: int, colspan: int) -> None:
        """Record a merged range (1-based ``row``, 0-based ``col``). Not ws.merge_cells: that rebuilds
        every edge cell's border (most of the export's time) and checks each range against all the
        others; here the cells carry their borders and the sheet's ranges never overlap."""
        self.ws.merged_cells.ranges.add(
            CellRange(min_col=col + 1, min_row=row, max_col=col + colspan, max_row=row + rowspan - 1)
        )

    def line(self, cells: list[tuple[Cell, int, str]], height: float) -> None:
        """One borderless (or underlined) row: (cell, columns it spans, border) from column A on."""
        row: list[XlCell | None] = []
        for cell, colspan, border in cells:
            if colspan > 1:
                self.merge(self.next_row, len(row), 1, colspan)
            row += [self.cell(cell, border), *[None] * (colspan - 1)]
        self.append([row], [height])

    def append(self, grid: Grid, heights: Sequence[float | None]) -> None:
        """Append rows below the ones written, each with its height."""
        for row, height in zip(grid, heights, strict=True):
            if height is not None:
                self.ws.row_dimensions[self.next_row].height = round(height, 1)
            self.ws.append(row)
            self.rows += 1

    def title(self) -> None:
        def apply(target: XlCell) -> None:
            target.font = Font(name=FONT_NAME, size=TITLE_PT, bold=True, charset=GB2312_CHARSET)
            target.alignment = Alignment(horizontal="center", vertical="center")

        title = XlCell(self.ws, value=self.sheet.title, style_array=copy(self.style(("title",), apply)))
        self.merge(1, 0, 1, self.columns)
        self.append([[title]], [TITLE_PT * 2])
        split = self.columns - 2
        self.line(
            [(Cell(self.sheet.unit_line), split, "none"), (Cell(self.sheet.money_line, "number"), 2, "none")],
            self.line_height + ROW_PAD_PT,
        )

    def block(self, block: Block) -> int:
        """Write a block; returns the sheet row of its first row."""
        first = self.next_row
        placed = place(block.rows, self.columns)
        merged = merge_runs(placed, block.merge_columns, block.header_rows)
        hidden = {(r, col) for col, start, end in merged for r in range(start + 1, end + 1)}
        spans = {(col, start): end - start + 1 for col, start, end in merged}
        grid: Grid = [[None] * self.columns for _ in block.rows]
        heights = [max(block.min_height_mm * 72 / 25.4, self.line_height + ROW_PAD_PT)] * len(block.rows)
        tall: list[tuple[int, int, float]] = []
        for p in placed:
            if (p.row, p.col) in hidden:  # inside a merged 一级/二级 run, filled in by its top cell
                continue
            rowspan = spans.get((p.col, p.row), p.rowspan)
            self.put(grid, p.row, p.col, p.cell, rowspan, p.colspan)
            need = self.text_height(p.cell.text, p.col, p.colspan)
            if rowspan == 1:
                heights[p.row] = max(heights[p.row], need)
            else:
                tall.append((p.row, rowspan, need))
        for start, rowspan, need in tall:  # a merged cell taller than its rows: the last row grows
            have = sum(heights[start : start + rowspan])
            if need > have:
                heights[start + rowspan - 1] += need - have
        self.append(grid, heights)
        return first

    def notes(self) -> None:
        for note in self.sheet.notes:
            self.line([(Cell(note), self.columns, "none")], self.text_height(note, 0, self.columns))

    def signatures(self) -> None:
        per_row = self.columns // 2
        self.append([[]], [None])
        pairs = list(self.sheet.signatures)
        for i in range(0, len(pairs), per_row):
            cells = [
                item
                for name, value in pairs[i : i + per_row]
                for item in ((Cell(f"{name}：", "number"), 1, "none"), (Cell(value), 1, "under"))
            ]
            self.line(cells, self.line_height * 2)


def _page_setup(ws: Worksheet, sheet: Sheet) -> None:
    """A4 in the sheet's orientation, one page wide, centred, with the footer (before any row)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.8
    ws.page_margins.footer = 0.3
    ws.freeze_panes = f"A{FROZEN_ROWS + 1}"
    footer = ws.HeaderFooter.oddFooter
    left = "  ".join(
        p for p in (sheet.footer_left, label("print.doc_hash").format(hash=sheet.short_hash)) if p
    )
    footer.left.text, footer.left.size = left, 8
    footer.center.text, footer.center.size = label("print.page").format(page="&P", pages="&N"), 9
    if sheet.package_hash:
        footer.right.text = label("print.package_hash").format(hash=sheet.package_hash)
        footer.right.size = 7
    for i, width in enumerate(sheet.widths_mm, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width / MM_PER_CHAR, 2)


def write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    """Lay ``sheet`` out on an empty ``ws`` with its page setup (see the module docstring)."""
    sheet = without_unused_columns(sheet)
    _page_setup(ws, sheet)
    writer = _Writer(ws, sheet)
    writer.title()
    heading: tuple[int, int] | None = None
    for block in sheet.blocks:
        first = writer.block(block)
        if block.breaks_with_header and heading is None:
            heading = (first, first + block.header_rows - 1)
    writer.notes()
    writer.signatures()
    ws.print_area = f"A1:{get_column_letter(sheet.columns)}{writer.rows}"
    if heading is not None:
        ws.print_title_rows = f"{heading[0]}:{heading[1]}"


def export_document_xlsx(doc: FormDoc, out: Path | IO[bytes]) -> None:
    """Write the printed form of ``doc`` as a workbook to a path or a binary stream.

    Raises :class:`perfdesk.reports.forms.ReportError` when the document cannot be printed.
    """
    sheet = build_sheet(doc)
    export_sheet_xlsx(sheet, out, label(f"print.sheet_name.{sheet.kind}"))


def export_sheet_xlsx(sheet: Sheet, out: Path | IO[bytes], sheet_name: str) -> None:
    """Write any printed sheet (a form or a summary) as a one-sheet workbook in the same layout."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_name[:31]  # Excel's limit for a sheet name
    workbook.properties.title = sheet.title
    workbook.properties.creator = APP_NAME
    write_sheet(ws, sheet)
    workbook.save(out)
