#!/bin/sh
# Times the lifecycle pass (src/lifecycle.rs) on a history of RECORDS records and COMMITS
# commits (default 10,000 and 30,000), made by benches/lifecycle_history.py with
# `git fast-import` in DIR (default /tmp/hindsight-lifecycle-bench; kept if it exists, as
# making it takes minutes). Prints, for RUNS runs, the shared history pass
# (`git log --raw`, which the build ran before the lifecycle existed) and the lifecycle's
# own cost (`git cat-file --batch` of every version's blob, and reading their statuses).
# With OLD=path/to/an/older/hindsight, also checks that both give the same lifecycles.
#
#   benches/lifecycle.sh [RECORDS] [COMMITS] [DIR]
set -eu
RECORDS=${1:-10000}
COMMITS=${2:-30000}
DIR=${3:-/tmp/hindsight-lifecycle-bench}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$HERE/target/release/hindsight}
[ -x "$BIN" ] || (cd "$HERE" && cargo build --release --quiet)
[ -d "$DIR/.git" ] || python3 "$HERE/benches/lifecycle_history.py" "$RECORDS" "$COMMITS" "$DIR"
echo "machine: $(nproc) cores; $(uptime)"
cd "$DIR"
i=0
while [ $i -lt "$RUNS" ]; do
    HINDSIGHT_TIMINGS=1 "$BIN" export decisions 2>&1 >/tmp/lifecycle-bench-new.json |
        grep -E "git log --raw|lifecycle \(all\)"
    i=$((i + 1))
done
if [ -n "${OLD:-}" ]; then
    "$OLD" export decisions >/tmp/lifecycle-bench-old.json 2>/dev/null
    python3 - <<'PY'
import json
def lc(p):
    return {r["source"]: r.get("lifecycle") for r in json.load(open(p))["records"]}
a, b = lc("/tmp/lifecycle-bench-old.json"), lc("/tmp/lifecycle-bench-new.json")
same = sum(1 for k in a if a[k] == b.get(k))
print(f"same lifecycle as OLD: {same} of {len(a)} records")
PY
    rm -f /tmp/lifecycle-bench-old.json
fi
rm -f /tmp/lifecycle-bench-new.json
