#!/bin/sh
# Times the citation scan (issue 14): a work tree of 50,000 files and about 1 GB
# (benches/citations_tree.py, in /dev/shm so the disk is not what is measured), scanned
# RUNS times with citations on and off. Prints the median and range of the scan alone
# (HINDSIGHT_TIMINGS's "load: citation scan") and of the whole `hindsight export`, and
# the load average, since the machine is shared.
#
# usage: benches/citations.sh [RUNS] [FILES] [MEGABYTES]
set -eu
RUNS=${1:-7}
FILES=${2:-50000}
MB=${3:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$here/target/release/hindsight}
TREE=${TREE:-/dev/shm/hindsight-citations-$FILES-$MB}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
python3 "$here/benches/citations_tree.py" "$TREE" "$FILES" "$MB"
echo "tree: $TREE: $(find "$TREE" -type f | wc -l) files, $(du -sm "$TREE" | cut -f1) MB"
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %.0f ms (%.0f-%.0f ms)", m, a[1], a[NR]}'; }
for mode in true false; do
    printf '[citations]\nenabled = %s\n' "$mode" > "$TREE/hindsight.toml"
    scan=$(mktemp) wall=$(mktemp)
    # One warm-up run, so every measured run reads from the page cache.
    (cd "$TREE" && "$BIN" export --today 2026-06-01 >/dev/null 2>&1) || true
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        start=$(date +%s%N)
        (cd "$TREE" && HINDSIGHT_TIMINGS=1 "$BIN" export --today 2026-06-01 2>"$scan.err" >/dev/null) || true
        end=$(date +%s%N)
        echo $(( (end - start) / 1000000 )) >> "$wall"
        grep 'citation scan' "$scan.err" | awk '{print $(NF-7)}' >> "$scan" || true
        i=$((i + 1))
    done
    echo "enabled = $mode: scan $(median < "$scan"); whole export $(median < "$wall"); load: $(uptime | sed 's/.*load average: //')"
    rm -f "$scan" "$scan.err" "$wall"
done
