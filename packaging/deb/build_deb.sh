#!/usr/bin/env bash
# Build the PerfDesk .deb (统信UOS / 麒麟 / Debian, amd64) from the frozen onedir bundle.
#   bash packaging/deb/build_deb.sh            uses build/dist/perfdesk (run packaging/build.py first)
# Output: build/perfdesk_<version>_amd64.deb
#   /opt/perfdesk/                  the onedir bundle (perfdesk, perfdesk-gui, _internal/)
#   /usr/bin/perfdesk               wrapper → /opt/perfdesk/perfdesk
#   /usr/share/applications/perfdesk.desktop, /usr/share/icons/hicolor/{scalable,256x256}/apps/perfdesk.*
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python3}"
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
BUNDLE="build/dist/perfdesk"
[ -x "$BUNDLE/perfdesk" ] || { echo "缺少 $BUNDLE，请先运行 python packaging/build.py" >&2; exit 2; }

ROOT="build/deb/perfdesk_${VERSION}_amd64"
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
         "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/usr/share/icons/hicolor/256x256/apps" \
         "$ROOT/usr/share/doc/perfdesk"
cp -a "$BUNDLE" "$ROOT/opt/perfdesk"

cat > "$ROOT/usr/bin/perfdesk" <<'SH'
#!/bin/sh
# PerfDesk 预算绩效管理：命令行与图形界面（不带子命令时启动图形界面）
exec /opt/perfdesk/perfdesk "$@"
SH
chmod 755 "$ROOT/usr/bin/perfdesk"

cat > "$ROOT/usr/share/applications/perfdesk.desktop" <<'DESKTOP'
[Desktop Entry]
Type=Application
Name=PerfDesk 预算绩效管理
Name[zh_CN]=PerfDesk 预算绩效管理
GenericName=预算绩效管理
Comment=填报绩效目标表、运行监控表、自评表，打印表样，交换签名数据包
Exec=/opt/perfdesk/perfdesk-gui %F
Icon=perfdesk
Terminal=false
Categories=Office;Finance;
StartupWMClass=perfdesk
DESKTOP
cp resources/icons/perfdesk.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/perfdesk.svg"
cp resources/icons/perfdesk.png "$ROOT/usr/share/icons/hicolor/256x256/apps/perfdesk.png"
cp resources/fonts/LICENSE-wqy-microhei.txt "$ROOT/usr/share/doc/perfdesk/"

INSTALLED_KB="$(du -sk "$ROOT" | cut -f1)"
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: perfdesk
Version: ${VERSION}
Section: misc
Priority: optional
Architecture: amd64
Maintainer: PerfDesk <perfdesk@localhost>
Installed-Size: ${INSTALLED_KB}
Depends: libc6 (>= 2.31), libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-randr0, libxcb-xkb1, libx11-xcb1, libcups2
Description: PerfDesk 预算绩效管理
 县、乡镇财政所和预算单位使用的单机桌面程序：填报绩效目标表、绩效运行监控表、
 绩效自评表，打印正式表样，并用 U 盘与县财政局交换带签名的数据包。
 命令行自检：perfdesk --self-test
CONTROL

cat > "$ROOT/DEBIAN/postinst" <<'POST'
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true; fi
exit 0
POST
chmod 755 "$ROOT/DEBIAN/postinst"

OUT="build/perfdesk_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$OUT" >/dev/null
echo "已生成 $OUT（$(du -h "$OUT" | cut -f1)，安装后约 $((INSTALLED_KB / 1024)) MB）"
