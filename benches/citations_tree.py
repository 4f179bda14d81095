#!/usr/bin/env python3
"""Writes a synthetic repository work tree for benches/citations.sh: FILES files of code
and docs totalling about MEGABYTES MB below DIR, with a decisions/ folder of 60 records,
a .gitignore'd build/ folder, and a citation (`// see ADR-0012`) in one file of 40.
Deterministic (seeded), so every run scans the same bytes.

usage: citations_tree.py DIR FILES MEGABYTES
"""
import os
import random
import sys

def main():
    root, files, megabytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    marker = os.path.join(root, ".tree-%d-%d" % (files, megabytes))
    if os.path.exists(marker):
        return
    rnd = random.Random(14)
    words = ("let fn match self value record decision index render parse walk line "
             "buffer error result option string config path file scan glob pattern").split()
    lines = []
    while sum(len(l) for l in lines) < 4 << 20:
        n = rnd.randint(2, 12)
        lines.append("    " * rnd.randint(0, 3) + " ".join(rnd.choice(words) for _ in range(n)) + ";\n")
    text = "".join(lines)
    os.makedirs(os.path.join(root, ".git"), exist_ok=True)
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("build/\n")
    adr = os.path.join(root, "decisions")
    os.makedirs(adr, exist_ok=True)
    for i in range(1, 61):
        with open(os.path.join(adr, "%04d-decision-%d.md" % (i, i)), "w") as f:
            f.write("---\ntitle: Decision %d\nstatus: accepted\ndate: 2025-01-01\n"
                    "revisit: 2027-01-01\napplies_to: [src/d%03d/**]\n---\n\nText.\n" % (i, i))
    mean = megabytes * 1_000_000 // files
    for i in range(files):
        folder = os.path.join(root, "build" if i % 100 == 99 else "src", "d%03d" % (i % 500))
        os.makedirs(folder, exist_ok=True)
        size = max(64, int(rnd.expovariate(1 / mean))) if i % 7 else mean
        size = min(size, 900_000)
        at = rnd.randrange(0, len(text) - size)
        body = text[at:at + size]
        if i % 40 == 0:
            body = "// see ADR-%04d\n" % (i % 60 + 1) + body
        with open(os.path.join(folder, "f%05d.rs" % i), "w") as f:
            f.write(body)
    open(marker, "w").close()

main()
