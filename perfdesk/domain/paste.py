"""Rows arriving in the indicator grid from outside: a block pasted from Excel or WPS, a library pick.

:func:`parse_pasted_rows` reads what Excel and WPS put on the clipboard when a person copies part of
an indicator table — tab-separated lines of 一级/二级/三级/指标值[/分值/指标解释] — into indicator
rows of a target sheet, and names every line it could not take, with the reason in Chinese.
:func:`library_rows` turns library entries into rows and :func:`place_rows` puts new rows into
their 一级/二级 group.

Decisions:
- A line number is the row as Excel shows it in the copied block, counted from 1: a cell holding
  line breaks (quoted on the clipboard) stays one row, and header and blank rows count too.
- An empty 一级 or 二级 cell means "the same as the row above" (a merged cell is copied as its
  value in the first row and empty cells below). A new 一级 with an empty 二级 does not take the
  二级 of the row above. With no row above, the 一级 of a known 二级 is filled in.
- A row with 一级/二级 but nothing else is a group title: it is skipped, and its names carry on.
- Full-width digits and letters are folded (``≥９５％`` → ``≥95%``), non-breaking and odd spaces
  become plain ones, line breaks inside a cell are joined (without a space between Chinese
  characters). 三级 and 指标解释 keep their Chinese punctuation (，（）); 一级/二级, 指标值 and 分值 are
  read leniently by the framework, the parser and the weight reader.
- Text garbled by a wrong encoding is refused, never guessed: mojibake of UTF-8 read as Latin-1
  (``Ã¤Â¸Â­``), GBK read as Latin-1 (``²ú³ö``), the replacement character U+FFFD, ``锟斤拷`` and
  the uninitialised-memory patterns ``烫烫``/``屯屯``, control characters and private-use characters.
- The names are stored in the framework's spelling; the 指标值 as the one parser writes it; a 分值
  as a plain number. An empty 指标值 or 分值 is taken (filled in later, the rules report it).
- Columns after 指标解释 are ignored, and the line is noted (``PasteResult.notes``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from perfdesk.domain.frameworks import Framework, get_framework, name_key
from perfdesk.domain.indicator_value import IndicatorValueError, format_number, parse_indicator_value
from perfdesk.domain.labels import label
from perfdesk.domain.library import LibraryEntry
from perfdesk.domain.target_codes import DEFAULT
from perfdesk.domain.target_rules_indicators import parse_weight

COLUMNS: Final = ("lv1", "lv2", "lv3", "value", "weight", "explanation")
"""The grid's columns in the order a pasted block is read (the ★ column is never pasted)."""

_HEADER_WORDS: Final = frozenset(
    name_key(word)
    for word in (
        "一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释", "指标名称", "绩效指标", "序号",
        "核心指标", "指标性质", "计量单位", "度量单位", "年度指标值", "目标值", "指标内容", "权重", "备注",
        "★", "年度绩效指标", "指标方向",
    )
)  # fmt: skip
# Latin-1 characters that legitimately stand next to each other in an indicator (≥××人, m²·a).
_LATIN1_ALLOWED: Final = frozenset("×÷·°±²³µ¹¼½¾")
_LATIN1_RUN: Final = re.compile(r"[\u00a1-\u00ff]{2,}")
_GARBLED: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]|锟斤拷|烫烫|屯屯")
_FULL_WIDTH_ALNUM: Final = {
    code: code - 0xFEE0 for start, stop in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, stop + 1)
}  # fmt: skip
_TIDY: Final = str.maketrans({**_FULL_WIDTH_ALNUM, 0x200B: None, 0xFEFF: None})
_CJK_CLASS: Final = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef，。；：、（）“”]"
_CJK: Final = re.compile(_CJK_CLASS)
_SPACE_IN_CHINESE: Final = re.compile(rf"(?<={_CJK_CLASS}) (?={_CJK_CLASS})")


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A pasted line that was not taken (or, in ``notes``, taken with something left out)."""

    line_no: int
    text: str
    reason: str

    def describe(self) -> str:
        return f"第{self.line_no}行：{self.reason}"


@dataclass(frozen=True, slots=True)
class PasteResult:
    """The rows taken, in order, the lines refused, and notes on lines taken only in part."""

    rows: list[dict[str, str]]
    refused: list[RefusedRow]
    notes: list[RefusedRow] = field(default_factory=list)

    def report(self) -> str:
        """What happened, as the person reads it after pasting."""
        lines = [f"已粘贴 {len(self.rows)} 行指标。"]
        if self.refused:
            lines.append(f"以下 {len(self.refused)} 行没有粘贴，请改正后重新复制：")
            lines += [f"  {row.describe()}" for row in self.refused]
        if self.notes:
            lines.append("请注意：")
            lines += [f"  {row.describe()}" for row in self.notes]
        return "\n".join(lines)


def parse_pasted_rows(text: str, framework_key: str) -> PasteResult:
    """Read a block copied from Excel or WPS into indicator rows of ``framework_key``'s tree."""
    framework = get_framework(framework_key)
    rows: list[dict[str, str]] = []
    refused: list[RefusedRow] = []
    notes: list[RefusedRow] = []
    above = ("", "")
    for line_no, raw_cells in enumerate(split_records(text), start=1):
        shown = _shown(raw_cells)
        cells = [_join_lines(cell) for cell in raw_cells]
        if not any(cells):
            continue
        if all(name_key(cell) in _HEADER_WORDS for cell in cells if cell):
            notes.append(RefusedRow(line_no, shown, "是表头，已跳过"))
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        extra = [cell for cell in cells[len(COLUMNS) :] if cell]
        values = dict(zip(COLUMNS, cells, strict=False))
        lv1, lv2, carried = _carry(values["lv1"], values["lv2"], above, framework)
        above = (lv1, lv2)  # a garbled name carries on too, so the rows under it are refused as well
        if garbled := next((cell for cell in (*cells, lv1, lv2) if is_garbled(cell)), None):
            where = "" if garbled in cells else "（一级/二级为空时沿用上一行）"
            refused.append(RefusedRow(line_no, shown, _garbled_reason(garbled) + where))
            continue
        if not any(values[name] for name in COLUMNS[2:]):
            continue  # a group title such as “产出指标” alone: its names carry on
        row, reason = _read_row(values, lv1, lv2, carried, framework)
        if row is None:
            refused.append(RefusedRow(line_no, shown, reason))
            continue
        rows.append(row)
        if extra:
            ignored = "、".join(f"“{cell}”" for cell in extra)
            notes.append(RefusedRow(line_no, shown, f"第{len(COLUMNS) + 1}列起的内容 {ignored} 超出指标表的列，未粘贴"))  # fmt: skip
    return PasteResult(rows, refused, notes)


def _carry(
    lv1_cell: str, lv2_cell: str, above: tuple[str, str], framework: Framework
) -> tuple[str, str, bool]:
    """The row's 一级/二级 with merged cells filled from the row above; ``carried`` if any was."""
    lv1 = lv1_cell or above[0]
    if lv2_cell:
        lv2 = lv2_cell
    elif not lv1_cell or name_key(lv1_cell) == name_key(above[0]):
        lv2 = above[1]
    else:
        lv2 = ""
    if not lv1 and lv2:
        lv1 = framework.lv1_of(lv2) or ""
    return lv1, lv2, (lv1 != lv1_cell or lv2 != lv2_cell) and bool(above[0] or above[1])


def _read_row(
    values: dict[str, str], lv1: str, lv2: str, carried: bool, framework: Framework
) -> tuple[dict[str, str] | None, str]:
    place = place_problem(lv1, lv2, framework)
    if place:
        return None, place + ("（一级/二级为空时沿用上一行）" if carried else "")
    pair = framework.canonical(lv1, lv2)
    assert pair is not None
    lv3 = values["lv3"]
    if not lv3:
        return None, f"缺少{label('indicator.lv3')}名称，请填写"
    if len(lv3) > DEFAULT.max_lv3_chars:
        return None, f"{label('indicator.lv3')}超过 {DEFAULT.max_lv3_chars} 个字，请精简后再粘贴"
    value = ""
    if values["value"]:
        try:
            value = parse_indicator_value(values["value"]).display()
        except IndicatorValueError as error:
            return None, error.message
    weight, reason = read_weight(values["weight"])
    if reason:
        return None, reason
    row = {"lv1": pair[0], "lv2": pair[1], "lv3": lv3, "value": value, "weight": weight}
    row["explanation"] = values["explanation"]
    return row, ""


def place_problem(lv1: str, lv2: str, framework: Framework) -> str:
    """Why ``lv1``/``lv2`` is not a place in ``framework`` ('' when it is), in Chinese."""
    lv1_name, lv2_name = label("indicator.lv1"), label("indicator.lv2")
    if not lv1:
        return f"缺少{lv1_name}，应为 {'、'.join(framework.lv1_names)} 之一"
    if framework.level1(lv1) is None:
        message = f"{lv1_name}“{lv1}”不在{framework.label}中，应为 {'、'.join(framework.lv1_names)} 之一"
        owner = framework.lv1_of(lv1)
        return message + (f"（“{lv1}”是“{owner}”下的{lv2_name}）" if owner else "")
    choices = "、".join(framework.lv2_options(lv1))
    if not lv2:
        return f"缺少{lv2_name}，“{lv1}”下应为 {choices} 之一"
    if framework.canonical(lv1, lv2) is None:
        owner = framework.lv1_of(lv2)
        hint = f"；“{lv2}”属于“{owner}”" if owner else ""
        if framework.level1(lv2) is not None:
            hint = f"；在{framework.label}中“{lv2}”是{lv1_name}"
        return f"{lv2_name}“{lv2}”不在{lv1_name}“{lv1}”下，应为 {choices} 之一{hint}"
    return ""


def read_weight(text: str) -> tuple[str, str]:
    """A 分值 as stored (``"10"``) and '' — or '' and why it cannot be one."""
    if not text.strip():
        return "", ""
    weight = parse_weight(text)
    if weight is None:
        return "", f"{label('indicator.weight')}“{text.strip()}”不是大于 0 的数字，请填写数字，例如 10"
    return format_number(weight), ""


def is_garbled(text: str) -> bool:
    """True when ``text`` looks garbled by a wrong encoding (see the module's decisions)."""
    if _GARBLED.search(text):
        return True
    return any(set(run) - _LATIN1_ALLOWED for run in _LATIN1_RUN.findall(text))


def _garbled_reason(cell: str) -> str:
    sample = cell if len(cell) <= 16 else cell[:16] + "…"
    return f"含有乱码“{sample}”（文字的编码不对），请在 Excel 或 WPS 中改正这一行后重新复制"


def _shown(cells: Sequence[str]) -> str:
    return "\t".join(" ".join(cell.split()) for cell in cells).strip()


def tidy_text(text: str) -> str:
    """A typed or pasted name or explanation: full-width digits and letters folded, odd spaces
    made plain and collapsed, Chinese punctuation kept (``３公里（含）`` → ``3公里（含）``)."""
    spaced = " ".join(unicodedata.normalize("NFC", text.translate(_TIDY)).split())
    return _SPACE_IN_CHINESE.sub("", spaced)


def _join_lines(cell: str) -> str:
    """A cell tidied; its lines joined, with a space only between two non-Chinese ends."""
    joined = ""
    for part in (tidy_text(line) for line in cell.split("\n")):
        if not part:
            continue
        if joined and not (_CJK.match(joined[-1]) or _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def split_records(text: str) -> list[list[str]]:
    """Rows of cells as Excel and WPS put them on the clipboard (tab-separated, quoted cells).

    A cell that starts with ``"`` is quoted when it ends with ``"`` before a tab or line end
    (``""`` inside is one quote); any other cell is taken as it stands.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    records: list[list[str]] = []
    row: list[str] = []
    pos, end = 0, len(text)
    while pos < end:
        quoted = _quoted(text, pos) if text[pos] == '"' else None
        if quoted is not None:
            cell, pos = quoted
        else:
            stop = min((i for i in (text.find("\t", pos), text.find("\n", pos)) if i >= 0), default=end)
            cell, pos = text[pos:stop], stop
        row.append(cell)
        if pos >= end:
            break
        separator, pos = text[pos], pos + 1
        if separator == "\n":
            records.append(row)
            row = []
        elif pos >= end:
            row.append("")  # a tab at the very end: one more empty cell
    if row:
        records.append(row)
    return records


def _quoted(text: str, start: int) -> tuple[str, int] | None:
    """The quoted cell at ``start`` and the position after it, or None when it is not one."""
    out: list[str] = []
    pos = start + 1
    while pos < len(text):
        ch = text[pos]
        if ch != '"':
            out.append(ch)
            pos += 1
        elif text.startswith('""', pos):
            out.append('"')
            pos += 2
        else:
            after = pos + 1
            return ("".join(out), after) if after == len(text) or text[after] in "\t\n" else None
    return None


def library_rows(entries: Iterable[LibraryEntry], framework_key: str) -> list[dict[str, object]]:
    """Rows for picked library entries: the template as 指标值 (``≥**人``), 指标解释 and ★.

    The library is written in the classic tree; in another framework a pair is moved to where it
    belongs there (成本指标 under 产出 → the 2021 一级 成本指标, first 二级).
    """
    framework = get_framework(framework_key)
    rows: list[dict[str, object]] = []
    for entry in entries:
        lv1, lv2 = _in_framework(entry.lv1, entry.lv2, framework)
        row: dict[str, object] = {
            "lv1": lv1, "lv2": lv2, "lv3": entry.lv3, "value": parse_indicator_value(entry.template).display(),
            "weight": "", "explanation": entry.explanation,
        }  # fmt: skip
        if entry.core_level:
            row["core"] = entry.core_level
        rows.append(row)
    return rows


def _in_framework(lv1: str, lv2: str, framework: Framework) -> tuple[str, str]:
    if pair := framework.canonical(lv1, lv2):
        return pair
    if owner := framework.lv1_of(lv2):
        pair = framework.canonical(owner, lv2)
        assert pair is not None
        return pair
    if level := framework.level1(lv2):
        return level.name, level.lv2[0]
    return lv1, lv2


def _order(row: dict[str, object], framework: Framework) -> tuple[int, int]:
    names = framework.lv1_names
    level = framework.level1(str(row.get("lv1", "")))
    if level is None:
        return len(names), 0
    lv2 = name_key(str(row.get("lv2", "")))
    keys = [name_key(name) for name in level.lv2]
    return names.index(level.name), keys.index(lv2) if lv2 in keys else len(keys)


def place_rows(
    existing: Sequence[dict[str, object]], new: Iterable[dict[str, object]], framework_key: str
) -> list[dict[str, object]]:
    """``existing`` with each new row put at the end of its 一级/二级 group (framework order)."""
    framework = get_framework(framework_key)
    out = [dict(row) for row in existing]
    for row in new:
        key = _order(row, framework)
        same = [i for i, other in enumerate(out) if _order(other, framework) == key]
        if same:
            at = same[-1] + 1
        else:
            at = next((i for i, other in enumerate(out) if _order(other, framework) > key), len(out))
        out.insert(at, dict(row))
    return out
