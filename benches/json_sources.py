#!/usr/bin/env python3
"""Benchmark of a portal reading other sites' exports (issue 15), run on purpose (never from
the tests):

    benches/json_sources.py [--sites 10] [--records 1000] [--runs 3] [--bin target/release/hindsight]

Makes SITES team sites under /tmp/hindsight-json-bench/ (RECORDS records each, from
/work/shared/bench/gen_corpus.py with a different seed per site), builds each with the
release binary and a base_url, serves their folders over HTTP on 127.0.0.1 (Python's
http.server), then times RUNS builds of a portal with one record of its own and one
`[[sources]] json = "http://127.0.0.1:PORT/team-K/decisions.json"` per site (every run
fetches every export), RUNS builds with --offline (the cached copies), and, to compare,
RUNS builds of a site reading the same records as local folders (one `[[sources]] path` per
team). Prints the median
and range of wall time and the peak memory (max RSS from /usr/bin/time). Delete the folder
when done.
"""
import argparse, functools, http.server, os, shutil, statistics, subprocess, sys, threading

BASE = "/tmp/hindsight-json-bench"
GEN = "/work/shared/bench/gen_corpus.py"


def timed(cmd, cwd):
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, capture_output=True, text=True
    )
    last = out.stderr.strip().splitlines()[-1]
    wall, rss = last.split()
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return float(wall), int(rss) // 1024, out.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=10)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default="target/release/hindsight")
    a = ap.parse_args()
    bin_ = os.path.abspath(a.bin)
    shutil.rmtree(BASE, ignore_errors=True)
    os.makedirs(BASE)
    for k in range(a.sites):
        team = f"{BASE}/team-{k}"
        subprocess.run(
            [sys.executable, GEN, str(a.records), f"{team}/decisions", "--seed", str(k + 1)],
            check=True, capture_output=True,
        )
        subprocess.run(
            [bin_, "build", "--out", "site", "--today", "2026-12-06",
             "--base-url", f"https://team-{k}.example/"],
            cwd=team, check=True, capture_output=True,
        )
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=BASE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    portal = f"{BASE}/portal"
    os.makedirs(f"{portal}/decisions")
    with open(f"{portal}/decisions/0001-one-portal.md", "w") as f:
        f.write("---\ntitle: One portal\nstatus: accepted\ndate: 2026-12-01\nrevisit: 2027-12-01\n"
                "supersedes: [team-0#1]\n---\n\nBody.\n")
    with open(f"{portal}/hindsight.toml", "w") as f:
        f.write('title = "Portal"\nbase_url = "https://portal.example/"\n\n'
                '[[sources]]\npath = "decisions"\npackage = "portal"\n')
        for k in range(a.sites):
            f.write(f'\n[[sources]]\njson = "http://127.0.0.1:{port}/team-{k}/site/decisions.json"\n'
                    f'package = "team-{k}"\n')
    cache = f"{BASE}/cache"
    size = sum(os.path.getsize(f"{BASE}/team-{k}/site/decisions.json") for k in range(a.sites))
    print(f"{a.sites} sites x {a.records} records = {a.sites * a.records} remote records; "
          f"exports {size / 1e6:.1f} MB in all")
    local = f"{BASE}/local"
    os.makedirs(local)
    with open(f"{local}/hindsight.toml", "w") as f:
        f.write('title = "Local"\n')
        for k in range(a.sites):
            f.write(f'\n[[sources]]\npath = "../team-{k}/decisions"\npackage = "team-{k}"\n')
    for label, where, extra in [
        ("fetched", portal, []),
        ("offline (cached)", portal, ["--offline"]),
        ("the same records as local folders", local, []),
    ]:
        walls, rsss = [], []
        for _ in range(a.runs):
            shutil.rmtree(f"{where}/site", ignore_errors=True)
            wall, rss, err = timed(
                [bin_, "build", "--out", "site", "--today", "2026-12-06", "--cache", cache] + extra,
                where,
            )
            walls.append(wall)
            rsss.append(rss)
        built = [l for l in err.splitlines() if l.startswith("Built ")]
        print(f"{label}: median {statistics.median(walls):.2f} s "
              f"(range {min(walls):.2f}-{max(walls):.2f} s, {a.runs} runs), "
              f"peak {max(rsss)} MB; {built[-1] if built else ''}")
    server.shutdown()


if __name__ == "__main__":
    main()
