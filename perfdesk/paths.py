"""Where things live: the user's data folder and the bundled resources.

One locator for resources that works in a source checkout, from an installed wheel (the
`resources/` folder is installed as the package ``perfdesk_resources``) and in a PyInstaller
build (``sys._MEIPASS/resources``).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

ENV_HOME = "PERFDESK_HOME"
DATABASE_FILE = "perfdesk.sqlite3"


PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "data"


def portable_data_dir(executable: str | os.PathLike[str] | None = None) -> Path | None:
    """``<exe dir>/data`` when a frozen build runs portable (from a USB stick), else None.

    Portable means a ``portable.txt`` or a ``data`` folder beside the executable. Only frozen
    builds are portable: beside a development Python there is no program folder to keep data in.
    """
    if executable is None:
        if not getattr(sys, "frozen", False):
            return None
        executable = sys.executable
    folder = Path(executable).resolve().parent
    if (folder / PORTABLE_MARKER).is_file() or (folder / PORTABLE_DATA).is_dir():
        return folder / PORTABLE_DATA
    return None


def default_data_dir() -> Path:
    """The data folder: ``PERFDESK_HOME`` if set, else ``data`` beside a portable build's
    executable, else the platform's per-user data folder."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    portable = portable_data_dir()
    if portable is not None:
        return portable
    import platformdirs  # only when no folder was given: start-up with --data-dir skips the import

    return Path(platformdirs.user_data_dir("PerfDesk", appauthor=False, roaming=True))


def resolve_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """``--data-dir`` wins over ``PERFDESK_HOME``, which wins over portable mode and the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return default_data_dir()


@cache
def resources_dir() -> Path:
    """The folder holding fonts, seeds, profiles, icons and the style sheet."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if (source_tree / "fonts").is_dir():
        return source_tree
    import perfdesk_resources  # installed wheel

    return Path(perfdesk_resources.__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of one bundled resource, e.g. ``resource_path("fonts", "wqy-microhei.ttc")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"缺少程序资源文件：{path}（安装可能不完整，请重新安装 PerfDesk）")
    return path


CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")
