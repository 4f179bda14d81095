#!/usr/bin/env python3
"""Benchmark of an organisation's portal (issue 15), run on purpose (never from the tests):

    benches/federation.py [--repos 200] [--cold 3] [--warm 5] [--bin target/release/hindsight]

Makes REPOS bare git repositories under /tmp/hindsight-federation-bench/ (30-80 records each
in docs/adr, with 200-400 commits of history: records added, statuses changed, files outside
docs/adr changed; written with `git fast-import`, so making them takes seconds), a portal
whose hindsight.toml names every one of them as `[[sources]] git = "file://..."`, then times
COLD builds (empty cache: every repository cloned) and WARM builds (cache kept, nothing
changed), and prints the median and range of wall time and the peak memory (max RSS of
hindsight or of its largest git child, from /usr/bin/time). Delete the folder when done.
"""
import argparse, os, shutil, statistics, subprocess, sys, time

BASE = "/tmp/hindsight-federation-bench"


def stream(i, records, commits):
    """A fast-import stream: `records` records in docs/adr, `commits` commits in all."""
    out = []
    mark = 0
    t0 = 1_600_000_000 + i * 3600
    statuses = ["proposed", "accepted", "accepted", "deprecated"]
    texts = {}
    plan = []  # (path, text) per commit
    for n in range(1, records + 1):
        path = f"docs/adr/{n:04d}-decision-{i}-{n}.md"
        texts[path] = n
        plan.append((path, n, "proposed"))
    k = 0
    while len(plan) < commits:
        if k % 3 == 2:
            plan.append((f"src/module{k % 17}.rs", None, None))
        else:
            n = 1 + (k * 7) % records
            plan.append((f"docs/adr/{n:04d}-decision-{i}-{n}.md", n, statuses[k % 4]))
        k += 1
    for c, (path, n, status) in enumerate(plan):
        if n is None:
            data = f"// change {c}\nfn f{c}() {{}}\n"
        else:
            data = (
                f"---\nnumber: {n}\ntitle: Decision {n} of team {i}\nstatus: {status}\n"
                f"tags: [team{i % 10}, area{n % 7}]\nrevisit: 20{27 + n % 3}-0{1 + n % 9}-15\n"
                f"deciders: [person{n % 5}]\n---\n\n## Context\n\nWhy team {i} needed decision {n}, "
                f"revision {c}. " + "Words of context. " * 20 + "\n\n## Decision\n\nWe do it.\n"
            )
        b = data.encode()
        when = t0 + c * 86400
        msg = f"commit {c}".encode()
        out.append(b"commit refs/heads/main\n")
        mark += 1
        out.append(f"mark :{mark}\n".encode())
        out.append(f"committer Bench <b@example.com> {when} +0000\n".encode())
        out.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if c:
            out.append(f"from :{mark - 1}\n".encode())
        out.append(f"M 100644 inline {path}\ndata {len(b)}\n".encode() + b + b"\n")
    return b"".join(out)


def make(repos):
    os.makedirs(BASE, exist_ok=True)
    toml = ['title = "Acme decisions"\n']
    for i in range(repos):
        bare = f"{BASE}/repos/team{i:03d}.git"
        if not os.path.isdir(bare):
            os.makedirs(bare)
            subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", bare], check=True)
            records = 30 + (i * 13) % 51
            commits = 200 + (i * 37) % 201
            subprocess.run(["git", "-C", bare, "fast-import", "--quiet"], input=stream(i, records, commits), check=True)
        toml.append(f'\n[[sources]]\ngit = "file://{bare}"\nrev = "main"\npath = "docs/adr"\npackage = "team{i:03d}"\n')
    portal = f"{BASE}/portal"
    os.makedirs(portal, exist_ok=True)
    with open(f"{portal}/hindsight.toml", "w") as f:
        f.write("".join(toml))
    return portal


def run(bin, portal, cache):
    t = time.monotonic()
    p = subprocess.run(
        ["/usr/bin/time", "-f", "%M", bin, "build", "--out", f"{BASE}/site", "--cache", cache, "--today", "2026-06-01"],
        cwd=portal, capture_output=True, text=True)
    wall = time.monotonic() - t
    if p.returncode != 0:
        sys.exit(f"build failed ({p.returncode}):\n{p.stderr[-3000:]}")
    peak_kb = int(p.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024


def report(name, runs):
    walls = [w for w, _ in runs]
    peaks = [m for _, m in runs]
    print(f"{name:5} {len(runs)} runs: median {statistics.median(walls):6.2f} s "
          f"(range {min(walls):.2f}-{max(walls):.2f} s), peak memory median {statistics.median(peaks):.0f} MB "
          f"(max {max(peaks):.0f} MB)")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--repos", type=int, default=200)
    a.add_argument("--cold", type=int, default=3)
    a.add_argument("--warm", type=int, default=5)
    a.add_argument("--bin", default="target/release/hindsight")
    args = a.parse_args()
    bin = os.path.abspath(args.bin)
    t = time.monotonic()
    portal = make(args.repos)
    print(f"{args.repos} repositories ready in {time.monotonic() - t:.1f} s under {BASE}")
    print(f"machine: {os.cpu_count()} cores; load average {open('/proc/loadavg').read().split()[:3]}")
    cache = f"{BASE}/cache"
    cold = []
    for _ in range(args.cold):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(bin, portal, cache))
    report("cold", cold)
    warm = [run(bin, portal, cache) for _ in range(args.warm)]
    report("warm", warm)
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
