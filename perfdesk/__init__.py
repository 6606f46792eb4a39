"""PerfDesk core: budget performance forms, storage, exchange and reports. Never imports Qt.

``__version__`` (also ``version()``) is read from the installed package metadata, whose one source
is pyproject.toml. It is looked up on first use: ``importlib.metadata`` costs more to import than
the rest of start-up needs, so nothing on the way to the first window asks for it.
"""

from __future__ import annotations

from functools import cache

APP_NAME = "PerfDesk"
APP_TITLE = "PerfDesk 预算绩效管理"
UNKNOWN_VERSION = "0+unknown"
"""What ``version()`` says when neither package metadata nor pyproject.toml can be found."""


@cache
def version() -> str:
    """The program's version: the installed metadata, else the source tree's pyproject.toml."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("perfdesk")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return _source_tree_version()


def _source_tree_version() -> str:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        with open(pyproject, "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return UNKNOWN_VERSION


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
