#!/usr/bin/env bash
# Every test: formatting, lints, unit and integration tests (also built for Windows and run
# under Wine), the end-to-end tests, then the packages (built once, in release, and the .deb
# installed, started and removed), then the Windows build (release, cross-built once) and its
# installer under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p faelles-tests --features e2e --all-targets -- -D warnings
echo "== ui modules: syntax, no import cycle, nothing done at import (scripts/ui-check.mjs)"
for f in ui/js/*.js; do node --check "$f"; done
node scripts/ui-check.mjs
echo "== cargo test --workspace"
cargo test --workspace
echo "== the core's tests on Windows semantics: built for Windows, run under Wine"
./scripts/windows-test.sh
echo "== end-to-end"
./scripts/e2e.sh
echo "== packages: .deb + .rpm (release build), the .deb installed, started and removed"
./scripts/package.sh
./scripts/package-test.sh
echo "== Windows: the release app cross-built with its installer, the installer tested under Wine"
./scripts/windows-build.sh
./scripts/windows-installer-test.sh
echo "== all tests passed in $(( $(date +%s) - start )) s"
