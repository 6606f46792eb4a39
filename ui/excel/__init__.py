"""Excel import in the desktop: the 导入导出 menu and the import dialog (preview, then import)."""
