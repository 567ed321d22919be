#!/usr/bin/env bash
# The core's tests on Windows semantics: faelles-core, faelles-pdf and the integration tests
# (tests/it) built for x86_64-pc-windows-gnu and run under Wine (scripts/wine-env.sh: the
# project's prefix with the test-only bcryptprimitives stub). Part of `make test`.
#
# What the Windows build cannot do itself is prepared on the host:
# - the PDF tools (pdftotext, pdfinfo, pdffonts, qpdf, sha256sum) are Linux programs: a
#   small server (faelles-pdf's example host-tools) runs them on the bytes the Windows build
#   wrote (FAELLES_HOST_TOOLS; faelles_pdf::validate::tool);
# - a full disk and a read-only folder need mounts (root): a 2 MiB tmpfs and a read-only
#   bind mount, named in FAELLES_HOST_SMALL_DISK / FAELLES_HOST_READ_ONLY
#   (faelles_tests::fsfault::host_fault). Without root those two tests skip (fail under CI).
# Prints the time of each part; each test binary's output is kept in target/windows-test/.
# Extra arguments go to every test binary (e.g. a filter, or --nocapture).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=x86_64-pc-windows-gnu
. scripts/wine-env.sh
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
start=$(date +%s)
secs() { echo $(( $(date +%s) - $1 )); }

work=$(mktemp -d)
server=""
mounts=()
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== windows: the host's PDF tools for the Windows build (faelles-pdf example host-tools)"
t=$(date +%s)
# With --workspace: the features `cargo test --workspace` resolved, so its build is reused.
cargo build -q --workspace --example host-tools
TMPDIR="$work" "$root/target/debug/examples/host-tools" >"$work/host-tools.out" &
server=$!
for _ in $(seq 50); do
  grep -q '^FAELLES_HOST_TOOLS=' "$work/host-tools.out" 2>/dev/null && break
  sleep 0.1
done
export "$(grep -m1 '^FAELLES_HOST_TOOLS=' "$work/host-tools.out")"
echo "   $FAELLES_HOST_TOOLS ($(secs "$t") s)"

echo "== windows: a full disk and a read-only folder on the host (mounts, as root)"
mkdir -p "$work/small" "$work/rw" "$work/ro"
if mount -t tmpfs -o size=2048k tmpfs "$work/small" 2>"$work/mount.err"; then
  mounts+=("$work/small")
  export FAELLES_HOST_SMALL_DISK="$work/small"
else
  echo "   no tmpfs: $(cat "$work/mount.err") (faults::a_full_disk… skips; fails under CI=true)"
fi
if mount --bind "$work/rw" "$work/ro" 2>"$work/mount.err"; then
  mounts+=("$work/ro")
  if mount -o remount,bind,ro "$work/ro" 2>"$work/mount.err"; then
    export FAELLES_HOST_READ_ONLY="$work/rw;$work/ro"
  fi
fi
[ -n "${FAELLES_HOST_READ_ONLY:-}" ] ||
  echo "   no read-only bind mount: $(cat "$work/mount.err") (faults::a_read_only… skips; fails under CI=true)"

echo "== windows: build the tests of faelles-core, faelles-pdf and tests/it for $target"
t=$(date +%s)
# One build for the three packages (one feature set), then each test binary run by itself
# under Wine, from its package's folder as cargo would, so each part can be timed.
# Warnings are errors, as in scripts/windows-check.sh: code behind cfg(windows) is compiled
# nowhere else.
RUSTFLAGS="${RUSTFLAGS:-} -D warnings" \
  cargo test --target "$target" -p faelles-core -p faelles-pdf -p faelles-tests --lib --tests \
  --no-run --message-format=json-render-diagnostics >"$work/build.json"
echo "   built in $(secs "$t") s"
# Each binary's whole output (what it printed, which tests were ignored and why).
logs="$root/target/windows-test"
rm -rf "$logs" && mkdir -p "$logs"
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2"; }
failed=()
while IFS= read -r line; do
  exe=$(field executable "$line")
  [ -n "$exe" ] || continue
  src=$(field src_path "$line")
  manifest=$(field manifest_path "$line")
  part="${src#"$root"/}"
  t=$(date +%s)
  echo "== windows: $part (under Wine)"
  log="$logs/$(tr '/' '_' <<<"$part").log"
  if (cd "$(dirname "$manifest")" && wine "$exe" "$@") >"$log" 2>&1; then
    echo "   $(grep -E '^test result:' "$log" | tail -1) ($(secs "$t") s)"
  else
    cat "$log"
    echo "   FAILED: $part ($(secs "$t") s)"
    failed+=("$part")
  fi
done < <(grep '"reason":"compiler-artifact"' "$work/build.json" | grep '"test":true')

if [ ${#failed[@]} -gt 0 ]; then
  echo "== windows: FAILED: ${failed[*]}"
  exit 1
fi
echo "== windows: every test of the Windows build passed under Wine in $(secs "$start") s"
