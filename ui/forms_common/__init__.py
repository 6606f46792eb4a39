"""What the three form sheets (绩效目标表, 运行监控表, 自评表) share.

``window`` holds the window of an open sheet and the registry that keeps one window per document;
``editor_base`` the editor's plumbing (undo stack and saving, the status line, 全审 delegation).
Each kind keeps only what differs: its parts, its layout and what its cells mean.
"""
