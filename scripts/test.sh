#!/usr/bin/env bash
# Every test: formatting, lints, unit and integration tests, then the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p faelles-tests --features e2e --all-targets -- -D warnings
echo "== cargo test --workspace"
cargo test --workspace
echo "== end-to-end"
./scripts/e2e.sh
echo "== all tests passed in $(( $(date +%s) - start )) s"
