"""绩效目标审核 in the desktop: the review panel and its window, the overview of a year's targets,
the county's checklist editor, and the banner any sheet window can show the review outcome in."""
