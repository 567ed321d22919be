#!/usr/bin/env bash
# Builds the installable packages with the Tauri bundler: a .deb and an .rpm of the release
# build (target/release/bundle/{deb,rpm}/, or under $CARGO_TARGET_DIR). The version comes from
# Cargo.toml (workspace version; tauri.conf.json sets none). tauri-cli 2.x comes from the npm registry into the
# project-local .tools/ (the npm package ships the prebuilt Linux binary: seconds, where
# `cargo install tauri-cli` compiles for ~10 min on 2 cores); TAURI_CLI=<path> uses another.
# No AppImage: its bundler downloads linuxdeploy at build time, which cannot work offline.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# The bundler runs in src-tauri/: a relative target dir must not move with it.
[ -z "${CARGO_TARGET_DIR:-}" ] || export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"

# The CLI's minor version follows the tauri crate in Cargo.lock (the CLI warns on a mismatch).
tauri_version=$(awk '/^name = "tauri"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
cli="${TAURI_CLI:-.tools/tauri-cli/node_modules/.bin/tauri}"
[ -n "${TAURI_CLI:-}" ] || [ -x "$cli" ] || [ ! -x .tools/bin/cargo-tauri ] || cli=.tools/bin/cargo-tauri
if [ -z "${TAURI_CLI:-}" ] && ! "$cli" --version 2>/dev/null | grep -qx "tauri-cli $tauri_version"; then
  if command -v npm >/dev/null; then
    echo "== installing tauri-cli $tauri_version into .tools/tauri-cli (npm @tauri-apps/cli)"
    npm install --prefix .tools/tauri-cli --no-save --no-audit --no-fund --loglevel=error \
      "@tauri-apps/cli@$tauri_version"
  else
    # No npm (Node.js without it): compile the same CLI from crates.io (~10 min on 2 cores).
    echo "== installing tauri-cli $tauri_version into .tools/ (cargo install; no npm here)"
    cargo install tauri-cli --version "=$tauri_version" --locked --root .tools
    cli=.tools/bin/cargo-tauri
  fi
fi

version=$(cargo metadata --format-version 1 --no-deps --offline \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages.find(p=>p.name==="faelles-team").version))')
echo "== tauri build: faelles-team $version (.deb, .rpm)"
rm -rf "${CARGO_TARGET_DIR:-target}/release/bundle/deb" "${CARGO_TARGET_DIR:-target}/release/bundle/rpm"
cli=$(realpath "$cli")
(cd src-tauri && "$cli" build --ci --bundles deb,rpm)

bundle="${CARGO_TARGET_DIR:-target}/release/bundle"
deb=$bundle/deb/faelles-team_${version}_amd64.deb
rpm=$bundle/rpm/faelles-team-${version}-1.x86_64.rpm
for f in "$deb" "$rpm"; do
  [ -s "$f" ] || { echo "expected package missing: $f" >&2; exit 1; }
done
ls -l "$deb" "$rpm"
echo "== packages built in $(( $(date +%s) - start )) s"
