"""PerfDesk core: budget performance forms, storage, exchange and reports. Never imports Qt."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("perfdesk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

APP_NAME = "PerfDesk"
APP_TITLE = "PerfDesk 预算绩效管理"
