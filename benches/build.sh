#!/usr/bin/env bash
# Benchmark of whole builds, run on purpose (never from the test suite):
#
#   benches/build.sh [RUNS] [SIZES...]        default: 7 runs of 1000 and 10000 records
#
# Generates synthetic folders with ../shared/bench/gen_corpus.py (cached under
# target/bench/), builds the release binary, then times RUNS cold builds of each size
# (the output folder is removed before each run, outside the timing) and prints the
# median and range of wall time, CPU time and peak memory, as measured by /usr/bin/time.
# Input and output live on /dev/shm when it exists, so the figure is the tool's work and
# not the disk's (on the VM we measure on, the kernel reclaims the page cache of idle files,
# so a corpus on disk is partly re-read from the device on every run); BENCH_OUT=path puts
# the output elsewhere, BENCH_IN=disk keeps the input under target/bench/.
# HINDSIGHT_TIMINGS=1 adds per-stage timings.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
gen=../shared/bench/gen_corpus.py
[ -f "$gen" ] || { echo "missing $gen" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/hindsight
out_base=${BENCH_OUT:-$( [ -d /dev/shm ] && echo /dev/shm/hindsight-bench || echo target/bench/out )}
mkdir -p target/bench
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %6s %12s %12s %10s %14s\n' records runs "median wall" "wall range" "median cpu" "median peak"
for n in "${sizes[@]}"; do
  src=target/bench/corpus-$n
  [ -d "$src" ] || python3 "$gen" "$n" "$src" >/dev/null 2>&1
  if [ "${BENCH_IN:-}" != disk ] && [ -d /dev/shm ]; then
    mkdir -p /dev/shm/hindsight-bench-in
    [ -d /dev/shm/hindsight-bench-in/corpus-$n ] || cp -r "$src" /dev/shm/hindsight-bench-in/
    src=/dev/shm/hindsight-bench-in/corpus-$n
  fi
  walls=(); peaks=(); cpus=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$out_base"
    line=$( { /usr/bin/time -f '%e %M %U %S' "$bin" build "$src" -o "$out_base" --today 2026-11-23 >/dev/null 2>/tmp/hindsight-bench-err; } 2>&1; tail -1 /tmp/hindsight-bench-err)
    read -r wall peak user sys <<<"$line"
    walls+=("$wall"); peaks+=("$peak"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  lo=$(printf '%s\n' "${walls[@]}" | sort -g | head -1); hi=$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)
  printf '%8s %6s %10s s %5s-%-5s s %8s s %11s MB\n' "$n" "$runs" "$(med "${walls[@]}")" "$lo" "$hi" "$(med "${cpus[@]}")" "$(( $(med "${peaks[@]}") / 1024 ))"
done
rm -rf "$out_base"
