"""Which printed form a document becomes: the one dispatch shared by the PDF and the workbook.

``build_sheet`` turns a form document into its :class:`~perfdesk.reports.sheet.Sheet`, whatever
its kind, or raises :class:`ReportError` (a stable code and one Chinese sentence; exit 2 at the
CLI) when it cannot be printed: a kind with no printed form yet, or a self-evaluation whose
scoring profile cannot be used.
"""

from __future__ import annotations

from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.domain.profiles import ProfileError
from perfdesk.reports.sheet import Sheet


class ReportError(ValueError):
    """A document that cannot be printed; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def build_sheet(doc: FormDoc) -> Sheet:
    """The printed form of ``doc`` (targets: portrait; monitoring and self-evaluation: landscape)."""
    if doc.kind == "targets":
        from perfdesk.reports.sheet_targets import targets_sheet

        return targets_sheet(doc)
    if doc.kind == "selfeval":
        from perfdesk.reports.sheet_selfeval import selfeval_sheet

        try:
            return selfeval_sheet(doc)
        except ProfileError as exc:
            raise ReportError(exc.code, str(exc)) from None
    if doc.kind == "monitoring":
        try:
            from perfdesk.reports.sheet_monitoring import monitoring_sheet
        except ImportError:  # a build without the monitoring rules: say so instead of failing
            return _unsupported(doc)
        return monitoring_sheet(doc)
    return _unsupported(doc)


def _unsupported(doc: FormDoc) -> Sheet:
    form = label(f"form.{doc.kind}") if doc.kind in ("targets", "monitoring", "selfeval") else doc.kind
    raise ReportError("print.unsupported", label("print.unsupported").format(form=form, kind=doc.kind))
