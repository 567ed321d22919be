#!/usr/bin/env bash
# The packages as a user gets them: checks the .rpm's metadata, installs the .deb with apt,
# starts the installed /usr/bin/faelles-team under Xvfb with a fresh home (so the default data
# dir, ~/.local/share/faelles-team, is fresh too), waits for both windows by title (the chair
# "Fælles Team…", the citizen screen "Borgerskærm"), ends it with SIGTERM, and removes the
# package again: the data stays. Prints the install time and the cold start.
# Needs the packages of scripts/package.sh and root or sudo: it fails rather than skips.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

version=$(cargo metadata --format-version 1 --no-deps --offline \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages.find(p=>p.name==="faelles-team").version))')
bundle="${CARGO_TARGET_DIR:-target}/release/bundle"
deb=$bundle/deb/faelles-team_${version}_amd64.deb
rpm=$bundle/rpm/faelles-team-${version}-1.x86_64.rpm
for f in "$deb" "$rpm"; do
  [ -s "$f" ] || { echo "no package $f: run scripts/package.sh (make package) first" >&2; exit 1; }
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "installing the .deb needs root or sudo" >&2; exit 1; }
  SUDO="sudo"
fi
for tool in xvfb-run xdotool rpm desktop-file-validate; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/deps.sh (make deps)" >&2; exit 1; }
done
fail() { echo "package test: $*" >&2; exit 1; }

echo "== .rpm: name, version, files"
[ "$(rpm -qp --queryformat '%{NAME} %{VERSION}' "$rpm" 2>/dev/null)" = "faelles-team $version" ] \
  || fail "the .rpm is not faelles-team $version"
rpm_files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in /usr/bin/faelles-team /usr/share/applications/faelles-team.desktop \
  /usr/share/icons/hicolor/32x32/apps/faelles-team.png; do
  grep -qx "$f" <<<"$rpm_files" || fail "the .rpm lacks $f"
done
echo "== .deb: $(dpkg-deb -f "$deb" Package Version Depends | tr '\n' ' ')"

# A package left by an interrupted run goes first.
if dpkg-query -W -f='${Status}' faelles-team 2>/dev/null | grep -q "install ok installed"; then
  $SUDO apt-get remove -y -q faelles-team >/dev/null
fi
work=$(mktemp -d)
installed=0
cleanup() {
  [ "$installed" = 1 ] && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q faelles-team >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

deb=$(realpath "$deb")
echo "== apt-get install $deb"
t0=$(date +%s.%N)
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }
installed=1
install_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "installed in ${install_s} s"

[ -x /usr/bin/faelles-team ] || fail "/usr/bin/faelles-team is not installed"
got=$(/usr/bin/faelles-team --version)
schema=$(find crates/faelles-core/src/store/migrations -name '*.sql' | wc -l)
[ "$got" = "faelles-team $version (databaseskema $schema)" ] \
  || fail "--version says '$got'"
echo "$got"
desktop-file-validate /usr/share/applications/faelles-team.desktop || fail "invalid desktop entry"
grep -qx 'Name=Fælles Team' /usr/share/applications/faelles-team.desktop || fail "desktop entry: no Danish name"
grep -q '^Comment=.*borgeren' /usr/share/applications/faelles-team.desktop || fail "desktop entry: no Danish comment"
[ -s /usr/share/icons/hicolor/32x32/apps/faelles-team.png ] || fail "no 32 px icon"

echo "== start the installed app under Xvfb (fresh home, default data dir)"
mkdir -p "$work/home"
export HOME="$work/home" FAELLES_BENCH_READY="$work/ready" FAELLES_PKG_WORK="$work"
unset FAELLES_DATA_DIR FAELLES_DEMO XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  t0=$(date +%s%N)
  /usr/bin/faelles-team >"$FAELLES_PKG_WORK/app.log" 2>&1 & pid=$!
  chair="" screen=""
  for _ in $(seq 1 300); do
    chair=$(xdotool search --name "^Fælles Team" 2>/dev/null | head -1 || true)
    screen=$(xdotool search --name "^Borgerskærm$" 2>/dev/null | head -1 || true)
    [ -n "$chair" ] && [ -n "$screen" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  windows_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  for _ in $(seq 1 300); do
    grep -q "^interactive " "$FAELLES_BENCH_READY" 2>/dev/null && break
    sleep 0.05
  done
  echo "$t0 $windows_ms" >"$FAELLES_PKG_WORK/start"
  kill -TERM $pid 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  if kill -0 $pid 2>/dev/null; then kill -KILL $pid; echo "the app did not end on SIGTERM" >&2; exit 1; fi
  [ -n "$chair" ] || { echo "no chair window" >&2; exit 1; }
  [ -n "$screen" ] || { echo "no citizen screen window" >&2; exit 1; }
' || { cat "$work/app.log" >&2; fail "the installed app did not show both windows"; }
read -r t0 windows_ms <"$work/start"
interactive=$(awk '/^interactive / { print $2; exit }' "$work/ready")
[ -n "$interactive" ] || fail "the chair never became interactive"
interactive_ms=$(awk -v i="$interactive" -v t="$t0" 'BEGIN { printf "%d", i - t / 1000000 }')
echo "cold start: both windows after ${windows_ms} ms, chair interactive after ${interactive_ms} ms"
data="$HOME/.local/share/faelles-team"
[ -s "$data/faelles-team.sqlite3" ] || fail "no database in the default data dir $data"
[ "$(stat -c %a "$data")" = 700 ] || fail "data dir is not 0700"

echo "== apt-get remove faelles-team (keeps the data)"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q faelles-team >/dev/null
installed=0
[ ! -e /usr/bin/faelles-team ] || fail "/usr/bin/faelles-team is still there"
[ ! -e /usr/share/applications/faelles-team.desktop ] || fail "the desktop entry is still there"
[ -s "$data/faelles-team.sqlite3" ] || fail "removing the package removed the data"
echo "== package test passed in $(( $(date +%s) - start )) s (.deb $(stat -c %s "$deb") B, .rpm $(stat -c %s "$rpm") B, install ${install_s} s, windows ${windows_ms} ms, interactive ${interactive_ms} ms)"
