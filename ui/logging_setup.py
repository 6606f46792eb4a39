"""Where the program writes what happened: ``logs/perfdesk.log`` in the data folder.

A file that a person can send to support, plus the console when there is one. It is rotated when
a run starts and finds it past ``MAX_BYTES`` (``perfdesk.log.1`` … ``.5`` keep the older lines):
a run writes kilobytes, and ``logging.handlers`` (whose ``RotatingFileHandler`` would rotate
during the run) costs start-up more to import than the rest of logging. Windowed frozen builds
run with ``sys.stderr = None``, so nothing here ever writes to a missing stream.
``setup_logging`` may be called again (tests, a second start) and replaces only the handlers it
installed itself.
"""

from __future__ import annotations

import logging
import os
import sys
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
    """Send the root logger to ``<data_dir>/logs/perfdesk.log`` (rotated first if full) and to stderr.

    Returns the log file's path.
    """
    global _previous_level, _log_file
    remove_handlers()
    path = log_dir(data_dir) / LOG_FILE
    rotate_if_full(path)
    formatter = logging.Formatter(FORMAT)
    file_handler = logging.FileHandler(path, encoding="utf-8")
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


def rotate_if_full(path: Path) -> None:
    """Shift ``path`` to ``path.1`` (``.1`` to ``.2`` …, dropping the oldest) once it holds MAX_BYTES."""
    try:
        if path.stat().st_size < MAX_BYTES:
            return
        for n in range(BACKUP_COUNT - 1, 0, -1):
            older = path.with_name(f"{path.name}.{n}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:
        return  # no file yet, or it cannot be moved (another program holds it): keep appending


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
