"""Printing from the database: one project's forms, a unit's forms in one PDF (批量打印).

Every page comes from :func:`perfdesk.reports.pdf.render_document_pdf`, the one layout that is
printed and previewed; a batch is those PDFs one after the other (each form keeps its own
"第 x 页 共 y 页"), in project-code order and, within a project, 目标表, 监控表 (by month),
自评表. Joining is done with pypdf, which is pure Python and so safe on the task worker while
the preview renders with PDFium on the UI thread (PDFium is not thread-safe).

Refusals are :class:`~perfdesk.reports.forms.ReportError` (a stable code and one Chinese
sentence): an unknown unit (``print.unknown_unit``), nothing to print (``print.nothing``), a kind
that is not a form (``print.unknown_kind``), a form that cannot be printed (its own code, with the
project named).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from perfdesk.domain.labels import label
from perfdesk.reports.forms import ReportError
from perfdesk.services import catalog, forms
from perfdesk.services.progress import NO_PROGRESS, Progress
from perfdesk.services.store import Store

KINDS = ("targets", "monitoring", "selfeval")
"""The printed forms, in the order a project's forms are printed."""


@dataclass(frozen=True)
class PrintItem:
    """One stored form to print, with the names a person picks it by."""

    record: forms.DocumentRecord
    project_code: str
    project_name: str

    @property
    def title(self) -> str:
        """``绩效运行监控表（7月）`` — the form's name, with the cut-off month of a monitoring sheet."""
        name = label(f"form.{self.record.kind}")
        return f"{name}（{self.record.period}月）" if self.record.kind == "monitoring" else name


@dataclass(frozen=True)
class PrintedPdf:
    """A rendered PDF: its bytes, its pages and what a window title or a message calls it."""

    data: bytes
    pages: int
    title: str


def check_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    """``kinds`` in print order (every form when None); an unknown kind is refused."""
    wanted = tuple(KINDS if kinds is None else kinds)
    unknown = [kind for kind in wanted if kind not in KINDS]
    if unknown:
        raise ReportError(
            "print.unknown_kind",
            f"没有名为 {unknown[0]} 的表，可选：{'、'.join(KINDS)}（目标表、监控表、自评表）",
        )
    return tuple(kind for kind in KINDS if kind in wanted)


def _items(
    store: Store, year: int, projects: Sequence[catalog.ProjectRow], kinds: tuple[str, ...]
) -> list[PrintItem]:
    by_id = {project.id: project for project in projects}
    records = [r for kind in kinds for r in forms.list_documents(store, year, kind) if r.project_id in by_id]
    records.sort(key=lambda r: (by_id[r.project_id].code, KINDS.index(r.kind), r.period))
    return [PrintItem(r, by_id[r.project_id].code, by_id[r.project_id].name) for r in records]


def find_unit(store: Store, year: int, unit_code: str) -> catalog.UnitNode:
    """The unit with ``unit_code`` and its projects of ``year``; ``print.unknown_unit`` otherwise."""
    code = unit_code.strip()
    for node in catalog.load_tree(store, year):
        if node.unit.code == code:
            return node
    raise ReportError("print.unknown_unit", f"没有代码为 {code} 的单位，请核对单位代码")


def unit_items(
    store: Store, year: int, unit_code: str, kinds: Iterable[str] | None = None
) -> list[PrintItem]:
    """The unit's stored forms of ``year`` (of ``kinds``), in print order; may be empty."""
    node = find_unit(store, year, unit_code)
    return _items(store, year, node.projects, check_kinds(kinds))


def project_items(store: Store, project_id: int) -> list[PrintItem]:
    """Every stored form of one project, in print order (the choice of 打印预览当前项目的表)."""
    project = catalog.get_project(store, project_id)
    return _items(store, project.fiscal_year, [project], KINDS)


def render_record_pdf(record: forms.DocumentRecord, project_code: str = "") -> tuple[bytes, int]:
    """The printed PDF of one stored form and its pages; the project is named when it fails."""
    from perfdesk.reports.pdf import render_document_pdf

    buffer = io.BytesIO()
    try:
        pages = render_document_pdf(record.form(), buffer)
    except ReportError as exc:
        where = f"项目 {project_code} 的{label('form.' + record.kind)}" if project_code else ""
        raise ReportError(exc.code, f"{where}无法打印：{exc}" if where else str(exc)) from None
    return buffer.getvalue(), pages


def render_item(item: PrintItem) -> PrintedPdf:
    """One form as its printed PDF, titled ``项目名称 — 绩效目标表``."""
    data, pages = render_record_pdf(item.record, item.project_code)
    return PrintedPdf(data, pages, f"{item.project_name} — {item.title}")


def join_pdfs(parts: Sequence[bytes], title: str = "") -> bytes:
    """The PDFs ``parts`` one after the other, as one file (fonts stay embedded per part)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_unit_forms(
    store: Store,
    year: int,
    unit_code: str,
    kinds: Iterable[str] | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> PrintedPdf:
    """批量打印: the unit's forms of ``year`` (of ``kinds``) as one PDF, in project-code order.

    ``print.nothing`` when the unit has no such form; ``progress`` reports each form and may cancel.
    """
    node = find_unit(store, year, unit_code)
    wanted = check_kinds(kinds)
    items = _items(store, year, node.projects, wanted)
    if not items:
        what = "、".join(label(f"form.{kind}") for kind in wanted)
        raise ReportError(
            "print.nothing", f"{node.unit.name}（{node.unit.code}）{year} 年度没有可打印的{what}"
        )
    parts: list[bytes] = []
    pages = 0
    for done, item in enumerate(items):
        progress.step(done, len(items), f"正在生成 {item.project_code} {item.title}…")
        data, count = render_record_pdf(item.record, item.project_code)
        parts.append(data)
        pages += count
    progress.step(len(items), len(items), "正在合并…")
    title = f"{node.unit.name} {year}年度绩效表"
    data = parts[0] if len(parts) == 1 else join_pdfs(parts, title)
    return PrintedPdf(data, pages, title)


def print_unit_forms(
    store: Store,
    year: int,
    unit_code: str,
    kinds: Iterable[str] | None = None,
    *,
    out: Path | IO[bytes],
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write the unit's forms (see :func:`render_unit_forms`) to ``out``; returns the pages."""
    printed = render_unit_forms(store, year, unit_code, kinds, progress=progress)
    if isinstance(out, Path):
        out.write_bytes(printed.data)
    else:
        out.write(printed.data)
    return printed.pages


# ---------------------------------------------------------------- the summaries


def _unit_name(store: Store, unit_id: int | None) -> str:
    return catalog.get_unit(store, unit_id).name if unit_id is not None else ""


def render_review_sheet(store: Store, document_id: int) -> PrintedPdf:
    """The county's review sheet of a target sheet; ``print.not_reviewed`` when it has none."""
    from perfdesk.reports.pdf_summaries import render_review_pdf
    from perfdesk.services.reviews import review_of

    record = forms.get_document(store, document_id)
    project = catalog.get_project(store, record.project_id)
    review = review_of(store, document_id)
    if review is None:
        raise ReportError(
            "print.not_reviewed", f"项目“{project.name}”的绩效目标表还没有审核，没有审核表可打印"
        )
    buffer = io.BytesIO()
    pages = render_review_pdf(
        review, buffer, year=record.fiscal_year, unit_name=_unit_name(store, project.unit_id),
        project_code=project.code, project_name=project.name,
    )  # fmt: skip
    return PrintedPdf(buffer.getvalue(), pages, f"{project.name} — 绩效目标审核表")


def render_monitoring_overview(store: Store, year: int, unit_id: int | None = None) -> PrintedPdf:
    """The monitoring overview of ``year`` (of one unit when given), each project's latest sheet."""
    from perfdesk.reports.pdf_summaries import render_monitoring_overview_pdf
    from perfdesk.services.monitoring import monitoring_overview

    rows = monitoring_overview(store, year, unit_id)
    unit_name = _unit_name(store, unit_id)
    buffer = io.BytesIO()
    pages = render_monitoring_overview_pdf(rows, buffer, year=year, unit_name=unit_name)
    return PrintedPdf(buffer.getvalue(), pages, f"{unit_name or '全部单位'} {year}年度监控总览")


def render_selfeval_summary(store: Store, year: int, unit_id: int | None = None) -> PrintedPdf:
    """The self-evaluation summary of ``year`` (of one unit when given), 差 and 中 first."""
    from perfdesk.reports.pdf_summaries import render_selfeval_summary_pdf
    from perfdesk.services.selfeval import grade_distribution, selfeval_summary

    rows = selfeval_summary(store, year, unit_id)
    unit_name = _unit_name(store, unit_id)
    buffer = io.BytesIO()
    pages = render_selfeval_summary_pdf(
        rows, grade_distribution(rows), buffer, year=year, unit_name=unit_name
    )
    return PrintedPdf(buffer.getvalue(), pages, f"{unit_name or '全部单位'} {year}年度自评汇总")


def export_summary_xlsx(
    store: Store, summary: str, year: int, out: Path | IO[bytes], unit_id: int | None = None
) -> None:
    """The monitoring overview (``summary="monitoring"``) or the self-evaluation summary
    (``"selfeval"``) as a workbook, from the same sheet as the printed summary."""
    from perfdesk.reports.sheet_overviews import monitoring_overview_sheet, selfeval_summary_sheet
    from perfdesk.reports.xlsx_forms import export_sheet_xlsx

    unit_name = _unit_name(store, unit_id)
    if summary == "monitoring":
        from perfdesk.services.monitoring import monitoring_overview

        sheet = monitoring_overview_sheet(
            monitoring_overview(store, year, unit_id), year=year, unit_name=unit_name
        )
        export_sheet_xlsx(sheet, out, "监控总览")
    elif summary == "selfeval":
        from perfdesk.services.selfeval import grade_distribution, selfeval_summary

        rows = selfeval_summary(store, year, unit_id)
        sheet = selfeval_summary_sheet(rows, grade_distribution(rows), year=year, unit_name=unit_name)
        export_sheet_xlsx(sheet, out, "自评汇总")
    else:
        raise ReportError("print.unknown_kind", f"没有名为“{summary}”的汇总表，可选 monitoring 或 selfeval")
