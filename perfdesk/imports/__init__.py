"""Reading the unit/project list and target sheets from Excel workbooks and CSV files.

Nothing here touches the store: :mod:`readers` turns a file into sheets of text cells,
:mod:`project_list` and :mod:`target_sheets` recognise the layouts and read them into rows with
every problem named by sheet, row and column. :mod:`perfdesk.services.excel_import` checks the
rows against the store (the preview) and writes them in one transaction.
"""
