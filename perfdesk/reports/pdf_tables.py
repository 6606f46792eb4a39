"""Blocks of a :class:`~perfdesk.reports.sheet.Sheet` as reportlab tables.

Every block becomes a bordered table on the sheet's column grid, so stacked blocks read as one
form. A cell whose text fits on one line stays a plain string (reportlab sets those quickly); a
longer one becomes a paragraph that wraps the CJK way.

:class:`GroupedTable` is the indicator table. reportlab never breaks a table inside a row span, so
a 一级 group of thirty rows could not cross a page; this flowable breaks the rows itself, repeats
the heading row on each page and merges 一级/二级 afresh on every piece, so a group continued on
the next page is named there again. A row taller than a whole page (a reason of several thousand
characters) is broken into rows of its own: as much of each text as fits, then the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from perfdesk.reports.fonts import font_name, string_width
from perfdesk.reports.sheet import Block, Cell, Placed, Row, Sheet, merge_runs, place

PAD_X, PAD_Y = 3.0, 3.2
GRID_WIDTH, BOX_WIDTH = 0.5, 1.0
LEADING = 1.3
_UNLIMITED = 1e9
_ALIGN = {"label": "CENTER", "head": "CENTER", "center": "CENTER", "number": "RIGHT", "value": "LEFT"}
_PARAGRAPH_ALIGN = {"CENTER": TA_CENTER, "RIGHT": TA_RIGHT, "LEFT": TA_LEFT}


@dataclass
class TableContext:
    """What every table of one sheet shares: font, size, column widths, paragraph styles."""

    sheet: Sheet
    frame_height: float
    font: str = field(default_factory=font_name)
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)
    made: dict[tuple[str, str, float], str | Paragraph] = field(default_factory=dict)

    def __post_init__(self) -> None:
        size = self.sheet.font_size
        for name, align in _ALIGN.items():
            self.styles[name] = ParagraphStyle(
                f"cell-{name}",
                fontName=self.font,
                fontSize=size,
                leading=size * LEADING,
                alignment=_PARAGRAPH_ALIGN[align],
                wordWrap="CJK",
            )

    @property
    def widths(self) -> list[float]:
        return [w * mm for w in self.sheet.widths_mm]

    def fits(self, text: str, width: float) -> bool:
        return all(string_width(line, self.sheet.font_size) <= width - 2 * PAD_X for line in text.split("\n"))

    def content(self, text: str, style: str, width: float) -> str | Paragraph:
        """A plain string when it fits on one line, else a wrapping paragraph.

        A heading too long for its cell breaks before its bracket (项目资金 / （万元）) when that
        makes it fit, rather than wherever the width runs out. Kept per sheet: the pieces of a
        table broken across pages, and the table that measures them, share their cells (a
        paragraph is always wrapped to the same width, so sharing one is safe).
        """
        key = (text, style, width)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self._make(text, style, width)
        return found

    def _make(self, text: str, style: str, width: float) -> str | Paragraph:
        if "\n" not in text:
            if self.fits(text, width):
                return text
            if style in ("label", "head") and "（" in text[1:]:
                cut = text.index("（", 1)
                broken = f"{text[:cut]}\n{text[cut:]}"
                if self.fits(broken, width):
                    return broken
        markup = "<br/>".join(escape(line) for line in text.split("\n"))
        return Paragraph(markup, self.styles[style])


def _commands(ctx: TableContext, placed: Sequence[Placed]) -> list[tuple[Any, ...]]:
    size = ctx.sheet.font_size
    out: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), ctx.font, size, size * LEADING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("INNERGRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, colors.black),
    ]
    aligned: dict[tuple[int, int], str] = {}
    for p in placed:
        end = (p.col + p.colspan - 1, p.row + p.rowspan - 1)
        if p.colspan > 1 or p.rowspan > 1:
            out.append(("SPAN", (p.col, p.row), end))
        if p.cell.fill:
            out.append(("BACKGROUND", (p.col, p.row), end, colors.HexColor(f"#{p.cell.fill}")))
        aligned[p.col, p.row] = _ALIGN[p.cell.style]
    return out + _align_commands(aligned)


def _align_commands(aligned: dict[tuple[int, int], str]) -> list[tuple[Any, ...]]:
    """ALIGN commands, one per run of rows down a column (a command per cell is slow to apply)."""
    out: list[tuple[Any, ...]] = []
    for col in sorted({c for c, _ in aligned}):
        rows = sorted(r for c, r in aligned if c == col)
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1 and aligned[col, row] == aligned[col, start]:
                previous = row
                continue
            if aligned[col, start] != "LEFT":
                out.append(("ALIGN", (col, start), (col, previous), aligned[col, start]))
            if row is not None:
                start = previous = row
    return out


def build_table(
    ctx: TableContext,
    rows: Sequence[Row],
    merge_columns: Sequence[int] = (),
    first_merge_row: int = 0,
    min_height_mm: float = 0.0,
) -> Table:
    """One block (or a piece of one) as a bordered table; ``merge_columns`` merged down."""
    widths = ctx.widths
    placed = place(rows, len(widths))
    data: list[list[Any]] = [[""] * len(widths) for _ in rows]
    for p in placed:
        width = sum(widths[p.col : p.col + p.colspan])
        data[p.row][p.col] = ctx.content(p.cell.text, p.cell.style, width)
    commands = _commands(ctx, placed)
    for col, first, last in merge_runs(placed, merge_columns, first_merge_row):
        commands.append(("SPAN", (col, first), (col, last)))
        for r in range(first + 1, last + 1):
            data[r][col] = ""
    minimum = [min_height_mm * mm] * len(rows) if min_height_mm else None
    table = Table(data, colWidths=widths, splitByRow=1, splitInRow=1, minRowHeights=minimum)
    table.setStyle(TableStyle(commands))
    return table


class GroupedTable(Flowable):  # type: ignore[misc]
    """The rows ``start:end`` of an indicator block, after its heading rows (see module docstring)."""

    def __init__(self, ctx: TableContext, block: Block, start: int | None = None, end: int | None = None):
        super().__init__()
        self.ctx = ctx
        self.block = block
        self.start = block.header_rows if start is None else start
        self.end = len(block.rows) if end is None else end
        self._table: Table | None = None
        self._wrapped: tuple[float, float, float, float] | None = None

    def _rows(self) -> list[Row]:
        return [*self.block.rows[: self.block.header_rows], *self.block.rows[self.start : self.end]]

    def _built(self) -> Table:
        if self._table is None:
            self._table = build_table(
                self.ctx, self._rows(), self.block.merge_columns, self.block.header_rows
            )
        return self._table

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The frame wraps a piece again right after split() measured it: lay a table out once.
        if self._wrapped is None or self._wrapped[:2] != (avail_width, avail_height):
            width, height = self._built().wrap(avail_width, avail_height)
            self._wrapped = (avail_width, avail_height, width, height)
        self.width, self.height = self._wrapped[2:]
        return self.width, self.height

    def draw(self) -> None:
        self._built().drawOn(self.canv, 0, 0)

    def _row_heights(self, avail_width: float) -> list[float]:
        """Every row's height in this piece (reportlab stops measuring at the available height)."""
        table = self._built()
        table._calc(avail_width, _UNLIMITED)
        self._wrapped = None  # the table now holds the unlimited layout
        return [float(h) for h in table._rowHeights]

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        header = self.block.header_rows
        heights = self._row_heights(avail_width)
        used, fit = sum(heights[:header]), 0
        for height in heights[header:]:
            if used + height > avail_height:
                break
            used += height
            fit += 1
        if fit == self.end - self.start:
            return [self]
        tall = self._break_tall_row(fit, avail_height - used, sum(heights[:header]) + heights[header + fit])
        if tall:
            return tall
        # A group cut short may need more height for its name than its remaining rows had:
        # the first piece is measured as it will be drawn, and shortened while it is too tall.
        while fit > 0:
            first = GroupedTable(self.ctx, self.block, self.start, self.start + fit)
            if first.wrap(avail_width, avail_height)[1] <= avail_height:
                return [first, GroupedTable(self.ctx, self.block, self.start + fit, self.end)]
            fit -= 1
        return []  # the next row starts the next page

    def _break_tall_row(self, fit: int, room: float, needed: float) -> list[Flowable]:
        """The row after the ``fit`` rows that fit fits on no page at all (``needed`` with the
        heading): its long texts are broken, the first part filling ``room`` below those rows,
        the rest continuing in a row of their own. Empty when the row fits on a fresh page."""
        if needed <= self.ctx.frame_height:
            return []
        index = self.start + fit
        halves = split_row(self.ctx, self.block.rows[index], room)
        if halves is None:
            return []  # too little room left here: it starts the next page
        rows = (*self.block.rows[:index], *halves, *self.block.rows[index + 1 :])
        block = dataclasses.replace(self.block, rows=rows)
        return [
            GroupedTable(self.ctx, block, self.start, index + 1),
            GroupedTable(self.ctx, block, index + 1, self.end + 1),
        ]


def cell_height(ctx: TableContext, text: str, style: str, width: float) -> float:
    """Height of a cell holding ``text`` in a column ``width`` points wide, padding included."""
    content = ctx.content(text, style, width)
    if isinstance(content, str):
        return (content.count("\n") + 1) * ctx.sheet.font_size * LEADING + 2 * PAD_Y
    return float(content.wrap(width - 2 * PAD_X, _UNLIMITED)[1]) + 2 * PAD_Y


def split_row(ctx: TableContext, row: Row, room: float) -> tuple[Row, Row] | None:
    """``row`` as two rows: as much of each text as fits in ``room`` points, then the rest.

    Group names (label cells) are repeated in the second row, so they merge with the first;
    ``None`` when not even a few lines fit.
    """
    if room < 3 * ctx.sheet.font_size * LEADING + 2 * PAD_Y:
        return None
    widths = ctx.widths
    first: list[Cell] = []
    rest: list[Cell] = []
    for p in place([row], len(widths)):
        cell, width = p.cell, sum(widths[p.col : p.col + p.colspan])
        keep = len(cell.text)
        if cell_height(ctx, cell.text, cell.style, width) > room:
            low, high = 0, len(cell.text)  # the longest prefix that fits: low fits, high does not
            while high - low > 1:
                middle = (low + high) // 2
                fits = cell_height(ctx, cell.text[:middle], cell.style, width) <= room
                low, high = (middle, high) if fits else (low, middle)
            if low == 0:
                return None
            keep = low
        first.append(dataclasses.replace(cell, text=cell.text[:keep]))
        tail = cell.text if cell.style == "label" else cell.text[keep:]
        rest.append(dataclasses.replace(cell, text=tail))
    return tuple(first), tuple(rest)


def block_flowable(ctx: TableContext, block: Block) -> Flowable:
    """A block as a flowable: a grouped table when it has heading rows, else a plain one."""
    if block.breaks_with_header:
        return GroupedTable(ctx, block)
    return build_table(ctx, block.rows, min_height_mm=block.min_height_mm)
