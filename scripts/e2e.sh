#!/usr/bin/env bash
# End-to-end tests: the real app in its real webview, driven through tauri-driver under Xvfb.
# Installs tauri-driver (2.x) into the project-local .tools/ if missing, builds the app, runs
# tests/e2e serially. Extra arguments go to the test binary (e.g. a test name filter).
# System packages (webkit2gtk-driver, xvfb, xauth, libgl1-mesa-dri) come from scripts/deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if [ -z "${TAURI_DRIVER:-}" ] && [ ! -x .tools/bin/tauri-driver ]; then
  echo "== installing tauri-driver 2.x into .tools/"
  cargo install tauri-driver --version '^2' --locked --root .tools
fi
# axe-core (npm) for the accessibility tests (tests/e2e/a11y.rs): installed into .tools/axe from
# tests/axe/package-lock.json (exact version and checksum), again whenever the lock changes.
if [ -z "${AXE_CORE_JS:-}" ] && ! cmp -s tests/axe/package-lock.json .tools/axe/package-lock.json; then
  echo "== installing axe-core into .tools/axe (npm ci)"
  command -v npm >/dev/null || { echo "npm is missing: run scripts/deps.sh (make deps)" >&2; exit 1; }
  rm -rf .tools/axe && mkdir -p .tools/axe
  cp tests/axe/package.json tests/axe/package-lock.json .tools/axe/
  (cd .tools/axe && npm ci --no-audit --no-fund --loglevel=error)
fi
for tool in WebKitWebDriver xvfb-run import; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/deps.sh (make deps)" >&2; exit 1; }
done

echo "== cargo build -p faelles-team"
cargo build -p faelles-team

echo "== e2e tests (xvfb-run)"
# Build first, outside Xvfb, so the test timings below are the tests' own.
cargo test -p faelles-tests --features e2e --test e2e --no-run
xvfb-run -a -s "-screen 0 1920x1080x24" \
  cargo test -p faelles-tests --features e2e --test e2e -- --test-threads=1 "$@"

echo "== e2e tests passed in $(( $(date +%s) - start )) s (screenshots: target/e2e-shots/)"
