#!/usr/bin/env bash
# Type-checks the core, the PDF crate and the shell for x86_64-pc-windows-gnu with warnings as
# errors, so every platform-specific piece keeps its `cfg` (docs/PLATFORMS.md). Quicker than the real build (`make windows`, scripts/windows-build.sh, which
# `make test` runs and which fails on warnings in our crates too). It needs the Rust target
# (rustup) and the MinGW C compiler (bundled SQLite, the icon resource), which this script
# installs when it can.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc-mingw-w64-x86-64
fi
RUSTFLAGS="${RUSTFLAGS:-} -D warnings" cargo check --target "$target" -p faelles-core -p faelles-pdf -p faelles-team
echo "== $target: core, pdf and shell type-check without warnings"
