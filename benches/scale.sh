#!/usr/bin/env bash
# Scale benchmark (issue 16 item 7), run on purpose (never from the test suite):
#
#   benches/scale.sh [RUNS] [SIZES...]       default: 5 runs of 1000, 10000 and 50000 records
#
# For each size: RUNS builds into tmpfs (/dev/shm) and RUNS builds on the ordinary disk
# (BENCH_DIR, default /work/tmp-scale, else target/bench), both with the previous site in
# place (one untimed build first), as users run them; then RUNS `hindsight due`. Prints the
# median wall time, median CPU time (user + system), median peak RSS, and for builds the
# bytes and files of the site. The machine is shared: the load average is printed, and CPU
# time is the steadier figure when it is high. Targets: 50,000 records built in under 6 s
# and 800 MB; `due` on 50,000 under 0.5 s and 200 MB; 10,000 on disk under 1.2 s; cost
# growing no faster than the number of records. HINDSIGHT_REWRITE_ALL=1 turns off the
# reuse of unchanged files (ADR-0059), to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
gen=../shared/bench/gen_corpus.py
[ -f "$gen" ] || { echo "missing $gen" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
# HINDSIGHT_BIN times another binary (an older commit's, to compare) instead of building this one.
if [ -n "${HINDSIGHT_BIN:-}" ]; then bin=$HINDSIGHT_BIN; else cargo build --release --quiet; bin=$PWD/target/release/hindsight; fi
disk=${BENCH_DIR:-$( [ -d /work/tmp-scale ] && echo /work/tmp-scale || echo "$PWD/target/bench" )}
shm=/dev/shm/hindsight-scale
mkdir -p "$disk" "$shm"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_runs LABEL CMD...: RUNS timed runs, one summary line.
time_runs() {
  local label=$1; shift
  local walls=() cpus=() peaks=()
  for ((i = 0; i < runs; i++)); do
    line=$( { /usr/bin/time -f '%e %M %U %S' "$@" >/dev/null 2>/tmp/hindsight-scale-err; } 2>&1; tail -1 /tmp/hindsight-scale-err)
    read -r wall peak user sys <<<"$line"
    walls+=("$wall"); peaks+=("$peak"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  done
  printf '%-22s median wall %6s s (%s-%s)  cpu %6s s  peak %5s MB\n' "$label" "$(med "${walls[@]}")" \
    "$(printf '%s\n' "${walls[@]}" | sort -g | head -1)" "$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)" \
    "$(med "${cpus[@]}")" "$(( $(med "${peaks[@]}") / 1024 ))"
}
for n in "${sizes[@]}"; do
  src=$disk/corpus-$n
  [ -d "$src" ] || python3 "$gen" "$n" "$src" >/dev/null 2>&1
  [ -d "$shm/corpus-$n" ] || cp -r "$src" "$shm/"
  echo "== $n records (load $(cut -d' ' -f1 /proc/loadavg))"
  for where in tmpfs disk; do
    if [ $where = tmpfs ]; then in=$shm/corpus-$n; out=$shm/site-$n; else in=$src; out=$disk/site-$n; fi
    "$bin" build "$in" -o "$out" --today 2026-11-23 >/dev/null 2>&1
    time_runs "build $where" "$bin" build "$in" -o "$out" --today 2026-11-23
    [ $where = disk ] && echo "  site: $(du -sb "$out" | cut -f1) bytes in $(find "$out" -type f | wc -l) files"
    rm -rf "$out"
  done
  time_runs "due" "$bin" due "$src" --today 2026-11-23
done
rm -rf "$shm"
