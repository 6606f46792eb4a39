"""Where the program writes what happened: ``logs/perfdesk.log`` in the data folder.

A rotating file (about 1 MB × 5) that a person can send to support, plus the console when there
is one. Windowed frozen builds run with ``sys.stderr = None``, so nothing here ever writes to a
missing stream. ``setup_logging`` may be called again (tests, a second start) and replaces only
the handlers it installed itself.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "perfdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"

_handlers: list[logging.Handler] = []
_previous_level: int | None = None
_log_file: Path | None = None


def log_dir(data_dir: Path) -> Path:
    """The data folder's ``logs/`` (created on demand)."""
    folder = data_dir / LOG_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def current_log_file() -> Path | None:
    """The log file in use, for messages that tell the person where to look; None before setup."""
    return _log_file


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the root logger to ``<data_dir>/logs/perfdesk.log`` (rotating) and to stderr if any.

    Returns the log file's path.
    """
    global _previous_level, _log_file
    remove_handlers()
    path = log_dir(data_dir) / LOG_FILE
    formatter = logging.Formatter(FORMAT)
    file_handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    file_handler.setFormatter(formatter)
    _handlers.append(file_handler)
    stderr = sys.stderr
    if stderr is not None:
        console = logging.StreamHandler(stderr)
        console.setFormatter(formatter)
        _handlers.append(console)
    root = logging.getLogger()
    _previous_level = root.level
    root.setLevel(level)
    for handler in _handlers:
        root.addHandler(handler)
    logging.captureWarnings(True)
    _log_file = path
    return path


def remove_handlers() -> None:
    """Take back what ``setup_logging`` installed and close the log file."""
    global _previous_level, _log_file
    root = logging.getLogger()
    for handler in _handlers:
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
    if _previous_level is not None:
        root.setLevel(_previous_level)
        _previous_level = None
    _log_file = None


def flush() -> None:
    """Push buffered log lines to disk (before showing a crash dialog, before exit)."""
    for handler in _handlers:
        handler.flush()
