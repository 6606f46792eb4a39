"""Qt tests run headless: the offscreen platform is chosen before anything imports Qt."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
