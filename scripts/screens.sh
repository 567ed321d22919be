#!/usr/bin/env bash
# Remakes docs/screens/*.png from the demo data: the chair's views (case, preparation,
# Opfølgning, a citizen's page) at 1280×820 and 1100×820 and the Borgerskærm at 1920×1080 and
# 1280×720, taken by the e2e layout test (tests/e2e/glance.rs) while it checks them.
#   scripts/screens.sh        (needs what scripts/e2e.sh needs: make deps)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screens"
mkdir -p "$out"
FAELLES_SCREENS="$out" ./scripts/e2e.sh glance::the_chair_holds
ls -l "$out"
