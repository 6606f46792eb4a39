#!/usr/bin/env bash
# PerfDesk developer entry point: sets up everything a fresh machine needs, then starts the
# program (`start`) or runs the whole check suite (`test`).
#   bash scripts/dev.sh start [perfdesk options]   set up and start PerfDesk
#   bash scripts/dev.sh test  [pytest options]     set up and run ruff, mypy and the tests
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PERFDESK_VENV:-.venv}"
SYSTEM_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 fonts-wqy-microhei poppler-utils"

system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian-like: trust the desktop
    local missing=()
    for pkg in $SYSTEM_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "安装系统软件包：${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

python_env() {
    local py="${PYTHON:-python3}"
    if [ ! -x "$VENV/bin/python" ]; then
        "$py" -m venv "$VENV"
        "$VENV/bin/python" -m pip install -q --upgrade pip
    fi
    "$VENV/bin/python" -m pip install -q -e '.[dev]'
}

cmd="${1:-start}"
shift || true
case "$cmd" in
    start)
        system_packages
        python_env
        exec "$VENV/bin/perfdesk" "$@"
        ;;
    test)
        system_packages
        python_env
        export QT_QPA_PLATFORM=offscreen
        "$VENV/bin/ruff" check .
        "$VENV/bin/ruff" format --check .
        "$VENV/bin/mypy"
        mkdir -p build
        "$VENV/bin/pytest" -p no:cacheprovider --junitxml=build/junit.xml "$@"
        "$VENV/bin/python" scripts/check_qt_ran.py build/junit.xml
        ;;
    *)
        echo "用法：bash scripts/dev.sh start|test" >&2
        exit 2
        ;;
esac
