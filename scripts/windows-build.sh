#!/usr/bin/env bash
# `make windows`: the Windows build from Linux. Cross-builds the release app for
# x86_64-pc-windows-gnu (MinGW; scripts/deps.sh installs it and the Rust target) and makes the
# installer with makensis from scripts/windows/installer.nsi (offline; not the Tauri bundler,
# which downloads NSIS plugins):
#   target/windows/Fælles Team-setup-<version>.exe   (version from Cargo.toml)
# The installer holds the exe and WebView2Loader.dll (written beside the exe by the build;
# the GNU build loads WebView2 through it) and nothing else: never the test-only
# bcryptprimitives stub of scripts/wine-env.sh. It must stay ≤ 10 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
target=x86_64-pc-windows-gnu
for tool in x86_64-w64-mingw32-gcc makensis; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/deps.sh (make deps)" >&2; exit 1; }
done
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc

echo "== cargo build --release --target $target -p faelles-team"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo build --release --target "$target" -p faelles-team 2>&1 | tee "$log"
# Our own code builds without warnings for Windows too (cargo repeats cached ones).
if grep -q '^warning: `faelles-' "$log"; then
  echo "warnings in the Windows build (above): fix them" >&2
  exit 1
fi
built=$(date +%s)
tdir="${CARGO_TARGET_DIR:-target}"
app="$tdir/$target/release"
for f in faelles-team.exe WebView2Loader.dll; do
  [ -s "$app/$f" ] || { echo "the build wrote no $app/$f" >&2; exit 1; }
done

version=$(cargo pkgid -p faelles-team | sed 's/.*[#@]//')
out="$tdir/windows"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage"
cp "$app/faelles-team.exe" "$app/WebView2Loader.dll" "$stage/"
size_kb=$(( ($(stat -c %s "$stage/faelles-team.exe") + $(stat -c %s "$stage/WebView2Loader.dll")) / 1024 ))
installer="$out/Fælles Team-setup-$version.exe"
rm -f "$installer"

echo "== makensis: $installer"
makensis -INPUTCHARSET UTF8 -V2 \
  -DVERSION="$version" -DAPP_DIR="$(realpath "$stage")" \
  -DICON="$(realpath src-tauri/icons/icon.ico)" -DSIZE_KB="$size_kb" \
  -DOUT_FILE="$(realpath -m "$installer")" \
  scripts/windows/installer.nsi
[ -s "$installer" ] || { echo "makensis wrote no $installer" >&2; exit 1; }

bytes=$(stat -c %s "$installer")
limit=$((10 * 1024 * 1024))
ls -l "$stage/faelles-team.exe" "$stage/WebView2Loader.dll" "$installer"
[ "$bytes" -le "$limit" ] || { echo "the installer is $bytes B, over 10 MB" >&2; exit 1; }
echo "== Windows build: $installer ($bytes B; exe $(stat -c %s "$stage/faelles-team.exe") B); cargo $(( built - start )) s, all $(( $(date +%s) - start )) s"
