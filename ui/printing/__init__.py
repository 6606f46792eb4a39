"""打印: preview and print the PDFs of the forms and summaries (one layout source, PDFium raster)."""
