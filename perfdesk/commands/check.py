"""``perfdesk check FILE.json [--json]``: run the form rules on one form document.

Prints every finding in Chinese (错误/提示, the cell, the sentence, whether a 提示 has its 出错说明)
and a summary line. Exit codes: 0 when nothing blocks marking the form complete, 1 when an error
or an unexplained warning stands, 2 when the file is missing, unreadable or not a form document
(one Chinese line with the code, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfdesk.domain.checks import blocking, check_document, field_label, is_explained, unexplained
from perfdesk.domain.document import MAX_DOCUMENT_BYTES, DocumentError, FormDoc, read_document
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS
from perfdesk.domain.labels import label
from perfdesk.domain.target_rules import DEFAULT, TargetRuleSettings, omitted_optional_categories

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of checking one document: its findings, its 出错说明, what blocks, notes."""

    doc: FormDoc
    findings: list[Finding]
    explanations: dict[str, str]
    blocking: list[Finding]
    notes: list[str]

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.blocking else EXIT_OK


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` to the ``perfdesk`` command."""
    parser = subparsers.add_parser(
        "check",
        help="按填报规则检查一份表单文档（JSON），列出错误和提示",
        description="按填报规则检查一份表单文档。退出码：0 可以标记为完成；1 有错误或未说明的提示；2 文件无法读取或不是表单文档。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("file", metavar="FILE.json", help="表单文档（JSON 文件）")
    parser.add_argument("--json", action="store_true", help="以 JSON 格式输出检查结果")
    parser.add_argument(
        "--framework",
        choices=sorted(FRAMEWORKS),
        default=DEFAULT_FRAMEWORK,
        help="指标体系：classic 为通用体系（产出/效益/满意度），2021 为成本单列的体系；默认 classic",
    )
    parser.set_defaults(handler=run)


def load_document(path: Path) -> FormDoc:
    """Read a document file; ``DocumentError`` for anything that is not one (never ``OSError``)."""
    try:
        with path.open("rb") as stream:
            # Never read more than one byte past the limit: that is enough to say "too large".
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(min(size, MAX_DOCUMENT_BYTES) + 1 if size else MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError("doc.not_found", f"找不到文件 {path}，请检查文件名和路径") from None
    except IsADirectoryError:
        raise DocumentError("doc.unreadable", f"{path} 是一个文件夹，请指定表单文档（.json 文件）") from None
    except OSError as exc:
        raise DocumentError("doc.unreadable", f"无法读取文件 {path}：{exc.strerror or exc}") from None
    return read_document(data, source=str(path))


def check_file(path: Path, settings: TargetRuleSettings = DEFAULT) -> CheckReport:
    """Load and check one document file; raises ``DocumentError`` when it is not a document."""
    doc = load_document(path)
    findings = check_document(doc, target_settings=settings)
    notes = []
    if doc.kind == "targets":
        notes = [
            f"未设{name}（可以不设），其分值由产出指标、效益指标分担"
            for name in omitted_optional_categories(doc, settings)
        ]
    explanations = doc.explanations
    return CheckReport(doc, findings, explanations, blocking(findings, explanations), notes)


def render_text(report: CheckReport, path: Path) -> str:
    """The report as people read it on the console."""
    doc = report.doc
    project = doc.text("project", "name")
    title = f"检查{label('form.' + doc.kind)}：{project or '（未填项目名称）'}（{path.name}）"
    lines = [title]
    explanations = report.explanations
    for finding in report.findings:
        severity = label(f"severity.{finding.severity.value}")
        line = f"  {severity} [{finding.code}] {field_label(finding.field)}：{finding.message}"
        if finding.severity is Severity.WARNING:
            if is_explained(finding, explanations):
                line += f"（{label('check.explained')}：{' '.join(explanations[finding.key].split())}）"
            else:
                line += f"（{label('check.unexplained')}）"
        lines.append(line)
    lines += [f"说明：{note}。" for note in report.notes]
    lines.append(_summary(report))
    open_warnings = unexplained(report.findings, explanations)
    if open_warnings:
        lines.append(
            f'出错说明写在文档的 explanations 中，以“代码@字段”为键，例如 "{open_warnings[0].key}"。'
        )
    return "\n".join(lines)


def _summary(report: CheckReport) -> str:
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    warnings = len(report.findings) - errors
    if not report.findings:
        return "结果：没有发现问题，可以标记为完成。"
    explained = warnings - (len(report.blocking) - errors)
    counts = f"错误 {errors} 条，提示 {warnings} 条" + (f"（已说明 {explained} 条）" if warnings else "")
    if not report.blocking:
        return f"结果：{counts}，可以标记为完成。"
    return f"结果：{counts}。还不能标记为完成：请改正错误；对未说明的提示，修改表单或填写出错说明。"


def render_json(report: CheckReport, path: Path) -> dict[str, Any]:
    """The report for scripts (``--json``)."""
    explanations = report.explanations
    stops = set(report.blocking)
    findings = [
        {
            **finding.to_json(),
            "location": field_label(finding.field),
            "explained": is_explained(finding, explanations),
            "explanation": explanations.get(finding.key) if is_explained(finding, explanations) else None,
            "blocking": finding in stops,
        }
        for finding in report.findings
    ]
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    return {
        "file": str(path),
        "kind": report.doc.kind,
        "passed": not report.blocking,
        "summary": {
            "errors": errors,
            "warnings": len(report.findings) - errors,
            "explained": sum(1 for f in findings if f["explained"]),
            "blocking": len(report.blocking),
        },
        "findings": findings,
        "notes": report.notes,
    }


def run(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        report = check_file(path, TargetRuleSettings(framework=args.framework))
    except DocumentError as exc:
        print(f"错误 [{exc.code}]：{exc}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": {"code": exc.code, "message": str(exc)}}, ensure_ascii=False))
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(render_json(report, path), ensure_ascii=False, indent=2))
    else:
        print(render_text(report, path))
    return report.exit_code
