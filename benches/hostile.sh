#!/usr/bin/env bash
# Hostile records, run on purpose (never from the test suite):
#
#   benches/hostile.sh [SIZE] [SHAPE...]      default: every shape of benches/hostile.py,
#                                             each one record of just under 4 MiB
#
# For each shape, builds a folder holding one record of SIZE bytes of that shape (and a
# small record it may link to) with the release binary, and prints wall time, peak
# memory, exit code and the bytes of diagnostics printed. The promise (issue 12): a record
# of 4 MB of any shape builds in under 2 s and 300 MB. HOSTILE_DOUBLE=1 also builds each
# shape at half the size and prints the ratio of the two times (about 2 when linear).
# Input and output live on /dev/shm when it exists (see benches/build.sh for why).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-4193280}
shift || true
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=$PWD/target/release/hindsight
base=$( [ -d /dev/shm ] && echo /dev/shm/hindsight-hostile || echo target/bench/hostile )
rm -rf "$base"
mkdir -p "$base"
shapes=$(python3 benches/hostile.py "$base/in" "$size" "$@")
[ "${HOSTILE_DOUBLE:-}" = 1 ] && python3 benches/hostile.py "$base/half" "$((size / 2))" "$@" >/dev/null
echo "machine: $(nproc) cores, $(uname -m); load average $(cut -d' ' -f1-3 /proc/loadavg); record size $size bytes"
printf '%-30s %8s %9s %5s %12s %s\n' shape wall "peak MB" exit "stderr bytes" "${HOSTILE_DOUBLE:+half-size ratio}"
worst_wall=0; worst_peak=0
for s in $shapes; do
  run() {
    rm -rf "$base/out"
    : >"$base/time"
    { timeout "${HOSTILE_TIMEOUT:-60}" /usr/bin/time -o "$base/time" -f '%e %M' "$bin" build "$1" -o "$base/out" --today 2026-01-01 \
        >/dev/null 2>"$base/err"; echo "rc=$?" >>"$base/err"; } || true
    wall=; peak=
    read -r wall peak < <(grep -E '^[0-9.]+ [0-9]+$' "$base/time" | tail -1) || true
    [ -n "$wall" ] || { wall=${HOSTILE_TIMEOUT:-60}; peak=0; }
    rc=$(grep -o 'rc=[0-9]*' "$base/err" | tail -1 | cut -d= -f2)
    echo "$wall $((peak / 1024)) $rc $(($(wc -c <"$base/err") - 5))"
  }
  read -r wall peak rc errb < <(run "$base/in/$s")
  ratio=
  if [ "${HOSTILE_DOUBLE:-}" = 1 ]; then
    read -r hwall _ _ _ < <(run "$base/half/$s")
    ratio=$(awk -v a="$wall" -v b="$hwall" 'BEGIN { if (b > 0.005) printf "%.2f", a / b; else print "-" }')
  fi
  printf '%-30s %7ss %9s %5s %12s %s\n' "$s" "$wall" "$peak" "$rc" "$errb" "$ratio"
  worst_wall=$(awk -v a="$wall" -v b="$worst_wall" 'BEGIN { print (a > b) ? a : b }')
  [ "$peak" -gt "$worst_peak" ] && worst_peak=$peak
done
echo "slowest: ${worst_wall} s; most memory: ${worst_peak} MB"
rm -rf "$base"
