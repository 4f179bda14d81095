#!/usr/bin/env bash
# Seeds the fuzz corpora from the shared corpus of real decision folders (never committed):
#
#   fuzz/seed.sh [CORPUS_DIR]      default: ../shared/corpus beside the repository
#
# reader and link_scanner get every markdown file; yaml_fast_path gets each file's front
# matter. Then run a target with, for example:
#
#   cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run reader -- -max_total_time=600 -max_len=65536
set -euo pipefail
cd "$(dirname "$0")"
src=${1:-../../shared/corpus}
[ -d "$src" ] || { echo "no corpus at $src" >&2; exit 2; }
mkdir -p corpus/reader corpus/link_scanner corpus/yaml_fast_path
n=0
while IFS= read -r -d '' f; do
  name=$(printf '%s' "$f" | sha1sum | cut -c1-16)
  cp "$f" "corpus/reader/$name"
  cp "$f" "corpus/link_scanner/$name"
  awk 'NR==1 && $0 != "---" { exit } NR > 1 && $0 == "---" { exit } NR > 1 { print }' "$f" >"corpus/yaml_fast_path/$name"
  [ -s "corpus/yaml_fast_path/$name" ] || rm -f "corpus/yaml_fast_path/$name"
  n=$((n + 1))
done < <(find "$src" -type f \( -name '*.md' -o -name '*.mdx' -o -name '*.markdown' \) -print0)
echo "seeded $n files"
