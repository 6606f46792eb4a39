"""``perfdesk score FILE.json``: score a self-evaluation document and print the breakdown.

Exit codes (DOCUMENTS.md): 0 scored, 1 scored but an error finding stands, 2 the file cannot be
read as a self-evaluation document or the profile cannot be used. The profile is ``--profile``
(a name or a file), else the document's ``profile`` field (a name only: a document never points
the program at a file), else ``mof-2020``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from perfdesk.domain import labels
from perfdesk.domain.document import DocumentError, FormDoc, read_document
from perfdesk.domain.findings import Finding
from perfdesk.domain.indicator_value import format_number
from perfdesk.domain.profiles import (
    DEFAULT_PROFILE,
    ProfileError,
    ScoringProfile,
    load_profile,
)
from perfdesk.domain.scoring import ScoreResult, document_profile, score_self_evaluation

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score", help="为项目支出绩效自评表计分（明细、总分、等级）", add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("file", metavar="FILE.json", help="自评表文档（JSON）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出计分结果")
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help=f"评分方案名称或方案文件；省略时用文档的 profile 字段，再省略时用 {DEFAULT_PROFILE}",
    )
    parser.set_defaults(handler=run)


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def run(args: argparse.Namespace) -> int:
    try:
        doc = _read(Path(args.file).expanduser())
        profile = _profile(args.profile, doc)
    except _Refused as refused:
        print(f"错误 [{refused.code}]：{refused}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = score_self_evaluation(doc, profile)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_breakdown(doc, result))
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def _read(path: Path) -> FormDoc:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _Refused("doc.not_found", f"找不到文件 {path}") from None
    except OSError as exc:
        raise _Refused("doc.unreadable", f"无法读取文件 {path}：{exc.strerror or exc}") from None
    try:
        doc = read_document(data, str(path))
    except DocumentError as exc:
        raise _Refused(exc.code, str(exc)) from None
    if doc.kind != "selfeval":
        form = labels.label(f"form.{doc.kind}")
        raise _Refused(
            "score.kind",
            f"文件 {path} 是{form}（kind 为 {doc.kind}），只有{labels.label('form.selfeval')}（selfeval）可以计分",
        )
    return doc


def _profile(option: str | None, doc: FormDoc) -> ScoringProfile:
    try:
        return load_profile(option) if option else document_profile(doc)
    except ProfileError as exc:
        raise _Refused(exc.code, str(exc)) from None


def render_breakdown(doc: FormDoc, result: ScoreResult) -> str:
    """The breakdown as a person reads it: money, one line per indicator, total, grade, findings."""
    profile = result.profile
    label = labels.label
    project = doc.section("project")
    lines = [
        f"{label('form.selfeval')}计分：{project.get('name', '')}（{project.get('code', '')}）"
        f"  {doc.fiscal_year or ''}年度",
        f"{label('score.profile')}：{profile.name}  {profile.title}",
        "",
        f"{label('selfeval.funds')}（{label('indicator.weight')} {format_number(profile.funds_weight)}）："
        f"{result.funds_explanation}",
        "",
    ]
    header = ("序号", label("indicator.lv1"), label("indicator.lv3"), label("indicator.weight"))
    table: list[tuple[str, ...]] = [
        (*header, label("score.computed"), label("score.score"), label("score.explanation"))
    ]
    for row in result.indicators:
        score = label("selfeval.na") if row.na else profile.show(row.score)
        computed = "—" if row.na else profile.show(row.computed)
        mark = "（认定）" if row.overridden else ""
        table.append(
            (
                str(row.index + 1),
                row.lv1,
                row.lv3,
                format_number(row.weight),
                computed,
                score + mark,
                row.explanation,
            )
        )
    lines.extend(_columns(table))
    lines += [
        "",
        f"{label('score.total')}：{profile.show(result.total)}（{result.total_explanation}）",
        f"{label('score.grade')}：{result.grade}",
    ]
    if result.overrides:
        lines += ["", f"{label('score.override')}（{len(result.overrides)} 项）："]
        for row in result.overrides:
            lines.append(
                f"  第 {row.index + 1} 行 {row.lv3}：{label('score.computed')} {profile.show(row.computed)}"
                f" → 认定 {profile.show(row.score)}，理由：{row.override_reason}"
            )
    if result.findings:
        lines += ["", *(_finding_line(f) for f in result.findings)]
    return "\n".join(lines)


def _finding_line(finding: Finding) -> str:
    severity = labels.label(f"severity.{finding.severity.value}")
    return f"{severity} [{finding.code}] {finding.field}：{finding.message}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows padded to aligned columns (Chinese characters count double); the last column runs on."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=False)]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    return out
