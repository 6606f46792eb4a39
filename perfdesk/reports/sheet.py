"""A printed form as a grid of cells: the one layout that the PDF and the workbook both render.

A :class:`Sheet` is what a form looks like on paper, independent of the output: the title, the
"填报单位（盖章）" line, column widths in millimetres, bordered blocks of cells on one shared column
grid (so the lines of the header, funds, goals and indicator blocks meet like one big table), notes
under the table and the signature lines. :mod:`perfdesk.reports.pdf_layout` turns it into a PDF,
:mod:`perfdesk.reports.xlsx_forms` into a worksheet: the two can never disagree on what is printed.

Cells are placed left to right in each row, skipping grid positions covered by a ``rowspan`` from
above. An indicator block names ``merge_columns`` (一级, 二级): consecutive rows with the same
non-empty text there are merged down, each column only within the run of the columns to its left.
The merge is computed by the renderer for each page's piece of the table, so a group that runs on
to the next page shows its name again there.

Hashes (printed in the footer):
- the document hash is the SHA-256 of the canonical JSON of the document (keys sorted, no spaces,
  UTF-8, as :func:`perfdesk.services.forms.canonical_json` stores bodies) **without** its
  ``package`` field, so stamping the package hash into an exported document keeps its hash; the
  footer shows the first 12 hex digits;
- the package hash is ``package.sha256`` (64 hex digits) of a document taken from, or stamped by,
  an exported submission package; it is printed in full size with a QR code that holds it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from perfdesk.domain.document import FormDoc

CellStyle = Literal["label", "head", "value", "number", "center"]
PACKAGE_FIELD = "package"
SHORT_HASH = 12
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its text and how it sits (label/head centred, number right, value left).

    ``fill`` is a background colour (``"RRGGBB"``) for a traffic light; the text always says the
    colour too, so the form reads the same from a black-and-white printer.
    """

    text: str
    style: CellStyle = "value"
    colspan: int = 1
    rowspan: int = 1
    fill: str = ""


Row = tuple[Cell, ...]


def label_cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, "label", colspan, rowspan)


def head_cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, "head", colspan, rowspan)


@dataclass(frozen=True, slots=True)
class Block:
    """A bordered table on the sheet's grid; ``header_rows`` repeat when it breaks across pages."""

    rows: tuple[Row, ...]
    header_rows: int = 0
    merge_columns: tuple[int, ...] = ()
    min_height_mm: float = 0.0
    """Room to write by hand: every row at least this tall (the closing texts)."""

    @property
    def breaks_with_header(self) -> bool:
        return self.header_rows > 0


@dataclass(frozen=True, slots=True)
class Sheet:
    """A whole printed form (see the module docstring)."""

    kind: str
    title: str
    unit_line: str
    money_line: str
    widths_mm: tuple[float, ...]
    landscape: bool
    blocks: tuple[Block, ...]
    notes: tuple[str, ...]
    signatures: tuple[tuple[str, str], ...]
    footer_left: str
    doc_hash: str
    package_hash: str = ""
    font_size: float = 10.0

    @property
    def columns(self) -> int:
        return len(self.widths_mm)

    @property
    def short_hash(self) -> str:
        return self.doc_hash[:SHORT_HASH]


@dataclass(frozen=True, slots=True)
class Placed:
    """A cell at its grid position (0-based row within the block and column)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    cell: Cell


def place(rows: Sequence[Row], columns: int) -> list[Placed]:
    """Grid positions of the cells of ``rows``; a row too wide for the grid is a programming error."""
    below: set[tuple[int, int]] = set()  # positions held by a rowspan from an earlier row
    out: list[Placed] = []
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in below:
                col += 1
            if col + cell.colspan > columns:
                raise ValueError(f"row {r} of a block is wider than the {columns}-column grid")
            out.append(Placed(r, col, cell.rowspan, cell.colspan, cell))
            for dr in range(1, cell.rowspan):
                below.update((r + dr, col + dc) for dc in range(cell.colspan))
            col += cell.colspan
    return out


def without_unused_columns(sheet: Sheet) -> Sheet:
    """The same sheet on a coarser grid: grid lines that no cell starts or ends at are dropped.

    A workbook then needs fewer cells and merged ranges for the same layout (the PDF keeps the
    full grid; its tables are independent of each other).
    """
    placements = [place(block.rows, sheet.columns) for block in sheet.blocks]
    lines = {0, sheet.columns}
    for placed in placements:
        for p in placed:
            lines.update((p.col, p.col + p.colspan))
    kept = sorted(lines)
    if len(kept) == sheet.columns + 1:
        return sheet
    index = {line: i for i, line in enumerate(kept)}
    widths = tuple(sum(sheet.widths_mm[a:b]) for a, b in itertools.pairwise(kept))
    blocks = []
    for block, placed in zip(sheet.blocks, placements, strict=True):
        spans = iter(index[p.col + p.colspan] - index[p.col] for p in placed)
        rows = tuple(tuple(_with_span(cell, next(spans)) for cell in row) for row in block.rows)
        blocks.append(dataclasses.replace(block, rows=rows))
    return dataclasses.replace(sheet, widths_mm=widths, blocks=tuple(blocks))


def _with_span(cell: Cell, colspan: int) -> Cell:
    if colspan == cell.colspan:
        return cell
    return Cell(cell.text, cell.style, colspan, cell.rowspan, cell.fill)


def merge_runs(
    placed: Sequence[Placed], columns: Sequence[int], first_row: int
) -> list[tuple[int, int, int]]:
    """Runs ``(column, first row, last row)`` to merge down in ``columns``, from ``first_row`` on.

    A row continues the run above it in a column when both cells there are single cells with the
    same non-empty text and the row also continues the runs of every merge column to its left.
    """
    text: dict[tuple[int, int], str] = {
        (p.row, p.col): p.cell.text for p in placed if p.rowspan == 1 and p.colspan == 1
    }
    last = max((p.row for p in placed), default=-1)
    runs: list[tuple[int, int, int]] = []
    joins_prev = dict.fromkeys(range(first_row + 1, last + 1), True)
    for col in columns:
        start = first_row
        for r in range(first_row + 1, last + 2):
            here = text.get((r, col)) if r <= last else None
            joined = r <= last and joins_prev[r] and bool(here) and here == text.get((r - 1, col))
            if not joined:
                if r - 1 > start:
                    runs.append((col, start, r - 1))
                start = r
            if r <= last:
                joins_prev[r] = joined
    return runs


def document_hash(doc: FormDoc) -> str:
    """SHA-256 (hex) of the document's canonical JSON without its ``package`` field."""
    body = {key: value for key, value in doc.raw.items() if key != PACKAGE_FIELD}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def package_hash(doc: FormDoc) -> str:
    """The exported package's SHA-256 (``package.sha256``, 64 hex digits), or ``""``."""
    value = doc.section(PACKAGE_FIELD).get("sha256")
    text = value.strip().lower() if isinstance(value, str) else ""
    return text if _SHA256.fullmatch(text) else ""
