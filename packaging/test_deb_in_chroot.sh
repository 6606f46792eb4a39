#!/usr/bin/env bash
# Install the PerfDesk .deb in a clean Debian root and run the self-test there (as root).
#   sudo bash packaging/test_deb_in_chroot.sh [build/perfdesk_<ver>_amd64.deb] [root folder]
# Needs debootstrap and network access to the Debian mirror (MIRROR=… to use another one).
# The root is made once (minbase bookworm) and kept in build/chroot-bookworm.clean; every run
# installs into a fresh copy of it, so each test starts from a clean system.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
DEB="$(realpath "${1:-build/perfdesk_${VERSION}_amd64.deb}")"
CLEAN="${2:-build/chroot-bookworm.clean}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WORK="build/chroot-test"
[ "$(id -u)" -eq 0 ] || { echo "需要 root 权限（chroot）" >&2; exit 2; }
[ -f "$DEB" ] || { echo "缺少 $DEB，请先运行 packaging/deb/build_deb.sh" >&2; exit 2; }

if [ ! -x "$CLEAN/bin/sh" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
    echo "建立干净的 Debian 12 根目录：$CLEAN（$MIRROR）"
    rm -rf "$CLEAN.tmp"
    if ! debootstrap --variant=minbase bookworm "$CLEAN.tmp" "$MIRROR" >build/debootstrap.log 2>&1; then
        echo "debootstrap 失败（镜像 $MIRROR 无法访问？），见 build/debootstrap.log" >&2
        exit 3
    fi
    mv "$CLEAN.tmp" "$CLEAN"
fi

cleanup() {
    for m in dev/pts dev proc sys; do umount "$WORK/$m" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup
rm -rf "$WORK"
cp -a "$CLEAN" "$WORK"
mount --bind /dev "$WORK/dev"
mount -t devpts devpts "$WORK/dev/pts" 2>/dev/null || true
mount -t proc proc "$WORK/proc"
mount -t sysfs sysfs "$WORK/sys"
cp /etc/resolv.conf "$WORK/etc/resolv.conf"
cp "$DEB" "$WORK/tmp/perfdesk.deb"

run() { chroot "$WORK" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
echo "在干净的根目录中安装 $(basename "$DEB") 及其依赖"
run apt-get update -qq
# apt resolves the package's Depends from the mirror, then installs it (dpkg -i underneath).
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/perfdesk.deb >build/chroot-apt.log 2>&1 \
    || { tail -20 build/chroot-apt.log >&2; exit 1; }
run dpkg -s perfdesk | grep -E '^(Status|Version):'
test -f "$WORK/usr/share/applications/perfdesk.desktop"
test -f "$WORK/usr/share/icons/hicolor/scalable/apps/perfdesk.svg"
echo "运行 perfdesk --self-test（已安装的程序，干净系统）"
run perfdesk --self-test
run perfdesk --version | grep -q "PerfDesk ${VERSION}" || { echo "版本号不对" >&2; exit 1; }
echo "chroot 测试通过"
