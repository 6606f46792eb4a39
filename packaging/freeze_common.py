"""What both PyInstaller specs share: one excludes policy and one filter of Qt's payload.

Imported by ``perfdesk.spec`` and ``bare_window.spec`` (a spec is plain Python run by
PyInstaller), so that the bare-window baseline is frozen exactly the way PerfDesk is.
"""

from __future__ import annotations

import sys

# Python modules PerfDesk never imports: GUI toolkits, test and type-checking tools, and every
# PySide6 module outside QtCore/QtGui/QtWidgets/QtPrintSupport (+ QtSvg for the icon).
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "unittest",
    "doctest",
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "IPython",
    "matplotlib",
    "numpy",
    "setuptools",
    "pkg_resources",
    "pip",
    # Pillow (reportlab imports it) without the codecs PerfDesk never reads: AVIF, WebP, colour
    # management, Tk. Saves ~7 MB (libavif alone is 4.8 MB).
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "pygments",
    # Test and type-checking helpers of SQLAlchemy and Alembic (alembic.ddl imports every dialect,
    # so the dialects themselves stay).
    "sqlalchemy.ext.mypy",
    "sqlalchemy.testing",
    "alembic.testing",  # Mako's optional highlighter; PerfDesk never renders code
    "PyQt5",
    "PyQt6",
    "PySide2",
    *(
        f"PySide6.{name}"
        for name in (
            "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets",
            "QtWebView", "QtHttpServer", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DExtras",
            "Qt3DAnimation", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtQuickTest",
            "QtQml", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtCharts",
            "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtPdf", "QtPdfWidgets", "QtNetwork",
            "QtNetworkAuth", "QtSql", "QtTest", "QtDesigner", "QtHelp", "QtUiTools", "QtOpenGL",
            "QtOpenGLWidgets", "QtConcurrent", "QtDBus", "QtXml", "QtBluetooth", "QtNfc", "QtPositioning",
            "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects", "QtScxml",
            "QtStateMachine", "QtTextToSpeech", "QtCanvasPainter",
        )
    ),
]  # fmt: skip

# Strip symbol tables from the shared libraries (both builds alike); not on Windows, where
# PyInstaller advises against it. Never UPX: it trips virus scanners and slows start-up.
STRIP = sys.platform != "win32"

# Qt's own translations: only the Chinese one PerfDesk loads (qtbase_zh_CN.qm).
KEEP_TRANSLATIONS = ("qtbase_zh_CN.qm",)

# Qt plugin folders a widgets program does not need (QML tooling, designer, SQL drivers, TLS, …).
DROP_PLUGIN_DIRS = (
    "designer",
    "qmltooling",
    "qmllint",
    "sqldrivers",
    "tls",
    "networkinformation",
    "vectorimageformats",
)


# System libraries the target desktops provide and the .deb depends on (libcups2): the Qt print
# support plugin pulls in CUPS and, through it, GnuTLS and friends (~7 MB). Linux only.
SYSTEM_LIBRARIES = (
    "libcups.so",
    "libgnutls.so",
    "libunistring.so",
    "libp11-kit.so",
    "libgmp.so",
    "libnettle.so",
    "libhogweed.so",
    "libidn2.so",
    "libtasn1.so",
    "libavahi-client.so",
    "libavahi-common.so",
)


def _drop(dest: str) -> bool:
    path = dest.replace("\\", "/")
    if "/" not in path and path.startswith(SYSTEM_LIBRARIES):
        return True
    if "PySide6/Qt/translations/" in path:
        return path.rsplit("/", 1)[-1] not in KEEP_TRANSLATIONS
    return any(f"/Qt/plugins/{folder}/" in path for folder in DROP_PLUGIN_DIRS)


def slim(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The TOC without the translations and plugins the policy above leaves out."""
    return [entry for entry in toc if not _drop(entry[0])]
