#!/usr/bin/env bash
# `make bench`: builds release binaries of the app and of the floor (benches/floor), runs the
# core notes bench, then the measuring program (benches/driver, under Xvfb): keystroke →
# paint and memory through tauri-driver, cold start, 20 years of data, PDFs against headless
# Chromium, binary size. Prints p50/p95/p99 with ratios to the floor and writes
# docs/PERFORMANCE.md. Arguments (optional) pick sections: webview coldstart core history pdf
# versions size. BENCH_QUICK=1: fewer keystrokes and runs (to try the bench itself out).
# Installs what it needs: tauri-driver into .tools/ (as scripts/e2e.sh), chromium (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if [ -z "${TAURI_DRIVER:-}" ] && [ ! -x .tools/bin/tauri-driver ]; then
  echo "== installing tauri-driver 2.x into .tools/"
  cargo install tauri-driver --version '^2' --locked --root .tools
fi
if ! command -v chromium >/dev/null; then
  echo "== installing chromium (the comparison for the PDF bench)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium
fi
for tool in WebKitWebDriver xvfb-run pdfinfo; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/deps.sh (make deps)" >&2; exit 1; }
done

target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
mkdir -p "$target/bench"

echo "== cargo build --release -p faelles-team -p faelles-floor"
cargo build --release -p faelles-team -p faelles-floor

echo "== cargo bench -p faelles-core --bench notes"
cargo bench -p faelles-core --bench notes | tee "$target/bench/notes.txt"

echo "== building the measuring program (benches/driver)"
cargo bench -p faelles-tests --features e2e --bench perf --no-run
built=$(date +%s)

echo "== measuring (xvfb-run)"
BENCH_NOTES="$target/bench/notes.txt" \
  xvfb-run -a -s "-screen 0 1920x1080x24" \
  cargo bench -p faelles-tests --features e2e --bench perf -- "$@"

end=$(date +%s)
echo "== make bench took $(( end - start )) s (building $(( built - start )) s, measuring $(( end - built )) s); report: docs/PERFORMANCE.md"
