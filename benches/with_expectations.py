#!/usr/bin/env python3
"""Copies a folder of records (from ../shared/bench/gen_corpus.py) adding the expectation
keys to every record, for benches/expectations.sh:

    benches/with_expectations.py FROM TO

Decisions get `confidence`, `reversible` and two `expect` claims (one with its own
confidence); retrospectives get `process` and `expectations` judging both claims of the
decision they review (claim 1 by position, claim 2 by text), so that every claim is judged
and the calibration is computed over the whole corpus."""
import os
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
n = 0
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    if not name.endswith(".md"):
        continue
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        open(os.path.join(dst, name), "w", encoding="utf-8").write(text)
        continue
    end = text.index("\n---", 4)
    head, rest = text[: end + 1], text[end + 1 :]
    k = n % 10
    if re.search(r"^kind: retrospective", head, re.M):
        extra = (
            f"process: {'sound' if k < 7 else 'flawed'}\n"
            "expectations:\n"
            f"  - claim: 1\n    result: {'hit' if k < 6 else 'miss'}\n    note: measured in the review\n"
            f"  - claim: The team can run it without new hires\n    result: {'miss' if k < 3 else 'unclear'}\n"
        )
    else:
        extra = (
            f"confidence: {0.5 + k * 0.05:.2f}\n"
            f"reversible: {'true' if k % 2 else 'false'}\n"
            "expect:\n"
            "  - claim: p95 latency of the affected service stays under 200 ms\n"
            "    by: 2027-03-01\n"
            f"    confidence: {0.6 + k * 0.03:.2f}\n"
            "  - claim: The team can run it without new hires\n"
        )
    open(os.path.join(dst, name), "w", encoding="utf-8").write(head + extra + rest)
    n += 1
print(f"{n} records written to {dst}")
