#!/usr/bin/env bash
# Sourced by the scripts that run Windows builds under Wine (tests, installer test): a Wine
# prefix of the project's own in target/wine (never the user's ~/.wine), made once, with the
# test-only stub of bcryptprimitives.dll in its system32 (scripts/windows/), and the cargo
# runner for the x86_64-pc-windows-gnu target. System packages come from scripts/deps.sh.
#   . scripts/wine-env.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WINEPREFIX="${WINEPREFIX:-$root/target/wine/prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEARCH=win64
# No Mono/Gecko install dialogs on a fresh prefix (offline machines cannot fetch them).
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc

stub="$root/target/wine/bcryptprimitives.dll"
src="$root/scripts/windows/bcryptprimitives-stub.c"
if [ ! -f "$stub" ] || [ "$src" -nt "$stub" ]; then
  mkdir -p "$(dirname "$stub")"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$stub" "$src" -ladvapi32 -Wl,--kill-at
fi
sys32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -f "$sys32/kernel32.dll" ]; then
  echo "== a Wine prefix for the tests in $WINEPREFIX"
  mkdir -p "$WINEPREFIX"
  wineboot --init >/dev/null 2>&1 || true
  wineserver -w || true
fi
if ! cmp -s "$stub" "$sys32/bcryptprimitives.dll"; then
  cp "$stub" "$sys32/bcryptprimitives.dll"
fi
