#!/usr/bin/env bash
# The Windows installer as a user gets it, under Wine (part of `make test`, after
# scripts/windows-build.sh). In a Wine prefix of its own (target/wine/installer-prefix, made
# once by scripts/wine-env.sh, with its own home so «Documents» is not the real one):
#  1. installs silently (/S), per user: the exe, WebView2Loader.dll and the uninstaller in
#     %LOCALAPPDATA%\Programs\Fælles Team, nothing else (never the test-only bcryptprimitives
#     stub); the Start-menu shortcut; the uninstall entry under HKCU with the version; then
#     again over it (an update);
#  2. `faelles-team.exe --version` prints the version and the schema, redirected and started
#     from a console with no standard handles (as cmd.exe starts a GUI program on Windows);
#     `--help` names the default data dir in %LOCALAPPDATA%;
#  3. started normally (Wine has no WebView2): a Danish message box «Fælles Team» says what is
#     missing and what to ask IT for; closed with Return, the app exits non-zero. While the box
#     is open, a second start on the same data dir (a path with «æøå» and a space) says «kører
#     allerede», reaches the first over its named pipe and exits 0;
#  4. logging off while the app runs (windowless: FAELLES_TEST_WINDOWLESS=1) ends it the
#     orderly way: exit code 0 and the database closed (SQLite's WAL file gone; a kill, the
#     control, leaves it); meanwhile a second start reaches the running app, and an update
#     (the installer, silent) gives up rather than replace its files;
#  5. uninstalls silently: program, shortcut and entry gone; the data folder (a file in it) and
#     the exported PDFs stay.
# What cannot be tested here: the window itself (WebView2 does not run under Wine).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
start=$(date +%s)
fail() { echo "windows installer test: $*" >&2; exit 1; }
for tool in wine wineserver winepath xvfb-run xdotool script x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/deps.sh (make deps)"
done
version=$(cargo pkgid -p faelles-team | sed 's/.*[#@]//')
schema=$(find crates/faelles-core/src/store/migrations -name '*.sql' | wc -l)
expected="faelles-team $version (databaseskema $schema)"
tdir=$(realpath -m "${CARGO_TARGET_DIR:-target}")
installer="$tdir/windows/Fælles Team-setup-$version.exe"
[ -s "$installer" ] || fail "no $installer: run scripts/windows-build.sh (make windows) first"

# Wine only from here: its own prefix and home (HOME is read when the prefix is made: the
# prefix's Documents links to it).
export HOME="$repo/target/wine/installer-home"
export WINEPREFIX="$repo/target/wine/installer-prefix"
mkdir -p "$HOME"
# shellcheck source=scripts/wine-env.sh
. scripts/wine-env.sh
work="$repo/target/wine/installer-test"
rm -rf "$work"
mkdir -p "$work"
wineserver -k 2>/dev/null || true
trap 'wineserver -k 2>/dev/null || true' EXIT

c="$WINEPREFIX/drive_c"
user=$(ls "$c/users" | grep -vx Public | head -1)
local_app="$c/users/$user/AppData/Local"
instdir="$local_app/Programs/Fælles Team"
lnk="$c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Fælles Team.lnk"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\FaellesTeam'
data_win="C:\\users\\$user\\AppData\\Local\\Faelles Team\\faelles-team\\data"
data=$(winepath -u "$data_win")
docs=$(winepath -u "C:\\users\\$user\\Documents")
exports="$docs/Fælles Team"
odd_win="C:\\users\\$user\\Fælles data æøå"
odd=$(winepath -u "$odd_win")
# What an earlier, interrupted run left.
rm -rf "$instdir" "$lnk" "$data" "$exports" "$odd"
wine reg delete "$key" /f >/dev/null 2>&1 || true
t() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(t)" 'BEGIN { printf "%.1f", b - a }'; }

echo "== 1. install silently: $(basename "$installer") ($(stat -c %s "$installer") B)"
t0=$(t)
wine "$installer" /S || fail "the installer exited with $?"
wineserver -w
install_s=$(since "$t0")
[ -d "$instdir" ] || fail "nothing in $instdir"
got=$(cd "$instdir" && ls | sort | tr '\n' '|')
[ "$got" = "Afinstaller Fælles Team.exe|WebView2Loader.dll|faelles-team.exe|" ] \
  || fail "installed files: $got"
cmp -s "$instdir/faelles-team.exe" "$tdir/windows/stage/faelles-team.exe" || fail "the installed exe is not the one built"
[ -s "$lnk" ] || fail "no Start-menu shortcut $lnk"
tr -d '\0' <"$lnk" | grep -aq 'Programs\\Fælles Team\\faelles-team.exe' \
  || tr -d '\0' <"$lnk" | grep -aq 'faelles-team.exe' || fail "the shortcut does not start faelles-team.exe"
# The entry as Wine stored it (user.reg, written out by `wineserver -w`; \xe6 is «æ»).
entry() { awk '/^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\FaellesTeam\]/ { on = 1; next }
  on && /^$/ { exit } on' "$WINEPREFIX/user.reg"; }
reg=$(entry)
for line in '"DisplayName"="F\xe6lles Team"' "\"DisplayVersion\"=\"$version\"" \
  '"QuietUninstallString"="\"C:\\users\\'"$user"'\\AppData\\Local\\Programs\\F\xe6lles Team\\Afinstaller F\xe6lles Team.exe\" /S"'; do
  grep -qxF "$line" <<<"$reg" || fail "the uninstall entry $key lacks $line: $reg"
done
echo "installed in ${install_s} s: $got shortcut, uninstall entry $version"
# An update is the installer run over the installed program.
wine "$installer" /S || fail "installing over the installed program exited with $?"
wineserver -w
[ "$(cd "$instdir" && ls | sort | tr '\n' '|')" = "$got" ] || fail "after installing again: $(ls "$instdir")"
echo "installed again over it (an update): the same files"

echo "== 2. --version and --help"
exe="$instdir/faelles-team.exe"
got=$(wine "$exe" --version | tr -d '\r')
[ "$got" = "$expected" ] || fail "--version (redirected) says '$got'"
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/console-start.exe" scripts/windows/console-start.c
exe_win=$(winepath -w "$exe")
# A terminal gives Wine a console; console-start.exe starts the app on it without handles.
script -qec "wine '$work/console-start.exe' '$exe_win' --version" "$work/console.log" >/dev/null </dev/null \
  || fail "--version from a console exited with $?"
got=$(tr -d '\r' <"$work/console.log" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | grep -a '^faelles-team ' || true)
[ "$got" = "$expected" ] || fail "--version on a console printed '$got' ($(cat -A "$work/console.log" | head -5))"
help=$(wine "$exe" --help | tr -d '\r')
grep -qF "(nu: $data_win)" <<<"$help" || fail "--help does not name the data dir $data_win: $help"
echo "$expected (redirected and on a console); data dir $data_win"

echo "== 3. no WebView2: the message box, exit code; a second start while it is open"
# Wine's desktop process started above without a display: a new one under Xvfb.
wineserver -k 2>/dev/null || true
wineserver -w
t0=$(t)
export FAELLES_DATA_DIR="$odd_win" INSTALLED_EXE="$exe" WORK="$work"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  wine "$INSTALLED_EXE" >"$WORK/first.out" 2>"$WORK/first.err" & pid=$!
  box=""
  for _ in $(seq 1 300); do
    box=$(xdotool search --name "^Fælles Team$" 2>/dev/null | head -1 || true)
    [ -n "$box" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$box" ] || { echo "no message box «Fælles Team»" >&2; kill $pid 2>/dev/null; exit 1; }
  xdotool getwindowname "$box" >"$WORK/box.name"
  import -window root "$WORK/box.png" 2>/dev/null || true
  wine "$INSTALLED_EXE" >"$WORK/second.out" 2>"$WORK/second.err"; echo $? >"$WORK/second.rc"
  sleep 0.5
  kill -0 $pid 2>/dev/null || { echo "the first start ended before its box was closed" >&2; exit 1; }
  xdotool windowfocus "$box" 2>/dev/null || true
  xdotool key Return
  for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then echo "Return did not close the box" >&2; kill $pid; exit 1; fi
  wait $pid; echo $? >"$WORK/first.rc"
' || { cat "$work"/*.err >&2 2>/dev/null; fail "the app without WebView2 did not show its box"; }
wineserver -k 2>/dev/null || true
unset FAELLES_DATA_DIR
box_s=$(since "$t0")
[ "$(cat "$work/box.name")" = "Fælles Team" ] || fail "the box is titled '$(cat "$work/box.name")'"
rc=$(cat "$work/first.rc")
[ "$rc" != 0 ] || fail "without WebView2 the app exited with 0"
for words in "Microsoft Edge WebView2 Runtime" "mangler" "IT-afdeling" "https://developer.microsoft.com/microsoft-edge/webview2/"; do
  grep -qF "$words" "$work/first.err" || fail "the message lacks «$words»: $(cat "$work/first.err")"
done
! grep -q "panicked" "$work/first.err" || fail "the app panicked: $(cat "$work/first.err")"
[ -e "$odd/.faelles-team.lock" ] || fail "no lock file in the data dir $odd"
[ "$(cat "$work/second.rc")" = 0 ] || fail "the second start exited with $(cat "$work/second.rc")"
grep -qF "Fælles Team kører allerede med disse data ($odd_win). Det åbne vindue er bragt frem." "$work/second.err" \
  || fail "the second start did not reach the first: $(cat "$work/second.err")"
echo "box «Fælles Team» with the Danish text, closed with Return: exit code $rc; second start: $(cat "$work/second.err")"

echo "== 4. log-off while the app runs: the database is closed cleanly"
# Windowless (FAELLES_TEST_WINDOWLESS=1: the app without its two windows, as Wine has no
# WebView2): the event loop, the database, the single instance and the orderly end are there.
# `wineboot --end-session` sends WM_QUERYENDSESSION/WM_ENDSESSION as a log-off does. SQLite
# removes the WAL file only when the database is closed; a kill leaves it (the control).
t0=$(t)
wineserver -k 2>/dev/null || true
export FAELLES_DATA_DIR="$odd_win" FAELLES_TEST_WINDOWLESS=1 ODD="$odd" INSTALLER="$installer"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  opened() {
    for _ in $(seq 1 300); do
      [ -e "$ODD/faelles-team.sqlite3-wal" ] && return 0
      kill -0 $1 2>/dev/null || return 1
      sleep 0.1
    done
    return 1
  }
  wine "$INSTALLED_EXE" 2>"$WORK/logoff.err" & pid=$!
  opened $pid || { echo "the app did not open its database" >&2; exit 1; }
  wine "$INSTALLED_EXE" 2>"$WORK/second-app.err"; echo $? >"$WORK/second-app.rc"
  # An update while the app runs: the installer (silent) gives up, the app runs on.
  wine "$INSTALLER" /S; echo $? >"$WORK/update-running.rc"
  kill -0 $pid 2>/dev/null || { echo "the app ended during the update attempt" >&2; exit 1; }
  wineboot --end-session
  for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then echo "the app still runs after the log-off" >&2; kill $pid; exit 1; fi
  wait $pid; echo $? >"$WORK/logoff.rc"
  [ ! -e "$ODD/faelles-team.sqlite3-wal" ] || { echo "after the log-off the database was not closed (WAL left)" >&2; exit 1; }
  # The control: ended by a kill, the WAL stays.
  wine "$INSTALLED_EXE" 2>>"$WORK/logoff.err" & pid=$!
  opened $pid || { echo "control: the app did not open its database" >&2; exit 1; }
  wineserver -k; wait $pid
  [ -e "$ODD/faelles-team.sqlite3-wal" ] || { echo "control: killed, yet no WAL left: the check proves nothing" >&2; exit 1; }
' || { cat "$work/logoff.err" >&2; fail "log-off"; }
wineserver -k 2>/dev/null || true
unset FAELLES_DATA_DIR FAELLES_TEST_WINDOWLESS
logoff_s=$(since "$t0")
[ "$(cat "$work/logoff.rc")" = 0 ] || fail "after the log-off the app exited with $(cat "$work/logoff.rc")"
[ "$(cat "$work/second-app.rc")" = 0 ] && grep -qF "Det åbne vindue er bragt frem." "$work/second-app.err" \
  || fail "a second start while the app ran: $(cat "$work/second-app.err")"
[ -s "$odd/faelles-team.sqlite3" ] || fail "no database in $odd"
[ "$(cat "$work/update-running.rc")" != 0 ] || fail "the installer replaced the running app's files"
cmp -s "$exe" "$tdir/windows/stage/faelles-team.exe" || fail "the update attempt damaged the installed exe"
echo "log-off: exit code 0, database closed (no WAL; a kill leaves one); meanwhile a second start reached the app, and an update gave up (exit $(cat "$work/update-running.rc"))"

echo "== 5. uninstall silently: the program goes, the data stays"
mkdir -p "$data/backups" "$exports"
echo "database" >"$data/faelles-team.sqlite3"
echo "backup" >"$data/backups/faelles-team-1.sqlite3"
echo "%PDF-1.7" >"$exports/Referat.pdf"
t0=$(t)
wine "$instdir/Afinstaller Fælles Team.exe" /S || fail "the uninstaller exited with $?"
wineserver -w # it runs on from a copy in %TEMP%
uninstall_s=$(since "$t0")
[ ! -e "$instdir" ] || fail "left in $instdir: $(ls "$instdir")"
[ ! -e "$lnk" ] || fail "the Start-menu shortcut is still there"
[ -z "$(entry)" ] || fail "the uninstall entry is still there"
[ "$(cat "$data/faelles-team.sqlite3")" = database ] || fail "the data folder lost its database"
[ -s "$data/backups/faelles-team-1.sqlite3" ] || fail "the data folder lost its backups"
[ -s "$exports/Referat.pdf" ] || fail "the exported PDFs are gone"
[ -s "$odd/faelles-team.sqlite3" ] || fail "the other data folder is gone"
echo "uninstalled in ${uninstall_s} s; kept: $data_win, Documents\\Fælles Team"
echo "== windows installer test passed in $(( $(date +%s) - start )) s (install ${install_s} s, box ${box_s} s, log-off ${logoff_s} s, uninstall ${uninstall_s} s)"
