"""The county's summaries as printed PDFs: the target review sheet, the monitoring overview and the
self-evaluation unit summary.

Each is a :class:`~perfdesk.reports.sheet.Sheet` (:mod:`perfdesk.reports.sheet_review`,
:mod:`perfdesk.reports.sheet_overviews`) rendered by the forms' own
:func:`~perfdesk.reports.pdf_layout.render_sheet_pdf`: the same embedded CJK font, A4, the header
row repeated across pages, and the footer "文档摘要 … 第 x 页 共 y 页" (the 摘要 of a summary is
the hash of what it prints).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from perfdesk.reports.pdf_layout import render_sheet_pdf
from perfdesk.reports.sheet_overviews import (
    MonitoringLine,
    SelfEvalLine,
    monitoring_overview_sheet,
    selfeval_summary_sheet,
)
from perfdesk.reports.sheet_review import ReviewLike, review_sheet


def render_review_pdf(
    review: ReviewLike,
    out: Path | IO[bytes],
    *,
    year: int,
    unit_name: str,
    project_code: str,
    project_name: str,
) -> int:
    """Write the target review sheet of one review; returns its pages."""
    sheet = review_sheet(
        review, year=year, unit_name=unit_name, project_code=project_code, project_name=project_name
    )
    return render_sheet_pdf(sheet, out, subject=f"review:{project_code}")


def render_monitoring_overview_pdf(
    rows: Sequence[MonitoringLine], out: Path | IO[bytes], *, year: int, unit_name: str = ""
) -> int:
    """Write the monitoring overview of ``rows``; returns its pages."""
    sheet = monitoring_overview_sheet(rows, year=year, unit_name=unit_name)
    return render_sheet_pdf(sheet, out, subject=f"monitoring-overview:{year}")


def render_selfeval_summary_pdf(
    rows: Sequence[SelfEvalLine],
    distribution: Mapping[str, int],
    out: Path | IO[bytes],
    *,
    year: int,
    unit_name: str = "",
) -> int:
    """Write the self-evaluation summary of ``rows`` with the grade ``distribution``; returns its pages."""
    sheet = selfeval_summary_sheet(rows, distribution, year=year, unit_name=unit_name)
    return render_sheet_pdf(sheet, out, subject=f"selfeval-summary:{year}")
