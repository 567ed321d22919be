#!/usr/bin/env bash
# Installs the system packages Fælles Team needs to build, run and test on Debian/Ubuntu.
# Idempotent: packages already installed are skipped; apt is not touched when nothing is missing.
set -euo pipefail

PACKAGES=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  xvfb xauth webkit2gtk-driver libgl1-mesa-dri
  poppler-utils qpdf imagemagick xdotool
  rpm desktop-file-utils
  nodejs
  # Danish hyphenation patterns: WebKit hyphenates long words (CSS hyphens: auto, lang="da")
  hyphen-da
  # Windows from Linux: the MinGW cross-compiler, Wine to run the Windows build's tests and
  # installer, NSIS to make the installer (scripts/wine-env.sh, scripts/windows-*.sh)
  gcc-mingw-w64-x86-64 wine wine64 nsis
)

# The Rust target of the Windows build (rustup; reachable like crates.io).
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "Adding the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm (axe-core for the e2e tests): part of some nodejs packages (NodeSource), its own package
# in Debian's.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
