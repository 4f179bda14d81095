#!/usr/bin/env python3
"""Writes a git repository whose history has RECORDS records and COMMITS commits, for
timing the lifecycle pass (src/lifecycle.rs):

    benches/lifecycle_history.py RECORDS COMMITS DIR

The history is made with `git fast-import` (seconds, not the hours 30,000 `git commit`
calls would take). Commits, oldest first: one per record adding it as proposed (about
1.5 KB of front matter and text, in decisions/); then, round-robin over the records until
COMMITS is reached, a commit accepting a record, a commit editing its body, a commit
marking it implemented, and so on. Dates advance one hour per commit from 2020-01-01."""
import os
import subprocess
import sys

records, commits, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)

BODY = ("We weighed the options below and chose the first. " * 12).strip()


def text(i, status, edits):
    lines = [
        "---",
        f"title: Decision number {i}",
        f"status: {status}",
        "date: 2020-01-01",
        "deciders: [ana, wei]",
        "tags: [bench]",
        "revisit: 2027-01-01",
        "---",
        "",
        "## Context",
        "",
        BODY,
        "",
        "## Decision",
        "",
        BODY,
        "",
    ]
    lines += [f"Edit {e}: {BODY[:120]}" for e in range(edits)]
    return "\n".join(lines) + "\n"


state = {}  # record -> (status, edits)
stream = []
mark = 0
t = 1577836800  # 2020-01-01


def commit(path, data, message):
    global mark, t
    mark += 1
    t += 3600
    raw = data.encode()
    msg = message.encode()
    stream.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(raw), raw))
    blob = mark
    mark += 1
    parent = b"" if mark <= 2 else b"from :%d\n" % (mark - 2)
    stream.append(
        b"commit refs/heads/main\nmark :%d\nauthor Ana <ana@example.com> %d +0000\n"
        b"committer Ana <ana@example.com> %d +0000\ndata %d\n%s\n%sM 100644 :%d %s\n\n"
        % (mark, t, t, len(msg), msg, parent, blob, path.encode())
    )


n = 0
for i in range(records):
    state[i] = ("proposed", 0)
    commit(f"decisions/{i:05d}-decision.md", text(i, "proposed", 0), f"propose {i}")
    n += 1
steps = ["accepted", "edit", "implemented", "edit"]
round_ = 0
while n < commits:
    for i in range(records):
        if n >= commits:
            break
        status, edits = state[i]
        step = steps[round_ % len(steps)]
        if step == "edit":
            edits += 1
        else:
            status = step
        state[i] = (status, edits)
        commit(f"decisions/{i:05d}-decision.md", text(i, status, edits), f"{step} {i}")
        n += 1
    round_ += 1

p = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet"], stdin=subprocess.PIPE)
p.communicate(b"".join(stream))
assert p.returncode == 0
subprocess.run(["git", "-C", out, "checkout", "-q", "main"], check=True)
print(f"{records} records, {n} commits in {out}")
