"""The printed forms: PDF (reportlab) and workbook (openpyxl) renderings of form documents.

Entry points: :func:`perfdesk.reports.pdf.render_document_pdf` and
:func:`perfdesk.reports.xlsx_forms.export_document_xlsx`; both lay out the one
:class:`perfdesk.reports.sheet.Sheet` that :func:`perfdesk.reports.forms.build_sheet` makes of a
document. Nothing is imported here, so importing the package costs nothing until a form is printed.
"""
