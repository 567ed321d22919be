#!/usr/bin/env bash
# Starts the app on the demo data under a virtual display and saves a screenshot of each window
# (and one of both side by side) into the given folder. Used for the README and to look at the UI.
#   scripts/screenshots.sh [out-dir]      (needs: cargo build -p faelles-team)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/screenshots}
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export FAELLES_DATA_DIR="$data" FAELLES_DEMO=1
xvfb-run -a -s "-screen 0 2600x900x24" bash -c '
  ./target/debug/faelles-team & pid=$!
  for i in $(seq 1 100); do
    chair=$(xdotool search --name "^Fælles Team" 2>/dev/null | head -1 || true)
    screen=$(xdotool search --name "^Borgerskærm$" 2>/dev/null | head -1 || true)
    [ -n "$chair" ] && [ -n "$screen" ] && break
    sleep 0.1
  done
  xdotool windowmove "$chair" 0 0 windowsize "$chair" 1440 900
  xdotool windowmove "$screen" 1450 0 windowsize "$screen" 1150 720
  sleep 2.5
  import -window "$chair" "'"$out"'/chair.png"
  import -window "$screen" "'"$out"'/screen.png"
  import -window root -crop 2600x900+0+0 "'"$out"'/both.png"
  kill $pid; wait $pid 2>/dev/null || true
'
ls -l "$out"
