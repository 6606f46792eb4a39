"""``render_document_pdf``: a form document as its printed PDF (the one layout that is printed)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from perfdesk.domain.document import FormDoc
from perfdesk.reports.forms import build_sheet
from perfdesk.reports.pdf_layout import render_sheet_pdf


def render_document_pdf(doc: FormDoc, out: Path | IO[bytes]) -> int:
    """Write the printed form of ``doc`` to ``out`` (a path or a binary stream); returns its pages.

    Raises :class:`perfdesk.reports.forms.ReportError` when the document cannot be printed.
    """
    sheet = build_sheet(doc)
    return render_sheet_pdf(sheet, out, subject=doc.doc_id)
